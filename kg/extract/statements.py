"""Statements: quotations with the mention of their speaker, medium, date and place.

A quote is attributed from the words around it: the attribution after it (``,” she said``,
``said X``), before it (``X said in a memo that … “…”``, ``according to X``), or, when a quote has
none, from the quote before it in the same paragraph (``“A,” she said. “B.”``) or the one after it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from kg.domain import Domain
from kg.extract.text import (MentionIndex, Parsed, Phrases, clause_subject, is_subject_candidate,
                             phrase_pattern, resolve_date)
from kg.models import ActorMention, Mention, Statement

MIN_PARTIAL_WORDS = 5
_BRACKETS = re.compile(r"\[[^\[\]]{1,80}\]")
_WORD = re.compile(r"[\w’'-]+")
_ENDS_CLAUSE = re.compile(r"[.,!?]\s*$")
_STOP = re.compile(r"[.!?;](?=\s|$)")
_SENTENCE_END = re.compile(r"[.!?][”\"]?\s+")
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_ACCORDING = re.compile(r"(?i)\baccording to\b")
_CAPITAL = re.compile(r"\s*[A-Z]")
_SAID = re.compile(r"\s*(?:said|says|added|wrote|told)\b")
_INTRODUCED_BY_THAT = re.compile(r"\bthat\s*$")


@dataclass(frozen=True)
class _Lexicon:
    """The domain's cues compiled into patterns, once per domain."""

    verbs: Phrases | None
    media: tuple[tuple[str, Phrases | None], ...]
    medium_patterns: dict[str, Phrases | None]
    any_medium: Phrases | None
    places: Phrases | None


@lru_cache(maxsize=8)
def _lexicon(domain: Domain) -> _Lexicon:
    """Compiled once per domain (domains compare by identity): building a pattern sorts all its phrases."""
    media = tuple((code, phrase_pattern(cues)) for code, cues in domain.medium_cues)
    return _Lexicon(verbs=phrase_pattern(domain.speech_verbs), media=media, medium_patterns=dict(media),
                    any_medium=phrase_pattern(cue for _, cues in domain.medium_cues for cue in cues),
                    places=phrase_pattern(domain.places, case_sensitive=True))


class _Attribution(NamedTuple):
    """The speaker mention, the verb, where it was found ("after", "before", "") and the window of
    words it was found in."""

    speaker: Mention | None
    verb: str | None
    side: str
    window: tuple[int, int]


def extract(parsed: Parsed, domain: Domain, actors: list[ActorMention]) -> list[Statement]:
    """Quotes of at least five words, or shorter ones that stand as a whole attributed sentence."""
    lexicon = _lexicon(domain)
    verb_media = dict(domain.verb_media)
    speakers = MentionIndex(actors)
    events: dict[str, tuple | None] = {}
    results: list[Statement | None] = []
    for index, quote in enumerate(parsed.quotes):
        inner = parsed.prose[quote.inner_start:quote.inner_end]
        words = len(_WORD.findall(inner))
        found = _attribution(parsed, index, lexicon.verbs, speakers)
        whole_sentence = inner.lstrip(" [")[:1].isupper() and _ENDS_CLAUSE.search(inner)
        if words < MIN_PARTIAL_WORDS and not (found.speaker and words >= 2 and whole_sentence):
            results.append(None)
            continue
        results.append(_statement(parsed, index, found, lexicon, verb_media, events))
    _fill_unattributed(parsed, results)
    return [s for s in results if s is not None and s.speaker_mention is not None]


def _window_after(parsed: Parsed, index: int) -> tuple[int, int]:
    """From the end of the quote to the end of its sentence or the next quote."""
    quote = parsed.quotes[index]
    end = parsed.sentence_at(max(quote.end - 1, 0))[1]
    end = max(end, quote.end)
    paragraph_end = parsed.paragraph_at(quote.end - 1)[1]
    end = min(max(end, _next_stop(parsed.prose, quote.end, paragraph_end)), paragraph_end)
    if index + 1 < len(parsed.quotes):
        end = min(end, parsed.quotes[index + 1].start)
    return quote.end, end


