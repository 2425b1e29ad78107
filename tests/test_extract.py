"""Table-driven tests of each extractor on small invented articles: text in, expected records out."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.domain import load_domain
from kg.extract import actors, objections, provisions, stances, statements
from kg.extract.text import find_quotes, parse, resolve_date, sentence_starts
from kg.ingest import read_paths
from kg.models import Document
from kg.pipeline import build_documents


@pytest.fixture(scope="module")
def domain():
    return load_domain()


def doc(text: str, date: dt.date | None = dt.date(2019, 5, 8)) -> Document:
    return Document(id="case", text=text, source="case.txt", date=date)


@pytest.fixture(scope="module")
def sentencizer():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_sentence_starts_are_the_sentencizers_on_every_seed_and_case(sentencizer):
    root = Path(__file__).parent.parent
    documents = read_paths([root / "seeds", root / "tests" / "cases"]).documents
    assert len(documents) > 20
    for document in documents:
        assert sentence_starts(document.prose) == [s.start_char for s in sentencizer(document.prose).sents]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab .!?…。‼\n\t\r\xa0\"'”“()-—,;:", "Mr.", "U.S.", "a.m.", ":)", "  ", " \n", "...", "?!"]),
                max_size=40).map("".join))
def test_sentence_starts_are_the_sentencizers_on_any_punctuation(sentencizer, text):
    assert sentence_starts(text) == [s.start_char for s in sentencizer(text).sents]


@pytest.mark.parametrize("text", ["x" * 80 + ". Next one.", "See https://example.org/a.b/c?d=1.e!f. Then " + "y." * 40 + " end",
                                  "Done." + "”" * 70 + " Next", "Done.\n\n" + "(a)" * 30 + " Next"])
def test_sentence_starts_are_the_sentencizers_on_runs_too_long_to_keep(sentencizer, text):
    assert sentence_starts(text) == [s.start_char for s in sentencizer(text).sents]


@pytest.mark.parametrize("text,sentences", [
    ("Sen. Lee Park (R-Tex.) and Sen. Jo Dunn (R-Ind.) wrote the bill. It passed.",
     ["Sen. Lee Park (R-Tex.) and Sen. Jo Dunn (R-Ind.) wrote the bill.", "It passed."]),
    ("The vote was 5-4. Then it ended.", ["The vote was 5-4.", "Then it ended."]),
    ("It ended at 5 p.m.\n\nlowercase paragraphs stand alone.", ["It ended at 5 p.m.", "lowercase paragraphs stand alone."]),
])
def test_sentences_rejoin_a_piece_that_starts_lower_case(text, sentences):
    parsed = parse(doc(text))
    assert [parsed.prose[start:end] for start, end in parsed.sentences] == sentences


@pytest.mark.parametrize("text,name,kind,role", [
    ("Attorney General Ana Ruiz said the plan would work.", "Ana Ruiz", "Person", "Attorney General"),
    ("State Sen. Tom Hale (R-Ohio) filed the bill.", "Tom Hale", "Person", "Senator"),
    ("Lee Park, senior counsel at the Liberty Law Center, said so.", "Lee Park", "Person", "senior counsel"),
    ("The Midwest Justice Coalition said it would sue.", "Midwest Justice Coalition", "Organization", None),
])
def test_actors_name_kind_and_role(domain, text, name, kind, role):
    found = actors.extract(parse(doc(text)), domain)
    match = next(m for m in found if m.name == name)
    assert match.kind == kind
    assert (role in {r.title for r in match.roles}) if role else not match.roles


@pytest.mark.parametrize("text,names", [
    ("Sen. Ann Cole and Sen. Lee Park filed the bill.", [("Ann Cole", "Senator"), ("Lee Park", "Senator")]),
    ("Ann Cole and Lee Park filed the bill.", [("Ann Cole", None), ("Lee Park", None)]),
    ("Attorney General Ann Cole and Lee filed the bill.", [("Ann Cole", "Attorney General")]),
])
def test_actors_two_people_joined_by_and(domain, text, names):
    found = actors.extract(parse(doc(text)), domain)
    assert [(m.name, m.roles[0].title if m.roles else None) for m in found if m.kind == "Person"] == names


def test_actors_appositive_organisation_runs_past_an_abbreviation(domain):
    text = "“It went well,” said Ann Cole, a spokeswoman for the U.S. Attorney's Office for the Eastern District of Ohio."
    cole = next(m for m in actors.extract(parse(doc(text)), domain) if m.name == "Ann Cole")
    assert cole.affiliations == ("U.S. Attorney's Office for the Eastern District of Ohio",)


@pytest.mark.parametrize("text,organisations", [
    ("“Proud of the House for standing up today,” Ann Cole wrote.", []),
    ("Time for the Legislature to pass the bill, she said.", []),
    ("Department of the Treasury officials declined to comment.", ["Department of the Treasury"]),
    ("Members of the Tide Workers Union voted on Monday.", ["Tide Workers Union"]),
])
def test_actors_a_sentence_opening_before_of_the_is_not_part_of_a_name(domain, text, organisations):
    found = actors.extract(parse(doc(text)), domain)
    assert [m.name for m in found if m.kind == "Organization"] == organisations


@pytest.mark.parametrize("text,groups", [
    ("The bill drew criticism from Democrats on Tuesday.", ["democrats"]),
    ("Eight Republicans joined Democrats in voting no.", ["eight republicans", "democrats"]),
    ("The bill was praised by Democrats Abroad, a party arm.", []),
])
def test_actors_capitalised_group_nouns_anywhere_in_a_sentence(domain, text, groups):
    found = actors.extract(parse(doc(text)), domain)
    assert [m.name for m in found if m.kind == "Group"] == groups


def test_actors_party_and_region(domain):
    found = actors.extract(parse(doc("State Sen. Tom Hale (R-Ohio) filed the bill.")), domain)
    hale = next(m for m in found if m.name == "Tom Hale")
    assert (hale.party, hale.region) == ("Republican Party", "Ohio")


@pytest.mark.parametrize("text,expected", [
    ("“We will not back down from this fight,” Ruiz said.", ["We will not back down from this fight,"]),
    ("He said it was “appropriate” to act.", []),
    ("”Opened with the wrong mark and still a quote here.” she said.", ["Opened with the wrong mark and still a quote here."]),
    ("“Never closed quote goes on to the end", ["Never closed quote goes on to the end"]),
])
def test_find_quotes(text, expected):
    quotes = find_quotes(text, 0, len(text))
    long_enough = [text[q.inner_start:q.inner_end] for q in quotes if len(text[q.inner_start:q.inner_end].split()) >= 5]
    assert long_enough == expected


@pytest.mark.parametrize("text,speakers", [
    ("Ana Ruiz spoke.\n\n“The law gives us every tool we need here,” Ruiz said. “We will use them all.”",
     ["Ruiz", "Ruiz"]),
    ("“The law gives us every tool we need here,” said Ana Ruiz, the attorney general.", ["Ana Ruiz"]),
    ("Ana Ruiz wrote in a memo that “prosecutors must use every lawful tool available.”", ["Ana Ruiz"]),
    ("Ana Ruiz spoke.\n\n“Costs will run into the millions for every case,” one former federal prosecutor told the paper.",
     ["one former federal prosecutor"]),
])
def test_statements_attribution(domain, text, speakers):
    parsed = parse(doc(text))
    found = statements.extract(parsed, domain, actors.extract(parsed, domain))
    assert [s.speaker_mention.text for s in found] == speakers


def test_statements_medium_and_relative_date(domain):
    text = "“Prosecutors must consider every lawful tool at hand,” Ana Ruiz wrote in a memo sent Monday."
    parsed = parse(doc(text, dt.date(2018, 3, 21)))
    found = statements.extract(parsed, domain, actors.extract(parsed, domain))
    assert (found[0].medium, found[0].date) == ("memo", dt.date(2018, 3, 19))


def test_statements_brackets_are_alterations(domain):
    text = "“[T]he department will seek the harshest sentence,” Ana Ruiz said."
    parsed = parse(doc(text))
    found = statements.extract(parsed, domain, actors.extract(parsed, domain))
    assert [a.text for a in found[0].alterations] == ["[T]"]


@pytest.mark.parametrize("text,citations", [
    ("He was charged under 18 U.S.C. § 924(j) last year.", ["18 U.S.C. § 924(j)"]),
    ("The count rests on 21 U.S.C. 848(e), prosecutors said.", ["21 U.S.C. § 848(e)"]),
    ("It relies on section 1959 of title 18.", ["18 U.S.C. § 1959"]),
    ("Federal law allows the death penalty in a few circumstances. Those include cases involving the use of a firearm "
     "resulting in death during a drug crime and cases involving large quantities of drugs.",
     ["18 U.S.C. § 924(j)", "18 U.S.C. § 3591(b)(1)"]),
    ("Prosecutors may seek the death penalty in drug cases for killings with a firearm in the course of a drug "
     "trafficking crime.", ["18 U.S.C. § 924(j)"]),
])
def test_provisions_citations(domain, text, citations):
    assert [p.citation for p in provisions.extract(parse(doc(text)), domain)] == citations


@pytest.mark.parametrize("cited", ["18 U.S.C. § 1959", "18 U.S.C. § 924(j)", "21 U.S.C. § 848(e)(1)"])
def test_provisions_a_citation_of_a_known_provision_links_to_it(domain, cited):
    known = next(c for c in domain.circumstances if cited.startswith(c.citation))
    found = provisions.extract(parse(doc(f"He was charged with a capital crime under {cited} last year.")), domain)
    assert [(p.provision, p.label) for p in found] == [(known.iri, known.label)]


def test_provisions_two_charges_in_one_sentence_are_two_provisions(domain):
    text = ("Prosecutors will seek the death penalty. Lee Park is charged with murder in furtherance of a continuing "
            "criminal enterprise and with murder with a firearm during a drug trafficking crime.")
    found = provisions.extract(parse(doc(text)), domain)
    assert sorted(p.citation for p in found) == ["18 U.S.C. § 924(j)", "21 U.S.C. § 848(e)"]


def test_provisions_a_section_without_subsections_is_not_its_subsection(domain):
    found = provisions.extract(parse(doc("He was charged with a capital crime under 21 U.S.C. § 848 last year.")), domain)
    assert [(p.provision, p.citation) for p in found] == [(None, "21 U.S.C. § 848")]


@pytest.mark.parametrize("text,citations", [
    ("The killing is capital murder under Section 13A-5-40 of the Alabama Code, prosecutors said.",
     ["Ala. Code § 13A-5-40"]),
    ("The bill amends Texas Penal Code Section 19.03 and Idaho Code § 19-2515.",
     ["Tex. Penal Code § 19.03", "Idaho Code § 19-2515"]),
    ("It adds a section 532.025 of the Kentucky Revised Statutes, next to KRS 532.030.",
     ["Ky. Rev. Stat. § 532.025", "KRS 532.030"]),
    ("Section 5 of the Harbour Code sets the fine.", []),
])
def test_provisions_state_code_named_in_prose_is_cited_by_its_abbreviation(domain, text, citations):
    """The code's names and abbreviation are lexicon data (kg:CodeName); a code the lexicon lacks is not guessed."""
    found = provisions.extract(parse(doc(text)), domain)
    assert [p.citation for p in found] == citations


