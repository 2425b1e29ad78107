"""The Python API: kg.build, kg.query, kg.validate and kg.evaluate do what their commands do."""
from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import kg
from kg.errors import InputError, QueryError
from kg.query import PRESETS, load_graph, run_preset

ROOT = Path(__file__).resolve().parent.parent
VERBS = ("build", "query", "validate", "evaluate")


@pytest.mark.parametrize("name", VERBS)
def test_api_exports_each_verb_with_a_docstring(name):
    verb = getattr(kg, name)
    assert callable(verb) and verb is getattr(kg.api, name) and len(verb.__doc__) > 100
    assert name in kg.__all__


@pytest.mark.parametrize("module", ["kg.query", "kg.validate", "kg.evaluate"])
def test_api_verbs_stay_verbs_when_their_modules_are_imported(module):
    importlib.import_module(module)
    verb = getattr(kg, module.removeprefix("kg."))
    assert callable(verb) and not isinstance(verb, type(kg))


def test_api_version_is_defined_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("kg") == kg.__version__
    shown = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert shown.stdout == f"kg, version {kg.__version__}\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("api") / "out"
    written = kg.build([ROOT / "seeds"], out, formats=["nt"])
    assert [path.name for path in written] == ["graph.ttl", "graph.html", "graph.oxigraph", "graph.nt"]
    return out


def test_api_build_query_and_validate(built):
    graph = built / "graph.ttl"
    for name in PRESETS:
        assert kg.query(graph, preset=name) == run_preset(load_graph(graph), name)
    answer = kg.query(graph, sparql="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=30)
    assert answer.columns == ("n",) and int(answer.rows[0][0]) > 500
    assert kg.validate(graph).conforms
    assert kg.validate(built / "graph.nt").conforms


def test_api_query_past_its_timeout_is_a_query_error(built):
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(QueryError, match=r"ran longer than 0\.5 s"):
        kg.query(built / "graph.ttl", sparql=cross, timeout=0.5)


@pytest.mark.parametrize(("preset", "sparql"), [(None, None), ("actors", "SELECT * {}")])
def test_api_query_takes_exactly_one_question(built, preset, sparql):
    with pytest.raises(QueryError, match="exactly one"):
        kg.query(built / "graph.ttl", preset=preset, sparql=sparql)


def test_api_mistakes_raise_one_line_errors(tmp_path, built):
    with pytest.raises(InputError, match=r"graph\.html: is a view of a graph, not RDF"):
        kg.validate(built / "graph.html")
    with pytest.raises(InputError, match="no such file or folder"):
        kg.build([tmp_path / "nope.txt"], tmp_path / "out")
    with pytest.raises(InputError, match="no gold files"):
        kg.evaluate([ROOT / "seeds"], gold=tmp_path)


def test_api_evaluate_scores_against_gold():
    cases = ROOT / "tests" / "cases"
    article = sorted(cases.glob("*.md"))[0]
    summary = kg.evaluate([article], gold=cases)
    assert [score.article for score in summary.articles] == [article.name]
    assert 0 < summary.mean <= 1
