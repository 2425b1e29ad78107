"""Map a resolved Corpus to RDF: the only module that makes triples (see docs/rdf-mapping.md).

Triples are pyoxigraph terms. IRIs are minted from stable keys only (document ids, actor keys,
character spans, quote hashes, codes), each variable part percent-encoded, so the same corpus always
gives the same graph whatever order it was built in and whatever the text contains.

The mapping is made in parts (``prepare``, ``Mapping.part``). Every node is described by exactly one
part, chosen by a stable hash of its record's key: documents, provision mentions, objections, stances
and all evidence by their article, actors (with their direct positions) by key, statements by IRI
path, minted provisions by slug. So the parts are disjoint, can be made in parallel by workers that
share one ``Mapping`` (the corpus-wide indexes) and each receive their part's ``Records``
(kg.pipeline), and their union is the graph whoever made them. Each ``add_*`` method maps one kind of
record.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import quote

import pyoxigraph as ox

import kg.paths as paths
from kg.domain import first_policy, vocabulary
from kg.models import (
    GROUP, ORGANIZATION, PERSON, Actor, Corpus, Document, Mention, Objection, ProvisionMention, Stance, Statement,
)
from kg.resolve import slug
from kg.vocab import DCTERMS, DEFAULT_BASE, KG, KGB, KGM, OA, PREFIXES, PROV, RDF, RDFS, SDO, SKOS, XSD, local_name

_KIND_CLASSES = MappingProxyType({PERSON: KG.Person, ORGANIZATION: KG.Organization, GROUP: KG.Group})
_TRUE, _FALSE = ox.Literal("true", datatype=XSD.boolean), ox.Literal("false", datatype=XSD.boolean)
_TERMS = (ox.NamedNode, ox.Literal)
_WORDS = re.compile(r"\w+")


def triples(corpus: Corpus, domain: Sequence[ox.Triple], base: str = DEFAULT_BASE) -> list[ox.Triple]:
    """The whole graph of ``corpus`` in one part: the corpus, the domain and the vocabularies."""
    mapping, [records] = prepare(corpus, domain, base)
    return mapping.part(records)


def prepare(corpus: Corpus, domain: Sequence[ox.Triple], base: str = DEFAULT_BASE,
            count: int = 1) -> tuple[Mapping, list[Records]]:
    """The mapping's corpus-wide indexes, and the records each of ``count`` parts describes."""
    statements = _statement_groups(corpus.statements)
    mapping = Mapping(corpus, domain, base, statements)
    return mapping, _divide(corpus, statements, mapping.minted, count)


def to_graph(corpus: Corpus, domain: Sequence[ox.Triple], base: str = DEFAULT_BASE):
    """The graph of ``corpus`` as an rdflib ``Graph`` with kg's prefixes and ``data`` for ``base``
    bound, for those who want one (kg itself never does)."""
    from kg.graph import from_triples

    return from_triples(triples(corpus, domain, base), base=base).to_rdflib({**PREFIXES, "data": base})


def part_of(key: str, count: int) -> int:
    """Which of ``count`` parts describes the record keyed ``key``: a stable hash, the same in every process."""
    if count == 1:
        return 0
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") % count


class Records(NamedTuple):
    """The records part ``index`` describes (part 0 also the domain and the vocabularies); a
    statement comes with all its reports, whichever articles they are in."""

    index: int
    documents: list[Document]
    actors: list[Actor]
    statements: list[tuple[str, list[Statement]]]
    evidence: list[tuple[str, Mention]]
    minted: list[str]
    provisions: list[ProvisionMention]
    objections: list[Objection]
    stances: list[Stance]


