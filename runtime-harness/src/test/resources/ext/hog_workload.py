"""Allocates (and touches) 1.5 GB in setup: over a 256 MB --memory limit."""
import time


def setup(module):
    global blocks
    blocks = []
    for _ in range(24):
        blocks.append(bytearray(64 << 20))
        time.sleep(0.02)


def run(module, state, thread_index, iteration):
    pass