def _next_stop(text: str, start: int, limit: int) -> int:
    match = _STOP.search(text, start, limit)
    return match.end() if match else limit


def _window_before(parsed: Parsed, index: int) -> tuple[int, int]:
    """From the start of the sentence (or the end of the previous quote: quotes are sorted and
    disjoint) to the start of the quote; for a quote opening its sentence, the sentence before it
    only when that ends with a colon."""
    quote = parsed.quotes[index]
    start = parsed.sentence_at(quote.start)[0]
    ends = list(_SENTENCE_END.finditer(parsed.prose, start, quote.start))
    if ends:
        start = ends[-1].end()
    if start == quote.start:
        if not parsed.prose[:quote.start].rstrip().endswith(":"):
            return quote.start, quote.start
        start = parsed.paragraph_at(quote.start)[0]
        earlier = bisect.bisect_left(parsed.sentences, (quote.start,))
        if earlier:
            start = max(start, parsed.sentences[earlier - 1][0])
    if index:
        start = max(start, parsed.quotes[index - 1].end)
    return start, quote.start


def _attribution(parsed: Parsed, index: int, verbs, speakers) -> _Attribution:
    """The attribution after the quote, else the one before it."""
    text = parsed.prose
    quote = parsed.quotes[index]
    start, end = after = _window_after(parsed, index)
    if text[quote.end - 2:quote.end - 1] in ".!?" and _CAPITAL.match(text, quote.end, end) \
            and not _SAID.match(text, quote.end, end) \
            and not _starts_with_speaker_verb(parsed, quote.end, end, speakers, verbs):
        start = end
    for verb in parsed.find(verbs, start, end):
        speaker = _subject(text, speakers, start, verb.start(), verb.end(), end, after_quote=True)
        if speaker:
            return _Attribution(speaker, verb.group(0).lower(), "after", after)
    start, end = before = _window_before(parsed, index)
    acc = _ACCORDING.search(text[start:end])
    if acc:
        speaker = _first_in(speakers, start + acc.end(), end)
        if speaker:
            return _Attribution(speaker, "according to", "before", before)
    for verb in reversed(parsed.find(verbs, start, end)):
        speaker = _subject(text, speakers, start, verb.start(), verb.end(), end, after_quote=False)
        if speaker:
            return _Attribution(speaker, verb.group(0).lower(), "before", before)
    return _Attribution(None, None, "", (quote.start, quote.start))


def _starts_with_speaker_verb(parsed: Parsed, start, end, speakers, verbs) -> bool:
    """``.” Sessions wrote.``: a new sentence that is itself the attribution."""
    first = _first_in(speakers, start, end)
    if first is None:
        return False
    following = parsed.find(verbs, first.end, min(end, first.end + 40))
    return bool(following) and not parsed.prose[first.end:following[0].start()].strip(" ,")[:1].isalpha()


def _first_in(speakers: MentionIndex, start: int, end: int) -> Mention | None:
    inside = speakers.between(start, end)
    return inside[0].mention if inside else None


def _subject(text, speakers, start, verb_start, verb_end, end, *, after_quote) -> Mention | None:
    """The actor saying: the first mention between the window start and the verb (skipping an
    appositive), or else the mention right after the verb (``said Jane Roe``)."""
    before = [a for a in speakers.between(start, verb_start)
              if is_subject_candidate(text, a.mention.start, a.mention.end)]
    if before:
        nearest = before[0] if after_quote else clause_subject(text, before, verb_start)
        if after_quote or not _SENTENCE_BREAK.search(text, nearest.mention.end, verb_start):
            return nearest.mention
    after = speakers.between(verb_end, end)
    if after and not text[verb_end:after[0].mention.start].strip(" ,"):
        return after[0].mention
    return None


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
        place = parsed.find(lexicon.places, match.end(), end)
        place_name = next((p.group(0) for p in place if text[max(0, p.start() - 3):p.start()] == "in "), None)
        if date or place_name:
            return date, place_name
    return None


