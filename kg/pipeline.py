"""The pipeline, one chain for one article or a million: read → extract → resolve → map → graph.

``build`` is what ``kg build``, ``kg eval``, the tests and the Python API run:

1. **read** (kg.ingest): the files become ``Document`` records, one file at a time;
2. **extract** (``extract_document``, a pure function of one document): batches of documents go to
   the engine's workers as soon as they are read, and each extraction is cached (kg.cache);
3. **resolve** (kg.resolve): each document's extraction is resolved on its own as soon as it and
   every document before it (by id) are in, while the workers go on; then across the corpus;
4. **map** (kg.rdf): the corpus is mapped in disjoint parts (``part_count``) on the engine's workers,
   each part written as N-Triples and Turtle by pyoxigraph (kg.graph.make_part). The graph's store
   is loaded from the parts when first asked for (kg.graph.Graph.store), so a caller that lets the
   corpus go first does not hold both.

The worker functions (``extract_batch``, ``map_part``) live here; an engine (kg.engines) only runs
them. Extraction results are put back in the order of the documents' ids and the parts are fixed,
so the graph is byte-identical whatever the engine, the number of workers, the order the files
were read in or what the cache already held. Writing the files is kg.export.build's.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import kg.rdf as rdf
from kg.cache import ExtractionCache, fingerprint, pack, unpack
from kg.domain import Domain, load_domain
from kg.engines import Options, engine
from kg.graph import Graph, Part, make_part
from kg.ingest import DEFAULT_MAX_BYTES, expand_paths, read_files
from kg.models import Corpus, Document, Extraction
from kg.resolve import Resolution
from kg.vocab import DEFAULT_BASE, PREFIXES, check_base

BATCH = 32
"""Documents per extraction task: large enough to amortise the hand-off, small enough to balance two cores."""

PARTS = 16
"""Parts the mapping is made in, at least; the count depends on the corpus alone (``part_count``), so
the output never depends on the workers."""

ARTICLES_PER_PART = 1000
"""Past ``PARTS`` parts, one more per this many articles: what a worker holds at once stays bounded."""


def part_count(articles: int) -> int:
    return max(PARTS, -(-articles // ARTICLES_PER_PART))


def extract_document(document: Document, domain: Domain, model: str | None = None) -> Extraction:
    """Everything the extractors find in one document: the extraction stage's interface. Each extractor
    is a pure function of the parsed document and the records of the extractors before it."""
    # Imported here: the main process of a parallel build never needs spaCy or eyecite.
    from kg.extract import actors, measures, objections, passages, provisions, stances, statements
    from kg.extract.text import is_english, parse

    if not is_english(document.prose, frozenset(domain.cues("foreign-function-word"))):
        return Extraction(document=document)
    parsed = parse(document, model, frozenset(domain.grammar.set("abbreviation")))
    found_actors = actors.extract(parsed, domain)
    parsed = parsed.with_actors(found_actors)
    found_statements = statements.extract(parsed, domain, found_actors)
    found_measures = measures.extract(parsed, domain)
    lede = measures.main(found_measures, parsed)
    roles = passages.Roles(parsed, found_actors, domain)
    held = passages.quoted(parsed, found_actors, found_statements) + passages.reported(parsed, domain, roles)
    found_acts = passages.acts(parsed, domain, roles, found_measures, lede, found_statements)
    if found_measures:
        found_objections = objections.extract(parsed, domain, held, found_acts, found_measures, lede)
        found_stances = stances.extract(parsed, domain, roles, held, found_acts, found_objections, found_measures, lede)
    else:  # an article that names no measure takes no side on one
        found_objections, found_stances = [], []
    return Extraction(
        document=document,
        actors=tuple(found_actors),
        statements=tuple(found_statements),
        provisions=tuple(provisions.extract(parsed, domain)),
        objections=tuple(found_objections),
        stances=tuple(found_stances),
    )


class Batch(NamedTuple):
    """One extraction task: documents, the spaCy model, and the cache folder and fingerprint, if any."""

    documents: list[Document]
    model: str | None = None
    cache: Path | None = None
    fingerprint: str | None = None


def extract_batch(batch: Batch) -> list[bytes]:
    """Extract a batch (in a worker), each extraction packed once (kg.cache.pack), both to send
    back and to store in the cache when there is one."""
    domain = _domain()
    cache = ExtractionCache(batch.cache, batch.fingerprint) if batch.cache else None
    packed = []
    for document in batch.documents:
        record = pack(extract_document(document, domain, batch.model))
        if cache:
            cache.put(document, record)
        packed.append(record)
    return packed


def map_part(mapping: rdf.Mapping, records: rdf.Records) -> Part:
    """The part of ``records`` (in a worker), as N-Triples and Turtle with kg's prefixes."""
    return make_part(mapping.part(records), PREFIXES)


@functools.cache
def _domain() -> Domain:
    """The domain, loaded once per process (forked workers inherit it)."""
    return load_domain()


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
    """Seconds spent reading (the workers extracting what is read meanwhile), extracting what is left
    (each document resolved on its own included), resolving across documents, and mapping, in that order."""

    def summary(self) -> str:
        facts = ", ".join(f"{count} {kind}" for kind, count in self.facts)
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        phases = ", ".join(f"{name} {seconds:.1f}" for name, seconds in self.phases)
        return (f"{self.articles} article(s) ({self.extracted} extracted, {self.cached} from cache{skipped}); "
                f"{facts}; {self.seconds:.1f} s" + (f" ({phases})" if phases else ""))


