"""Every user mistake, with every command, through the real CLI: one ``kg: error:`` line naming the path
as the user gave it, exit status 2, nothing on stdout, no traceback. Ctrl-C exits 130 and leaves
the previous outputs whole.

The cases run concurrently in one module fixture, since each is a fresh interpreter.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from triplestores import ROOT, built, free_port

ARTICLE = """Council weighs the harbour plan

"We will not back down on this plan," Mayor Ann Lee said on Tuesday at the council meeting.
"""
BROKEN_TURTLE = '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unclosed .\n'
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""Every fourfold combination of the seeds' triples: about 10^12 rows, far beyond any budget."""
NESTED = "a/b/c"
"""Cases that name a missing path run from this folder of the workspace, three levels down."""


@dataclass(frozen=True)
class Case:
    """``kg ARGS`` run in the workspace (or its NESTED folder) must fail with one line matching ``error``
    (after ``kg: error: ``)."""

    id: str
    args: tuple[str, ...]
    error: str
    nested: bool = False


def _port() -> str:
    return str(free_port())


GRAPH_COMMANDS = {
    "query": ("--preset", "actors"),
    "validate": (),
    "view": ("-o", "view.html"),
    "export": ("--format", "nt", "-o", "export.nt"),
    "load": ("--endpoint", "http://127.0.0.1:9/store"),
    "serve": ("--port", _port()),
}
"""The commands that read a graph file, with the options each needs besides it."""

NOT_GRAPHS = {
    "out/graph.html": r"out/graph\.html: is a view of a graph, not RDF; give the graph\.ttl kg build writes beside it",
    "out/graph.graphml": r"out/graph\.graphml: is a view of a graph, not RDF; give the graph\.ttl",
    "article.txt": r"article\.txt: is an article, not a graph; make its graph first: kg build article\.txt --out DIR",
    "empty": r"empty: no Oxigraph store in this folder \(kg build writes one as empty/graph\.oxigraph\)",
    "bad.ttl": r"bad\.ttl: cannot read the graph \(Parser error between line 3 column \d+ and line 4 column \d+: .+\)",
    "notes.docx": r"notes\.docx: not an RDF file kg reads \(its extension must be one of \.json, ",
}
"""Files that are not graphs, and what kg says when one is given as a graph."""