def test_provisions_state_bill_has_no_citation(domain):
    found = provisions.extract(parse(doc("Ohio lawmakers passed SB 12 to expand the death penalty.")), domain)
    assert [(p.label, p.citation, p.jurisdiction) for p in found] == [("Senate Bill 12", None, "Ohio")]


@pytest.mark.parametrize("text,expected", [
    ("The death penalty plan drew fire. Lee Park said there is no evidence that executions deter dealers.",
     [("Lee Park", "empirical")]),
    ("The death penalty plan drew fire. Critics say capital trials are costly and tie up resources.",
     [("Critics", "resources")]),
    ("The death penalty plan drew fire. “The Supreme Court ruled in Kennedy v. Louisiana that this cannot stand,” "
     "Lee Park said.", [("Lee Park", "court-precedent")]),
    ("The death penalty plan drew fire. The defense lawyers, led by Federal Defender Lee Park, argued that Enmund v. "
     "Florida forbids it.", [("Federal Defender Lee Park", "court-precedent")]),
    ("The death penalty plan drew fire. There is no evidence that executions deter dealers, according to Lee Park, a "
     "criminologist.", [("Lee Park", "empirical")]),
    ("The death penalty plan drew fire. Lee Park, the public defender, said his office cannot absorb the work.",
     [("Lee Park", "resources")]),
    ("The death penalty plan drew fire. Sheriff Ann Lee spoke after a student asked whether the plan was cruel.", []),
    ("The death penalty plan drew fire. Lee Park asked if capital trials are costly and tie up resources.", []),
])
def test_objections_basis_and_objector(domain, text, expected):
    parsed = parse(doc(text))
    found_actors = actors.extract(parsed, domain)
    found = objections.extract(parsed, domain, found_actors, statements.extract(parsed, domain, found_actors))
    assert [(o.objector_mention.text, o.basis) for o in found] == expected


