"""Passages: what each actor says or does, the stretches of text objections and stances read.

- the sentences of a quotation belong to its speaker;
- reported speech ("X said the law would …", "X argued that …") belongs to X, from the verb of
  saying to the end of the sentence;
- an act of the stance grammar ("X introduced the bill", "a backlash from X") belongs to its
  holders, from the cue to the end of the sentence.

Who holds a passage is found by three general role-finders: the subject of a verb (skipping
appositives and relative clauses; for a verb inside reported speech, the speaker), the actor named
right after a cue ("from X", "by X"), and the names coordinated with either ("A, B and C").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.domain import Domain
from kg.extract.clauses import asks, is_subject_candidate
from kg.extract.text import MentionIndex, Parsed
from kg.grammar import Match
from kg.models import GROUP, ORGANIZATION, PERSON, ActorMention, Measure, Mention, Statement
from kg.phrases import phrase_pattern

_COORDINATION = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?:,\s*(?:[DRI]-[\w. ]{1,20},\s*)?(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*)"
                           r"(?:(?:state|former|then|fellow)\s+)?")
_AFTER_CUE = re.compile(r"[\s,:—–-]*(?:(?:the|a|an|some|many|several|two|three|four|five|including|of|from|by|"
                        r"state|former|then|Sens?\.|Reps?\.)\s+)*", re.IGNORECASE)
_BEFORE_ROLE = re.compile(r"\s*(?:\([^()]{1,30}\))?\s*,\s*(?:(?:a|an|the|one|of|also|its|his|her|their)\s+)*$")
_SENTENCE_STOP = re.compile(r";|,?\s+(?:but|whereas|although)\s")


@dataclass(frozen=True)
class Passage:
    """Words that ``holders`` say or do: ``kind`` is quote, report or act; ``cue`` the rule's match
    that made it (the verb of saying or the act); ``statement`` the quotation it lies in."""

    holders: tuple[ActorMention, ...]
    start: int
    end: int
    kind: str
    cue: Match | None = None
    statement: Mention | None = None


def quoted(parsed: Parsed, actors: list[ActorMention], statements: list[Statement]) -> list[Passage]:
    """The sentences of each quotation, held by its speaker."""
    by_start = {a.mention.start: a for a in actors}
    out = []
    for statement in statements:
        speaker = by_start.get(statement.speaker_mention.start) if statement.speaker_mention else None
        if speaker is None:
            continue
        for segment in statement.segments or (statement.mention,):
            for start, end in parsed.sentences:
                lo, hi = max(start, segment.start), min(end, segment.end)
                if lo < hi:
                    out.append(Passage((speaker,), lo, hi, "quote", None, statement.mention))
    return out


def reported(parsed: Parsed, domain: Domain, actors: list[ActorMention]) -> list[Passage]:
    """Reported speech: a speaker and a verb of saying outside quotes, and what follows in the
    sentence. A verb that asks ("asked whether") reports no claim."""
    index = MentionIndex(actors)
    text = parsed.prose
    out = []
    seen: set[int] = set()
    for match in parsed.matches(domain.grammar, "attribution"):
        verb = match.span("verb")
        if verb is None or verb[0] in seen or parsed.quote_at(verb[0]) or asks(text, verb[1]):
            continue
        sentence = parsed.sentence_at(verb[0])
        if match.rule.get("speaker") == "subject" or "speaker" not in match.captures:
            holder = subject(parsed, index, verb[0])
        else:
            inside = index.between(*match.span("speaker"))
            holder = _leader(parsed, index, inside[0], verb[0]) if inside else None
        if holder is None or _is_outlet(domain, holder):
            continue
        seen.add(verb[0])
        start = verb[1]
        end = _clause_end(parsed, start, sentence[1])
        if match.span("speaker")[0] >= verb[1] if match.span("speaker") else False:
            # "…, said X": what is reported stands before the verb.
            start, end = sentence[0], verb[0]
        out.append(Passage(coordinated(parsed, index, holder), start, end, "report", match))
    return out


def _is_outlet(domain: Domain, holder: ActorMention) -> bool:
    """A news outlet cited as the source of a report ("according to The Associated Press") reports
    what others said; it argues nothing itself."""
    words = set(holder.name.replace("’", "'").split())
    return bool(words & set(domain.grammar.set("news-outlet-word")))


def _clause_end(parsed: Parsed, start: int, sentence_end: int) -> int:
    stop = _SENTENCE_STOP.search(parsed.prose, start, sentence_end)
    return stop.start() if stop else sentence_end


def subject(parsed: Parsed, index: MentionIndex, verb_start: int, speech=None) -> ActorMention | None:
    """The subject of the verb at ``verb_start``: the nearest actor before it in its sentence that can
    be a subject (not after a preposition, not a possessor, not in a quote), skipping an appositive
    or relative clause it closes ("X, who argued the case, said"). A verb coordinated with an earlier
    one ("Democrats questioned X and objected to …") shares its subject, the sentence's first. Inside
    reported speech (``speech`` finds the verbs of saying: "Barr has said the department has a duty
    to …") the reported view is the speaker's."""
    text = parsed.prose
    sentence_start = parsed.sentence_at(verb_start)[0]
    mentions = index.between(sentence_start, verb_start)
    governed = {i for i, a in enumerate(mentions) if not is_subject_candidate(text, a.mention.start, a.mention.end)}
    for i in range(1, len(mentions)):
        # "to the X and the Y": Y shares X's preposition.
        if i - 1 in governed and _CONJOINED.fullmatch(text, mentions[i - 1].mention.end, mentions[i].mention.start):
            governed.add(i)
    candidates = [a for i, a in enumerate(mentions) if i not in governed and not parsed.quote_at(a.mention.start)
                  and not a.mention.start <= verb_start < a.mention.end]
    if not candidates:
        return None
    relative = _RELATIVE_BEFORE.search(text, sentence_start, verb_start)
    if relative:
        return _antecedent(parsed, candidates, relative)
    nearest = candidates[-1]
    if _COORDINATED_VERB.search(text, nearest.mention.end, verb_start) and len(candidates) > 1:
        return _behind(parsed, index, candidates[0])
    if speech is not None and _VIEW.search(text, nearest.mention.end, verb_start):
        verbs = [m for m in parsed.find(speech, candidates[0].mention.end, nearest.mention.start)
                 if not parsed.quote_at(m.start())]
        if verbs:
            speakers = [c for c in candidates if c.mention.end <= verbs[0].start()]
            if speakers:
                return speakers[-1]
    closing = text[sentence_start:verb_start].rstrip()
    dash = next((mark for mark in ("--", "—", "–") if closing.endswith(mark)), None)
    if dash is not None:
        # "Opponents of the bill -- chiefly defense lawyers -- said": the subject stands before the dashes.
        opening = text.rfind(dash, sentence_start, sentence_start + len(closing) - len(dash))
        before = [c for c in candidates if c.mention.end <= opening]
        if before:
            nearest = before[-1]
    elif closing.endswith(","):
        opener = next((c for c in candidates if text[c.mention.end:c.mention.end + 2].startswith(",")), None)
        if opener is not None:
            nearest = opener
    elif _RELATIVE.search(text, nearest.mention.end, verb_start):
        earlier = [c for c in candidates if c.mention.end <= nearest.mention.start]
        if earlier and text[earlier[-1].mention.end:nearest.mention.start].lstrip().startswith(","):
            nearest = earlier[-1]
    between = _RELATIVE_INSIDE.search(text, nearest.mention.end, verb_start)
    if between and not between.group(0).strip().startswith("who"):
        # "a directive that urged prosecutors to seek …": the act belongs to the clause's antecedent.
        if not text[nearest.mention.end:between.start()].strip(" ,"):
            return nearest
        return None
    return _behind(parsed, index, _leader(parsed, index, nearest, verb_start))


def _antecedent(parsed: Parsed, candidates: list[ActorMention], relative: re.Match) -> ActorMention | None:
    """The subject of a verb right after a relative pronoun: for "who", the nearest person before it
    ("X, a professor at Y University who has opposed …"); for "that" or "which", the actor it
    follows, if any ("a directive that urged …" has none)."""
    text = parsed.prose
    before = [c for c in candidates if c.mention.end <= relative.start()]
    if not before:
        return None
    if relative.group(0).strip(" ,").startswith("who"):
        people = [c for c in before if c.kind == PERSON]
        return people[-1] if people else before[-1]
    if not _PARENTHESES.sub("", text[before[-1].mention.end:relative.start()]).strip(" ,"):
        return before[-1]
    return None


def _leader(parsed: Parsed, index: MentionIndex, holder: ActorMention, limit: int) -> ActorMention:
    """The leader of a group named with it: "the defense lawyers, led by X, argued" is X's argument."""
    leader = _LED_BY.match(parsed.prose, holder.mention.end)
    if holder.kind == GROUP and leader is not None:
        led = index.between(leader.end(), limit)
        if led and led[0].mention.start - leader.end() <= 3:
            return led[0]
    return holder


_LED_BY = re.compile(r",?\s+(?:led|headed)\s+by\s+")
_VIEW = re.compile(r"\b(?:should|must|ought|need|needs|has a duty|have a duty|has to|have to|would)\b")
"""A verb inside reported speech states the speaker's view when a modal frames it ("Barr said the
department has a duty to carry out …"); without one it reports a fact ("said prosecutors have sought …")."""


def _behind(parsed: Parsed, index: MentionIndex, holder: ActorMention) -> ActorMention:
    """The organisation a group is from: "protesters from the Nowhere Alliance" act as the alliance."""
    if holder.kind != GROUP:
        return holder
    following = index.between(holder.mention.end, holder.mention.end + 60)
    if following and following[0].kind == ORGANIZATION \
            and _FROM.fullmatch(parsed.prose, holder.mention.end, following[0].mention.start):
        return following[0]
    return holder


_FROM = re.compile(r"\s+(?:from|of|with|at)\s+(?:the\s+)?")


_RELATIVE = re.compile(r"^\s*,?\s*(?:who|which|that|whose)\b")
_RELATIVE_INSIDE = re.compile(r"\s(?:who|which|that)\s")
_CONJOINED = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+(?:the\s+)?")
_PARENTHESES = re.compile(r"\([^()]*\)|,\s*[DRI]-[A-Z][\w. ]*(?=,)")
_RELATIVE_BEFORE = re.compile(r",?\s+(?:who|which|that)\s+(?:(?:has|have|had|also|then|\w+ly)\s+)*$")
_COORDINATED_VERB = re.compile(r"\s(?:and|but)\s+(?:\w+ly\s+|then\s+|also\s+)?\S+$|\s(?:and|but)\s+$")


def holder_after(parsed: Parsed, index: MentionIndex, cue_end: int, limit: int = 60) -> ActorMention | None:
    """The actor named right after a cue ("from X", "by Sen. X", "including X")."""
    text = parsed.prose
    skip = _AFTER_CUE.match(text, cue_end)
    start = skip.end() if skip else cue_end
    sentence_end = parsed.sentence_at(cue_end)[1]
    following = index.between(cue_end, min(sentence_end, start + limit))
    if following and following[0].mention.start - start <= 3:
        return following[0]
    including = _INCLUDING.search(text, cue_end, sentence_end)
    if including is not None:
        listed = index.between(including.end(), sentence_end)
        if listed and listed[0].mention.start - including.end() <= 8:
            return listed[0]
    return None


_INCLUDING = re.compile(r",?\s+(?:including|among them|such as)\s+(?:(?:Sens?|Reps?|Gov|Govs)\.\s+)?")


def holder_before_role(parsed: Parsed, index: MentionIndex, role_start: int) -> ActorMention | None:
    """The actor an appositive role follows: "X (D-Calif.), one of the bill's sponsors"."""
    text = parsed.prose
    sentence_start = parsed.sentence_at(role_start)[0]
    before = [a for a in index.between(sentence_start, role_start) if not parsed.quote_at(a.mention.start)]
    if before and _BEFORE_ROLE.search(text[before[-1].mention.end:role_start] + "") \
            and _BEFORE_ROLE.match(text, before[-1].mention.end, role_start):
        return before[-1]
    return None


def coordinated(parsed: Parsed, index: MentionIndex, holder: ActorMention) -> tuple[ActorMention, ...]:
    """The holder and the names coordinated with it: "A (D-Ill.), B and C introduced …" gives A, B
    and C whichever of them a role-finder found."""
    text = parsed.prose
    sentence = parsed.sentence_at(holder.mention.start)
    mentions = [a for a in index.between(*sentence) if not parsed.quote_at(a.mention.start)]
    if holder not in mentions:
        return (holder,)
    at = mentions.index(holder)
    first = last = at
    while first > 0 and _joined(text, mentions[first - 1], mentions[first]):
        first -= 1
    while last + 1 < len(mentions) and _joined(text, mentions[last], mentions[last + 1]):
        last += 1
    group = mentions[first:last + 1]
    kinds = {m.kind for m in group}
    return tuple(group) if len(group) > 1 and len(kinds) == 1 else (holder,)


def _joined(text: str, left: ActorMention, right: ActorMention) -> bool:
    between = text[left.mention.end:right.mention.start]
    return bool(_COORDINATION.fullmatch(between)) and ("," in between or "and" in between or "&" in between
                                                        or "or" in between)


@dataclass(frozen=True)
class Act:
    """An act of the stance grammar: its passage, its ``value`` toward its ``target`` (supports or
    opposes it) and whether it is itself a criticism (an objection with or without a basis)."""

    passage: Passage
    value: str
    target: Measure | None
    criticism: bool = False

    @property
    def stance(self) -> str:
        """The holders' side toward the punitive measure: supporting a measure that reverses it is
        opposing it."""
        turned = self.target is not None and self.target.against_penalty
        return self.value if not turned else ("opposes" if self.value == "supports" else "supports")


def acts(parsed: Parsed, domain: Domain, actors: list[ActorMention], measures: list[Measure],
         lede: Measure | None, statements: list[Statement] = ()) -> list[Act]:
    """The acts of the stance grammar with their holders and targets. Inside a quotation only acts in
    the first person count ("I will fight this bill"), held by its speaker."""
    index = MentionIndex(actors)
    text = parsed.prose
    speech = phrase_pattern(domain.speech_verbs)
    reversing = phrase_pattern(domain.grammar.set("reversing-word"))
    negation = phrase_pattern(domain.cues("negation"))
    matches = parsed.matches(domain.grammar, "act")
    turning = [m.start for m in matches if m.rule.get("value") == "opposes" or m.rule.get("target") == "reversing"]
    by_start = {a.mention.start: a for a in actors}
    out = []
    for match in matches:
        cue = match.span("cue") or (match.start, match.end)
        if parsed.quote_at(cue[0]):
            speaker = _first_person_speaker(parsed, statements, by_start, cue[0]) \
                if match.rule.get("first-person", True) else None
            if speaker is not None:
                target = _object(parsed, measures, cue[1], parsed.sentence_at(cue[0])[1], reversing)
                target = lede if target is None or target is _NO_MEASURE else target
                passage = Passage((speaker,), cue[0], parsed.sentence_at(cue[0])[1], "act", match)
                out.append(Act(passage, str(match.rule.get("value", "supports")), target,
                               bool(match.rule.get("criticism"))))
            continue
        if match.rule.get("holder") != "after" and _NOMINAL.search(text, max(0, cue[0] - 8), cue[0]):
            # "the signing of the bill": the verb's noun names an act, it does not report one.
            continue
        sentence = parsed.sentence_at(cue[0])
        if match.rule.get("value") == "supports" and match.rule.get("target") is None \
                and any(cue[1] < start <= min(cue[1] + _NESTED, sentence[1]) for start in turning):
            # "supporting efforts to overturn …", "called on X to commute …": the inner act decides.
            continue
        if match.rule.get("holder") == "after":
            holder = holder_after(parsed, index, match.end)
            # "A push to abolish … has the backing of X": what is backed is the sentence's first measure.
            target = measures_nearest(measures, sentence[0], cue[0]) or measures_nearest(measures, cue[1], sentence[1])
        else:
            passive = _PASSIVE.search(text, sentence[0], cue[0]) or _BY.match(text, cue[1])
            holder = None if passive else subject(parsed, index, cue[0], speech)
            verb_start = cue[0] + 3 if text.startswith("to ", cue[0]) else cue[0]
            if holder is not None and _CONTROLLED.fullmatch(text, holder.mention.end, verb_start):
                # "X directed prosecutors to seek …": the one told to act takes no side; who told them does.
                verb = _VERB_BEFORE.search(text, sentence[0], holder.mention.start)
                holder = subject(parsed, index, verb.start() if verb else holder.mention.start, speech)
            target = _object(parsed, measures, cue[1], sentence[1], reversing)
            if target is _NO_MEASURE and match.rule.get("target") == "lede":
                target = None
            if target is _NO_MEASURE and match.rule.get("target") is None:
                continue
        if holder is None or _QUESTIONED.search(text, holder.mention.end, cue[0]):
            continue  # "asked whether the county backs …" asserts nothing
        kind = match.rule.get("target")
        if target is _NO_MEASURE:
            target = None
        if kind in ("reversing", "punitive"):
            target = Measure(parsed.document.id, Mention(cue[0], cue[1], text[cue[0]:cue[1]]), text[cue[0]:cue[1]],
                             kind == "reversing", match.rule.name, described=True)
        elif target is None:
            target = lede
        passage = Passage(coordinated(parsed, index, holder), cue[0], sentence[1], "act", match)
        value = str(match.rule.get("value", "supports"))
        if negation is not None and parsed.find(negation, max(sentence[0], cue[0] - 20), cue[0]):
            value = "opposes" if value == "supports" else "supports"  # "has never supported the bill"
        out.append(Act(passage, value, target, bool(match.rule.get("criticism")) and value == "opposes"))
    return out


def _object(parsed: Parsed, measures: list[Measure], cue_end: int, sentence_end: int, reversing=None):
    """What an act is done to: the measure its object names ("introduced the legislation"; a measure
    the object reverses, "called for ending the death penalty", reverses it), None for a pronoun
    ("voted against it": the article's measure), or ``_NO_MEASURE`` when its object is something
    else ("defending people accused of …")."""
    text = parsed.prose
    window = _OBJECT.match(text, cue_end, sentence_end)
    end = window.end() if window else min(sentence_end, cue_end + 1)
    found = measures_nearest(measures, cue_end, end + 1)
    if found is not None:
        if not found.reverses and found.reversed_by_act and reversing is not None \
                and parsed.find(reversing, cue_end, found.mention.start):
            return Measure(found.doc_id, found.mention, found.label, True, found.rule, described=True)
        return found
    if _PRONOUN_OBJECT.match(text, cue_end):
        return None
    return _NO_MEASURE


_NO_MEASURE = Measure("", Mention(0, 0, ""), "", False)
_OBJECT = re.compile(r"(?:\s+(?!(?:and|but|or|who|which|that|because|after|when|while)\b)[\w'’.-]+){1,10}")
_PRONOUN_OBJECT = re.compile(r"\s+(?:it|them|this|that|these|those|him|her)\b", re.IGNORECASE)
_BY = re.compile(r"\s+by\b")
_VERB_BEFORE = re.compile(r"\S+\s+(?:(?:the|a|an|all|its|his|her|their)\s+)?$")
_CONTROLLED = re.compile(r"(?:\s+(?:on|in|last|this|next|\w+day)\b)*\s+to\s+(?:\w+ly\s+)?")
_QUESTIONED = re.compile(r"\b(?:whether|if)\b")
_NOMINAL = re.compile(r"\b(?:the|a|an|his|her|its|their|this|that)\s+$", re.IGNORECASE)
_NESTED = 40
"""How far after a verb of backing an act that turns it may start to be its object."""
_PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being|get|got)\s+(?:\w+ly\s+|not\s+|also\s+)?$")


def _first_person_speaker(parsed: Parsed, statements, by_start: dict, cue_start: int) -> ActorMention | None:
    """The speaker of the quotation holding a first-person act: "I will fight this bill"."""
    if not _FIRST_PERSON.search(parsed.prose, max(parsed.sentence_at(cue_start)[0], cue_start - 40), cue_start):
        return None
    for statement in statements:
        if statement.mention.start <= cue_start < statement.mention.end and statement.speaker_mention is not None:
            return by_start.get(statement.speaker_mention.start)
    return None


_FIRST_PERSON = re.compile(r"\b(?:I|we|We)\s+(?:(?:will|must|should|am|are|do|also|still|always|strongly|"
                           r"continue to|intend to|plan to)\s+)*$")


def measures_nearest(measures: list[Measure], start: int, end: int, *, before: bool = False) -> Measure | None:
    inside = [m for m in measures if start <= m.mention.start and m.mention.end <= end]
    if not inside:
        return None
    return inside[-1] if before else inside[0]
