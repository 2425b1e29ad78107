"""The graph as an on-disk Oxigraph store (RocksDB), the form ``kg query``, ``kg serve`` and ``kg load``
open without reading a file: ``kg build`` leaves one beside its files.

The parts' N-Triples go through Oxigraph's bulk loader in one stream, and the store is compacted
afterwards, which halves the time of the presets on it. The triples are in the default graph, as in
graph.ttl, so a query answers as it does over the Turtle.
"""
from pathlib import Path

import pyoxigraph as ox

from kg.graph import JoinedReader, Graph


def write_store(graph: Graph, path: Path) -> None:
    """Write ``graph`` into a new store in the folder ``path``."""
    store = ox.Store(str(path))
    store.bulk_load(JoinedReader(graph.ntriples()), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    store.optimize()
    store.flush()
    del store  # closes the database, so the folder can be renamed and opened by others
