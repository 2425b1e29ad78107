"""A built graph as the exporters, the validator and the queries read it: its parts and its store.

The graph has two forms between the mapping and the files, and only two:

- its **parts**: each a run of triples, every subject's together, as N-Triples and as a Turtle body
  (both written by pyoxigraph from the mapping's terms, ``make_part``). The files are written from
  them: Turtle is a prefix header and the bodies, N-Triples the parts one after the other, and the
  named-graph formats and the on-disk store read their lines.
- its **store**: the same triples in an in-memory Oxigraph store, which the validator, the HTML view
  and the overview query. It is loaded from the parts when first asked for: at 10,000 articles it
  takes 900 MB, which a build holds only once the records it was mapped from are gone.

Each part is kept compressed: at 10,000 articles the parts are 780 MB of text and 35 MB compressed,
in well under a second. A graph read from a file (``read_graph``) is one part.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import zstandard

from kg.errors import InputError
from kg.graph_file import rdf_format, unreadable
from kg.vocab import DEFAULT_BASE, PREFIXES

STORE = "graph.oxigraph"
"""The folder of the on-disk Oxigraph store ``kg build`` leaves beside its files."""
LOAD_SLICE = 8 << 20
"""Bytes of N-Triples given to a store's loader at a time: Oxigraph's loaders hold several times
their input (a 49 MB part of 10,000 articles took the on-disk bulk loader 270 MB, in slices 66 MB)."""


@dataclass(frozen=True)
class Part:
    """A run of triples, compressed, as N-Triples and as a Turtle body (no ``@prefix`` lines)."""

    packed_ntriples: bytes = field(repr=False)
    packed_turtle: bytes = field(repr=False)
    triples: int

    @property
    def ntriples(self) -> bytes:
        return zstandard.decompress(self.packed_ntriples)

    @property
    def turtle(self) -> bytes:
        return zstandard.decompress(self.packed_turtle)


class _NTriples(Sequence[bytes]):
    """Parts' N-Triples, each decompressed when it is read."""

    def __init__(self, parts: Sequence[Part]) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return len(self.parts)

    def __getitem__(self, index):
        return self.parts[index].ntriples


