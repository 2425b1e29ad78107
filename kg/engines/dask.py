"""A Dask cluster (``pip install kg[dask]``): the same pipeline functions on the cluster's workers.

With no scheduler address a ``LocalCluster`` of worker processes is started for the build. The shared
object of ``map_shared`` (the mapping's corpus-wide indexes) is scattered to every worker once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from kg.errors import InputError

try:
    from distributed import Client, LocalCluster
except ImportError as error:  # pragma: no cover - depends on the optional extra
    raise InputError("--engine dask needs Dask: pip install 'kg[dask]'") from error


class DaskEngine:
    """A Dask client for one build: connects to ``scheduler`` or starts and stops a LocalCluster."""

    def __init__(self, scheduler: str | None = None, *, workers: int = 2, processes: bool = True) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.processes = processes
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None

    def __enter__(self) -> DaskEngine:
        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=self.processes,
                                        host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def map(self, function: Callable, tasks: Iterable) -> Iterator:
        futures = [self.client.submit(function, task, pure=False) for task in tasks]
        for future in futures:
            yield future.result()
            future.release()

    def map_shared(self, function: Callable, shared, tasks: Iterable) -> Iterator:
        scattered = self.client.scatter(shared, broadcast=True)
        futures = [self.client.submit(function, scattered, task, pure=False) for task in tasks]
        for future in futures:
            yield future.result()
            future.release()
