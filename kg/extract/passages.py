"""Passages: what each actor says or does, the stretches of text objections and stances read.

- the sentences of a quotation belong to its speaker;
- reported speech ("X said the law would …", "X argued that …") belongs to X, from the verb of
  saying to the end of its clause;
- an act of the stance grammar ("X introduced the bill", "a backlash from X") belongs to its
  holders, from the cue to the end of the sentence, and is done to a measure.

Who holds a passage is found by the general role-finders of :class:`Roles`: the subject of a verb
(skipping appositives and relative clauses; for a verb inside reported speech, the speaker), the actor
named right after a cue ("from X", "by X"), and the names coordinated with either ("A, B and C"). The sentence shapes they try are the named patterns of
``ontology/grammar/clauses.yaml``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property

from kg.domain import Domain
from kg.extract.text import MentionIndex, Parsed
from kg.grammar import Match
from kg.models import GROUP, ORGANIZATION, PERSON, ActorMention, Measure, Mention, Statement
from kg.phrases import phrase_pattern

_NESTED = 40
"""How far after a verb of backing an act that turns it may start to be its object."""
_DASHES = ("--", "—", "–")


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


def other_side(side: str) -> str:
    """The other of "supports" and "opposes"."""
    return "opposes" if side == "supports" else "supports"


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
        return self.value if not turned else other_side(self.value)


class Roles:
    """The role-finders over one document's actor mentions."""

    def __init__(self, parsed: Parsed, actors: list[ActorMention], domain: Domain):
        self.parsed = parsed
        self.text = parsed.prose
        self.index = MentionIndex(actors)
        self.grammar = domain.grammar
        self.speech = phrase_pattern(domain.speech_verbs)

    def pattern(self, name: str) -> re.Pattern:
        return self.grammar.pattern(name)

    @cached_property
    def _governed(self) -> re.Pattern:
        return self.pattern("governed")

    def can_be_subject(self, actor: ActorMention) -> bool:
        """Not the object of a preposition or verb ("an interview with the Tribune", "urged X"), not a
        possessor ("Whitlock's lawyer"), not inside parentheses ("(Reuters)")."""
        start, end = actor.mention.start, actor.mention.end
        if self.pattern("part-of").search(self.text, max(0, start - 30), start):
            return True  # "both houses of the X legislature passed …"
        return not (self._governed.search(self.text, max(0, start - 24), start)
                    or self.text.startswith(("'s", "’s"), end) or self.text[start - 1:start] == "(")

    def subject(self, verb_start: int, reported: bool = True, verb: bool = True) -> ActorMention | None:
        """The subject of the verb at ``verb_start``: the nearest actor before it in its sentence that
        can be a subject and stands outside quotes, skipping an appositive or a relative clause it
        closes ("X, who argued the case, said"); the sentence's first for a verb coordinated with an
        earlier one ("Democrats questioned X and objected to …"); for a verb inside reported speech
        framed as a view ("Barr has said the department has a duty to …"), the speaker; none for a
        ``verb`` right after a noun phrase of its own ("… a future president will resume …")."""
        text, parsed = self.text, self.parsed
        sentence_start = parsed.sentence_at(verb_start)[0]
        mentions = self.index.between(sentence_start, verb_start)
        governed = {i for i, a in enumerate(mentions) if not self.can_be_subject(a)}
        candidates = [a for i, a in enumerate(mentions) if i not in governed and not parsed.quote_at(a.mention.start)
                      and not a.mention.start <= verb_start < a.mention.end]
        if not candidates:
            return None
        relative = self.pattern("relative-before-verb").search(text, sentence_start, verb_start)
        if relative:
            return self._antecedent([m for m in mentions if not parsed.quote_at(m.mention.start)], relative)
        nearest = candidates[-1]
        if self.pattern("coordinated-verb").search(text, nearest.mention.end, verb_start) and len(candidates) > 1:
            return self._behind(candidates[0])
        if reported and self.pattern("reported-view").search(text, nearest.mention.end, verb_start):
            verbs = [m for m in parsed.find(self.speech, candidates[0].mention.end, nearest.mention.start)
                     if not parsed.quote_at(m.start())]
            speakers = [c for c in candidates if verbs and c.mention.end <= verbs[0].start()]
            if speakers:
                return speakers[-1]
        noun = self.pattern("noun-subject-before-verb").search(text, nearest.mention.end, verb_start) if verb else None
        if noun is not None and not self.index.between(noun.start(), verb_start) \
                and not self.pattern("own-institution").search(text, noun.start(), verb_start):
            return None  # "… a future president will resume …": the verb has a subject of its own
        nearest = self._closing_appositive(candidates, nearest, sentence_start, verb_start)
        return self._behind(self.leader(nearest, verb_start))

    def _closing_appositive(self, candidates, nearest, sentence_start: int, verb_start: int) -> ActorMention:
        """The name an appositive or relative clause closing right before the verb hangs on."""
        text = self.text
        closing = text[sentence_start:verb_start].rstrip()
        dash = next((mark for mark in _DASHES if closing.endswith(mark)), None)
        if dash is not None:
            # "Opponents of the bill -- chiefly defense lawyers -- said": the subject stands before the dashes.
            opening = text.rfind(dash, sentence_start, sentence_start + len(closing) - len(dash))
            before = [c for c in candidates if c.mention.end <= opening]
            return before[-1] if before else nearest
        if closing.endswith(","):
            return next((c for c in candidates if text[c.mention.end:c.mention.end + 2].startswith(",")), nearest)
        return nearest

    def _antecedent(self, mentions: list[ActorMention], relative: re.Match) -> ActorMention | None:
        """The subject of a verb right after a relative pronoun, whatever role its antecedent has in
        the main clause: for "who", the nearest person before it ("X, a professor at Y University who
        has opposed …"); for "that" or "which", the actor it follows, if any ("a directive that
        urged …" has none)."""
        before = [c for c in mentions if c.mention.end <= relative.start()]
        if not before:
            return None
        if relative.group(0).strip(" ,").startswith("who"):
            people = [c for c in before if c.kind == PERSON]
            return people[-1] if people else before[-1]
        between = self.pattern("party-label-between").sub("", self.text[before[-1].mention.end:relative.start()])
        return before[-1] if not between.strip(" ,") else None

    def leader(self, holder: ActorMention, limit: int) -> ActorMention:
        """The leader of a group named with it: "the defense lawyers, led by X, argued" is X's argument."""
        led_by = self.pattern("led-by").match(self.text, holder.mention.end)
        if holder.kind == GROUP and led_by is not None:
            led = self.index.between(led_by.end(), limit)
            if led and led[0].mention.start - led_by.end() <= 3:
                return led[0]
        return holder

    def _behind(self, holder: ActorMention) -> ActorMention:
        """The organisation a group is from: "protesters from the Nowhere Alliance" act as the alliance."""
        if holder.kind != GROUP:
            return holder
        following = self.index.between(holder.mention.end, holder.mention.end + 60)
        if following and following[0].kind == ORGANIZATION and self.pattern("from-organization").fullmatch(
                self.text, holder.mention.end, following[0].mention.start):
            return following[0]
        return holder

    def holder_after(self, cue_end: int, limit: int = 60) -> ActorMention | None:
        """The actor named right after a cue ("from X", "by Sen. X"), or in a list the sentence gives
        after it ("several cosponsors, including Sens. A and B")."""
        text = self.text
        skip = self.pattern("after-cue").match(text, cue_end)
        start = skip.end() if skip else cue_end
        sentence_end = self.parsed.sentence_at(cue_end)[1]
        following = self.index.between(cue_end, min(sentence_end, start + limit))
        if following and following[0].mention.start - start <= 3:
            return following[0]
        including = self.pattern("including").search(text, cue_end, sentence_end)
        if including is not None:
            # A mention may begin with the title the pattern reads ("including Sens. A, B and C").
            listed = self.index.between(including.start(), sentence_end)
            if listed and listed[0].mention.start - including.end() <= 8:
                return listed[0]
        return None

    def coordinated(self, holder: ActorMention) -> tuple[ActorMention, ...]:
        """The holder and the names coordinated with it: "A (D-Ill.), B and C introduced …" gives A,
        B and C whichever of them a role-finder found."""
        sentence = self.parsed.sentence_at(holder.mention.start)
        mentions = [a for a in self.index.between(*sentence) if not self.parsed.quote_at(a.mention.start)]
        if holder not in mentions:
            return (holder,)
        at = mentions.index(holder)
        first = last = at
        while first > 0 and self._joined(mentions[first - 1], mentions[first]):
            first -= 1
        while last + 1 < len(mentions) and self._joined(mentions[last], mentions[last + 1]):
            last += 1
        group = mentions[first:last + 1]
        return tuple(group) if len(group) > 1 and len({m.kind for m in group}) == 1 else (holder,)

    def companions(self, cue_end: int, end: int) -> tuple[ActorMention, ...]:
        """Those named as doing an act together with its holder, after it: "lobbied for repeal
        alongside the ACLU"."""
        comitative = self.pattern("comitative")
        return tuple(a for a in self.index.between(cue_end, end)
                     if comitative.search(self.text, max(cue_end, a.mention.start - 24), a.mention.start)
                     and not self.parsed.quote_at(a.mention.start))

    def _joined(self, left: ActorMention, right: ActorMention) -> bool:
        between = self.text[left.mention.end:right.mention.start]
        return bool(self.pattern("coordination").fullmatch(between)) and any(
            mark in between for mark in (",", "and", "&", "or"))


