"""kg/query.py: presets with their exact columns, engine-independent results, read-only SPARQL, formats."""
import csv
import dataclasses
import io
import json
import re

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, SH, SKOS, Graph, Literal, URIRef
from triplestores import built

from kg import paths
from kg.errors import InputError, QueryError
from kg.export import write_outputs
from kg.graph import STORE
from kg.query import FORMATS, PRESETS, Result, _read_csv, format_result, load_graph, run_preset, run_sparql
from kg.rdf import to_graph
from rdflib_terms import KG

PRESET_ROWS = {
    "actors": (
        ("name", "type", "roles", "affiliations"),
        [
            ("Alma Quist", "Person", "adviser; former harbour judge; tide minister", "Tide Ministry"),
            ("Lantern Bar Association", "Organization", "", ""),
            ("Tide Ministry", "Organization", "", ""),
        ],
    ),
    "statements": (
        ("speaker", "text", "document", "date"),
        [("Alma Quist", "will [surely] stop the boats,", "Quist vows moon plan", "2031-04-01")],
    ),
    "provisions": (
        ("label", "citation", "mention", "document"),
        [
            ("Harbour Act section 5", "H.A. § 5", "Harbour Act § 5", "Quist vows moon plan"),
            ("smuggling with boats", "9 T.C. § 77", "9 T.C. § 77", "Quist vows moon plan"),
        ],
    ),
    "objections": (
        ("by", "basis", "precedents", "text", "document"),
        [
            (
                "Lantern Bar Association",
                "court-precedent",
                "Harlow v. Teague; Orme v. Vale",
                "called it unlawful under Harlow v. Teague",
                "Quist vows moon plan",
            )
        ],
    ),
    "stances": (
        ("actor", "stance", "target"),
        [
            ("Alma Quist", "supports", "sending smugglers to the moon"),
            ("critics", "opposes", "the plan"),
        ],
    ),
}


@pytest.fixture
def store(sample_graph_file):
    return load_graph(sample_graph_file)


def test_query_presets_are_registered():
    assert sorted(PRESETS) == sorted(PRESET_ROWS)


@pytest.mark.parametrize("name", sorted(PRESET_ROWS))
def test_query_preset_columns_and_rows(store, name):
    columns, rows = PRESET_ROWS[name]
    assert run_preset(store, name) == Result(columns, tuple(rows))


@pytest.mark.parametrize(
    ("title", "publisher", "document"),
    [("Quist vows moon plan", "Harbour Herald", "Quist vows moon plan"), (None, "Harbour Herald", "Harbour Herald"),
     (None, None, "doc one")],
)
@pytest.mark.parametrize("name", ["statements", "provisions", "objections"])
def test_query_preset_document_is_the_title_else_the_publisher_else_the_id(
        sample_corpus, sample_domain, tmp_path, title, publisher, document, name):
    (article,) = sample_corpus.documents
    corpus = dataclasses.replace(sample_corpus, documents=(dataclasses.replace(article, title=title, publisher=publisher),))
    path = tmp_path / "graph.ttl"
    to_graph(corpus, sample_domain).serialize(path, format="turtle")
    result = run_preset(load_graph(path), name)
    assert {row[result.columns.index("document")] for row in result.rows} == {document}


@pytest.mark.parametrize("name", sorted(PRESET_ROWS))
def test_query_preset_rdflib_equals_oxigraph(store, sample_graph_file, name):
    graph = Graph().parse(sample_graph_file, format="turtle")
    answer = graph.query(PRESETS[name].text)
    columns = tuple(str(v) for v in answer.vars)
    rows = [tuple(None if cell is None else str(cell) for cell in row) for row in answer]
    assert Result(columns, PRESETS[name].tidy(columns, rows)) == run_preset(store, name)


