"""Writing ``kg build``'s outputs: every format from the built graph, validated alongside.

Above ``HTML_NODE_LIMIT`` drawn nodes the full view is not drawable in a browser, so graph.html holds
the overview instead and the caller is told so. Everything is written to temporary files first and
moved into place only when all are written and the graph conforms to the shapes.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from kg.errors import ValidationError
from kg.export import exporter, write_staged
from kg.export.overview import write_overview
from kg.graph import Graph
from kg.validate import validate
from kg.vocab import KG, RDF

HTML_NODE_LIMIT = 5000
"""Nodes the full view may draw (articles, actors, statements, objections, provision mentions): the
draw-time benchmark shows about 4 s for 5,000 nodes, and a browser gives up long before 100,000."""

ALWAYS = ("turtle", "html", "store")
"""The outputs of every build: Turtle, the HTML view and the store ``kg query`` opens."""


_DRAWN = (KG.NewsArticle, KG.Person, KG.Organization, KG.Group, KG.Statement, KG.Objection, KG.ProvisionMention)
"""The kinds of node the full view draws (with the few domain nodes they point at)."""


def drawn_nodes(graph: Graph) -> int:
    """About how many nodes the full view of ``graph`` draws."""
    return sum(_count(graph, kind) for kind in _DRAWN)


def _count(graph: Graph, kind) -> int:
    return sum(1 for _ in graph.store.quads_for_pattern(None, RDF.type, kind))


def write_build(graph: Graph, out_dir: Path, formats: Sequence[str], node_limit: int = HTML_NODE_LIMIT,
                ready: Callable[[], None] | None = None) -> list[Path]:
    """Write ``formats`` (and ``ALWAYS``) of a build into ``out_dir`` and return the paths written.
    ``ready`` is called once every file is written and before any is moved into place."""
    formats = list(dict.fromkeys([*ALWAYS, *formats]))
    page = functools.partial(write_overview, title=f"kg overview of {_count(graph, KG.NewsArticle)} articles")
    overview_html = drawn_nodes(graph) > node_limit
    writers = []
    for name in formats:
        chosen = exporter(name)
        write = page if name == "overview" or (name == "html" and overview_html) else chosen.write
        writers.append((out_dir / chosen.filename, functools.partial(write, graph)))
    return write_staged(writers, ready)


def write_validated(graph: Graph, out_dir: Path, formats: Sequence[str]) -> list[Path]:
    """``write_build`` with the SHACL validation (kg.validate) running beside the writers on a thread,
    since Oxigraph answers its queries without holding the GIL. Nothing is moved into place unless the
    graph conforms."""
    graph.store  # made before the threads start, so they share one
    with ThreadPoolExecutor(1) as pool:
        validation = pool.submit(validate, graph)
        return write_build(graph, out_dir, formats, ready=functools.partial(_conforming, validation))


def _conforming(validation: Future) -> None:
    report = validation.result()
    if not report.conforms:
        raise ValidationError("the built graph does not conform to ontology/shapes.ttl: "
                              + report.text().replace("\n", " "))