def quoted(parsed: Parsed, actors: list[ActorMention], statements: list[Statement]) -> list[Passage]:
    """The sentences of each quotation, held by its speaker."""
    by_start = {a.mention.start: a for a in actors}
    starts = [start for start, _ in parsed.sentences]
    out = []
    for statement in statements:
        speaker = by_start.get(statement.speaker_mention.start) if statement.speaker_mention else None
        if speaker is None:
            continue
        for segment in statement.segments or (statement.mention,):
            first = max(0, bisect_right(starts, segment.start) - 1)  # the sentences from the one it starts in
            for start, end in parsed.sentences[first:]:
                if start >= segment.end:
                    break
                lo, hi = max(start, segment.start), min(end, segment.end)
                if lo < hi:
                    out.append(Passage((speaker,), lo, hi, "quote", None, statement.mention))
    return out


def reported(parsed: Parsed, domain: Domain, roles: Roles) -> list[Passage]:
    """Reported speech: a speaker and a verb of saying outside quotes, and what follows in its
    clause. A verb that asks ("asked whether") reports no claim; a news outlet cited as a source
    ("according to The Associated Press") reports what others said."""
    text = parsed.prose
    asks = roles.pattern("asks")
    out = []
    seen: set[int] = set()
    for match in parsed.matches(domain.grammar, "attribution"):
        verb = match.span("verb")
        if verb is None or verb[0] in seen or parsed.quote_at(verb[0]) or asks.match(text, verb[1]):
            continue
        sentence = parsed.sentence_at(verb[0])
        if match.rule.get("speaker") == "subject" or "speaker" not in match.captures:
            holder = roles.subject(verb[0], reported=False)
        else:
            inside = roles.index.between(*match.span("speaker"))
            holder = roles.leader(inside[0], verb[0]) if inside else None
            if holder is not None and verb[0] > holder.mention.end and not roles.can_be_subject(holder) \
                    and text[verb[0]:verb[1]].endswith("ing"):
                # "sent a memo to the Committee arguing that …": the participle is the sentence subject's.
                holder = roles.subject(verb[0], reported=False)
        if holder is None or _is_outlet(domain, holder):
            continue
        seen.add(verb[0])
        speaker = match.span("speaker")
        if speaker is not None and speaker[0] >= verb[1]:
            start, end = sentence[0], verb[0]  # "…, said X": what is reported stands before the verb
        elif re.search(r",\s*(?:the\s+)?$", text[sentence[0]:holder.mention.start]) \
                and roles.pattern("attribution-tail").fullmatch(text, verb[1], sentence[1]):
            start, end = sentence[0], holder.mention.start  # "…, the department said Friday."
        else:
            stop = roles.pattern("clause-stop").search(text, verb[1], sentence[1])
            start, end = verb[1], stop.start() if stop else sentence[1]
            if roles.pattern("parenthetical-attribution").match(text, verb[1]) and \
                    text[sentence[0]:holder.mention.start].rstrip().endswith(","):
                start = sentence[0]  # "Capital cases cost eight times as much, he said, and …": the whole sentence
        out.append(Passage(roles.coordinated(holder), start, end, "report", match))
    return out


