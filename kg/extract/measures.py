"""Measures: what stances and objections are about, named as the article names them.

The measure rules of ``ontology/grammar/measures.yaml`` find the death penalty itself, executions,
moratoria, repeals, commutations, bills, memos and plans. A measure is punitive or reverses the
penalty; a neutral noun ("the bill", "the decision") takes its direction from its description ("a bill
to repeal capital punishment"), else from the measure of the article's lede, which is what an
unqualified "the bill" refers to; a veto goes against the lede's measure. The domain's precedents are
rulings that limit the penalty, so a mention of one reverses it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kg.domain import Domain
from kg.extract.text import Parsed
from kg.phrases import phrase_pattern
from kg.models import Measure, Mention

_REVERSAL = "reversing-measure"
"""The rule of nouns that are reversals themselves ("pause", "moratorium"): one reversed resumes the penalty."""
_DESCRIPTION_TOKENS = 14
_OBJECT_CHARS = 32
_LEDE_PARAGRAPHS = 2
_LABEL_CHARS = 80


@lru_cache(maxsize=8)
def _patterns(domain: Domain):
    grammar = domain.grammar
    return (phrase_pattern(grammar.set("reversing-word")), phrase_pattern(grammar.set("punitive-word")),
            phrase_pattern(p.name for p in domain.precedents),
            phrase_pattern([*grammar.set("reversing-noun"), *(p.name for p in domain.precedents)]))


@lru_cache(maxsize=8)
def _penalty(domain: Domain):
    """The words that name the penalty itself, which end a measure's description."""
    return phrase_pattern(domain.policy_cues)


def extract(parsed: Parsed, domain: Domain) -> list[Measure]:
    """Every measure mention in text order, each with its direction; neutral nouns are resolved
    against the lede's measure."""
    reversing, punitive, precedents, reversed_nouns = _patterns(domain)
    penalty = _penalty(domain)
    found: list[tuple[Mention, str, str, bool, Mention | None]] = []
    taken: list[tuple[int, int]] = []
    grammar = domain.grammar
    modifying = grammar.pattern("penalty-modifying-people")
    reversed_after = grammar.pattern("penalty-reversed-after")
    for match in parsed.matches(grammar, "measure"):
        if any(s < match.end and match.start < e for s, e in taken):
            continue
        if match.rule.get("direction") == "punitive" and modifying.match(parsed.prose, match.end):
            continue
        mention = Mention(match.start, match.end, parsed.prose[match.start:match.end])
        direction = match.rule.get("direction", "neutral")
        if direction == "punitive" and reversed_after.match(parsed.prose, match.end):
            direction = "reversing"  # "the Death Penalty Abolition Act"
        if direction == "neutral":
            direction = _described(parsed, grammar, match.end, reversing, punitive, reversed_nouns)
        named = _with_description(parsed, grammar, mention, penalty) if direction in ("punitive", "reversing") \
            and match.rule.get("direction", "neutral") == "neutral" else None
        found.append((mention, direction, match.rule.name, _reversed_before(parsed, grammar, match.start, reversing),
                      named))
        taken.append((match.start, match.end))
    for match in parsed.find(precedents):
        found.append((Mention(match.start(), match.end(), match.group(0)), "reversing", "precedent", False, None))
    found.sort(key=lambda item: item[0].start)
    lede = _lede_direction(parsed, found)
    measures = []
    for mention, direction, rule, reversed_by_act, named in found:
        if direction == "counter":  # a veto of the article's measure goes against it
            resolved = "punitive" if lede == "reversing" else "reversing"
        else:
            resolved = direction if direction in ("punitive", "reversing") else lede
        measures.append(Measure(parsed.document.id, mention, (named or mention).text, resolved == "reversing", rule,
                                described=direction in ("punitive", "reversing"), reversed_by_act=reversed_by_act,
                                counters=direction == "counter", named=named))
    return measures


def _with_description(parsed: Parsed, grammar, head: Mention, named_penalty) -> Mention | None:
    """The noun with the words of its clause up to the penalty they name: its name as the article gives
    it ("bill to repeal capital punishment"); None when the clause names no penalty within
    ``_LABEL_CHARS`` characters."""
    stop = min(_clause_end(parsed, grammar, head.end), head.end + _LABEL_CHARS)
    named = next(iter(parsed.find(named_penalty, head.end, stop)), None)
    if named is None:
        return None
    return Mention(head.start, named.end(), parsed.prose[head.start:named.end()])


