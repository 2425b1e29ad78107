"""Every RDF output of a real build loads cleanly in three independent parsers and says the same thing.

Oxigraph (Rust), Raptor (C) and rdflib (Python) each read every file of a build of seeds/ and of
tests/cases/ with zero errors and zero warnings, and the named graphs of TriG and N-Quads split
the graph by article as kg.export.named_graphs promises.
"""
from __future__ import annotations

import json
import logging
import re
import subprocess
import warnings
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner
from rdflib import RDF, URIRef

from kg.cli import main
from kg.export import EXPORTERS
from kg.export.jsonld import context
from kg.export.named_graphs import DOMAIN_GRAPH
from kg.vocab import DEFAULT_BASE, PREFIXES
from rdflib_terms import KG
from triplestores import CORPORA, built, require

RDF_EXPORTERS = [e for e in EXPORTERS.values() if e.rdf_format]
RAPTOR_PARSERS = {"turtle": "turtle", "nt": "ntriples", "trig": "trig", "nquads": "nquads"}
"""Raptor 2 has no JSON-LD parser, so JSON-LD is checked by Oxigraph and rdflib only."""
RDFLIB_PARSERS = {"turtle": "turtle", "nt": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


def read_union(path: Path, name: str) -> rdflib.Graph:
    """A file parsed by rdflib, TriG and N-Quads as the union of their named graphs (rdflib's
    ``Graph.parse`` would drop their quads into other graphs of its store)."""
    if name not in ("trig", "nquads"):
        return rdflib.Graph().parse(path, format=RDFLIB_PARSERS[name])
    dataset = rdflib.Dataset()
    dataset.parse(path, format=name)
    union = rdflib.Graph()
    for subject, predicate, obj, _ in dataset.quads():
        union.add((subject, predicate, obj))
    return union
IRI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
"""RFC 3986 characters only: no spaces, quotes, angle brackets or raw non-ASCII text."""


@pytest.fixture(scope="module", params=sorted(CORPORA))
def build(request, tmp_path_factory) -> Path:
    return built(tmp_path_factory, request.param)


@pytest.fixture(scope="module")
def reference(build) -> rdflib.Graph:
    """graph.ttl, the graph every other format must equal."""
    return rdflib.Graph().parse(build / "graph.ttl", format="turtle")


def test_formats_build_writes_every_registered_format(build):
    assert [e.filename for e in EXPORTERS.values() if not (build / e.filename).exists()] == []


@pytest.mark.parametrize("exporter", RDF_EXPORTERS, ids=lambda e: e.name)
def test_formats_parse_in_oxigraph(build, reference, exporter):
    quads = list(pyoxigraph.parse(path=str(build / exporter.filename), format=exporter.rdf_format))
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    assert len(triples) == len(reference)


@pytest.mark.parametrize("exporter", [EXPORTERS[name] for name in RAPTOR_PARSERS], ids=lambda e: e.name)
def test_formats_parse_in_raptor_without_warnings(build, exporter):
    path = build / exporter.filename
    result = subprocess.run([require("rapper"), "-i", RAPTOR_PARSERS[exporter.name], "-c", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "Parsing" not in line] == []
    statements = len(list(pyoxigraph.parse(path=str(path), format=exporter.rdf_format)))
    assert f"Parsing returned {statements} triples" in result.stderr


@pytest.mark.parametrize("exporter", RDF_EXPORTERS, ids=lambda e: e.name)
def test_formats_parse_in_rdflib_without_warnings_and_equal_the_turtle(build, reference, exporter, caplog):
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        parsed = read_union(build / exporter.filename, exporter.name)
    about_the_data = [w for w in caught if not issubclass(w.category, (DeprecationWarning, ResourceWarning))]
    assert [str(w.message) for w in about_the_data] == []
    assert caplog.records == []
    assert set(parsed) == set(reference)  # isomorphism is set equality: kg's graphs have no blank nodes


def test_formats_iris_are_percent_encoded(reference):
    iris = {str(term) for triple in reference for term in triple if isinstance(term, URIRef)}
    assert [iri for iri in iris if not IRI_CHARACTERS.fullmatch(iri)] == []


@pytest.mark.parametrize("predicate", [KG.quote, KG.text, KG.mentionText, rdflib.namespace.DCTERMS.title])
def test_formats_text_literals_are_english(reference, predicate):
    values = list(reference.objects(None, predicate))
    assert values and {value.language for value in values} == {"en"}


@pytest.mark.parametrize(("predicate", "datatype"), [
    (KG.confidence, rdflib.XSD.decimal), (rdflib.namespace.DCTERMS.date, rdflib.XSD.date),
    (KG.statedOn, rdflib.XSD.date), (KG.decisionYear, rdflib.XSD.gYear),
])
def test_formats_typed_literals_carry_their_datatype(reference, predicate, datatype):
    values = list(reference.objects(None, predicate))
    assert values and {value.datatype for value in values} == {datatype}


@pytest.mark.parametrize("name", ["turtle", "trig"])
def test_formats_declare_only_standard_prefixes(build, name):
    text = (build / EXPORTERS[name].filename).read_text(encoding="utf-8")
    declared = dict(re.findall(r"^@prefix (\w*): <([^>]*)> \.$", text, re.MULTILINE))
    standard = dict(PREFIXES) | {"data": DEFAULT_BASE}
    assert declared and {prefix: standard.get(prefix) for prefix in declared} == declared


def test_formats_jsonld_keys_are_all_short_names_from_the_shipped_context(build):
    document = json.loads((build / "graph.jsonld").read_text(encoding="utf-8"))
    assert {key: document["@context"][key] for key in context()} == context()
    keys = {key for node in document["@graph"] for key in node}
    assert sorted(key for key in keys if ":" in key or key not in context() | {"@id": 0, "@type": 0}) == []


def test_formats_named_graphs_are_the_articles_and_the_domain(build, reference):
    store = pyoxigraph.Store()
    store.load(path=str(build / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    documents = set(reference.subjects(RDF.type, KG.NewsArticle))
    assert {graph.value for graph in store.named_graphs()} == {str(d) for d in documents} | {DOMAIN_GRAPH.value}

    def in_graph(subject, predicate, graph) -> bool:
        node = pyoxigraph.NamedNode
        return any(store.quads_for_pattern(node(subject), node(predicate), None, node(graph)))

    assert all(in_graph(statement, KG.quote, document) for statement, document in reference.subject_objects(KG.reportedIn))
    assert all(in_graph(actor, RDF.type, document) for actor, document in reference.subject_objects(KG.mentionedIn))
    assert [q for q in store.quads_for_pattern(None, None, None, DOMAIN_GRAPH) if q.subject.value.startswith(DEFAULT_BASE)] == []


@pytest.mark.parametrize("exporter", list(EXPORTERS.values()), ids=lambda e: e.name)
def test_formats_export_command_writes_every_format(tmp_path_factory, tmp_path, exporter):
    build = built(tmp_path_factory, "seeds")
    target = tmp_path / exporter.filename
    result = CliRunner().invoke(main, ["export", str(build / "graph.trig"), "--format", exporter.name, "-o", str(target)])
    assert result.exit_code == 0, result.output
    if exporter.rdf_format:
        assert len(read_union(target, exporter.name)) == len(read_union(build / "graph.trig", "trig"))
    elif exporter.name == "store":
        assert len(pyoxigraph.Store.read_only(str(target))) == len(read_union(build / "graph.trig", "trig"))
    elif exporter.name == "parts":
        quads = {q for path in target.iterdir() for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)}
        assert quads == set(pyoxigraph.parse(path=str(build / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS))
    else:
        assert target.stat().st_size > 0


def _expand(value) -> str:
    term = value["@id"] if isinstance(value, dict) else value
    prefix, _, local = term.partition(":")
    namespace = context().get(prefix)
    return namespace + local if isinstance(namespace, str) and not local.startswith("//") else term


def test_formats_object_properties_are_iris_in_the_context():
    ontology = rdflib.Graph().parse(Path(__file__).parent.parent / "ontology" / "kg.ttl", format="turtle")
    objects = {str(p) for p in ontology.subjects(RDF.type, rdflib.OWL.ObjectProperty)}
    literal_keys = [key for key, value in context().items()
                    if isinstance(value, (str, dict)) and _expand(value) in objects
                    and not (isinstance(value, dict) and value.get("@type") == "@id")]
    assert literal_keys == []



@pytest.mark.parametrize("name", ["nt", "nquads", "trig"])
def test_formats_export_of_the_turtle_writes_the_build_s_statements(build, tmp_path, name):
    """The graph read back from graph.ttl is the graph built: the same quads, each once."""
    exporter = EXPORTERS[name]
    target = tmp_path / exporter.filename
    result = CliRunner().invoke(main, ["export", str(build / "graph.ttl"), "--format", name, "-o", str(target)])
    assert result.exit_code == 0, result.output
    built_quads = list(pyoxigraph.parse(path=str(build / exporter.filename), format=exporter.rdf_format))
    exported_quads = list(pyoxigraph.parse(path=str(target), format=exporter.rdf_format))
    assert len(built_quads) == len(set(built_quads)) and set(built_quads) == set(exported_quads)


def test_formats_a_link_to_an_article_is_only_in_that_article_s_graph(build):
    links = {str(KG.reportedIn), str(KG.mentionedIn), "http://www.w3.org/ns/oa#hasSource"}
    quads = pyoxigraph.parse(path=str(build / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    misplaced = [q for q in quads if q.predicate.value in links and q.object != q.graph_name]
    assert misplaced == []
