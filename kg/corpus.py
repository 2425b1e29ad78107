"""Corpus builds: thousands of articles, extracted in parallel and cached, resolved across documents,
mapped to RDF with pyoxigraph.

Extraction is a pure function of one document (kg/pipeline.py), so it is mapped over batches of
documents by worker processes (``jobs``) or a Dask cluster (kg/engines/dask.py) and the results are
put back in document order: the graph is the same whatever the engine, the number of workers or what
the cache already held. Each document is resolved on its own as its extraction comes in (while the
workers go on extracting), then across the whole corpus; the RDF mapping is made in ``SHARES``
disjoint shares of N-Triples (kg.rdf.Mapping) by the same workers.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import glob
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import zstandard
from rdflib import RDF

from kg import rdf
from kg.cache import ExtractionCache, fingerprint, pack, unpack
from kg.domain import Domain, load_domain
from kg.errors import InputError
from kg.export.turtle import turtle_body, write_bodies, write_shares
from kg.ingest import DEFAULT_MAX_BYTES, read_files
from kg.models import Corpus, Document, Extraction
from kg.resolve import Resolution
from kg.vocab import DEFAULT_BASE, KG, check_base

BATCH = 32
"""Documents per task: large enough to amortise the hand-off, small enough to balance two cores."""

SHARES = 16
"""Disjoint shares the RDF mapping is split into; fixed, so the output never depends on the workers."""

PREFIXES = {prefix: str(namespace) for prefix, namespace in rdf.PREFIXES.items()}
"""The prefixes a corpus build's Turtle is written with: kg.rdf's."""

_GLOB = frozenset("*?[")
_RDF_TYPE = ox.NamedNode(str(RDF.type))


@dataclass(frozen=True)
class Stats:
    """What a build did, for the summary line and for tests (``extracted`` counts real extractions)."""

    articles: int
    extracted: int
    cached: int
    skipped: tuple[tuple[str, str], ...]
    facts: tuple[tuple[str, int], ...]
    seconds: float
    phases: tuple[tuple[str, float], ...] = ()
    """Seconds spent reading (the engine's workers extracting what is read meanwhile), extracting
    what is left (each document resolved on its own included), resolving across documents and
    mapping, in that order."""

    def summary(self) -> str:
        facts = ", ".join(f"{count} {kind}" for kind, count in self.facts)
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (f"{self.articles} article(s) ({self.extracted} extracted, {self.cached} from cache{skipped}); "
                f"{facts}; {self.seconds:.1f} s")


class Shares(Sequence[bytes]):
    """A graph's N-Triples shares, kept compressed (``compress``: at 10,000 articles the N-Triples
    alone are about 500 MB, compressed 33 MB with the Turtle) and decompressed one at a time as they
    are read."""

    def __init__(self, packed: tuple[bytes, ...]) -> None:
        self.packed = packed

    def __len__(self) -> int:
        return len(self.packed)

    def __getitem__(self, index: int) -> bytes:
        return zstandard.decompress(self.packed[index])

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None


@dataclass(frozen=True)
class Built:
    """A built corpus: the resolved records, the graph as N-Triples shares and in a store, and the stats."""

    corpus: Corpus
    shares: Shares = field(repr=False)
    """Disjoint shares of the graph, each sorted N-Triples (kg.rdf.Mapping), in share order."""
    turtle: Shares = field(repr=False)
    """The same shares as Turtle bodies with ``PREFIXES`` (kg.export.turtle.turtle_body), made by the
    mapping workers too, so writing graph.ttl is a concatenation."""
    store: ox.Store = field(repr=False)
    """The graph in an in-memory pyoxigraph store (default graph), loaded as the shares arrived. Loaded
    leniently (a third faster: IRIs are not checked again) since kg wrote the N-Triples itself; they
    are parsed strictly when written as Turtle."""
    stats: Stats
    partitioned: bool = False
    """Whether the engine made the shares as partitions to bulk-load (Dask): written as ``parts/``."""

    @property
    def triple_count(self) -> int:
        return dict(self.stats.facts)["triples"]

    def write_turtle(self, prefixes: Mapping[str, str], path: Path) -> None:
        """Write the graph as Turtle: the workers' bodies when ``prefixes`` are theirs, else from the shares."""
        if dict(prefixes) == PREFIXES:
            write_bodies(self.turtle, prefixes, path)
        else:
            write_shares(self.shares, prefixes, path)

    def triples(self) -> list[ox.Triple]:
        """The graph as pyoxigraph triples (for tests and small graphs: millions of objects otherwise)."""
        return [quad.triple for share in self.shares for quad in ox.parse(share, format=ox.RdfFormat.N_TRIPLES)]