class Mapping:
    """The corpus-wide indexes every part reads, built once (``prepare``): the policy, the
    vocabularies, organisations by name, statements by span, minted provisions and direct positions."""

    def __init__(self, corpus: Corpus, domain: Sequence[ox.Triple], base: str,
                 statements: dict[str, list[Statement]]) -> None:
        self.base = base
        self.domain = tuple(domain)
        self.policy = first_policy(self.domain)
        self.vocabulary = vocabulary(paths.ONTOLOGY_DIR / "kg.ttl")
        self.direct = {local_name(t.subject): t.object for t in self.vocabulary if t.predicate == KG.directProperty}
        self.organizations = _organization_index(corpus.actors)
        self.spans = {(s.doc_id, s.mention.start, s.mention.end): path for path, reports in statements.items()
                      for s in reports}
        self.minted = _minted_provisions(corpus.provisions)
        self.positions = _positions(corpus.stances)
        self._nodes: dict[str, ox.NamedNode] = {}

    def part(self, records: Records) -> list[ox.Triple]:
        """The part of ``records``: each subject's triples together, in the order they are made,
        subjects in IRI order, no triple twice."""
        return _Builder(self).build(records)

    def iri(self, path: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + path)

    def node(self, path: str) -> ox.NamedNode:
        """``iri`` for the IRIs many triples point at (articles, actors): made once each."""
        node = self._nodes.get(path)
        if node is None:
            node = self._nodes[path] = self.iri(path)
        return node

    def document(self, doc_id: str) -> ox.NamedNode:
        return self.node(f"doc/{_encoded(doc_id)}")

    def actor(self, key: str | None) -> ox.NamedNode | None:
        return None if key is None else self.node(f"actor/{_encoded(key)}")

    def span(self, kind: str, doc_id: str, mention: Mention, *suffix: str) -> ox.NamedNode:
        tail = "".join(f"/{_encoded(s)}" for s in suffix)
        return self.iri(f"{kind}/{_encoded(doc_id)}/{_span(mention)}{tail}")


