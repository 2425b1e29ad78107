"""Statements: quotations with the mention of their speaker, medium, date and place.

A quote is attributed from the words around it: the attribution after it (``,” she said``,
``said X``), before it (``X said in a memo that … “…”``, ``according to X``), or, when a quote has
none, from the quote before it in the same paragraph (``“A,” she said. “B.”``) or the one after it.
"""
from __future__ import annotations

import bisect
import re

from kg.domain import Domain
from kg.extract.text import (MentionIndex, Parsed, Quote, clause_subject, is_subject_candidate,
                             phrase_pattern, resolve_date)
from kg.models import ActorMention, Mention, Statement

MIN_PARTIAL_WORDS = 5
_BRACKETS = re.compile(r"\[[^\[\]]{1,80}\]")


def extract(parsed: Parsed, domain: Domain, actors: list[ActorMention]) -> list[Statement]:
    """Quotes of at least five words, or shorter ones that stand as a whole attributed sentence."""
    verbs = phrase_pattern(domain.speech_verbs)
    according = re.compile(r"(?i)\baccording to\b")
    media = [(code, phrase_pattern(cues)) for code, cues in domain.medium_cues]
    verb_media = dict(domain.verb_media)
    places = phrase_pattern(domain.places, case_sensitive=True)
    speakers = MentionIndex(actors)
    events = _events(parsed, media, places)
    results: list[Statement | None] = []
    attributions: list[tuple[Mention | None, str | None, str]] = []
    for quote in parsed.quotes:
        inner = parsed.prose[quote.inner_start:quote.inner_end]
        words = len(re.findall(r"[\w’'-]+", inner))
        found = _attribution(parsed, quote, verbs, according, speakers)
        whole_sentence = inner.lstrip(" [")[:1].isupper() and re.search(r"[.,!?]\s*$", inner)
        if words < MIN_PARTIAL_WORDS and not (found[0] and words >= 2 and whole_sentence):
            results.append(None)
            attributions.append((None, None, ""))
            continue
        results.append(_statement(parsed, quote, found, media, verb_media, places, events))
        attributions.append(found)
    _fill_unattributed(parsed, results)
    return [s for s in results if s is not None and s.speaker_mention is not None]


def _window_after(parsed: Parsed, quote: Quote) -> tuple[int, int]:
    """From the end of the quote to the end of its sentence or the next quote."""
    end = parsed.sentence_at(max(quote.end - 1, 0))[1]
    end = max(end, quote.end)
    paragraph_end = parsed.paragraph_at(quote.end - 1)[1]
    end = min(max(end, _next_stop(parsed.prose, quote.end, paragraph_end)), paragraph_end)
    following = bisect.bisect_left([q.start for q in parsed.quotes], quote.end)
    if following < len(parsed.quotes):
        end = min(end, parsed.quotes[following].start)
    return quote.end, end


def _next_stop(text: str, start: int, limit: int) -> int:
    match = re.compile(r"[.!?;](?=\s|$)").search(text, start, limit)
    return match.end() if match else limit


def _window_before(parsed: Parsed, quote: Quote) -> tuple[int, int]:
    """From the start of the sentence (or the previous quote) to the start of the quote; for a quote
    opening its sentence, the sentence before it only when that ends with a colon."""
    start = parsed.sentence_at(quote.start)[0]
    ends = list(re.finditer(r"[.!?][”\"]?\s+", parsed.prose[start:quote.start]))
    if ends:
        start += ends[-1].end()
    if start == quote.start:
        if not parsed.prose[:quote.start].rstrip().endswith(":"):
            return quote.start, quote.start
        start = parsed.paragraph_at(quote.start)[0]
        sentence_starts = [s for s, _ in parsed.sentences if s < quote.start]
        if sentence_starts:
            start = max(start, sentence_starts[-1])
    for other in parsed.quotes:
        if start < other.end <= quote.start:
            start = other.end
    return start, quote.start