@pytest.mark.parametrize("name", sorted(PRESET_ROWS))
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_query_output_is_byte_identical_across_loads(sample_graph_file, name, fmt):
    outputs = {format_result(run_preset(load_graph(sample_graph_file), name), fmt) for _ in range(3)}
    assert len(outputs) == 1


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "name,kind\nAnn,Person\n\"Bo, Jr.\",\n"),
        ("json", '[\n  {\n    "name": "Ann",\n    "kind": "Person"\n  },\n  {\n    "name": "Bo, Jr.",\n    "kind": null\n  }\n]\n'),
        ("table", "name     kind\n-------  ------\nAnn      Person\nBo, Jr.\n"),
    ],
)
def test_query_formats(fmt, expected):
    result = Result(("name", "kind"), (("Ann", "Person"), ("Bo, Jr.", None)))
    assert format_result(result, fmt) == expected


WIDE = Result(("speaker", "text", "document"), (
    ("Alma Quist", "The plan will stop the boats before the winter storms close the harbour for good", "Harbour Herald"),
    ("Bo", "Yes.", "Tide Weekly, evening edition"),
))


@pytest.mark.parametrize("columns", [40, 60, 80, 121, 122, 200])
def test_query_table_fits_the_terminal_width(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", "1000")
    whole = format_result(WIDE, "table")
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = format_result(WIDE, "table").splitlines()
    assert max(map(len, lines)) <= columns
    assert lines[0].split() == ["speaker", "text", "document"]
    fits = max(map(len, whole.splitlines())) <= columns
    assert ("…" in "".join(lines)) != fits, "cells are cut only when the whole table is wider than the terminal"
    assert ("\n".join(lines) + "\n" == whole) == fits


def test_query_table_cuts_the_widest_column_first(monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    first = format_result(WIDE, "table").splitlines()[2]
    assert first.startswith("Alma Quist  The plan will stop the b") and first.rstrip().endswith("…  Harbour Herald")


def test_query_table_never_cuts_a_header(monkeypatch):
    monkeypatch.setenv("COLUMNS", "10")
    assert format_result(WIDE, "table").splitlines()[0].split() == ["speaker", "text", "document"]


def test_query_csv_header_has_column_names(store):
    header = format_result(run_preset(store, "stances"), "csv").splitlines()[0]
    assert header == "actor,stance,target"


def test_query_json_is_a_list_of_objects(store):
    records = json.loads(format_result(run_preset(store, "statements"), "json"))
    assert records == [{"speaker": "Alma Quist", "text": "will [surely] stop the boats,", "document": "Quist vows moon plan", "date": "2031-04-01"}]


@pytest.mark.parametrize(
    ("query", "columns", "rows"),
    [
        ('ASK { ?s ?p "doc one" }', ("ask",), (("true",),)),
        ('ASK { ?s ?p "no such thing" }', ("ask",), (("false",),)),
        (
            'CONSTRUCT { ?d <urn:x:id> ?id } WHERE { ?d <http://purl.org/dc/terms/identifier> ?id }',
            ("subject", "predicate", "object"),
            (("<https://w3id.org/kg-legal/id/doc/doc%20one>", "<urn:x:id>", '"doc one"'),),
        ),
        (
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n# names\nSELECT ?n WHERE { ?a rdfs:label ?n FILTER(?n = \"critics\") }",
            ("n",),
            (("critics",),),
        ),
    ],
    ids=["ask-true", "ask-false", "construct", "select-with-prologue"],
)
def test_query_run_sparql_forms(store, query, columns, rows):
    assert run_sparql(store, query) == Result(columns, rows)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "delete where { ?s ?p ?o }",
        "PREFIX x: <urn:x#> # comment with # and <\nDELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "CREATE GRAPH <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_query_refuses_updates(store, update):
    size = len(store)
    with pytest.raises(QueryError, match="updates are not allowed"):
        run_sparql(store, update)
    assert len(store) == size


@pytest.mark.parametrize(
    "query",
    ["SELEC ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE { ?s ?p ?o ", "SELECT ?s WHERE { ?s nope:p ?o }"],
)
def test_query_malformed_sparql_reports_position(store, query):
    with pytest.raises(QueryError, match=r"malformed SPARQL: .*\d+:\d+") as error:
        run_sparql(store, query)
    assert "\n" not in str(error.value)


def test_query_unknown_preset_lists_valid_names(store):
    with pytest.raises(QueryError, match="actors, objections, provisions, stances, statements"):
        run_preset(store, "people")


def test_query_unknown_format_lists_valid_names():
    with pytest.raises(QueryError, match="csv, json, table"):
        format_result(Result(("a",), ()), "xlsx")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.ttl", '<urn:a> <urn:b> "unterminated .\n', r"broken\.ttl: cannot read the graph \(.*line 1 column"),
        ("graph.docx", "", r"graph\.docx: not an RDF file kg reads \(its extension must be one of \.json, "),
        ("missing.ttl", None, r"missing\.ttl: no such file"),
    ],
)
def test_query_load_graph_errors_are_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_graph(path)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("fmt", ["nt", "xml", "json-ld"])
def test_query_load_graph_reads_other_formats(sample_rdflib, tmp_path, fmt):
    suffix = {"nt": ".nt", "xml": ".rdf", "json-ld": ".jsonld"}[fmt]
    path = tmp_path / f"graph{suffix}"
    sample_rdflib.serialize(path, format=fmt)
    assert run_preset(load_graph(path), "stances").rows == tuple(PRESET_ROWS["stances"][1])


