"""Writing ``kg build``'s outputs: every format from the built graph, validated alongside.

Above ``HTML_NODE_LIMIT`` drawn nodes the full view is not drawable in a browser, so graph.html holds
the overview instead and the caller is told so. Everything is written to temporary files first and
moved into place only when all are written and the graph conforms to the shapes.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
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


_VIEWS = ("html", "overview")
"""The outputs drawn from the graph's store; every other one reads its parts."""


def write_build(graph: Graph, out_dir: Path, formats: Sequence[str], node_limit: int = HTML_NODE_LIMIT,
                ready: Callable[[], None] | None = None, pool: Executor | None = None) -> list[Path]:
    """Write ``formats`` (and ``ALWAYS``) of a build into ``out_dir`` and return the paths written.
    ``ready`` is called once every file is written and before any is moved into place; ``pool``
    runs the writers beside each other (``write_staged``). The views are started last: the other
    writers do not need the graph's store, which may still be loading (``write_validated``)."""
    formats = list(dict.fromkeys([*ALWAYS, *formats]))
    targets = {name: out_dir / exporter(name).filename for name in formats}
    views_last = sorted(formats, key=lambda name: name in _VIEWS)
    write_staged([(targets[name], functools.partial(_write, name, graph, node_limit)) for name in views_last],
                 ready, pool)
    return list(targets.values())


def _write(name: str, graph: Graph, node_limit: int, path: Path) -> None:
    if name == "overview" or (name == "html" and drawn_nodes(graph) > node_limit):
        write_overview(graph, path, title=f"kg overview of {_count(graph, KG.NewsArticle)} articles")
    else:
        exporter(name).write(graph, path)


def write_validated(graph: Graph, out_dir: Path, formats: Sequence[str]) -> list[Path]:
    """``write_build`` and the SHACL validation (kg.validate) on two threads, since Oxigraph loads,
    writes and answers queries without holding the GIL: the validation first loads the graph's store,
    while the writers that read the parts start on the other thread. Nothing is moved into place
    unless the graph conforms."""
    with ThreadPoolExecutor(2) as pool:
        validation = pool.submit(validate, graph)
        return write_build(graph, out_dir, formats, ready=functools.partial(_conforming, validation), pool=pool)


def _conforming(validation: Future) -> None:
    report = validation.result()
    if not report.conforms:
        raise ValidationError("the built graph does not conform to ontology/shapes.ttl: "
                              + report.text().replace("\n", " "))
