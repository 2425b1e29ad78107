"""Statements as tables of invented text: quotes found, grouped into statements and attributed to
the speaker the annotation conventions give (the real set's README, "Statements"), through the whole
pipeline so that pronouns and title references are resolved."""
from __future__ import annotations

import pytest

from kg.domain import load_domain
from kg.extract.text import parse
from kg.models import Document
from corpora import corpus_of


@pytest.fixture(scope="module")
def domain():
    return load_domain()


def _statements(domain, text: str) -> list[tuple[str, str]]:
    """(speaker name, words quoted) of each statement, in text order."""
    corpus = corpus_of([Document(id="case", text=text, source="case.txt")], domain)
    names = {actor.key: actor.name for actor in corpus.actors}
    return [(names[s.speaker], s.text) for s in sorted(corpus.statements, key=lambda s: s.mention.start)]


def _speakers(domain, text: str) -> list[str]:
    return [speaker for speaker, _ in _statements(domain, text)]


@pytest.mark.parametrize("text,speakers", [
    # Segments of one paragraph with one attribution are one statement, however it is placed.
    ("“The bill is cruel,” Rep. Ann Ruiz said. “It will not deter a single dealer.”", ["Ann Ruiz"]),
    ("“The bill is cruel,” said Rep. Ann Ruiz. “It will not deter a single dealer.”", ["Ann Ruiz"]),
    ("“The bill is cruel,” Rep. Ann Ruiz told the crowd at a rally. “It will not deter a single dealer.”",
     ["Ann Ruiz"]),
    ("“The bill is cruel.” “It will not deter a single dealer,” Rep. Ann Ruiz said.", ["Ann Ruiz"]),
    ("“The law,” Rep. Ann Ruiz said, “is cruel and unusual in every single case.”", ["Ann Ruiz"]),
    ("Rep. Ann Ruiz said the bill is “cruel and unusual” and “will not deter a single dealer.”", ["Ann Ruiz"]),
    ('"The bill is cruel," Rep. Ann Ruiz said. "It will not deter a single dealer."', ["Ann Ruiz"]),
    ("“The bill is cruel,” Rep. Ann Ruiz wrote. “[I]t will not deter a single dealer.”", ["Ann Ruiz"]),
    # A second attribution in the paragraph makes a second statement.
    ("“The bill is cruel,” Rep. Ann Ruiz said. “It will save lives,” Sen. Bo Park replied.",
     ["Ann Ruiz", "Bo Park"]),
    ("Rep. Ann Ruiz called the bill “a cruel answer to a public health crisis.” Sen. Bo Park said it "
     "“will save lives in every county.”", ["Ann Ruiz", "Bo Park"]),
])
def test_segments_with_one_attribution_are_one_statement(domain, text, speakers):
    assert _speakers(domain, text) == speakers


def test_a_merged_statement_keeps_every_segment(domain):
    text = "“The bill is cruel,” Rep. Ann Ruiz said. “It will not deter a single dealer.”"
    assert _statements(domain, text) == [("Ann Ruiz", "The bill is cruel, … It will not deter a single dealer.")]


@pytest.mark.parametrize("text,speakers", [
    # A quote right after an "X said …" sentence of its paragraph is X's.
    ("Rep. Ann Ruiz said the bill was a mistake. “It will fill our prisons and save no one.”", ["Ann Ruiz"]),
    ("Rep. Ann Ruiz told reporters the bill was a mistake. “It will fill our prisons and save no one.”",
     ["Ann Ruiz"]),
    # ... but not after a sentence in between that reports nobody's speech.
    ("Rep. Ann Ruiz said the bill was a mistake. The vote is Monday. “It will fill our prisons and save no one.”",
     []),
    # A paragraph that opens with an unattributed quote goes on with the speaker of the paragraph before.
    ("“The bill is cruel,” Rep. Ann Ruiz said.\n\n“It will fill our prisons and save no one at all.”",
     ["Ann Ruiz", "Ann Ruiz"]),
    ("Rep. Ann Ruiz said: “The bill is cruel and it will not deter anyone.”\n\n“It will fill our prisons.”",
     ["Ann Ruiz", "Ann Ruiz"]),
    # A paragraph that is only a quote, after a paragraph that ends by reporting someone's speech.
    ("Rep. Ann Ruiz said the bill would scare people away from calling 911.\n\n"
     "“When someone is overdosing, the person next to them has seconds to decide.”", ["Ann Ruiz"]),
    # ... unless the paragraph before went on past the quote.
    ("“The bill is cruel,” Rep. Ann Ruiz said. The vote is Monday.\n\n“It will fill our prisons and save no one.”",
     ["Ann Ruiz"]),
    # A quote left open at a paragraph's end runs on into the next; its attribution may come there.
    ("“The bill is cruel and it will not deter anyone.\n\n“It will fill our prisons,” Rep. Ann Ruiz said.",
     ["Ann Ruiz"]),
])
def test_quotes_without_their_own_attribution(domain, text, speakers):
    assert _speakers(domain, text) == speakers


