"""The exporters: one registry, and writing outputs so a failure never leaves a half-written set.

``EXPORTERS`` is the only list of output formats; the CLI's ``--format`` choices and the
round-trip test read it, so adding a format is a module plus one line here.
"""
from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import rdflib

from kg.errors import KgError, OutputError
from kg.export import nquads, ntriples, trig
from kg.export.graphml import write_graphml
from kg.export.html import write_html
from kg.export.jsonld import write_jsonld
from kg.export.overview import write_overview
from kg.export.turtle import write_turtle


@dataclass(frozen=True)
class Exporter:
    """One output format. ``rdf_format`` names the rdflib parser that reads it back, if it is RDF
    (for TriG and N-Quads, read the union of the named graphs: kg.export.named_graphs.read_union).
    ``write_chunks``, if the format has it, writes from sorted N-Triples chunks and prefixes instead
    of an rdflib graph: how a corpus build writes it, from its shares, without the minutes and
    gigabytes rdflib needs for a million triples."""

    name: str
    filename: str
    media_type: str
    write: Callable[[rdflib.Graph, Path], None]
    rdf_format: str | None = None
    write_chunks: Callable[[Sequence[bytes], Mapping[str, str], Path], None] | None = None


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("turtle", "graph.ttl", "text/turtle", write_turtle, "turtle"),
        Exporter("nt", "graph.nt", "application/n-triples", ntriples.write_ntriples, "nt", ntriples.write_chunks),
        Exporter("trig", "graph.trig", "application/trig", trig.write_trig, "trig", trig.write_chunks),
        Exporter("nquads", "graph.nq", "application/n-quads", nquads.write_nquads, "nquads", nquads.write_chunks),
        Exporter("jsonld", "graph.jsonld", "application/ld+json", write_jsonld, "json-ld"),
        Exporter("graphml", "graph.graphml", "application/graphml+xml", write_graphml),
        Exporter("html", "graph.html", "text/html", write_html),
        Exporter("overview", "graph-overview.html", "text/html", write_overview),
    )
}


def exporter(name: str) -> Exporter:
    """The exporter called ``name``; an unknown name fails with the list of valid ones."""
    if name not in EXPORTERS:
        raise KgError(f"unknown format {name!r}; choose from: {', '.join(EXPORTERS)}")
    return EXPORTERS[name]


def write_outputs(graph: rdflib.Graph, out_dir: Path, formats: Sequence[str]) -> list[Path]:
    """Write each format to ``out_dir/<filename>`` and return the paths.

    Everything is rendered into temporary files in ``out_dir`` first and renamed into place only
    when all succeeded, so a failing exporter leaves the files already there untouched.
    """
    chosen = [exporter(name) for name in dict.fromkeys(formats)]
    targets = [(e, out_dir / e.filename) for e in chosen]
    return _write_all(graph, targets)


def write_file(graph: rdflib.Graph, path: Path, format: str) -> Path:
    """Write one format to any path (``kg export``, ``kg view``), atomically."""
    return _write_all(graph, [(exporter(format), path)])[0]


def _write_all(graph: rdflib.Graph, targets: list[tuple[Exporter, Path]]) -> list[Path]:
    return write_staged([(target, functools.partial(chosen.write, graph)) for chosen, target in targets])


def write_staged(writers: Sequence[tuple[Path, Callable[[Path], None]]],
                 ready: Callable[[], None] | None = None) -> list[Path]:
    """Call each writer on a temporary sibling of its target, then rename them all into place, in
    order, only when every one succeeded: a failure leaves the files already there untouched.
    ``ready``, when given, is called between the two; raising there also renames nothing.

    Temporary names are random siblings of the targets, created by the writers themselves so the
    files get the user's usual permissions.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, write in writers:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
            staged.append((temporary, target))
            write(temporary)
        if ready is not None:
            ready()
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as error:
        # A temporary file is named by the target it stands for, the path the user gave.
        where = {str(temporary): str(target) for temporary, target in staged}.get(str(error.filename), error.filename)
        raise OutputError(f"cannot write {where or 'output'}: {error.strerror or error}") from error
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [target for target, _ in writers]
