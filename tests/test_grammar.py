"""Every grammar rule's own test rows: each text, run through the whole pipeline, gives the facts the
rule promises, and at least one of them is credited to the rule.

A test row is ``{text: ..., expect: [{KIND: {field: value, ...}}, ...]}`` with KIND one of actor,
statement, provision, objection, stance; ``absent: [...]`` lists facts that must not appear. Fields
compare as text; a list field (roles, affiliations) must contain every value given.
"""
from __future__ import annotations

import pytest

from kg.domain import load_domain
from kg.grammar import Grammar, Rule
from kg.models import Document
from kg.pipeline import build_corpus

DOMAIN = load_domain()


def _facts(corpus) -> dict[str, list[dict]]:
    """The corpus's facts as plain dicts, the fields a test row names."""
    names = {actor.key: actor.name for actor in corpus.actors}
    return {
        "actor": [{"name": a.name, "kind": a.kind, "roles": [r.title for r in a.roles],
                   "affiliations": list(a.affiliations)} for a in corpus.actors],
        "statement": [{"speaker": names.get(s.speaker, ""), "text": s.text, "rule": s.rule} for s in corpus.statements],
        "provision": [{"citation": p.citation or "", "label": p.label, "mention": p.mention.text,
                       "jurisdiction": p.jurisdiction or "", "rule": p.rule} for p in corpus.provisions],
        "objection": [{"by": names.get(o.objector, ""), "basis": o.basis, "rule": o.rule} for o in corpus.objections],
        "stance": [{"holder": names.get(s.holder, ""), "stance": s.stance, "rule": s.rule} for s in corpus.stances],
    }


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


def _rows():
    for rule in DOMAIN.grammar.rules:
        for number, row in enumerate(rule.tests):
            yield pytest.param(rule, row, id=f"{rule.source}:{rule.name}:{number}")


def _credited(rule: Rule, fact: dict) -> bool:
    return rule.name in fact.get("rule", "").replace("+", " ").split()


@pytest.mark.parametrize("rule,row", list(_rows()))
def test_grammar_rule_rows(rule: Rule, row: dict):
    corpus = build_corpus([Document(id="rule-test", text=row["text"], source="rule-test")], DOMAIN)
    facts = _facts(corpus)
    credited = False
    for expected in row.get("expect", []):
        (kind, wanted), = expected.items()
        matching = [fact for fact in facts[kind] if _agrees(fact, wanted)]
        assert matching, f"{rule.name}: no {kind} {wanted} in {facts[kind]}"
        credited = credited or kind == "actor" or any(_credited(rule, fact) for fact in matching)
    for unexpected in row.get("absent", []):
        (kind, wanted), = unexpected.items()
        assert not [fact for fact in facts[kind] if _agrees(fact, wanted)], f"{rule.name}: {kind} {wanted} found"
    if row.get("expect"):
        assert credited, f"{rule.name}: none of the expected facts came from this rule"


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
