"""Stances: who supports or opposes the policy.

From stance verbs in the narrative ("X instructed prosecutors to seek the death penalty", "a
backlash from reform groups"), from stance cues inside a speaker's quotes, and from objections whose
basis implies opposition (a cost worry alone does not).
"""
from __future__ import annotations

import re

from kg.domain import Domain
from kg.extract.text import Parsed, clause_subject, is_subject_candidate, phrase_pattern
from kg.models import ActorMention, Mention, Objection, Stance, Statement

_AFTER_CUES = ("backlash from", "opposition from", "pushback from", "criticism from")


def extract(parsed: Parsed, domain: Domain, actors: list[ActorMention], statements: list[Statement],
            objections: list[Objection]) -> list[Stance]:
    text = parsed.prose
    policy = phrase_pattern(domain.policy_cues)
    negation = phrase_pattern(domain.cues("negation"))
    reversal = phrase_pattern(domain.cues("reversal"))
    verbs = phrase_pattern(domain.speech_verbs)
    cue_values = dict(domain.stance_cues)
    cues = phrase_pattern(cue_values)
    holders = [a for a in actors if a.kind]
    targets = phrase_pattern(domain.cues("stance-target"))
    relevant = bool(parsed.find(policy))
    out: list[Stance] = []
    for start, end in parsed.sentences:
        for match in parsed.find(cues, start, end):
            value = cue_values[next(k for k in cue_values if k.lower() == match.group(0).lower())]
            statement = next((s for s in statements if s.mention.start <= match.start() < s.mention.end), None)
            if statement is not None:
                scope = parsed.paragraph_at(statement.mention.start)
                if not parsed.find(policy, *scope):
                    continue
                holder = statement.speaker_mention
            else:
                if parsed.quote_at(match.start()) or not relevant or not (
                        parsed.find(policy, start, end) or parsed.find(targets, match.end(), end)):
                    continue
                holder = _holder(parsed, holders, verbs, start, end, match)
            if holder is None:
                continue
            if statement is None and parsed.find(negation, holder.end, match.start()):
                value = "opposes" if value == "supports" else "supports"
            if value == "supports" and parsed.find(reversal, match.end(), min(end, match.end() + 80)):
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
            if not parsed.quote_at(v.start()) and not re.match(r"\s+by\b", text[v.end():])]
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