def make_part(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> Part:
    """Write ``triples`` in the order given as a part, its Turtle body abbreviated with ``prefixes``."""
    triples = list(triples)
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
    start = 0
    while body.startswith(b"@prefix ", start):  # pyoxigraph's own header, in its own order
        start = body.index(b"\n", start) + 1
    return Part(zstandard.compress(ntriples, 1), zstandard.compress(body[start:], 1), len(triples))


class Graph:
    """A graph kg built or read: its parts in order, the prefixes their Turtle bodies were written
    with, and its store (made from the parts when first asked for, unless given)."""

    def __init__(self, parts: Sequence[Part], prefixes: Mapping[str, str], store: ox.Store | None = None) -> None:
        self.parts = tuple(parts)
        self.prefixes = dict(prefixes)
        self._store = store
        self._loading = threading.Lock()

    def __repr__(self) -> str:
        return f"Graph({len(self.parts)} part(s), {len(self)} triples)"

    @property
    def store(self) -> ox.Store:
        """The triples in an in-memory store's default graph (``load_part``), loaded once: threads that
        ask while it loads wait for it."""
        with self._loading:
            if self._store is None:
                store = ox.Store()
                for part in self.parts:
                    load_part(store, part)
                self._store = store
        return self._store

    def __len__(self) -> int:
        return sum(part.triples for part in self.parts)

    def ntriples(self) -> Sequence[bytes]:
        """The parts as N-Triples, each decompressed when it is read."""
        return _NTriples(self.parts)

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple as a pyoxigraph term, part by part (millions of objects for a large graph)."""
        for data in self.ntriples():
            for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True):
                yield quad.triple

    def to_rdflib(self, prefixes: Mapping[str, str] | None = None):
        """The graph as an rdflib ``Graph``, for those who want one, with ``prefixes`` (else its own) bound."""
        import rdflib

        graph = rdflib.Graph(bind_namespaces="none")
        for prefix, namespace in (self.prefixes if prefixes is None else prefixes).items():
            graph.bind(prefix, namespace)
        for data in self.ntriples():
            graph.parse(data=data.decode("utf-8"), format="nt")
        return graph


def load_part(store: ox.Store, part: Part) -> None:
    """Load ``part`` into ``store``, leniently (a third faster): pyoxigraph wrote the N-Triples from
    terms it had checked."""
    for piece in load_slices(part.ntriples):
        store.load(piece, format=ox.RdfFormat.N_TRIPLES, lenient=True)


def load_slices(data: bytes, size: int = LOAD_SLICE) -> Iterator[bytes]:
    """N-Triples ``data`` in slices of whole lines of about ``size`` bytes (``LOAD_SLICE``); in one
    piece if it may hold a blank node, since each load makes a label a new blank node."""
    if b"_:" in data:
        yield data
        return
    start = 0
    while start < len(data):
        end = data.find(b"\n", start + size)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def from_triples(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] | None = None, *,
                 base: str | None = DEFAULT_BASE) -> Graph:
    """A graph of ``triples`` from anywhere, in one part: each triple once, sorted by its N-Triples
    form, so the same set of triples always gives the same bytes. Of ``prefixes`` (kg's by default,
    with ``data`` for ``base``), those some IRI starts with and that abbreviate every IRI they start
    to a plain local name are kept."""
    ordered = sorted(set(triples), key=str)
    chosen = dict(PREFIXES if prefixes is None else prefixes)
    if prefixes is None and base:
        chosen["data"] = base
    kept = readable_prefixes(chosen, ordered)
    return Graph((make_part(ordered, kept),), kept)


def from_rdflib(graph) -> Graph:
    """An rdflib ``Graph`` as a kg graph, with the prefixes it binds."""
    data = graph.serialize(format="nt", encoding="utf-8")
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    return from_triples((q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)), prefixes)


def readable_prefixes(prefixes: Mapping[str, str], triples: Iterable[ox.Triple]) -> dict[str, str]:
    """The prefixes some IRI of ``triples`` starts with, leaving out a namespace some IRI extends
    with a '/' or '%' (kg's data IRIs, ``doc/...``): pyoxigraph would write ``data:doc\\/x``, and a
    full IRI reads better."""
    used, unreadable = set(), set()
    namespaces = sorted(prefixes.items())
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object, getattr(triple.object, "datatype", None)):
            if not isinstance(term, ox.NamedNode):
                continue
            iri = term.value
            for prefix, namespace in namespaces:
                if iri.startswith(namespace):
                    used.add(prefix)
                    if any(c in iri[len(namespace):] for c in "/%"):
                        unreadable.add(prefix)
    return {prefix: namespace for prefix, namespace in prefixes.items() if prefix in used - unreadable}


def store_location(path: Path) -> Path | None:
    """The on-disk store ``path`` names: a folder ``kg build`` wrote (its ``graph.oxigraph``) or a store
    folder itself; None for a file. A folder that is neither is a one-line error."""
    if not path.is_dir():
        return None
    if (path / STORE).is_dir():
        return path / STORE
    if (path / "CURRENT").is_file():  # every RocksDB database, so every Oxigraph store, has one
        return path
    raise InputError(f"{path}: no Oxigraph store in this folder (kg build writes one as {path / STORE})")


def open_store(location: Path) -> ox.Store:
    """The on-disk store at ``location``, opened read-only: nothing is loaded, queries read it directly."""
    try:
        return ox.Store.read_only(str(location))
    except OSError as error:
        raise InputError(f"{location}: cannot open the Oxigraph store ({' '.join(str(error).split())})") from error


def read_graph(path: str | Path) -> Graph:
    """Any RDF file kg reads (TriG and N-Quads as the union of their named graphs) as a graph in one
    part, with the file's prefixes as far as they read well. A folder kg build wrote is read from its
    graph.ttl, which holds the terms as made; a store folder (or a build folder without graph.ttl)
    from the store, which holds literals by value (``"0.90"^^xsd:decimal`` comes back as 0.9, an
    ``xsd:nonNegativeInteger`` as ``xsd:integer``)."""
    path = Path(path)
    location = store_location(path)
    if location is not None and location != path and (path / "graph.ttl").is_file():
        path, location = path / "graph.ttl", None
    try:
        if location is not None:
            store = open_store(location)
            data = store.dump(format=ox.RdfFormat.N_QUADS)
            return from_triples((quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS)), {})
        parser = ox.parse(path=str(path), format=rdf_format(path))
        found = [quad.triple for quad in parser]
        return from_triples(found, parser.prefixes)
    except (OSError, SyntaxError, ValueError) as error:
        raise unreadable(path, error) from error

