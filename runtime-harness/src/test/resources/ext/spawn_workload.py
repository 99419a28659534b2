"""Leaves processes behind: a child, and a daemon (double fork + setsid) that escapes the process group.
Their pids go to the file named by the FTM_PIDS line below (rewritten by the test)."""
import os
import subprocess
import time

PIDS = "FTM_PIDS"


def setup(module):
    pids = [subprocess.Popen(["sleep", "600"]).pid]
    r, w = os.pipe()
    if os.fork() == 0:
        os.setsid()
        pid = os.fork()
        if pid == 0:
            time.sleep(600)
            os._exit(0)
        os.write(w, str(pid).encode())
        os._exit(0)
    os.close(w)
    pids.append(int(os.read(r, 32)))
    with open(PIDS, "w") as f:
        f.write(" ".join(map(str, pids)))


def run(module, state, thread_index, iteration):
    time.sleep(0.01)
