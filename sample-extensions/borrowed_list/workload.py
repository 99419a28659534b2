"""Borrowed item under a concurrent writer: even threads keep replacing handlers with fresh tuples, odd threads
describe them. Every description must be well-formed; corrupted ones, crashes and hangs are failures."""
import re

WELL_FORMED = re.compile(r"^(default|h\d+_\d+)\(priority=\d+, options=(\(\)|\{'level': \d+\})\)$")


def setup(module):
    return {"bad": []}


def run(module, state, thread_index, iteration):
    slot = iteration % module.SLOTS
    if thread_index % 2 == 0:
        name = "h%d_%d" % (thread_index, iteration)
        module.register_handler(slot, (name, iteration, {"level": iteration}))
    else:
        try:
            text = module.describe(slot)
        except (TypeError, SystemError, UnicodeError) as e:
            state["bad"].append("%s: %s" % (type(e).__name__, e))
            return
        if not WELL_FORMED.match(text):
            state["bad"].append(text[:80])


def verify(module, state, threads, iterations):
    assert not state["bad"], "%d corrupted handler reads, e.g. %r" % (len(state["bad"]), state["bad"][:2])
