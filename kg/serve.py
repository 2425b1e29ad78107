"""Serve a built graph as a read-only SPARQL 1.1 Protocol endpoint, with Oxigraph's own server.

Oxigraph's ``serve-read-only`` already speaks the SPARQL Protocol, answers updates with 403 and
has a query page at ``/``; kg only gives it a store. A folder kg build wrote (or a store folder) is
served where it is. An RDF file is read with pyoxigraph and written into a temporary store as one
default graph (the union of a TriG or N-Quads file's named graphs, each triple once), so the presets
answer exactly as ``kg query`` does; that store is deleted when the server stops.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

import kg.graph_file as graph_file
from kg.errors import KgError
from kg.graph import open_store, store_location

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
READY_TIMEOUT = 20.0
DEFAULT_TIMEOUT = 30
"""Seconds a query may run; whole seconds, as Oxigraph's server takes them."""


class ServeError(KgError):
    """The server cannot be prepared or started."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` server: the one ``pip install oxigraph`` put next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServeError("the oxigraph server is not installed (pip install -e '.[serve]', or pip install oxigraph)")
    return found


def prepare_store(graph: Path, location: Path) -> int:
    """Load ``graph`` (any RDF file kg reads, by extension) into a new store at ``location``; return the triple count."""
    rdf_format = graph_file.rdf_format(graph)
    path = location / "graph.nt"
    try:
        triples = {pyoxigraph.Triple(q.subject, q.predicate, q.object)
                   for q in pyoxigraph.parse(path=str(graph), format=rdf_format)}
    except (OSError, SyntaxError) as error:
        raise graph_file.unreadable(graph, error) from error
    try:
        pyoxigraph.serialize(triples, str(path), pyoxigraph.RdfFormat.N_TRIPLES)
    except OSError as error:
        raise ServeError(f"cannot prepare the store in {location}: {error.strerror or error}") from error
    _run([oxigraph_binary(), "load", "--location", str(location / "store"), "--file", str(path)], "cannot load the graph")
    path.unlink()
    return len(triples)


def serve(graph: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, cors: bool = False,
          timeout: int = DEFAULT_TIMEOUT,
          on_ready: Callable[[str, int], None] = lambda url, triples: None) -> None:
    """Serve ``graph`` read-only at http://host:port/ until interrupted; ``on_ready`` gets the URL and the triple count.

    Oxigraph cancels each query that runs longer than ``timeout`` seconds (its ``--timeout-s``) and
    goes on answering the others.

    Blocks. KeyboardInterrupt (Ctrl-C, or SIGTERM turned into it by the caller) stops the server
    and removes the temporary store.
    """
    store = store_location(graph)
    if store is None:
        graph_file.rdf_format(graph)  # a path that is no graph is the error to give, whatever the port
    _check_free(host, port)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as folder:
        location = Path(folder)
        if store is None:
            triples = prepare_store(graph, location)
            store = location / "store"
        else:
            triples = len(open_store(store))
        command = [oxigraph_binary(), "serve-read-only", "--location", str(store),
                   "--bind", f"{_display_host(host)}:{port}", "--timeout-s", str(timeout)]
        if cors:
            command.append("--cors")
        with open(location / "server.log", "wb") as log:
            # Its own session: Ctrl-C reaches kg only, which then stops the server and removes the store.
            server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                wait_until_listening(host, port, server, location / "server.log")
                on_ready(f"http://{_display_host(host)}:{port}/", triples)
                server.wait()
                raise ServeError(f"the oxigraph server stopped: {_first_line(location / 'server.log')}")
            finally:
                stop(server)


def wait_until_listening(host: str, port: int, server: subprocess.Popen, log: Path | None = None,
                         timeout: float = READY_TIMEOUT) -> None:
    """Return once ``server`` accepts connections on ``port``; fail if it exits or is not up in ``timeout`` s.

    The caller stops the server either way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            detail = _first_line(log) if log else f"exit status {server.returncode}"
            raise ServeError(f"the oxigraph server did not start on {host}:{port}: {detail}")
        try:
            with socket.create_connection((_connect_host(host), port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise ServeError(f"the oxigraph server did not listen on {host}:{port} within {timeout:g} s")


def stop(server: subprocess.Popen) -> None:
    """Terminate ``server`` and wait for it; kill it if it does not stop within 5 s."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise ServeError(f"{what}: {lines[0] if lines else f'exit status {result.returncode}'}")


def _connect_host(host: str) -> str:
    """Where to check that the server listens: a wildcard bind is reachable on loopback."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host.strip("[]"))


def _display_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _check_free(host: str, port: int) -> None:
    """Fail early and clearly when the port is taken: Oxigraph would only say so after kg announced the URL."""
    try:
        address = host.strip("[]")
        socket.create_server((address, port), family=socket.AF_INET6 if ":" in address else socket.AF_INET).close()
    except OSError as error:
        raise ServeError(f"cannot listen on {_display_host(host)}:{port}: {error.strerror or error}") from error


def _first_line(log: Path) -> str:
    """Oxigraph's error is its first line; a stack backtrace follows."""
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return lines[0] if lines else "no message"
