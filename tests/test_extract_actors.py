"""The actor extractor on invented text: names, kinds, roles and affiliations, through extraction and
through the whole pipeline (resolution and the ``actors`` preset)."""
from __future__ import annotations

import pytest

from kg.domain import load_domain
from kg.extract import actors
from kg.extract.text import parse
from kg.models import Document
from corpora import corpus_of

DOMAIN = load_domain()


def _mentions(text: str):
    document = Document(id="case", text=text, source="case.txt")
    return actors.extract(parse(document, None, frozenset(DOMAIN.grammar.set("abbreviation"))), DOMAIN)


def _actors(text: str):
    """The resolved actors of ``text``: name → actor."""
    corpus = corpus_of([Document(id="case", text=text, source="case.txt")], DOMAIN)
    return {actor.name: actor for actor in corpus.actors}


def _named(text: str) -> dict[str, str]:
    """The resolved people and organisations of ``text``: name → kind."""
    return {name: actor.kind for name, actor in _actors(text).items() if not actor.anonymous and actor.kind != "Group"}


@pytest.mark.parametrize("text,name", [
    ("A spokesperson for the Harlan County Public Defender's Office said most were released.",
     "Harlan County Public Defender's Office"),
    ("The Vermont Commonwealth's Attorneys' Association endorsed the bill.",
     "Vermont Commonwealth's Attorneys' Association"),
    ("The Lakeside Sheriffs’ Association endorsed the bill.", "Lakeside Sheriffs’ Association"),
    ("A vigil was organised by the Ozark Coalition to Abolish the Death Penalty.",
     "Ozark Coalition to Abolish the Death Penalty"),
    ("Ann Lee, a criminologist at the University of Iowa, disagreed.", "University of Iowa"),
    ("Ann Lee, the director of the Defender Association of Philadelphia, disagreed.", "Defender Association of Philadelphia"),
    ("The Oklahoma Democratic Party called the bill cruel.", "Oklahoma Democratic Party"),
    ("Tom Hale teaches ethics at Loyola University Chicago.", "Loyola University Chicago"),
    ("Vermonters to Abolish the Death Penalty said in a statement it would hold a vigil.",
     "Vermonters to Abolish the Death Penalty"),
    ("Critics included Idahoans for Alternatives to the Death Penalty.", "Idahoans for Alternatives to the Death Penalty"),
    ("Ann Lee, founder of Conservatives Concerned About the Death Penalty, spoke.",
     "Conservatives Concerned About the Death Penalty"),
])
def test_organisation_names_keep_their_places_purposes_and_owners(text, name):
    assert _named(text).get(name) == "Organization"


@pytest.mark.parametrize("text,names", [
    # a lone organisation keyword names nothing
    ("Council approves curfew. The vote was close, Mayor Ann Lee said.", {"Ann Lee"}),
    ("The killing was capital murder under Section 13A-5-40 of the Alabama Code, Ann Lee said.", {"Ann Lee"}),
    # a court's district or circuit is no actor, and does not take the judge with it
    ("U.S. District Judge Ann Lee of the Eastern District of Ohio ruled. An appeal to the Sixth Circuit is likely.",
     {"Ann Lee"}),
    ("U.S. District Judge Ann Lee of the District of Columbia ruled on Friday.", {"Ann Lee"}),
    # places: a word for a place ends the name, or a locative preposition stands before it
    ("Sheriff Tom Hale said Harlan County had never seen such a case.", {"Tom Hale"}),
    ("About 40 people gathered in Mill Hollow on Sunday, Ann Lee said.", {"Ann Lee"}),
    ("The shooting happened at Cedar Springs Plaza, police chief Ann Lee said.", {"Ann Lee"}),
    ("Sen. Ann Cole and Bo Park spoke.", {"Ann Cole", "Bo Park"}),
])
def test_what_is_not_an_actor(text, names):
    assert set(_named(text)) == names


def test_a_headline_line_above_a_source_line_is_still_a_headline():
    text = ("Prosecutors Blast Vermont's New Fentanyl Homicide Bill\nSource: https://example.org/a | Date: 2025-05-20\n\n"
            "Ann Lee, the county solicitor, said the bill goes too far.")
    assert set(_named(text)) == {"Ann Lee"}


def test_a_possessive_owner_that_is_an_actor_is_cut_off():
    found = {m.name: m.kind for m in _mentions("Ann Lee said Tom Hale's Justice Department had changed course.")}
    assert found["Justice Department"] == "Organization" and found["Tom Hale"] == "Person"


@pytest.mark.parametrize("text,people", [
    ("Proud of the House for standing up today, Ann Cole wrote.", {"Ann Cole"}),
    ("Implementation of the memo will fall to Tom Hale and his deputies.", {"Tom Hale"}),
    ("Ann Cole said her son, 25-year-old Tobiah, died in 2021.", {"Ann Cole", "Tobiah"}),
])
def test_a_lone_capitalised_word_is_a_name_only_with_evidence(text, people):
    assert {name for name, kind in _named(text).items() if kind == "Person"} == people


