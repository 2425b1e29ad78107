"""Split a built graph into named graphs: one per source document, one for the domain knowledge.

Triple stores keep provenance per named graph, so a user can load, replace or drop one article's
facts without touching the rest. The split is derived from the graph alone (docs/rdf-mapping.md),
so it works on any graph kg wrote, also after a round trip through N-Triples:

- a document's graph holds the document and every resource linked to it by ``kg:reportedIn``,
  ``kg:mentionedIn``, ``oa:hasSource`` or ``prov:hadPrimarySource`` (facts, evidence, actors);
- extracted resources with no such link (selectors, roles, minted provisions, organisations only
  named in a role) go where the resources that refer to them go;
- everything else (domain individuals, controlled vocabularies) is the domain graph.

An actor mentioned in several articles is in each of their graphs, so each graph stands alone;
the union of all graphs is exactly the input graph.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node
from rdflib.util import guess_format

from kg.vocab import KG, OA

DOMAIN_GRAPH = URIRef("https://w3id.org/kg-legal/graph/domain")
"""Fixed whatever the data base, so loading several builds into one store shares one domain graph."""

_SOURCE_LINKS = (KG.reportedIn, KG.mentionedIn, OA.hasSource, PROV.hadPrimarySource)


def partition(graph: rdflib.Graph) -> dict[URIRef, list[tuple[Node, Node, Node]]]:
    """Named graph IRI → its triples, both sorted. A document's graph is named by the document's IRI."""
    homes = _homes(graph)
    parts: dict[URIRef, set[tuple[Node, Node, Node]]] = {}
    for triple in graph:
        for name in homes.get(triple[0], (DOMAIN_GRAPH,)):
            parts.setdefault(name, set()).add(triple)
    return {name: sorted(parts[name], key=_triple_key) for name in sorted(parts)}


def quads(graph: rdflib.Graph) -> Iterator[pyoxigraph.Quad]:
    """The partition as Oxigraph quads, in a fixed order (graph, subject, predicate, object)."""
    for name, triples in partition(graph).items():
        graph_name = pyoxigraph.NamedNode(str(name))
        for subject, predicate, obj in triples:
            yield pyoxigraph.Quad(oxigraph_term(subject), oxigraph_term(predicate), oxigraph_term(obj), graph_name)


def prefixes(graph: rdflib.Graph) -> dict[str, str]:
    """The bound prefixes the graph uses, for serialisers that abbreviate IRIs.

    A graph rdflib parsed binds two dozen prefixes of its own; declaring only the used ones keeps
    the file to the standard ones plus kg's.
    """
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    iris |= {str(o.datatype) for o in graph.objects() if isinstance(o, Literal) and o.datatype}
    return {prefix: str(namespace) for prefix, namespace in sorted(graph.namespaces())
            if prefix and any(iri.startswith(str(namespace)) for iri in iris)}


def read_union(path: str | Path, format: str | None = None) -> rdflib.Graph:
    """Parse any RDF file into one graph: the union of its named graphs for TriG and N-Quads.

    rdflib's ``Graph.parse`` silently drops the quads of a TriG or N-Quads file (they go to other
    graphs of its store), so a graph read that way would be empty.
    """
    chosen = format or guess_format(str(path))
    if chosen not in ("trig", "nquads"):
        return rdflib.Graph().parse(path, format=chosen)
    dataset = rdflib.Dataset()
    dataset.parse(path, format=chosen)
    union = rdflib.Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, replace=True)
    for subject, predicate, obj, _ in dataset.quads():
        union.add((subject, predicate, obj))
    return union


def _homes(graph: rdflib.Graph) -> dict[Node, set[URIRef]]:
    """Subject → the documents whose graphs it belongs to (absent: the domain graph)."""
    documents = {d for d in graph.subjects(RDF.type, KG.NewsArticle) if isinstance(d, URIRef)}
    homes: dict[Node, set[URIRef]] = {document: {document} for document in documents}
    for link in _SOURCE_LINKS:
        for subject, document in graph.subject_objects(link):
            if document in documents and subject not in documents:
                homes.setdefault(subject, set()).add(document)
    bases = tuple({str(d)[: str(d).rindex("/doc/") + 1] for d in documents if "/doc/" in str(d)})
    linked = set(homes)
    referrals = [
        (subject, obj) for subject, obj in graph.subject_objects()
        if isinstance(obj, URIRef) and obj not in linked and obj != subject and str(obj).startswith(bases)
    ]
    changed = True
    while changed:  # a chain (actor → role → organisation) takes one pass per link
        changed = False
        for subject, obj in referrals:
            new = homes.get(subject, set()) - homes.get(obj, set())
            if new:
                homes.setdefault(obj, set()).update(new)
                changed = True
    return homes


def _triple_key(triple: tuple[Node, Node, Node]) -> tuple[str, ...]:
    return tuple(term.n3() for term in triple)


def oxigraph_term(term: Node):
    """The pyoxigraph term for an rdflib term (lexical forms kept as they are)."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")
