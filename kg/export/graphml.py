"""GraphML for Gephi and Cytoscape users, via networkx.

Each IRI that is a subject or an IRI object becomes a node with a readable ``label``, its
``type`` (local names of its classes) and its literal properties as ``prefix:name`` attributes;
each triple with an IRI object (other than rdf:type) becomes an edge keyed by its predicate.
"""
from collections import defaultdict
from pathlib import Path

import networkx as nx
import rdflib
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, SKOS

_LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title)


def to_networkx(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """The graph as a directed multigraph of resources, literals folded into node attributes."""
    manager = graph.namespace_manager
    result = nx.MultiDiGraph()
    attributes: dict = defaultdict(lambda: defaultdict(set))
    for subject, predicate, obj in sorted(graph, key=lambda t: tuple(str(x) for x in t)):
        source = str(subject)
        result.add_node(source)
        if predicate == RDF.type:
            attributes[source]["type"].add(_local(obj))
        elif isinstance(obj, Literal):
            attributes[source][manager.normalizeUri(predicate)].add(str(obj))
            if predicate in _LABELS:
                attributes[source]["label"].add(str(obj))
        else:
            result.add_node(str(obj))
            name = manager.normalizeUri(predicate)
            result.add_edge(source, str(obj), key=name, predicate=str(predicate), label=name)
    for node in result.nodes:
        values = attributes.get(node, {})
        for name, texts in values.items():
            result.nodes[node][name] = "; ".join(sorted(texts)) if name in ("type", "label") else "\n".join(sorted(texts))
        result.nodes[node].setdefault("label", _local(node))
    return result


def write_graphml(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as GraphML."""
    nx.write_graphml(to_networkx(graph), path, encoding="utf-8")


def _local(term) -> str:
    text = str(term).rstrip("/#")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or str(term)
