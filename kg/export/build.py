"""Writing a corpus build's outputs (``kg build``), at any size.

Turtle is the Turtle the build's mapping workers made, the overview page comes from a pyoxigraph
store, and N-Triples, N-Quads and TriG are written from the build's N-Triples shares; an rdflib graph
is made only for the formats that walk one (the full html view, JSON-LD, GraphML). Above ``HTML_NODE_LIMIT`` drawn nodes the full view is not
drawable in a browser, so graph.html holds the overview instead and the caller is told so.
Everything is written to temporary files first; graph.ttl is renamed into place last, and nothing is
renamed unless the graph conforms to the shapes (``write_validated``).
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.errors import ValidationError
from kg.export import exporter, write_staged
from kg.export.overview import render_overview_store
from kg.models import Corpus
from kg.validate import validate_corpus

if TYPE_CHECKING:
    from kg.corpus import Built

HTML_NODE_LIMIT = 5000
"""Nodes the full view may draw (articles, actors, statements, objections, provision mentions): the
draw-time benchmark shows about 4 s for 5,000 nodes, and a browser gives up long before 100,000."""


def drawn_nodes(corpus: Corpus) -> int:
    """About how many nodes the full view of ``corpus`` draws."""
    return (len(corpus.documents) + len(corpus.actors) + len(corpus.statements) + len(corpus.objections)
            + len(corpus.provisions))


def write_build(built: Built, prefixes: Mapping[str, str], base: str, out_dir: Path, formats: Sequence[str],
                node_limit: int = HTML_NODE_LIMIT, ready: Callable[[], None] | None = None) -> list[Path]:
    """Write ``formats`` (always including turtle) of a corpus build into ``out_dir`` and return the
    paths written. ``ready`` is called once every file is written and before any is renamed into
    place (``kg.export.write_staged``)."""
    corpus, shares, store = built.corpus, built.shares, built.store
    formats = list(dict.fromkeys(["turtle", *formats]))
    overview_html = "html" in formats and drawn_nodes(corpus) > node_limit
    by_store = {"overview", *(["html"] if overview_html else [])}
    chunked = [name for name in formats if name not in ("turtle", *by_store) and exporter(name).write_chunks]
    walked = [name for name in formats if name not in ("turtle", *by_store, *chunked)]
    graph = _rdflib_graph(shares, {**prefixes, "data": base}) if walked else None
    writers = []
    pages = [name for name in formats if name in by_store]
    if pages:
        page = render_overview_store(store, f"kg overview of {len(corpus.documents)} articles")
        writers += [(out_dir / exporter(name).filename, functools.partial(_write_text, page)) for name in pages]
    writers += [(out_dir / exporter(name).filename, functools.partial(exporter(name).write_chunks, shares, prefixes))
                for name in chunked]
    writers += [(out_dir / exporter(name).filename, functools.partial(exporter(name).write, graph)) for name in walked]
    writers.append((out_dir / exporter("turtle").filename, functools.partial(built.write_turtle, prefixes)))
    paths = {path.name: path for path in write_staged(writers, ready)}
    return [paths[exporter(name).filename] for name in formats]


def write_validated(built: Built, prefixes: Mapping[str, str], base: str, out_dir: Path,
                    formats: Sequence[str]) -> list[Path]:
    """``write_build`` with the build's SHACL validation (kg.validate) running beside the writers, on a
    thread, since Oxigraph answers its queries without holding the GIL. Nothing is renamed into place
    unless the graph conforms."""
    with ThreadPoolExecutor(1) as pool:
        validation = pool.submit(validate_corpus, built.shares, prefixes, store=built.store)
        return write_build(built, prefixes, base, out_dir, formats, ready=functools.partial(_conforming, validation))


def _conforming(validation: Future) -> None:
    report = validation.result()
    if not report.conforms:
        raise ValidationError("the built graph does not conform to ontology/shapes.ttl: "
                              + report.text().replace("\n", " "))


def _write_text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


def _rdflib_graph(shares: Sequence[bytes], prefixes: Mapping[str, str]) -> Graph:
    """The graph as an rdflib graph, for the exporters that walk one (parsed from N-Triples: fastest)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    for share in shares:
        graph.parse(data=share.decode("utf-8"), format="nt")
    return graph
