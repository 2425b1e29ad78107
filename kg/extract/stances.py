"""Stances: who supports or opposes the punitive measure, and toward which measure the article names.

Evidence comes from four places, strongest first:

- acts of the stance grammar ("X introduced a bill to ban …", "X vetoed the repeal", "a backlash
  from X"): the act's value toward its target, turned when the target reverses the penalty;
- a sponsor's role ("X, the bill's author", "sponsor Rep. X", "A, B and C are cosponsors"): support
  for the bill;
- objections: the side their argument takes;
- arguments for punishment in what an actor says ("deserve the death penalty", "get tough").

Each piece of evidence is a stance with a confidence; resolution keeps one side per actor and article.
"""
from __future__ import annotations

from kg.domain import Domain
from kg.extract.passages import Act, Passage, coordinated, holder_after, holder_before_role, measures_nearest, subject
from kg.extract.text import MentionIndex, Parsed
from kg.models import ActorMention, Measure, Mention, Objection, Stance

_ACT, _ROLE, _OBJECTION, _ARGUMENT = 0.9, 0.85, 0.6, 0.6


def extract(parsed: Parsed, domain: Domain, actors: list[ActorMention], passages: list[Passage], acts: list[Act],
            objections: list[Objection], measures: list[Measure], lede: Measure | None) -> list[Stance]:
    out: list[Stance] = []
    doc_id = parsed.document.id
    for act in acts:
        for holder in act.passage.holders:
            if holder.rule == "document-reference":
                continue
            out.append(_stance(parsed, act.stance, holder, act.target, act.passage.cue.rule.name,
                               _cue(parsed, act.passage), _ACT))
    out.extend(_roles(parsed, domain, actors, measures, lede))
    for objection in objections:
        if objection.objector_mention is None or objection.stance is None:
            continue
        target = measures_nearest(measures, objection.mention.start, objection.mention.end) or lede
        out.append(Stance(doc_id, objection.mention, objection.stance, objection.objector_mention,
                          cue=objection.cue, rule=f"objection-{objection.basis}", confidence=_OBJECTION,
                          target=target.mention if target else None,
                          target_reverses=bool(target and target.against_penalty)))
    arguments = domain.grammar.match(parsed.doc, "argument")
    for passage in passages:
        found = next((m for m in arguments if passage.start <= m.start and m.end <= passage.end), None)
        if found is None:
            continue
        for holder in passage.holders:
            if holder.rule == "document-reference":
                continue
            out.append(_stance(parsed, str(found.rule.get("value", "supports")), holder, None, found.rule.name,
                               parsed.prose[found.start:found.end], _ARGUMENT, span=(passage.start, passage.end)))
    return sorted(out, key=lambda s: (s.mention.start, s.holder_mention.start if s.holder_mention else 0))


def _cue(parsed: Parsed, passage: Passage) -> str | None:
    cue = passage.cue
    if cue is None:
        return None
    span = cue.span("cue") or (cue.start, cue.end)
    return parsed.prose[span[0]:span[1]]


def _stance(parsed: Parsed, side: str, holder: ActorMention, target: Measure | None, rule: str, cue: str | None,
            confidence: float, span: tuple[int, int] | None = None) -> Stance:
    start, end = span or parsed.sentence_at(holder.mention.start)
    text = parsed.prose[start:end]
    lead = len(text) - len(text.lstrip())
    start, end = start + lead, start + lead + len(text.strip())
    return Stance(parsed.document.id, Mention(start, end, parsed.prose[start:end]), side, holder.mention, cue=cue,
                  rule=rule, confidence=confidence, target=target.mention if target else None,
                  target_reverses=bool(target and target.against_penalty))


def _roles(parsed: Parsed, domain: Domain, actors: list[ActorMention], measures: list[Measure],
           lede: Measure | None) -> list[Stance]:
    """Sponsors and authors named by their role: they support their bill."""
    index = MentionIndex(actors)
    out = []
    for match in domain.grammar.match(parsed.doc, "role-stance"):
        if parsed.quote_at(match.start):
            continue
        holder = holder_after(parsed, index, match.end, limit=40) or holder_before_role(parsed, index, match.start) \
            or subject(parsed, index, match.start)
        if holder is None:
            continue
        sentence = parsed.sentence_at(match.start)
        target = measures_nearest(measures, *sentence) or lede
        side = "opposes" if target is not None and target.against_penalty else "supports"
        for person in coordinated(parsed, index, holder):
            out.append(_stance(parsed, side, person, target, match.rule.name, parsed.prose[match.start:match.end],
                               _ROLE))
    return out
