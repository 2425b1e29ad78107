"""Every grammar rule's own test rows: each text, run through the whole pipeline, gives the facts the
rule promises; and for at least one row, without the rule it does not: the rule makes a difference.

A test row is ``{text: ..., expect: [{KIND: {field: value, ...}}, ...]}`` with KIND one of actor,
statement, provision, objection, stance; ``absent: [...]`` lists facts that must not appear. Fields
compare as text; a list field (roles, affiliations) must contain every value given.
"""
from __future__ import annotations

import pytest

from dataclasses import replace

from kg.domain import load_domain
from kg.grammar import Grammar, Rule
from kg.models import Document
from corpora import corpus_of

DOMAIN = load_domain()


def _facts(corpus) -> dict[str, list[dict]]:
    """The corpus's facts as plain dicts, the fields a test row names."""
    names = {actor.key: actor.name for actor in corpus.actors}
    return {
        "actor": [{"name": a.name, "kind": a.kind, "roles": [r.title for r in a.roles],
                   "affiliations": [names.get(k, k) for k in a.affiliations], "party": a.party or ""}
                  for a in corpus.actors],
        "statement": [{"speaker": names.get(s.speaker, ""), "text": s.text} for s in corpus.statements],
        "provision": [{"citation": p.citation or "", "label": p.label, "mention": p.mention.text,
                       "jurisdiction": p.jurisdiction or ""} for p in corpus.provisions],
        "objection": [{"by": names.get(o.objector, ""), "basis": o.basis,
                       "precedents": [p.rsplit("/", 1)[-1] for p in o.precedents]} for o in corpus.objections],
        "stance": [{"holder": names.get(s.holder, ""), "stance": s.stance} for s in corpus.stances],
    }


def _run(text: str, domain) -> dict[str, list[dict]]:
    return _facts(corpus_of([Document(id="rule-test", text=text, source="rule-test")], domain))


def _agrees(fact: dict, wanted: dict) -> bool:
    for field, value in wanted.items():
        got = fact.get(field)
        if isinstance(got, list):
            values = value if isinstance(value, list) else [value]
            if not all(str(v) in got for v in values):
                return False
        elif str(got) != str(value):
            return False
    return True


def _holds(facts: dict, row: dict) -> list[str]:
    """What a row expects that the facts lack (and what it forbids that they have)."""
    problems = []
    for expected in row.get("expect", []):
        (kind, wanted), = expected.items()
        if not [f for f in facts[kind] if _agrees(f, wanted)]:
            problems.append(f"no {kind} {wanted} in {facts[kind]}")
    for unexpected in row.get("absent", []):
        (kind, wanted), = unexpected.items()
        if [f for f in facts[kind] if _agrees(f, wanted)]:
            problems.append(f"{kind} {wanted} found")
    return problems


@pytest.mark.parametrize("rule", [pytest.param(r, id=f"{r.source}:{r.name}") for r in DOMAIN.grammar.rules if r.tests])
def test_grammar_rule_rows(rule: Rule):
    """Each row of the rule holds; and at least one fails without the rule (loses a fact it expects, or
    gains one it forbids)."""
    for row in rule.tests:
        problems = _holds(_run(row["text"], DOMAIN), row)
        assert not problems, f"{rule.name}: {row['text']!r}: {problems}"
    without = replace(DOMAIN, grammar=DOMAIN.grammar.without(rule.name))
    assert any(_holds(_run(row["text"], without), row) for row in rule.tests), \
        f"{rule.name}: every row gives the same facts without it"


def test_every_rule_has_test_rows():
    untested = [rule.name for rule in DOMAIN.grammar.rules if not rule.tests]
    assert not untested, f"rules without test rows: {untested}"


def test_grammar_expands_sets_and_captures():
    from kg.extract.text import pipeline

    rule = Rule("say", "statement", "token", [{"ACTOR": "any", "capture": "who"}, {"LOWER": {"IN": "@verb"}, "capture": "verb"}])
    grammar = Grammar([rule], {"verb": ("Said", "wrote")}, pipeline(None).vocab)
    from spacy.tokens import Span
    doc = pipeline(None).make_doc("Then Ann Lee said so.")
    doc.ents = [Span(doc, 1, 3, label="Person")]
    (match,) = grammar.match(doc, "statement")
    assert match.text(doc.text, "who") == "Ann Lee" and match.text(doc.text, "verb") == "said"
