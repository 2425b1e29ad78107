"""Turtle, the format people read and triple stores load, written by pyoxigraph.

rdflib's serializer needs minutes for a million triples; pyoxigraph writes them in about a second.
The file is the graph's prefix header followed by each part's Turtle body in order
(``kg.graph.make_part``), so the same graph always gives the same bytes, and a large graph is
written without serialising it again. kg's graphs contain no blank nodes (docs/rdf-mapping.md mints
an IRI for everything); a graph read from elsewhere keeps its blank node ids, so its output is
stable only as long as those are.
"""
from collections.abc import Mapping
from pathlib import Path

from kg.graph import Graph


def write_turtle(graph: Graph, path: Path) -> None:
    """Write ``graph`` as Turtle: its prefixes declared once at the top, then its parts."""
    with open(path, "wb") as out:
        out.write(header(graph.prefixes))
        for part in graph.parts:
            out.write(part.turtle)


def header(prefixes: Mapping[str, str]) -> bytes:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items()).encode()
