"""ftmigrate stress driver: runs inside the interpreter under test, one process per repetition.

Modes:
  import  import the module (run with -W error) and report whether the GIL stayed disabled
  stress  setup -> N threads behind a barrier, each calling run() for every iteration -> verify
  bench   throughput of the workload at each thread count (no verify)

The outcome is written as JSON to --result (never to stdout, which the workload may use).
Exit codes: 0 pass, 3 invariant failure, 4 exception, 5 GIL re-enabled, 6 import error.
"""
import argparse
import faulthandler
import importlib
import importlib.util
import json
import os
import sys
import sysconfig
import threading
import time
import traceback
import warnings

EXIT = {"pass": 0, "invariant_failure": 3, "exception": 4, "gil_reenabled": 5, "import_error": 6}


def write_result(path, result):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f)
    os.replace(tmp, path)


def finish(args, result):
    result.setdefault("seconds", round(time.perf_counter() - START, 4))
    write_result(args.result, result)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT.get(result["status"], 4))


def gil_enabled():
    f = getattr(sys, "_is_gil_enabled", None)
    return True if f is None else f()


def import_modules(args):
    """Imports every module named in --module (comma-separated) in order; the GIL must stay off after each."""
    sys.path.insert(0, args.path)
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    modules = []
    for name in args.module.split(","):
        caught = []
        try:
            if args.mode == "import":
                module = importlib.import_module(name)  # -W error turns the GIL warning into an exception
            else:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    module = importlib.import_module(name)
        except RuntimeWarning as e:
            if "GIL" in str(e):
                finish(args, {"status": "gil_reenabled", "module": name, "message": str(e)})
            finish(args, {"status": "import_error", "module": name, "message": "%s: %s" % (type(e).__name__, e),
                          "traceback": traceback.format_exc()})
        except BaseException as e:  # noqa: B036 - report everything, including SystemExit
            finish(args, {"status": "import_error", "module": name, "message": "%s: %s" % (type(e).__name__, e),
                          "traceback": traceback.format_exc()})
        # Checked after each import, so the report names the module that turned the GIL back on.
        if free_threaded and gil_enabled():
            msg = "; ".join(str(w.message) for w in caught if "GIL" in str(w.message))
            finish(args, {"status": "gil_reenabled", "module": name,
                          "message": msg or "the GIL is enabled after importing %s" % name})
        modules.append(module)
    return modules


class Smoke:
    """Default workload: call the module's public functions that accept no argument or one argument."""

    PROBES = [(), (0,), (1,), ("x",), (b"x",), ([1, 2, 3],), ((1, 2),), ({"a": 1},), (1.5,), (None,)]

    modules = []  # every imported module when --module names several; set by main()

    @staticmethod
    def setup(module):
        calls = []
        for m in Smoke.modules or [module]:
            calls.extend(Smoke.probe(m))
        if not calls:
            raise AssertionError("smoke workload: no public function callable with zero or one argument")
        return calls

    @staticmethod
    def probe(module):
        calls = []
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            f = getattr(module, name)
            if not callable(f) or isinstance(f, type):
                continue
            for probe in Smoke.PROBES:
                try:
                    f(*probe)
                except TypeError:
                    continue
                except Exception:  # accepted the arity but not the value: keep looking
                    continue
                calls.append((name, f, probe))
                break
        return calls

    @staticmethod
    def run(module, state, thread_index, iteration):
        name, f, probe = state[(thread_index + iteration) % len(state)]
        f(*probe)


