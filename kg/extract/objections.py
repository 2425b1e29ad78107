"""Objections: arguments against a measure, one per objector and basis, with the precedents they invoke.

An objection is made in a passage an actor holds (a quotation, reported speech, or a criticism such
as "X condemned the plan"), never in the article's own voice. An argument reported with a verb of
arguing ("X argued the state should follow …") is an objection even when its basis is unstated. Words inside an argument for punishment ("reverse the precedent")
carry no basis. Its basis comes from the argument's
words, by the table of ``ontology/grammar/objections.yaml``; a criticism that states none is
``other``. The side an argument takes is the penalty's opponents' unless its words tie it to its
target: opposing a repeal, or finding that a commutation "did not go far enough".
"""
from __future__ import annotations

import re

from eyecite import get_citations
from eyecite.models import FullCaseCitation

from kg.domain import Domain
from kg.extract.passages import Act, Passage, arguments as asserted_arguments
from kg.extract.text import Parsed
from kg.grammar import Match
from kg.models import Measure, Mention, Objection

_UNSTATED = 0.4
"""The confidence of an objection whose basis is not stated: an argument for punishment in the same
words outweighs it."""


def extract(parsed: Parsed, domain: Domain, passages: list[Passage], acts: list[Act], measures: list[Measure],
            lede: Measure | None) -> list[Objection]:
    """The objections of every passage and criticism, in text order."""
    arguments = asserted_arguments(parsed, domain)
    found_bases = parsed.matches(domain.grammar, "basis")
    # Words inside a longer phrase of another basis belong to it: "cruel" in "cruel and unusual".
    bases = [m for m in found_bases
             if not any(a.start <= m.start and m.end <= a.end for a in arguments)
             and not any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                         and o.rule.get("basis") != m.rule.get("basis") for o in found_bases)]
    criticisms = {id(a.passage): a for a in acts if a.criticism}
    argue = frozenset(domain.grammar.set("argue-verb"))
    out: list[Objection] = []
    for passage in [*passages, *(a.passage for a in acts if a.criticism)]:
        if all(h.rule == "document-reference" for h in passage.holders):
            continue
        found = [m for m in bases if passage.start <= m.start and m.end <= passage.end]
        act = criticisms.get(id(passage))
        argued = passage.kind == "report" and passage.cue is not None and \
            passage.cue.text(parsed.prose, "verb").lower() in argue
        reversal = _reversal_objection(parsed, arguments, measures, lede, passage)
        if reversal is not None:
            out.extend(reversal)
        if not found and act is None and not argued:
            continue
        if not found and argued and any(passage.start <= a.start and a.end <= passage.end for a in arguments):
            continue  # "argued that they still deserve the death penalty": an argument for, not against
        side = _side(found, act or _act_beside(parsed, acts, passage), measures, lede, passage)
        by_basis: dict[str, Match | None] = {}
        for match in found:
            by_basis.setdefault(str(match.rule.get("basis")), match)
        if not by_basis:
            by_basis["other"] = None
        for basis, match in by_basis.items():
            court, precedents, candidates = (None, (), ())
            if basis == "court-precedent":
                sentence = parsed.sentence_at(passage.start)
                court, precedents, candidates = _authority(parsed, domain, sentence[0], max(sentence[1], passage.end))
            cue = parsed.prose[match.start:match.end] if match else (
                parsed.prose[passage.cue.start:passage.cue.end] if passage.cue else None)
            start, end = _evidence(parsed, passage)
            for holder in passage.holders:
                out.append(Objection(
                    parsed.document.id, Mention(start, end, parsed.prose[start:end]), basis, holder.mention,
                    court=court, precedents=precedents, candidate_precedents=candidates, statement=passage.statement,
                    cue=cue, rule=match.rule.name if match else passage.cue.rule.name,
                    confidence=match.rule.confidence if match else _UNSTATED, stance=side,
                    stated=match is not None and not match.rule.get("unstated"),
                    takes_side=match is None or match.rule.get("implies-stance", True)))
    return sorted(out, key=lambda o: (o.mention.start, o.basis))


