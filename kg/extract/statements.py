"""Statements: quotations with the mention of their speaker, medium, date and place.

Who a quote is from comes from the attribution rules of the grammar (``ontology/grammar/attribution.yaml``):
a speaker and a verb of saying right after the quote (``,” said X``, ``,” she wrote``), right before it
(``X tweeted: “…”``) or earlier in its sentence (``X said the law would “…”``). Then the conventions
of the annotation specification:

- consecutive quoted segments of one paragraph with a single attribution are one statement
  (``“A,” she said. “B.”``); a segment with an attribution of its own starts another;
- a quote without an attribution belongs to the speaker of the quote before it in its paragraph, or
  to the speaker whose quote ended the paragraph before (a speaker who goes on talking);
- a quotation of fewer than five words is a statement only when it is a whole utterance set right
  next to its attribution (``“no more drug war!” chanted …``); scare quotes and labels are not.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from kg.domain import Domain
from kg.extract.text import MentionIndex, Parsed, Quote, resolve_date, sentence_subject
from kg.grammar import Match
from kg.models import ActorMention, Mention, Statement
from kg.phrases import Phrases, phrase_pattern

MIN_WORDS = 5
_BRACKETS = re.compile(r"\[[^\[\]]{1,80}\]")
_WORD = re.compile(r"[\w’'-]+")
_ADJACENT = re.compile(r"[\s,—–-]*")
_LEAD_IN = re.compile(r"[\s,:—–-]*")
_LEAD_INS = {"punctuated": re.compile(r"[,:]"), "colon": re.compile(":")}
"""What the words between a rule's match and its quote must hold, by the rule's ``lead-in``."""
_ENDS_UTTERANCE = re.compile(r"[.,!?…]\W*$")


@dataclass(frozen=True)
class _Lexicon:
    """The domain's media cues compiled into patterns, once per domain."""

    media: tuple[tuple[str, Phrases | None], ...]
    medium_patterns: dict[str, Phrases | None]
    any_medium: Phrases | None
    places: Phrases | None
    clause_openers: Phrases | None


@lru_cache(maxsize=8)
def _lexicon(domain: Domain) -> _Lexicon:
    media = tuple((code, phrase_pattern(cues)) for code, cues in domain.medium_cues)
    return _Lexicon(media=media, medium_patterns=dict(media),
                    any_medium=phrase_pattern(cue for _, cues in domain.medium_cues for cue in cues),
                    places=phrase_pattern(domain.places, case_sensitive=True),
                    clause_openers=phrase_pattern(domain.grammar.set("reported-clause-opener")))


@dataclass(frozen=True)
class _Attribution:
    """A speaker mention found for a quote by ``match``, on its ``side``: ``after`` or ``before`` it, right
    next to it, in the ``next`` sentence after a quote that ends its own, or earlier in its ``clause``
    or the sentence before."""

    speaker: Mention
    match: Match
    side: str

    @property
    def adjacent(self) -> bool:
        return self.side in ("after", "before", "next")


def extract(parsed: Parsed, domain: Domain, actors: list[ActorMention]) -> list[Statement]:
    """The document's statements, in text order."""
    matches = parsed.matches(domain.grammar, "attribution")
    near = _ByStart(matches)
    speakers = MentionIndex(actors)
    documents = {a.mention.start for a in actors if a.rule == "document-reference"}
    quotes = tuple(q for q in parsed.quotes if not _in_parentheses(parsed.prose, q))
    openers = _lexicon(domain).clause_openers
    found = [_by_author(parsed, _attribution(parsed, quote, near, speakers, openers), matches, speakers, documents)
             for quote in quotes]
    reported = [_reported_before(parsed, quote, near, speakers) for quote in quotes]
    # A quote right after an "X said …" sentence is X's rather than the speaker of the sentence after it.
    found = [r if f is not None and f.side == "next" and r is not None else f for f, r in zip(found, reported)]
    groups = _group(parsed, quotes, found, reported)
    lexicon = _lexicon(domain)
    events: dict[str, tuple | None] = {}
    statements = []
    for members, attribution in groups:
        if attribution is None or not _is_statement(parsed, [quotes[i] for i in members], attribution):
            continue
        statements.append(_statement(parsed, domain, [quotes[i] for i in members], attribution, lexicon, events))
    return statements


