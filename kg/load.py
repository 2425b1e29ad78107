"""Push a built graph to a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

https://www.w3.org/TR/sparql11-http-rdf-update/ — "PUT ... the server MUST replace the graph
content": so each named graph is PUT whole, and loading the same build again replaces what the
first load wrote instead of adding duplicates. The graphs are the ones of the TriG export (one
per source document plus the domain graph, kg.export.named_graphs), or the single graph the
caller names.

The graph is a file kg reads or a store (kg.graph.read_graph). The body is N-Triples sent as
``text/turtle``: N-Triples is a subset of Turtle, Turtle is the one format every Graph Store
endpoint must accept, and N-Triples needs no prefixes or nesting, so it is the cheapest Turtle to
write and to parse. Only the standard library speaks HTTP here.
"""
from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph

from kg.errors import KgError
from kg.export.named_graphs import split
from kg.graph import Graph

DEFAULT_TIMEOUT = 30.0


class LoadError(KgError):
    """The endpoint cannot be reached, refused the data or did not answer in time."""


@dataclass(frozen=True)
class Loaded:
    """One named graph written to the store."""

    graph: str
    triples: int


def push(graph: Graph, endpoint: str, graph_iri: str | None = None,
         timeout: float = DEFAULT_TIMEOUT) -> tuple[Loaded, ...]:
    """PUT ``graph`` to the Graph Store ``endpoint``: one request per named graph, replacing each.

    With ``graph_iri`` everything goes into that one graph. Stops at the first failure with a
    one-line ``LoadError``; the graphs already written stay written (each PUT is atomic on its own).
    """
    parsed = urllib.parse.urlsplit(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise LoadError(f"{endpoint}: not an http(s) URL of a Graph Store endpoint")
    if graph_iri is not None:
        _check_iri(graph_iri)
    parts = graph.ntriples()
    bodies = {graph_iri: b"".join(parts)} if graph_iri else {
        name.decode("utf-8")[1:-1]: b"".join(lines) for name, lines in split(parts).items()}
    loaded = []
    for name, body in bodies.items():
        _put(_graph_url(endpoint, name), body, endpoint, timeout)
        loaded.append(Loaded(name, body.count(b"\n")))
    return tuple(loaded)


def _check_iri(iri: str) -> None:
    """Oxigraph's IRI parser accepts only absolute IRIs, which is what a graph name must be."""
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as error:
        raise LoadError(f"--graph {iri!r} is not an absolute IRI ({error})") from error


def _graph_url(endpoint: str, graph: str) -> str:
    """The endpoint with ``graph=IRI`` added to whatever query string it already has."""
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}graph={urllib.parse.quote(graph, safe='')}"


def _put(url: str, body: bytes, endpoint: str, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = _first_line(error.read().decode("utf-8", "replace"))
        raise LoadError(f"{endpoint}: HTTP {error.code} {error.reason}" + (f": {detail}" if detail else "")) from error
    except urllib.error.URLError as error:
        raise LoadError(f"{endpoint}: {_reason(error.reason, timeout)}") from error
    except (OSError, http.client.HTTPException) as error:
        raise LoadError(f"{endpoint}: {_reason(error, timeout)}") from error


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s (--timeout)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the triple store running?)"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return _first_line(str(reason)) or type(reason).__name__


def _first_line(text: str, limit: int = 200) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"
