"""Lost updates: every thread records 1 per iteration; afterwards hits and total must both be threads*iterations."""


def setup(module):
    module.reset()
    return None


def run(module, state, thread_index, iteration):
    module.record(1)


def verify(module, state, threads, iterations):
    hits, total = module.stats()
    expected = threads * iterations
    assert hits == expected and total == expected, (
        "lost updates: hits=%d total=%d, expected %d (%d lost)" % (hits, total, expected, expected - min(hits, total)))
