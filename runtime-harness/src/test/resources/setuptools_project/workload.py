def run(module, state, thread_index, iteration):
    module.bump()


def verify(module, state, threads, iterations):
    assert module.value() == threads * iterations, "lost updates: %d of %d" % (module.value(), threads * iterations)
