"""Objections to the policy: who objects, on which basis, invoking which court and precedents.

A sentence objects when it carries a basis cue from the lexicon and has an objector: the speaker of
the quote it sits in, the subject of a verb of saying before the cue ("X said there is no
evidence"), or the source of a backlash ("a backlash from reform groups who say ...").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from eyecite import get_citations
from eyecite.models import FullCaseCitation

from kg.domain import Domain
from kg.extract.text import Parsed, Phrases, alternation, asks, clause_subject, is_subject_candidate, phrase_pattern
from kg.models import ActorMention, Mention, Objection, Statement

_CASE_NAME = re.compile(r"\b([A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)*)\s+v\.\s+([A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)*)")
_VERSUS = re.compile(r"\sv\.\s")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class _Lexicon:
    """The domain's cues compiled into patterns, once per domain."""

    cues: tuple[tuple[str, Phrases | None], ...]
    verbs: Phrases | None
    policy: Phrases | None
    topic: Phrases | None
    reported: Phrases | None
    opposing: Phrases | None
    precedent_cues: tuple[Phrases | None, ...]
    source_after: Phrases | None
    """What names the source after what it says: "no evidence that it deters, according to Jo Lane"."""
    reaction_from: re.Pattern
    """A reaction and the "from" that names whose it is: "a sharp backlash this week from"."""


@lru_cache(maxsize=8)
def _lexicon(domain: Domain) -> _Lexicon:
    """Compiled once per domain (domains compare by identity): building a pattern sorts all its phrases."""
    return _Lexicon(
        cues=tuple((basis, phrase_pattern(phrases)) for basis, phrases in domain.basis_cues),
        verbs=phrase_pattern(domain.speech_verbs),
        policy=phrase_pattern(domain.policy_cues),
        topic=phrase_pattern(domain.policy_cues + domain.cues("stance-target")),
        reported=phrase_pattern(domain.cues("reported-view")),
        opposing=phrase_pattern([phrase for phrase, value in domain.stance_cues if value == "opposes"]),
        precedent_cues=tuple(phrase_pattern(p.cues) for p in domain.precedents),
        source_after=phrase_pattern(domain.cues("source-after")),
        reaction_from=re.compile(rf"(?i)\b{alternation(domain.cues('reaction-noun'))}\s+(?:\w+\s+){{0,2}}?from\s+"))


def extract(parsed: Parsed, domain: Domain, actors: list[ActorMention], statements: list[Statement]) -> list[Objection]:
    """At most one objection per objector mention and basis; ``resolve`` merges across mentions."""
    text = parsed.prose
    lexicon = _lexicon(domain)
    out: list[Objection] = []
    seen: set[tuple[int, str]] = set()
    if not _about_policy(parsed, lexicon.policy):
        return out
    first_cues = [(basis, _first_by_sentence(parsed, pattern)) for basis, pattern in lexicon.cues]
    for start, end in parsed.sentences:
        bases = _bases(parsed, (start, end), first_cues, domain)
        if not bases or not _on_topic(parsed, lexicon.topic, start):
            continue
        for basis, cue_start, cue in bases:
            if parsed.find(lexicon.reported, start, cue_start) and parsed.quote_at(cue_start):
                continue
            objector, statement = _objector(parsed, actors, statements, lexicon, start, end, cue_start)
            if objector is None or (objector.start, basis) in seen:
                continue
            seen.add((objector.start, basis))
            court, precedents, candidates = _authority(parsed, domain, lexicon, start, end) \
                if basis == "court-precedent" else (None, (), ())
            out.append(Objection(parsed.document.id, Mention(start, end, text[start:end]), basis, objector, court=court,
                                 precedents=precedents, candidate_precedents=candidates,
                                 statement=statement.mention if statement else None, cue=cue,
                                 rule=f"basis-cue-{'quote' if statement else 'reported'}",
                                 confidence=0.8 if statement else 0.7))
    return out


def _first_by_sentence(parsed: Parsed, pattern: Phrases | None) -> dict[tuple[int, int], re.Match]:
    """The first match of ``pattern`` lying wholly inside each sentence, from one pass over the
    document's matches rather than a search per sentence."""
    first: dict[tuple[int, int], re.Match] = {}
    for match in parsed.find(pattern):
        if sentence := parsed.sentence_of(match):
            first.setdefault(sentence, match)
    return first