def test_query_opens_the_store_of_a_build_folder_where_it_is(sample_graph, tmp_path):
    """A folder kg build wrote, or its store folder, is opened, not read: the presets answer as over the file."""
    write_outputs(sample_graph, tmp_path, ["store"])
    for path in (tmp_path, tmp_path / STORE):
        assert run_preset(load_graph(path), "stances").rows == tuple(PRESET_ROWS["stances"][1])


def test_query_a_folder_without_a_store_is_a_one_line_error(tmp_path):
    with pytest.raises(InputError, match="no Oxigraph store in this folder"):
        load_graph(tmp_path)


def test_query_position_in_message_is_line_and_column(store):
    with pytest.raises(QueryError) as error:
        run_sparql(store, "SELECT ?s\nWHERE { ?s ?p }")
    assert re.search(r"\b2:\d+\b", str(error.value))


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_query_presets_run_without_their_closing_order_by_and_top_level_distinct(name):
    """A preset's top-level DISTINCT is kept only where its file says ``# keep: DISTINCT``."""
    preset = PRESETS[name]
    assert "ORDER BY" in preset.text and "ORDER BY" not in preset.asked
    assert preset.distinct == ("\n# keep: DISTINCT\n" in preset.text)
    shown = preset.text if preset.distinct else preset.text.replace("\nSELECT DISTINCT ", "\nSELECT ", 1)
    assert shown.startswith(preset.asked.rstrip())
    dropped = "\nSELECT DISTINCT " in preset.text and not preset.distinct
    assert preset.asked.count("DISTINCT") == preset.text.count("DISTINCT") - dropped



STANCE_NODES = """
PREFIX kg: <https://w3id.org/kg-legal/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?actor ?stance ?policyLabel ?measureLabel WHERE {
  ?position a kg:Stance ; kg:holder ?holder ; kg:stanceValue ?value ; kg:target ?policy .
  ?holder rdfs:label ?actor .
  ?value skos:notation ?stance .
  ?policy skos:prefLabel ?policyLabel .
  OPTIONAL { ?position kg:measure/rdfs:label ?measureLabel }
}"""
"""The positions as the kg:Stance nodes give them, one per report: what the preset's direct positions stand for."""


def _positions(rows) -> list[tuple[str, str, str]]:
    """One row per actor and value, its target the measures named (sorted, "; "-joined), else the policy."""
    measures: dict[tuple[str, str], set[str]] = {}
    policies: dict[tuple[str, str], str] = {}
    for actor, stance, policy, measure in rows:
        key = (str(actor), str(stance))
        policies[key] = str(policy)
        measures.setdefault(key, set()).update([str(measure)] if measure is not None else [])
    return sorted((*key, "; ".join(sorted(measures[key])) or policies[key]) for key in policies)