def _in_parentheses(text: str, quote: Quote) -> bool:
    """A quote inside parentheses is a gloss (quoted statutory language, a listed term), not speech."""
    before = text.rfind("(", 0, quote.start)
    return before >= 0 and ")" not in text[before:quote.start] and "\n" not in text[before:quote.start] \
        and ")" in text[quote.end:text.find("\n", quote.end) if "\n" in text[quote.end:] else len(text)]


class _ByStart:
    """Matches in text order, for those starting inside a window without scanning them all (a quote
    looks only near itself, so an article of many quotes costs time in proportion to them)."""

    def __init__(self, matches: list[Match]) -> None:
        self.matches = matches
        self.starts = [m.start for m in matches]

    def starting(self, low: int, high: int) -> list[Match]:
        return self.matches[bisect_left(self.starts, low):bisect_right(self.starts, high)]


def _attribution(parsed: Parsed, quote: Quote, near: _ByStart, speakers: MentionIndex,
                 openers: Phrases | None) -> _Attribution | None:
    """The attribution of one quote: after it, else before it, else earlier in its sentence. Only
    matches from the sentence before the quote's to the words right after it can attribute it: one
    before it ends where the quote begins, but for punctuation, and one after it begins where it ends."""
    text = parsed.prose
    sentence = parsed.sentence_at(quote.start)
    paragraph = parsed.paragraph_at(quote.start)
    last_paragraph = parsed.paragraph_at(quote.end - 1)
    low = parsed.sentence_at(sentence[0] - 1)[0] if sentence[0] > 0 else 0
    found: dict[str, list[Match]] = {"after": [], "before": [], "clause": [], "next": []}
    for match in near.starting(min(low, sentence[0]), _ADJACENT.match(text, quote.end).end()):
        anchors = _anchors(match)
        # An after rule may begin with the quote's closing mark.
        if "after" in anchors and match.start >= quote.end - quote.closed \
                and _ADJACENT.fullmatch(text, quote.end, max(quote.end, match.start)) \
                and match.end <= last_paragraph[1] and not _reports_anew(parsed, quote, match, openers):
            found["next" if _ends_sentence(parsed, quote, match) else "after"].append(match)
        if "before" in anchors and match.end <= quote.start and _LEAD_IN.fullmatch(text, match.end, quote.start) \
                and match.start >= paragraph[0] \
                and _LEAD_INS.get(match.rule.get("lead-in"), _LEAD_IN).search(text, match.end, quote.start):
            found["before"].append(match)
        if "clause" in anchors and sentence[0] <= match.start and match.end <= quote.start:
            found["clause"].append(match)
    # Nearest first after the quote; before it, the match reaching furthest back; in its clause, the
    # last verb of saying, with the longest match for it (the one that runs over an appositive to
    # its speaker: "X, director of Y, wrote"); last, a sentence after a quote that ends its own
    # ("“We will fight.” Ann Lee said Tuesday."). The first whose speaker is an actor wins.
    found["clause"].sort(key=lambda m: (-_verb_start(m), m.start))
    for side in ("after", "before", "clause", "next"):
        for match in found[side]:
            speaker = _speaker(parsed, match, speakers)
            if speaker is not None:
                return _Attribution(speaker, match, side)
    return None


