"""Where the pipeline's per-document and per-part work runs: one interface, one registry.

An engine maps a pipeline function over tasks and hands back the results in task order. It knows
nothing of what the functions do (they live in kg.pipeline), so a new engine is a class with
``map`` and ``map_shared`` plus one line in ``ENGINES``; the CLI's ``--engine`` choices read it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from kg.errors import InputError

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")


class Engine(Protocol):
    """Runs pipeline functions; used as a context manager around one build."""

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """``function`` of each task, in task order. Tasks are taken as they come (the files are
        still being read), and the results start coming back before the last task is taken."""
        ...

    def map_shared(self, function: Callable[[S, T], R], shared: S, tasks: Iterable[T]) -> Iterator[R]:
        """``function(shared, task)`` for each task, in task order, ``shared`` being sent to each worker
        once (or inherited) rather than with every task."""
        ...


@dataclass(frozen=True)
class Options:
    """What an engine may be told: worker processes here, or a Dask scheduler's address."""

    jobs: int = 1
    scheduler: str | None = None


def _local(options: Options) -> Engine:
    from kg.engines.local import LocalEngine

    return LocalEngine(options.jobs)


def _dask(options: Options) -> Engine:
    from kg.engines.dask import DaskEngine

    return DaskEngine(options.scheduler)


ENGINES: dict[str, Callable[[Options], Engine]] = {"local": _local, "dask": _dask}
"""The engines by name; each is imported only when chosen (Dask is an optional extra)."""


def engine(name: str, options: Options = Options()) -> Engine:
    """The engine called ``name``; an unknown name fails with the list of valid ones."""
    if name not in ENGINES:
        raise InputError(f"unknown engine {name!r}; choose from: {', '.join(ENGINES)}")
    return ENGINES[name](options)
