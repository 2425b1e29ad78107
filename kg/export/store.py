"""The graph as an on-disk Oxigraph store (RocksDB), the form ``kg query`` and ``kg serve`` open without
reading a file: ``kg build`` leaves one beside its files.

Each part's N-Triples go through Oxigraph's bulk loader on their own and in slices (loading all parts
in one call holds 1.5 GB more memory at 10,000 articles, a whole part 200 MB more than its slices,
kg.graph.load_slices), and the store is compacted afterwards, which halves the time of the presets on
it. The triples are in the default graph, as in graph.ttl, so a query answers as it does over the Turtle.
"""
from pathlib import Path

import pyoxigraph as ox

from kg.graph import Graph, load_slices


def write_store(graph: Graph, path: Path) -> None:
    """Write ``graph`` into a new store in the folder ``path``."""
    store = ox.Store(str(path))
    for data in graph.ntriples():
        for piece in load_slices(data):
            store.bulk_load(piece, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    store.optimize()
    store.flush()
    del store  # closes the database, so the folder can be moved and opened by others
