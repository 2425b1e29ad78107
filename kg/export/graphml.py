"""GraphML for Gephi and Cytoscape users, via networkx.

Each IRI that is a subject or an IRI object becomes a node with a readable ``label``, its
``type`` (local names of its classes) and its literal properties as ``prefix:name`` attributes;
each triple with an IRI object (other than rdf:type) becomes an edge keyed by its predicate.
"""
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.graph import Graph
from kg.vocab import DCTERMS, RDF, RDFS, SKOS, local_name, prefixed

_LABELS = frozenset((RDFS.label, SKOS.prefLabel, DCTERMS.title))


def to_networkx(graph: Graph):
    """The graph as a networkx ``MultiDiGraph`` of resources, literals folded into node attributes.
    networkx is imported here: it is a fifth of a second of CPU at every command's start, and only GraphML
    needs it."""
    import networkx as nx

    result = nx.MultiDiGraph()
    attributes: dict = defaultdict(lambda: defaultdict(set))
    for triple in graph.triples():
        subject, predicate, obj = triple.subject, triple.predicate, triple.object
        source = subject.value
        result.add_node(source)
        if predicate == RDF.type:
            attributes[source]["type"].add(local_name(obj.value))
        elif isinstance(obj, ox.Literal):
            attributes[source][prefixed(predicate.value, graph.prefixes)].add(obj.value)
            if predicate in _LABELS:
                attributes[source]["label"].add(obj.value)
        else:
            result.add_node(obj.value)
            name = prefixed(predicate.value, graph.prefixes)
            result.add_edge(source, obj.value, key=name, predicate=predicate.value, label=name)
    for node in result.nodes:
        values = attributes.get(node, {})
        for name, texts in values.items():
            result.nodes[node][name] = "; ".join(sorted(texts)) if name in ("type", "label") else "\n".join(sorted(texts))
        result.nodes[node].setdefault("label", local_name(node))
    return result


def write_graphml(graph: Graph, path: Path) -> None:
    """Write ``graph`` as GraphML."""
    import networkx as nx

    nx.write_graphml(to_networkx(graph), path, encoding="utf-8")
