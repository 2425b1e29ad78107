"""The interactive HTML view of a graph: one self-contained, offline, script-safe page.

pyvis builds the vis-network node and edge records; its page template is not used, because it
loads Bootstrap and vis from CDNs and inserts article text as HTML. Our page inlines the
vis-network script and stylesheet that ship inside the pyvis package, carries the data as JSON in a
``<script type="application/json">`` block (escaped so no text can close it), builds every piece of
DOM from that data with ``textContent``, and pins the inline code with a Content-Security-Policy of
script hashes, so markup smuggled into an article can neither run nor fetch anything.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OutputError
from kg.graph import Graph
from kg.vocab import DCTERMS, KG, OA, RDF, RDFS, SDO, SKOS, local_name

PHYSICS_NODE_LIMIT = 300
"""Above this many nodes physics starts off and the precomputed layout is drawn as is."""
STABILIZE_STEPS = 150
"""Physics steps small graphs take before the first draw; then the view stands still until dragged."""
NODE_SPACING = 48.0
"""Layout scale: on a sunflower spiral neighbours end up about 1.8 × this many pixels apart."""
MAX_ITEMS = 100
"""Panel lists longer than this are cut, so hub nodes do not bloat the page."""
VIS_DIR = ("lib", "vis-9.1.2")


@dataclass(frozen=True)
class NodeType:
    """How one kind of node is drawn and named in the legend."""

    key: str
    label: str
    shape: str
    color: str


NODE_TYPES = (
    NodeType("person", "Person", "dot", "#4e79a7"),
    NodeType("organization", "Organisation", "square", "#59a14f"),
    NodeType("group", "Group", "triangle", "#76b7b2"),
    NodeType("statement", "Statement", "box", "#edc948"),
    NodeType("provision", "Provision / circumstance", "diamond", "#f28e2b"),
    NodeType("precedent", "Precedent", "star", "#b07aa1"),
    NodeType("objection", "Objection", "triangleDown", "#e15759"),
    NodeType("policy", "Policy", "ellipse", "#ff9da7"),
    NodeType("document", "Document", "hexagon", "#9c755f"),
)
_TYPES = {t.key: t for t in NODE_TYPES}


@dataclass(frozen=True)
class Relation:
    """How one kind of edge is labelled and styled."""

    kind: str
    label: str
    color: str
    dashes: bool = False
    width: float = 1.0


RELATIONS = (
    Relation("said", "said", "#4e79a7"),
    Relation("holds-role", "holds role", "#59a14f", dashes=True),
    Relation("affiliated-with", "affiliated with", "#59a14f"),
    Relation("part-of", "part of", "#76b7b2"),
    Relation("invokes", "invokes", "#f28e2b"),
    Relation("mentions", "mentions", "#c9a27e", dashes=True),
    Relation("objects", "objects", "#e15759"),
    Relation("targets", "objects to", "#e15759", width=2.0),
    Relation("cites-precedent", "cites precedent", "#b07aa1"),
    Relation("candidate-precedent", "candidate precedent", "#b07aa1", dashes=True),
    Relation("invokes-authority", "invokes authority", "#59a14f", dashes=True),
    Relation("carried-by", "carried by", "#edc948"),
    Relation("supports", "supports", "#2e9e44", width=3.0),
    Relation("opposes", "opposes", "#d62728", width=3.0),
    Relation("reported-in", "reported in", "#b9aa9e", dashes=True),
)
_RELATIONS = {r.kind: r for r in RELATIONS}

_ACTOR_CLASSES = {KG.Person: "person", KG.Group: "group", KG.Organization: "organization", KG.Court: "organization"}
_CLASS_TYPES = {
    **_ACTOR_CLASSES,
    KG.Statement: "statement",
    KG.LegalProvision: "provision",
    KG.StatutoryCircumstance: "provision",
    KG.Precedent: "precedent",
    KG.Objection: "objection",
    KG.Policy: "policy",
    KG.NewsArticle: "document",
}
_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, KG.citation, DCTERMS.publisher, DCTERMS.identifier)
"""A node's name, by the first of these it has: an article without a title is named by its publisher."""