def load_workload(path):
    if not path:
        return Smoke
    spec = importlib.util.spec_from_file_location("ftmigrate_workload", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    if not hasattr(mod, "run"):
        raise AttributeError("workload %s defines no run(module, state, thread_index, iteration)" % path)
    return mod


def run_threads(workload, module, state, threads, iterations, errors):
    barrier = threading.Barrier(threads + 1)

    def worker(ti):
        it = -1
        try:
            barrier.wait()
            for it in range(iterations):
                workload.run(module, state, ti, it)
        except BaseException as e:  # noqa: B036
            errors.append({"thread": ti, "iteration": it, "type": type(e).__name__, "message": str(e),
                           "traceback": traceback.format_exc()})

    ts = [threading.Thread(target=worker, args=(i,), name="ftmigrate-%d" % i) for i in range(threads)]
    for t in ts:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    return time.perf_counter() - t0


def stress(args, module, workload):
    try:
        state = workload.setup(module) if hasattr(workload, "setup") else None
    except BaseException as e:  # noqa: B036
        finish(args, {"status": "exception", "phase": "setup", "message": "%s: %s" % (type(e).__name__, e),
                      "traceback": traceback.format_exc()})
    errors = []
    elapsed = run_threads(workload, module, state, args.threads, args.iterations, errors)
    if errors:
        first = errors[0]
        finish(args, {"status": "exception", "phase": "run", "threadsFailed": len({e["thread"] for e in errors}),
                      "message": "thread %d, iteration %d: %s: %s" % (first["thread"], first["iteration"],
                                                                     first["type"], first["message"]),
                      "traceback": first["traceback"], "runSeconds": round(elapsed, 4)})
    if hasattr(workload, "verify"):
        try:
            workload.verify(module, state, args.threads, args.iterations)
        except AssertionError as e:
            finish(args, {"status": "invariant_failure", "message": str(e) or "AssertionError",
                          "traceback": traceback.format_exc(), "runSeconds": round(elapsed, 4)})
        except BaseException as e:  # noqa: B036
            finish(args, {"status": "exception", "phase": "verify", "message": "%s: %s" % (type(e).__name__, e),
                          "traceback": traceback.format_exc(), "runSeconds": round(elapsed, 4)})
    finish(args, {"status": "pass", "runSeconds": round(elapsed, 4)})


def bench(args, module, workload):
    rows = []
    for n in args.bench_threads:
        best = None
        for _ in range(args.bench_rounds):
            state = workload.setup(module) if hasattr(workload, "setup") else None
            errors = []
            elapsed = run_threads(workload, module, state, n, args.iterations, errors)
            if errors:
                finish(args, {"status": "exception", "phase": "run", "message": errors[0]["message"],
                              "traceback": errors[0]["traceback"]})
            best = elapsed if best is None else min(best, elapsed)
        rows.append({"threads": n, "seconds": round(best, 6), "callsPerSecond": round(n * args.iterations / best, 1)})
    finish(args, {"status": "pass", "bench": rows})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["import", "stress", "bench"], required=True)
    p.add_argument("--path", required=True)
    p.add_argument("--module", required=True)
    p.add_argument("--workload")
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--iterations", type=int, default=1000)
    p.add_argument("--bench-threads", type=lambda s: [int(x) for x in s.split(",")], default=[1])
    p.add_argument("--bench-rounds", type=int, default=3)
    p.add_argument("--hang-dump", type=float, default=0)
    p.add_argument("--result", required=True)
    args = p.parse_args()
    if args.hang_dump > 0:
        faulthandler.dump_traceback_later(args.hang_dump, exit=False)
    modules = import_modules(args)
    module = modules[0]  # a workload's run(module, ...) gets the first; the smoke workload probes them all
    Smoke.modules = modules
    if args.mode == "import":
        finish(args, {"status": "pass", "gilEnabled": gil_enabled(), "file": getattr(module, "__file__", None)})
    try:
        workload = load_workload(args.workload)
    except BaseException as e:  # noqa: B036
        finish(args, {"status": "exception", "phase": "load", "message": "%s: %s" % (type(e).__name__, e),
                      "traceback": traceback.format_exc()})
    if args.mode == "bench":
        bench(args, module, workload)
    stress(args, module, workload)


START = time.perf_counter()
if sysconfig.get_config_var("Py_GIL_DISABLED"):
    # On a fatal signal, walking the other threads' frames while they run can fault inside the handler
    # (CPython gh-128400) and cut the dump before the crashing thread; 3.14t dumps only the current
    # thread for this reason. Do the same so the crashing thread's traceback always comes out.
    faulthandler.enable(all_threads=False)
if __name__ == "__main__":
    main()
