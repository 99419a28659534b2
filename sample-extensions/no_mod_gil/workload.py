"""Every thread checksums the same buffers; all results must match the single-threaded reference and the GIL must
stay disabled (the import check fails first on the hazardous module: it re-enables the GIL)."""
import sys

DATA = [bytes(range(256)) * k for k in (1, 3, 17)]


def setup(module):
    return {"ref": [(module.adler32(d), module.fletcher16(d)) for d in DATA], "bad": []}


def run(module, state, thread_index, iteration):
    d = DATA[(thread_index + iteration) % len(DATA)]
    got = (module.adler32(d), module.fletcher16(d))
    if got != state["ref"][(thread_index + iteration) % len(DATA)]:
        state["bad"].append(got)


def verify(module, state, threads, iterations):
    assert not state["bad"], "%d checksums differed from the reference" % len(state["bad"])
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    assert not gil or not hasattr(sys, "_is_gil_enabled"), "the GIL is enabled"
