"""N-Triples, the line-based format bulk loaders and ``sort | diff`` like: the graph's parts one
after the other, so the triples are in graph.ttl's order and the same graph gives the same bytes."""
from pathlib import Path

from kg.graph import Graph


def write_ntriples(graph: Graph, path: Path) -> None:
    """Write ``graph`` as N-Triples, one triple per line."""
    with open(path, "wb") as out:
        for data in graph.ntriples():
            out.write(data)
