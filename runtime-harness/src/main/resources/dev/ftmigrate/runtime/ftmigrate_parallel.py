"""ftmigrate's pytest plugin: run every test body in N threads released together by a barrier.

pytest-run-parallel's idea in a few lines, for machines that do not have it: fixtures are set up once,
then the test function runs concurrently in --ft-threads threads; the first failure of any thread is the
test's failure (the message says how many threads failed). Coroutine tests run once, unthreaded.
"""
import functools
import inspect
import threading

import pytest


def pytest_addoption(parser):
    parser.addoption("--ft-threads", type=int, default=1,
                     help="run each test body in this many threads at once (ftmigrate)")


def _threaded(fn, n):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        barrier = threading.Barrier(n)
        errors = []

        def body():
            try:
                barrier.wait()
                fn(*args, **kwargs)
            except BaseException as e:  # noqa: B036 - skips and xfails are BaseExceptions too
                errors.append(e)

        threads = [threading.Thread(target=body, name="ftmigrate-test-%d" % i) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            first = errors[0]
            if len(errors) > 1 and isinstance(first, Exception):
                try:
                    first.add_note("ftmigrate: %d of %d threads failed" % (len(errors), n))
                except AttributeError:  # Python < 3.11
                    pass
            raise first

    return wrapper


def pytest_collection_modifyitems(config, items):
    n = config.getoption("ft_threads")
    if n <= 1:
        return
    for item in items:
        if isinstance(item, pytest.Function) and not inspect.iscoroutinefunction(item.obj):
            item.obj = _threaded(item.obj, n)
