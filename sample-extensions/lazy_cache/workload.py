"""Lazy-init double creation: all threads make their first call together (behind the barrier); the unit table must
be built exactly once and every conversion must be right."""

CASES = [(1.0, "km", "m", 1000.0), (1.0, "mi", "ft", 5280.0), (12.0, "in", "ft", 1.0), (1.0, "Mm", "km", 1000.0)]


def setup(module):
    return {"wrong": []}


def run(module, state, thread_index, iteration):
    value, frm, to, want = CASES[(thread_index + iteration) % len(CASES)]
    got = module.convert(value, frm, to)
    if abs(got - want) > 1e-9 * abs(want):
        state["wrong"].append((frm, to, got))


def verify(module, state, threads, iterations):
    assert not state["wrong"], "wrong conversions: %r" % state["wrong"][:3]
    n = module.builds()
    assert n == 1, "the unit table was built %d times (expected once)" % n