def write_html(graph: Graph, path: Path, title: str = "kg graph") -> None:
    """Write the interactive view of ``graph`` to ``path`` (same graph and title → same bytes)."""
    path.write_text(render_html(graph, title), encoding="utf-8")


def render_html(graph: Graph, title: str = "kg graph") -> str:
    """Return the page as a string; kept separate so callers can render without touching disk."""
    view = _View(Reader(graph.store))
    view.build()
    return render_page(view.payload(title), title)


class Reader:
    """The lookups the view makes, answered by an Oxigraph store's default graph."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def subjects(self, predicate, obj) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, predicate, obj, ox.DefaultGraph())]

    def objects(self, subject, predicate) -> list:
        return [q.object for q in self.store.quads_for_pattern(subject, predicate, None, ox.DefaultGraph())]

    def value(self, subject, predicate):
        """The least value (by its N-Triples form) of a property, or None."""
        if subject is None:
            return None
        return min(self.objects(subject, predicate), key=str, default=None)

    def __contains__(self, triple) -> bool:
        return any(True for _ in self.store.quads_for_pattern(*triple, ox.DefaultGraph()))


@dataclass
class _Span:
    doc: ox.NamedNode | None
    start: int | None
    end: int | None
    exact: str | None


@dataclass
class _View:
    """Reads the graph once into drawable nodes, edges and evidence-panel fields."""

    graph: Reader
    types: dict[ox.NamedNode, str] = field(default_factory=dict)
    docs: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=lambda: defaultdict(set))
    edges: dict[tuple[ox.NamedNode, ox.NamedNode, str], list[str]] = field(default_factory=dict)
    details: dict[ox.NamedNode, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))
    spans: dict[ox.NamedNode, _Span] = field(default_factory=dict)
    labels: dict[ox.NamedNode, str] = field(default_factory=dict)
    containers: dict[ox.NamedNode, list[tuple[int, int, int, ox.NamedNode]]] = field(
        default_factory=lambda: defaultdict(list))

    def build(self) -> None:
        g = self.graph
        for cls, key in _CLASS_TYPES.items():
            if key in ("provision", "precedent", "policy") or cls == KG.Court:
                continue
            for subject in g.subjects(RDF.type, cls):
                if isinstance(subject, ox.NamedNode):
                    self.types.setdefault(subject, key)
        for doc in self._of("document"):
            self.docs[doc].add(doc)
        for actor in self._of("person", "organization", "group"):
            self.docs[actor].update(self._uris(actor, KG.mentionedIn))
            self._actor(actor)
        for statement in self._of("statement"):
            self._statement(statement)
        for objection in self._of("objection"):
            self._objection(objection)
        for rank, key in enumerate(("statement", "objection")):
            for record in self._of(key):
                span = self._span(record)
                if span.doc is not None and span.start is not None and span.end is not None:
                    self.containers[span.doc].append((span.start, span.end, rank, record))
        for stance in _sorted(s for s in g.subjects(RDF.type, KG.Stance) if isinstance(s, ox.NamedNode)):
            self._stance(stance)
        for mention in _sorted(m for m in g.subjects(RDF.type, KG.ProvisionMention) if isinstance(m, ox.NamedNode)):
            self._mention(mention)
        for node in list(self.types):
            self._describe(node)

    # -- reading ---------------------------------------------------------------------------------

    def _of(self, *keys: str) -> list[ox.NamedNode]:
        return _sorted(node for node, key in self.types.items() if key in keys)

    def _uris(self, subject, predicate) -> list[ox.NamedNode]:
        return _sorted(o for o in self.graph.objects(subject, predicate) if isinstance(o, ox.NamedNode))

    def _texts(self, subject, predicate) -> list[str]:
        return sorted({o.value for o in self.graph.objects(subject, predicate) if isinstance(o, ox.Literal)})

    def _text(self, subject, predicate) -> str | None:
        texts = self._texts(subject, predicate)
        return texts[0] if texts else None

    def _label(self, node) -> str:
        if node not in self.labels:
            self.labels[node] = self._read_label(node)
        return self.labels[node]

    def _read_label(self, node) -> str:
        for predicate in _LABEL_PROPERTIES:
            labels = [o for o in self.graph.objects(node, predicate) if isinstance(o, ox.Literal)]
            if labels:
                return min(labels, key=lambda lit: (lit.language not in (None, "en"), lit.value)).value
        return local_name(_id(node))

    def _span(self, record) -> _Span:
        if record not in self.spans:
            self.spans[record] = self._read_span(record)
        return self.spans[record]

    def _read_span(self, record) -> _Span:
        evidence = self.graph.value(record, KG.evidence)
        selector = self.graph.value(evidence, OA.hasSelector) if evidence is not None else None
        doc = self.graph.value(evidence, OA.hasSource) if evidence is not None else None
        if doc is None:
            doc = self.graph.value(record, KG.reportedIn) or self.graph.value(record, KG.mentionedIn)

        def number(predicate):
            value = self.graph.value(selector, predicate) if selector is not None else None
            return int(value.value) if isinstance(value, ox.Literal) and value.value.lstrip("-").isdigit() else None

        exact = self.graph.value(selector, OA.exact) if selector is not None else None
        return _Span(doc if isinstance(doc, ox.NamedNode) else None, number(OA.start), number(OA.end),
                     exact.value if exact is not None else None)

    # -- building --------------------------------------------------------------------------------

    def _ensure(self, node, default: str) -> ox.NamedNode | None:
        """Adds a node a record points at; its type comes from rdf:type, else from the relation."""
        if not isinstance(node, ox.NamedNode):
            return None
        if node not in self.types:
            classes = set(self.graph.objects(node, RDF.type))
            self.types[node] = next((key for cls, key in _CLASS_TYPES.items() if cls in classes), default)
        return node

    def _edge(self, source, target, kind: str, *docs: ox.NamedNode | None, note: str | None = None) -> None:
        if source is None or target is None:
            return
        notes = self.edges.setdefault((source, target, kind), [])
        if note:
            notes.append(note)
        for doc in docs:
            if doc is not None:
                self.docs[source].add(doc)
                self.docs[target].add(doc)

    def _add(self, node, name: str, items: list[dict], quote: bool = False) -> None:
        if items:
            self.details[node][name] = {"name": name, "items": {_key(i): i for i in items}, "quote": quote}

    def _actor(self, actor) -> None:
        g = self.graph
        for role in _sorted(g.objects(actor, KG.holdsRole)):
            title = self._text(role, KG.roleTitle) or "role"
            former = _true(g.value(role, KG.former))
            org = self._ensure(g.value(role, KG.inOrganization), "organization")
            role_text = f"{'former ' if former else ''}{title}"
            self._edge(actor, org, "holds-role", note=role_text)
            self._add_item(actor, "Roles", _item(role_text + (f" — {self._label(org)}" if org else ""), node=org))
        for org in self._uris(actor, KG.affiliatedWith):
            self._edge(actor, self._ensure(org, "organization"), "affiliated-with")
        for org in self._uris(actor, KG.partOf):
            self._edge(actor, self._ensure(org, "organization"), "part-of")

    def _statement(self, statement) -> None:
        span = self._span(statement)
        for doc in self._uris(statement, KG.reportedIn) or ([span.doc] if span.doc else []):
            self._edge(statement, self._ensure(doc, "document"), "reported-in", doc)
        for speaker in self._uris(statement, KG.speaker):
            self._edge(self._ensure(speaker, "person"), statement, "said", span.doc)
        self._add(statement, "Quote", [_item(t) for t in self._texts(statement, KG.quote)], quote=True)

    def _objection(self, objection) -> None:
        span = self._span(objection)
        docs = self._uris(objection, KG.mentionedIn) or ([span.doc] if span.doc else [])
        for doc in docs:
            self._edge(objection, self._ensure(doc, "document"), "reported-in", doc)
        for actor in self._uris(objection, KG.objector):
            self._edge(self._ensure(actor, "person"), objection, "objects", span.doc)
        for target in self._uris(objection, KG.targets):
            self._edge(objection, self._ensure(target, "policy"), "targets", span.doc)
        for precedent in self._uris(objection, KG.citesPrecedent):
            self._edge(objection, self._ensure(precedent, "precedent"), "cites-precedent", span.doc)
        for precedent in self._uris(objection, KG.candidatePrecedent):
            self._edge(objection, self._ensure(precedent, "precedent"), "candidate-precedent", span.doc)
        for court in self._uris(objection, KG.invokesAuthority):
            self._edge(objection, self._ensure(court, "organization"), "invokes-authority", span.doc)
        for statement in self._uris(objection, KG.carriedBy):
            self._edge(objection, self._ensure(statement, "statement"), "carried-by", span.doc)

    def _stance(self, stance) -> None:
        g = self.graph
        holder = self._ensure(g.value(stance, KG.holder), "person")
        value = g.value(stance, KG.stanceValue)
        kind = local_name(value) if value is not None else ""
        if holder is None or kind not in ("supports", "opposes"):
            return
        span = self._span(stance)
        for target in self._uris(stance, KG.target):
            target = self._ensure(target, "policy")
            self._edge(holder, target, kind, span.doc, note=self._text(stance, KG.text))
            text = self._text(stance, KG.text) or span.exact
            self._add_item(holder, "Stances", _item(f"{kind} — {self._label(target)}", node=target, note=text))
            self._add_item(target, "Supported by" if kind == "supports" else "Opposed by",
                           _item(self._label(holder), node=holder, note=text))

    def _mention(self, mention) -> None:
        """Draws a provision mention as an edge from what invoked it: the statement or objection
        whose evidence span contains the mention, else the document that mentions it."""
        g = self.graph
        span = self._span(mention)
        invoker, kind = self._invoker(span)
        phrase = self._text(mention, KG.mentionText) or span.exact or ""
        for provision in self._uris(mention, KG.provision):
            provision = self._ensure(provision, "provision")
            self._edge(invoker, provision, kind, span.doc, note=phrase)
            who = _short(self._node_label(invoker)[1], 90)
            objector = g.value(invoker, KG.objector)
            if objector is not None:
                who = f"{self._label(objector)}: {who}"
            self._add_item(provision, "Invoked by", _item(who, node=invoker))
            inferred = _true(g.value(mention, KG.inferred))
            note = " ".join(filter(None, ["inferred" if inferred else "", f"in {self._label(span.doc)}" if span.doc else ""]))
            self._add_item(provision, "Evidence phrases", _item(phrase, note=note or None))
            if invoker != span.doc:
                self._add_item(invoker, "Invokes", _item(self._label(provision), node=provision, note=phrase))

    def _invoker(self, span: _Span) -> tuple[ox.NamedNode | None, str]:
        """The innermost statement (else objection) containing the span, else its document."""
        if span.doc is None:
            return None, "mentions"
        if span.start is not None and span.end is not None:
            containing = [(rank, end - start, _id(record), record)
                          for start, end, rank, record in self.containers.get(span.doc, ())
                          if start <= span.start and span.end <= end]
            if containing:
                return min(containing)[3], "invokes"
        return self._ensure(span.doc, "document"), "mentions"

    def _add_item(self, node, name: str, item: dict) -> None:
        field_ = self.details[node].setdefault(name, {"name": name, "items": {}, "quote": False})
        field_["items"].setdefault(_key(item), item)

    # -- describing ------------------------------------------------------------------------------

    def _describe(self, node) -> None:
        """Fills the evidence panel of one node with the fields its type calls for."""
        g = self.graph
        key = self.types[node]
        if key == "statement":
            self._describe_statement(node)
        elif key in ("person", "organization", "group"):
            self._add(node, "Also known as", [_item(t) for t in self._texts(node, SKOS.altLabel)])
            if (node, RDF.type, KG.AnonymousSource) in g:
                self._add(node, "Source", [_item("anonymous source")])
            self._add(node, "Affiliations", self._links(node, KG.affiliatedWith))
            self._add(node, "Part of", self._links(node, KG.partOf))
            self._add(node, "Party", [_item(t) for t in self._texts(node, KG.party)])
            self._add(node, "Region", [_item(t) for t in self._texts(node, KG.region)])
            self._add(node, "Statements", [
                _item(_short(self._text(s, KG.quote) or self._label(s), 90), node=s)
                for s in _sorted(g.subjects(KG.speaker, node))])
            self._add(node, "Objections", [
                _item(self._objection_title(o), node=o) for o in _sorted(g.subjects(KG.objector, node))])
        elif key == "provision":
            self._describe_citable(node)
            self._add(node, "Jurisdiction", [_item(t) for t in self._texts(node, KG.jurisdiction)])
        elif key == "precedent":
            self._describe_citable(node)
            self._add(node, "Decided", [_item(t) for t in self._texts(node, KG.decisionYear)])
            self._add(node, "Court", [_item(self._label(c)) for c in self._uris(node, KG.decidedBy)])
            self._add(node, "Holding", [_item(t) for t in self._texts(node, KG.holding)], quote=True)
            self._add(node, "Reserves", [_item(t) for t in self._texts(node, KG.reserves)])
            self._add(node, "Cited by", [
                _item(self._objection_title(o), node=o) for o in _sorted(g.subjects(KG.citesPrecedent, node))])
        elif key == "objection":
            self._describe_objection(node)
        elif key == "document":
            self._describe_document(node)
        self._add(node, "IRI", [_item(_id(node))])

    def _describe_citable(self, node) -> None:
        urls = self._texts(node, SDO.url)
        citations = self._texts(node, KG.citation) or [self._label(node)]
        self._add(node, "Citation", [_item(c, href=urls[0] if urls else None) for c in citations])

    def _describe_statement(self, node) -> None:
        g = self.graph
        span = self._span(node)
        self._add(node, "Speaker", self._links(node, KG.speaker))
        self._add(node, "Kind", [_item(t) for t in self._texts(node, KG.kind)])
        self._add(node, "Medium", [_item(self._label(m)) for m in self._uris(node, KG.medium)])
        self._add(node, "Date", [_item(t) for t in self._texts(node, KG.statedOn)])
        self._add(node, "Place", [_item(t) for t in self._texts(node, KG.place)])
        self._add(node, "Editorial changes", [_item(t) for t in self._texts(node, KG.alteration)])
        for doc in self._uris(node, KG.reportedIn) or ([span.doc] if span.doc else []):
            self._add_source(node, doc)
        self._add_evidence(node, span)
        self._add(node, "Objections raised", [
            _item(self._objection_title(o), node=o) for o in _sorted(g.subjects(KG.carriedBy, node))])

    def _describe_objection(self, node) -> None:
        span = self._span(node)
        self._add(node, "Basis", [
            _item(self._label(b), note=self._text(b, SKOS.notation)) for b in self._uris(node, KG.basis)])
        self._add(node, "Objector", self._links(node, KG.objector))
        self._add(node, "Target", self._links(node, KG.targets))
        for name, predicate in (("Precedents", KG.citesPrecedent), ("Candidate precedents", KG.candidatePrecedent)):
            items = []
            for precedent in self._uris(node, predicate):
                urls = self._texts(precedent, SDO.url)
                items.append(_item(self._label(precedent), node=precedent))
                for citation in self._texts(precedent, KG.citation):
                    items.append(_item(citation, href=urls[0] if urls else None))
            self._add(node, name, items)
        self._add(node, "Authority", self._links(node, KG.invokesAuthority))
        self._add(node, "Text", [_item(t) for t in self._texts(node, KG.text)], quote=True)
        self._add(node, "Carried by", self._links(node, KG.carriedBy))
        for doc in self._uris(node, KG.mentionedIn) or ([span.doc] if span.doc else []):
            self._add_source(node, doc)
        self._add_evidence(node, span)

    def _describe_document(self, node) -> None:
        self._add(node, "Title", [_item(t) for t in self._texts(node, DCTERMS.title)])
        self._add(node, "Publisher", [_item(t) for t in self._texts(node, DCTERMS.publisher)])
        self._add(node, "Date", [_item(t) for t in self._texts(node, DCTERMS.date)])
        self._add(node, "Link", [_item(u, href=u) for u in self._texts(node, SDO.url)])
        self._add(node, "Identifier", [_item(t) for t in self._texts(node, DCTERMS.identifier)])

    def _add_source(self, node, doc) -> None:
        urls = self._texts(doc, SDO.url)
        self._add_item(node, "Source", _item(self._label(doc), node=doc))
        for publisher in self._texts(doc, DCTERMS.publisher):
            self._add_item(node, "Publisher", _item(publisher))
        for date in self._texts(doc, DCTERMS.date):
            self._add_item(node, "Published", _item(date))
        for url in urls:
            self._add_item(node, "Link", _item(url, href=url))

    def _add_evidence(self, node, span: _Span) -> None:
        if span.exact:
            where = f"characters {span.start}–{span.end}" if span.start is not None else None
            self._add(node, "Evidence", [_item(span.exact, note=where)], quote=True)

    def _links(self, node, predicate) -> list[dict]:
        return [_item(self._label(o), node=o if o in self.types else None) for o in self._uris(node, predicate)]

    def _objection_title(self, objection) -> str:
        bases = [self._label(b) for b in self._uris(objection, KG.basis)]
        return f"objection ({', '.join(bases) or 'unspecified basis'})"

    # -- output ----------------------------------------------------------------------------------

    def _node_label(self, node) -> tuple[str, str]:
        """Returns (drawn label, full name); statements are named by speaker and quote."""
        key = self.types[node]
        if key == "statement":
            quote = self._text(node, KG.quote) or self._label(node)
            speakers = [self._label(s) for s in self._uris(node, KG.speaker)]
            name = f"{', '.join(speakers)}: “{quote}”" if speakers else f"“{quote}”"
            return _short(f"“{quote}”", 40), _short(name, 160)
        if key == "objection":
            name = self._objection_title(node)
            return _short(name, 40), name
        if key == "provision":
            citation = self._text(node, KG.citation)
            label = self._label(node)
            return _short(citation or label, 40), f"{label} ({citation})" if citation and citation != label else label
        name = self._label(node)
        return _short(name, 40), name

    def payload(self, title: str) -> dict:
        """Everything the page needs, as JSON-ready data in a fixed order."""
        nodes = self._of(*_TYPES)
        ids = set(nodes)
        edges = sorted(((s, t, k) for (s, t, k) in self.edges if s in ids and t in ids),
                       key=lambda e: (_id(e[0]), _id(e[1]), e[2]))
        documents = self._of("document")
        positions = _layout(nodes, [(s, t) for s, t, _ in edges], {n: self.docs.get(n, set()) for n in nodes},
                            self.types, documents)
        doc_index = {doc: i for i, doc in enumerate(documents)}
        net = network()
        for node in nodes:
            node_type = _TYPES[self.types[node]]
            label, name = self._node_label(node)
            x, y = positions[node]
            docs = sorted(doc_index[d] for d in self.docs.get(node, ()) if d in doc_index)
            net.add_node(_id(node), label=label, shape=node_type.shape, group=node_type.key,
                         title=f"{node_type.label}: {name}", name=name, type=node_type.key, docs=docs, x=x, y=y)
        for index, (source, target, kind) in enumerate(edges):
            notes = sorted(set(self.edges[(source, target, kind)]))
            tooltip = _RELATIONS[kind].label + "".join(f"\n{_short(n, 200)}" for n in notes[:5])
            net.add_edge(_id(source), _id(target), id=f"e{index}", kind=kind, **({"title": tooltip} if notes else {}))
        details = {_id(n): [_capped(f) for f in self.details[n].values()] for n in nodes if n in self.details}
        return page_payload(title, net, details, [{"id": _id(d), "label": self._label(d)} for d in documents])


def network():
    """An empty directed pyvis ``Network``. pyvis is imported here: with the IPython and networkx it
    imports, it is a third of a second of CPU at every command's start, and only the pages need it."""
    from pyvis.network import Network

    return Network(directed=True)


