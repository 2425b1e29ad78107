"""``kg serve`` as a user runs it: a process that answers SPARQL on loopback, refuses updates and stops cleanly."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import PRESETS, load_graph, run_preset
from triplestores import ROOT, built, free_port, http, oxigraph, select

STARTUP_SECONDS = 60


def _started(process: subprocess.Popen) -> str:
    """The URL from kg serve's first line, once the server listens."""
    line = process.stdout.readline()
    if not line.startswith("Serving"):
        process.kill()
        pytest.fail(f"kg serve did not start: {line}{process.stderr.read()}")
    return line.split(" at ", 1)[1].split(" ", 1)[0]


def _serve(graph: Path, *options: str) -> tuple[subprocess.Popen, str, int]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--port", str(port), *options],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, _started(process).rstrip("/"), port


def _stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.wait(timeout=STARTUP_SECONDS)


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    oxigraph()
    return built(tmp_path_factory, "seeds")


@pytest.fixture(scope="module")
def served(build):
    """``kg serve`` of the seeds' TriG (named graphs, so the union is what is served) on a free port."""
    process, url, port = _serve(build / "graph.trig")
    try:
        yield url, port
    finally:
        _stop(process)


def test_serve_answers_the_presets_like_kg_query(served, build):
    url, _ = served
    store = load_graph(build / "graph.ttl")
    for name, preset in PRESETS.items():
        columns, rows = select(url, preset.text)
        assert preset.tidy(columns, rows) == run_preset(store, name).rows, name


def test_serve_refuses_updates(served):
    url, _ = served
    update = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    status, _ = http("POST", f"{url}/update", update, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _ = http("PUT", f"{url}/store?default", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"})
    assert status == 403
    assert select(url, "SELECT * WHERE { <urn:a> ?p ?o }")[1] == []


def test_serve_has_a_query_page(served):
    url, _ = served
    status, body = http("GET", f"{url}/", headers={"Accept": "text/html"})
    assert status == 200 and b"<html" in body.lower()


def test_serve_listens_on_loopback_only_by_default(served):
    url, port = served
    assert url == f"http://127.0.0.1:{port}"
    listening = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True).stdout.split()
    assert f"127.0.0.1:{port}" in listening


def test_serve_stops_on_sigterm_and_frees_the_port(sample_graph_file):
    process, _, port = _serve(sample_graph_file)
    assert _stop(process) == 0
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_serve_port_in_use_is_a_one_line_error(sample_graph_file):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(sample_graph_file), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.startswith(f"kg: error: cannot listen on 127.0.0.1:{port}: Address already in use") and result.output.count("\n") == 1


@pytest.mark.parametrize("name", ["missing.ttl", "graph.xyz", "broken.ttl"])
def test_serve_unreadable_graph_is_a_one_line_error(tmp_path, name):
    path = tmp_path / name
    if name != "missing.ttl":
        path.write_text("<urn:a> <urn:b> .")
    result = CliRunner().invoke(main, ["serve", str(path), "--port", str(free_port())])
    assert result.exit_code == 2
    assert result.output.startswith(f"kg: error: {path}: ") and result.output.count("\n") == 1


CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""A query no budget allows: every fourfold combination of the sample graph's triples (hundreds of
triples: about 10^10 rows, minutes of work)."""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def test_serve_cuts_off_a_query_past_its_budget_and_answers_others(sample_graph_file):
    process, url, _ = _serve(sample_graph_file, "--timeout", "1")
    try:
        (server,) = (int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split())
        with ThreadPoolExecutor(1) as pool:
            started = time.monotonic()
            long = pool.submit(http, "POST", f"{url}/query", urllib.parse.urlencode({"query": CROSS_JOIN}).encode(),
                               {"Accept": "application/sparql-results+json",
                                "Content-Type": "application/x-www-form-urlencoded"})
            time.sleep(0.3)
            columns, rows = select(url, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
            assert columns == ("s",) and len(rows) == 1 and not long.done(), "the server answers while the long query runs"
            status, body = long.result(timeout=STARTUP_SECONDS)
            took = time.monotonic() - started
        assert b"cancelled" in body and b'"value"' not in body, (status, body[:300])
        assert took < 15, f"the query was cut off only after {took:.1f} s"
        before = _cpu_seconds(server)
        time.sleep(1)
        assert _cpu_seconds(server) - before < 0.5, "the cut-off query no longer runs"
        columns, rows = select(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert columns == ("n",) and int(rows[0][0]) > 0
    finally:
        _stop(process)


def test_serve_a_build_folder_serves_its_store_where_it_is(build):
    """Given the folder kg build wrote, kg serve serves its graph.oxigraph without copying or reading a file."""
    process, url, _ = _serve(build)
    try:
        store = load_graph(build / "graph.ttl")
        columns, rows = select(url, PRESETS["statements"].text)
        assert PRESETS["statements"].tidy(columns, rows) == run_preset(store, "statements").rows
    finally:
        assert _stop(process) == 0
