"""Map a resolved Corpus to RDF: the only module that builds triples (see docs/rdf-mapping.md).

IRIs are minted from stable keys only (document ids, actor keys, character spans, quote hashes,
codes), each variable part percent-encoded, so the same corpus always gives the same graph whatever
order it was built in and whatever the text contains.

The mapping is written once and emits terms through a sink: ``to_graph`` fills an rdflib graph (for
the exporters that walk one), ``Mapping`` writes sorted N-Triples in disjoint shares (for building
large corpora in parallel, where rdflib's memory and speed do not scale). Both give the same triples.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
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


class _Terms:
    """A namespace whose terms are made once: rdflib builds (and checks) a new URIRef on every
    attribute access, which the mapping does for each of millions of triples."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        if name not in self._items:
            self._items[name] = self._namespace[name]
        return self._items[name]


KG, KGB, KGM, OA, RDF, RDFS, SKOS, XSD, DCTERMS, PROV, SDO = map(
    _Terms, (KG, KGB, KGM, OA, RDF, RDFS, SKOS, XSD, DCTERMS, PROV, SDO))
"""Rebound after ``PREFIXES`` and ``_KIND_CLASSES`` took the namespaces themselves."""


class _IRI(str):
    """An IRI the mapping minted from percent-encoded parts: valid by construction, so it skips
    URIRef's per-instance check (``to_graph`` makes URIRefs of them)."""

    __slots__ = ()


class _Lit(NamedTuple):
    """A literal as the mapping writes it: lexical form, datatype IRI (None = xsd:string), language."""

    lexical: str
    datatype: str | None = None
    language: str | None = None


Sink = Callable[[str, str, "str | _Lit"], None]
"""Receives one triple; IRIs are ``URIRef`` (a ``str``), literals ``_Lit``."""


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
    add = graph.add

    def sink(subject: str, predicate: str, value: str | _Lit) -> None:
        if isinstance(value, _Lit):
            datatype = URIRef(value.datatype) if value.datatype else None
            value = Literal(value.lexical, datatype=datatype, lang=value.language)
        else:
            value = URIRef(value)
        add((URIRef(subject), URIRef(predicate), value))

    _Builder(sink, base, corpus, _policy(domain)).add_corpus()
    return graph


class Mapping:
    """The corpus mapped in ``count`` disjoint shares of N-Triples, for building large corpora.

    The corpus-wide indexes are built once here; each share then maps only its own records
    (documents, provision mentions, objections and stances by article, actors by key, statements
    by IRI, minted provisions by slug), so shares can be made in parallel by forked workers that
    inherit this object. No triple is in two shares, and their union is ``to_graph``'s graph.
    """

    def __init__(self, corpus: Corpus, domain: Graph, base: str = DEFAULT_BASE, count: int = 1) -> None:
        self.builder = _Builder(None, base, corpus, _policy(domain))
        self.builder.partition(count)
        self.count = count
        self.domain = domain

    def share(self, index: int) -> bytes:
        """Share ``index`` as N-Triples lines, sorted and without duplicates (share 0 also holds
        the domain and the vocabularies). Sorted lines keep each subject's triples together, and
        the same corpus always gives the same bytes.

        Lines are gathered by subject term and sorted subject by subject: the order of sorting them
        all (a term never contains a space, and ends before the space its line goes on with), at
        a fraction of the cost."""
        groups: dict[str, set[str]] = {}
        if index == 0:
            extra = [_ox_triple(t) for t in (*self.domain, *_vocabulary(paths.ONTOLOGY_DIR / "kg.ttl"))]
            for line in ox.serialize(extra, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").split("\n")[:-1]:
                term, rest = line.split(" ", 1)
                groups.setdefault(term, set()).add(f"{rest}\n")

        last: list = [None, None]

        def sink(subject: str, predicate: str, value: str | _Lit) -> None:
            if type(value) is _Lit:
                literal = _nt_escape(value.lexical)
                if value.language:
                    rest = f'<{predicate}> "{literal}"@{value.language} .\n'
                elif value.datatype:
                    rest = f'<{predicate}> "{literal}"^^<{value.datatype}> .\n'
                else:
                    rest = f'<{predicate}> "{literal}" .\n'
            else:
                rest = f"<{predicate}> <{value}> .\n"
            if subject is last[0]:
                last[1].add(rest)
                return
            term = f"<{subject}>"
            group = groups.get(term)
            if group is None:
                group = groups[term] = set()
            last[0], last[1] = subject, group
            group.add(rest)

        self.builder.emit = sink
        self.builder.add_share(index, self.count)
        return "".join(f"{term} " + f"{term} ".join(sorted(groups[term])) for term in sorted(groups)).encode("utf-8")


def _nt_escape(text: str) -> str:
    """The body of an N-Triples string literal: backslash, double quote, LF and CR escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _ox_triple(triple: tuple) -> ox.Triple:
    return ox.Triple(*(ox_term(term) for term in triple))


def ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal pyoxigraph term (blank nodes keep their ids)."""
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise ValueError(f"cannot convert {term!r} to a pyoxigraph term")


@functools.cache
def _vocabulary(path: Path) -> tuple[tuple, ...]:
    """The concept schemes of kg.ttl (bases, media, stance values), parsed once per path."""
    ontology = Graph().parse(path, format="turtle")
    schemes = (str(KGB._NS), str(KGM._NS))
    subjects = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(schemes)}
    subjects |= set(ontology.subjects(RDF.type, KG.StanceValue))
    return tuple(sorted(t for s in subjects for t in ontology.triples((s, None, None))))


