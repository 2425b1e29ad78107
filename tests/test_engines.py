"""Each preset gives the same rows in rdflib, in pyoxigraph and in a running Oxigraph server.

The rows are compared after ``Preset.tidy`` (unbound as "", list items sorted, rows sorted), which
is the normalisation ``kg query`` applies; what differs between engines beyond that is a bug.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.query import PRESETS, load_graph, run_preset
from triplestores import CORPORA, built, http, oxigraph_server, select


@pytest.fixture(scope="module", params=sorted(CORPORA))
def build(request, tmp_path_factory) -> Path:
    return built(tmp_path_factory, request.param)


@pytest.fixture(scope="module")
def expected(build) -> dict[str, tuple]:
    """Every preset's rows from kg query's engine, pyoxigraph."""
    store = load_graph(build / "graph.ttl")
    return {name: run_preset(store, name).rows for name in PRESETS}


@pytest.fixture(scope="module")
def server(build, tmp_path_factory):
    """An Oxigraph server holding graph.ttl in its default graph, loaded over the Graph Store Protocol."""
    with oxigraph_server(tmp_path_factory.mktemp("store")) as url:
        status, body = http("POST", f"{url}/store?default", (build / "graph.ttl").read_bytes(), {"Content-Type": "text/turtle"})
        assert status in (200, 201, 204), body
        yield url


@pytest.fixture(scope="module")
def graph(build) -> rdflib.Graph:
    return rdflib.Graph().parse(build / "graph.ttl", format="turtle")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_engines_rdflib_gives_the_preset_rows_of_pyoxigraph(graph, expected, name):
    answer = graph.query(PRESETS[name].text)
    columns = [str(variable) for variable in answer.vars]
    rows = [tuple(None if term is None else str(term) for term in row) for row in answer]
    assert PRESETS[name].tidy(columns, rows) == expected[name]
    assert expected[name], f"the {name} preset found nothing: the comparison would prove little"


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_engines_oxigraph_server_gives_the_preset_rows_of_pyoxigraph(server, expected, name):
    columns, rows = select(server, PRESETS[name].text)
    assert PRESETS[name].tidy(columns, rows) == expected[name]


def test_engines_named_graphs_loaded_with_kg_load_give_the_same_distinct_rows(build, expected, tmp_path):
    """After ``kg load`` each article is its own graph; over their union the presets find the same rows.

    Oxigraph's union default graph keeps a triple once per graph that holds it (an actor named in
    two articles), so a join through it can repeat a row: compare distinct rows.
    """
    with oxigraph_server(tmp_path / "store", "--union-default-graph") as url:
        result = CliRunner().invoke(main, ["load", str(build / "graph.ttl"), "--endpoint", f"{url}/store"])
        assert result.exit_code == 0, result.output
        for name, preset in PRESETS.items():
            columns, rows = select(url, preset.text)
            assert sorted(set(preset.tidy(columns, rows))) == sorted(set(expected[name])), name
