"""kg query is read-only and offline, reports where SPARQL is malformed, and binds user values as values."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from kg.errors import QueryError
from kg.query import LOOKUPS, PRESETS, Result, load_graph, parse_params, run_preset, run_sparql

ROOT = Path(__file__).resolve().parent.parent
INJECTIONS = [
    'x" } ; DROP ALL ; #',
    "x' } DELETE WHERE { ?s ?p ?o } #",
    'Alma Quist" || true || "',
    '") } UNION { ?statement ?p ?o } #',
    "\\u0022 } ; CLEAR DEFAULT",
    "<urn:x> } ; LOAD <http://127.0.0.1:9/x>",
]


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def quads(store: pyoxigraph.Store) -> set:
    return set(store.quads_for_pattern(None, None, None, None))


@pytest.fixture
def store(sample_graph_file):
    return load_graph(sample_graph_file)


# --- read-only ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "insert data { <urn:a> <urn:b> <urn:c> }",
        "DeLeTe WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP ALL",
        "CREATE GRAPH <urn:g>",
        "ADD DEFAULT TO <urn:g>",
        "MOVE DEFAULT TO <urn:g>",
        "COPY DEFAULT TO <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX ex: <urn:ex#>\nBASE <urn:base/>\nINSERT DATA { ex:a ex:b ex:c }",
        "# a comment that says SELECT\n  \n# another\nDROP DEFAULT",
        "PREFIX:<urn:x#> PREFIX y:<urn:y#>DROP ALL",
        "BASE<urn:b/>prefix p: <urn:p#> # SELECT * {}\nclear default",
        "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    ],
)
def test_query_safety_updates_are_refused_and_change_nothing(store, update):
    before = quads(store)
    with pytest.raises(QueryError, match=r"^SPARQL updates are not allowed \([A-Z]+\)"):
        run_sparql(store, update)
    assert quads(store) == before


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ('SELECT ?drop WHERE { ?drop ?p "INSERT DATA { }" }', ()),
        ("SELECT ?s WHERE { ?s ?p 'CLEAR ALL' } # DELETE everything", ()),
        ('SELECT ?s WHERE { ?s ?p """multi\nline DROP""" }', ()),
        ("PREFIX drop: <urn:delete#>\nSELECT ?s WHERE { ?s drop:load ?o }", ()),
        ("SELECT ?s WHERE { ?s <urn:service#insert> ?o }", ()),
        ('SELECT ?s WHERE { ?s ?p "x"@add }', ()),
        ("SELECT ?s WHERE { ?s <urn:none> _:copy }", ()),
        ('ASK { FILTER ("with" != "move") }', (("true",),)),
    ],
    ids=["string", "comment", "long-string", "prefixed-names", "iri", "language-tag", "blank-node", "filter"],
)
def test_query_safety_keywords_inside_tokens_are_not_updates(store, query, rows):
    assert run_sparql(store, query).rows == rows


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
        "PREFIX r: <http://127.0.0.1:{port}/>\nSELECT * { ?s ?p ?o . SERVICE r:sparql { ?s ?p ?o } }",
        "ASK { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://127.0.0.1:{port}/sparql> } }",
    ],
)
def test_query_safety_service_never_reaches_the_network(store, query):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.3)
        port = listener.getsockname()[1]
        with pytest.raises(QueryError, match="^SERVICE is not allowed"):
            run_sparql(store, query.replace("{port}", str(port)))
        with pytest.raises(TimeoutError):
            listener.accept()


def test_query_safety_unsupported_function_is_a_query_error(store):
    with pytest.raises(QueryError, match="^query failed: .*not supported"):
        run_sparql(store, "SELECT * { ?s ?p ?o FILTER(<urn:nope>(?s)) }")


def test_query_safety_cli_refuses_and_leaves_the_file(sample_graph_file):
    before = sample_graph_file.read_bytes()
    refused = kg("query", str(sample_graph_file), "PREFIX a: <urn:a#>\n# note\ndElEtE WHERE { ?s ?p ?o }")
    malformed = kg("query", str(sample_graph_file), "SELECT ?s\nWHERE { ?s ?p }")
    assert (refused.returncode, refused.stderr) == (
        2, "kg: error: SPARQL updates are not allowed (DELETE): kg only answers SELECT, ASK, CONSTRUCT and DESCRIBE\n")
    assert malformed.returncode == 2
    assert malformed.stderr.startswith("kg: error: malformed SPARQL: error at 2:") and malformed.stderr.count("\n") == 1
    assert sample_graph_file.read_bytes() == before


# --- parameterised lookup -------------------------------------------------------------------------

def test_query_safety_lookups_are_separate_from_the_contract_presets():
    assert set(LOOKUPS) == {"actor-statements"} and not set(LOOKUPS) & set(PRESETS)
    assert LOOKUPS["actor-statements"].params == ("name",)


@pytest.mark.parametrize("name", ["Alma Quist", "alma quist", "Quist"])
def test_query_safety_lookup_finds_by_name_or_alias(store, name):
    assert run_preset(store, "actor-statements", {"name": name}) == Result(
        ("name", "speaker", "text", "document", "date"),
        ((name, "Alma Quist", "will [surely] stop the boats,", "Quist vows moon plan", "2031-04-01"),),
    )


@pytest.mark.parametrize("value", INJECTIONS)
def test_query_safety_lookup_binds_injection_as_a_value(store, value):
    before = quads(store)
    assert run_preset(store, "actor-statements", {"name": value}).rows == ()
    assert quads(store) == before


def test_query_safety_lookup_cli_with_injection(sample_graph_file):
    before = sample_graph_file.read_bytes()
    result = kg("query", str(sample_graph_file), "--preset", "actor-statements", "--param", f"name={INJECTIONS[0]}",
                "--format", "csv")
    assert (result.returncode, result.stdout, result.stderr) == (0, "name,speaker,text,document,date\n", "")
    assert sample_graph_file.read_bytes() == before


@pytest.mark.parametrize(
    ("preset", "params", "message"),
    [
        ("actor-statements", {}, r"takes --param name=VALUE; got none"),
        ("actor-statements", {"who": "x"}, r"takes --param name=VALUE; got who"),
        ("actors", {"name": "x"}, r"takes no --param; got name"),
    ],
)
def test_query_safety_lookup_parameter_errors(store, preset, params, message):
    with pytest.raises(QueryError, match=message):
        run_preset(store, preset, params)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (["name=Jane Roe"], {"name": "Jane Roe"}),
        (["name=a=b", "x="], {"name": "a=b", "x": ""}),
        (["name"], QueryError),
        (["?name=x"], QueryError),
        (["na me=x"], QueryError),
        (["name=a", "name=b"], QueryError),
    ],
)
def test_query_safety_parse_params(pairs, expected):
    if expected is QueryError:
        with pytest.raises(QueryError, match="--param"):
            parse_params(pairs)
    else:
        assert parse_params(pairs) == expected
