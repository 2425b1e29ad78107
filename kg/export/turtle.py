"""Turtle, the format people read and triple stores load, written by pyoxigraph.

rdflib's serializer needs minutes for a million triples; pyoxigraph writes them in about a second.
Triples are sorted (by their N-Triples form) before writing, so the same set of triples and prefixes
always gives the same bytes whatever order they were built in. kg's graphs contain no blank nodes
(docs/rdf-mapping.md mints an IRI for everything); a graph read from elsewhere keeps its blank node
ids, so its output is stable only as long as those are.
"""
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.rdf import ox_term


def write_turtle(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as Turtle, byte-identical for the same set of triples and prefixes."""
    triples = [ox.Triple(*(ox_term(term) for term in triple)) for triple in graph]
    namespaces = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    write_triples(triples, readable_prefixes(namespaces, (str(node) for node in graph.all_nodes())), path)


def readable_prefixes(prefixes: Mapping[str, str], iris: Iterable[str]) -> dict[str, str]:
    """The prefixes under which every IRI reads as a plain local name. A namespace some IRI extends
    with a '/' or '%' (kg's data IRIs, ``doc/...``) is left out: pyoxigraph would write ``data:doc\\/x``,
    and a full IRI reads better."""
    kept = dict(prefixes)
    for iri in iris:
        for prefix, namespace in list(kept.items()):
            if iri.startswith(namespace) and any(c in iri[len(namespace):] for c in "/%"):
                del kept[prefix]
    return kept


def write_triples(triples: Iterable[ox.Triple], prefixes: Mapping[str, str], path: Path) -> None:
    """Write pyoxigraph triples as sorted Turtle with the given prefixes (the corpus build's writer)."""
    ordered = sorted(triples, key=str)
    with open(path, "wb") as out:
        ox.serialize(ordered, out, format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