def test_objections_named_case_links_precedent(domain):
    text = "The death penalty plan drew fire. “The Supreme Court ruled in Kennedy v. Louisiana that this cannot stand,” Lee Park said."
    parsed = parse(doc(text))
    found_actors = actors.extract(parsed, domain)
    found = objections.extract(parsed, domain, found_actors, statements.extract(parsed, domain, found_actors))
    assert found[0].precedents == ("https://w3id.org/kg-legal/domain/kennedy-v-louisiana",)


@pytest.mark.parametrize("text,expected", [
    ("Governor Ann Cole backed the push to seek the death penalty for dealers.", [("Ann Cole", "supports")]),
    ("Rep. Jo Dunn criticized the death penalty bill on Monday.", [("Jo Dunn", "opposes")]),
    ("The plan sparked a backlash from civil rights groups over the death penalty.", [("civil rights groups", "opposes")]),
    ("The House passed the death penalty bill. The bill's author, Rep. Jo Dunn, said the measure targets dealers.", [("Jo Dunn", "supports")]),
    ("The House passed the death penalty bill. Governor Ann Cole, who had asked for it, praised the vote.",
     [("Ann Cole", "supports")]),
    # the holders after the cue, coordinated, across an abbreviation's full stop
    ("The Drug Dealer Accountability Act, written by Sen. Lee Park (R-Tex.) and Sen. Jo Dunn (R-Ind.), would allow the "
     "death penalty for dealers.", [("Sen. Lee Park", "supports"), ("Sen. Jo Dunn", "supports")]),
    ("The death penalty bill drew swift condemnation from the American Civil Liberties Union.",
     [("American Civil Liberties Union", "opposes")]),
    ("The death penalty bill drew swift condemnation from Democrats.", [("Democrats", "opposes")]),
    ("Sen. Ann Cole (R-Ohio) and Sen. Lee Park (R-Utah) backed the death penalty bill.",
     [("Sen. Ann Cole", "supports"), ("Sen. Lee Park", "supports")]),
    # a role toward the bill needs no target in its sentence; an appositive's verb belongs to the name it hangs on
    ("The House passed the death penalty bill. Lee Park, R-Hazard, a co-sponsor, said she had been to many funerals.",
     [("Lee Park", "supports")]),
    ("The House passed the death penalty bill. Ann Cole, R-Somerset, the chair of the Judiciary Committee, defended the "
     "bill's drafting.", [("Ann Cole", "supports")]),
    # the holder of a verb in a clause hanging on the thing it takes a stance toward
    ("The bill revives an idea the Tide Ministry embraced in 2018: the death penalty for dealers.",
     [("Tide Ministry", "supports")]),
    # a "not" in an earlier clause does not turn the cue
    ("Lee Park argued that those who do not pull the trigger still deserve the death penalty.", [("Lee Park", "supports")]),
    ("Lee Park has never supported the death penalty bill.", [("Lee Park", "opposes")]),
    # a relative "who" takes the person it follows; a memo or directive that urges is not an actor
    ("Lee Park, a professor at Iowa State University who has opposed the death penalty, spoke.", [("Lee Park", "opposes")]),
    ("Ann Cole said prosecutors have sought the death penalty since a 2018 memo urged them to.", []),
    ("Ann Cole withdrew a directive that urged prosecutors to seek the death penalty.", []),
    # what a backing verb orders can turn it around
    ("Governor Ann Cole ordered a pause on the death penalty.", [("Ann Cole", "opposes")]),
    # "it" stands for what the sentence before named; "X joined Y in" joins two holders
    ("The House passed the death penalty bill. Eight Republicans joined Democrats in voting against it.",
     [("Eight Republicans", "opposes"), ("Democrats", "opposes")]),
    ("The House passed the death penalty bill.\n\nThe session ran late. Lee Park voted against it.", []),
    # a question reported is nobody's stance
    ("The death penalty bill passed. Sheriff Ann Lee spoke after a student asked whether the county backs the death "
     "penalty bill.", []),
    # a reaction to "the decision" is to what the article first says of the policy: reversing it, or pursuing it
    ("Governor withdraws directive on the death penalty in drug cases\n\nThe Tide Workers Union welcomed the decision. "
     "Republicans criticized the move.", [("Tide Workers Union", "opposes"), ("Republicans", "supports")]),
    ("Governor issues directive on the death penalty in drug cases\n\nThe Tide Workers Union welcomed the decision. "
     "Republicans criticized the move.", [("Tide Workers Union", "supports"), ("Republicans", "opposes")]),
    ("Governor withdraws directive on the death penalty in drug cases\n\nThe Tide Workers Union welcomed the death "
     "penalty directive.", [("Tide Workers Union", "supports")]),
])
def test_stances(domain, text, expected):
    parsed = parse(doc(text))
    found_actors = actors.extract(parsed, domain)
    found_statements = statements.extract(parsed, domain, found_actors)
    found = stances.extract(parsed, domain, found_actors, found_statements, [])
    assert [(s.holder_mention.text.removeprefix("Governor ").removeprefix("Rep. "), s.stance) for s in found] == expected


