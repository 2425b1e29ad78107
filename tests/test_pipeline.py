"""The pipeline (kg/pipeline.py): one chain for any number of articles, output independent of the
engine and the workers, globs, skipping bad files, and cross-document resolution: one node per actor
and per statement, no merge on a surname alone."""
import datetime as dt
import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import URIRef

from benchmarks.corpus_generate import generate, write_jsonl
from kg import rdf
from kg.cli import main
from kg.engines.local import LocalEngine
from kg.errors import InputError
from kg.export.turtle import write_turtle
from kg.graph import Graph, make_part
from kg.ingest import expand_paths, read_paths
from kg.models import PERSON, ActorMention, Corpus, Document, Extraction, Mention, Role, Statement
from kg.pipeline import BATCH, _extract, build
from kg.query import run_preset
from kg.resolve import resolve
from kg.vocab import DEFAULT_BASE, PREFIXES
from rdflib_terms import KG


def _turtle(built, path):
    write_turtle(built.graph, path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Six invented articles from the benchmark generator (recurring people, shared quotes)."""
    return write_jsonl(6, tmp_path_factory.mktemp("corpus") / "six.jsonl")


def test_pipeline_jobs_give_the_same_bytes(generated, tmp_path):
    one = build([generated], jobs=1)
    two = build([generated], jobs=2)
    assert _turtle(one, tmp_path / "one.ttl") == _turtle(two, tmp_path / "two.ttl")
    assert one.stats.extracted == two.stats.extracted == 6


@pytest.mark.parametrize("jobs", [1, 2])
def test_pipeline_documents_read_out_of_id_order_are_resolved_in_id_order(tmp_path, jobs):
    """Extraction starts while the files are read, in reading order; resolution still takes the
    documents in the order of their ids, so reading the later ids first changes nothing."""
    records = [json.dumps(record) + "\n" for record in generate(2 * BATCH + 5, seed=3)]
    (tmp_path / "in-order.jsonl").write_text("".join(records))
    split = tmp_path / "split"
    split.mkdir()
    (split / "a.jsonl").write_text("".join(records[BATCH:]))
    (split / "b.jsonl").write_text("".join(records[:BATCH]))
    in_order, reversed_files = build([tmp_path / "in-order.jsonl"], jobs=jobs), build([split], jobs=jobs)
    assert reversed_files.stats.articles == in_order.stats.articles == len(records)
    assert _turtle(reversed_files, tmp_path / "split.ttl") == _turtle(in_order, tmp_path / "in-order.ttl")
    documents = list(read_paths([split]).documents)
    assert [d.id for d in documents] != sorted(d.id for d in documents)
    taken = []
    with LocalEngine(jobs) as engine:
        assert _extract(iter(documents), engine, None, None, None, taken.append) == (len(records), len(records))
    assert [e.document.id for e in taken] == sorted(d.id for d in documents)


def test_pipeline_parallel_build_leaves_spacy_to_the_workers(generated):
    """The extraction workers import the extractors while the main process reads; the main process
    itself never needs spaCy or eyecite, so it does not pay for importing them first."""
    program = ("import sys; from kg.pipeline import build; built = build([sys.argv[1]], jobs=2); "
               "print(built.stats.extracted, sorted({'spacy', 'eyecite'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", program, str(generated)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["6", "[]"]


@pytest.mark.parametrize("formats", [[], ["nt", "trig", "nquads", "graphml", "overview"]])
def test_pipeline_build_never_imports_rdflib(generated, tmp_path, formats):
    """kg build, its store, validation and every output but JSON-LD (rdflib compacts it) go without rdflib."""
    program = ("import sys; from kg.cli import main; "
               "main([*sys.argv[1:]], standalone_mode=False); print(sorted(m for m in sys.modules if 'rdflib' in m))")
    options = [argument for name in formats for argument in ("--format", name)]
    done = subprocess.run([sys.executable, "-c", program, "build", str(generated), "--out", str(tmp_path), *options],
                          capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


def test_pipeline_parallel_build_with_a_bad_file_stops_its_workers(tmp_path):
    """A strict build that fails while reading ends its already started workers and raises."""
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(InputError, match="b.txt"):
        build([tmp_path], jobs=2, strict=True)
    assert not multiprocessing.active_children()


def test_pipeline_summary_counts_a_statement_reported_twice_once(tmp_path):
    built = build([write_jsonl(12, tmp_path / "twelve.jsonl")])
    statements = {triple.subject for triple in built.graph.triples() if triple.predicate.value == str(KG.reportedIn)}
    assert len(statements) < len(built.corpus.statements), "the generator shares no quote: the test proves little"
    assert dict(built.stats.facts)["statements"] == len(statements)
    assert f" {len(statements)} statements," in built.stats.summary()


@pytest.mark.parametrize("pattern", ["seeds/*.md", "se*ds/0*_*.md", "**/000_*.md"])
def test_pipeline_globs_expand_to_sorted_files(pattern):
    found = expand_paths([pattern])
    assert found and found == sorted(found) and all(p.suffix == ".md" for p in found)


def test_pipeline_glob_without_match_is_an_error():
    with pytest.raises(InputError, match="no file or folder matches"):
        expand_paths(["seeds/*.nothing"])


@pytest.mark.parametrize("strict,status", [(False, 0), (True, 2)])
def test_pipeline_bad_file_is_skipped_unless_strict(tmp_path, strict, status):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text((Path("seeds") / "000_2c7c2a0f5b444207.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    args = ["build", str(folder), "--out", str(tmp_path / "out"), "--no-cache"] + (["--strict"] if strict else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == status, result.output
    assert "b.txt" in result.stderr
    if not strict:
        assert "1 skipped" in result.stderr and "warning: skipped" in result.stderr


def test_pipeline_seeds_have_one_jeff_sessions_with_both_articles():
    corpus = build(["seeds"]).corpus
    sessions = [a for a in corpus.actors if a.name == "Jeff Sessions"]
    assert len(sessions) == 1
    assert {doc for doc, _ in sessions[0].mentions} == {d.id for d in corpus.documents}


def _person(doc: str, name: str, start: int, title: str | None = None) -> ActorMention:
    roles = (Role(title),) if title else ()
    return ActorMention(doc, Mention(start, start + len(name), name), name, PERSON, roles=roles)


def _people(*mentions: tuple[str, str, str | None]) -> set[str]:
    """Resolve one invented article per mention (doc id, name, title) and return the actor names."""
    extractions = [Extraction(Document(doc, name, f"{doc}.txt"), actors=(_person(doc, name, 0, title),))
                   for doc, name, title in mentions]
    return {actor.name for actor in resolve(extractions).actors}


@pytest.mark.parametrize("mentions,expected", [
    ((("a", "Mara Quill", None), ("b", "Tomas Quill", None)), {"Mara Quill", "Tomas Quill"}),
    ((("a", "Mara Quill", "Senator"), ("b", "Quill", "Senator")), {"Mara Quill"}),
    ((("a", "Mara Quill", None), ("b", "Quill", "Senator")), {"Mara Quill", "Quill"}),
    ((("a", "Mara Quill", "Senator"), ("b", "Tomas Quill", "Senator"), ("c", "Quill", "Senator")),
     {"Mara Quill", "Tomas Quill", "Quill"}),
    ((("a", "Mara Quill", None), ("b", "M. Quill", None)), {"Mara Quill"}),
    ((("a", "Mara Quill", None), ("b", "Milo Quill", None), ("c", "M. Quill", None)),
     {"Mara Quill", "Milo Quill", "M. Quill"}),
    ((("a", "Mara J. Quill", None), ("b", "Mara Quill", None)), {"Mara J. Quill"}),
    ((("a", "Mara Quill", "Senator"), ("b", "M. Quill", "Sheriff")), {"Mara Quill", "M. Quill"}),
])
def test_pipeline_name_variants_merge_only_with_evidence(mentions, expected):
    assert _people(*mentions) == expected


TEXT_A = 'Senator Mara Quill said "the harbour will stay open all winter." The vote is on Monday.'
TEXT_B = 'Reporters heard it too: "The harbour will stay open all winter," Quill told them.'


def _report(doc: str, text: str, quote: str, date: dt.date | None) -> Statement:
    start = text.index(quote)
    return Statement(doc, Mention(start, start + len(quote), quote), None, date=date, speaker="person-mara-quill",
                     rule="test", confidence=0.9)


@pytest.fixture
def two_reports(sample_domain):
    """The same quote in two invented articles, which give different dates for it."""
    documents = (Document("a", TEXT_A, "a.txt"), Document("b", TEXT_B, "b.txt"))
    statements = (_report("a", TEXT_A, "the harbour will stay open all winter.", dt.date(2031, 1, 5)),
                  _report("b", TEXT_B, "The harbour will stay open all winter,", dt.date(2031, 1, 6)))
    corpus = Corpus(documents, (), statements, (), (), ())
    return rdf.to_graph(corpus, sample_domain)


def test_pipeline_same_quote_is_one_statement_reported_twice(two_reports):
    statements = set(two_reports.subjects(URIRef(str(KG.reportedIn)), None))
    assert len(statements) == 1
    statement = statements.pop()
    documents = {str(d) for d in two_reports.objects(statement, KG.reportedIn)}
    assert documents == {DEFAULT_BASE + "doc/a", DEFAULT_BASE + "doc/b"}
    assert len(set(two_reports.objects(statement, KG.evidence))) == 2


def test_pipeline_conflicting_dates_are_both_kept_with_their_source(two_reports):
    rows = two_reports.query("""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX kg: <https://w3id.org/kg-legal/ontology#>
        SELECT ?date ?source WHERE { ?c rdf:predicate kg:statedOn ; rdf:object ?date ; prov:hadPrimarySource ?source }""")
    assert {(str(d), str(s).rsplit("/", 1)[1]) for d, s in rows} == {("2031-01-05", "a"), ("2031-01-06", "b")}
    assert next(two_reports.objects(None, KG.statedOn), None) is None


def test_pipeline_statements_preset_gives_each_article_its_own_date(two_reports, tmp_path):
    path = tmp_path / "g.nt"
    two_reports.serialize(path, format="nt")
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    rows = run_preset(store, "statements").rows
    assert [(row[2], row[3]) for row in rows] == [("a", "2031-01-05"), ("b", "2031-01-06")]


def test_pipeline_agreeing_reports_state_the_date_once(sample_domain):
    documents = (Document("a", TEXT_A, "a.txt"), Document("b", TEXT_B, "b.txt"))
    day = dt.date(2031, 1, 5)
    statements = (_report("a", TEXT_A, "the harbour will stay open all winter.", day),
                  _report("b", TEXT_B, "The harbour will stay open all winter,", day))
    graph = rdf.to_graph(Corpus(documents, (), statements, (), (), ()), sample_domain)
    assert len(list(graph.objects(None, KG.statedOn))) == 1


def test_pipeline_parts_are_disjoint_grouped_and_make_the_whole_graph(generated):
    from kg.domain import load_domain

    built = build([generated, "seeds"])
    parts = [[quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)] for data in built.graph.ntriples()]
    assert len(parts) > 1 and sum(map(len, parts)) == len({t for part in parts for t in part}) == len(built.graph)
    for part in parts:
        subjects = [str(t.subject) for t in part]
        assert subjects == sorted(subjects)
    assert {t for part in parts for t in part} == set(rdf.triples(built.corpus, load_domain().triples))


def test_pipeline_graph_html_is_the_overview_above_the_node_limit(tmp_path):
    from kg.export.build import drawn_nodes, write_build

    built = build(["seeds"])
    assert drawn_nodes(built.graph) > 10
    for folder, limit in (("small", 10), ("full", drawn_nodes(built.graph))):
        (tmp_path / folder).mkdir()
        written = write_build(built.graph, tmp_path / folder, ["html", "overview"], node_limit=limit)
        assert sorted(p.name for p in written) == ["graph-overview.html", "graph.html", "graph.oxigraph", "graph.ttl"]
    assert (tmp_path / "small" / "graph.html").read_bytes() == (tmp_path / "small" / "graph-overview.html").read_bytes()
    assert "kg overview of 2 articles" in (tmp_path / "small" / "graph.html").read_text()
    full = (tmp_path / "full" / "graph.html").read_text()
    assert "kg overview" not in full and full != (tmp_path / "full" / "graph-overview.html").read_text()


def test_pipeline_outputs_are_renamed_only_when_the_graph_conforms(tmp_path):
    """Validation runs beside the writers (write_validated): a graph that fails it leaves the previous
    outputs as they were and no temporary file behind."""
    from kg.errors import ValidationError
    from kg.export.build import write_validated

    built = build(["seeds"])
    write_validated(built.graph, tmp_path, ["turtle", "html"])
    before = _files(tmp_path)
    broken = ox.Triple(ox.NamedNode(f"{DEFAULT_BASE}statement/broken"), rdf.RDF.type, rdf.KG.Statement)
    invalid = Graph((*built.graph.parts, make_part([broken], PREFIXES)), PREFIXES)
    with pytest.raises(ValidationError, match="does not conform"):
        write_validated(invalid, tmp_path, ["turtle", "html"])
    assert _files(tmp_path) == before


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_pipeline_turtle_declares_its_prefixes_once_at_the_top(generated, tmp_path):
    """Each share's Turtle is written without pyoxigraph's own prefix lines, whatever their order."""
    built = build([generated], jobs=2)
    write_turtle(built.graph, tmp_path / "graph.ttl")
    lines = (tmp_path / "graph.ttl").read_text(encoding="utf-8").splitlines()
    declared = [line for line in lines if line.startswith("@prefix")]
    assert declared == lines[:len(PREFIXES)] == [f"@prefix {p}: <{n}> ." for p, n in PREFIXES.items()]


def test_pipeline_engine_choices_come_from_the_registry():
    from kg.engines import ENGINES

    option = next(p for p in main.commands["build"].params if p.name == "engine")
    assert list(option.type.choices) == list(ENGINES) == ["local", "dask"]


def test_pipeline_unknown_engine_lists_the_valid_ones():
    with pytest.raises(InputError, match="choose from: local, dask"):
        build(["seeds"], engine_name="spark")
