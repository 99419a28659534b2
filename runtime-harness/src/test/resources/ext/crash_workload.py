def run(module, state, thread_index, iteration):
    if thread_index == 0 and iteration == 3:
        module.segv()
    module.ok()
