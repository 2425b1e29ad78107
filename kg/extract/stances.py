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
from kg.extract.text import Parsed, Phrases, asks, clause_subject, is_subject_candidate, phrase_pattern
from kg.models import PERSON, ActorMention, Mention, Objection, Stance, Statement

_BY = re.compile(r"\s+by\b")
_NEGATION_REACH = 15
"""How far before a cue a negation turns it ("did not support", "has never backed"): further back, a
"not" belongs to another clause ("even when they do not pull the trigger, ... deserve")."""
_SUBJECT_GAP = re.compile(r"(\w+)\s+(?:(that|which|who)\s+)?(?:(?:has|have|had|also|long|once|then)\s+)*$")
"""The word that a cue's verb follows, past a relative pronoun and auxiliaries ("memo that has urged")."""
_PARENTHESES = re.compile(r"\([^()]*\)")
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)")
"""What joins two holders of one stance, once parentheses are removed: "Sen. A (R-Tex.) and Sen. B"."""
_JOINED = re.compile(r"\s+joined\s+")
"""What joins two holders when the second is followed by "in": "Eight Republicans joined Democrats in voting no"."""
_IN = re.compile(r"\s+in\b")
_PRONOUN_OBJECT = re.compile(r"\s+(?:it|them)\b")
"""An object that stands for what the sentence before named: "voting against it"."""
_OTHER = {"supports": "opposes", "opposes": "supports"}
"""The value a negation or a reversal turns a stance to."""


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
    after: frozenset[str]
    """Cues whose holder follows them ("backlash from X", "written by X"), lower-cased."""
    roles: frozenset[str]
    """Cues naming the holder's part in a bill ("X, a co-sponsor, said"), lower-cased: the bill is
    their target whether or not the sentence names it."""
    actions: frozenset[str]
    """Nouns for an action a reaction is about ("welcomed the decision"), lower-cased; targets too."""
    reversing: Phrases | None
    """Verbs that reverse the policy ("withdraws directive"), read in its first mention."""


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
                    targets=phrase_pattern(domain.cues("stance-target") + domain.cues("action-noun")),
                    after=frozenset(cue.lower() for cue in domain.cues("holder-after")),
                    roles=frozenset(cue.lower() for cue in domain.cues("sponsor-role")),
                    actions=frozenset(noun.lower() for noun in domain.cues("action-noun")),
                    reversing=phrase_pattern(domain.cues("policy-reversal")))


def extract(parsed: Parsed, domain: Domain, actors: list[ActorMention], statements: list[Statement],
            objections: list[Objection]) -> list[Stance]:
    """A stance for each cue lying within a sentence, in text order, then for the objections whose
    basis implies opposition."""
    text = parsed.prose
    lexicon = _lexicon(domain)
    holders = [a for a in actors if a.kind]
    policy = parsed.find(lexicon.policy)
    relevant = bool(policy)
    reversed_policy = relevant and _reverses_policy(parsed, lexicon, policy[0])
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
            found = [statement.speaker_mention] if statement.speaker_mention else []
        else:
            after = match.group(0).lower() in lexicon.after
            # a holder named after the cue follows what the stance is about: "the bill drew criticism from X"
            if parsed.quote_at(match.start()) or not relevant or not (
                    match.group(0).lower() in lexicon.roles or parsed.find(lexicon.policy, start, end)
                    or parsed.find(lexicon.targets, start if after else match.end(), end)
                    or _PRONOUN_OBJECT.match(text, match.end()) and _named_before(parsed, lexicon, start)):
                continue
            found = _holders(parsed, holders, lexicon, start, end, match, after)
        for holder in found:
            turned = value
            if statement is None and parsed.find(lexicon.negation, max(holder.end, match.start() - _NEGATION_REACH),
                                                 match.start()):
                turned = _OTHER[value]
            if turned == "supports" and parsed.find(lexicon.reversal, match.end(), min(end, match.end() + 80)):
                turned = "opposes"
            if statement is None and reversed_policy and _about_an_action(parsed, lexicon, match, end):
                turned = _OTHER[turned]
            out.append(Stance(parsed.document.id, Mention(start, end, text[start:end]), turned, holder,
                              cue=match.group(0), rule="stance-cue-quote" if statement else "stance-cue",
                              confidence=0.7 if statement else 0.8))
    implies = dict(domain.basis_implies_stance)
    for objection in objections:
        if implies.get(objection.basis, True) and objection.objector_mention is not None:
            out.append(Stance(objection.doc_id, objection.mention, "opposes", objection.objector_mention,
                              cue=objection.cue, rule=f"objection-{objection.basis}", confidence=0.7))
    return out


