"""Map a resolved Corpus to RDF: the only module that builds triples (see docs/rdf-mapping.md).

IRIs are minted from stable keys only (document ids, actor keys, character spans, codes), each
variable part percent-encoded, so the same corpus always gives the same graph whatever order it was
built in and whatever the text contains.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO
from rdflib.term import Node

from kg import paths
from kg.models import (
    GROUP, ORGANIZATION, PERSON, Actor, Corpus, Document, Mention, Objection, ProvisionMention, Stance, Statement,
)
from kg.vocab import DEFAULT_BASE, KG, KGB, KGD, KGL, KGM, OA

PREFIXES = MappingProxyType({
    "kg": KG._NS,
    "kgd": KGD,
    "kgb": KGB._NS,
    "kgm": KGM._NS,
    "kgl": KGL,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "schema": SDO,
    "prov": PROV,
    "dcterms": DCTERMS,
    "oa": OA,
})

_KIND_CLASSES = MappingProxyType({PERSON: KG.Person, ORGANIZATION: KG.Organization, GROUP: KG.Group})


def to_graph(corpus: Corpus, domain: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Return a new graph holding the corpus, the domain knowledge and the controlled vocabularies.

    The bases, media and stance values from ontology/kg.ttl are copied in so that every graph can be
    queried and validated on its own. Objections and stances target the first kg:Policy of the domain
    by IRI order (the domain normally defines exactly one).
    """
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("data", base)
    for triple in domain:
        graph.add(triple)
    for triple in _vocabulary(paths.ONTOLOGY_DIR / "kg.ttl"):
        graph.add(triple)
    builder = _Builder(graph, Namespace(base), corpus, _policy(domain))
    builder.add_corpus()
    return graph


@functools.cache
def _vocabulary(path: Path) -> tuple[tuple, ...]:
    """The concept schemes of kg.ttl (bases, media, stance values), parsed once per path."""
    ontology = Graph().parse(path, format="turtle")
    schemes = (str(KGB._NS), str(KGM._NS))
    subjects = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(schemes)}
    subjects |= set(ontology.subjects(RDF.type, KG.StanceValue))
    return tuple(sorted(t for s in subjects for t in ontology.triples((s, None, None))))


def _policy(domain: Graph) -> URIRef | None:
    policies = sorted(p for p in domain.subjects(RDF.type, KG.Policy) if isinstance(p, URIRef))
    return policies[0] if policies else None


def _part(value: object) -> str:
    return quote(str(value), safe="")


def _span(mention: Mention) -> str:
    return f"{mention.start}-{mention.end}"


def _slug(*parts: str | None) -> str:
    text = " ".join(p for p in parts if p).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