@pytest.mark.parametrize("corpus", ["seeds", "cases"])
def test_query_stances_are_the_positions_of_the_stance_nodes(tmp_path_factory, corpus):
    """The stances preset reads the direct positions (kg:supportsPolicy, kg:opposesPolicy); its rows
    are those of every kg:Stance node's holder and value, toward the measures the stances name, in
    both engines."""
    path = built(tmp_path_factory, corpus) / "graph.ttl"
    graph = Graph().parse(path)
    expected = _positions(graph.query(STANCE_NODES))
    assert expected and any(target != "seeking the death penalty in drug cases" for _, _, target in expected)
    assert list(run_preset(load_graph(path), "stances").rows) == expected
    tidy = PRESETS["stances"].tidy
    answer = graph.query(PRESETS["stances"].text)
    assert sorted(tidy([str(v) for v in answer.vars], ([str(c) for c in row] for row in answer))) == expected


def test_query_stances_read_the_direct_positions(sample_rdflib, tmp_path):
    """A stance node without its direct position gives no row: the shapes require the position
    (tests/test_validate.py), and the preset does not look at the thousands of stance nodes."""
    holder = sorted(sample_rdflib.subjects(KG.opposesPolicy, None))[0]
    sample_rdflib.remove((holder, KG.opposesPolicy, None))
    sample_rdflib.serialize(tmp_path / "partial.ttl", format="turtle")
    rows = run_preset(load_graph(tmp_path / "partial.ttl"), "stances").rows
    assert [row[1] for row in rows] == ["supports"]


def test_query_preset_rows_are_unique_when_terms_differ_only_in_language(sample_rdflib, tmp_path):
    """A preset shows lexical forms, so a second provision mention whose text is the same string
    without its language tag gives no second, identical row, in either engine."""
    mention = sorted(sample_rdflib.subjects(KG.mentionText, None))[0]
    twin = URIRef(f"{mention}-twin")
    for predicate, value in list(sample_rdflib.predicate_objects(mention)):
        sample_rdflib.add((twin, predicate, Literal(str(value)) if predicate == KG.mentionText else value))
    sample_rdflib.serialize(tmp_path / "twin.ttl", format="turtle")
    rows = run_preset(load_graph(tmp_path / "twin.ttl"), "provisions").rows
    answer = sample_rdflib.query(PRESETS["provisions"].text)
    assert len(answer) == len(PRESET_ROWS["provisions"][1]) + 1
    assert PRESETS["provisions"].tidy([str(v) for v in answer.vars], ([str(c) for c in row] for row in answer)) == rows
    assert list(rows) == PRESET_ROWS["provisions"][1]


def test_query_tidy_sorts_rows_as_tuples_even_when_a_cell_holds_nul():
    """Rows sort by their NUL-joined cells only while no cell holds a NUL: ("a", "y") comes before
    ("a\0", "x") as tuples, after it as joined strings."""
    rows = [("a\0", "x"), ("b", "z"), ("a", "y"), ("a", "y")]
    assert PRESETS["statements"].tidy(["speaker", "text"], rows) == (("a", "y"), ("a\0", "x"), ("b", "z"))
    assert PRESETS["statements"].tidy(["speaker", "text"], [("b", "z"), ("a", "y"), ("a", "y")]) == (("a", "y"), ("b", "z"))


@pytest.mark.parametrize("name, predicate, kind", [
    ("provisions", KG.mentionText, KG.ProvisionMention),
    ("objections", KG.basis, KG.Objection),
    ("statements", KG.quote, KG.Statement),
])
def test_query_presets_rely_on_the_domain_of_their_first_property(sample_rdflib, name, predicate, kind):
    """These presets find their records by a property, not by type (a lookup per record saved): that
    is sound because the ontology gives the property that domain and the mapping types each subject."""
    ontology = Graph().parse(paths.ONTOLOGY_DIR / "kg.ttl", format="turtle")
    assert (predicate, RDFS.domain, kind) in ontology
    subjects = set(sample_rdflib.subjects(predicate, None))
    assert subjects and subjects == {s for s in subjects if (s, RDF.type, kind) in sample_rdflib}
    assert f"{predicate.fragment} ?" in PRESETS[name].text


