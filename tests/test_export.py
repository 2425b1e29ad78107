"""The exporter registry: every format reads back, writes are atomic, output is deterministic."""
import random
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, Literal
from rdflib.compare import isomorphic

from export_graphs import news_graph
from kg.errors import KgError
from kg.export import EXPORTERS, Exporter, write_file, write_outputs
from kg.graph import Graph, from_rdflib, read_graph

RDF_EXPORTERS = [e for e in EXPORTERS.values() if e.rdf_format]


def _news(payload: str = "") -> Graph:
    return from_rdflib(news_graph(payload))


def _rebuilt(graph: rdflib.Graph, seed: int) -> rdflib.Graph:
    """A separately built graph with the same triples and prefixes, added in another order."""
    other = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        other.bind(prefix, namespace)
    triples = sorted(graph, key=lambda t: tuple(map(str, t)))
    random.Random(seed).shuffle(triples)
    for triple in triples:
        other.add(triple)
    return other


@pytest.mark.parametrize("exporter", RDF_EXPORTERS, ids=lambda e: e.name)
def test_export_rdf_formats_parse_back_isomorphic(tmp_path, exporter):
    graph = news_graph("<b>&amp;</b> \"quoted\" \u2028")
    [path] = write_outputs(from_rdflib(graph), tmp_path, [exporter.name])
    assert isomorphic(read_graph(path).to_rdflib(), graph)


def test_export_store_holds_what_a_store_of_the_n_triples_holds(tmp_path):
    """The store, as a store holds terms: literals by value (``"0.90"^^xsd:decimal`` as 0.9)."""
    graph = _news("<b>&amp;</b>")
    [path] = write_outputs(graph, tmp_path, ["store"])
    expected = pyoxigraph.Store()
    expected.load(path=str(write_file(graph, tmp_path / "g.nt", "nt")), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert path.is_dir() and set(pyoxigraph.Store.read_only(str(path))) == set(expected)


@pytest.mark.parametrize("graph", [news_graph()], ids=["news"])
def test_export_graphml_reads_back_every_resource_and_link(tmp_path, graph):
    [path] = write_outputs(from_rdflib(graph), tmp_path, ["graphml"])
    read = nx.read_graphml(path, force_multigraph=True)
    links = {(s, p, o) for s, p, o in graph if not isinstance(o, Literal) and p != RDF.type}
    resources = {str(s) for s in graph.subjects()} | {str(o) for _, _, o in links}
    assert set(read.nodes) == resources
    assert read.number_of_edges() == len(links)
    assert read.nodes["https://w3id.org/kg-legal/id/actor/alma-quill"]["label"] == "Alma Quill"


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_export_output_is_deterministic(tmp_path, name):
    graph = news_graph("<i>x</i>")
    first = write_file(from_rdflib(_rebuilt(graph, 1)), tmp_path / "one" / "out", name)
    second = write_file(from_rdflib(_rebuilt(graph, 2)), tmp_path / "two" / "out", name)
    assert _content(first) == _content(second)


def _content(path: Path) -> bytes:
    """A file's bytes; a folder's files; for the store, its triples as N-Triples (its files hold no fixed bytes)."""
    if (path / "CURRENT").is_file():
        return b"".join(read_graph(path).ntriples())
    if path.is_dir():
        return b"".join(f.name.encode() + f.read_bytes() for f in sorted(path.iterdir()))
    return path.read_bytes()


@pytest.mark.parametrize("name", ["tex", "TURTLE"])
def test_export_unknown_format_lists_valid_names(tmp_path, name):
    with pytest.raises(KgError) as error:
        write_outputs(_news(), tmp_path, ["turtle", name])
    assert all(valid in str(error.value) for valid in EXPORTERS)
    assert list(tmp_path.iterdir()) == []


def _fail(graph: Graph, path: Path) -> None:
    path.write_text("half a file")
    raise RuntimeError("exporter broke")


@pytest.mark.parametrize("formats", [["turtle", "html", "broken"], ["broken", "turtle"]])
def test_export_failing_exporter_leaves_existing_files_untouched(tmp_path, monkeypatch, formats):
    monkeypatch.setitem(EXPORTERS, "broken", Exporter("broken", "graph.broken", "text/plain", _fail))
    before = {name: f"old {name}" for name in ("graph.ttl", "graph.html", "graph.broken")}
    for name, text in before.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(RuntimeError):
        write_outputs(_news(), tmp_path, formats)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("formats", [list(EXPORTERS)])
def test_export_writes_every_format_into_a_new_directory(tmp_path, formats):
    paths = write_outputs(_news(), tmp_path / "out", formats)
    assert [p.name for p in paths] == [EXPORTERS[f].filename for f in formats]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)


@pytest.mark.parametrize("exporter", RDF_EXPORTERS, ids=lambda e: e.name)
def test_export_graph_kg_builds_parses_back_isomorphic(tmp_path, sample_graph, sample_rdflib, exporter):
    [path] = write_outputs(sample_graph, tmp_path, [exporter.name])
    assert isomorphic(read_graph(path).to_rdflib(), sample_rdflib)


def test_export_a_store_replaces_the_one_there(tmp_path, sample_graph):
    """The store is a folder: the new one is moved into place and the old one removed."""
    write_outputs(_news(), tmp_path, ["store"])
    write_outputs(sample_graph, tmp_path, ["store"])
    assert set(pyoxigraph.Store.read_only(str(tmp_path / "graph.oxigraph"))) == set(sample_graph.store)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.oxigraph"]


def test_export_parts_are_the_n_quads_split_by_part(tmp_path, sample_graph):
    """One N-Quads file per part of the graph, for loaders that read files in parallel: the quads of graph.nq."""
    [folder] = write_outputs(sample_graph, tmp_path, ["parts"])
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [f"part-{n:05d}.nq" for n in range(len(sample_graph.parts))]
    whole = write_file(sample_graph, tmp_path / "graph.nq", "nquads").read_bytes()
    assert b"".join(f.read_bytes() for f in files) == whole