@dataclass(frozen=True)
class Built:
    """A built corpus: the resolved records, the graph, and what the build did."""

    corpus: Corpus
    graph: Graph
    stats: Stats


def build(paths: Sequence[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = False,
          **options) -> Built:
    """Build the graph of ``paths`` (files, folders, globs, JSON Lines). Bad files raise when
    ``strict``, otherwise they are skipped and listed in the stats. ``options`` are ``build_documents``'."""
    skipped: list[tuple[str, str]] = []

    def documents() -> Iterator[Document]:
        for path, found, reason in read_files(expand_paths(paths), max_bytes=max_bytes, strict=strict):
            if reason is not None:
                skipped.append((str(path), reason))
            yield from found

    return build_documents(documents(), skipped=skipped, **options)


def build_documents(documents: Iterable[Document], *, jobs: int = 1, cache: Path | None = None,
                    base: str = DEFAULT_BASE, model: str | None = None,
                    progress: Callable[[int, int], None] | None = None, engine_name: str = "local",
                    scheduler: str | None = None, skipped: Sequence[tuple[str, str]] = ()) -> Built:
    """Build the graph of ``documents``, read lazily: extraction starts while they are still coming.

    ``progress`` is called with (documents just finished, total) as cache hits are read and batches
    complete. ``engine_name`` is one of kg.engines.ENGINES, given ``jobs`` or ``scheduler``.
    """
    started = time.perf_counter()
    clock = [("start", started)]
    check_base(base)
    # Loaded first: forked workers inherit it, and made before the records it does not keep the memory
    # they free from the system (65 MB at 10,000 articles).
    _domain()
    cached = ExtractionCache(cache, fingerprint(model)) if cache else None
    with engine(engine_name, Options(jobs, scheduler)) as runner, _uncollected():
        def arriving() -> Iterator[Document]:
            yield from documents
            clock.append(("read", time.perf_counter()))

        resolution = Resolution()
        articles, extracted = _extract(arriving(), runner, cached, model, progress, resolution.add)
        clock.append(("extract", time.perf_counter()))
        corpus = resolution.corpus()
        del resolution
        clock.append(("resolve", time.perf_counter()))
        graph, statements = _map(runner, corpus, base)
        clock.append(("map", time.perf_counter()))
    kinds = Counter({"actors": len(corpus.actors), "statements": statements,
                     "provisions": len(corpus.provisions), "objections": len(corpus.objections),
                     "stances": len(corpus.stances), "triples": len(graph)})
    stats = Stats(articles=articles, extracted=extracted, cached=articles - extracted, skipped=tuple(skipped),
                  facts=tuple(kinds.items()), seconds=time.perf_counter() - started,
                  phases=tuple((name, end - begin) for (_, begin), (name, end) in zip(clock, clock[1:])))
    return Built(corpus, graph, stats)


def _extract(arriving: Iterator[Document], runner, cache: ExtractionCache | None, model: str | None,
             progress: Callable[[int, int], None] | None, take: Callable[[Extraction], None]) -> tuple[int, int]:
    """Give ``take`` each document's extraction in the order of the documents' ids, as soon as it and
    all before it are in: cache hits are read here, misses extracted by the engine in batches as the
    documents arrive. Returns how many documents were read, and how many extracted."""
    read: list[Document] = []
    order: list[int] = []
    found: dict[int, Extraction] = {}
    batches: list[list[int]] = []
    folder, key = (cache.folder, cache.fingerprint) if cache else (None, None)

    def tasks() -> Iterator[Batch]:
        """The documents the cache lacks, in batches, each handed to the engine once it is full: the
        workers start on the first while the rest are read and looked up. Once all are read, ``order``
        is their reading numbers in the order of their ids."""
        missing: list[int] = []
        for document in arriving:
            number = len(read)
            read.append(document)
            hit = cache.get(document) if cache else None
            if hit is not None:
                found[number] = hit
                continue
            missing.append(number)
            if len(missing) == BATCH:
                batches.append(missing)
                yield Batch([read[n] for n in missing], model, folder, key)
                missing = []
        if missing:
            batches.append(missing)
            yield Batch([read[n] for n in missing], model, folder, key)
        order.extend(sorted(range(len(read)), key=lambda n: read[n].id))
        if progress:
            progress(len(found), len(read))

    taken = 0
    for index, records in enumerate(runner.map(extract_batch, tasks())):
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


def _map(runner, corpus: Corpus, base: str) -> tuple[Graph, int]:
    """The corpus' graph, its parts made by the engine's workers, which share the mapping's indexes and
    each receive their part's records (inheriting the whole corpus instead, a worker would come to copy
    most of its memory); and how many statement nodes it has (one however many articles report it)."""
    mapping, records = rdf.prepare(corpus, _domain().triples, base, part_count(len(corpus.documents)))
    parts = list(runner.map_shared(map_part, mapping, records))
    return Graph(parts, PREFIXES), sum(len(part.statements) for part in records)


@contextlib.contextmanager
def _uncollected():
    """Keep the cyclic garbage collector off while the build makes millions of records: it would
    traverse them again and again (a third of resolution's time at 10,000 articles). They hold no
    reference cycles, so nothing is kept alive longer; the collector is back on afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def predict_rows(path: Path) -> dict[str, list[dict]]:
    """The preset rows for one article, as the evaluation reads them: ``build`` of that one file."""
    from kg.query import PRESETS, run_preset

    store = build([path], strict=True).graph.store
    out = {}
    for name in PRESETS:
        result = run_preset(store, name)
        out[name] = [dict(zip(result.columns, row)) for row in result.rows]
    return out
