"""``kg load`` against a real Oxigraph server: idempotent PUTs per named graph, one-line errors."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import write_outputs
from kg.export.named_graphs import DOMAIN_GRAPH
from kg.load import LoadError, push
from triplestores import count_quads, free_port, oxigraph, oxigraph_server, select


def kg_load(graph, *options: str):
    return CliRunner().invoke(main, ["load", str(graph), *options])


@pytest.fixture
def server(tmp_path):
    with oxigraph_server(tmp_path / "store") as url:
        yield url


def test_load_twice_replaces_instead_of_duplicating(server, sample_graph_file):
    first = kg_load(sample_graph_file, "--endpoint", f"{server}/store")
    assert first.exit_code == 0, first.output
    count = count_quads(server)
    second = kg_load(sample_graph_file, "--endpoint", f"{server}/store")
    assert second.exit_code == 0, second.output
    assert count_quads(server) == count > 0
    assert first.output == second.output == f"2 named graph(s), {count} triples → {server}/store\n"


def test_load_puts_one_graph_per_article_plus_the_domain(server, sample_graph):
    push(sample_graph, f"{server}/store")
    _, rows = select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [g for (g,) in rows] == [DOMAIN_GRAPH.value, "https://w3id.org/kg-legal/id/doc/doc%20one"]


def test_load_of_a_build_folder_reads_its_store(server, sample_graph, sample_graph_file, tmp_path):
    """Given the folder kg build wrote, kg load reads the graph from its store: the same graphs and quads."""
    write_outputs(sample_graph, tmp_path / "out", ["store"])
    from_store = kg_load(tmp_path / "out", "--endpoint", f"{server}/store")
    assert from_store.exit_code == 0, from_store.output
    from_file = kg_load(sample_graph_file, "--endpoint", f"{server}/store")
    assert from_store.output == from_file.output


def test_load_into_one_named_graph(server, sample_graph, sample_graph_file):
    result = kg_load(sample_graph_file, "--endpoint", f"{server}/store", "--graph", "urn:kg:everything")
    assert result.exit_code == 0, result.output
    _, rows = select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert rows == [("urn:kg:everything",)]
    assert count_quads(server) == len(sample_graph)


def test_load_to_a_closed_port_is_a_one_line_error(sample_graph_file):
    result = kg_load(sample_graph_file, "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "connection refused" in result.output


def test_load_to_a_read_only_server_reports_the_http_status(tmp_path, sample_graph_file):
    location = tmp_path / "store"
    subprocess.run([oxigraph(), "load", "--location", str(location), "--file", str(sample_graph_file)],
                   check=True, capture_output=True)
    with oxigraph_server(location, command="serve-read-only") as url:
        result = kg_load(sample_graph_file, "--endpoint", f"{url}/store")
    assert result.exit_code == 2
    assert result.output.startswith(f"kg: error: {url}/store: HTTP 403") and result.output.count("\n") == 1


def test_load_gives_up_after_the_timeout(sample_graph_file):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        result = kg_load(sample_graph_file, "--endpoint", f"http://127.0.0.1:{port}/store", "--timeout", "0.3")
    assert result.exit_code == 2
    assert "no answer within 0.3 s" in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize(("endpoint", "graph", "message"), [
    ("ftp://127.0.0.1/store", None, r"not an http\(s\) URL"),
    ("127.0.0.1:7878/store", None, r"not an http\(s\) URL"),
    ("http://127.0.0.1:1/store", "urn:has space", "not an absolute IRI"),
    ("http://127.0.0.1:1/store", "relative/graph", "not an absolute IRI"),
])
def test_load_refuses_bad_arguments_before_sending_anything(sample_graph, endpoint, graph, message):
    with pytest.raises(LoadError, match=message):
        push(sample_graph, endpoint, graph)


def test_load_command_exits_2_without_a_traceback(tmp_path, sample_graph_file):
    """Through a real process, as a user runs it."""
    result = subprocess.run([sys.executable, "-m", "kg", "load", str(sample_graph_file), "--endpoint",
                             f"http://127.0.0.1:{free_port()}/store"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("kg: error: ") and "Traceback" not in result.stderr
