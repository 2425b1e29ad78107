"""The overview page: a corpus too large to draw node by node, aggregated into who says what.

Nodes are the actors who said, objected or took a stance, the provisions the articles cite, the
precedents, the policies, and one objection node per basis. Statements are not drawn; they are
counted per actor. Edges are aggregated too (an actor's stances on a policy, the provisions their
statements invoke, the objections they raise), drawn thicker the more often they occur. The page
is the same safe, self-contained page as ``kg.export.html``.

The aggregation is read with SPARQL from the graph's store; only the few hundred drawn nodes are
described, by ``kg.export.html``'s own view, from a small store of their descriptions.
"""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.export.html import (_LABEL_PROPERTIES, _RELATIONS, _TYPES, Reader, _capped, _id, _item, _layout, _short, _View,
                            network, page_payload, render_page)
from kg.graph import Graph
from kg.vocab import KG, RDF

ACTOR_TYPES = ("person", "organization", "group")
_CARRIED = ("Roles", "Affiliations", "Part of", "Party", "Also known as", "Citation", "Jurisdiction",
            "Decided", "Court", "Holding")
"""Panel fields copied from the full view; lists of single records are replaced by counts."""
_INCOMING = {"supports": "Supported by", "opposes": "Opposed by", "invokes": "Invoked by", "objects": "Raised by",
             "targets": "Objected to by", "cites-precedent": "Cited by", "candidate-precedent": "Candidate for"}

_TARGETS = {"supports": "policy", "opposes": "policy", "targets": "policy", "invokes": "provision",
            "cites-precedent": "precedent", "candidate-precedent": "precedent"}
"""What a node an edge of this kind points at is drawn as, when its rdf:type does not say."""