class _Builder:
    """Makes one part: the sink every mapping step adds its triples to."""

    def __init__(self, mapping: Mapping) -> None:
        self.m = mapping
        self.groups: dict[ox.NamedNode | ox.BlankNode, dict[ox.Triple, None]] = {}

    def build(self, records: Records) -> list[ox.Triple]:
        m = self.m
        if records.index == 0:
            for triple in (*m.domain, *m.vocabulary):
                self.emit(triple.subject, triple.predicate, triple.object)
        for document in records.documents:
            self.add_document(document)
        for actor in records.actors:
            self.add_actor(actor)
        for path, reports in records.statements:
            self.add_statement(path, reports)
        for doc_id, mention in records.evidence:
            self.add_evidence(doc_id, mention)
        for key in records.minted:
            self.add_minted_provision(key)
        for provision in records.provisions:
            self.add_provision_mention(provision)
        for objection in records.objections:
            self.add_objection(objection)
        for stance in records.stances:
            self.add_stance(stance)
        return [triple for subject in sorted(self.groups, key=str) for triple in self.groups[subject]]

    def emit(self, subject, predicate: ox.NamedNode, value) -> None:
        group = self.groups.get(subject)
        if group is None:
            group = self.groups[subject] = {}
        group[ox.Triple(subject, predicate, value)] = None

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, value: object) -> None:
        """Add one triple unless the value is absent (None, empty string); other values become literals."""
        if type(value) in _TERMS:
            self.emit(subject, predicate, value)
        elif value is None or value == "":
            return
        elif isinstance(value, bool):
            self.emit(subject, predicate, _TRUE if value else _FALSE)
        else:
            self.emit(subject, predicate, ox.Literal(str(value)))

    def add_all(self, subject: ox.NamedNode, predicate: ox.NamedNode, values: Iterable[object]) -> None:
        for value in values:
            self.add(subject, predicate, value)

    def add_document(self, document: Document) -> None:
        iri = self.m.document(document.id)
        self.add(iri, RDF.type, KG.NewsArticle)
        self.add(iri, DCTERMS.identifier, document.id)
        self.add(iri, DCTERMS.title, _en(document.title))
        self.add(iri, DCTERMS.date, _date(document.date))
        self.add(iri, DCTERMS.publisher, document.publisher)
        self.add(iri, SDO.url, document.url and ox.Literal(document.url, datatype=XSD.anyURI))
        self.add(iri, KG.fullText, document.text)

    def add_actor(self, actor: Actor) -> None:
        m = self.m
        iri = m.actor(actor.key)
        self.add(iri, RDF.type, _KIND_CLASSES[actor.kind])
        if actor.anonymous:
            self.add(iri, RDF.type, KG.AnonymousSource)
        self.add(iri, RDFS.label, actor.name)
        self.add_all(iri, SKOS.altLabel, (alias for alias in actor.aliases if alias != actor.name))
        for number, role in enumerate(actor.roles, start=1):
            role_iri = m.iri(f"actor/{_encoded(actor.key)}/role/{number}")
            self.add(iri, KG.holdsRole, role_iri)
            self.add(role_iri, RDF.type, KG.RoleAssignment)
            self.add(role_iri, KG.roleTitle, role.title)
            self.add(role_iri, KG.inOrganization, m.actor(m.organizations.get(_name_key(role.organization))))
            if role.former:
                self.add(role_iri, KG.former, True)
        self.add_all(iri, KG.affiliatedWith, map(m.actor, actor.affiliations))
        self.add_all(iri, KG.partOf, map(m.actor, actor.part_of))
        self.add(iri, KG.party, actor.party)
        self.add(iri, KG.region, actor.region)
        self.add_all(iri, KG.mentionedIn, (m.document(doc_id) for doc_id, _ in actor.mentions))
        for value in m.positions.get(actor.key, ()):
            self.add(iri, m.direct[value], m.policy)

    def add_evidence(self, doc_id: str, mention: Mention) -> None:
        """The Web Annotation target for a span: the document plus a position-and-quote selector."""
        iri = self.m.span("evidence", doc_id, mention)
        selector = self.m.span("evidence", doc_id, mention, "selector")
        self.add(iri, RDF.type, OA.SpecificResource)
        self.add(iri, OA.hasSource, self.m.document(doc_id))
        self.add(iri, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, RDF.type, OA.TextQuoteSelector)
        self.add(selector, OA.start, ox.Literal(str(mention.start), datatype=XSD.nonNegativeInteger))
        self.add(selector, OA.end, ox.Literal(str(mention.end), datatype=XSD.nonNegativeInteger))
        self.emit(selector, OA.exact, ox.Literal(mention.text))

    def add_sources(self, iri: ox.NamedNode, doc_id: str, mention: Mention) -> ox.NamedNode:
        """Evidence as kg:evidence and, stated outright for PROV-O tools that do no inference,
        prov:wasDerivedFrom the evidence and prov:hadPrimarySource the article. The evidence itself
        is described by the article's part."""
        evidence = self.m.span("evidence", doc_id, mention)
        self.add(iri, KG.evidence, evidence)
        self.add(iri, PROV.wasDerivedFrom, evidence)
        self.add(iri, PROV.hadPrimarySource, self.m.document(doc_id))
        return evidence

    def add_provenance(self, iri: ox.NamedNode, doc_id: str, mention: Mention, rule: str, confidence: float) -> None:
        """Sources, rule and confidence of a record its article's part describes, with its evidence."""
        self.add_evidence(doc_id, mention)
        self.add_sources(iri, doc_id, mention)
        self.add(iri, KG.rule, rule)
        self.add(iri, KG.confidence, _decimal(confidence))

    def add_statement(self, path: str, reports: list[Statement]) -> None:
        """One statement however many articles report it (docs/rdf-mapping.md). The words, speaker,
        kind, rule and confidence come from the first report; every report adds its article and
        evidence. Date, medium and place are stated on the statement when all reports agree; when
        they differ, each report's value is recorded as a reified claim citing its article."""
        m = self.m
        iri, first = m.iri(path), reports[0]
        self.add(iri, RDF.type, KG.Statement)
        self.add(iri, KG.quote, _en(first.text))
        self.add(iri, KG.speaker, m.actor(first.speaker))
        self.add(iri, KG.kind, first.kind)
        self.add_all(iri, KG.alteration, sorted({a.text for s in reports for a in s.alterations}))
        self.add(iri, KG.cue, first.cue)
        self.add(iri, KG.rule, first.rule)
        self.add(iri, KG.confidence, _decimal(first.confidence))
        evidence = {}
        for report in reports:
            self.add(iri, KG.reportedIn, m.document(report.doc_id))
            evidence[report.doc_id, report.mention] = self.add_sources(iri, report.doc_id, report.mention)
        for predicate, value in ((KG.statedOn, lambda s: _date(s.date)), (KG.medium, lambda s: s.medium and KGM[s.medium]),
                                 (KG.place, lambda s: s.place)):
            values = [value(s) for s in reports]
            if len(set(values)) == 1:
                self.add(iri, predicate, values[0])
                continue
            for report, found in zip(reports, values):
                if found is None:
                    continue
                claim = m.iri(f"{path}/claim/{_encoded(report.doc_id)}/{_span(report.mention)}/{local_name(predicate)}")
                self.add(claim, RDF.type, RDF.Statement)
                self.add(claim, RDF.subject, iri)
                self.add(claim, RDF.predicate, predicate)
                self.add(claim, RDF.object, found)
                self.add(claim, PROV.wasDerivedFrom, evidence[report.doc_id, report.mention])
                self.add(claim, PROV.hadPrimarySource, m.document(report.doc_id))

    def add_provision_mention(self, mention: ProvisionMention) -> None:
        """One node per (span, provision): one sentence may describe several provisions."""
        provision = ox.NamedNode(mention.provision) if mention.provision else self.m.iri(_minted_path(mention))
        iri = self.m.span("provision-mention", mention.doc_id, mention.mention, local_name(provision))
        self.add(iri, RDF.type, KG.ProvisionMention)
        self.add(iri, KG.provision, provision)
        self.add(iri, KG.mentionText, _en(mention.mention.text))
        self.add(iri, KG.inferred, mention.inferred)
        self.add(iri, KG.cue, mention.cue)
        self.add(iri, KG.mentionedIn, self.m.document(mention.doc_id))
        self.add_provenance(iri, mention.doc_id, mention.mention, mention.rule, mention.confidence)

    def add_minted_provision(self, key: str) -> None:
        iri = self.m.iri(f"provision/{_encoded(key)}")
        labels, citations, jurisdictions = self.m.minted[key]
        preferred, *others = labels
        self.add(iri, RDF.type, KG.LegalProvision)
        self.add(iri, SKOS.prefLabel, _en(preferred))
        self.add_all(iri, SKOS.altLabel, map(_en, others))
        self.add_all(iri, KG.citation, citations)
        self.add_all(iri, KG.jurisdiction, jurisdictions)

    def add_objection(self, objection: Objection) -> None:
        m = self.m
        iri = m.span("objection", objection.doc_id, objection.mention, objection.basis, objection.objector or "")
        self.add(iri, RDF.type, KG.Objection)
        self.add(iri, KG.objector, m.actor(objection.objector))
        self.add(iri, KG.basis, KGB[objection.basis])
        self.add(iri, KG.targets, m.policy)
        self.add(iri, KG.invokesAuthority, objection.court and ox.NamedNode(objection.court))
        self.add_all(iri, KG.citesPrecedent, map(ox.NamedNode, objection.precedents))
        self.add_all(iri, KG.candidatePrecedent, map(ox.NamedNode, objection.candidate_precedents))
        carrier = objection.statement
        if carrier:
            path = m.spans.get((objection.doc_id, carrier.start, carrier.end))
            self.add(iri, KG.carriedBy, path and m.iri(path))
        self.add(iri, KG.text, _en(objection.mention.text))
        self.add(iri, KG.cue, objection.cue)
        self.add(iri, KG.mentionedIn, m.document(objection.doc_id))
        self.add_provenance(iri, objection.doc_id, objection.mention, objection.rule, objection.confidence)

    def add_stance(self, stance: Stance) -> None:
        m = self.m
        iri = m.span("stance", stance.doc_id, stance.mention, stance.stance, stance.holder or "")
        self.add(iri, RDF.type, KG.Stance)
        self.add(iri, KG.holder, m.actor(stance.holder))
        self.add(iri, KG.stanceValue, KG[stance.stance])
        self.add(iri, KG.target, m.policy)
        if stance.target is not None:
            self.add(iri, KG.measure, self.add_measure(stance.doc_id, stance.target, stance.target_reverses))
        self.add(iri, KG.text, _en(stance.mention.text))
        self.add(iri, KG.cue, stance.cue)
        self.add(iri, KG.mentionedIn, m.document(stance.doc_id))
        self.add_provenance(iri, stance.doc_id, stance.mention, stance.rule, stance.confidence)

    def add_measure(self, doc_id: str, target: Mention, reverses: bool) -> ox.NamedNode:
        """The measure a stance is taken toward, one node per article, wording and direction (the
        stances of one article toward "the bill" share it, and its label is the one its IRI is made
        from), described by the article's part."""
        m = self.m
        words = " ".join(target.text.split())
        if words[:1].isupper() and words.split()[0][1:].islower():
            words = words[0].lower() + words[1:]  # a sentence's capital: "Death penalty" is the "death penalty"
        iri = m.iri(f"measure/{_encoded(doc_id)}/{_encoded(words)}" + ("/reversing" if reverses else ""))
        self.add(iri, RDF.type, KG.Measure)
        self.add(iri, RDFS.label, _en(words))
        self.add(iri, KG.measureOf, m.policy)
        if reverses:
            self.add(iri, KG.reversesPolicy, True)
        self.add(iri, KG.mentionedIn, m.document(doc_id))
        return iri