def _bases(parsed: Parsed, sentence: tuple[int, int], cues, domain: Domain) -> list[tuple[str, int, str]]:
    """The first cue of each basis in the sentence, else a named precedent ("Coker v. Georgia"),
    searched for only where a " v. " stands: the case-name pattern is slow to try everywhere."""
    found = [(basis, match.start(), match.group(0)) for basis, first in cues if (match := first.get(sentence))]
    if not any(b == "court-precedent" for b, _, _ in found) and _VERSUS.search(parsed.prose, *sentence):
        case = _CASE_NAME.search(parsed.prose, *sentence)
        if case and any(p.name.split(" v. ")[0] in case.group(0) for p in domain.precedents):
            found.append(("court-precedent", case.start(), case.group(0)))
    return found


def _about_policy(parsed: Parsed, policy) -> bool:
    """The document speaks of the policy at all: an article about something else has no objections to it."""
    return bool(parsed.find(policy))


def _on_topic(parsed: Parsed, topic, offset: int) -> bool:
    """The sentence's paragraph or the one before it speaks of the policy or of a bill, plan or
    memo: an objection to a curfew in the same article is not an objection to the policy."""
    index = bisect.bisect_left(parsed.paragraphs, parsed.paragraph_at(offset))
    start = parsed.paragraphs[max(0, index - 1)][0]
    return bool(parsed.find(topic, start, parsed.paragraphs[index][1]))


def _objector(parsed: Parsed, actors, statements, lexicon: _Lexicon, start: int, end: int, cue: int):
    for statement in statements:
        if statement.mention.start <= cue < statement.mention.end:
            return statement.speaker_mention, statement
    text = parsed.prose
    if parsed.quote_at(cue):
        return None, None
    for match in lexicon.reaction_from.finditer(text, start, cue + 1):
        after = [a for a in actors if a.mention.start >= match.end() and a.mention.end <= end and not a.pronoun]
        if after and after[0].mention.start - match.end() <= 25:
            return after[0].mention, None
    for match in parsed.find(lexicon.source_after, cue, end):
        after = [a for a in actors if match.end() <= a.mention.start < end and not a.pronoun]
        if after and after[0].mention.start - match.end() <= 3:
            return after[0].mention, None
    said = [v for v in parsed.find(lexicon.verbs, start, cue) + parsed.find(lexicon.opposing, start, cue)
            if not parsed.quote_at(v.start())]
    said.sort(key=lambda v: v.start())
    if said:
        verb = said[-1]
        if asks(text, verb.end()):
            return None, None
        subject = [a for a in actors if start <= a.mention.start and a.mention.end <= verb.start()
                   and not parsed.quote_at(a.mention.start)
                   and is_subject_candidate(text, a.mention.start, a.mention.end)]
        if subject:
            return clause_subject(text, subject, verb.start()).mention, None
    return None, None


def _authority(parsed: Parsed, domain: Domain, lexicon: _Lexicon, start: int, end: int):
    """The court and precedents a court-precedent objection invokes: named cases and U.S. Reports
    citations link directly; a year or subject links when the domain data makes it unambiguous,
    else every fitting precedent becomes a candidate."""
    text = parsed.prose[start:end]
    named = [p.iri for p in domain.precedents if p.name.lower() in text.lower()]
    named += _cited(domain, text)
    if not named:
        named = [p.iri for p in domain.precedents if p.citation and p.citation in text]
    court = next((c.label for c in domain.courts if any(f in text for f in c.forms)), None)
    if named:
        precedents = tuple(sorted(set(named)))
        courts = {p.court for p in domain.precedents if p.iri in precedents}
        return court or (courts.pop() if len(courts) == 1 else None), precedents, ()
    years = set(_YEAR.findall(text))
    by_year = [p.iri for p in domain.precedents if p.year in years]
    if len(by_year) == 1:
        return court, tuple(by_year), ()
    fitting = sorted({p.iri for p, cues in zip(domain.precedents, lexicon.precedent_cues) if parsed.find(cues)})
    if len(fitting) == 1:
        return court, tuple(fitting), ()
    return court, (), tuple(fitting)


def _cited(domain: Domain, text: str) -> list[str]:
    """The precedents cited in ``text`` by a full case citation. Eyecite is slow, and a citation it
    finds is a piece of the text, so it only runs when some precedent's citation is written there."""
    if not any(p.citation and p.citation in text for p in domain.precedents):
        return []
    named = []
    for citation in get_citations(text):
        if isinstance(citation, FullCaseCitation):
            cited = citation.matched_text()
            named += [p.iri for p in domain.precedents if p.citation and p.citation in cited]
    return named