@pytest.mark.parametrize("objection,stance", [
    ("Lee Park said the death penalty plan is cruel.", ["opposes"]),
    ("Lee Park said there is no evidence that the death penalty plan deters dealers.", []),
    ("Lee Park said the death penalty plan would tie up resources.", []),
])
def test_stances_from_objections_whose_basis_implies_opposition(domain, objection, stance):
    """A moral objection is opposition; reporting that the evidence shows no deterrence, or a cost
    worry, is not by itself (kg:impliesStance in the lexicon)."""
    parsed = parse(doc(objection))
    found_actors = actors.extract(parsed, domain)
    found_statements = statements.extract(parsed, domain, found_actors)
    found_objections = objections.extract(parsed, domain, found_actors, found_statements)
    assert len(found_objections) == 1
    found = stances.extract(parsed, domain, found_actors, found_statements, found_objections)
    assert [s.stance for s in found] == stance


def test_resolve_surname_and_pronoun_join_the_full_name(domain):
    text = ("Attorney General Ana Ruiz issued the memo on the death penalty.\n\n"
            "“We will use every lawful tool we have,” she said. Ruiz added that more would follow.")
    corpus = build_documents([doc(text)]).corpus
    assert [a.name for a in corpus.actors if a.kind == "Person"] == ["Ana Ruiz"]
    assert {s.speaker for s in corpus.statements} == {"person-ana-ruiz"}


