"""TriG: Turtle with one named graph per source document plus one for the domain knowledge.

The split is kg.export.named_graphs'. Oxigraph writes the quads in the order they are given: for
each of the graph's parts in turn, its named graphs in sorted order, each with its triples in the
N-Triples export's order. So the same graph gives the same bytes, and only one part's split is held
at a time; a graph whose facts are in several parts has a block in each, which TriG merges.
"""
from pathlib import Path

import pyoxigraph as ox

from kg.export.named_graphs import find_homes, split
from kg.graph import Graph


def write_trig(graph: Graph, path: Path) -> None:
    """Write ``graph`` as TriG, one named graph per document plus the domain graph."""
    parts = graph.ntriples()
    homes = find_homes(parts)
    quads = (quad for part in parts for name, lines in split([part], homes).items()
             for quad in ox.parse(b"".join(line[:-2] + name + b" .\n" for line in lines),
                                  format=ox.RdfFormat.N_QUADS, lenient=True))
    ox.serialize(quads, str(path), ox.RdfFormat.TRIG, prefixes=dict(graph.prefixes))
