"""The sample's own test suite, as a maintainer would write it: correct when run alone.

`ftmigrate check` also runs every test body in N threads at once; then test_hits_match_total fails on the racy
build (hits++ and total += 1 lose different updates) and passes on the fixed one (both under one lock).
"""
import racy_counter

CALLS = 200_000


def test_record_returns_running_total():
    before = racy_counter.stats()[1]
    assert racy_counter.record(1) >= before + 1


def test_hits_match_total():
    for _ in range(CALLS):
        racy_counter.record(1)
    hits, total = racy_counter.stats()
    assert hits == total, "hits=%d total=%d: an update was lost" % (hits, total)


def test_record_rejects_two_arguments():
    try:
        racy_counter.record(1, 2)
    except TypeError:
        return
    raise AssertionError("record(1, 2) did not raise")