@pytest.mark.parametrize("lede,people", [
    ("A Republican state senator wants Ohio to execute drug dealers.", ["Ann Cole"]),
    ("A Democratic state senator wants Ohio to execute drug dealers.", ["Ann Cole", "anonymous: democratic state senator"]),
    ("A county prosecutor wants Ohio to execute drug dealers.", ["Ann Cole", "anonymous: county prosecutor"]),
])
def test_resolve_a_lede_description_joins_the_person_named_next(domain, lede, people):
    """"A Republican state senator wants …" then "State Sen. Ann Cole (R-Ely) filed …" is one person,
    unless the party or the title says otherwise."""
    text = (f"{lede}\n\nState Sen. Ann Cole (R-Ely) filed the death penalty bill on Monday.\n\n"
            "“They should face the ultimate penalty,” Cole said.")
    corpus = build_documents([doc(text)]).corpus
    assert sorted(a.name for a in corpus.actors if a.kind == "Person") == people


@pytest.mark.parametrize("lede,holders", [
    ("Two Republican senators backed the death penalty bill on Monday.", ["person-ann-cole", "person-lee-park"]),
    # a count that does not fit: a party, a title or a number the people named next do not share
    ("Two Democratic senators backed the death penalty bill on Monday.", ["group-two-democratic-senators"]),
    ("Two Republican lawmakers backed the death penalty bill on Monday.", ["group-two-republican-lawmakers"]),
    ("Three Republican senators backed the death penalty bill on Monday.", ["group-three-republican-senators"]),
])
def test_resolve_a_lede_count_stands_for_the_people_named_next(domain, lede, holders):
    """"Two Republican senators backed …" then "Sen. Ann Cole (R-Ely) and Sen. Lee Park (R-Ely)" gives
    each of the two the stance, and no group holds it; a count that does not fit keeps its group."""
    text = (f"{lede}\n\nThe bill was written by Sen. Ann Cole (R-Ely) and Sen. Lee Park (R-Ely).\n\n"
            "“They should face the ultimate penalty,” Cole said.")
    corpus = build_documents([doc(text)]).corpus
    backed = sorted({s.holder for s in corpus.stances if s.cue == "backed"})
    assert backed == holders


