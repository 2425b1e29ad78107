"""JSON-LD for web developers, compacted with the context shipped in ontology/context.jsonld.

The context gives every kg property and class a short key (``quote``, ``speaker``, ``Statement``)
and says which values are IRIs, dates or English text, so a node reads as plain JSON. It is
embedded in each file rather than referenced by URL: parsers then need no network to read it.
Prefixes the graph uses that the context lacks are added, so other vocabularies still compact.

rdflib, which compacts it, emits nodes and values in hash order; JSON-LD arrays other than ``@list`` are unordered
sets, so they are sorted, as are keys: the same graph gives the same bytes.
"""
import json
from pathlib import Path

import kg.paths as paths
from kg.graph import Graph

CONTEXT_FILE = "context.jsonld"


def context() -> dict:
    """The shipped JSON-LD context (the value of its ``@context``)."""
    return json.loads((paths.ONTOLOGY_DIR / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]


def write_jsonld(kg_graph: Graph, path: Path) -> None:
    """Write ``graph`` as compact JSON-LD with the shipped context embedded. rdflib compacts it
    (imported here: no other output needs it)."""
    import rdflib

    graph = kg_graph.to_rdflib()
    shipped = context()
    iris = {str(term) for triple in graph for term in triple if isinstance(term, rdflib.URIRef)}
    iris |= {str(o.datatype) for o in graph.objects() if isinstance(o, rdflib.Literal) and o.datatype}
    namespaces = {value for value in shipped.values() if isinstance(value, str)}
    extra = {prefix: str(namespace) for prefix, namespace in sorted(graph.namespaces())
             if prefix and prefix not in shipped and str(namespace) not in namespaces
             and any(iri.startswith(str(namespace)) for iri in iris)}
    document = _sorted_sets(json.loads(graph.serialize(format="json-ld", context={**shipped, **extra})))
    path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def _sorted_sets(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _sorted_sets(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_sets(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value