@pytest.mark.parametrize("text,speakers", [
    ("Rep. Ann Ruiz, a Democrat, told reporters after the vote: “This bill sends the wrong message.”",
     ["Ann Ruiz"]),
    ("Rep. Ann Ruiz said in a statement Tuesday, “This bill sends the wrong message to families.”", ["Ann Ruiz"]),
    ("In a statement, Rep. Ann Ruiz said: “This bill sends the wrong message to families.”", ["Ann Ruiz"]),
    ("“This bill sends the wrong message to families,” Rep. Ann Ruiz said in a statement.", ["Ann Ruiz"]),
    ("“This bill sends the wrong message,” asked state Rep. and former prosecutor Ann Ruiz, R-Ely, on Monday.",
     ["Ann Ruiz"]),
    ("“This bill sends the wrong message to families,” according to a report by the Halden Justice Institute.",
     ["Halden Justice Institute"]),
    ("The governor got a letter Friday. The letter reads, in part: “We ask you to halt every execution now.”",
     ["The letter"]),
    # A document's words are its author's when the article names the author with it.
    ("Attorney General Ann Ruiz sent a memo to prosecutors.\n\n“Seek the death penalty in every eligible case,” "
     "the memo said.", ["Ann Ruiz"]),
    ("The letter, signed by Rep. Ann Ruiz, went out Friday. The letter reads: “We ask you to halt every execution.”",
     ["Ann Ruiz"]),
    ("“We ask you to halt every execution now,” Rep. Ann Ruiz’s letter said.", ["Ann Ruiz"]),
])
def test_attribution_shapes(domain, text, speakers):
    assert _speakers(domain, text) == speakers


@pytest.mark.parametrize("text,speakers", [
    ("Sen. Ann Ruiz tweeted: “It will fill our prisons and save no one at all.”", ["Ann Ruiz"]),
    ("Sen. Ann Ruiz wrote on X: “It will fill our prisons and save no one at all.”", ["Ann Ruiz"]),
    ("“It will fill our prisons and save no one at all,” Sen. Ann Ruiz posted on Facebook.", ["Ann Ruiz"]),
    ("In a post on X, Sen. Ann Ruiz wrote: “It will fill our prisons and save no one at all.”", ["Ann Ruiz"]),
    ("Sen. Ann Ruiz wrote on Twitter that the bill “will fill our prisons and save no one at all.”", ["Ann Ruiz"]),
])
def test_tweets_and_posts_are_statements(domain, text, speakers):
    assert _speakers(domain, text) == speakers


@pytest.mark.parametrize("text,speakers", [
    # Under five words: a whole utterance next to its attribution is a statement ...
    ("Asked whether he would sign it, Gov. Tom Reed said, “Absolutely not.”", ["Tom Reed"]),
    ("“Aren’t we a pro-life state?” Rep. Ann Ruiz asked.", ["Ann Ruiz"]),
    ("“Not nearly enough,” the Harbor Justice Fund said of the moratorium.", ["Harbor Justice Fund"]),
    # ... a scare quote or a label is not, nor are quoted statutory words and names of bills.
    ("Rep. Ann Ruiz called the bill “cruel and unusual.”", []),
    ("The new law “changes nothing at all,” defense lawyers claimed.", []),
    ("The bill, known as the “Stop the Dealers Act,” passed Tuesday.", []),
    ("Rep. Ann Ruiz called it the “Child Predator Death Penalty Act of the State of Ohio.”", []),
    ("The law covers anyone who “knowingly distributes a controlled substance resulting in death.”", []),
    # Five words or more of reported speech is a statement, partial or not.
    ("Rep. Ann Ruiz said the bill was “a cruel political stunt dressed up as public safety.”", ["Ann Ruiz"]),
])
def test_the_five_word_rule(domain, text, speakers):
    assert _speakers(domain, text) == speakers