CASES = [
    # a missing path, named as given (run three folders down)
    Case("build-missing", ("build", "nope.txt", "--out", "o"), r"nope\.txt: no such file or folder", nested=True),
    *(Case(f"{command}-missing", (command, "nope.ttl", *options), r"nope\.ttl: no such file", nested=True)
      for command, options in GRAPH_COMMANDS.items()),
    Case("query-file-missing", ("query", "../../../out/graph.ttl", "-f", "nope.rq"),
         r"nope\.rq: cannot read the query \(No such file or directory\)$", nested=True),
    Case("query-file-not-text", ("query", "out/graph.ttl", "-f", "photo.rq"), r"photo\.rq: cannot read the query \(not UTF-8"),
    Case("eval-missing-article", ("eval", "nope.txt", "--gold", "../../../gold"), r"nope\.txt: no such file or folder",
         nested=True),
    Case("eval-missing-gold", ("eval", "../../../article.txt", "--gold", "nogold"), r"nogold: no such gold folder",
         nested=True),
    # a file of the wrong kind where a graph is expected
    *(Case(f"{command}-{name.replace('/', '-')}", (command, name, *options), error)
      for command, options in GRAPH_COMMANDS.items() for name, error in NOT_GRAPHS.items()),
    # eval without gold to score against
    Case("eval-empty-gold", ("eval", "article.txt", "--gold", "empty"), r"empty: no gold files \(NAME\.gold\.json\)"),
    Case("eval-no-matching-gold", ("eval", "article.txt", "--gold", "gold"),
         r"gold: has no gold file for any of the articles given"),
    # ports and numbers
    *(Case(f"serve-port-{port}", ("serve", "out/graph.ttl", "--port", port), rf"Invalid value for '--port': .*{port}")
      for port in ("99999", "0", "-1", "http")),
    Case("serve-timeout-0", ("serve", "out/graph.ttl", "--timeout", "0"), r"Invalid value for '--timeout': 0"),
    Case("serve-timeout-fraction", ("serve", "out/graph.ttl", "--timeout", "1.5"), r"Invalid value for '--timeout': '1\.5'"),
    Case("build-jobs-0", ("build", "article.txt", "--out", "o", "--jobs", "0"), r"Invalid value for '--jobs' / '-j': 0"),
    Case("build-jobs-word", ("build", "article.txt", "--out", "o", "-j", "many"), r"Invalid value for '--jobs' / '-j'"),
    Case("build-max-bytes-0", ("build", "article.txt", "--out", "o", "--max-bytes", "0"),
         r"Invalid value for '--max-bytes': 0 is not in the range x>=1"),
    Case("query-timeout-negative", ("query", "out/graph.ttl", "--preset", "actors", "--timeout", "-2"),
         r"Invalid value for '--timeout': -2"),
    Case("query-timeout-word", ("query", "out/graph.ttl", "--preset", "actors", "--timeout", "soon"),
         r"Invalid value for '--timeout': 'soon'"),
    Case("load-timeout-0", ("load", "out/graph.ttl", "--endpoint", "http://127.0.0.1:9/store", "--timeout", "0"),
         r"Invalid value for '--timeout': 0"),
    # click's own usage errors
    *(Case(f"{command}-no-arguments", (command,), rf"Missing (argument|option) .*\(see 'kg {command} --help'\)")
      for command in ("build", "query", "validate", "view", "export", "load", "serve", "eval")),
    Case("unknown-command", ("biuld", "article.txt"), r"No such command 'biuld'\. .*\(see 'kg --help'\)"),
    Case("unknown-option", ("build", "article.txt", "--out", "o", "--fromat", "nt"),
         r"No such option '--fromat'\. .*'--format'.* \(see 'kg build --help'\)"),
    Case("query-format-choice", ("query", "out/graph.ttl", "--preset", "actors", "--format", "xlsx"),
         r"Invalid value for '--format': 'xlsx' is not one of 'csv', 'json', 'table'"),
    # names and queries kg does not know
    Case("build-unknown-format", ("build", "article.txt", "--out", "o", "--format", "docx"), r"unknown format 'docx'"),
    Case("export-unknown-format", ("export", "out/graph.ttl", "--format", "docx", "-o", "x.docx"), r"unknown format 'docx'"),
    Case("query-unknown-preset", ("query", "out/graph.ttl", "--preset", "people"), r"unknown preset 'people' \(valid presets: "),
    Case("query-two-questions", ("query", "out/graph.ttl", "SELECT * {}", "--preset", "actors"),
         r"give exactly one of: a SPARQL query, --preset NAME or -f FILE"),
    Case("query-malformed", ("query", "out/graph.ttl", "SELECT ?x WHERE {"), r"malformed SPARQL: "),
    Case("query-update", ("query", "out/graph.ttl", "DELETE WHERE { ?s ?p ?o }"), r"SPARQL updates are not allowed"),
    Case("query-past-budget", ("query", "out/graph.ttl", CROSS_JOIN, "--timeout", "1"),
         r"the query ran longer than 1 s and was stopped \(--timeout SECONDS allows more\)"),
    # outputs that cannot be written, endpoints that do not answer
    Case("build-out-is-a-file", ("build", "article.txt", "--out", "article.txt"), r"article\.txt: --out exists and is not a folder"),
    Case("export-under-a-file", ("export", "out/graph.ttl", "--format", "nt", "-o", "article.txt/graph.nt"),
         r"cannot write article\.txt: "),
    Case("view-into-a-missing-folder", ("view", "out/graph.ttl", "-o", "/proc/kg/page.html"),
         r"cannot write /proc/kg(/page\.html)?: "),
    Case("load-refused", ("load", "out/graph.ttl", "--endpoint", f"http://127.0.0.1:{_port()}/store"),
         r"http://127\.0\.0\.1:\d+/store: connection refused \(is the triple store running\?\)"),
    Case("load-not-a-url", ("load", "out/graph.ttl", "--endpoint", "localhost/store"),
         r"localhost/store: not an http\(s\) URL of a Graph Store endpoint"),
]


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder with the seeds' outputs in out/ (every format), an article, a broken graph, files of other
    kinds, gold folders (one empty, one for another article) and an empty folder three levels down."""
    root = tmp_path_factory.mktemp("mistakes")
    (root / "out").symlink_to(built(tmp_path_factory, "seeds"), target_is_directory=True)
    (root / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "bad.ttl").write_text(BROKEN_TURTLE, encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "photo.rq").write_bytes(b"\xff\xd8\xff\xe0")
    (root / "empty").mkdir()
    (root / "gold").mkdir()
    (root / "gold" / "other.gold.json").write_text(json.dumps({"article": "other.txt", "actors": []}), encoding="utf-8")
    (root / NESTED).mkdir(parents=True)
    return root


@pytest.fixture(scope="module")
def runs(workspace) -> dict[str, subprocess.CompletedProcess]:
    def run(case: Case) -> subprocess.CompletedProcess:
        return kg(*case.args, cwd=workspace / NESTED if case.nested else workspace)

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {case.id: pool.submit(run, case) for case in CASES}
        return {name: future.result() for name, future in futures.items()}


def test_errors_cases_have_distinct_ids():
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_errors_user_mistake_is_one_line_naming_the_path_as_given(runs, case):
    result = runs[case.id]
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kg: error: "), result.stderr
    assert re.match(case.error, result.stderr.removeprefix("kg: error: ")), result.stderr


def test_errors_every_command_is_covered(runs):
    from kg.cli import main

    covered = {case.args[0] for case in CASES}
    assert set(main.commands) <= covered


# --- Ctrl-C -------------------------------------------------------------------------------------------

PREVIOUS = b"previous graph, must survive\n"


def _as_in_a_terminal() -> None:
    """SIGINT back to its default in the child, as in a terminal's foreground job: a test run started in the
    background of a script inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(args: list[str], cwd: Path, ready) -> subprocess.CompletedProcess:
    """Run kg in its own process group, wait until ``ready()``, then press Ctrl-C: SIGINT to the whole
    group, as a terminal sends it (kg's worker processes get it too)."""
    process = subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_as_in_a_terminal)
    deadline = time.monotonic() + 120
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "kg ended before it could be interrupted: give it more work"
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("worker processes outlived kg")
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def _articles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        paragraphs = (f'"Measure {i}-{j} will change how the county handles the docket," Commissioner Ann Lee said '
                      f"on Tuesday. The Harbor Defenders Association called proposal {j} unconstitutional under "
                      "Kennedy v. Louisiana." for j in range(12))
        (folder / f"a{i:03}.txt").write_text(f"County weighs plan {i}\n\n" + "\n\n".join(paragraphs) + "\n")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_errors_ctrl_c_during_a_build_exits_130_and_keeps_the_previous_outputs(tmp_path, jobs):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(PREVIOUS)
    (out / "graph.html").write_bytes(PREVIOUS)
    articles = _articles(tmp_path / "articles", 200)
    cache = out / ".cache"
    result = _interrupt(["build", str(articles), "--out", str(out), "--jobs", jobs], tmp_path,
                        lambda: cache.is_dir() and any(path.is_file() for path in cache.rglob("*")))
    assert result.returncode == 130, result.stderr
    assert [line for line in result.stderr.splitlines() if line] == ["kg: interrupted"]
    assert {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()} == \
        {"graph.ttl": PREVIOUS, "graph.html": PREVIOUS}


def test_errors_ctrl_c_during_a_query_exits_130_at_once(workspace):
    started = time.monotonic()
    result = _interrupt(["query", "out/graph.ttl", CROSS_JOIN], workspace, lambda: time.monotonic() - started > 3)
    assert result.returncode == 130, result.stderr
    assert [line for line in result.stderr.splitlines() if line] == ["kg: interrupted"]
    assert time.monotonic() - started < 30


def test_errors_a_dependency_missing_from_the_environment_is_one_line(tmp_path):
    """A .venv made for an older kg lacks what a newer one imports: one line that says how to reinstall."""
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    run = ("import sys; sys.modules['us'] = None; from kg.cli import run; "
           f"sys.argv = ['kg', 'build', 'article.txt', '--out', 'out']; run()")
    result = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("kg: error: the Python package 'us' is missing from this environment; reinstall kg "
                             "(make install, or pip install -e .)\n")
