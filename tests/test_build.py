"""End to end through the CLI contract: build the seeds, check facts with SPARQL, determinism, errors."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KG = [sys.executable, "-m", "kg"]


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    result = kg("build", str(SEEDS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "graph.ttl"


def ask(graph: Path, query: str) -> bool:
    store = pyoxigraph.Store()
    store.load(path=str(graph), format=pyoxigraph.RdfFormat.TURTLE)
    return bool(store.query("PREFIX kg: <https://w3id.org/kg-legal/ontology#>\n"
                            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + query))


def test_build_writes_turtle_and_html(seed_graph):
    assert seed_graph.is_file() and (seed_graph.parent / "graph.html").is_file()


def test_build_attributes_the_aclu_quote(seed_graph):
    # The article names her office, "the American Civil Liberties Union Washington Legislative Office".
    assert ask(seed_graph, """ASK { ?s kg:quote ?q ; kg:speaker ?p . ?p rdfs:label "Jesselyn McCurdy" ; kg:affiliatedWith ?o .
        ?o rdfs:label ?org . FILTER(STRSTARTS(?org, "American Civil Liberties Union"))
        FILTER(STRSTARTS(STR(?q), "Drug trafficking is not an offense")) }""")


@pytest.mark.parametrize("citation", ["18 U.S.C. § 1959", "18 U.S.C. § 924(j)", "21 U.S.C. § 848(e)", "18 U.S.C. § 3591(b)(1)"])
def test_build_finds_each_circumstance_in_the_reuters_story(seed_graph, citation):
    assert ask(seed_graph, f"""ASK {{ ?m a kg:ProvisionMention ; kg:provision ?p ; kg:inferred true ; kg:mentionedIn ?d .
        ?d <http://purl.org/dc/terms/identifier> "002_762628c52ecf43e6" . ?p kg:citation "{citation}" }}""")


@pytest.mark.parametrize("preset,columns", [
    ("actors", ["name", "type", "roles", "affiliations"]),
    ("statements", ["speaker", "text", "document", "date"]),
    ("provisions", ["label", "citation", "mention", "document"]),
    ("objections", ["by", "basis", "precedents", "text", "document"]),
    ("stances", ["actor", "stance", "target"]),
])
def test_build_presets_have_the_contract_columns(seed_graph, preset, columns):
    result = kg("query", str(seed_graph), "--preset", preset, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == columns and len(rows) > 1


def test_build_is_byte_identical(tmp_path, seed_graph):
    again = kg("build", str(SEEDS), "--out", str(tmp_path))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "graph.ttl").read_bytes() == seed_graph.read_bytes()


def test_build_output_conforms(seed_graph):
    result = kg("validate", str(seed_graph))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("name,content", [
    ("empty.txt", b""),
    ("blank.txt", b"   \n\n  "),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
])
def test_build_bad_input_is_one_line_and_keeps_out(tmp_path, name, content):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    result = kg("build", str(bad), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and name in result.stderr and "Traceback" not in result.stderr
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous"


def test_build_missing_path_is_one_line(tmp_path):
    result = kg("build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "nope.txt" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("--preset", "nosuch"), ("SELECT ?x WHERE { ?x",), ("DELETE WHERE { ?s ?p ?o }",)])
def test_query_errors_exit_2(seed_graph, args):
    result = kg("query", str(seed_graph), *args)
    assert result.returncode == 2 and result.stderr.startswith("kg: error:") and "Traceback" not in result.stderr


def test_build_unknown_spacy_model_is_one_line(tmp_path):
    result = kg("build", str(SEEDS / "000_2c7c2a0f5b444207.md"), "--out", str(tmp_path / "out"),
                "--spacy-model", "no_such_model")
    assert result.returncode == 2 and "no_such_model" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize("base", ["not an iri", "relative/path/", "http://example.org/a b/"])
def test_build_bad_base_is_one_line(tmp_path, base):
    """kg mints data IRIs under --base, so one that is not an absolute IRI is refused before any work."""
    result = kg("build", str(SEEDS / "000_2c7c2a0f5b444207.md"), "--out", str(tmp_path / "out"), "--base", base,
                "--jobs", "2")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--base" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "graph.ttl").exists()


def test_build_with_own_base_mints_under_it(tmp_path):
    result = kg("build", str(SEEDS / "000_2c7c2a0f5b444207.md"), "--out", str(tmp_path), "--base", "urn:example:kg:")
    assert result.returncode == 0, result.stderr
    assert ask(tmp_path / "graph.ttl", "ASK { ?actor a kg:Person . FILTER STRSTARTS(STR(?actor), 'urn:example:kg:actor/') }")


def test_kg_as_its_own_process_runs_exit_handlers_and_flushes_output(seed_graph):
    """``kg build`` and ``kg query`` end their process without freeing the graph (the object below is
    never freed): the output must still be complete, and the exit handlers must still run."""
    script = ("import atexit, sys\n"
              "atexit.register(lambda: print('exit handler ran', file=sys.stderr))\n"
              "class Held:\n    def __del__(self): print('freed', file=sys.stderr)\n"
              "held = Held()\n"
              f"sys.argv = ['kg', 'query', {str(seed_graph)!r}, '--preset', 'actors', '--format', 'csv']\n"
              "from kg.cli import run\nrun()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "exit handler ran\n"
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["name", "type", "roles", "affiliations"] and any(r[0] == "Jesselyn McCurdy" for r in rows)
    assert kg("query", str(seed_graph), "--preset", "actors", "--format", "csv").stdout == result.stdout
