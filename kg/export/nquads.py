"""N-Quads: the line-based form of the TriG export, for bulk loaders that take one quad per line.

Same named graphs as kg.export.trig. Each triple's quads follow one another, in the order of the
N-Triples export, so ``diff`` of two builds is meaningful and nothing but the split is held in memory.
The graph can also be written as one N-Quads file per part (``write_nquads_parts``), which bulk
loaders read in parallel (docs/corpus.md).
"""
from pathlib import Path

from kg.export.named_graphs import find_homes, nquads
from kg.graph import Graph


def write_nquads(graph: Graph, path: Path) -> None:
    """Write ``graph`` as N-Quads, one named graph per document plus the domain graph."""
    with open(path, "wb") as out:
        out.writelines(nquads(graph.ntriples()))


def write_nquads_parts(graph: Graph, path: Path) -> None:
    """Write ``graph`` as N-Quads in the folder ``path``, part by part: ``part-00000.nq``, ... Together
    they are the quads of ``write_nquads``."""
    parts = graph.ntriples()
    homes = find_homes(parts)
    path.mkdir()
    for number, part in enumerate(parts):
        with open(path / f"part-{number:05d}.nq", "wb") as out:
            out.writelines(nquads([part], homes))