class _Builder:
    """Holds what every mapping step needs: the graph, the data namespace and the actor index."""

    def __init__(self, graph: Graph, data: Namespace, corpus: Corpus, policy: URIRef | None):
        self.graph = graph
        self.data = data
        self.corpus = corpus
        self.policy = policy
        self.organizations = _organization_index(corpus.actors)
        self.statement_spans = {(s.doc_id, s.mention.start, s.mention.end) for s in corpus.statements}
        self.minted_labels = _minted_labels(corpus.provisions)

    def add_corpus(self) -> None:
        for document in self.corpus.documents:
            self.add_document(document)
        for actor in self.corpus.actors:
            self.add_actor(actor)
        for statement in self.corpus.statements:
            self.add_statement(statement)
        for provision in self.corpus.provisions:
            self.add_provision_mention(provision)
        for objection in self.corpus.objections:
            self.add_objection(objection)
        for stance in self.corpus.stances:
            self.add_stance(stance)

    def add(self, subject: URIRef, predicate: URIRef, value: object) -> None:
        """Add one triple unless the value is absent (None, empty string or empty tuple)."""
        if value is None or value == "":
            return
        if isinstance(value, Node):
            self.graph.add((subject, predicate, value))
        else:
            self.graph.add((subject, predicate, Literal(value)))

    def add_all(self, subject: URIRef, predicate: URIRef, values: Iterable[object]) -> None:
        for value in values:
            self.add(subject, predicate, value)

    def document(self, doc_id: str) -> URIRef:
        return self.data[f"doc/{_part(doc_id)}"]

    def actor(self, key: str | None) -> URIRef | None:
        return None if key is None else self.data[f"actor/{_part(key)}"]

    def span_iri(self, kind: str, doc_id: str, mention: Mention, *suffix: str) -> URIRef:
        tail = "".join(f"/{_part(s)}" for s in suffix)
        return self.data[f"{kind}/{_part(doc_id)}/{_span(mention)}{tail}"]

    def add_document(self, document: Document) -> None:
        iri = self.document(document.id)
        self.add(iri, RDF.type, KG.NewsArticle)
        self.add(iri, DCTERMS.identifier, document.id)
        self.add(iri, DCTERMS.title, document.title and _en(document.title))
        self.add(iri, DCTERMS.date, document.date and Literal(document.date, datatype=XSD.date))
        self.add(iri, DCTERMS.publisher, document.publisher)
        self.add(iri, SDO.url, document.url and Literal(document.url, datatype=XSD.anyURI))
        self.add(iri, KG.fullText, document.text)

    def add_actor(self, actor: Actor) -> None:
        iri = self.actor(actor.key)
        self.add(iri, RDF.type, _KIND_CLASSES[actor.kind])
        if actor.anonymous:
            self.add(iri, RDF.type, KG.AnonymousSource)
        self.add(iri, RDFS.label, actor.name)
        self.add_all(iri, SKOS.altLabel, (alias for alias in actor.aliases if alias != actor.name))
        for number, role in enumerate(actor.roles, start=1):
            role_iri = self.data[f"actor/{_part(actor.key)}/role/{number}"]
            self.add(iri, KG.holdsRole, role_iri)
            self.add(role_iri, RDF.type, KG.RoleAssignment)
            self.add(role_iri, KG.roleTitle, role.title)
            self.add(role_iri, KG.inOrganization, self.actor(self.organizations.get(_name_key(role.organization))))
            if role.former:
                self.add(role_iri, KG.former, True)
        self.add_all(iri, KG.affiliatedWith, (self.actor(key) for key in actor.affiliations))
        self.add_all(iri, KG.partOf, (self.actor(key) for key in actor.part_of))
        self.add(iri, KG.party, actor.party)
        self.add(iri, KG.region, actor.region)
        self.add_all(iri, KG.mentionedIn, (self.document(doc_id) for doc_id, _ in actor.mentions))

    def add_evidence(self, doc_id: str, mention: Mention) -> URIRef:
        """The Web Annotation target for a span: the document plus a position-and-quote selector."""
        iri = self.span_iri("evidence", doc_id, mention)
        selector = self.span_iri("evidence", doc_id, mention, "selector")
        self.add(iri, RDF.type, OA.SpecificResource)
        self.add(iri, OA.hasSource, self.document(doc_id))
        self.add(iri, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, RDF.type, OA.TextQuoteSelector)
        self.add(selector, OA.start, Literal(mention.start, datatype=XSD.nonNegativeInteger))
        self.add(selector, OA.end, Literal(mention.end, datatype=XSD.nonNegativeInteger))
        self.graph.add((selector, OA.exact, Literal(mention.text)))
        return iri

    def add_provenance(self, iri: URIRef, doc_id: str, mention: Mention, rule: str, confidence: float) -> None:
        """Evidence as kg:evidence and, stated outright for PROV-O tools that do no inference,
        prov:wasDerivedFrom the evidence and prov:hadPrimarySource the article."""
        evidence = self.add_evidence(doc_id, mention)
        self.add(iri, KG.evidence, evidence)
        self.add(iri, PROV.wasDerivedFrom, evidence)
        self.add(iri, PROV.hadPrimarySource, self.document(doc_id))
        self.add(iri, KG.rule, rule)
        self.add(iri, KG.confidence, _decimal(confidence))

    def add_statement(self, statement: Statement) -> None:
        iri = self.span_iri("statement", statement.doc_id, statement.mention)
        self.add(iri, RDF.type, KG.Statement)
        self.add(iri, KG.quote, _en(statement.text))
        self.add(iri, KG.speaker, self.actor(statement.speaker))
        self.add(iri, KG.medium, statement.medium and KGM[statement.medium])
        self.add(iri, KG.statedOn, statement.date and Literal(statement.date, datatype=XSD.date))
        self.add(iri, KG.place, statement.place)
        self.add(iri, KG.kind, statement.kind)
        self.add_all(iri, KG.alteration, (alteration.text for alteration in statement.alterations))
        self.add(iri, KG.cue, statement.cue)
        self.add(iri, KG.reportedIn, self.document(statement.doc_id))
        self.add_provenance(iri, statement.doc_id, statement.mention, statement.rule, statement.confidence)

    def add_provision_mention(self, mention: ProvisionMention) -> None:
        """One node per (span, provision): one sentence may describe several provisions."""
        provision = URIRef(mention.provision) if mention.provision else self.add_minted_provision(mention)
        iri = self.span_iri("provision-mention", mention.doc_id, mention.mention, _local_name(provision))
        self.add(iri, RDF.type, KG.ProvisionMention)
        self.add(iri, KG.provision, provision)
        self.add(iri, KG.mentionText, _en(mention.mention.text))
        self.add(iri, KG.inferred, mention.inferred)
        self.add(iri, KG.cue, mention.cue)
        self.add(iri, KG.mentionedIn, self.document(mention.doc_id))
        self.add_provenance(iri, mention.doc_id, mention.mention, mention.rule, mention.confidence)

    def add_minted_provision(self, mention: ProvisionMention) -> URIRef:
        """Mint ``provision/{slug}``; labels that differ only in case or punctuation share it."""
        slug = _slug(mention.label, mention.citation)
        iri = self.data[f"provision/{_part(slug)}"]
        preferred, *others = self.minted_labels[slug]
        self.add(iri, RDF.type, KG.LegalProvision)
        self.add(iri, SKOS.prefLabel, _en(preferred))
        self.add_all(iri, SKOS.altLabel, map(_en, others))
        self.add(iri, KG.citation, mention.citation)
        self.add(iri, KG.jurisdiction, mention.jurisdiction)
        return iri

    def add_objection(self, objection: Objection) -> None:
        iri = self.span_iri("objection", objection.doc_id, objection.mention, objection.basis, objection.objector or "")
        self.add(iri, RDF.type, KG.Objection)
        self.add(iri, KG.objector, self.actor(objection.objector))
        self.add(iri, KG.basis, KGB[objection.basis])
        self.add(iri, KG.targets, self.policy)
        self.add(iri, KG.invokesAuthority, objection.court and URIRef(objection.court))
        self.add_all(iri, KG.citesPrecedent, map(URIRef, objection.precedents))
        self.add_all(iri, KG.candidatePrecedent, map(URIRef, objection.candidate_precedents))
        carrier = objection.statement
        if carrier and (objection.doc_id, carrier.start, carrier.end) in self.statement_spans:
            self.add(iri, KG.carriedBy, self.span_iri("statement", objection.doc_id, carrier))
        self.add(iri, KG.text, _en(objection.mention.text))
        self.add(iri, KG.cue, objection.cue)
        self.add(iri, KG.mentionedIn, self.document(objection.doc_id))
        self.add_provenance(iri, objection.doc_id, objection.mention, objection.rule, objection.confidence)

    def add_stance(self, stance: Stance) -> None:
        iri = self.span_iri("stance", stance.doc_id, stance.mention, stance.stance, stance.holder or "")
        self.add(iri, RDF.type, KG.Stance)
        self.add(iri, KG.holder, self.actor(stance.holder))
        self.add(iri, KG.stanceValue, KG[stance.stance])
        self.add(iri, KG.target, self.policy)
        self.add(iri, KG.text, _en(stance.mention.text))
        self.add(iri, KG.cue, stance.cue)
        self.add(iri, KG.mentionedIn, self.document(stance.doc_id))
        self.add_provenance(iri, stance.doc_id, stance.mention, stance.rule, stance.confidence)


def _local_name(iri: URIRef) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _minted_labels(mentions: Iterable[ProvisionMention]) -> dict[str, list[str]]:
    """Per minted slug, its labels sorted, so the preferred label does not depend on record order."""
    labels: dict[str, set[str]] = {}
    for mention in mentions:
        if not mention.provision:
            labels.setdefault(_slug(mention.label, mention.citation), set()).add(mention.label)
    return {slug: sorted(found) for slug, found in labels.items()}


def _name_key(name: str | None) -> str | None:
    return " ".join(name.casefold().split()) if name else None


def _organization_index(actors: Iterable[Actor]) -> dict[str, str]:
    """Organisation names and aliases (case- and space-insensitive) to actor keys; first key by order wins."""
    index: dict[str, str] = {}
    for actor in sorted(actors, key=lambda a: a.key):
        if actor.kind == ORGANIZATION:
            for name in (actor.name, *actor.aliases):
                index.setdefault(_name_key(name), actor.key)
    return index
