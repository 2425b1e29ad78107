"""Hostile and broken input: through the real CLI, every case is a correct result or a
one-line error naming the file, exit 2, no traceback; outputs survive SIGKILL, hold any text as valid
RDF, never carry live HTML payloads, and are the same bytes whatever the order.

The CLI cases run concurrently in one module fixture, since each is a fresh interpreter.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from kg.domain import load_domain
from kg.export import EXPORTERS
from kg.models import Actor, Corpus, Document, Mention, Statement
from kg.graph import from_triples
from kg.pipeline import build_documents
from kg import rdf

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = """PREFIX kg: <https://w3id.org/kg-legal/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
PREVIOUS = b"previous graph, must survive\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
ENCODED = "\u201cWe won\u2019t pay 5 \u20ac more for this,\u201d Mayor Jos\u00e9 N\u00fa\u00f1ez said on Tuesday.\n"
LATIN1 = '"We will appeal the ruling," Mayor Jos\u00e9 N\u00fa\u00f1ez said on Tuesday.\n'

SPANISH = """El Gobierno endurece las penas por narcotr\u00e1fico

La ministra de Justicia, Carmen Ortega, defendi\u00f3 el martes la reforma del C\u00f3digo Penal. \u00abEsta ley
proteger\u00e1 a nuestras familias\u00bb, dijo Ortega ante el Congreso en Madrid.

La Asociaci\u00f3n de Abogados Penalistas critic\u00f3 la medida y afirm\u00f3 que es inconstitucional. \u00abNo se
puede castigar con m\u00e1s c\u00e1rcel a quien ya est\u00e1 enfermo\u00bb, se\u00f1al\u00f3 su presidente, Luis Herrero.
"""
GERMAN = """Bundestag debattiert \u00fcber h\u00e4rtere Strafen f\u00fcr Drogenhandel

Bundesjustizminister Thomas Keller verteidigte am Dienstag den Gesetzentwurf. \u201eWir m\u00fcssen die
B\u00fcrger sch\u00fctzen\u201c, sagte Keller in Berlin.

Der Deutsche Anwaltverein lehnt die Reform ab und h\u00e4lt sie f\u00fcr verfassungswidrig. \u201eDas
Bundesverfassungsgericht hat klare Grenzen gesetzt\u201c, erkl\u00e4rte die Pr\u00e4sidentin Anna Vogt.
"""
HTML_PAGE = """<!doctype html><html><head><title>Council weighs the plan</title>
<style>.secretstyle { color: red }</style><script>var secretscript = "alert(1)";</script></head>
<body><article><h1>Council weighs the plan</h1>
<p>"We will not back down on this plan," Mayor Ann Lee said on Tuesday at the council meeting.</p>
<script>document.write("secretinline")</script>
<p>The council will vote on the measure next month after a public hearing in the county hall.</p>
</article></body></html>"""


def kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def select(out: Path, query: str) -> list[tuple[str, ...]]:
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    return sorted(tuple(term.value for term in row) for row in store.query(PREFIXES + query))


def count(out: Path, kind: str) -> int:
    return int(select(out, f"SELECT (COUNT(?x) AS ?n) {{ ?x a kg:{kind} }}")[0][0])


# --- bad inputs: one table, run concurrently ----------------------------------------------------------

def _unreadable(root: Path) -> Path:
    path = write(root / "locked.txt", "Council weighs the plan.\n")
    path.chmod(0)
    if os.access(path, os.R_OK):
        # Root reads through permissions; a read that the kernel fails (EIO) is the same path in kg.
        path.unlink()
        path.symlink_to("/proc/self/mem")
    return path


def _symlink_to_itself(root: Path) -> Path:
    (root / "self.txt").symlink_to(root / "self.txt")
    return root / "self.txt"


@dataclass(frozen=True)
class Case:
    """A CLI build that must fail: ``setup`` makes the input in a folder and returns the path to
    build; ``error`` is the regex a ``kg:`` line on stderr must match."""

    id: str
    setup: Callable[[Path], Path]
    error: str
    options: tuple[str, ...] = ()