@pytest.mark.parametrize("text,expected", [
    ("a speech Monday", dt.date(2018, 3, 19)),
    ("made public Wednesday", dt.date(2018, 3, 21)),
    ("said yesterday", dt.date(2018, 3, 20)),
    ("last week", None),
])
def test_resolve_date_relative_to_document(text, expected):
    assert resolve_date(text, dt.date(2018, 3, 21))[0] == expected


@pytest.mark.parametrize("text,speakers", [
    ("A senior Justice Department official described the plan.\n\n“Nobody treats these as routine cases here,” "
     "the official said.", ["the official"]),
    ("Circuit Public Defender Owen Vale said his office could not absorb the extra work this year.\n\n“We have four lawyers who can try such a case,” Vale said.", ["Vale"]),
    ("In a follow-up interview with the Tribune on Monday, he said “the provision is plainly unconstitutional today.”", ["he"]),
])
def test_statements_speaker_forms(domain, text, speakers):
    parsed = parse(doc(text))
    found = statements.extract(parsed, domain, actors.extract(parsed, domain))
    assert [s.speaker_mention.text for s in found] == speakers


def test_actors_party_without_parentheses_is_not_a_name(domain):
    found = actors.extract(parse(doc("Rep. Ann Lutz, R-Bowling Green, defended the bill.")), domain)
    assert [m.name for m in found if m.kind == "Person"] == ["Ann Lutz"]


@pytest.mark.parametrize("text,labels", [
    ("The death penalty case was brought as murder in furtherance of a continuing criminal enterprise.",
     ["murder committed as part of a continuing criminal enterprise"]),
    ("Senators unveiled the Fentanyl Dealer Accountability Act to expand the death penalty.",
     ["Fentanyl Dealer Accountability Act"]),
    ("The death penalty count rests on KRS 532.025, the state's aggravator list.", ["KRS 532.025"]),
    ("The death penalty count was filed under Title 21, Section 848 and under 21 U.S.C. 848(e).",
     ["21 U.S.C. § 848", "murder committed as part of a continuing criminal enterprise"]),
])
def test_provisions_strong_cues_acts_and_codes(domain, text, labels):
    assert [p.label for p in provisions.extract(parse(doc(text)), domain)] == labels


def test_objections_ignore_unrelated_topics(domain):
    text = ("The city council passed a curfew ordinance on Tuesday.\n\n"
            "“We will spend a fortune stopping kids for walking home,” Councilman Ed Ruiz said.\n\n"
            "Separately, prosecutors said they would seek the death penalty against a dealer.")
    parsed = parse(doc(text))
    found_actors = actors.extract(parsed, domain)
    assert objections.extract(parsed, domain, found_actors, statements.extract(parsed, domain, found_actors)) == []