def _divide(corpus: Corpus, statements: dict[str, list[Statement]], minted: dict, count: int) -> list[Records]:
    """The records each of ``count`` parts describes, found in one pass."""
    parts = [Records(index, [], [], [], [], [], [], [], []) for index in range(count)]
    # An article's id is hashed once for all its records. The memo is this call's: a module-wide cache
    # would outlive the corpus and keep the memory the corpus freed from going back to the system.
    part = functools.cache(lambda key: parts[part_of(key, count)])
    for document in corpus.documents:
        part(document.id).documents.append(document)
    for actor in corpus.actors:
        part(actor.key).actors.append(actor)
    for path, reports in statements.items():
        part(path).statements.append((path, reports))
        for report in reports:
            part(report.doc_id).evidence.append((report.doc_id, report.mention))
    for key in minted:
        part(key).minted.append(key)
    for provision in corpus.provisions:
        part(provision.doc_id).provisions.append(provision)
    for objection in corpus.objections:
        part(objection.doc_id).objections.append(objection)
    for stance in corpus.stances:
        part(stance.doc_id).stances.append(stance)
    return parts


@functools.lru_cache(maxsize=1 << 16)  # an article's id is encoded again for each of its records
def _encoded(value: object) -> str:
    """A variable part of an IRI, percent-encoded: never raw text."""
    return quote(str(value), safe="")