CASES = [
    Case("empty", lambda r: write(r / "empty.txt", b""), r"empty\.txt: is empty"),
    Case("whitespace", lambda r: write(r / "blank.txt", " \n\t\r\n  \n"), r"blank\.txt: is empty"),
    Case("front-matter-no-body", lambda r: write(r / "meta.md", "---\ntitle: Only metadata\n---\n\n  \n"),
         r"meta\.md: is empty \(front matter but no body\)"),
    Case("binary", lambda r: write(r / "photo.txt", PNG), r"photo\.txt: is not text"),
    Case("yaml-error", lambda r: write(r / "a.md", "---\ntitle: a: b\n---\nThe council met.\n"),
         r"a\.md: front matter is not valid YAML at line 2"),
    Case("date-yesterday", lambda r: write(r / "a.md", "---\ndate: yesterday\n---\nThe council met.\n"),
         r"a\.md: field 'date' is not a date"),
    Case("list-for-string", lambda r: write(r / "a.md", "---\ntitle:\n  - one\n  - two\n---\nThe council met.\n"),
         r"a\.md: field 'title' must be a string, not a list"),
    Case("empty-folder", lambda r: write(r / "docs" / "notes.pdf", "x").parent, r"docs: folder contains no articles"),
    Case("missing", lambda r: r / "nope.txt", r"nope\.txt: no such file or folder"),
    Case("unreadable", _unreadable, r"locked\.txt: cannot be read \("),
    Case("symlink-to-itself", _symlink_to_itself, r"self\.txt: cannot be read \(Too many levels of symbolic links\)"),
    Case("20mb-article", lambda r: write(r / "huge.txt", ("word " * 19 + "end.\n") * 210_000),
         r"huge\.txt: is larger than the limit of 20,000,000 bytes"),
    Case("2mb-line", lambda r: write(r / "line.txt", "word " * 400_000 + "end.\n"),
         r"line\.txt: is larger than the limit of 1,000,000 bytes", options=("--max-bytes", "1000000")),
]
"""Inputs that must fail: one build each, so each error is the build's only one."""


def _run(case: Case, root: Path) -> tuple[subprocess.CompletedProcess, Path]:
    root.mkdir()
    path = case.setup(root)
    out = root / "out"
    write(out / "graph.ttl", PREVIOUS)
    return kg("build", str(path), "--out", str(out), *case.options), out


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    base = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {case.id: pool.submit(_run, case, base / case.id) for case in CASES}
        return {name: future.result() for name, future in futures.items()}


def assert_clean_error(result: subprocess.CompletedProcess, pattern: str) -> None:
    """Exit 2, only ``kg:`` lines on stderr (a skip warning may precede the error), the file named."""
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and lines and all(line.startswith("kg: ") for line in lines), result.stderr
    assert lines[-1].startswith("kg: error: ")
    assert any(re.search(pattern, line) for line in lines), result.stderr


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_hostile_bad_input_is_one_clean_error(cli_runs, case):
    result, out = cli_runs[case.id]
    assert_clean_error(result, case.error)
    assert (out / "graph.ttl").read_bytes() == PREVIOUS


def test_hostile_out_is_an_existing_file(tmp_path):
    article = write(tmp_path / "a.txt", LATIN1)
    out = write(tmp_path / "out.ttl", PREVIOUS)
    assert_clean_error(kg("build", str(article), "--out", str(out)), r"out\.ttl: --out exists and is not a folder")
    assert out.read_bytes() == PREVIOUS


# --- hostile but valid inputs: one corpus build ----------------------------------------------------

def _many_quotes(count: int) -> str:
    return "Officials speak\n\n" + " ".join(
        f'"Point number {i} stands firm," Mayor Ann Lee said.' for i in range(count)) + "\n"


def _nested(depth: int) -> str:
    return ("Nested brackets\n\nMayor Ann Lee cited " + "([" * depth + "x" + "])" * depth + " in the memo.\n\n"
            '"We are ready," Mayor Ann Lee said.\n')


SPEAKS = ("Jos\u00e9 N\u00fa\u00f1ez", "We won\u2019t pay 5 \u20ac more for this,")
VALID = {
    "latin": (LATIN1.encode("latin-1"), [("Jos\u00e9 N\u00fa\u00f1ez", "We will appeal the ruling,")]),
    "windows": (ENCODED.encode("cp1252"), [SPEAKS]),
    "utf16": (ENCODED.encode("utf-16"), [SPEAKS]),
    "page": (HTML_PAGE, [("Ann Lee", "We will not back down on this plan,")]),
    "nested": (_nested(1000), [("Ann Lee", "We are ready,")]),
    "spanish": (SPANISH, []),
    "german": (GERMAN, []),
    "unclosed": ('Council debates the plan\n\nMayor Ann Lee said "we will never agree to this plan and left.\n\n'
                 'Critics said the council was rushing. "This is wrong, said Sen. Bo Park.\n\nThe vote is Friday.\n',
                 None),
    "quotes": (_many_quotes(1000), None),
}
"""Hostile but valid articles, built together in one folder: the file's text (or bytes), and the
statements expected from it (speaker, quote), or None when checked separately below."""


