"""TriG: Turtle with one named graph per source document plus one for the domain knowledge.

The split is kg.export.named_graphs'. Oxigraph writes the quads in the order they are given: for
each of a corpus build's shares in turn (one chunk for a graph read from a file), its named graphs
in sorted order, each with its triples in the N-Triples export's order. So the same graph gives the
same bytes, and only one share's split is held at a time; a graph whose facts are in several
shares has a block in each, which TriG merges. rdflib's TriG writer orders graphs as its store returns them and in rdflib 7 runs through
deprecated ConjunctiveGraph code; Oxigraph's writer is also much the faster one.
"""
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph
import rdflib

from kg.export.named_graphs import find_homes, partition, used_prefixes
from kg.export.ntriples import ntriples
from kg.export.turtle import readable_prefixes


def write_trig(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as TriG, one named graph per document plus the domain graph."""
    data = ntriples(graph)
    namespaces = used_prefixes({prefix: str(namespace) for prefix, namespace in graph.namespaces()}, [data])
    write_chunks([data], readable_prefixes(namespaces, (str(node) for node in graph.all_nodes())), path)


def write_chunks(chunks: Sequence[bytes], prefixes: Mapping[str, str], path: Path) -> None:
    """Write N-Triples ``chunks`` (a corpus build's shares) as TriG with ``prefixes``, as far as the
    graph uses them."""
    homes = find_homes(chunks)
    quads = (quad for chunk in chunks for name, lines in partition([chunk], homes).items()
             for quad in pyoxigraph.parse(b"".join(line[:-2] + name + b" .\n" for line in lines),
                                          format=pyoxigraph.RdfFormat.N_QUADS, lenient=True))
    pyoxigraph.serialize(quads, str(path), pyoxigraph.RdfFormat.TRIG, prefixes=used_prefixes(dict(prefixes), chunks))