@pytest.mark.parametrize("text,speakers", [
    ("Rep. Ann Ruiz voted against the bill.\n\n“It will fill our prisons and save no one at all,” she said.",
     ["Ann Ruiz"]),
    ("Sen. Ann Ruiz voted against the bill.\n\n“It will fill our prisons and save no one at all,” the senator said.",
     ["Ann Ruiz"]),
    # The subject of the last sentence naming someone, not the last person named in it ...
    ("Sen. Ann Ruiz criticized Gov. Tom Reed over the bill.\n\n“It will fill our prisons and save no one,” she said.",
     ["Ann Ruiz"]),
    ("Gov. Tom Reed signed the bill, which Sen. Ann Ruiz wrote. “It will save lives in every county,” he said.",
     ["Tom Reed"]),
    # ... nor one in a clause fronted before the subject.
    ("After meeting Gov. Tom Reed, Sen. Ann Ruiz spoke to reporters. “It will fill our prisons,” she said.",
     ["Ann Ruiz"]),
    # A name after a fronted clause is the subject, not someone named later in the sentence.
    ("In a 2003 case, Sen. Ann Ruiz voted against the bill, putting her at odds with her colleague, Kay Moss.\n\n"
     "“It will fill our prisons and save no one at all,” she said.", ["Ann Ruiz"]),
    # A title reference: the person it stands in apposition to, a person named later in a lede, or nobody named.
    ("Ann Ruiz, the attorney general, spoke Monday.\n\n“We will seek death in every eligible case,” the attorney "
     "general said.", ["Ann Ruiz"]),
    ("“Dealers are killers and should be treated as such,” the governor said Monday.\n\nGov. Tom Reed signed the "
     "bill in March.", ["Tom Reed"]),
    ("The bill was signed by the governor.\n\n“It will save lives in every county of the state,” the governor said.",
     ["the governor"]),
    # A speaker named between two segments of a quote is an antecedent like any other.
    ("Gov. Tom Reed signed the bill.\n\n“The bill is cruel,” Sen. Ann Ruiz said. “It will not deter anyone.”\n\n"
     "“We will fight it in every court in the state,” she said.", ["Ann Ruiz", "Ann Ruiz"]),
])
def test_pronouns_and_title_references(domain, text, speakers):
    assert _speakers(domain, text) == speakers


@pytest.mark.parametrize("text,sentences", [
    # The sentencizer ends a sentence after the mark that opens the next one; the mark goes with it.
    ("He spoke. “We will win.”", ["He spoke.", "“We will win.”"]),
    ("He spoke. ”We will win.”", ["He spoke.", "”We will win.”"]),
    ("He wrote. “[T]he law is clear.”", ["He wrote.", "“[T]he law is clear.”"]),
    ('He spoke. "We will win."', ["He spoke.", '"We will win."']),
])
def test_an_opening_mark_begins_its_sentence(text, sentences):
    parsed = parse(Document(id="case", text=text, source="case.txt"))
    assert [text[s:e] for s, e in parsed.sentences] == sentences


@pytest.mark.parametrize("text,speakers", [
    # After a quote closed by a full stop, a sentence that reports a clause of its own is not its attribution ...
    ("Sen. Bo Park spoke first. “This is a cruel answer to a public health crisis.” Rep. Ann Ruiz said it "
     "was the right call.", []),
    # ... but a sentence that only names the speaker is, even when it goes on to quote them again ...
    ("“This is a cruel answer to a public health crisis.” Rep. Ann Ruiz said Tuesday.", ["Ann Ruiz"]),
    ("“This is a cruel answer to a crisis.” Rep. Ann Ruiz said: “It will not deter a single dealer.”", ["Ann Ruiz"]),
    # ... and only when the quote has no attribution in its own sentence.
    ("Rep. Ann Ruiz said: “This is a cruel answer to a crisis.” Sen. Bo Park said in a statement. “It is the answer we need.”",
     ["Ann Ruiz", "Bo Park"]),
])
def test_the_sentence_after_a_full_stop(domain, text, speakers):
    assert _speakers(domain, text) == speakers


@pytest.mark.parametrize("text,speakers", [
    ('"We will not let this bill pass without a fight,” Rep. Ann Ruiz said.', ["Ann Ruiz"]),
    ("“We will not let this bill pass without a fight,\" Rep. Ann Ruiz said.", ["Ann Ruiz"]),
    ("”We will not let this bill pass without a fight,” Rep. Ann Ruiz said.", ["Ann Ruiz"]),
    ("“We will not let this bill pass without a fight,“ Rep. Ann Ruiz said.", ["Ann Ruiz"]),
    ("‘We will not let this bill pass without a fight,’ Rep. Ann Ruiz said. ‘The votes are not there.’", ["Ann Ruiz"]),
    # A quote never closed runs to the end of its paragraph.
    ("“We will not let this bill pass without a fight,” Rep. Ann Ruiz said. “The votes are not there", ["Ann Ruiz"]),
])
def test_quote_marks_of_any_shape(domain, text, speakers):
    assert _speakers(domain, text) == speakers


def test_a_quote_between_two_speakers_is_the_one_reported_before_it(domain):
    text = ("Rep. Ann Ruiz said Friday that the bill was wrong. “It will cost innocent lives in every county.” "
            "Sen. Bo Park said: “Executions do not make anyone safer.”")
    assert _speakers(domain, text) == ["Ann Ruiz", "Bo Park"]
