"""Property-based fuzzing of the whole library pipeline (ingest → extract → resolve → RDF → SHACL).

Generated article-like text never crashes a build: the file is either refused with an
``InputError`` naming it, or it gives a graph whose Turtle parses in Oxigraph and rdflib, which
conforms to the shapes, and whose mapping divided in parts holds exactly that graph. ``KG_FUZZ_EXAMPLES`` sets the number of examples (25 by default; ``make fuzz`` runs 2,000).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kg.domain import load_domain
from kg.errors import InputError
from kg.export.turtle import write_turtle
from kg.models import Document
from kg.pipeline import build, build_documents
from kg.rdf import prepare
from kg.validate import validate
from kg.vocab import KG

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "25"))
DOMAIN = load_domain()

TITLES = ["Sen.", "Rep.", "Gov.", "Attorney General", "Deputy Attorney General", "Mayor", "Judge", "Dr.", "President",
          "former federal prosecutor", "spokeswoman", "Chief Justice", "U.S. Attorney"]
FIRST = ["Ann", "Bo", "José", "Zoë", "Nguyễn", "Siobhán", "Ólafur", "Aiyana", "Jean-Luc", "O'Neil", "李", "محمد", "Dana"]
LAST = ["Lee", "Park", "Núñez", "O'Brien", "van der Berg", "Smith-Jones", "Okonkwo", "McCurdy", "Ivanova", "Ng", "Ali"]
ORGS = ["American Civil Liberties Union", "the ACLU", "Justice Department", "Harbor Defenders Association",
        "Drug Policy Alliance", "the Supreme Court", "Sentencing Project", "critics", "a senior official"]
VERBS = ["said", "says", "told reporters", "wrote in a memo", "added", "argued", "according to", "warned", "said in a statement"]
MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "「", "」"]
BRACKETS = ["(", ")", "[", "]", "{", "}", "[T]", "[sic]", "(R-Ohio)", "<", ">", "<b>", "</p>"]
LEGAL = ["18 U.S.C. § 924(j)", "21 U.S.C. § 848(e)", "§ 3591(b)(1)", "Kennedy v. Louisiana", "554 U.S. 407",
         "Coker v. Georgia", "unconstitutional", "death penalty", "drug kingpin", "murder in aid of racketeering",
         "opposes", "supports", "called it cruel", "Eighth Amendment"]
STRAY = ["---\n", "title: x\n", "date: 2019-01-02\n", "...\n", "# Heading\n", "Related Content\n", "Advertisement\n",
         " date 2018-03-22 ", "Published: March 3, 2019\n", "Reporting by A; Editing by B\n", "© 2020 Ledger\n"]
SPACE = [" ", " ", " ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u200b", "\u2028", ". ", ", ", "; ", "! ", "? ", "—"]


def _name() -> st.SearchStrategy[str]:
    return st.builds(lambda title, first, last: " ".join(p for p in (title, first, last) if p),
                     st.sampled_from(["", *TITLES]), st.sampled_from(FIRST), st.sampled_from(LAST))


SENTENCE = st.from_regex(r"[A-Z][a-z]{1,8}( [a-z]{1,8}){0,6}[.!?]", fullmatch=True)
QUOTES = st.one_of(
    st.builds("{}{}{} {} {}. ".format, st.sampled_from(MARKS), SENTENCE, st.sampled_from(MARKS), _name(),
              st.sampled_from(VERBS)),
    st.builds("{} {} {}{}{} ".format, _name(), st.sampled_from(VERBS), st.sampled_from(MARKS), SENTENCE,
              st.sampled_from(MARKS)),
)
"""Quotations with a speaker before or after, with any (often mismatched) quotation marks."""
PIECES = st.one_of(
    QUOTES, QUOTES, QUOTES, QUOTES, _name(), st.sampled_from(ORGS), st.sampled_from(VERBS), st.sampled_from(MARKS),
    st.sampled_from(BRACKETS),
    st.sampled_from(LEGAL), st.sampled_from(STRAY), st.sampled_from(SPACE), st.sampled_from(SPACE),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    SENTENCE,
)
ARTICLES = st.tuples(
    st.sampled_from(["", "", "", "---\ntitle: Fuzzed story\ndate: 2020-02-03\n---\n", "---\n", "---\nid: x\n---\n"]),
    st.lists(PIECES, max_size=80).map("".join),
    st.sampled_from([".txt", ".txt", ".md", ".md", ".html", ".jsonl"]),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLES)
def test_fuzz_build_never_crashes_and_output_is_valid(article):
    front, body, suffix = article
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        content = json.dumps({"text": front + body}) if suffix == ".jsonl" else front + body
        path.write_text(content, encoding="utf-8", newline="")
        try:
            built = build([path], strict=True)
        except InputError as error:
            assert str(error).startswith(str(path))
            event(f"refused: {str(error).removeprefix(str(path)).split('(')[0]}")
            return
        graph = built.graph
        event("built, with statements" if any(graph.store.quads_for_pattern(None, KG.quote, None)) else "built")
        mapping, parts = prepare(built.corpus, DOMAIN.triples, count=3)
        assert {t for records in parts for t in mapping.part(records)} == set(graph.triples()), "the parts"
        write_turtle(graph, Path(folder) / "graph.ttl")
        turtle = (Path(folder) / "graph.ttl").read_bytes()
    parsed = {q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)}
    assert len(parsed) == len(rdflib.Graph().parse(data=turtle, format="turtle")) == len(graph)
    report = validate(graph)
    assert report.conforms, report.text()


@pytest.mark.parametrize("text", ["\u201c We will fight,\u201d Ann Lee said.", "Ann Lee said: \u201c We will fight.\u201d"])
def test_issue_quote_leading_space(text):
    built = build_documents([Document("a", text, "a.txt")])
    statements = built.corpus.statements
    assert statements and all(text[s.mention.start:s.mention.end] == s.mention.text for s in statements)
    assert validate(built.graph).conforms