@functools.cache
def _direct_properties(path: Path) -> MappingProxyType:
    """Stance value ("supports") → the property stating it directly (kg:directProperty in kg.ttl)."""
    return MappingProxyType({_local_name(value): URIRef(direct)
                             for value, predicate, direct in _vocabulary(path) if predicate == KG.directProperty})


def _policy(domain: Graph) -> URIRef | None:
    policies = sorted(p for p in domain.subjects(RDF.type, KG.Policy) if isinstance(p, URIRef))
    return policies[0] if policies else None


@functools.lru_cache(maxsize=1 << 16)
def _part(value: object) -> str:
    return quote(str(value), safe="")


def _span(mention: Mention) -> str:
    return f"{mention.start}-{mention.end}"


def _slug(*parts: str | None) -> str:
    text = " ".join(p for p in parts if p).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_WORDS = re.compile(r"\w+")


def quote_key(text: str) -> str:
    """A hash of a quote that ignores what outlets change when they print it: case, quotation marks
    and other punctuation, editorial brackets and spacing. Only the words must agree."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("[", "").replace("]", "")
    words = " ".join(_WORDS.findall(folded))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def _decimal(value: float) -> _Lit:
    return _Lit(str(Decimal(str(value))), str(XSD.decimal))


def _date(value) -> _Lit | None:
    return _Lit(value.isoformat(), str(XSD.date)) if value else None


def _en(text: str) -> _Lit:
    return _Lit(text, None, "en")


_TRUE, _FALSE = _Lit("true", str(XSD.boolean)), _Lit("false", str(XSD.boolean))
_TERMS = frozenset({_IRI, URIRef, _Lit})
"""The types the mapping passes for terms, tested first: most of the millions of values are one."""


def _share(key: str, count: int) -> int:
    """Which of ``count`` shares a record belongs to: a stable hash, so it is the same in every process."""
    if count == 1:
        return 0
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") % count


class _Part(NamedTuple):
    """The records one share of a mapping describes (``_Builder.partition``)."""

    documents: list[Document]
    actors: list[Actor]
    statements: list[str]
    evidence: list[tuple[str, Mention]]
    minted: list[str]
    provisions: list[ProvisionMention]
    objections: list[Objection]
    stances: list[Stance]


class _Builder:
    """Holds what every mapping step needs: the sink, the data base IRI and the corpus-wide indexes."""

    def __init__(self, sink: Sink | None, base: str, corpus: Corpus, policy: URIRef | None):
        self.emit = sink
        self.base = base
        self.corpus = corpus
        self.policy = policy
        self.organizations = _organization_index(corpus.actors)
        self.statements = _statement_groups(corpus.statements)
        self.statement_of_span = {(s.doc_id, s.mention.start, s.mention.end): self.iri(path)
                                  for path, reports in self.statements.items() for s in reports}
        self.minted = _minted_provisions(corpus.provisions)
        self.positions = _positions(corpus.stances)
        self.direct = _direct_properties(paths.ONTOLOGY_DIR / "kg.ttl")
        self.part = (0, 1)
        self.owners: dict[int, dict[str, int]] = {}
        self.parts: dict[int, list[_Part]] = {}

    def add_corpus(self) -> None:
        self.add_share(0, 1)

    def add_share(self, index: int, count: int) -> None:
        """Map the records of share ``index`` of ``count``. Every node is described by exactly one
        share: evidence and minted provisions by their article's and their slug's, whoever cites them."""
        self.part = (index, count)
        part = self.partition(count)[index]
        for document in part.documents:
            self.add_document(document)
        for actor in part.actors:
            self.add_actor(actor)
        for path in part.statements:
            self.add_statement(path, self.statements[path])
        for doc_id, mention in part.evidence:
            self.add_evidence(doc_id, mention)
        for slug in part.minted:
            self.add_minted_provision(slug)
        for provision in part.provisions:
            self.add_provision_mention(provision)
        for objection in part.objections:
            self.add_objection(objection)
        for stance in part.stances:
            self.add_stance(stance)

    def partition(self, count: int) -> list[_Part]:
        """The records each of ``count`` shares maps, found in one pass (a Mapping does it before its
        workers fork, so each share walks only its own records)."""
        if count not in self.parts:
            parts = [_Part([], [], [], [], [], [], [], []) for _ in range(count)]
            corpus, owner = self.corpus, self.owner
            for document in corpus.documents:
                parts[owner(document.id, count)].documents.append(document)
            for actor in corpus.actors:
                parts[owner(actor.key, count)].actors.append(actor)
            for path, reports in self.statements.items():
                parts[owner(path, count)].statements.append(path)
                for report in reports:
                    parts[owner(report.doc_id, count)].evidence.append((report.doc_id, report.mention))
            for slug in self.minted:
                parts[owner(slug, count)].minted.append(slug)
            for provision in corpus.provisions:
                parts[owner(provision.doc_id, count)].provisions.append(provision)
            for objection in corpus.objections:
                parts[owner(objection.doc_id, count)].objections.append(objection)
            for stance in corpus.stances:
                parts[owner(stance.doc_id, count)].stances.append(stance)
            self.parts[count] = parts
        return self.parts[count]

    def owner(self, key: str, count: int) -> int:
        """The share of ``count`` that describes the record keyed ``key``."""
        owners = self.owners.setdefault(count, {})
        if key not in owners:
            owners[key] = _share(key, count)
        return owners[key]

    def mine(self, key: str) -> bool:
        index, count = self.part
        return count == 1 or self.owner(key, count) == index

    def add(self, subject: str, predicate: str, value: object) -> None:
        """Add one triple unless the value is absent (None, empty string or empty tuple)."""
        if type(value) in _TERMS or isinstance(value, (_IRI, URIRef, _Lit)):
            self.emit(subject, predicate, value)
        elif value is None or value == "":
            return
        elif isinstance(value, bool):
            self.emit(subject, predicate, _TRUE if value else _FALSE)
        else:
            self.emit(subject, predicate, _Lit(str(value)))

    def add_all(self, subject: str, predicate: str, values: Iterable[object]) -> None:
        for value in values:
            self.add(subject, predicate, value)

    def iri(self, path: str) -> _IRI:
        return _IRI(self.base + path)

    def document(self, doc_id: str) -> _IRI:
        return self.iri(f"doc/{_part(doc_id)}")

    def actor(self, key: str | None) -> _IRI | None:
        return None if key is None else self.iri(f"actor/{_part(key)}")

    def span_iri(self, kind: str, doc_id: str, mention: Mention, *suffix: str) -> _IRI:
        tail = "".join(f"/{_part(s)}" for s in suffix)
        return self.iri(f"{kind}/{_part(doc_id)}/{_span(mention)}{tail}")

    def add_document(self, document: Document) -> None:
        iri = self.document(document.id)
        self.add(iri, RDF.type, KG.NewsArticle)
        self.add(iri, DCTERMS.identifier, document.id)
        self.add(iri, DCTERMS.title, document.title and _en(document.title))
        self.add(iri, DCTERMS.date, _date(document.date))
        self.add(iri, DCTERMS.publisher, document.publisher)
        self.add(iri, SDO.url, document.url and _Lit(document.url, str(XSD.anyURI)))
        self.add(iri, KG.fullText, document.text)

    def add_actor(self, actor: Actor) -> None:
        iri = self.actor(actor.key)
        self.add(iri, RDF.type, _KIND_CLASSES[actor.kind])
        if actor.anonymous:
            self.add(iri, RDF.type, KG.AnonymousSource)
        self.add(iri, RDFS.label, actor.name)
        self.add_all(iri, SKOS.altLabel, (alias for alias in actor.aliases if alias != actor.name))
        for number, role in enumerate(actor.roles, start=1):
            role_iri = self.iri(f"actor/{_part(actor.key)}/role/{number}")
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
        for value in self.positions.get(actor.key, ()):
            self.add(iri, self.direct[value], self.policy)

    def add_evidence(self, doc_id: str, mention: Mention) -> None:
        """The Web Annotation target for a span: the document plus a position-and-quote selector."""
        iri = self.span_iri("evidence", doc_id, mention)
        selector = self.span_iri("evidence", doc_id, mention, "selector")
        self.add(iri, RDF.type, OA.SpecificResource)
        self.add(iri, OA.hasSource, self.document(doc_id))
        self.add(iri, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, RDF.type, OA.TextQuoteSelector)
        self.add(selector, OA.start, _Lit(str(mention.start), str(XSD.nonNegativeInteger)))
        self.add(selector, OA.end, _Lit(str(mention.end), str(XSD.nonNegativeInteger)))
        self.emit(selector, OA.exact, _Lit(mention.text))

    def add_sources(self, iri: str, doc_id: str, mention: Mention) -> _IRI:
        """Evidence as kg:evidence and, stated outright for PROV-O tools that do no inference,
        prov:wasDerivedFrom the evidence and prov:hadPrimarySource the article. The evidence itself
        is described by the article's share (``add_share``)."""
        evidence = self.span_iri("evidence", doc_id, mention)
        if self.mine(doc_id):
            self.add_evidence(doc_id, mention)
        self.add(iri, KG.evidence, evidence)
        self.add(iri, PROV.wasDerivedFrom, evidence)
        self.add(iri, PROV.hadPrimarySource, self.document(doc_id))
        return evidence

    def add_provenance(self, iri: URIRef, doc_id: str, mention: Mention, rule: str, confidence: float) -> None:
        self.add_sources(iri, doc_id, mention)
        self.add(iri, KG.rule, rule)
        self.add(iri, KG.confidence, _decimal(confidence))

    def add_statement(self, path: str, reports: list[Statement]) -> None:
        """One statement however many articles report it (docs/rdf-mapping.md). The words, speaker,
        kind, rule and confidence come from the first report; every report adds its article and
        evidence. Date, medium and place are stated on the statement when all reports agree; when
        they differ, each report's value is recorded as a reified claim citing its article."""
        iri, first = self.iri(path), reports[0]
        self.add(iri, RDF.type, KG.Statement)
        self.add(iri, KG.quote, _en(first.text))
        self.add(iri, KG.speaker, self.actor(first.speaker))
        self.add(iri, KG.kind, first.kind)
        self.add_all(iri, KG.alteration, sorted({a.text for s in reports for a in s.alterations}))
        self.add(iri, KG.cue, first.cue)
        self.add(iri, KG.rule, first.rule)
        self.add(iri, KG.confidence, _decimal(first.confidence))
        evidence = {}
        for report in reports:
            self.add(iri, KG.reportedIn, self.document(report.doc_id))
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
                claim = self.iri(f"{path}/claim/{_part(report.doc_id)}/{_span(report.mention)}/{_local_name(predicate)}")
                self.add(claim, RDF.type, RDF.Statement)
                self.add(claim, RDF.subject, iri)
                self.add(claim, RDF.predicate, predicate)
                self.add(claim, RDF.object, found)
                self.add(claim, PROV.wasDerivedFrom, evidence[report.doc_id, report.mention])
                self.add(claim, PROV.hadPrimarySource, self.document(report.doc_id))

    def add_provision_mention(self, mention: ProvisionMention) -> None:
        """One node per (span, provision): one sentence may describe several provisions."""
        provision = URIRef(mention.provision) if mention.provision else self.minted_iri(mention)
        iri = self.span_iri("provision-mention", mention.doc_id, mention.mention, _local_name(provision))
        self.add(iri, RDF.type, KG.ProvisionMention)
        self.add(iri, KG.provision, provision)
        self.add(iri, KG.mentionText, _en(mention.mention.text))
        self.add(iri, KG.inferred, mention.inferred)
        self.add(iri, KG.cue, mention.cue)
        self.add(iri, KG.mentionedIn, self.document(mention.doc_id))
        self.add_provenance(iri, mention.doc_id, mention.mention, mention.rule, mention.confidence)

    def minted_iri(self, mention: ProvisionMention) -> _IRI:
        """``provision/{slug}``: labels that differ only in case or punctuation share it."""
        return self.iri(f"provision/{_part(_slug(mention.label, mention.citation))}")

    def add_minted_provision(self, slug: str) -> None:
        iri = self.iri(f"provision/{_part(slug)}")
        labels, citations, jurisdictions = self.minted[slug]
        preferred, *others = labels
        self.add(iri, RDF.type, KG.LegalProvision)
        self.add(iri, SKOS.prefLabel, _en(preferred))
        self.add_all(iri, SKOS.altLabel, map(_en, others))
        self.add_all(iri, KG.citation, citations)
        self.add_all(iri, KG.jurisdiction, jurisdictions)

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
        if carrier:
            self.add(iri, KG.carriedBy, self.statement_of_span.get((objection.doc_id, carrier.start, carrier.end)))
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


