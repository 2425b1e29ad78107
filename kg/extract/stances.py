"""Stances: who supports or opposes the punitive measure, and toward which measure the article names.

Evidence comes from four places, strongest first:

- acts of the stance grammar ("X introduced a bill to ban …", "X vetoed the repeal", "a backlash
  from X"): the act's value toward its target, turned when the target reverses the penalty;
- a role or description ("X, the bill's author", "A, B and C are cosponsors", "X, a longtime opponent
  of the death penalty"): its side toward the measure it names, else the bill's;
- objections: the side their argument takes;
- arguments for punishment in what an actor says ("deserve the death penalty", "get tough").

Each piece of evidence is a stance with a confidence; resolution keeps one side per actor and article.
"""
from __future__ import annotations

from dataclasses import replace

from kg.domain import Domain
from kg.extract.passages import Act, Passage, Roles, arguments as asserted_arguments, measures_nearest, other_side
from kg.extract.text import Parsed
from kg.models import PERSON, ActorMention, Measure, Mention, Objection, Stance
from kg.phrases import phrase_pattern

_ACT, _ROLE, _OBJECTION, _ARGUMENT, _OFFICE = 0.9, 0.85, 0.6, 0.6, 0.3


def extract(parsed: Parsed, domain: Domain, roles: Roles, passages: list[Passage], acts: list[Act],
            objections: list[Objection], measures: list[Measure], lede: Measure | None) -> list[Stance]:
    out: list[Stance] = []
    doc_id = parsed.document.id
    for act in acts:
        for holder in act.passage.holders:
            if holder.rule == "document-reference":
                continue
            out.append(_stance(parsed, act.stance, holder, act.target, act.passage.cue.rule.name,
                               _cue(parsed, act.passage), _ACT))
    out.extend(_roles(parsed, domain, roles, measures, lede))
    objectors = {o.objector_mention.text for o in objections if o.objector_mention is not None}
    out.extend(_by_office(parsed, domain, roles, passages, lede, objectors))
    out.extend(_named_sides(parsed, domain, roles, measures, lede))
    for objection in objections:
        if objection.objector_mention is None or objection.stance is None or not objection.takes_side:
            continue
        target = measures_nearest(measures, objection.mention.start, objection.mention.end) or lede
        out.append(Stance(doc_id, objection.mention, objection.stance, objection.objector_mention,
                          cue=objection.cue, rule=f"objection-{objection.basis}",
                          confidence=min(_OBJECTION, objection.confidence),
                          target=(target.named or target.mention) if target else None,
                          target_reverses=bool(target and target.against_penalty)))
    arguments = asserted_arguments(parsed, domain)
    for passage in passages:
        found = next((m for m in arguments if passage.start <= m.start and m.end <= passage.end), None)
        if found is None:
            continue
        side, target = str(found.rule.get("value", "supports")), lede
        if found.rule.get("of") == "target":
            # Words that judge whatever they are said of: "long overdue" of an execution, or of a repeal.
            target = measures_nearest(measures, passage.start, passage.end) or lede
            side = other_side(side) if target is not None and target.against_penalty else side
        for holder in passage.holders:
            if holder.rule == "document-reference":
                continue
            out.append(_stance(parsed, side, holder, target, found.rule.name,
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
                  rule=rule, confidence=confidence, target=(target.named or target.mention) if target else None,
                  target_reverses=bool(target and target.against_penalty))


def _named_sides(parsed: Parsed, domain: Domain, roles: Roles, measures: list[Measure],
                 lede: Measure | None) -> list[Stance]:
    """Groups named by their side ("opponents of the bill", "advocates for abolishing capital
    punishment"): toward the measure their name gives, else the article's."""
    heads = {}
    for actor in roles.index:
        if actor.kind == "Group" and not actor.pronoun:
            heads[actor.mention.end] = actor
    reversing = phrase_pattern(domain.grammar.set("reversing-word"))
    out = []
    for match in parsed.matches(domain.grammar, "group-stance"):
        group = heads.get(match.end)
        if group is None:
            continue
        sentence_end = parsed.sentence_at(match.start)[1]
        complement = roles.pattern("side-complement").match(parsed.prose, match.end, sentence_end)
        if complement is None and match.rule.get("needs-complement"):
            continue
        target = measures_nearest(measures, match.end, complement.end()) if complement else None
        if target is not None and not target.reverses and target.reversed_by_act and \
                parsed.find(reversing, match.end, target.mention.start):
            target = replace(target, reverses=True, described=True)
        before = measures_nearest(measures, group.mention.start, match.start, before=True)
        if target is None and before is not None:
            target = before  # "death penalty opponents"
        target = target or lede
        value = str(match.rule.get("value"))
        against = target is not None and target.against_penalty and match.rule.get("target") != "punitive"
        side = value if not against else other_side(value)
        out.append(_stance(parsed, side, group, target, match.rule.name, match.text(parsed.prose), _ROLE))
    return out


def _by_office(parsed: Parsed, domain: Domain, roles: Roles, passages: list[Passage],
               lede: Measure | None, objectors: set[str]) -> list[Stance]:
    """The side an office speaks for, as the weakest evidence: a named prosecutor or attorney general
    who speaks on the measure supports the penalty, a defence lawyer opposes it, unless anything the
    speaker says or does shows otherwise (an objection of theirs decides instead). The office is read
    from any mention of the speaker ("Attorney General Ann Lee" … "Lee said"); a former office
    speaks for no one."""
    sides = {side: {t.lower() for t in domain.grammar.set(f"{side}-office")} for side in ("supports", "opposes")}
    offices: dict[str, str] = {}
    for actor in roles.index:
        for role in actor.roles:
            side = next((s for s, titles in sides.items()
                         if not role.former and any(role.title.lower().endswith(t) for t in titles)), None)
            if side is not None and actor.kind == PERSON and not actor.pronoun and not actor.anonymous \
                    and not role.title.lower().startswith("former"):
                offices.setdefault(actor.name, side)
    out = []
    for passage in passages:
        for holder in passage.holders:
            side = offices.get(holder.name) or next(
                (v for name, v in offices.items() if name.endswith(" " + holder.name)), None)
            if side is not None and not holder.pronoun and holder.mention.text not in objectors:
                out.append(_stance(parsed, side, holder, lede, "office-side", None, _OFFICE,
                                   span=(passage.start, passage.end)))
    return out


def _roles(parsed: Parsed, domain: Domain, roles: Roles, measures: list[Measure],
           lede: Measure | None) -> list[Stance]:
    """Sides named by a role or a description: sponsors and authors support their bill; "X, a longtime
    opponent of the death penalty" opposes what the words name."""
    out = []
    for match in parsed.matches(domain.grammar, "role-stance"):
        if parsed.quote_at(match.start):
            continue
        after = roles.holder_after(match.end, limit=40) if match.rule.get("holder") != "subject" else None
        if after is None and roles.pattern("role-of-a-thing").search(parsed.prose, max(0, match.start - 8),
                                                                     match.start):
            continue  # "its sponsors said": the sponsors of a bill, no one named before them
        holder = after or roles.subject(match.start, reported=False, verb=False)
        if holder is None:
            continue
        sentence = parsed.sentence_at(match.start)
        # The measure the words name ("opponent of the death penalty", "death penalty supporter"), else the sentence's.
        named = measures_nearest(measures, match.start, min(sentence[1], match.end + 40)) \
            if match.rule.get("holder") == "subject" else None
        named = named or measures_nearest(measures, *sentence)
        if named is None and match.rule.get("needs-measure"):
            continue
        target = named or lede
        value = str(match.rule.get("value", "supports"))
        side = value if target is None or not target.against_penalty else other_side(value)
        for person in roles.coordinated(holder):
            out.append(_stance(parsed, side, person, target, match.rule.name, parsed.prose[match.start:match.end],
                               _ROLE))
    return out