BAD_IN_CORPUS = {"zz-empty.txt": (b"", "is empty"), "zz-image.txt": (PNG, "is not text"),
                 "zz-yaml.md": ("---\ndate: yesterday\n---\nThe council met.\n", "field 'date' is not a date")}


@pytest.fixture(scope="module")
def valid_folder(tmp_path_factory) -> Path:
    """The valid articles in one folder, with bad files and a symlink loop (sub/up -> the folder) among them."""
    folder = tmp_path_factory.mktemp("valid") / "articles"
    for stem, (content, _) in VALID.items():
        write(folder / f"{stem}{'.html' if stem == 'page' else '.txt'}", content)
    for name, (content, _) in BAD_IN_CORPUS.items():
        write(folder / name, content)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def valid_build(valid_folder) -> tuple[subprocess.CompletedProcess, Path]:
    out = valid_folder.parent / "out"
    return kg("build", str(valid_folder), "--out", str(out)), out


def statements_in(out: Path, document: str) -> list[tuple[str, str]]:
    return select(out, f"""SELECT ?speaker ?text {{ ?s kg:quote ?q ; kg:speaker/rdfs:label ?speaker ;
        kg:reportedIn/dcterms:identifier "{document}" BIND(STR(?q) AS ?text) }}""")


def test_hostile_valid_inputs_build(valid_build):
    result, out = valid_build
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert count(out, "NewsArticle") == len(VALID), "each article once, the symlink loop not followed"


def test_hostile_corpus_skips_bad_files_with_a_warning(valid_build):
    result, _ = valid_build
    warnings = [line for line in result.stderr.splitlines() if line.startswith("kg: warning:")]
    assert len(warnings) == len(BAD_IN_CORPUS)
    for name, (_, problem) in BAD_IN_CORPUS.items():
        assert any(f"{name}: {problem}" in line for line in warnings), (name, warnings)
    assert f"{len(BAD_IN_CORPUS)} skipped" in result.stderr


def test_hostile_corpus_strict_stops_at_the_first_bad_file(valid_folder, tmp_path):
    out = write(tmp_path / "out" / "graph.ttl", PREVIOUS).parent
    assert_clean_error(kg("build", str(valid_folder), "--out", str(out), "--strict"), r"zz-empty\.txt: is empty")
    assert (out / "graph.ttl").read_bytes() == PREVIOUS


@pytest.mark.parametrize("stem", [stem for stem, (_, expected) in VALID.items() if expected is not None])
def test_hostile_valid_input_statements(valid_build, stem):
    """Encodings decoded (the quote marks, accents and euro sign come through), HTML scripts and styles
    dropped, deep brackets harmless, and no statement from Spanish or German prose."""
    assert statements_in(valid_build[1], stem) == VALID[stem][1]


def test_hostile_valid_input_no_script_or_style_text(valid_build):
    turtle = (valid_build[1] / "graph.ttl").read_text(encoding="utf-8")
    assert "secret" not in turtle and "alert(" not in turtle and "color: red" not in turtle


def test_hostile_valid_input_foreign_language_no_facts(valid_build):
    facts = select(valid_build[1], """SELECT ?kind ?doc { VALUES ?kind { kg:Objection kg:Stance kg:Statement kg:Person
        kg:Organization kg:Group }
        ?x a ?kind ; (kg:reportedIn|kg:mentionedIn|kg:evidence/<http://www.w3.org/ns/oa#hasSource>) ?d .
        ?d dcterms:identifier ?doc FILTER(?doc IN ("spanish", "german")) }""")
    assert facts == []


def test_hostile_valid_input_unclosed_quotes_stay_in_their_paragraph(valid_build):
    found = statements_in(valid_build[1], "unclosed")
    assert found and all("\n\n" not in text and "Friday" not in text for _, text in found)


def test_hostile_valid_input_1000_quotes(valid_build):
    assert len(statements_in(valid_build[1], "quotes")) == 1000


# --- time stays linear ------------------------------------------------------------------------------

