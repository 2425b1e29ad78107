"""kg/budget.py: work past its budget is a QueryError; on time, its result or its own error comes back."""
from __future__ import annotations

import os
import time

import pytest

from kg.budget import in_child, on_thread
from kg.errors import InputError, QueryError

RUNNERS = [on_thread, in_child]


@pytest.mark.parametrize("run", RUNNERS)
def test_budget_returns_the_result_in_time(run):
    assert run(5, lambda: ("rows", 3)) == ("rows", 3)


@pytest.mark.parametrize("run", RUNNERS)
def test_budget_raises_the_work_s_own_error(run):
    def fail():
        raise InputError("graph.ttl: no such file")

    with pytest.raises(InputError, match="graph.ttl: no such file"):
        run(5, fail)


@pytest.mark.parametrize("run", RUNNERS)
def test_budget_stops_waiting_past_the_budget(run):
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"the query ran longer than 0\.3 s and was stopped"):
        run(0.3, lambda: time.sleep(60))
    assert time.monotonic() - started < 10


def test_budget_child_is_killed_past_the_budget(tmp_path):
    marker = tmp_path / "pid"

    def work():
        marker.write_text(str(os.getpid()))
        time.sleep(60)

    with pytest.raises(QueryError):
        in_child(1, work)
    pid = int(marker.read_text())
    assert pid != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