def page_payload(title: str, net, details: dict, documents: list[dict]) -> dict:
    """The page's data from a filled pyvis ``Network`` whose nodes carry ``type`` and ``name`` and
    whose edges carry ``kind``: legends, options and the evidence panels keyed by node id."""
    counts = defaultdict(int)
    for node in net.nodes:
        counts[node["type"]] += 1
    kinds = {edge["kind"] for edge in net.edges}
    return {
        "title": title,
        "types": [{"key": t.key, "label": t.label, "color": t.color, "shape": t.shape, "count": counts[t.key]}
                  for t in NODE_TYPES if counts[t.key]],
        "relations": [{"kind": r.kind, "label": r.label, "color": r.color, "dashes": r.dashes, "width": r.width}
                      for r in RELATIONS if r.kind in kinds],
        "documents": documents,
        "nodes": net.nodes,
        "edges": net.edges,
        "details": details,
        "options": _options(len(net.nodes) > PHYSICS_NODE_LIMIT),
    }


def _item(text: str, node=None, href: str | None = None, note: str | None = None) -> dict:
    """One entry of a panel field. Only http(s) URLs are offered as links; the page re-checks."""
    item = {"text": str(text)}
    if node is not None:
        item["node"] = _id(node)
    if href and re.match(r"https?://", href.strip(), re.IGNORECASE):
        item["href"] = href.strip()
    if note:
        item["note"] = str(note)
    return item


