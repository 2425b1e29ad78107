"""N-Triples, the line-based format bulk loaders and ``sort | diff`` like.

Lines are in a fixed order, so the same graph gives the same bytes: sorted for a graph read from a
file (rdflib writes them in hash order), and for a corpus build its shares in order, each sorted,
which is the order of graph.ttl's triples. Lines are split on "\\n" only: literals may hold U+2028,
which ``splitlines`` would cut.
"""
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph
import rdflib

from kg.rdf import ox_term


def ntriples(graph: rdflib.Graph) -> bytes:
    """``graph`` as N-Triples written by Oxigraph, one sorted line per triple."""
    data = pyoxigraph.serialize((pyoxigraph.Triple(*map(ox_term, triple)) for triple in graph),
                                format=pyoxigraph.RdfFormat.N_TRIPLES)
    return b"".join(line + b"\n" for line in sorted(set(data.split(b"\n")[:-1])))


def write_ntriples(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as N-Triples, one triple per line in sorted order."""
    write_chunks([ntriples(graph)], {}, path)


def write_chunks(chunks: Sequence[bytes], prefixes: Mapping[str, str], path: Path) -> None:
    """Write N-Triples ``chunks`` (a corpus build's shares) one after the other; N-Triples has no prefixes."""
    with open(path, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