def _reversal_objection(parsed: Parsed, arguments: list[Match], measures: list[Measure], lede: Measure | None,
                        passage: Passage) -> list[Objection] | None:
    """An argument for punishment said of a measure that reverses the penalty ("he deserves the full
    weight of the law" of a decision not to seek death) objects to it, on its rule's ``reversal-basis``."""
    match = next((a for a in arguments if passage.start <= a.start and a.end <= passage.end
                  and a.rule.get("reversal-basis")), None)
    if match is None:
        return None
    inside = [m for m in measures if passage.start <= m.mention.start and m.mention.end <= passage.end]
    target = next((m for m in inside if m.against_penalty), None) if inside else lede
    if target is None or not target.against_penalty:
        return None
    start, end = _evidence(parsed, passage)
    return [Objection(parsed.document.id, Mention(start, end, parsed.prose[start:end]),
                      str(match.rule.get("reversal-basis")), holder.mention, statement=passage.statement,
                      cue=parsed.prose[match.start:match.end], rule=match.rule.name,
                      confidence=match.rule.confidence, stance="supports")
            for holder in passage.holders if holder.rule != "document-reference"]


def _evidence(parsed: Parsed, passage: Passage) -> tuple[int, int]:
    """The words an objection cites: its passage, trimmed of surrounding space."""
    text = parsed.prose[passage.start:passage.end]
    start = passage.start + len(text) - len(text.lstrip())
    return start, start + len(text.strip())


def _act_beside(parsed: Parsed, acts: list[Act], passage: Passage) -> Act | None:
    """An act its holder does in the passage's own sentence ("call on X to commute …, citing …")."""
    sentence = parsed.sentence_at(passage.start)
    holders = {h.mention.start for h in passage.holders}
    return next((a for a in acts if sentence[0] <= a.passage.start < sentence[1]
                 and holders & {h.mention.start for h in a.passage.holders}), None)


def _side(found: list[Match], act: Act | None, measures: list[Measure], lede: Measure | None,
          passage: Passage) -> str:
    """Which side an argument takes toward the punitive measure: its words' own side; for words that
    judge whatever they are about, the side against the measure nearest to them, else the side of
    what the holder does in the same sentence, else the side against the article's measure; for an
    argument without words of a basis, the side of what its holder does, else against the first
    measure it names, else against the article's."""
    for match in found:
        relation = match.rule.get("stance")
        if relation in ("opposes-target", "supports-target"):
            target = _nearest(measures, match, passage)
            if target is None and act is not None:
                return act.stance
            target = target or lede
            against_target = target is not None and target.against_penalty
            if relation == "opposes-target":
                return "supports" if against_target else "opposes"
            return "opposes" if against_target else "supports"
    if act is not None:
        return act.stance
    if not found:
        # An argument that states no basis ("X argued …") is against what it is about.
        inside = [m for m in measures if passage.start <= m.mention.start and m.mention.end <= passage.end]
        target = inside[0] if inside else lede
        return "supports" if target is not None and target.against_penalty else "opposes"
    return "opposes"


def _nearest(measures: list[Measure], match: Match, passage: Passage) -> Measure | None:
    """The measure of the passage closest to a judgement's words."""
    inside = [m for m in measures if passage.start <= m.mention.start and m.mention.end <= passage.end]
    return min(inside, key=lambda m: min(abs(m.mention.start - match.end), abs(match.start - m.mention.end)),
               default=None)


def _authority(parsed: Parsed, domain: Domain, start: int, end: int):
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
    years = set(domain.grammar.pattern("decision-year").findall(text))
    by_year = [p.iri for p in domain.precedents if p.year in years]
    if len(by_year) == 1:
        return court, tuple(by_year), ()
    lowered = text.lower()
    fitting = sorted({p.iri for p in domain.precedents if any(cue.lower() in lowered for cue in p.cues)})
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