def _by_author(parsed: Parsed, attribution: _Attribution | None, matches: list[Match], speakers: MentionIndex,
               documents: set[int]) -> _Attribution | None:
    """A document's words are its author's, when the author is named with a document in the same
    paragraph or the one before (``a letter signed by X … the letter reads``), else the document's."""
    if attribution is None or attribution.speaker.start not in documents:
        return attribution
    verb = _verb_start(attribution.match)
    paragraphs = parsed.paragraphs
    here = parsed.paragraph_at(attribution.speaker.start)
    index = paragraphs.index(here) if here in paragraphs else 0
    earliest = paragraphs[max(0, index - 1)][0] if paragraphs else 0
    authors = [m for m in matches if "author" in _anchors(m) and earliest <= m.start and m.end <= verb]
    for match in reversed(authors):
        speaker = _speaker(parsed, match, speakers)
        if speaker is not None:
            return _Attribution(speaker, attribution.match, attribution.side)
    return attribution


def _anchors(match: Match) -> tuple[str, ...]:
    """Where a rule's matches may stand for a quote: one anchor or a list of them."""
    anchor = match.rule.get("anchor")
    return tuple(anchor) if isinstance(anchor, (list, tuple)) else (anchor,)


def _verb_start(match: Match) -> int:
    return (match.span("verb") or (match.start, match.end))[0]


def _ends_sentence(parsed: Parsed, quote: Quote, match: Match) -> bool:
    """Whether a quote closed by a full stop ends its sentence before an attribution after it."""
    return parsed.prose[quote.inner_start:quote.inner_end].rstrip().endswith(".") \
        and parsed.sentence_at(match.end - 1) != parsed.sentence_at(quote.inner_end - 1)


def _reports_anew(parsed: Parsed, quote: Quote, match: Match, openers: Phrases | None) -> bool:
    """Whether the sentence after a quote closed by a full stop reports a clause of its own (``…
    crisis.” Sen. Bo Park said it …``, ``said the …``): it attributes what follows, not the quote.
    ``“We will fight.” Ann Lee said Tuesday.`` still attributes it."""
    if not _ends_sentence(parsed, quote, match):
        return False
    sentence = parsed.sentence_at(match.end - 1)
    return any(not parsed.prose[match.end:m.start()].strip() for m in parsed.find(openers, match.end, sentence[1]))


def _speaker(parsed: Parsed, match: Match, speakers: MentionIndex) -> Mention | None:
    """The speaker an attribution match names: its ``speaker`` capture, or the subject of its verb."""
    if match.rule.get("speaker") == "subject":
        found = sentence_subject(parsed, speakers, parsed.sentence_at(match.start)[0], match.start)
        speaker = found.mention if found else None
    else:
        span = match.span("speaker")
        inside = speakers.between(*span) if span else []
        speaker = inside[0].mention if inside else None
    return None if speaker is None or parsed.quote_at(speaker.start) else speaker


def _reported_before(parsed: Parsed, quote: Quote, near: _ByStart,
                     speakers: MentionIndex) -> _Attribution | None:
    """The speaker of reported speech in the sentence right before a quote, in its paragraph
    (``X said the bill was flawed. “It will fill our prisons.”``), or ending the paragraph before one
    the quote opens (``X said the bill was flawed.¶“It will fill our prisons.”``): whose the quote is
    when nothing attributes it and no quote before it holds it."""
    paragraph = parsed.paragraph_at(quote.start)
    here = parsed.sentence_at(quote.start)
    previous = next((s for s in reversed(parsed.sentences) if s[1] <= here[0]), None)
    if previous is None:
        return None
    if previous[0] < paragraph[0]:
        before = parsed.paragraph_at(previous[0])
        if parsed.prose[paragraph[0]:quote.start].strip() \
                or any(before[0] <= q.start < before[1] for q in parsed.quotes):
            return None
    for match in near.starting(previous[0], previous[1]):
        if "clause" in _anchors(match) and match.end <= previous[1] \
                and not parsed.quote_at(match.start):
            speaker = _speaker(parsed, match, speakers)
            if speaker is not None:
                return _Attribution(speaker, match, "clause")
    return None


