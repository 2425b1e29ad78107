"""Turtle, the format people read and triple stores load.

rdflib's Turtle serializer sorts subjects, predicates and objects, so the same triples give the
same bytes whatever order they were added in. That holds because kg's graphs contain no blank
nodes (docs/rdf-mapping.md mints an IRI for everything); with blank nodes the order would depend
on their generated ids.
"""
from pathlib import Path

import rdflib


def write_turtle(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as Turtle, byte-identical for the same set of triples and prefixes."""
    path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