_PREFIXES = """PREFIX kg: <https://w3id.org/kg-legal/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
_HOLDING = _PREFIXES + """SELECT ?mention ?evidence ?rank ?start ?end ?record WHERE {
  { SELECT ?mention ?evidence ?doc ?from ?to WHERE {
      ?mention a kg:ProvisionMention ; kg:evidence ?evidence .
      ?evidence oa:hasSource ?doc ; oa:hasSelector ?selector .
      ?selector oa:start ?from ; oa:end ?to } }
  { SELECT ?record ?rank ?doc ?start ?end WHERE {
      VALUES (?class ?rank) { (kg:Statement 0) (kg:Objection 1) }
      ?record a ?class ; kg:evidence ?outer .
      ?outer oa:hasSource ?doc ; oa:hasSelector ?selector .
      ?selector oa:start ?start ; oa:end ?end } }
  FILTER (?start <= ?from && ?to <= ?end)
}"""
_MENTIONS = _PREFIXES + """SELECT ?mention ?evidence ?doc WHERE {
  ?mention a kg:ProvisionMention ; kg:evidence ?evidence .
  ?evidence oa:hasSource ?doc ; oa:hasSelector ?selector .
}"""
_PROVISIONS = _PREFIXES + "SELECT ?mention ?provision WHERE { ?mention a kg:ProvisionMention ; kg:provision ?provision }"
_SPEAKERS = _PREFIXES + "SELECT ?statement ?speaker WHERE { ?statement a kg:Statement ; kg:speaker ?speaker }"
_OBJECTORS = _PREFIXES + "SELECT ?objection ?objector WHERE { ?objection a kg:Objection ; kg:objector ?objector }"
_BASES = _PREFIXES + "SELECT ?objection ?basis WHERE { ?objection a kg:Objection OPTIONAL { ?objection kg:basis ?basis } }"
_LINKS = _PREFIXES + """SELECT ?objection ?kind ?target WHERE {
  VALUES (?predicate ?kind) { (kg:targets "targets") (kg:citesPrecedent "cites-precedent")
                              (kg:candidatePrecedent "candidate-precedent") }
  ?objection a kg:Objection ; ?predicate ?target .
}"""
_STANCES = _PREFIXES + """SELECT DISTINCT ?holder ?kind ?target WHERE {
  VALUES (?value ?kind) { (kg:supports "supports") (kg:opposes "opposes") }
  ?stance a kg:Stance ; kg:holder ?holder ; kg:stanceValue ?value ; kg:target ?target .
}"""


def write_overview(graph: Graph, path: Path, title: str = "kg overview") -> None:
    """Write the aggregated overview of ``graph`` to ``path`` (same graph and title → same bytes)."""
    path.write_text(render_overview(graph, title), encoding="utf-8")


def render_overview(graph: Graph, title: str = "kg overview") -> str:
    """Return the overview page of ``graph`` as a string."""
    return render_page(_aggregate(graph.store, title), title)


def _rows(store: ox.Store, query: str) -> list[list[str]]:
    """The solutions as lists of strings: IRIs without brackets, literals' lexical forms, "" when
    unbound. Read through Oxigraph's CSV writer, a fraction of the time of making a term per cell
    (kg's graphs have no blank nodes, the one kind of term CSV would not tell from an IRI)."""
    table = store.query(query).serialize(format=ox.QueryResultsFormat.CSV)
    _, *rows = csv.reader(io.StringIO(table.decode("utf-8"), newline=""))
    return rows


def _aggregate(store: ox.Store, title: str) -> dict:
    """Counts records per actor and folds record-level edges into actor-level ones. Nodes are plain
    strings while records are counted, and terms once only the drawn ones are left."""
    speakers: dict = defaultdict(list)
    for statement, speaker in _rows(store, _SPEAKERS):
        speakers[statement].append(speaker)
    said = Counter(speaker for found in speakers.values() for speaker in set(found))
    objectors: dict = defaultdict(list)
    for objection, objector in _rows(store, _OBJECTORS):
        objectors[objection].append(objector)
    bases: dict = defaultdict(set)
    for objection, basis in _rows(store, _BASES):
        bases[objection].update([basis] if basis else [])
    basis_node = {o: f"overview:objection/{'+'.join(sorted(bs)) or 'unspecified'}" for o, bs in bases.items()}

    edges: Counter = Counter()
    cited: Counter = Counter()
    for source, kind, target in _invocations(store):
        cited[target] += 1
        if kind == "invokes":
            for speaker in sorted(set(speakers.get(source, ()) or objectors.get(source, ()))):
                edges[(speaker, target, "invokes")] += 1
    for holder, kind, target in _rows(store, _STANCES):
        edges[(holder, target, kind)] += 1
    for objection in bases:
        for objector in sorted(set(objectors.get(objection, ()))):
            edges[(objector, basis_node[objection], "objects")] += 1
    for objection, kind, target in sorted({tuple(row) for row in _rows(store, _LINKS)}):
        edges[(basis_node[objection], target, kind)] += 1

    overview_nodes = set(basis_node.values())
    terms = {node: ox.NamedNode(node) for node in {*said, *cited, *(n for (s, t, _) in edges for n in (s, t))}
             if node not in overview_nodes}
    term = lambda node: terms.get(node, node)  # noqa: E731
    said = Counter({terms[node]: count for node, count in said.items()})
    cited = Counter({terms[node]: count for node, count in cited.items()})
    edges = Counter({(term(source), term(target), kind): count for (source, target, kind), count in edges.items()})
    degree: Counter = Counter()
    for source, target, _ in edges:
        degree[source] += 1
        degree[target] += 1

    defaults = {**{t: "provision" for t in cited}, **{t: _TARGETS.get(k, "person") for (_, t, k) in edges},
                **{s: "person" for (s, _, _) in edges}}
    drawn = sorted({n for n in [*said, *degree, *cited] if isinstance(n, ox.NamedNode)}, key=_id)
    view = _described(store, {node: defaults.get(node, "person") for node in drawn},
                      [ox.NamedNode(b) for b in sorted(set().union(*bases.values()))])
    basis_name = {node: "objection ({})".format(", ".join(view._label(ox.NamedNode(b)) for b in sorted(bs))
                                                or "unspecified basis")
                  for node, bs in {basis_node[o]: bs for o, bs in bases.items()}.items()}
    actors = [a for a in view._of(*ACTOR_TYPES) if said[a] or degree[a]]
    others = [n for n in view._of("provision", "precedent", "policy") if degree[n] or cited[n]]
    nodes = [*actors, *others, *sorted(basis_name)]
    types = {**{n: view.types[n] for n in actors + others}, **{n: "objection" for n in basis_name}}
    positions = _layout(nodes, [(s, t) for s, t, _ in edges], {}, types, [])
    objections = Counter(basis_node[o] for o in bases)

    net = network()
    details = {}
    for node in nodes:
        node_type = _TYPES[types[node]]
        name = basis_name.get(node) or view._node_label(node)[1]
        counts = _counts(node, said, objections, cited, edges)
        x, y = positions[node]
        net.add_node(_id(node), label=_short(name, 40), shape=node_type.shape, group=node_type.key,
                     title=f"{node_type.label}: {name}" + (f"\n{counts}" if counts else ""), name=name,
                     type=node_type.key, docs=[], value=said[node] + objections[node] + cited[node] + degree[node],
                     x=x, y=y)
        details[_id(node)] = _panel(view, node, counts, edges, basis_name)
    for index, ((source, target, kind), count) in enumerate(sorted(edges.items(), key=_edge_key)):
        net.add_edge(_id(source), _id(target), id=f"e{index}", kind=kind, value=count,
                     title=f"{_RELATIONS[kind].label} × {count}")
    payload = page_payload(title, net, details, [])
    payload["options"]["nodes"]["scaling"] = {"min": 10, "max": 40, "label": {"enabled": False}}
    payload["options"]["edges"]["scaling"] = {"min": 1, "max": 8}
    return payload


def _invocations(store: ox.Store) -> set[tuple]:
    """(invoker, "invokes" or "mentions", provision) for every provision mention: the innermost
    statement (else objection) whose evidence span holds the mention's, else its article. Oxigraph
    finds the holding spans (joined by article, a few thousand at 10,000 articles), where reading
    every record's span took twice the time."""
    provisions: dict = defaultdict(list)
    for mention, provision in _rows(store, _PROVISIONS):
        provisions[mention].append(provision)
    holding: dict = defaultdict(list)
    for mention, evidence, rank, start, end, record in _rows(store, _HOLDING):
        holding[mention, evidence].append((int(rank), int(end) - int(start), record))
    found = set()
    for mention, evidence, doc in _rows(store, _MENTIONS):
        held = holding.get((mention, evidence))
        invoker, kind = (min(held)[2], "invokes") if held else (doc, "mentions")
        found.update((invoker, kind, provision) for provision in provisions.get(mention, ()))
    return found


def _described(store: ox.Store, nodes: dict, bases: list) -> _View:
    """``kg.export.html``'s view over a small store: the drawn nodes' own triples (not the
    articles that mention them), their role assignments, and the labels of what those point at.
    ``nodes`` maps each to the type it is drawn as when its rdf:type does not say. Triples are
    looked up node by node: a VALUES join over the whole store scans all of it."""
    own = [q for node in nodes for q in store.quads_for_pattern(node, None, None) if q.predicate != KG.mentionedIn]
    roles = {q.object for q in own if q.predicate == KG.holdsRole}
    own += [q for role in sorted(roles, key=str) for q in store.quads_for_pattern(role, None, None)]
    linked = {q.object for q in own if isinstance(q.object, ox.NamedNode)} | set(bases)
    own += [q for node in sorted(linked, key=str) for predicate in (*_LABEL_PROPERTIES, RDF.type)
            for q in store.quads_for_pattern(node, predicate, None)]
    small = ox.Store()
    small.extend(ox.Quad(q.subject, q.predicate, q.object) for q in own)
    view = _View(Reader(small))
    view.build()
    for node, default in nodes.items():
        if node not in view.types:
            view._ensure(node, default)
            view._describe(node)
    return view


def _counts(node, said: Counter, objections: Counter, cited: Counter, edges: Counter) -> str:
    parts = [f"cited in {cited[node]} passage{'s' * (cited[node] != 1)}"] if cited[node] else []
    if said[node]:
        parts.append(f"{said[node]} statement{'s' * (said[node] != 1)}")
    if objections[node]:
        parts.append(f"{objections[node]} objection{'s' * (objections[node] != 1)}")
    raised = sum(c for (s, _, k), c in edges.items() if s == node and k == "objects")
    if raised:
        parts.append(f"{raised} objection{'s' * (raised != 1)} raised")
    return ", ".join(parts)


def _panel(view: _View, node, counts: str, edges: Counter, names: dict) -> list[dict]:
    """The evidence panel of an aggregated node: its own facts, then each relation with counts."""
    fields = [f for f in view.details.get(node, {}).values() if f["name"] in _CARRIED]
    if counts:
        fields.append({"name": "Counts", "items": {"": _item(counts)}, "quote": False})
    relations: dict = defaultdict(list)
    for (source, target, kind), count in sorted(edges.items(), key=lambda e: (-e[1], _edge_key(e))):
        if node in (source, target):
            other = target if source == node else source
            label = _RELATIONS[kind].label.capitalize() if source == node else _INCOMING[kind]
            name = names.get(other) or view._node_label(other)[1]
            relations[label].append(_item(name, node=other, note=f"× {count}"))
    fields += [{"name": label, "items": {i: item for i, item in enumerate(items)},
                "quote": False} for label, items in relations.items()]
    return [_capped(f) for f in fields]


def _edge_key(edge) -> tuple:
    (source, target, kind), _ = edge
    return _id(source), _id(target), kind