@pytest.mark.parametrize("name, kind, required", [
    ("provisions", KG.ProvisionMention, ((KG.mentionText, "kg:mentionText"), (KG.provision, "kg:provision"))),
    ("stances", KG.StanceValue, ((KG.directProperty, "kg:directProperty"), (SKOS.notation, "skos:notation"))),
    ("stances", KG.Person, ((RDFS.label, "rdfs:label"),)),
    ("stances", KG.Policy, ((SKOS.prefLabel, "skos:prefLabel"),)),
])
def test_query_presets_require_only_what_the_shapes_require(name, kind, required):
    """A preset matches a record's property outside OPTIONAL only where the shapes give every record
    of that kind at least one, so a graph kg validated loses no row to it."""
    shapes = Graph().parse(paths.ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    shape = shapes.value(predicate=SH.targetClass, object=kind)
    minimal = {shapes.value(p, SH.path) for p in shapes.objects(shape, SH.property) if shapes.value(p, SH.minCount)}
    assert {predicate for predicate, _ in required} <= minimal
    text = PRESETS[name].text
    for _, short in required:
        line = next(line for line in text.splitlines() if f"{short} ?" in line)
        assert "OPTIONAL" not in line


@pytest.mark.parametrize("cells", [
    ("plain", "also plain"),
    ("a, comma", 'a "quote"'),
    ("line\r\nbreak", "lone\nfeed"),
    ("lone\rreturn", "x"),
    ('"', ","),
    ("§ 848(e)", "“curly”, quoted"),
])
def test_query_csv_rows_are_read_as_the_csv_module_reads_them(cells):
    """Records without a quote are split at commas, the rest go through the csv module: the rows are
    those the csv module reads from Oxigraph's CSV, with plain, quoted and unbound cells mixed. A
    record's line is kept where it is the line the csv module writes for the row."""
    store = pyoxigraph.Store()
    a, b = (pyoxigraph.NamedNode(f"http://example.org/{name}") for name in "ab")
    records = {"plain": ("x", "y"), "given": cells, "half": (cells[1], None)}
    for name, values in records.items():
        for predicate, value in zip((a, b), values):
            if value is not None:
                store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"http://example.org/{name}"), predicate,
                                          pyoxigraph.Literal(value)))
    table = store.query("SELECT ?a ?b WHERE { ?s <http://example.org/a> ?a OPTIONAL { ?s <http://example.org/b> ?b } }"
                        ).serialize(format=pyoxigraph.QueryResultsFormat.CSV).decode("utf-8")
    header, *expected = csv.reader(io.StringIO(table, newline=""))
    columns, rows, lines = _read_csv(table)
    assert columns == tuple(header) == ("a", "b")
    assert sorted(rows) == sorted(map(tuple, expected)) == sorted((x, y or "") for x, y in records.values())
    for row, line in zip(rows, lines):
        written = io.StringIO()
        csv.writer(written, lineterminator="\n").writerow(row)
        assert line == (None if "\r" in "".join(row) else written.getvalue().removesuffix("\n"))


def test_query_csv_line_of_a_lone_empty_cell_is_not_kept():
    """The csv module writes a record of one empty cell as "" (else it would be an empty line), where
    Oxigraph writes nothing."""
    table = pyoxigraph.Store().query('SELECT ?x WHERE { VALUES ?x { "" "y" } }').serialize(
        format=pyoxigraph.QueryResultsFormat.CSV).decode("utf-8")
    assert _read_csv(table) == (("x",), [("",), ("y",)], [None, "y"])


def test_query_csv_of_an_empty_result_has_no_rows():
    table = pyoxigraph.Store().query("SELECT ?x WHERE { ?x ?p ?o }").serialize(format=pyoxigraph.QueryResultsFormat.CSV)
    assert _read_csv(table.decode("utf-8")) == (("x",), [], [])