def _attribution(parsed: Parsed, quote: Quote, verbs, according, speakers) -> tuple[Mention | None, str | None, str]:
    """The speaker mention, the verb and where it was found ("after", "before")."""
    text = parsed.prose
    start, end = _window_after(parsed, quote)
    if text[quote.end - 2:quote.end - 1] in ".!?" and re.match(r"\s*[A-Z]", text[quote.end:end]) \
            and not re.match(r"\s*(?:said|says|added|wrote|told)\b", text[quote.end:end]) \
            and not _starts_with_speaker_verb(parsed, quote.end, end, speakers, verbs):
        start = end
    for verb in parsed.find(verbs, start, end):
        speaker = _subject(text, speakers, start, verb.start(), verb.end(), end, after_quote=True)
        if speaker:
            return speaker, verb.group(0).lower(), "after"
    start, end = _window_before(parsed, quote)
    clause = text[start:end]
    acc = according.search(clause)
    if acc:
        speaker = _first_in(speakers, start + acc.end(), end)
        if speaker:
            return speaker, "according to", "before"
    for verb in reversed(parsed.find(verbs, start, end)):
        speaker = _subject(text, speakers, start, verb.start(), verb.end(), end, after_quote=False)
        if speaker:
            return speaker, verb.group(0).lower(), "before"
    return None, None, ""


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
        gap = text[nearest.mention.end:verb_start]
        if after_quote or not re.search(r"[.!?]\s", gap):
            return nearest.mention
    after = speakers.between(verb_end, end)
    if after and not text[verb_end:after[0].mention.start].strip(" ,"):
        return after[0].mention
    return None


def _events(parsed: Parsed, media, places) -> dict[str, tuple]:
    """For each medium, the first date and place the narrative gives it ("a speech Monday in X")."""
    events: dict[str, tuple] = {}
    text = parsed.prose
    for start, end in parsed.sentences:
        for code, pattern in media:
            if code in events or pattern is None:
                continue
            for match in parsed.find(pattern, start, end):
                if parsed.quote_at(match.start()):
                    continue
                window = text[match.start():min(end, match.end() + 60)]
                date, _ = resolve_date(window, parsed.document.date)
                place = parsed.find(places, match.end(), min(end, match.end() + 60))
                place_name = next((p.group(0) for p in place if text[max(0, p.start() - 3):p.start()] == "in "), None)
                if date or place_name:
                    events[code] = (date, place_name)
                break
    return events


def _statement(parsed: Parsed, quote: Quote, found, media, verb_media, places, events) -> Statement:
    speaker, verb, side = found
    text = parsed.prose
    if side == "after":
        window = (quote.end, _window_after(parsed, quote)[1])
    elif side == "before":
        window = _window_before(parsed, quote)
    else:
        window = (quote.start, quote.start)
    around = text[window[0]:window[1]]
    medium = next((code for code, pattern in media if pattern is not None and pattern.search(around)), None)
    medium = medium or (verb_media.get(verb) if verb else None)
    date, _ = resolve_date(around, parsed.document.date)
    place = next((p.group(0) for p in parsed.find(places, *window)
                  if text[max(0, p.start() - 3):p.start()] == "in "), None)
    if medium in events:
        date = date or events[medium][0]
        place = place or events[medium][1]
    lead_in = re.split(r"[.!?]\s", text[max(parsed.paragraph_at(quote.start)[0], quote.start - 400):quote.start])[-1]
    first = text[quote.inner_start:quote.inner_end].lstrip(" [")[:1]
    partial = first.islower() or bool(re.search(r"\bthat\s*$", lead_in))
    inner = text[quote.inner_start:quote.inner_end]
    start = quote.inner_start + len(inner) - len(inner.lstrip())
    mention = Mention(start, start + len(inner.strip()), inner.strip())
    alterations = tuple(Mention(start + m.start(), start + m.end(), m.group(0))
                        for m in _BRACKETS.finditer(mention.text))
    return Statement(parsed.document.id, mention, speaker, kind="partial" if partial else "direct", medium=medium,
                     date=date, place=place, alterations=alterations, cue=verb,
                     rule=f"quote-attribution-{side}" if side else "quote-continuation",
                     confidence=0.9 if side else 0.7)


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
    index = parsed.paragraphs.index(paragraph)
    if index == 0:
        return False
    previous = parsed.paragraphs[index - 1]
    return previous[0] <= other.mention.start < previous[1] and parsed.prose[paragraph[0]] in "“\"”"
