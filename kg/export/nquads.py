"""N-Quads: the line-based form of the TriG export, for bulk loaders that take one quad per line.

Same named graphs and the same order as kg.export.trig, so ``diff`` of two builds is meaningful.
"""
from pathlib import Path

import pyoxigraph
import rdflib

from kg.export.named_graphs import quads


def write_nquads(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as N-Quads, one named graph per document plus the domain graph."""
    pyoxigraph.serialize(quads(graph), str(path), pyoxigraph.RdfFormat.N_QUADS)
