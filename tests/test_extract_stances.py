"""Stances as tables of invented text: who holds which side toward the punitive measure, whatever
measure the text names (a bill, a repeal, a moratorium, a ruling)."""
from __future__ import annotations

import pytest

from kg.models import Document
from corpora import corpus_of


def _stances(domain, text: str) -> list[tuple[str, str]]:
    corpus = corpus_of([Document(id="t", text=text, source="t")], domain)
    names = {a.key: a.name for a in corpus.actors}
    return sorted((names[s.holder], s.stance) for s in corpus.stances)


@pytest.mark.parametrize("text,expected", [
    # acts, their holders and their targets
    ("Governor Ann Cole backed the push to seek the death penalty for dealers.", [("Ann Cole", "supports")]),
    ("Rep. Jo Dunn criticized the death penalty bill on Monday.", [("Jo Dunn", "opposes")]),
    ("The plan sparked a backlash from civil rights groups over the death penalty.", [("civil rights groups", "opposes")]),
    ("The death penalty bill drew swift condemnation from the American Civil Liberties Union.",
     [("American Civil Liberties Union", "opposes")]),
    ("Sen. Ann Cole (R-Ohio) and Sen. Lee Park (R-Utah) backed the death penalty bill.",
     [("Ann Cole", "supports"), ("Lee Park", "supports")]),
    ("The Drug Dealer Accountability Act, written by Sen. Lee Park (R-Tex.) and Sen. Jo Dunn (R-Ind.), would allow the "
     "death penalty for dealers.", [("Jo Dunn", "supports"), ("Lee Park", "supports")]),
    # a measure that reverses the penalty turns the side
    ("Sen. Ruth Okafor introduced a bill to abolish the death penalty.", [("Ruth Okafor", "opposes")]),
    ("Gov. Amos Reed vetoed the repeal of the death penalty.", [("Amos Reed", "supports")]),
    ("Governor Ann Cole ordered a pause on the death penalty.", [("Ann Cole", "opposes")]),
    ("Gov. Tess Lund commuted the sentences of everyone on death row.", [("Tess Lund", "opposes")]),
    ("Ann Cole withdrew a directive that urged prosecutors to seek the death penalty.", [("Ann Cole", "opposes")]),
    # roles toward the bill
    ("The House passed the death penalty bill. The bill's author, Rep. Jo Dunn, said the measure targets dealers.",
     [("Jo Dunn", "supports")]),
    ("The House passed the death penalty bill. Lee Park, R-Hazard, a co-sponsor, said she had been to many funerals.",
     [("Lee Park", "supports")]),
    # clauses: relative, coordinated, negated, directed
    ("Lee Park, a professor at Iowa State University who has opposed the death penalty, spoke.", [("Lee Park", "opposes")]),
    ("Lee Park has never supported the death penalty bill.", [("Lee Park", "opposes")]),
    ("Attorney General Ann Cole directed prosecutors to seek the death penalty in drug cases.", [("Ann Cole", "supports")]),
    ("Lee Park argued that those who do not pull the trigger still deserve the death penalty.", [("Lee Park", "supports")]),
    # a question reported is nobody's stance; a fact reported is not the reporter's side
    ("The death penalty bill passed. Sheriff Ann Lee spoke after a student asked whether the county backs the death "
     "penalty bill.", []),
    ("Ann Cole said prosecutors have sought the death penalty since a 2018 memo urged them to.",
     [("prosecutors", "supports")]),
    # a reaction to "the decision" is to what the article's lede does: reverse the policy, or pursue it
    ("Governor withdraws directive on the death penalty in drug cases\n\nThe Tide Workers Union welcomed the decision. "
     "Republicans criticized the move.", [("Republicans", "supports"), ("Tide Workers Union", "opposes")]),
    ("Governor issues directive on the death penalty in drug cases\n\nThe Tide Workers Union welcomed the decision. "
     "Republicans criticized the move.", [("Republicans", "opposes"), ("Tide Workers Union", "supports")]),
    # groups named by their side
    ("Lawmakers filed a bill to make fentanyl dealing a capital crime. Opponents of the bill rallied outside.",
     [("lawmakers", "supports"), ("opponents", "opposes")]),
    ("Advocates for abolishing capital punishment gathered outside the prison.", [("advocates", "opposes")]),
    # a first-person act inside a quotation is its speaker's
    ("The bill would make fentanyl dealing a capital crime. “I will fight this bill in committee,” Sen. Ira Moss said.",
     [("Ira Moss", "opposes")]),
    # an act done to the actor of the article's measure, or to its document, is done to the measure
    ("Attorney General Ann Cole ordered federal executions to resume. Catholics swiftly rebuked Cole. "
     "Conservatives condemned the order.",
     [("Ann Cole", "supports"), ("Catholics", "opposes"), ("conservatives", "opposes")]),
    # an office speaks for a side when nothing its holder says or does shows one; a former office does not
    ("The state will execute Carl Mott on Thursday. “The jury heard every word of this case,” said Attorney General "
     "Ann Cole.\n\n“We have run out of courts to ask,” said Lee Park, a public defender.",
     [("Ann Cole", "supports"), ("Lee Park", "opposes")]),
    ("The state will execute Carl Mott on Thursday. “The jury heard every word of this case,” said Ann Cole, a former "
     "prosecutor.", []),
    ("The state will execute Carl Mott on Thursday. “This execution is immoral,” said Attorney General Ann Cole.",
     [("Ann Cole", "opposes")]),
])
def test_stances(domain, text, expected):
    assert _stances(domain, text) == expected


def test_stances_name_their_target_as_the_article_does(domain):
    text = "Sen. Ruth Okafor introduced a bill to abolish the death penalty."
    corpus = corpus_of([Document(id="t", text=text, source="t")], domain)
    (stance,) = corpus.stances
    assert (stance.target.text, stance.target_reverses) == ("bill to abolish the death penalty", True)


def test_a_measure_without_a_description_is_named_by_its_noun(domain):
    text = "Lawmakers debated the death penalty. Sen. Ruth Okafor introduced the bill on Monday."
    corpus = corpus_of([Document(id="t", text=text, source="t")], domain)
    assert [stance.target.text for stance in corpus.stances] == ["bill"]
