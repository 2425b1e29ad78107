"""kg's vocabularies as rdflib namespaces, for the tests that check graphs with rdflib (kg.rdf.to_graph)."""
from rdflib import Namespace

from kg import vocab

KG, KGB, KGD, KGM, OA = (Namespace(ns.iri) for ns in (vocab.KG, vocab.KGB, vocab.KGD, vocab.KGM, vocab.OA))