@pytest.mark.parametrize("text,chambers", [
    # one name for a state's chamber, the fullest the article gives
    ("Vermont House passes bill\n\nThe Vermont House of Representatives passed the bill on Tuesday. "
     "The House vote was 90-50.", {"Vermont House of Representatives"}),
    # a bare chamber that the article names with its state elsewhere
    ("The Alabama House voted 86-5 for the bill. The House had passed it last year too.", {"Alabama House"}),
    # "the state Senate" is the Senate of the state whose chamber the article names
    ("The Oklahoma House passed the bill, which now heads to the state Senate.", {"Oklahoma House", "Oklahoma Senate"}),
    # a bare chamber with no state named is no actor, nor is the chamber a bill is named after
    ("The House passed the bill on Tuesday.", set()),
    ("The Texas House passed House Bill 6. The Senate has not voted.", {"Texas House"}),
])
def test_state_chambers(text, chambers):
    assert {name for name, kind in _named(text).items() if kind == "Organization"} == chambers


@pytest.mark.parametrize("text,anonymous", [
    ("“They take years,” one former federal prosecutor said.", ["anonymous: former federal prosecutor"]),
    ("A senior Justice Department official said the review would take months.",
     ["anonymous: senior justice department official"]),
    ("A senior Democratic aide, who spoke on condition of anonymity, said the bill would stall.",
     ["anonymous: senior democratic aide"]),
    # a description next to a name describes that person
    ("Ann Lee, a former federal prosecutor, said the plan would fail.", []),
    ("A former federal prosecutor, Ann Lee, said the plan would fail.", []),
    ("Ann Lee, a celebrity and advocate for reform, said the plan would fail.", []),
])
def test_unnamed_sources_in_the_texts_own_words(text, anonymous):
    assert [m.name for m in _mentions(text) if m.anonymous] == anonymous


def _roles(text: str) -> dict[str, list[str]]:
    """Each named person's roles as the ``actors`` preset prints them ("former " before a former title)."""
    return {name: sorted(("former " if r.former else "") + r.title for r in actor.roles)
            for name, actor in _actors(text).items() if actor.kind == "Person" and not actor.anonymous}


@pytest.mark.parametrize("text,roles", [
    # titles as the text writes them, abbreviations spelled out, "state" and "former" kept
    ("State Sen. Tom Umberg filed the bill.", {"Tom Umberg": ["State Senator"]}),
    ("Vermont Attorney General Liz Marr joined the letter.", {"Liz Marr": ["Vermont Attorney General"]}),
    ("House Minority Leader Tom Hale, R-Burke, spoke against it.", {"Tom Hale": ["House Minority Leader"]}),
    ("The bill drew praise from former Gov. Ann Cole.", {"Ann Cole": ["former Governor"]}),
    ("A bill by Democratic state Rep. Ann Cole passed.", {"Ann Cole": ["State Representative"]}),
    # a title belongs to the name it stands before; a role given once for a list applies to each
    ("Sen. Ann Cole and Tom Hale spoke on Monday.", {"Ann Cole": ["Senator"], "Tom Hale": []}),
    ("It passed. Senators Ann Cole, Tom Hale and Bo Park introduced it.",
     {"Ann Cole": ["Senator"], "Tom Hale": ["Senator"], "Bo Park": ["Senator"]}),
    ("But state senators Ann Cole and Tom Hale said the bill goes too far.",
     {"Ann Cole": ["state senator"], "Tom Hale": ["state senator"]}),
])
def test_roles_follow_the_text(text, roles):
    assert _roles(text) == roles


@pytest.mark.parametrize("text,party", [
    ("Republican Sen. Tom Hale said no.", "Republican Party"),
    ("Sen. Ann Cole (D-Ore.) said no.", "Democratic Party"),
    ("Rep. Ann Cole, R-Burke, said no.", "Republican Party"),
    ("Sen. Bo Sands (I-Vt.) said no.", None),
])
def test_party_labels(text, party):
    person, = (a for a in _actors(text).values() if a.kind == "Person")
    assert person.party == party


def test_the_actors_preset_lists_the_party_among_affiliations():
    from kg.pipeline import build_documents
    from kg.query import run_preset

    built = build_documents([Document(id="case", text="Ann Cole, a law professor at Lakeview University, and "
                                      "Sen. Tom Hale (R-Ohio) spoke.", source="case.txt")])
    result = run_preset(built.graph.store, "actors")
    rows = {row[0]: dict(zip(result.columns, row)) for row in result.rows}
    assert rows["Tom Hale"]["affiliations"] == "Republican Party"
    assert rows["Ann Cole"]["affiliations"] == "Lakeview University"
    assert "Republican Party" not in rows


def test_a_titled_surname_joins_the_full_name_another_article_gives():
    corpus = corpus_of([Document(id="a", text="President Tom Hale said the plan would work.", source="a.txt"),
                           Document(id="b", text="President Tom Hale signed it. Hale said so.", source="b.txt"),
                           Document(id="c", text="Critics said President Hale was wrong.", source="c.txt")], DOMAIN)
    assert [a.name for a in corpus.actors if a.kind == "Person"] == ["Tom Hale"]


def test_a_shorter_first_name_is_the_same_person():
    """"Ray Hale" is the "Raymond Eldridge Hale" of the same article, and "Mr. Hale" is him too."""
    text = ("A court halted the execution of Raymond Eldridge Hale on Tuesday. Mr. Hale, 58, denies the crime. "
            "“Ray Hale did not set that fire,” his lawyer said.")
    assert [name for name, kind in _named(text).items() if kind == "Person"] == ["Raymond Eldridge Hale"]
