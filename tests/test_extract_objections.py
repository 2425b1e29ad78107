"""Objections as tables of invented text: one per objector and basis, decided by the argument's words."""
from __future__ import annotations

import pytest

from kg.models import Document
from corpora import corpus_of


def _objections(domain, text: str) -> list[tuple[str, str]]:
    corpus = corpus_of([Document(id="t", text=text, source="t")], domain)
    names = {a.key: a.name for a in corpus.actors}
    return sorted((names[o.objector], o.basis) for o in corpus.objections)


@pytest.mark.parametrize("text,expected", [
    ("The death penalty plan drew fire. Lee Park said there is no evidence that executions deter dealers.",
     [("Lee Park", "empirical")]),
    ("The death penalty plan drew fire. Critics say capital trials are costly and tie up resources.",
     [("critics", "resources")]),
    ("The death penalty plan drew fire. “The Supreme Court ruled in Kennedy v. Louisiana that this cannot stand,” "
     "Lee Park said.", [("Lee Park", "court-precedent")]),
    ("The death penalty plan drew fire. The defense lawyers, led by Federal Defender Lee Park, argued that Enmund v. "
     "Florida forbids it.", [("Lee Park", "court-precedent")]),
    ("The death penalty plan drew fire. There is no evidence that executions deter dealers, according to Lee Park, a "
     "criminologist.", [("Lee Park", "empirical")]),
    ("The death penalty plan drew fire. Lee Park, the public defender, said his office cannot absorb the work.",
     [("Lee Park", "resources")]),
    # one entry per basis when an argument gives several
    ("“The death penalty is immoral, it is too prone to error and it fails as a deterrent,” said Sen. Ivy Cole.",
     [("Ivy Cole", "empirical"), ("Ivy Cole", "moral"), ("Ivy Cole", "other")]),
    # a criticism that states no basis is `other`
    ("Bishop Lew Carr condemned the plan to execute drug dealers.", [("Lew Carr", "other")]),
    # questions are not arguments; nor is the article's own voice
    ("The death penalty plan drew fire. Sheriff Ann Lee spoke after a student asked whether the plan was cruel.", []),
    ("The death penalty plan drew fire. Lee Park asked if capital trials are costly and tie up resources.", []),
    ("Capital trials are costly and tie up resources. Rep. Lee Park filed the death penalty bill.", []),
    # a supporter's own words are no objection to the measure they back
    ("Rep. Dale Ruiz sponsored the bill to make fentanyl dealing a capital crime. “Killers deserve the death penalty, "
     "whatever it costs,” Ruiz said.", []),
    # an argument against a repeal is an objection of the penalty's supporters
    ("The legislature repealed the death penalty. “I am disappointed, because the repeal ignores the victims,” "
     "Gov. Amos Reed said.", [("Amos Reed", "other")]),
])
def test_objections(domain, text, expected):
    assert _objections(domain, text) == expected


def test_objections_name_the_precedent(domain):
    text = ("The death penalty plan drew fire. “The Supreme Court ruled in Kennedy v. Louisiana that this cannot "
            "stand,” Lee Park said.")
    corpus = corpus_of([Document(id="t", text=text, source="t")], domain)
    assert corpus.objections[0].precedents == ("https://w3id.org/kg-legal/domain/kennedy-v-louisiana",)