def _named_before(parsed: Parsed, lexicon: _Lexicon, start: int) -> bool:
    """The sentence before the one starting at ``start`` names the policy or something a stance is taken toward."""
    index = parsed.sentences.index(parsed.sentence_at(start))
    if index == 0:
        return False
    before = parsed.sentences[index - 1]
    return bool(parsed.find(lexicon.policy, *before) or parsed.find(lexicon.targets, *before))


def _reverses_policy(parsed: Parsed, lexicon: _Lexicon, mention) -> bool:
    """The sentence of the policy's first ``mention`` (the headline, or else the lede) reverses it:
    "Attorney general withdraws directive on death penalty in drug cases"."""
    first = parsed.sentence_of(mention)
    return bool(first and parsed.find(lexicon.reversing, *first))


def _about_an_action(parsed: Parsed, lexicon: _Lexicon, cue, end: int) -> bool:
    """The cue reacts to an action ("welcomed the decision"), not to the policy, which its sentence
    does not name: the first thing named after the cue is an action noun."""
    if parsed.find(lexicon.policy, cue.end(), end):
        return False
    target = next(iter(parsed.find(lexicon.targets, cue.end(), end)), None)
    return target is not None and target.group(0).lower() in lexicon.actions


def _holders(parsed: Parsed, holders: list[ActorMention], lexicon: _Lexicon, start: int, end: int, cue,
             after: bool) -> list[Mention]:
    """Who takes the stance: the source named right after a cue like "backlash from", the subject of
    a verb of saying that introduces the cue, else the nearest actor named before the cue in the
    sentence; with the holders coordinated with it ("written by Sen. A and Sen. B")."""
    text = parsed.prose
    if after:
        following = [a for a in holders if cue.end() <= a.mention.start < end and not a.pronoun]
        if not following or following[0].mention.start - cue.end() > 25:
            return []
        return _coordinated(text, following)
    gap = _SUBJECT_GAP.search(text, start, cue.start())
    if gap and lexicon.targets and lexicon.targets.regex.fullmatch(gap.group(1)):
        return []  # a thing takes it: "the memo urged prosecutors", "a directive that urged"
    if gap and gap.group(2) == "who":
        people = [a for a in holders if start <= a.mention.start and a.mention.end <= gap.start(2)
                  and a.kind == PERSON and not a.pronoun and not parsed.quote_at(a.mention.start)]
        if people:  # "Jo Lane, a professor at Iowa State University who has opposed"
            return [people[-1].mention]
    said = [v for v in parsed.find(lexicon.verbs, start, cue.start())
            if not parsed.quote_at(v.start()) and not _BY.match(text, v.end())]
    before = [a for a in holders if start <= a.mention.start and a.mention.end <= cue.start()
              and not parsed.quote_at(a.mention.start) and is_subject_candidate(text, a.mention.start, a.mention.end)]
    if said:
        if asks(text, said[-1].end()):
            return []
        subject = [a for a in before if a.mention.end <= said[-1].start()]
        if subject:
            return [clause_subject(text, subject, said[-1].start()).mention]
    if before:
        subject = clause_subject(text, before, cue.start())
        earlier = [a for a in before if a.mention.end <= subject.mention.start]
        return list(reversed(_coordinated(text, [subject, *reversed(earlier)])))
    following = [a for a in holders if cue.end() <= a.mention.start < end and not a.pronoun
                 and not parsed.quote_at(a.mention.start) and is_subject_candidate(text, a.mention.start, a.mention.end)]
    return [following[0].mention] if following else []


def _coordinated(text: str, mentions: list[ActorMention]) -> list[Mention]:
    """The first of ``mentions`` (in text order or its reverse) and those joined to it one by one by
    "and" or a comma."""
    if not mentions:
        return []
    chain = [mentions[0].mention]
    for mention in (a.mention for a in mentions[1:]):
        left, right = sorted((chain[-1], mention), key=lambda m: m.start)
        between = _PARENTHESES.sub("", text[left.end:right.start])
        if left.end > right.start or not (_COORDINATION.fullmatch(between)
                                          or _JOINED.fullmatch(between) and _IN.match(text, right.end)):
            break
        chain.append(mention)
    return chain
