"""Worker processes on this machine; with ``jobs=1`` everything runs in the calling process."""
from __future__ import annotations

import functools
import gc
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from kg.errors import InputError


class LocalEngine:
    """``jobs`` worker processes, forked where the platform allows.

    Each ``map`` starts its own pool and ends it after the last result, so the workers of
    ``map_shared`` are forked with the shared object already built and inherit it instead of
    receiving it; their tasks are sent to them.
    """

    def __init__(self, jobs: int = 1) -> None:
        if jobs < 1:
            raise InputError(f"--jobs must be at least 1, not {jobs}")
        self.jobs = jobs
        self.context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def map(self, function: Callable, tasks: Iterable) -> Iterator:
        if self.jobs == 1:
            yield from map(function, tasks)
            return
        with ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_start) as pool:
            try:
                futures = [pool.submit(function, task) for task in tasks]
                for future in futures:
                    yield future.result()
            finally:
                pool.shutdown(cancel_futures=True)

    def map_shared(self, function: Callable, shared, tasks: Iterable) -> Iterator:
        if self.jobs == 1:
            yield from (function(shared, task) for task in tasks)
            return
        with ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_start, initargs=(shared,)) as pool:
            yield from pool.map(functools.partial(_call_shared, function), tasks)


_SHARED: list = []
"""In a worker of ``map_shared``: the shared object it inherited when it was forked."""


def _start(shared: object = None) -> None:
    """A worker's start: the shared object kept, and the cyclic garbage collector on (kg.pipeline turns
    it off while it builds records) but blind to what the worker inherited, which it would otherwise
    traverse again at every collection (a third of the mapping's time)."""
    _SHARED[:] = [shared]
    gc.freeze()
    gc.enable()


def _call_shared(function: Callable, task):
    return function(_SHARED[0], task)