def _is_outlet(domain: Domain, holder: ActorMention) -> bool:
    """A news outlet cited as a source; its editorial board argues like anyone else."""
    words = set(holder.name.replace("’", "'").split())
    return bool(words & set(domain.grammar.set("news-outlet-word"))) and "editorial" not in holder.name.lower()


def arguments(parsed: Parsed, domain: Domain) -> list[Match]:
    """The argument grammar's matches that are asserted: not inside a question or condition ("not
    about whether murderers deserve to die")."""
    grammar = domain.grammar
    asked = grammar.pattern("argument-asked")
    return [m for m in parsed.matches(grammar, "argument")
            if not asked.search(parsed.prose, max(parsed.sentence_at(m.start)[0], m.start - 60), m.start)]


def acts(parsed: Parsed, domain: Domain, roles: Roles, measures: list[Measure], lede: Measure | None,
         statements: list[Statement] = ()) -> list[Act]:
    """The acts of the stance grammar with their holders and targets. Inside a quotation only acts in
    the first person count ("I will fight this bill"), held by its speaker."""
    text = parsed.prose
    reversing = phrase_pattern(domain.grammar.set("reversing-word"))
    negation = phrase_pattern(domain.cues("negation"))
    nominal = roles.pattern("nominal")

    def named_only(match: Match) -> bool:
        """"the signing of the bill", "the governor's veto": the verb's noun names an act, it does not report one."""
        start = (match.span("cue") or (match.start, match.end))[0]
        return match.rule.get("holder") != "after" and bool(nominal.search(text, max(0, start - 8), start))

    # Words of a measure's own description ("the decision to halt executions", "a bill that would ban …")
    # are no one's act.
    opener = roles.pattern("description-opener")
    described = [(m.named.start, m.named.end) for m in measures if m.named is not None
                 and opener.match(text, m.mention.end, m.named.end)]

    def describes(match: Match) -> bool:
        start = (match.span("cue") or (match.start, match.end))[0]
        return any(lo < start < hi for lo, hi in described)

    hypothetical = roles.pattern("hypothetical-act")

    def supposed(match: Match) -> bool:
        """"Prosecutors could seek death only if …": what a measure would let someone do is no one's act."""
        start = (match.span("cue") or (match.start, match.end))[0]
        return bool(hypothetical.search(text, max(0, start - 16), start))

    matches = [m for m in parsed.matches(domain.grammar, "act")
               if not named_only(m) and not describes(m) and not supposed(m)]
    turning = [m.start for m in matches if m.rule.get("value") == "opposes" or m.rule.get("target") == "reversing"]
    by_start = {a.mention.start: a for a in roles.index}
    deferred: dict[int, ActorMention] = {}
    out = []
    for match in matches:
        cue = match.span("cue") or (match.start, match.end)
        sentence = parsed.sentence_at(cue[0])
        value = str(match.rule.get("value", "supports"))
        if parsed.quote_at(cue[0]):
            speaker = _first_person_speaker(roles, statements, by_start, cue[0]) \
                if match.rule.get("first-person", True) else None
            if speaker is not None:
                target = _object(roles, measures, cue[1], sentence[1], reversing)
                target = lede if target is None or target is _NO_MEASURE else target
                if negation is not None and parsed.find(negation, max(sentence[0], cue[0] - 20), cue[0]):
                    value = other_side(value)  # "I decided not to grant clemency"
                passage = Passage((speaker,), cue[0], sentence[1], "act", match)
                out.append(Act(passage, value, target, bool(match.rule.get("criticism"))))
            continue
        inner = next((start for start in turning if cue[1] < start <= min(cue[1] + _NESTED, sentence[1])), None)
        if value == "supports" and match.rule.get("target") is None and inner is not None \
                and measures_nearest(measures, cue[1], inner) is None:
            # "supporting efforts to overturn …", "called on X to commute …": the inner act decides,
            # and is this act's holder's when it has no subject of its own ("campaigned on a pledge to
            # work toward abolishing …").
            if match.rule.get("holder") != "after" and (outer := _acting_subject(roles, sentence, cue)) is not None:
                deferred.setdefault(inner, outer)
            continue
        if match.rule.get("holder") == "after":
            holder = roles.holder_after(match.end)
            # "X commuted the sentences, drawing criticism from Y": a reaction is to the act before it;
            # "A push to abolish … has the backing of X": else to the sentence's first measure.
            done = [act for act in out if sentence[0] <= act.passage.start < cue[0] and act.target is not None
                    and act.passage.cue.rule.get("holder") != "after"]
            target = _as_measure(done[-1]) if done else \
                measures_nearest(measures, sentence[0], cue[0]) or measures_nearest(measures, cue[1], sentence[1])
        else:
            holder = _acting_subject(roles, sentence, cue, verb=not match.rule.get("noun-cue")) or deferred.get(match.start)
            target = _object(roles, measures, cue[1], sentence[1], reversing,
                             whole=match.rule.get("object-reach") == "sentence")
            if target is _NO_MEASURE and match.rule.get("target") == "lede":
                target = None
            if target is _NO_MEASURE and match.rule.get("target") is None:
                continue
        if holder is None or roles.pattern("questioned").search(
                text, max(sentence[0], holder.mention.start - 12), cue[0]):
            continue  # "asked whether the county backs …" asserts nothing
        kind = match.rule.get("target")
        if kind == "vetoed":
            target = lede
        elif kind in ("reversing", "punitive"):
            target = Measure(parsed.document.id, Mention(cue[0], cue[1], text[cue[0]:cue[1]]), text[cue[0]:cue[1]],
                             kind == "reversing", match.rule.name, described=True)
        elif target is None or target is _NO_MEASURE:
            target = lede
        if negation is not None and parsed.find(negation, max(sentence[0], cue[0] - 20), cue[0]):
            value = other_side(value)  # "has never supported the bill"
        holders = roles.coordinated(holder)
        holders += tuple(a for a in roles.companions(cue[1], sentence[1]) if a not in holders)
        passage = Passage(holders, cue[0], sentence[1], "act", match)
        out.append(Act(passage, value, target, bool(match.rule.get("criticism")) and value == "opposes"))
    return out


