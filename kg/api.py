"""kg's public verbs for Python programs, re-exported by the package: ``kg.build``, ``kg.query``,
``kg.validate`` and ``kg.evaluate``. Each does what the command of the same name does and raises a
``kg.errors.KgError`` (with the one-line message the command prints) for a user's mistake.

The pipeline's modules are imported inside each verb, so ``import kg`` stays as light as the CLI's start.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rdflib

    from kg.graph import Graph
    from kg.pipeline import Stats
    from kg.evaluate import Summary
    from kg.query import Result
    from kg.validate import Report


def build(paths: Iterable[str | Path], out: str | Path, *, formats: Sequence[str] = (), jobs: int = 1,
          cache: bool = True, strict: bool = True) -> list[Path]:
    """Build the graph of the articles in ``paths`` (files, folders, globs, JSON Lines) into the folder
    ``out``, as ``kg build`` does: ``graph.ttl``, ``graph.html`` and the store plus the extra ``formats``
    (``kg.export.EXPORTERS``), validated against the shapes and written whole or not at all.

    ``jobs`` worker processes extract; ``cache`` keeps each article's extraction in ``out/.cache``.
    With ``strict`` an unreadable file raises ``InputError``; without, it is skipped. Returns the
    paths written (the store ``kg query`` opens among them).
    """
    out = Path(out)
    return build_outputs(list(paths), out, formats, jobs=jobs, cache=out / ".cache" if cache else None,
                         strict=strict).written


@dataclass(frozen=True)
class Outputs:
    """What ``build_outputs`` wrote, and what the build did (``kg build`` reports both)."""

    written: list[Path]
    graph: Graph
    stats: Stats
    seconds_writing: float


def build_outputs(paths: Sequence[str | Path], out: Path, formats: Sequence[str] = (), *,
                  on_skipped: Callable[[str, str], None] | None = None, **options) -> Outputs:
    """The build behind ``build`` and ``kg build``: the formats and the output folder checked first,
    then ``kg.pipeline.build(paths, **options)``, each skipped file given to ``on_skipped``, and the
    outputs validated and written (kg.export.build.write_validated)."""
    from kg.errors import InputError
    from kg.export import exporter
    from kg.export.build import ALWAYS, write_validated
    from kg.pipeline import build as build_graph

    chosen = [*ALWAYS, *formats]
    for name in chosen:
        exporter(name)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: --out exists and is not a folder")
    try:
        built = build_graph(paths, **options)
    except OSError as error:  # the files' own errors are skipped or raised as InputError by the reader
        raise InputError(f"cannot load spaCy model {options.get('model')!r}: {error}") from error
    graph, stats = built.graph, built.stats
    del built  # the records: what is written comes from the graph, whose store is loaded in their place
    # A full collection also empties the interpreter's free lists, where a few freed tuples would keep
    # most of the records' memory from the system (250 MB at 10,000 articles).
    gc.collect()
    if not stats.articles:
        raise InputError("no article could be read: " + "; ".join(f"{path}: {why}" for path, why in stats.skipped))
    for path, reason in stats.skipped:
        if on_skipped:
            on_skipped(path, reason)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{out}: cannot create the output folder ({error.strerror})") from error
    started = time.perf_counter()
    written = write_validated(graph, out, chosen)
    return Outputs(written, graph, stats, time.perf_counter() - started)


def query(graph: str | Path, preset: str | None = None, sparql: str | None = None, *,
          params: Mapping[str, str] | None = None, timeout: float | None = None) -> Result:
    """Answer a preset (``kg.query.PRESETS``, ``kg.query.LOOKUPS``) or a read-only SPARQL query over the
    graph file ``graph``, as ``kg query`` does. ``params`` bind variables to strings; with ``timeout``
    the query runs in a child process that is killed after that many seconds (``QueryError``).
    Returns the columns and rows (``kg.query.Result``; ``kg.query.format_result`` renders them)."""
    from kg.budget import in_child
    from kg.errors import QueryError
    from kg.query import load_graph, run_preset, run_sparql

    if (preset is None) == (sparql is None):
        raise QueryError("give exactly one of: a SPARQL query or a preset name")
    store = load_graph(Path(graph))

    def answer() -> Result:
        return run_preset(store, preset, params) if preset is not None else run_sparql(store, sparql, params)

    return answer() if timeout is None else in_child(timeout, answer)


def validate(graph: str | Path | rdflib.Graph) -> Report:
    """Check a graph (a graph file, a folder kg build wrote, or an rdflib graph) against the SHACL shapes
    of ``ontology/shapes.ttl``, as ``kg validate`` does. Returns the report: ``conforms`` and the
    violations, in words."""
    import rdflib

    from kg.graph import from_rdflib, read_graph
    from kg.validate import validate as check

    return check(from_rdflib(graph) if isinstance(graph, rdflib.Graph) else read_graph(Path(graph)))


def evaluate(articles: Iterable[str | Path], gold: str | Path) -> Summary:
    """Score kg's extraction of ``articles`` (files or folders) against the hand-made annotations in the
    folder ``gold`` (``NAME.gold.json``), as ``kg eval`` does. Returns precision, recall and F1 per kind
    of fact (``Summary.table()`` prints them); no gold to score against is an ``InputError``."""
    from kg.evaluate import evaluate_paths
    from kg.ingest import read_paths

    sources = [Path(document.source) for document in read_paths([Path(path) for path in articles]).documents]
    from kg.pipeline import predict_rows  # spaCy and the extractors: only once the articles are read

    return evaluate_paths(Path(gold), sources, predict_rows)
