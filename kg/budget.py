"""A time budget for work that cannot be interrupted: a SPARQL query in Oxigraph.

pyoxigraph has no timeout, and a query runs in Rust until it ends (a cross join of a graph with
itself may run for hours); neither a signal nor another thread can stop it. Two ways to keep it
within a budget:

- ``on_thread``: the query runs on a thread while the caller waits; past the budget the caller gets
  the error and the query goes on until the process ends. For a process that ends on the error
  (``kg query``): it costs nothing.
- ``in_child``: the query runs in a forked child process, which shares the parent's memory (the
  store already loaded) and is killed past the budget. For callers that go on (``kg.query``): it
  costs a fork, and the child's writes to memory it shares with the parent are copied.

Either way the caller only waits, so Ctrl-C still reaches it.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from kg.errors import QueryError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")


def on_thread(seconds: float, work: Callable[[], T], what: str = "the query") -> T:
    """``work()``'s result, computed on a daemon thread; a ``QueryError`` once it has run ``seconds``,
    while the work goes on in the background. An exception raised by ``work`` is raised here."""
    outcome: list[tuple[bool, object]] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append((True, work()))
        except Exception as error:  # every failure goes back to the caller, to be raised there
            outcome.append((False, error))
        done.set()

    threading.Thread(target=run, name="kg-budget", daemon=True).start()
    if not done.wait(seconds):
        raise _past(seconds, what)
    return _result(*outcome[0])


def in_child(seconds: float, work: Callable[[], T], what: str = "the query") -> T:
    """``work()``'s result, computed in a child process that is killed once it has run ``seconds``
    (a ``QueryError``). An exception raised by ``work`` is raised here. The result and exceptions
    travel back pickled, so they must be picklable."""
    import multiprocessing  # here: kg query, which runs on a thread, starts without it (a hundredth of a second)

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_work_in_child, args=(sender, work), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise _past(seconds, what)
        try:
            succeeded, value = receiver.recv()
        except EOFError:
            child.join()
            raise QueryError(f"{what} ended without an answer (its process exited with status {child.exitcode})") from None
    finally:
        child.kill()
        child.join()
        receiver.close()
    return _result(succeeded, value)


def _work_in_child(sender: Connection, work: Callable[[], object]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer: it kills this process
    try:
        outcome = (True, work())
    except Exception as error:  # every failure goes back to the caller, to be raised there
        outcome = (False, error)
    sender.send(outcome)
    sender.close()


def _past(seconds: float, what: str) -> QueryError:
    return QueryError(f"{what} ran longer than {seconds:g} s and was stopped (--timeout SECONDS allows more)")


def _result(succeeded: bool, value):
    if not succeeded:
        raise value
    return value