def _key(item: dict) -> tuple:
    return tuple(sorted(item.items()))


def _capped(field_: dict) -> dict:
    """The field with its items (kept in first-seen order, without duplicates) as a capped list."""
    items = list(field_["items"].values())
    if len(items) > MAX_ITEMS:
        items = items[:MAX_ITEMS] + [{"text": f"… and {len(items) - MAX_ITEMS} more"}]
    return {**field_, "items": items}


def _sorted(terms) -> list:
    return sorted(set(terms), key=_id)


def _id(node) -> str:
    """A node's id on the page: its IRI (or blank node id); the overview's own nodes are strings."""
    return node.value if isinstance(node, (ox.NamedNode, ox.BlankNode)) else str(node)


def _true(value) -> bool:
    return isinstance(value, ox.Literal) and value.value.lower() == "true"


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _options(large: bool) -> dict:
    """vis-network options. Node types are vis groups, which give them their colour. Small
    graphs refine the precomputed layout with a bounded number of physics steps before the first
    draw; large ones draw it as is, with faint edges so the clusters show."""
    return {
        "autoResize": True,
        "groups": {t.key: {"color": t.color} for t in NODE_TYPES},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "nodes": {"size": 14, "borderWidth": 1, "font": {"size": 14, "face": "sans-serif"},
                  "widthConstraint": {"maximum": 180}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"opacity": 0.35 if large else 1.0},
                  "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
                  "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2},
        "interaction": {"hover": not large, "tooltipDelay": 200, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "keyboard": False, "multiselect": False},
        "physics": {"enabled": not large, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.4},
                    "stabilization": {"enabled": not large, "iterations": STABILIZE_STEPS, "fit": True},
                    "minVelocity": 1.0},
    }


