"""Run a corpus build's extraction and RDF mapping on a Dask cluster (``pip install kg[dask]``).

Extraction is a pure function of each document, so batches of documents are mapped over the
cluster's workers and the records come back to the client, which resolves actors across the whole
corpus (cheap, and it needs every document). The resolved corpus is then scattered to the workers
once, and each maps one share of it to RDF and returns it as N-Quads: the partitions a store server
can bulk-load (``oxigraph load``, Fuseki's ``tdb2.tdbloader``) and that the client merges into
graph.ttl. With no scheduler address a ``LocalCluster`` of worker processes is started for the build.
"""
from __future__ import annotations

from collections.abc import Iterator

from kg.errors import InputError
from kg.models import Corpus, Document

try:
    from distributed import Client, LocalCluster, as_completed
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

    def __exit__(self, *exc) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def map_batches(self, tasks: list[list[Document]], model, cache, key) -> Iterator[tuple[int, list]]:
        """Yield ``(task index, packed extractions)`` as batches finish on the cluster (any order)."""
        from kg.corpus import extract_batch

        futures = {self.client.submit(extract_batch, task, model, cache, key, pure=False): index
                   for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            yield futures[future], future.result()

    def map_rdf(self, corpus: Corpus, domain, base: str) -> list[tuple[bytes, bytes]]:
        """Map the corpus in shares on the workers. A share comes back as compressed N-Triples, which
        is N-Quads in the default graph, so each is also a partition file to bulk-load, and as its
        compressed Turtle body."""
        from kg.corpus import SHARES, map_share

        shared = self.client.scatter(corpus, broadcast=True)
        futures = [self.client.submit(map_share, shared, base, index, pure=False) for index in range(SHARES)]
        return self.client.gather(futures)
