"""The corpus benchmark's capping of rdflib runs: a run past its cap is stopped and reported as more."""
import itertools

from benchmarks.corpus import _best_alternating, _capped, _versus


def _forever() -> None:
    for _ in itertools.count():
        pass


def test_a_run_past_its_cap_is_stopped_and_given_as_the_negative_cap():
    assert _capped(_forever, 0.05) == -0.05


def test_a_run_within_its_cap_gives_its_seconds():
    assert 0 <= _capped(lambda: sum(range(1000)), 5.0) < 5.0


def test_an_rdflib_run_stopped_at_its_cap_ends_the_rounds():
    ours, theirs = _best_alternating(lambda: None, _forever, cap=0.05)
    assert theirs == -0.05 and ours >= 0


def test_a_stopped_run_reads_as_more_than_its_cap():
    assert _versus(-120.0, 0.5) == ["> 120.0", "> 240×"]
    assert _versus(3.0, 0.5) == ["3.00", "6×"]
    assert _versus(None, 0.5) == ["—", "not run"]
