"""N-Quads: the line-based form of the TriG export, for bulk loaders that take one quad per line.

Same named graphs as kg.export.trig. Each triple's quads follow one another, in the order of the
N-Triples export, so ``diff`` of two builds is meaningful and nothing but the split is held in memory.
"""
from pathlib import Path

from kg.export.named_graphs import nquads
from kg.graph import Graph


def write_nquads(graph: Graph, path: Path) -> None:
    """Write ``graph`` as N-Quads, one named graph per document plus the domain graph."""
    with open(path, "wb") as out:
        out.writelines(nquads(graph.ntriples()))