def _as_measure(act: Act) -> Measure:
    """An act as what a reaction is to: "halting executions" reverses the penalty as a measure."""
    target = act.target
    return target if act.value == "supports" else replace(target, reverses=not target.reverses)


def _acting_subject(roles: Roles, sentence: tuple[int, int], cue: tuple[int, int], verb: bool = True) -> ActorMention | None:
    """Who does an act named by a verb: no one for a passive verb; for an infinitive whose subject is
    the object of the verb before it ("X directed prosecutors to seek …"), whoever did that verb."""
    text = roles.text
    progressive = re.match(r"\w+ing\b", text[cue[0]:cue[1]])  # "is seeking": an auxiliary, yet active
    if not progressive and roles.pattern("passive-before-verb").search(text, sentence[0], cue[0]):
        return None
    holder = roles.subject(cue[0], verb=verb)
    verb_start = cue[0] + 3 if text.startswith("to ", cue[0]) else cue[0]
    if holder is not None and roles.pattern("controlled-infinitive").fullmatch(text, holder.mention.end, verb_start):
        holder = roles.subject(holder.mention.start)
    return holder


def _object(roles: Roles, measures: list[Measure], cue_end: int, sentence_end: int, reversing=None,
            whole: bool = False):
    """What an act is done to: the measure its object names ("introduced the legislation"; a measure
    the object reverses, "called for ending the death penalty", reverses it), None for a pronoun
    ("voted against it": the article's measure), or ``_NO_MEASURE`` when its object is something
    else ("defending people accused of …"). The object is its first words, or with ``whole`` the rest
    of the sentence."""
    text = roles.text
    window = roles.pattern("object-window").match(text, cue_end, sentence_end)
    end = sentence_end if whole else window.end() if window else min(sentence_end, cue_end + 1)
    found = measures_nearest(measures, cue_end, end + 1)
    if found is not None:
        if not found.reverses and found.reversed_by_act and reversing is not None \
                and roles.parsed.find(reversing, cue_end, found.mention.start):
            return replace(found, reverses=True, described=True)
        return found
    if roles.pattern("object-pronoun").match(text, cue_end):
        return None
    named = roles.index.between(cue_end, min(sentence_end, cue_end + 6))
    if named and (named[0].kind in (PERSON, ORGANIZATION) or named[0].rule == "document-reference"):
        return None  # "rebuked Barr", "condemned the order": what the article says they did
    return _NO_MEASURE


_NO_MEASURE = Measure("", Mention(0, 0, ""), "", False)


def _first_person_speaker(roles: Roles, statements, by_start: dict, cue_start: int) -> ActorMention | None:
    """The speaker of the quotation holding a first-person act: "I will fight this bill"."""
    start = max(roles.parsed.sentence_at(cue_start)[0], cue_start - 40)
    if not roles.pattern("first-person-before-verb").search(roles.text, start, cue_start):
        return None
    for statement in statements:
        if statement.mention.start <= cue_start < statement.mention.end and statement.speaker_mention is not None:
            return by_start.get(statement.speaker_mention.start)
    return None


def measures_nearest(measures: list[Measure], start: int, end: int, *, before: bool = False) -> Measure | None:
    """The first measure inside ``start:end`` (the last with ``before``)."""
    inside = [m for m in measures if start <= m.mention.start and m.mention.end <= end]
    if not inside:
        return None
    return inside[-1] if before else inside[0]