def _group(parsed: Parsed, quotes: tuple[Quote, ...], found: list[_Attribution | None],
           reported: list[_Attribution | None]) -> list[tuple[list[int], _Attribution | None]]:
    """Quotes grouped into statements, each group with its attribution.

    In a paragraph, a quote without an attribution joins the group before it; one with its own
    attribution joins it only when that group has none yet (the attribution after a second segment:
    ``“A.” “B,” she said.``). An unattributed quote that does not join one is the speaker's of the
    reported speech right before it (``reported``). A paragraph that opens with an unattributed quote
    continues the speaker of the quote that closed the paragraph before.
    """
    groups: list[tuple[list[int], _Attribution | None]] = []
    previous_paragraph: tuple[int, int] | None = None
    for index, quote in enumerate(quotes):
        paragraph = parsed.paragraph_at(quote.start)
        attribution = found[index]
        same_paragraph = paragraph == previous_paragraph and groups
        if same_paragraph and (attribution is None or groups[-1][1] is None
                               or _same_match(attribution, groups[-1][1])) \
                and not _narrative_between(parsed, quotes[groups[-1][0][-1]], quote, groups[-1][1]):
            members, held = groups[-1]
            groups[-1] = ([*members, index], held or attribution)
        elif attribution is None and reported[index] is not None:
            groups.append(([index], reported[index]))
        elif same_paragraph and attribution is None:
            groups.append(([index], groups[-1][1]))
        elif attribution is None and groups and _continues(parsed, quotes[groups[-1][0][-1]], quote):
            groups.append(([index], groups[-1][1]))
        else:
            groups.append(([index], attribution))
        previous_paragraph = parsed.paragraph_at(quote.end - 1)
    return groups


def _same_match(one: _Attribution, other: _Attribution | None) -> bool:
    """One attribution for both quotes, found by two rules or on two sides: ``“The law,” she said, “is
    cruel.”``."""
    return other is not None and one.speaker == other.speaker and _verb_start(one.match) == _verb_start(other.match)


def _narrative_between(parsed: Parsed, earlier: Quote, later: Quote, attribution: _Attribution | None) -> bool:
    """Whether a sentence other than the attribution's stands between two quotes of a paragraph: the
    later quote then makes a statement of its own."""
    held = parsed.sentence_at(_verb_start(attribution.match)) if attribution is not None else None
    for start, end in parsed.sentences:
        if start >= later.start:
            break
        if end > earlier.end and (start, end) != held and _WORD.search(parsed.prose, max(start, earlier.end),
                                                                      min(end, later.start)) \
                and not parsed.quote_at(start):
            return True
    return False


def _continues(parsed: Parsed, earlier: Quote, later: Quote) -> bool:
    """The later quote opens the paragraph right after the one whose last sentence holds the earlier
    quote (``“A,” she said.`` then a paragraph ``“B.”``): the speaker goes on talking."""
    paragraphs = parsed.paragraphs
    here = parsed.paragraph_at(later.start)
    index = paragraphs.index(here) if here in paragraphs else 0
    if index == 0 or later.start != here[0]:
        return False
    before = paragraphs[index - 1]
    return before[0] <= earlier.end <= before[1] \
        and not any(earlier.end <= start < before[1] for start, _ in parsed.sentences)


def _is_statement(parsed: Parsed, members: list[Quote], attribution: _Attribution) -> bool:
    """Five words or more, or a whole short utterance right next to its attribution: one that opens its
    sentence (``“Not enough,” she said``) or is what the verb before it says (``he said, “Absolutely
    not.”``); a fragment carried by the sentence around it (``the bill “ensures the status quo,”
    they claimed``) is a scare quote or a label."""
    inner = " ".join(parsed.prose[q.inner_start:q.inner_end] for q in members).strip()
    if _is_title(inner):
        return False
    if len(_WORD.findall(inner)) >= MIN_WORDS:
        return True
    opens = not _WORD.search(parsed.prose, parsed.sentence_at(members[0].start)[0], members[0].start)
    return attribution.adjacent and bool(_ENDS_UTTERANCE.search(inner)) \
        and (opens or attribution.side == "before")