def _described(parsed: Parsed, grammar, end: int, reversing, punitive, reversed_nouns) -> str:
    """A neutral noun's direction from the words after it in its clause: "a bill to repeal …". A
    reversing word whose object itself reverses the penalty ("efforts to overturn the decision in
    Kennedy v. Louisiana", "lift the moratorium") turns twice."""
    stop = _clause_end(parsed, grammar, end)
    named = next(iter(parsed.find(reversed_nouns, end, min(stop, end + 30))), None)
    if named is not None and grammar.pattern("named-in").match(parsed.prose, end, named.start()):
        return "reversing"  # "the decision in Kennedy v. Louisiana"
    # A reversing verb in the passive is done to the noun, it does not describe it: "the law would be
    # struck down".
    passive = grammar.pattern("passive-before-verb")
    first_reversing = next((m for m in parsed.find(reversing, end, stop)
                            if not passive.search(parsed.prose, end, m.start())
                            and _reverses_penalty(parsed, m, punitive, reversed_nouns)), None)
    first_punitive = next(iter(parsed.find(punitive, end, stop)), None)
    if first_punitive is not None and first_reversing is not None \
            and _IMPOSED.fullmatch(parsed.prose, first_punitive.end(), first_reversing.start()):
        first_punitive = None  # "an order imposing a moratorium": the verb's object reverses
    if first_reversing is not None and (first_punitive is None or first_reversing.start() <= first_punitive.start()):
        # Only the reversing word's own object turns it: "lift the statewide moratorium", not a
        # moratorium named further on ("…, ending the furthest any repeal effort has gone").
        object_end = min(stop, first_reversing.end() + _OBJECT_CHARS)
        turned = next(iter(parsed.find(reversed_nouns, first_reversing.end(), object_end)), None)
        if turned is not None and "," in parsed.prose[first_reversing.end():turned.start()]:
            turned = None
        return "punitive" if turned is not None else "reversing"
    if first_punitive is not None:
        return "punitive"
    return "neutral"


_IMPOSED = re.compile(r"\s+(?:an?|the)\s+(?:[\w-]+\s+)?")
"""What stands between a verb and its object noun: "imposing a statewide moratorium"."""


def _reverses_penalty(parsed: Parsed, word: re.Match, punitive, reversed_nouns) -> bool:
    """A reversing word that describes a measure: a reversal named as such ("a moratorium", "life in
    prison"), or a verb whose object names the penalty ("end executions"), not one that ends
    something else ("end the excuse for not carrying out sentences")."""
    if parsed.find(reversed_nouns, word.start(), word.end()) or " " in word.group(0):
        return True
    following = parsed.prose[word.end():word.end() + _OBJECT_CHARS]
    if not following.strip() or following.lstrip()[:1] in ",.;:":
        return True  # "a bill to repeal": the verb's object is the noun itself
    return bool(parsed.find(punitive, word.end(), word.end() + _OBJECT_CHARS)
                or parsed.find(reversed_nouns, word.end(), word.end() + _OBJECT_CHARS))


def _clause_end(parsed: Parsed, grammar, start: int) -> int:
    sentence_end = parsed.sentence_at(start)[1] if parsed.sentences else len(parsed.prose)
    limit = min(sentence_end, start + _DESCRIPTION_TOKENS * 8)
    stop = grammar.pattern("description-end").search(parsed.prose, start, limit)
    return stop.start() if stop else limit


def _reversed_before(parsed: Parsed, grammar, start: int, reversing) -> bool:
    """A reversing word just before a punitive measure ("abolished the death penalty", "ban the
    federal death penalty")."""
    window = max(parsed.sentence_at(start)[0], start - 30)
    return bool(parsed.find(reversing, window, start)) and not grammar.pattern("reversal-break").search(
        parsed.prose, window, start)


def _lede_direction(parsed: Parsed, found: list[tuple[Mention, str, str, bool, Mention | None]]) -> str:
    """The direction of the article's own measure: the first measure of its first paragraphs whose
    direction its words give; an article that opens with a measure being reversed ("withdrew a
    directive", "abolished the death penalty") is about the reversal."""
    paragraphs = parsed.paragraphs[:_LEDE_PARAGRAPHS]
    end = paragraphs[-1][1] if paragraphs else 0
    for mention, direction, rule, reversed_by_act, _ in found:
        if mention.start >= end:
            break
        if direction == "counter":
            continue  # "overrode the veto of a bill that …": the bill is the article's measure
        if rule == _REVERSAL and reversed_by_act:
            return "punitive"  # "ending a 16-year pause in federal executions": a reversal reversed
        if direction == "reversing" or reversed_by_act:
            return "reversing"
        if direction == "punitive" and not mention.text.lower().startswith(("execution", "executions")):
            return "punitive"
    return "punitive"


def main(measures: list[Measure], parsed: Parsed) -> Measure | None:
    """The article's measure: the first one its lede describes; when the lede reverses it
    ("commuted three death sentences"), the reversal, and when it reverses a reversal ("ending a
    pause in federal executions"), the penalty again."""
    paragraphs = parsed.paragraphs[:_LEDE_PARAGRAPHS]
    end = paragraphs[-1][1] if paragraphs else 0
    described = [m for m in measures if m.mention.start < end and (m.described or m.reversed_by_act)
                 and not m.counters]
    first = described[0] if described else (measures[0] if measures else None)
    if first is not None and first.reversed_by_act and first.rule == _REVERSAL:
        return replace(first, reverses=False, described=True)  # "ended a pause in executions"
    if first is not None and first.reversed_by_act and not first.reverses:
        return replace(first, reverses=True, described=True)
    return first
