"""The graph files kg reads back (``kg query``, ``validate``, ``view``, ``export``, ``load``, ``serve``).

A graph file is RDF, in the format its extension names (a folder kg build wrote is read through its
store, kg.graph). Anything else given where a graph is expected (the HTML page or GraphML drawing
``kg build`` writes, an article, a missing path) is a one-line ``InputError`` that names the path as
the user gave it and says what to give.
"""
from __future__ import annotations

from pathlib import Path
import pyoxigraph

from kg.errors import InputError

RDF_FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".n3": pyoxigraph.RdfFormat.N3,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".owl": pyoxigraph.RdfFormat.RDF_XML,
    ".xml": pyoxigraph.RdfFormat.RDF_XML,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
    ".json": pyoxigraph.RdfFormat.JSON_LD,
}
"""Extension → format of the RDF files kg reads: every RDF format kg writes, and RDF/XML and N3."""

_VIEWS = (".html", ".htm", ".graphml")
_ARTICLES = (".txt", ".md", ".markdown", ".jsonl")


def rdf_format(path: Path) -> pyoxigraph.RdfFormat:
    """The format of the graph file ``path``, after checking that it is one kg can read."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    known = RDF_FORMATS.get(path.suffix.lower())
    if known is not None:
        return known
    expected = ", ".join(sorted(RDF_FORMATS))
    if path.suffix.lower() in _VIEWS:
        raise InputError(f"{path}: is a view of a graph, not RDF; give the graph.ttl kg build writes beside it "
                         f"(kg reads {expected})")
    if path.suffix.lower() in _ARTICLES:
        raise InputError(f"{path}: is an article, not a graph; make its graph first: kg build {path} --out DIR")
    raise InputError(f"{path}: not an RDF file kg reads (its extension must be one of {expected})")


def syntax_error(path: Path) -> str | None:
    """Oxigraph's description of the first syntax error in the graph file ``path`` (with its line and
    column), or None when it parses."""
    try:
        for _ in pyoxigraph.parse(path=str(path), format=rdf_format(path)):
            pass
    except SyntaxError as error:
        return " ".join((error.msg or str(error)).split())
    return None


def unreadable(path: Path, error: Exception) -> InputError:
    """The one-line error for a graph file that could not be read or parsed: the reason is Oxigraph's
    (rdflib's syntax errors do not say where, or what is wrong)."""
    if isinstance(error, OSError):
        return InputError(f"{path}: cannot be read ({error.strerror or error})")
    reason = syntax_error(path) or next(iter(str(error).splitlines()), "") or type(error).__name__
    return InputError(f"{path}: cannot read the graph ({' '.join(reason.split())})")