def _statement(parsed: Parsed, index: int, found: _Attribution, lexicon: _Lexicon, verb_media, events) -> Statement:
    """The statement of a quote; a date or place its own words lack comes from the narrative's
    event for its medium, looked up in ``events`` (filled in as statements first need a medium)."""
    quote = parsed.quotes[index]
    speaker, verb, side, window = found
    text = parsed.prose
    around = text[window[0]:window[1]]
    medium = _medium(lexicon, around) or (verb_media.get(verb) if verb else None)
    date, _ = resolve_date(around, parsed.document.date)
    place = next((p.group(0) for p in parsed.find(lexicon.places, *window)
                  if text[max(0, p.start() - 3):p.start()] == "in "), None)
    if medium and not (date and place):
        if medium not in events:
            events[medium] = _event(parsed, lexicon, medium)
        if events[medium]:
            date = date or events[medium][0]
            place = place or events[medium][1]
    lead_in = text[max(parsed.paragraph_at(quote.start)[0], quote.start - 400):quote.start]
    first = text[quote.inner_start:quote.inner_end].lstrip(" [")[:1]
    partial = first.islower() or bool(_INTRODUCED_BY_THAT.search(lead_in))
    inner = text[quote.inner_start:quote.inner_end]
    start = quote.inner_start + len(inner) - len(inner.lstrip())
    mention = Mention(start, start + len(inner.strip()), inner.strip())
    alterations = tuple(Mention(start + m.start(), start + m.end(), m.group(0))
                        for m in _BRACKETS.finditer(mention.text))
    return Statement(parsed.document.id, mention, speaker, kind="partial" if partial else "direct", medium=medium,
                     date=date, place=place, alterations=alterations, cue=verb,
                     rule=f"quote-attribution-{side}" if side else "quote-continuation",
                     confidence=0.9 if side else 0.7)


def _medium(lexicon: _Lexicon, text: str) -> str | None:
    """The first medium (in the domain's order) with a cue in ``text``; most attributions have
    none, which one search for any cue tells."""
    if lexicon.any_medium is None or not lexicon.any_medium.search(text):
        return None
    return next((code for code, pattern in lexicon.media if pattern is not None and pattern.search(text)), None)


def _fill_unattributed(parsed: Parsed, results: list[Statement | None]) -> None:
    """A quote with no attribution of its own takes the speaker of the previous quote in the same
    paragraph, else of the next one there, else of the quote closing the previous paragraph."""
    for i, statement in enumerate(results):
        if statement is None or statement.speaker_mention is not None:
            continue
        paragraph = parsed.paragraph_at(statement.mention.start)
        source = None
        for j in range(i - 1, -1, -1):
            other = results[j]
            if other is not None and other.speaker_mention is not None:
                if other.mention.start >= paragraph[0] or _adjacent_paragraph(parsed, other, paragraph):
                    source = other
                break
        if source is None:
            for other in results[i + 1:]:
                if other is not None and other.speaker_mention is not None:
                    if other.mention.start < paragraph[1]:
                        source = other
                    break
        if source is not None:
            results[i] = Statement(
                statement.doc_id, statement.mention, source.speaker_mention, kind=statement.kind,
                medium=statement.medium or source.medium, date=statement.date or source.date,
                place=statement.place or source.place, alterations=statement.alterations, cue=source.cue,
                rule="quote-continuation", confidence=0.7)


def _adjacent_paragraph(parsed: Parsed, other: Statement, paragraph: tuple[int, int]) -> bool:
    """The other quote is in the paragraph right before this one, and this one opens with a quote:
    the news convention for a speaker who goes on talking."""
    index = bisect.bisect_left(parsed.paragraphs, paragraph)
    if index == 0:
        return False
    previous = parsed.paragraphs[index - 1]
    return previous[0] <= other.mention.start < previous[1] and parsed.prose[paragraph[0]] in "“\"”"