def _layout(nodes: list, edges: list, docs: dict, types: dict, documents: list) -> dict:
    """Deterministic start positions in linear time (no scipy, no force simulation).

    Nodes shared by several articles (recurring actors, provisions, the policy) form the hub in
    the middle, in rings by type with the best-connected innermost. Each article's own nodes form a
    cluster around its document, and the clusters sit on rings around the hub in document order,
    with a gap between them, so every article is a visible island tied to the hub.
    """
    degree: dict = defaultdict(int)
    for source, target in edges:
        degree[source] += 1
        degree[target] += 1
    clusters: dict = defaultdict(list)
    for node in nodes:
        own = docs.get(node) or ()
        clusters[next(iter(own)) if len(own) == 1 else None].append(node)
    order = {t.key: i for i, t in enumerate(NODE_TYPES)}

    def cluster(members: list) -> tuple[float, dict]:
        members = sorted(members, key=lambda n: (types[n] != "document", order[types[n]], -degree[n], _id(n)))
        return NODE_SPACING * math.sqrt(len(members)), _sunflower(members, NODE_SPACING)

    hub_radius, positions = cluster(clusters.pop(None, []))
    islands = [cluster(clusters[doc]) for doc in [*documents, *sorted(clusters.keys() - set(documents), key=_id)]
               if doc in clusters]
    widest = max((radius for radius, _ in islands), default=0.0)
    step = 2 * widest + 2 * NODE_SPACING
    radius = hub_radius + widest + 2 * NODE_SPACING if positions else 0.0
    slot, ring_size = 0, 1
    for _, local in islands:
        if slot == ring_size:
            radius += step
            slot = 0
        if slot == 0:
            ring_size = max(1, int(2 * math.pi * radius / step))
        angle = 2 * math.pi * slot / ring_size
        cx, cy = radius * math.cos(angle), radius * math.sin(angle)
        positions.update({n: (cx + x, cy + y) for n, (x, y) in local.items()})
        slot += 1
    return {n: (round(x), round(y)) for n, (x, y) in positions.items()}


