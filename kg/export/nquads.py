"""N-Quads: the line-based form of the TriG export, for bulk loaders that take one quad per line.

Same named graphs as kg.export.trig. Each triple's quads follow one another, in the order of the
N-Triples export, so ``diff`` of two builds is meaningful and nothing but the split is held in memory.
"""
from collections.abc import Mapping, Sequence
from pathlib import Path

import rdflib

from kg.export.named_graphs import nquads
from kg.export.ntriples import ntriples


def write_nquads(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as N-Quads, one named graph per document plus the domain graph."""
    write_chunks([ntriples(graph)], {}, path)


def write_chunks(chunks: Sequence[bytes], prefixes: Mapping[str, str], path: Path) -> None:
    """Write N-Triples ``chunks`` (a corpus build's shares) as N-Quads; N-Quads has no prefixes."""
    with open(path, "wb") as out:
        out.writelines(nquads(chunks))