def _span(mention: Mention) -> str:
    return f"{mention.start}-{mention.end}"


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(str(Decimal(str(value))), datatype=XSD.decimal)


def _date(value) -> ox.Literal | None:
    return ox.Literal(value.isoformat(), datatype=XSD.date) if value else None


def _en(text: str | None) -> ox.Literal | None:
    return ox.Literal(text, language="en") if text else None


def quote_key(text: str) -> str:
    """A hash of a quote that ignores what outlets change when they print it: case, quotation marks
    and other punctuation, editorial brackets and spacing. Only the words must agree."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("[", "").replace("]", "")
    words = " ".join(_WORDS.findall(folded))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def statement_path(statement: Statement) -> str:
    """The statement's IRI under the base: ``statement/{speaker key}/{quote key}``, so the same words
    from the same speaker are one statement whichever articles report them."""
    speaker = f"{_encoded(statement.speaker)}/" if statement.speaker else ""
    return f"statement/{speaker}{quote_key(statement.text)}"


def _statement_groups(statements: Iterable[Statement]) -> dict[str, list[Statement]]:
    """Statements keyed by IRI path, each with its reports ordered by article and offset, the keys in
    order of their first report, so the mapping's output order is fixed."""
    groups: dict[str, list[Statement]] = {}
    for statement in sorted(statements, key=lambda s: (s.doc_id, s.mention.start, s.mention.end)):
        groups.setdefault(statement_path(statement), []).append(statement)
    return groups



def _minted_path(mention: ProvisionMention) -> str:
    """``provision/{slug}``: labels that differ only in case or punctuation share it."""
    return f"provision/{_encoded(_minted_key(mention))}"


def _minted_key(mention: ProvisionMention) -> str:
    return slug(" ".join(p for p in (mention.label, mention.citation) if p))


def _minted_provisions(mentions: Iterable[ProvisionMention]) -> dict[str, tuple[list[str], list, list]]:
    """Per minted slug, its labels, citations and jurisdictions, each sorted, so the preferred label
    does not depend on record order."""
    found: dict[str, tuple[set, set, set]] = {}
    for mention in mentions:
        if not mention.provision:
            labels, citations, jurisdictions = found.setdefault(_minted_key(mention), (set(), set(), set()))
            labels.add(mention.label)
            citations.add(mention.citation)
            jurisdictions.add(mention.jurisdiction)
    return {key: tuple(sorted(v for v in values if v) for values in sets) for key, sets in sorted(found.items())}


def _positions(stances: Iterable[Stance]) -> dict[str, tuple[str, ...]]:
    """Per holder, the stance values of its stances, sorted and once each: its direct positions."""
    found: dict[str, set[str]] = {}
    for stance in stances:
        if stance.holder:
            found.setdefault(stance.holder, set()).add(stance.stance)
    return {holder: tuple(sorted(values)) for holder, values in found.items()}


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

