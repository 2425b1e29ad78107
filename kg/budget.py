"""A time budget for work that cannot be interrupted: a SPARQL query in Oxigraph.

pyoxigraph has no timeout, and a query runs in Rust until it ends (a cross join of a graph with
itself may run for hours); neither a signal nor another thread can stop it. So the work runs in a
forked child process, which shares the parent's memory (the store already loaded) without copying
it and is killed when the budget is spent. The parent only waits, so Ctrl-C still reaches it.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from kg.errors import QueryError

T = TypeVar("T")


def within(seconds: float, work: Callable[[], T], what: str = "the query") -> T:
    """``work()``'s result, computed in a child process; a ``QueryError`` once it has run ``seconds``.

    An exception raised by ``work`` is raised here. The result and exceptions travel back pickled,
    so they must be picklable (a formatted text is cheapest to send)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_work_in_child, args=(sender, work), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise QueryError(f"{what} ran longer than {seconds:g} s and was stopped (--timeout SECONDS allows more)")
        try:
            succeeded, value = receiver.recv()
        except EOFError:
            child.join()
            raise QueryError(f"{what} ended without an answer (its process exited with status {child.exitcode})") from None
    finally:
        child.kill()
        child.join()
        receiver.close()
    if not succeeded:
        raise value
    return value


def _work_in_child(sender: Connection, work: Callable[[], object]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer: it kills this process
    try:
        outcome = (True, work())
    except Exception as error:  # every failure goes back to the caller, to be raised there
        outcome = (False, error)
    sender.send(outcome)
    sender.close()
