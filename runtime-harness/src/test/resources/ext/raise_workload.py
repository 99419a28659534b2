def run(module, state, thread_index, iteration):
    if iteration == 2:
        raise ValueError("boom in thread %d" % thread_index)
