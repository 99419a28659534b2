def run(module, state, thread_index, iteration):
    if thread_index == 1:
        module.hang()