def _sunflower(items: list, spacing: float) -> dict:
    """Vogel's spiral: item i at radius spacing·√i, so points fill a disc evenly, first at the centre."""
    golden = math.pi * (3 - math.sqrt(5))
    return {item: (spacing * math.sqrt(i) * math.cos(i * golden), spacing * math.sqrt(i) * math.sin(i * golden))
            for i, item in enumerate(items)}


def _script_json(value) -> str:
    """JSON that cannot end its ``<script>`` block or start markup, and is valid JS everywhere."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _asset(package: str, *parts: str, inline: bool = True) -> str:
    """A packaged file; one to be inlined must not be able to close its own tag."""
    text = resources.files(package).joinpath(*parts).read_text(encoding="utf-8")
    if inline and re.search(r"</(script|style)", text, re.IGNORECASE):
        raise OutputError(f"cannot inline {'/'.join(parts)}: it contains a closing script or style tag")
    return text


def render_page(payload: dict, title: str) -> str:
    """Fills the page template; only the title is text, and it is HTML-escaped."""
    template = _asset("kg.export", "page.html", inline=False)
    vis_js = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", _asset("pyvis", *VIS_DIR, "vis-network.min.js"))
    vis_css = _asset("pyvis", *VIS_DIR, "vis-network.css")
    app_css, app_js = _asset("kg.export", "page.css"), _asset("kg.export", "page.js")
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    replacements = {
        "{{csp}}": html.escape(csp, quote=True),
        "{{title}}": html.escape(title, quote=True),
        "{{vis_css}}": vis_css,
        "{{app_css}}": app_css,
        "{{data}}": _script_json(payload),
        "{{vis_js}}": vis_js,
        "{{app_js}}": app_js,
    }
    pattern = re.compile("|".join(re.escape(k) for k in replacements))
    return pattern.sub(lambda m: replacements[m.group(0)], template)