def _best_time(document: Document, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        build_documents([document])
        best = min(best, time.perf_counter() - start)
    return best


def test_hostile_1000_quotes_time_is_linear():
    small, large = (Document("q", _many_quotes(n), "q.txt") for n in (250, 1000))
    build_documents([small])
    ratio = _best_time(large) / _best_time(small)
    # Linear is at most 4x (constant costs make it less) and quadratic work tends to 16x; the bound sits
    # between them, with room for a busy machine (best of three runs).
    assert ratio < 2.5 * 4, f"1,000 quotes took {ratio:.1f}x the time of 250"


# --- output: SIGKILL mid-write leaves the previous out/ ---------------------------------------------

def _corpus(folder: Path, articles: int) -> Path:
    names = ("Ann Lee", "Bo Park", "Carla Diaz", "Dev Patel")
    for i in range(articles):
        paragraphs = (
            f'"Measure {i}-{j} will change how the county handles the docket," Commissioner '
            f"{names[(i + j) % len(names)]} said on Tuesday. The Harbor Defenders Association called proposal "
            f"{j} unconstitutional under Kennedy v. Louisiana." for j in range(12))
        write(folder / f"a{i:03}.txt", f"County weighs plan {i}\n\n" + "\n\n".join(paragraphs) + "\n")
    return folder


def test_hostile_sigkill_mid_write_keeps_previous_out(tmp_path):
    out = tmp_path / "out"
    first = kg("build", str(ROOT / "seeds"), "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = _outputs(out)
    watched = set(os.listdir(out)) | {".cache"}
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(_corpus(tmp_path / "corpus", 20)),
                                "--out", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while process.poll() is None and time.monotonic() < deadline and not set(os.listdir(out)) - watched:
        time.sleep(0.002)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the build ended before it started writing; make the corpus larger"
    assert _outputs(out) == before
    leftovers = set(os.listdir(out)) - watched
    assert leftovers and all(name.startswith(".") for name in leftovers), leftovers
    again = kg("build", str(ROOT / "seeds"), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert (out / "graph.ttl").read_bytes() == before["graph.ttl"]


def _outputs(out: Path) -> dict[str, bytes]:
    """Every output file, those in the store's folder included, but no hidden (temporary) one."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


# --- output: any text gives valid IRIs and literals ---------------------------------------------------

NASTY = ("Zo\u00eb \"Q\" O'Brien <b>&amp;</b> back\\slash\nnew line \U0001F680 "
         "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 zero\u200bwidth\u200d\u2060 \u202eevil\u202c end")


def _nasty_corpus() -> Corpus:
    doc_id = "doc " + NASTY
    text = f"{NASTY} said \"{NASTY}\" today."
    start = text.index('"') + 1
    name, quote = Mention(0, len(NASTY), NASTY), Mention(start, start + len(NASTY), NASTY)
    key = "person/" + NASTY
    return Corpus(
        documents=(Document(doc_id, text, NASTY, title=NASTY, date=dt.date(2030, 1, 2), url="https://x.example/" + NASTY,
                            publisher=NASTY),),
        actors=(Actor(key, NASTY, "Person", aliases=(NASTY[::-1],), mentions=((doc_id, name),)),),
        statements=(Statement(doc_id, quote, name, speaker=key, cue="said", rule="test"),),
        provisions=(), objections=(), stances=(),
    )


def _oxigraph_triples(path: Path, rdf_format: pyoxigraph.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in pyoxigraph.parse(path=str(path), format=rdf_format)}


RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


def test_hostile_any_text_gives_valid_iris_and_literals(tmp_path):
    graph = from_triples(rdf.triples(_nasty_corpus(), load_domain().triples))
    rdf_exporters = [e for e in EXPORTERS.values() if e.rdf_format]
    parsed = {}
    for exporter in rdf_exporters:
        path = tmp_path / exporter.filename
        exporter.write(graph, path)
        parsed[exporter.name] = _oxigraph_triples(path, exporter.rdf_format)
        union = rdflib.Dataset()
        union.parse(path, format=RDFLIB_FORMATS[exporter.name])
        assert len({(s, p, o) for s, p, o, _ in union.quads()}) == len(parsed[exporter.name]), exporter.name
    assert len({frozenset(triples) for triples in parsed.values()}) == 1, "formats disagree"
    triples = parsed["turtle"]
    iris = {term for triple in triples for term in triple if term.startswith("<")}
    assert all(re.fullmatch(r"<[^\x00-\x20<>\"{}|^`\\]*>", iri) for iri in iris)
    assert any("%F0%9F%9A%80" in iri for iri in iris), "the emoji in the actor key is percent-encoded"
    literal = pyoxigraph.Literal(NASTY)
    assert str(literal) in {o for _, _, o in triples} | {str(pyoxigraph.Literal(NASTY, language="en"))}
    store = pyoxigraph.Store()
    store.load(path=str(tmp_path / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    names = {row["n"].value for row in store.query("SELECT ?n { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?n }")}
    assert NASTY in names


# --- HTML: payloads are never live --------------------------------------------------------------------

PAYLOAD_ARTICLE = """---
title: "<script>alert('title')</script> Council </script><script>alert('t2')</script>"
url: "javascript:alert('url')"
publisher: "\\"><img src=x onerror=alert('pub')>"
---
Council weighs the plan

"</script><script>alert('breakout')</script> is what we fear," Mayor Ann Lee said on Tuesday.

"<img src=x onerror=alert('img')> and <svg onload=alert('svg')> are not welcome," Sen. Bo Park said.

Critics, including the <b onmouseover=alert('b')>Harbor Defenders Association</b>, called the plan
unconstitutional under Kennedy v. Louisiana.
"""
MARKERS = tuple(f"alert('{name}')" for name in ("title", "t2", "url", "pub", "breakout", "img", "svg", "b"))
LIVE = ("<script>alert(", "</script><script>", "<img src=x", "<svg onload", "<b onmouseover", "\"><img")


class _Elements(HTMLParser):
    """The start tags with their attributes, and the text of each script element, as a browser parses them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[str | None, str]] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs).get("type"), ""))
            self.in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def test_hostile_html_never_contains_live_payloads(tmp_path):
    result = kg("build", str(write(tmp_path / "payload.md", PAYLOAD_ARTICLE)), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "alert('breakout')" in page and "alert('pub')" in page, "the payload text is shown, escaped"
    for payload in LIVE:
        assert payload not in page
    elements = _Elements()
    elements.feed(page)
    for tag, attrs in elements.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not any((value or "").strip().lower().startswith("javascript:") for value in attrs.values()), (tag, attrs)
    code = [text for kind, text in elements.scripts if kind != "application/json"]
    assert code and not any(marker in text for text in code for marker in MARKERS)
    data = [text for kind, text in elements.scripts if kind == "application/json"]
    assert all(json.loads(text) for text in data)
    assert not re.search(r'"[a-z]*(?:href|url|link|src)[a-z]*"\s*:\s*"javascript:', page, re.IGNORECASE)


# --- determinism ----------------------------------------------------------------------------------------

def test_hostile_build_is_byte_identical_twice_and_in_any_order(tmp_path):
    inputs = [str(p) for p in [*sorted((ROOT / "seeds").glob("*.md")), *sorted((ROOT / "tests" / "cases").glob("00[1-4]*.md"))]]
    variants = {"jobs-1": [*inputs, "--jobs", "1"], "again": [*inputs, "--jobs", "1"],
                "reversed": [*inputs[::-1], "--jobs", "1"], "jobs-2": [*inputs, "--jobs", "2"]}
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(variants, pool.map(
            lambda item: kg("build", *item[1], "--out", str(tmp_path / item[0])), variants.items())))
    for name, result in results.items():
        assert result.returncode == 0, (name, result.stderr)
    turtles = {name: (tmp_path / name / "graph.ttl").read_bytes() for name in variants}
    assert len(set(turtles.values())) == 1, {name: len(data) for name, data in turtles.items()}


def test_hostile_unpaired_surrogates_are_replaced_one_for_one(tmp_path):
    """JSON and YAML can escape an unpaired surrogate, which is no Unicode character: it becomes U+FFFD,
    so the article builds and every offset still points at the same place."""
    text = 'Mayor Ann Lee said "We are \ud800 ready," on Monday.\n'
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "s1", "title": "Plan \udfff", "text": text}) + "\n")
    (tmp_path / "b.md").write_text('---\ntitle: "Vote \\ud800"\n---\n' + text.replace("\ud800", "x"))
    result = kg("build", str(tmp_path / "a.jsonl"), str(tmp_path / "b.md"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert statements_in(tmp_path / "out", "s1") == [("Ann Lee", "We are \ufffd ready,")]
    titles = select(tmp_path / "out", "SELECT ?t { ?d dcterms:title ?title BIND(STR(?title) AS ?t) }")
    assert sorted(titles) == [("Plan \ufffd",), ("Vote \ufffd",)]
