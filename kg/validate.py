"""Check a built graph against ontology/shapes.ttl with pySHACL, and report in words a reader knows.

A violation names its focus node by label, quote or exact text rather than by IRI, because the
IRIs are minted from offsets and mean nothing to someone reading the articles.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pyshacl
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS, SH
from rdflib.term import Node

from kg import paths
from kg.vocab import KG, OA

_NAMING_PROPERTIES = (
    RDFS.label, SKOS.prefLabel, DCTERMS.title, KG.quote, KG.text, KG.mentionText, OA.exact, KG.roleTitle, DCTERMS.identifier
)
_SNIPPET = 60


class Violation(NamedTuple):
    """One failed constraint: what (by label), where (property path) and why."""

    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class Report:
    """The outcome of validating a graph; violations are sorted so reports are stable."""

    conforms: bool
    violations: tuple[Violation, ...] = ()

    def text(self) -> str:
        if self.conforms:
            return "The graph conforms to the shapes."
        lines = [f"{len(self.violations)} violation(s):"]
        lines += [f"- {v.focus}: {v.path + ': ' if v.path else ''}{v.message}" for v in self.violations]
        return "\n".join(lines)


def validate(graph: Graph) -> Report:
    """Validate ``graph`` (left unchanged) against the shapes, without OWL inference."""
    shapes = Graph().parse(paths.ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    violations = {
        Violation(
            focus=_describe(graph, results.value(result, SH.focusNode)),
            path=_short(graph, results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or ""),
        )
        for report in results.subjects(RDF.type, SH.ValidationReport)
        for result in results.objects(report, SH.result)
    }
    return Report(conforms=bool(conforms), violations=tuple(sorted(violations)))


def _describe(graph: Graph, node: Node | None) -> str:
    """A readable name for a node: its type and first naming value, or its IRI when it has none."""
    if node is None:
        return ""
    kinds = sorted(_short(graph, kind) for kind in graph.objects(node, RDF.type))
    prefix = f"{kinds[0]} " if kinds else ""
    for prop in _NAMING_PROPERTIES:
        value = graph.value(node, prop)
        if value is not None:
            text = " ".join(str(value).split())
            if len(text) > _SNIPPET:
                text = text[: _SNIPPET - 1] + "…"
            return f'{prefix}"{text}"'
    return f"{prefix}<{node}>"


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)
