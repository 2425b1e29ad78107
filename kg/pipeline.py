"""The pipeline in one place: ingest → extract → resolve → map to RDF.

Each extractor is a pure function of the parsed document and the records of the extractors it
reads, so a document's extraction never depends on another document or on processing order.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from kg import rdf
from kg.domain import Domain, load_domain
from kg.extract import actors, measures, objections, passages, provisions, stances, statements
from kg.extract.text import is_english, parse
from kg.ingest import read_paths
from kg.models import Corpus, Document, Extraction
from kg.resolve import resolve
from kg.vocab import DEFAULT_BASE


def extract_document(document: Document, domain: Domain, model: str | None = None) -> Extraction:
    if not is_english(document.prose, frozenset(domain.cues("foreign-function-word"))):
        return Extraction(document=document)
    parsed = parse(document, model, frozenset(domain.grammar.set("abbreviation")))
    found_actors = actors.extract(parsed, domain)
    parsed = parsed.with_actors(found_actors)
    found_statements = statements.extract(parsed, domain, found_actors)
    found_measures = measures.extract(parsed, domain)
    lede = measures.main(found_measures, parsed)
    roles = passages.Roles(parsed, found_actors, domain)
    held = passages.quoted(parsed, found_actors, found_statements) + passages.reported(parsed, domain, roles)
    found_acts = passages.acts(parsed, domain, roles, found_measures, lede, found_statements)
    if found_measures:
        found_objections = objections.extract(parsed, domain, held, found_acts, found_measures, lede)
        found_stances = stances.extract(parsed, domain, roles, held, found_acts, found_objections, found_measures, lede)
    else:  # an article that names no measure takes no side on one
        found_objections, found_stances = [], []
    return Extraction(
        document=document,
        actors=tuple(found_actors),
        statements=tuple(found_statements),
        provisions=tuple(provisions.extract(parsed, domain)),
        objections=tuple(found_objections),
        stances=tuple(found_stances),
    )


def build_corpus(documents: Sequence[Document], domain: Domain, model: str | None = None) -> Corpus:
    ordered = sorted(documents, key=lambda d: d.id)
    return resolve([extract_document(d, domain, model) for d in ordered])


def build_graph(documents: Sequence[Document], domain: Domain | None = None, *, base: str = DEFAULT_BASE,
                model: str | None = None) -> Graph:
    domain = domain or load_domain()
    return rdf.to_graph(build_corpus(documents, domain, model), domain.graph, base)


def predict_rows(path: Path) -> dict[str, list[dict]]:
    """The preset rows for one article, as the evaluation reads them."""
    import pyoxigraph

    from kg.query import PRESETS, run_preset

    graph = build_graph(read_paths([path]).documents)
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    out = {}
    for name in PRESETS:
        result = run_preset(store, name)
        out[name] = [dict(zip(result.columns, row)) for row in result.rows]
    return out