def statement_path(statement: Statement) -> str:
    """The statement's IRI under the base: ``statement/{speaker key}/{quote key}``, so the same words
    from the same speaker are one statement whichever articles report them."""
    speaker = f"{_part(statement.speaker)}/" if statement.speaker else ""
    return f"statement/{speaker}{quote_key(statement.text)}"


def _statement_groups(statements: Iterable[Statement]) -> dict[str, list[Statement]]:
    """Statements keyed by IRI path, each with its reports ordered by article and offset; the keys
    in order of their first report, so the mapping's output order is fixed."""
    groups: dict[str, list[Statement]] = {}
    for statement in sorted(statements, key=lambda s: (s.doc_id, s.mention.start, s.mention.end)):
        groups.setdefault(statement_path(statement), []).append(statement)
    return groups


def _local_name(iri: URIRef) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _minted_provisions(mentions: Iterable[ProvisionMention]) -> dict[str, tuple[list[str], list, list]]:
    """Per minted slug, its labels, citations and jurisdictions, each sorted, so the preferred label
    does not depend on record order."""
    found: dict[str, tuple[set, set, set]] = {}
    for mention in mentions:
        if not mention.provision:
            labels, citations, jurisdictions = found.setdefault(_slug(mention.label, mention.citation),
                                                                (set(), set(), set()))
            labels.add(mention.label)
            citations.add(mention.citation)
            jurisdictions.add(mention.jurisdiction)
    return {slug: tuple(sorted(v for v in values if v) for values in sets) for slug, sets in sorted(found.items())}


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
