"""The exporters: one registry, and writing outputs so a failure never leaves a half-written set.

``EXPORTERS`` is the only list of output formats; the CLI's ``--format`` choices and the
round-trip tests read it, so adding a format is a module plus one line here. Every exporter writes
a ``kg.graph.Graph``, whether ``kg build`` made it or ``kg export`` read it from a file.
"""
from __future__ import annotations

import functools
import os
import secrets
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, wait
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, OutputError
from kg.export.graphml import write_graphml
from kg.export.html import write_html
from kg.export.jsonld import write_jsonld
from kg.export.nquads import write_nquads, write_nquads_parts
from kg.export.ntriples import write_ntriples
from kg.export.overview import write_overview
from kg.export.store import write_store
from kg.export.trig import write_trig
from kg.export.turtle import write_turtle
from kg.graph import STORE, Graph


@dataclass(frozen=True)
class Exporter:
    """One output format: the name ``--format`` takes, the file (or folder) ``kg build`` writes, and
    ``rdf_format``, the pyoxigraph format that reads it back, if it is an RDF file."""

    name: str
    filename: str
    media_type: str
    write: Callable[[Graph, Path], None]
    rdf_format: ox.RdfFormat | None = None


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("turtle", "graph.ttl", "text/turtle", write_turtle, ox.RdfFormat.TURTLE),
        Exporter("nt", "graph.nt", "application/n-triples", write_ntriples, ox.RdfFormat.N_TRIPLES),
        Exporter("trig", "graph.trig", "application/trig", write_trig, ox.RdfFormat.TRIG),
        Exporter("nquads", "graph.nq", "application/n-quads", write_nquads, ox.RdfFormat.N_QUADS),
        Exporter("jsonld", "graph.jsonld", "application/ld+json", write_jsonld, ox.RdfFormat.JSON_LD),
        Exporter("graphml", "graph.graphml", "application/graphml+xml", write_graphml),
        Exporter("html", "graph.html", "text/html", write_html),
        Exporter("overview", "graph-overview.html", "text/html", write_overview),
        Exporter("store", STORE, "application/x-oxigraph-store", write_store),
        Exporter("parts", "graph.parts", "application/n-quads", write_nquads_parts),
    )
}


def exporter(name: str) -> Exporter:
    """The exporter called ``name``; an unknown name fails with the list of valid ones."""
    if name not in EXPORTERS:
        raise KgError(f"unknown format {name!r}; choose from: {', '.join(EXPORTERS)}")
    return EXPORTERS[name]


def write_outputs(graph: Graph, out_dir: Path, formats: Sequence[str]) -> list[Path]:
    """Write each format to ``out_dir/<filename>`` and return the paths, all or none (``write_staged``)."""
    chosen = [exporter(name) for name in dict.fromkeys(formats)]
    return write_staged([(out_dir / e.filename, _writer(e, graph)) for e in chosen])


def write_file(graph: Graph, path: Path, format: str) -> Path:
    """Write one format to any path (``kg export``, ``kg view``), atomically."""
    return write_staged([(path, _writer(exporter(format), graph))])[0]


def _writer(chosen: Exporter, graph: Graph) -> Callable[[Path], None]:
    return lambda path: chosen.write(graph, path)


def write_staged(writers: Sequence[tuple[Path, Callable[[Path], None]]],
                 ready: Callable[[], None] | None = None, pool: Executor | None = None) -> list[Path]:
    """Call each writer on a temporary sibling of its target, then move them all into place, in
    order, only when every one succeeded: a failure leaves the outputs already there untouched.
    ``ready``, when given, is called between the two; raising there also moves nothing. With a
    ``pool``, the writers are handed to it in order and run beside each other.

    Temporary names are random siblings of the targets, created by the writers themselves so the
    files get the user's usual permissions. A target may be a folder (the store): the folder it
    replaces is moved aside first and removed once the new one is in place.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, _ in writers:
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp"), target))
        calls = [functools.partial(write, temporary) for (_, write), (temporary, _) in zip(writers, staged)]
        if pool is None:
            for call in calls:
                call()
        else:
            running = [pool.submit(call) for call in calls]
            wait(running)  # every writer done before a failure removes the temporaries
            for writing in running:
                writing.result()
        if ready is not None:
            ready()
        for temporary, target in staged:
            _move(temporary, target)
    except OSError as error:
        # A temporary file is named by the target it stands for, the path the user gave.
        where = {str(temporary): str(target) for temporary, target in staged}.get(str(error.filename), error.filename)
        raise OutputError(f"cannot write {where or 'output'}: {error.strerror or error}") from error
    finally:
        for temporary, _ in staged:
            _remove(temporary)
    return [target for target, _ in writers]


def _move(source: Path, target: Path) -> None:
    if not source.is_dir() or not target.is_dir():
        os.replace(source, target)
        return
    aside = target.with_name(f".{target.name}.{secrets.token_hex(6)}.old")
    os.replace(target, aside)
    os.replace(source, target)
    shutil.rmtree(aside, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
