"""JSON-LD for web developers.

Compacted with those of the graph's bound prefixes it uses as its context, so keys read
``kg:quote`` rather than full IRIs. rdflib emits nodes and values in hash order; JSON-LD arrays
other than ``@list`` are unordered sets, so they are sorted, as are keys: the same graph gives the
same bytes.
"""
import json
from pathlib import Path

import rdflib


def write_jsonld(graph: rdflib.Graph, path: Path) -> None:
    """Write ``graph`` as compact JSON-LD whose context is the bound prefixes it uses."""
    iris = {str(term) for triple in graph for term in triple if isinstance(term, rdflib.URIRef)}
    iris |= {str(o.datatype) for o in graph.objects() if isinstance(o, rdflib.Literal) and o.datatype}
    context = {prefix: str(namespace) for prefix, namespace in sorted(graph.namespaces())
               if prefix and any(iri.startswith(str(namespace)) for iri in iris)}
    document = _sorted_sets(json.loads(graph.serialize(format="json-ld", context=context)))
    path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def _sorted_sets(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _sorted_sets(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_sets(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value
