"""Stances: who supports or opposes the policy.

From stance verbs in the narrative ("X instructed prosecutors to seek the death penalty", "a
backlash from reform groups"), from stance cues inside a speaker's quotes, and from objections whose
basis implies opposition (a cost worry alone does not).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.domain import Domain
from kg.extract.text import Parsed, Phrases, clause_subject, is_subject_candidate, phrase_pattern
from kg.models import ActorMention, Mention, Objection, Stance, Statement

_AFTER_CUES = ("backlash from", "opposition from", "pushback from", "criticism from")
_BY = re.compile(r"\s+by\b")


@dataclass(frozen=True)
class _Lexicon:
    """The domain's cues compiled into patterns, once per domain."""

    policy: Phrases | None
    negation: Phrases | None
    reversal: Phrases | None
    verbs: Phrases | None
    cues: Phrases | None
    values: dict[str, str]
    targets: Phrases | None


@lru_cache(maxsize=8)
def _lexicon(domain: Domain) -> _Lexicon:
    """Compiled once per domain (domains compare by identity): building a pattern sorts all its phrases.
    A matched cue's value is looked up by its lower-cased text, the first cue so spelled winning."""
    values: dict[str, str] = {}
    for cue, value in dict(domain.stance_cues).items():
        values.setdefault(cue.lower(), value)
    return _Lexicon(policy=phrase_pattern(domain.policy_cues), negation=phrase_pattern(domain.cues("negation")),
                    reversal=phrase_pattern(domain.cues("reversal")), verbs=phrase_pattern(domain.speech_verbs),
                    cues=phrase_pattern(dict(domain.stance_cues)), values=values,
                    targets=phrase_pattern(domain.cues("stance-target")))


def extract(parsed: Parsed, domain: Domain, actors: list[ActorMention], statements: list[Statement],
            objections: list[Objection]) -> list[Stance]:
    """A stance for each cue lying within a sentence, in text order, then for the objections whose
    basis implies opposition."""
    text = parsed.prose
    lexicon = _lexicon(domain)
    holders = [a for a in actors if a.kind]
    relevant = bool(parsed.find(lexicon.policy))
    out: list[Stance] = []
    for match in parsed.find(lexicon.cues):
        sentence = parsed.sentence_of(match)
        if sentence is None:
            continue
        start, end = sentence
        value = lexicon.values[match.group(0).lower()]
        statement = next((s for s in statements if s.mention.start <= match.start() < s.mention.end), None)
        if statement is not None:
            scope = parsed.paragraph_at(statement.mention.start)
            if not parsed.find(lexicon.policy, *scope):
                continue
            holder = statement.speaker_mention
        else:
            if parsed.quote_at(match.start()) or not relevant or not (
                    parsed.find(lexicon.policy, start, end) or parsed.find(lexicon.targets, match.end(), end)):
                continue
            holder = _holder(parsed, holders, lexicon.verbs, start, end, match)
        if holder is None:
            continue
        if statement is None and parsed.find(lexicon.negation, holder.end, match.start()):
            value = "opposes" if value == "supports" else "supports"
        if value == "supports" and parsed.find(lexicon.reversal, match.end(), min(end, match.end() + 80)):
            value = "opposes"
        out.append(Stance(parsed.document.id, Mention(start, end, text[start:end]), value, holder,
                          cue=match.group(0), rule="stance-cue-quote" if statement else "stance-cue",
                          confidence=0.7 if statement else 0.8))
    implies = dict(domain.basis_implies_stance)
    for objection in objections:
        if implies.get(objection.basis, True) and objection.objector_mention is not None:
            out.append(Stance(objection.doc_id, objection.mention, "opposes", objection.objector_mention,
                              cue=objection.cue, rule=f"objection-{objection.basis}", confidence=0.7))
    return out


def _holder(parsed: Parsed, holders: list[ActorMention], verbs, start: int, end: int, cue) -> Mention | None:
    """Who takes the stance: the source after "backlash from", the subject of a verb of saying that
    introduces the cue, else the nearest actor named before the cue in the sentence."""
    text = parsed.prose
    if cue.group(0).lower() in _AFTER_CUES:
        after = [a for a in holders if cue.end() <= a.mention.start < end and not a.pronoun]
        return after[0].mention if after and after[0].mention.start - cue.end() <= 25 else None
    said = [v for v in parsed.find(verbs, start, cue.start())
            if not parsed.quote_at(v.start()) and not _BY.match(text, v.end())]
    before = [a for a in holders if start <= a.mention.start and a.mention.end <= cue.start()
              and not parsed.quote_at(a.mention.start) and is_subject_candidate(text, a.mention.start, a.mention.end)]
    if said:
        subject = [a for a in before if a.mention.end <= said[-1].start()]
        if subject:
            return clause_subject(text, subject, said[-1].start()).mention
    if before:
        return before[-1].mention
    after = [a for a in holders if cue.end() <= a.mention.start < end and not a.pronoun
             and not parsed.quote_at(a.mention.start)]
    return after[0].mention if after else None