def _is_title(inner: str) -> bool:
    """A name in title case, not words said: a bill's or a campaign's name ("Stop the Dealers Act",
    "Just Say No"), its words capitalised save short ones, with no sentence inside (a full stop or
    comma may close it: American style sets them inside the marks)."""
    words = _WORD.findall(inner)
    capitalised = [w for w in words if w[:1].isupper()]
    return len(capitalised) >= 2 and not re.search(r"[!?]|\.\s", inner.rstrip(" .,;:")) \
        and all(w[:1].isupper() or (w.islower() and len(w) <= 4) for w in words)


def _statement(parsed: Parsed, domain: Domain, members: list[Quote], attribution: _Attribution,
               lexicon: _Lexicon, events: dict) -> Statement:
    text = parsed.prose
    segments = []
    for quote in members:
        inner = text[quote.inner_start:quote.inner_end]
        start = quote.inner_start + len(inner) - len(inner.lstrip())
        segments.append(Mention(start, start + len(inner.strip()), inner.strip()))
    first, last = segments[0], segments[-1]
    mention = Mention(first.start, last.end, text[first.start:last.end])
    match = attribution.match
    verb_span = match.span("verb")
    verb = text[verb_span[0]:verb_span[1]].lower() if verb_span else None
    window = (min(match.start, first.start), max(match.end, last.end))
    sentence = parsed.sentence_at(_verb_start(match))
    around = text[min(sentence[0], window[0]):max(sentence[1], window[1])]
    medium = _medium(lexicon, around) or (dict(domain.verb_media).get(verb) if verb else None)
    date, _ = resolve_date(around, parsed.document.date)
    place = _place(parsed, lexicon, min(sentence[0], window[0]), max(sentence[1], window[1]))
    if medium and not (date and place):
        if medium not in events:
            events[medium] = _event(parsed, lexicon, medium)
        if events[medium]:
            date = date or events[medium][0]
            place = place or events[medium][1]
    alterations = tuple(Mention(s.start + m.start(), s.start + m.end(), m.group(0))
                        for s in segments for m in _BRACKETS.finditer(s.text))
    partial = first.text.lstrip(" [")[:1].islower()
    return Statement(parsed.document.id, mention, attribution.speaker, kind="partial" if partial else "direct",
                     medium=medium, date=date, place=place, alterations=alterations, cue=verb,
                     segments=tuple(segments) if len(segments) > 1 else (),
                     rule=match.rule.name, confidence=match.rule.confidence)


def _place(parsed: Parsed, lexicon: _Lexicon, start: int, end: int) -> str | None:
    text = parsed.prose
    return next((p.group(0) for p in parsed.find(lexicon.places, start, end)
                 if text[max(0, p.start() - 3):p.start()] == "in "), None)


def _event(parsed: Parsed, lexicon: _Lexicon, medium: str) -> tuple | None:
    """The date and place the narrative gives a medium ("a speech Monday in X"): from the first
    sentence whose first cue of the medium outside quotes is followed by either."""
    text = parsed.prose
    tried: set[tuple[int, int]] = set()
    for match in parsed.find(lexicon.medium_patterns.get(medium)):
        sentence = parsed.sentence_of(match)
        if sentence is None or sentence in tried or parsed.quote_at(match.start()):
            continue
        tried.add(sentence)
        end = min(sentence[1], match.end() + 60)
        date, _ = resolve_date(text[match.start():end], parsed.document.date)
        place = _place(parsed, lexicon, match.end(), end)
        if date or place:
            return date, place
    return None


def _medium(lexicon: _Lexicon, text: str) -> str | None:
    """The first medium (in the domain's order) with a cue in ``text``."""
    if lexicon.any_medium is None or not lexicon.any_medium.search(text):
        return None
    return next((code for code, pattern in lexicon.media if pattern is not None and pattern.search(text)), None)
