"""Corpus builds (kg/corpus.py): parallel and engine-independent output, globs, skipping bad files,
and cross-document resolution: one node per actor and per statement, no merge on a surname alone."""
import datetime as dt
import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from benchmarks.corpus_generate import generate, write_jsonl
from kg import rdf
from kg.cli import main
from kg.corpus import BATCH, PREFIXES, LocalEngine, _extract, build, compress, expand_paths
from kg.errors import InputError
from kg.export.turtle import write_shares
from kg.ingest import read_paths
from kg.models import PERSON, ActorMention, Corpus, Document, Extraction, Mention, Role, Statement
from kg.query import PRESETS, run_preset
from kg.resolve import resolve
from kg.vocab import DEFAULT_BASE, KG


def _turtle(built, path):
    write_shares(built.shares, PREFIXES, path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Six invented articles from the benchmark generator (recurring people, shared quotes)."""
    return write_jsonl(6, tmp_path_factory.mktemp("corpus") / "six.jsonl")


def test_corpus_jobs_give_the_same_bytes(generated, tmp_path):
    one = build([generated], jobs=1)
    two = build([generated], jobs=2)
    assert _turtle(one, tmp_path / "one.ttl") == _turtle(two, tmp_path / "two.ttl")
    assert one.stats.extracted == two.stats.extracted == 6


@pytest.mark.parametrize("jobs", [1, 2])
def test_corpus_documents_read_out_of_id_order_are_resolved_in_id_order(tmp_path, jobs):
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


def test_corpus_parallel_build_leaves_spacy_to_the_workers(generated):
    """The extraction workers import the extractors while the main process reads; the main process
    itself never needs spaCy or eyecite, so it does not pay for importing them first."""
    program = ("import sys; from kg.corpus import build; built = build([sys.argv[1]], jobs=2); "
               "print(built.stats.extracted, sorted({'spacy', 'eyecite'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", program, str(generated)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["6", "[]"]


def test_corpus_parallel_build_with_a_bad_file_stops_its_workers(tmp_path):
    """A strict build that fails while reading ends its already started workers and raises."""
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(InputError, match="b.txt"):
        build([tmp_path], jobs=2, strict=True)
    assert not multiprocessing.active_children()


def test_corpus_summary_counts_a_statement_reported_twice_once(tmp_path):
    built = build([write_jsonl(12, tmp_path / "twelve.jsonl")])
    statements = {quad.subject for share in built.shares for quad in ox.parse(share, format=ox.RdfFormat.N_TRIPLES)
                  if quad.predicate.value == str(KG.reportedIn)}
    assert len(statements) < len(built.corpus.statements), "the generator shares no quote: the test proves little"
    assert dict(built.stats.facts)["statements"] == len(statements)
    assert f" {len(statements)} statements," in built.stats.summary()


def test_corpus_presets_agree_in_oxigraph_and_rdflib(generated):
    data = b"".join(build([generated, "seeds"]).shares)
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=data.decode("utf-8"), format="nt")
    for name, preset in PRESETS.items():
        rows = graph.query(preset.text)
        expected = preset.tidy([str(v) for v in rows.vars], ([None if c is None else str(c) for c in row] for row in rows))
        assert run_preset(store, name).rows == expected, name


@pytest.mark.parametrize("pattern", ["seeds/*.md", "se*ds/0*_*.md", "**/000_*.md"])
def test_corpus_globs_expand_to_sorted_files(pattern):
    found = expand_paths([pattern])
    assert found and found == sorted(found) and all(p.suffix == ".md" for p in found)


def test_corpus_glob_without_match_is_an_error():
    with pytest.raises(InputError, match="no file or folder matches"):
        expand_paths(["seeds/*.nothing"])


@pytest.mark.parametrize("strict,status", [(False, 0), (True, 2)])
def test_corpus_bad_file_is_skipped_unless_strict(tmp_path, strict, status):
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


def test_corpus_seeds_have_one_jeff_sessions_with_both_articles():
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
def test_corpus_name_variants_merge_only_with_evidence(mentions, expected):
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


def test_corpus_same_quote_is_one_statement_reported_twice(two_reports):
    statements = set(two_reports.subjects(URIRef(str(KG.reportedIn)), None))
    assert len(statements) == 1
    statement = statements.pop()
    documents = {str(d) for d in two_reports.objects(statement, KG.reportedIn)}
    assert documents == {DEFAULT_BASE + "doc/a", DEFAULT_BASE + "doc/b"}
    assert len(set(two_reports.objects(statement, KG.evidence))) == 2


def test_corpus_conflicting_dates_are_both_kept_with_their_source(two_reports):
    rows = two_reports.query("""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX kg: <https://w3id.org/kg-legal/ontology#>
        SELECT ?date ?source WHERE { ?c rdf:predicate kg:statedOn ; rdf:object ?date ; prov:hadPrimarySource ?source }""")
    assert {(str(d), str(s).rsplit("/", 1)[1]) for d, s in rows} == {("2031-01-05", "a"), ("2031-01-06", "b")}
    assert next(two_reports.objects(None, KG.statedOn), None) is None


def test_corpus_statements_preset_gives_each_article_its_own_date(two_reports, tmp_path):
    path = tmp_path / "g.nt"
    two_reports.serialize(path, format="nt")
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    rows = run_preset(store, "statements").rows
    assert [(row[2], row[3]) for row in rows] == [("a", "2031-01-05"), ("b", "2031-01-06")]


def test_corpus_agreeing_reports_state_the_date_once(sample_domain):
    documents = (Document("a", TEXT_A, "a.txt"), Document("b", TEXT_B, "b.txt"))
    day = dt.date(2031, 1, 5)
    statements = (_report("a", TEXT_A, "the harbour will stay open all winter.", day),
                  _report("b", TEXT_B, "The harbour will stay open all winter,", day))
    graph = rdf.to_graph(Corpus(documents, (), statements, (), (), ()), sample_domain)
    assert len(list(graph.objects(None, KG.statedOn))) == 1


def test_corpus_shares_are_disjoint_sorted_and_make_the_whole_graph(generated):
    from kg.domain import load_domain

    built = build([generated, "seeds"])
    lines = [line for share in built.shares for line in share.splitlines()]
    assert len(built.shares) > 1 and all(share.splitlines() == sorted(share.splitlines()) for share in built.shares)
    assert len(lines) == len(set(lines)) == built.triple_count
    whole = rdf.to_graph(built.corpus, load_domain().graph)
    assert {ox.Triple(*map(rdf.ox_term, triple)) for triple in whole} == set(built.triples())


def test_corpus_graph_html_is_the_overview_above_the_node_limit(tmp_path):
    from kg.export.build import drawn_nodes, write_build

    built = build(["seeds"])
    assert drawn_nodes(built.corpus) > 10
    for folder, limit in (("small", 10), ("full", drawn_nodes(built.corpus))):
        (tmp_path / folder).mkdir()
        written = write_build(built, PREFIXES, DEFAULT_BASE, tmp_path / folder, ["html", "overview"], node_limit=limit)
        assert sorted(p.name for p in written) == ["graph-overview.html", "graph.html", "graph.ttl"]
    assert (tmp_path / "small" / "graph.html").read_bytes() == (tmp_path / "small" / "graph-overview.html").read_bytes()
    assert "kg overview of 2 articles" in (tmp_path / "small" / "graph.html").read_text()
    full = (tmp_path / "full" / "graph.html").read_text()
    assert "kg overview" not in full and full != (tmp_path / "full" / "graph-overview.html").read_text()


def test_corpus_outputs_are_renamed_only_when_the_graph_conforms(tmp_path):
    """Validation runs beside the writers (write_validated): a graph that fails it leaves the previous
    outputs as they were and no temporary file behind."""
    import dataclasses

    from kg.corpus import Shares
    from kg.errors import ValidationError
    from kg.export.build import write_validated

    built = build(["seeds"])
    write_validated(built, PREFIXES, DEFAULT_BASE, tmp_path, ["turtle", "html"])
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    broken = f"<{DEFAULT_BASE}statement/broken> <{rdf.RDF.type}> <{KG.Statement}> .\n".encode()
    store = ox.Store()
    for share in (*built.shares, broken):
        store.load(share, format=ox.RdfFormat.N_TRIPLES)
    invalid = dataclasses.replace(built, shares=Shares((*built.shares.packed, compress(broken))), store=store)
    with pytest.raises(ValidationError, match="does not conform"):
        write_validated(invalid, PREFIXES, DEFAULT_BASE, tmp_path, ["turtle", "html"])
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_corpus_turtle_made_by_the_workers_is_the_shares_turtle(generated, tmp_path):
    """graph.ttl is written from the Turtle bodies the mapping workers made: the bytes written from
    the shares themselves, with kg's prefixes; other prefixes are written from the shares."""
    built = build([generated], jobs=2)
    built.write_turtle(PREFIXES, tmp_path / "workers.ttl")
    assert (tmp_path / "workers.ttl").read_bytes() == _turtle(built, tmp_path / "shares.ttl")
    fewer = {prefix: PREFIXES[prefix] for prefix in ("rdf", "kg")}
    built.write_turtle(fewer, tmp_path / "fewer.ttl")
    write_shares(built.shares, fewer, tmp_path / "fewer-shares.ttl")
    assert (tmp_path / "fewer.ttl").read_bytes() == (tmp_path / "fewer-shares.ttl").read_bytes()
    assert b"@prefix kgd:" not in (tmp_path / "fewer.ttl").read_bytes()


def test_corpus_turtle_declares_its_prefixes_once_at_the_top(generated, tmp_path):
    """Each share's Turtle is written without pyoxigraph's own prefix lines, whatever their order."""
    built = build([generated], jobs=2)
    built.write_turtle(PREFIXES, tmp_path / "graph.ttl")
    lines = (tmp_path / "graph.ttl").read_text(encoding="utf-8").splitlines()
    declared = [line for line in lines if line.startswith("@prefix")]
    assert declared == lines[:len(PREFIXES)] == [f"@prefix {p}: <{n}> ." for p, n in PREFIXES.items()]
