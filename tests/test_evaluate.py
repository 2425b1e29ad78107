"""kg.evaluate: each matching rule on small hand-made gold/prediction tables, and agreement with
the shared scorer when it is present."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kg.errors import InputError, KgError
from kg.evaluate import CATEGORIES, Counts, evaluate_paths, norm, norm_citation, score, score_article

REPO = Path(__file__).resolve().parents[1]
SHARED_SCORER = REPO.parent / "shared" / "eval" / "score.py"
CASES = REPO / "tests" / "cases"


def actor(name, type_="Person", *aliases):
    return {"name": name, "type": type_, "aliases": list(aliases), "roles": [], "affiliations": []}


def gold(**parts):
    base = {"article": "a.md", "actors": [], "statements": [], "provisions": [], "precedents": [],
            "objections": [], "stances": [], "events": [], "notes": "", "optional_actors": []}
    return base | parts


def said(speaker, text):
    return {"speaker": speaker, "text": text, "document": "a", "date": ""}


GOLD = gold(
    actors=[actor("Ana Ruiz", "Person", "Ruiz", "Attorney General Ana Ruiz"),
            actor("Justice Department", "Organization", "DOJ"),
            actor("anonymous: former federal prosecutor", "Person")],
    statements=[{"speaker": "Ana Ruiz", "quote_start": "We will not [back] down", "kind": "direct"},
                {"speaker": "Ana Ruiz", "quote_start": "That’s the law", "kind": "direct"}],
    provisions=[{"label": "firearm murder", "citation": "18 U.S.C. § 924(j)", "mention": "a firearm"},
                {"label": "Senate Bill 12", "citation": None, "mention": "Senate Bill 12 on fentanyl dealers"}],
    precedents=[{"name": "Kennedy v. Louisiana", "court": "Supreme Court", "mention": "Kennedy"}],
    objections=[{"by": "critics", "basis": "resources", "mention": "cost"},
                {"by": "Ana Ruiz", "basis": "moral", "mention": "wrong"}],
    stances=[{"actor": "Ana Ruiz", "stance": "supports", "target": "policy"},
             {"actor": "critics", "stance": "opposes", "target": "policy"}],
    optional_actors=["Associated Press"],
)


@pytest.mark.parametrize(("text", "expected"), [
    ("“[T]his,” she said.", "this she said"),
    ("Don’t  STOP—now", "dont stop now"),
    ("§ 924(j)", "§ 924 j"),
    (None, ""),
])
def test_evaluate_norm(text, expected):
    assert norm(text) == expected


@pytest.mark.parametrize("text", ["18 U.S.C. § 924(j)", "18 USC 924 (j)", "18 U.S.C. section 924(j)"])
def test_evaluate_norm_citation(text):
    assert norm_citation(text) == "18usc924j"


@pytest.mark.parametrize(("counts", "p", "r", "f"), [
    (Counts(0, 0, 0), 1.0, 1.0, 1.0),     # nothing expected, nothing predicted
    (Counts(0, 2, 0), 0.0, 1.0, 0.0),     # only false positives
    (Counts(0, 0, 3), 0.0, 0.0, 0.0),     # only misses
    (Counts(1, 1, 0), 0.5, 1.0, 2 / 3),
])
def test_evaluate_counts_prf(counts, p, r, f):
    assert (counts.precision, counts.recall, counts.f1) == pytest.approx((p, r, f))


@pytest.mark.parametrize(("rows", "expected", "canonical", "typed"), [
    # canonical name, alias and title form all resolve; a second row for the same actor is a false positive
    ([{"name": "Ana Ruiz", "type": "Person"}, {"name": "ruiz", "type": "Organization"}],
     Counts(1, 1, 2), 1, 1),
    ([{"name": "Attorney General Ana Ruiz", "type": "kg:Person"}], Counts(1, 0, 2), 0, 1),
    # names the gold uses only as objectors, stance holders, courts or optional actors are neutral
    ([{"name": "Critics", "type": "Group"}, {"name": "Supreme Court", "type": "Organization"},
      {"name": "Associated Press", "type": "Organization"}], Counts(0, 0, 3), 0, 0),
    # an anonymous source matches a subset or superset of its content words
    ([{"name": "one former federal prosecutor", "type": "Person"}], Counts(1, 0, 2), 0, 1),
    ([{"name": "a former prosecutor", "type": "Person"}], Counts(1, 0, 2), 0, 1),
    ([{"name": "Tom Hale", "type": "Person"}, {"name": "", "type": "Person"}], Counts(0, 2, 3), 0, 0),
])
def test_evaluate_actors(rows, expected, canonical, typed):
    result = score_article(GOLD, {"actors": rows})
    assert (result.actors, result.canonical, result.typed) == (expected, canonical, typed)


@pytest.mark.parametrize(("rows", "expected", "found"), [
    # brackets and curly/straight marks are folded; the quote may run on past quote_start
    ([said("Ruiz", '"We will not back down, ever."'), said("DOJ", "That's the law.")], Counts(1, 1, 1), 2),
    # one predicted row is used for one gold quote only
    ([said("Ana Ruiz", "We will not [back] down. That’s the law.")], Counts(1, 0, 1), 1),
    # a quote that does not contain the opening words is not found
    ([said("Ana Ruiz", "will not back down")], Counts(0, 1, 2), 0),
    ([], Counts(0, 0, 2), 0),
])
def test_evaluate_quotes(rows, expected, found):
    result = score_article(GOLD, {"statements": rows})
    assert (result.quotes, result.found) == (expected, found)


@pytest.mark.parametrize(("rows", "expected"), [
    # citation lists are split on ";" and normalised
    ([{"label": "x", "citation": "21 U.S.C. 848(e); 18 USC 924 (j)", "mention": ""}], Counts(1, 0, 1)),
    # without a gold citation, half the words of the gold mention must appear in mention + label
    ([{"label": "Senate Bill 12", "citation": "", "mention": "fentanyl"}], Counts(1, 0, 1)),
    ([{"label": "a bill", "citation": "", "mention": "dealers"}], Counts(0, 1, 2)),
    # a citation-only gold is not matched by words
    ([{"label": "firearm murder", "citation": "", "mention": "a firearm"}], Counts(0, 1, 2)),
])
def test_evaluate_provisions(rows, expected):
    assert score_article(GOLD, {"provisions": rows}).provisions == expected


@pytest.mark.parametrize(("rows", "expected", "wrong_basis"), [
    ([{"by": "Critics", "basis": "resources"}, {"by": "Ruiz", "basis": "moral"}], Counts(2, 0, 0), 0),
    ([{"by": "critics", "basis": "empirical"}], Counts(0, 1, 2), 1),
    ([{"by": "prosecutors", "basis": "resources"}], Counts(0, 1, 2), 0),
])
def test_evaluate_objections(rows, expected, wrong_basis):
    result = score_article(GOLD, {"objections": rows})
    assert (result.objections, result.wrong_basis) == (expected, wrong_basis)


@pytest.mark.parametrize(("rows", "expected"), [
    ([{"actor": "Attorney General Ana Ruiz", "stance": "supports"}, {"actor": "critics", "stance": "opposes"}],
     Counts(2, 0, 0)),
    ([{"actor": "Ruiz", "stance": "opposes"}, {"actor": "Ruiz", "stance": "supports"}], Counts(1, 1, 1)),
])
def test_evaluate_stances(rows, expected):
    assert score_article(GOLD, {"stances": rows}).stances == expected


def test_evaluate_summary_micro_averages_and_prints_score_line():
    perfect = {"stances": [{"actor": "Ruiz", "stance": "supports"}, {"actor": "critics", "stance": "opposes"}]}
    summary = score([(GOLD, perfect), (GOLD, {})])
    assert summary.totals["stances"] == Counts(2, 0, 2)
    assert summary.totals["actors"] == Counts(0, 0, 6)
    last = summary.table().splitlines()[-1]
    assert last == ("score: actors F1 0.00 | quotes F1 0.00 | provisions F1 0.00 | objections F1 0.00"
                    " | stances F1 0.67 | mean 0.13")


def test_evaluate_paths_pairs_gold_by_name_or_stem(tmp_path):
    golds, articles = tmp_path / "gold", tmp_path / "articles"
    golds.mkdir()
    articles.mkdir()
    (golds / "x.gold.json").write_text(json.dumps(gold(article="x.txt", stances=GOLD["stances"])))
    (golds / "y.gold.json").write_text(json.dumps(gold(article="y.md", stances=GOLD["stances"])))
    for name in ("x.md", "y.md", "README.md"):
        (articles / name).write_text("text")
    stray = tmp_path / "z.md"
    stray.write_text("text")

    def predict(path: Path):
        if path.stem == "y":
            raise KgError("cannot build")
        return {"stances": [{"actor": "Ana Ruiz", "stance": "supports"}]}

    summary = evaluate_paths(golds, [articles, stray], predict)
    assert [a.article for a in summary.articles] == ["x.md", "y.md"]
    assert [a.stances for a in summary.articles] == [Counts(1, 0, 1), Counts(0, 0, 2)]
    assert (summary.failures, summary.unmatched) == (("y.md",), ("z.md",))
    assert summary.table().splitlines()[-1].endswith("| 1 failed")


def test_evaluate_paths_rejects_a_missing_gold_folder(tmp_path):
    with pytest.raises(InputError):
        evaluate_paths(tmp_path / "none", [], lambda path: {})


def _predictions_from(g: dict) -> list[dict[str, list[dict]]]:
    """Perfect, partial and wrong predictions built from a gold file."""
    actors = [{"name": a["name"], "type": a["type"]} for a in g["actors"]]
    quotes = [said(s["speaker"], s["quote_start"] + " and more") for s in g["statements"]]
    provisions = [{"label": p["label"], "citation": p["citation"] or "", "mention": p["mention"]}
                  for p in g["provisions"]]
    objections = [{"by": o["by"], "basis": o["basis"]} for o in g["objections"]]
    stances = [{"actor": s["actor"], "stance": s["stance"]} for s in g["stances"]]
    perfect = dict(actors=actors, statements=quotes, provisions=provisions, objections=objections,
                   stances=stances)
    partial = dict(
        actors=actors[::2] + [{"name": a["name"].split()[-1], "type": "Group"} for a in actors[:3]],
        statements=[said(q["speaker"] if i % 3 else "Nobody", q["text"]) for i, q in enumerate(quotes[1:])],
        provisions=[{"label": p["label"], "citation": "", "mention": ""} for p in provisions],
        objections=[{"by": o["by"], "basis": "moral"} for o in objections],
        stances=[{"actor": s["actor"], "stance": "opposes"} for s in stances],
    )
    return [perfect, partial, {name: [] for name in perfect}]


@pytest.mark.skipif(not SHARED_SCORER.is_file(), reason="the shared scorer is not beside the repo")
def test_evaluate_agrees_with_shared_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    files = sorted(CASES.glob("*.gold.json")) + sorted((REPO.parent / "shared" / "gold").glob("*.gold.json"))
    golds = [GOLD] + [json.loads(p.read_text(encoding="utf-8")) for p in files]
    assert len(golds) > 1
    for g in golds:
        for predicted in _predictions_from(g):
            theirs = shared.score_article(g, predicted)
            ours = score_article(g, predicted)
            for name in CATEGORIES:
                c = ours.counts[name]
                assert (c.tp, c.fp, c.fn) == tuple(theirs[name][k] for k in ("tp", "fp", "fn")), (g["article"], name)
                assert c.f1 == pytest.approx(theirs[name]["f"])
            assert (ours.canonical, ours.typed) == (theirs["actors"]["canonical"], theirs["actors"]["typed"])
            assert ours.found == theirs["quotes"]["found"]
            assert ours.wrong_basis == theirs["objections"]["wrong_basis"]


def test_evaluate_lists_each_mistake_with_its_sentence():
    text = "Attorney General Ana Ruiz spoke. “We will not [back] down,” she said. Critics cite the cost."
    predicted = {"statements": [said("Ana Ruiz", "That’s the law"), said("Bo Lee", "We will not [back] down now")],
                 "actors": [{"name": "Bo Lee", "type": "Person"}],
                 "stances": [{"actor": "Ruiz", "stance": "opposes"}]}
    mistakes = {(m.category, m.kind, m.fact): m.sentence for m in score_article(GOLD, predicted, text).mistakes}
    assert mistakes[("quotes", "wrong", "“We will not [back] down” by Bo Lee, gold Ana Ruiz")] \
        == "“We will not [back] down,” she said."
    assert ("actors", "extra", "Bo Lee (Person)") in mistakes
    assert ("actors", "missed", "Justice Department (Organization)") in mistakes
    assert {kind for category, kind, _ in mistakes if category == "stances"} >= {"missed", "extra"}
    assert ("objections", "missed") in {(c, k) for c, k, _ in mistakes}


def test_evaluate_errors_command_lists_mistakes_by_article(tmp_path):
    import subprocess
    import sys

    article = tmp_path / "a.md"
    article.write_text("---\ntitle: A\n---\nAttorney General Ana Ruiz said: “We will not back down from this fight.”\n",
                       encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps(gold(
        actors=[actor("Ana Ruiz"), actor("Bo Lee")],
        statements=[{"speaker": "Ana Ruiz", "quote_start": "We will not back down", "kind": "direct"}])),
        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg", "eval", str(article), "--gold", str(tmp_path), "--errors"],
                            capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "a.md:"
    assert any(line.split() == ["actors", "missed", "Bo", "Lee", "(Person)"] for line in lines)
    assert lines[-1].startswith("score: actors F1 0.67 | quotes F1 1.00")
