"""Turtle, the format people read and triple stores load, written by pyoxigraph.

rdflib's serializer needs minutes for a million triples; pyoxigraph writes them in about a second.
Triples are sorted (by their N-Triples form) before writing, so the same set of triples and prefixes
always gives the same bytes whatever order they were built in (a corpus build's are sorted within
each of its fixed shares). kg's graphs contain no blank nodes (docs/rdf-mapping.md mints an IRI for
everything); a graph read from elsewhere keeps its blank node ids, so its output is stable only as
long as those are.
"""
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.export.ntriples import ntriples


def write_turtle(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as Turtle, byte-identical for the same set of triples and prefixes."""
    namespaces = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    write_shares([ntriples(graph)], readable_prefixes(namespaces, (str(node) for node in graph.all_nodes())), path)


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


def write_shares(shares: Iterable[bytes], prefixes: Mapping[str, str], path: Path) -> None:
    """Write disjoint shares of sorted N-Triples (kg.rdf.Mapping) as one Turtle file, in share order.

    Each share is written by pyoxigraph on its own (``turtle_body``), which groups a subject's
    consecutive triples, and the prefix header is written once at the top.
    """
    write_bodies((turtle_body(share, prefixes) for share in shares), prefixes, path)


def turtle_body(share: bytes, prefixes: Mapping[str, str], *, lenient: bool = False) -> bytes:
    """A share of sorted N-Triples as Turtle, without the prefix header. Parsed strictly, so a bad
    IRI stops the build here, unless ``lenient`` (40 % faster) for N-Triples known to be valid."""
    triples = ox.parse(share, format=ox.RdfFormat.N_TRIPLES, lenient=lenient)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
    start = 0
    while body.startswith(b"@prefix ", start):  # pyoxigraph's own header, in its own order
        start = body.index(b"\n", start) + 1
    return body[start:]


def write_bodies(bodies: Iterable[bytes], prefixes: Mapping[str, str], path: Path) -> None:
    """Write the prefix header, then Turtle bodies made by ``turtle_body`` with the same prefixes."""
    with open(path, "wb") as out:
        out.write(_header(prefixes))
        for body in bodies:
            out.write(body)


def _header(prefixes: Mapping[str, str]) -> bytes:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items()).encode()