def expand_paths(arguments: Iterable[str | Path]) -> list[Path]:
    """Arguments as paths; one that does not exist and contains ``*``, ``?`` or ``[`` is a glob
    (``**`` reaches into subfolders), expanded in sorted order. A glob matching nothing is an error."""
    found: list[Path] = []
    for argument in map(str, arguments):
        if os.path.lexists(argument) or not _GLOB & set(argument):
            found.append(Path(argument))
            continue
        matches = sorted(glob.glob(argument, recursive=True))
        if not matches:
            raise InputError(f"{argument}: no file or folder matches this pattern")
        found.extend(map(Path, matches))
    return found


def build(paths: Sequence[str | Path], *, jobs: int = 1, cache: Path | None = None, strict: bool = False,
          base: str = DEFAULT_BASE, model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
          progress: Callable[[int, int], None] | None = None, engine: str = "local",
          scheduler: str | None = None) -> Built:
    """Read, extract, resolve and map ``paths`` (files, folders, globs, JSON Lines).

    Bad files raise when ``strict``, otherwise they are skipped and listed in the stats. ``progress``
    is called with (documents just finished, total) as cache hits are read and batches complete.
    """
    started = time.perf_counter()
    clock = [("start", started)]
    check_base(base)
    if engine == "dask":
        from kg.engines.dask import DaskEngine

        runner = DaskEngine(scheduler)
    elif engine == "local":
        runner = LocalEngine(jobs)
    else:
        raise InputError(f"unknown engine {engine!r}; choose from: local, dask")
    with runner, _uncollected():
        skipped: list[tuple[str, str]] = []

        def arriving() -> Iterator[Document]:
            for path, found, reason in read_files(expand_paths(paths), max_bytes=max_bytes, strict=strict):
                if reason is not None:
                    skipped.append((str(path), reason))
                yield from found
            clock.append(("read", time.perf_counter()))

        domain = load_domain()
        store = ExtractionCache(cache, fingerprint(model)) if cache else None
        resolution = Resolution()
        articles, extracted = _extract(arriving(), runner, store, model, progress, resolution.add)
        clock.append(("extract", time.perf_counter()))
        corpus = resolution.corpus()
        del resolution
        clock.append(("resolve", time.perf_counter()))
        store = ox.Store()
        packed, bodies, triples = [], [], 0
        for share, body in runner.map_rdf(corpus, domain, base):
            packed.append(share)
            bodies.append(body)
            share = zstandard.decompress(share)
            store.load(share, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            triples += share.count(b"\n")
        clock.append(("map", time.perf_counter()))
    kinds = Counter({"actors": len(corpus.actors), "statements": _count(store, KG.Statement),
                     "provisions": len(corpus.provisions), "objections": len(corpus.objections),
                     "stances": len(corpus.stances), "triples": triples})
    stats = Stats(articles=articles, extracted=extracted, cached=articles - extracted,
                  skipped=tuple(skipped), facts=tuple(kinds.items()), seconds=time.perf_counter() - started,
                  phases=tuple((name, end - begin) for (_, begin), (name, end) in zip(clock, clock[1:])))
    return Built(corpus, Shares(tuple(packed)), Shares(tuple(bodies)), store, stats, partitioned=engine == "dask")


def _count(store: ox.Store, kind: str) -> int:
    """Nodes of a class in the store: statements are counted once however many articles report them."""
    return sum(1 for _ in store.quads_for_pattern(None, _RDF_TYPE, ox.NamedNode(kind), ox.DefaultGraph()))


def _extract(arriving: Iterator[Document], runner, store: ExtractionCache | None, model: str | None,
             progress: Callable[[int, int], None] | None, take: Callable[[Extraction], None]) -> tuple[int, int]:
    """Give ``take`` each document's extraction in the order of the documents' ids, as soon as it and
    all before it are in: cache hits are read here, misses extracted by the engine in batches as the
    documents arrive from the files. Returns how many documents were read, and how many extracted."""
    read: list[Document] = []
    order: list[int] = []
    found: dict[int, Extraction] = {}
    batches: list[list[int]] = []

    def tasks() -> Iterator[list[Document]]:
        """The documents the cache lacks, in batches, each handed to the engine once it is full: the
        workers start on the first while the rest are read and looked up. Once all are read, ``order``
        is their reading numbers in the order of their ids."""
        missing: list[int] = []
        for document in arriving:
            number = len(read)
            read.append(document)
            hit = store.get(document) if store else None
            if hit is not None:
                found[number] = hit
                continue
            missing.append(number)
            if len(missing) == BATCH:
                batches.append(missing)
                yield [read[n] for n in missing]
                missing = []
        if missing:
            batches.append(missing)
            yield [read[n] for n in missing]
        order.extend(sorted(range(len(read)), key=lambda n: read[n].id))
        if progress:
            progress(len(found), len(read))

    folder, key = (store.folder, store.fingerprint) if store else (None, None)
    taken = 0
    for index, records in runner.map_batches(tasks(), model, folder, key):
        batch = batches[index]
        for number, packed in zip(batch, records):
            found[number] = unpack(read[number], packed)
        taken = _take_ready(found, order, taken, take)
        if progress:
            progress(len(batch), len(read))
    _take_ready(found, order, taken, take)
    return len(read), sum(map(len, batches))


def _take_ready(found: dict[int, Extraction], order: list[int], taken: int, take: Callable[[Extraction], None]) -> int:
    """Give ``take`` the extractions in ``order`` from position ``taken`` on that are in ``found``, up to
    the first one missing (each given is dropped from ``found``); returns the position of the next one.
    Nothing is given until ``order`` is known, that is until every document is read."""
    while taken < len(order) and order[taken] in found:
        take(found.pop(order[taken]))
        taken += 1
    return taken


def extract_batch(documents: list[Document], model: str | None, cache: Path | None, key: str | None) -> list[bytes]:
    """Extract a batch in a worker (process or Dask), each extraction packed once (``kg.cache.pack``)
    both to send back and to store in the cache when given."""
    # Imported here, not above: a parallel build's main process never needs spaCy.
    from kg.pipeline import extract_document

    domain = _domain()
    store = ExtractionCache(cache, key) if cache else None
    results = []
    for document in documents:
        packed = pack(extract_document(document, domain, model))
        if store:
            store.put(document, packed)
        results.append(packed)
    return results


def compress(data: bytes) -> bytes:
    """``data`` as a Zstandard frame at level 1: at 10,000 articles a third smaller than zlib's
    fastest level, and five times as fast to make (``benchmarks/corpus.py`` has the figures)."""
    return zstandard.compress(data, 1)


def map_share(corpus: Corpus, base: str, index: int) -> tuple[bytes, bytes]:
    """Share ``index`` of the RDF mapping, packed (``_pack``: what a Dask worker sends back)."""
    return _pack(rdf.Mapping(corpus, _domain().graph, base, SHARES), index)


def _pack(mapping: rdf.Mapping, index: int) -> tuple[bytes, bytes]:
    """Share ``index`` as N-Triples and as a Turtle body, each compressed (``compress``: a fraction
    of the memory, and of what a worker sends back).

    Only share 0 is parsed strictly on its way to Turtle: it holds the ontology and domain data, the
    only IRIs kg does not mint. Every other IRI is a vocabulary term, one of those, or the checked base
    followed by percent-encoded parts (``kg.vocab.check_base``), so checking it again costs 2 s of
    CPU at 10,000 articles and finds nothing."""
    share = mapping.share(index)
    return compress(share), compress(turtle_body(share, PREFIXES, lenient=index > 0))


_HELD: list[rdf.Mapping] = []
"""In a mapping worker: the Mapping it inherited when it was forked (``_hold``)."""


def _hold(mapping: rdf.Mapping) -> None:
    _HELD[:] = [mapping]


def _held_share(index: int) -> tuple[bytes, bytes]:
    return _pack(_HELD[0], index)


@contextlib.contextmanager
def _uncollected():
    """Keep the cyclic garbage collector off while the build makes millions of records: it would
    traverse them again and again (a third of resolution's time at 10,000 articles, and twice the
    main process's work while extraction results arrive). They hold no reference cycles, so nothing
    is kept alive longer; the collector is back on afterwards, and in the extraction workers."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _start_extracting() -> None:
    """An extraction worker's start: the collector back on (``_uncollected``), the extractors imported
    and the domain loaded."""
    gc.enable()
    import kg.pipeline  # noqa: F401

    _domain()


@functools.cache
def _domain() -> Domain:
    """The domain, loaded once per process (each worker has its own; forked ones inherit it)."""
    return load_domain()


class LocalEngine:
    """Worker processes on this machine; with ``jobs=1`` everything runs in the calling process.

    Workers are forked where the platform allows. The extraction workers are forked on entering, before
    the articles are read, and import the extractors (spaCy, eyecite: about a second) and load the
    domain while the main process reads; the mapping workers are forked once the corpus is resolved.
    """

    def __init__(self, jobs: int = 1) -> None:
        if jobs < 1:
            raise InputError(f"--jobs must be at least 1, not {jobs}")
        self.jobs = jobs
        self.context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        if self.jobs > 1:
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_start_extracting)
            self.pool.submit(int)  # the first task starts the workers
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def map_batches(self, tasks: list[list[Document]], model, cache, key) -> Iterator[tuple[int, list[bytes]]]:
        """Yield ``(task index, records)`` for each task, in task order; the extraction workers end
        after the last."""
        if self.pool is None:
            for index, task in enumerate(tasks):
                yield index, extract_batch(task, model, cache, key)
            return
        try:
            futures = [self.pool.submit(extract_batch, task, model, cache, key) for task in tasks]
            for index, future in enumerate(futures):
                yield index, future.result()
        finally:
            self._close()

    def map_rdf(self, corpus: Corpus, domain: Domain, base: str) -> Iterator[tuple[bytes, bytes]]:
        """The mapping's shares, packed (``_pack``), in order, each as soon as it is made (the caller loads
        it into a store while the workers make the next). Workers are forked once the corpus-wide indexes
        are built, so each inherits them instead of receiving the corpus, and sends back only bytes."""
        mapping = rdf.Mapping(corpus, domain.graph, base, SHARES)
        if self.jobs == 1:
            yield from (_pack(mapping, index) for index in range(SHARES))
            return
        with ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_hold, initargs=(mapping,)) as pool:
            yield from pool.map(_held_share, range(SHARES))


def write_partitions(partitions: Sequence[bytes], folder: Path) -> list[Path]:
    """Write N-Quads partitions as ``folder/part-00000.nq``, ... for bulk loading into a store server."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, partition in enumerate(partitions):
        path = folder / f"part-{number:05d}.nq"
        path.write_bytes(partition)
        written.append(path)
    return written
