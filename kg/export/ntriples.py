"""N-Triples, the line-based format bulk loaders and ``sort | diff`` like.

Lines are independent, so they are sorted to make the file deterministic (rdflib writes them in
hash order). They are split on "\n" only: literals may hold U+2028, which ``splitlines`` would cut.
"""
from pathlib import Path

import rdflib


def write_ntriples(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as N-Triples, one triple per line in sorted order."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
    path.write_text("".join(f"{line}\n" for line in sorted(set(lines)) if line.strip()), encoding="utf-8")
