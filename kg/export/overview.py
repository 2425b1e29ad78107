"""The overview page: a corpus too large to draw node by node, aggregated into who says what.

Nodes are the actors who said, objected or took a stance, the provisions the articles cite, the
precedents, the policies, and one objection node per basis. Statements are not drawn; they are
counted per actor. Edges are aggregated too (an actor's stances on a policy, the provisions their
statements invoke, the objections they raise), drawn thicker the more often they occur. The page
is the same safe, self-contained page as ``kg.export.html``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import rdflib
from pyvis.network import Network

from kg.export.html import (
    _RELATIONS, _TYPES, _View, _capped, _item, _layout, _short, page_payload, render_page,
)
from kg.vocab import KG

ACTOR_TYPES = ("person", "organization", "group")
_CARRIED = ("Roles", "Affiliations", "Part of", "Party", "Also known as", "Citation", "Jurisdiction",
            "Decided", "Court", "Holding")
"""Panel fields copied from the full view; lists of single records are replaced by counts."""
_INCOMING = {"supports": "Supported by", "opposes": "Opposed by", "invokes": "Invoked by", "objects": "Raised by",
             "targets": "Objected to by", "cites-precedent": "Cited by", "candidate-precedent": "Candidate for"}


def write_overview(graph: rdflib.Graph, path: Path, title: str = "kg overview") -> None:
    """Write the aggregated overview of ``graph`` to ``path`` (same graph and title → same bytes)."""
    path.write_text(render_overview(graph, title), encoding="utf-8")


def render_overview(graph: rdflib.Graph, title: str = "kg overview") -> str:
    """Return the overview page as a string."""
    view = _View(graph)
    view.build()
    return render_page(_aggregate(view, title), title)


def _aggregate(view: _View, title: str) -> dict:
    """Counts records per actor and folds record-level edges into actor-level ones."""
    speakers: dict = defaultdict(list)
    said: Counter = Counter()
    cited: Counter = Counter()
    for source, target, kind in view.edges:
        if kind == "said":
            speakers[target].append(source)
            said[source] += 1
        elif kind in ("invokes", "mentions"):
            cited[target] += 1
    bases = {o: tuple(view._uris(o, KG.basis)) for o in view._of("objection")}
    basis_node = {o: f"overview:objection/{'+'.join(str(b) for b in bs) or 'unspecified'}" for o, bs in bases.items()}
    basis_name = {basis_node[o]: view._objection_title(o) for o in bases}
    edges: Counter = Counter()
    for source, target, kind in view.edges:
        if kind in ("supports", "opposes"):
            edges[(source, target, kind)] += 1
        elif kind == "invokes":
            for speaker in speakers.get(source, ()) or view._uris(source, KG.objector):
                edges[(speaker, target, "invokes")] += 1
        elif kind == "objects":
            edges[(source, basis_node[target], "objects")] += 1
        elif kind in ("targets", "cites-precedent", "candidate-precedent") and source in basis_node:
            edges[(basis_node[source], target, kind)] += 1
    degree: Counter = Counter()
    for source, target, _ in edges:
        degree[source] += 1
        degree[target] += 1
    actors = [a for a in view._of(*ACTOR_TYPES) if said[a] or degree[a]]
    others = [n for n in view._of("provision", "precedent", "policy") if degree[n] or cited[n]]
    nodes = [*actors, *others, *sorted(basis_name)]
    types = {**{n: view.types[n] for n in actors + others}, **{n: "objection" for n in basis_name}}
    positions = _layout(nodes, [(s, t) for s, t, _ in edges], {}, types, [])
    objections = Counter(basis_node[o] for o in bases)

    net = Network(directed=True)
    details = {}
    for node in nodes:
        node_type = _TYPES[types[node]]
        name = basis_name.get(node) or view._node_label(node)[1]
        counts = _counts(node, said, objections, cited, edges)
        x, y = positions[node]
        net.add_node(str(node), label=_short(name, 40), shape=node_type.shape, group=node_type.key,
                     title=f"{node_type.label}: {name}" + (f"\n{counts}" if counts else ""), name=name,
                     type=node_type.key, docs=[], value=said[node] + objections[node] + cited[node] + degree[node],
                     x=x, y=y)
        details[str(node)] = _panel(view, node, counts, edges, basis_name)
    for index, ((source, target, kind), count) in enumerate(sorted(edges.items(), key=lambda e: str(e[0]))):
        net.add_edge(str(source), str(target), id=f"e{index}", kind=kind, value=count,
                     title=f"{_RELATIONS[kind].label} × {count}")
    payload = page_payload(title, net, details, [])
    payload["options"]["nodes"]["scaling"] = {"min": 10, "max": 40, "label": {"enabled": False}}
    payload["options"]["edges"]["scaling"] = {"min": 1, "max": 8}
    return payload


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
    for (source, target, kind), count in sorted(edges.items(), key=lambda e: (-e[1], str(e[0]))):
        if node in (source, target):
            other = target if source == node else source
            label = _RELATIONS[kind].label.capitalize() if source == node else _INCOMING[kind]
            name = names.get(other) or view._node_label(other)[1]
            relations[label].append(_item(name, node=other, note=f"× {count}"))
    fields += [{"name": label, "items": {i: item for i, item in enumerate(items)},
                "quote": False} for label, items in relations.items()]
    return [_capped(f) for f in fields]
