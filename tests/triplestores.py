"""Real RDF tools for the tests: Oxigraph's server, Raptor's rapper, and plain HTTP to 127.0.0.1.

A missing tool fails the test instead of skipping it: a green run must mean the outputs were
really checked by every engine. ``make test`` installs rapper; ``pip install -e '.[test]'`` the
oxigraph server.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.export import EXPORTERS
from kg.serve import oxigraph_binary, stop, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "seeds": [ROOT / "seeds"],
    "cases": sorted((ROOT / "tests" / "cases").glob("*.md")),
}
"""The two builds every output test checks: the seed articles and the held-out-style cases."""


def built(tmp_path_factory: pytest.TempPathFactory, corpus: str) -> Path:
    """The output folder of ``kg build CORPUS --format F`` for every format, built once per test session.

    Several test modules check the same outputs; the build is the slow part, so it is kept in the
    session's temporary folder and reused.
    """
    out = tmp_path_factory.getbasetemp() / "kg-builds" / corpus
    if not (out / "graph.ttl").is_file():
        formats = [argument for name in EXPORTERS for argument in ("--format", name)]
        result = subprocess.run(
            [sys.executable, "-m", "kg", "build", *map(str, CORPORA[corpus]), "--out", str(out), *formats],
            capture_output=True, text=True, cwd=ROOT, timeout=600,
        )
        if result.returncode != 0:
            pytest.fail(f"kg build {corpus} failed: {result.stderr}")
    return out


def require(tool: str) -> str:
    """The path of ``tool``, or a failed test saying how to install it."""
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is not installed: apt-get install raptor2-utils (make test does, as root)", pytrace=False)
    return found


def oxigraph() -> str:
    try:
        return oxigraph_binary()
    except KgError as error:
        pytest.fail(f"{error}: pip install -e '.[test]'", pytrace=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path, *options: str, command: str = "serve") -> Iterator[str]:
    """Run ``oxigraph COMMAND --location LOCATION`` on a free loopback port; yield its base URL; stop it."""
    port = free_port()
    server = subprocess.Popen(
        [oxigraph(), command, "--location", str(location), "--bind", f"127.0.0.1:{port}", *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening("127.0.0.1", port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)


def http(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Status and body of one request; HTTP errors are answers here, not exceptions."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def select(base_url: str, query: str) -> tuple[tuple[str, ...], list[tuple[str | None, ...]]]:
    """Columns and rows (lexical values, None when unbound) of a SELECT over the SPARQL Protocol."""
    status, body = http(
        "POST", f"{base_url}/query", urllib.parse.urlencode({"query": query}).encode(),
        {"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 200:
        pytest.fail(f"query failed with HTTP {status}: {body[:300]!r}")
    answer = json.loads(body)
    columns = tuple(answer["head"]["vars"])
    rows = [tuple(binding.get(c, {}).get("value") for c in columns) for binding in answer["results"]["bindings"]]
    return columns, rows


def count_quads(base_url: str) -> int:
    [(count,)] = select(base_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1]
    return int(count)
