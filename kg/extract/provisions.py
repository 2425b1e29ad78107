"""Legal provisions: explicit U.S. Code citations, the statutory circumstances described in prose,
state bills, and statutes referred to without a citation.

Citations are found with eyecite plus patterns for the forms it misses ("21 U.S.C. 848(e)",
"section 1959 of title 18", "Title 21, Section 848"). Circumstances are recognised from the cue
phrases in the domain data, only in sentences that talk about when the law allows the penalty.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from eyecite import get_citations
from eyecite.models import FullLawCitation

from kg.domain import Circumstance, Domain
from kg.extract.text import Parsed, Phrases, alternation, phrase_pattern
from kg.models import Mention, ProvisionMention

_USC = re.compile(r"\b(\d{1,2})\s+U\.?\s?S\.?\s?C\.?\s*(?:A\.?\s*)?(?:§+|[Ss]ec(?:tion|\.)?)?\s*(\d+[a-z]?)((?:\s?\([0-9a-zA-Z]{1,4}\))*)")
_USC_LETTERS = re.compile(r"U\.?\s?S\.?\s?C")
_SECTION_OF_TITLE = re.compile(r"(?i)\bsection\s+(\d+[a-z]?)((?:\([0-9a-z]{1,4}\))*)\s+of\s+title\s+(\d{1,2})\b")
_TITLE_SECTION = re.compile(r"(?i)\btitle\s+(\d{1,2}),?\s+section\s+(\d+[a-z]?)((?:\([0-9a-z]{1,4}\))*)")
_SECTION = re.compile(r"(?i)section")
_BILL = re.compile(r"\b(?:(Senate|House|Assembly|Legislative)\s+Bill\s+(?:No\.\s*)?(\d+)"
                   r"|(S\.?B\.?|H\.?B\.?|A\.?B\.?|L\.?B\.?|S\.?F\.?|H\.?F\.?)\s?(\d+))\b")
_BILL_MARKS = ("Bill", "SB", "S.B", "HB", "H.B", "AB", "A.B", "LB", "L.B", "SF", "S.F", "HF", "H.F")


_CHAMBERS = {"S": "Senate", "H": "House", "A": "Assembly", "L": "Legislative"}
_ITEM_BREAK = re.compile(r",\s+(?:and\s+|or\s+)?|;\s+|\s+(?:and|or)\s+(?=cases\b|those\b|when\b|where\b|if\b|with\b|for\b)")
_ITEM_LEAD = re.compile(r"(?i)\s*(?:those|these|they)\s+include\s+")
_SPACE = re.compile(r"\s")


def _key(title: str, section: str, subsections: str) -> tuple[str, str, str]:
    return title, section.lower(), _SPACE.sub("", subsections).lower()


def _citation_key(citation: str) -> tuple[str, str, str] | None:
    match = _USC.search(citation)
    return _key(match.group(1), match.group(2), match.group(3)) if match else None


def _format(key: tuple[str, str, str]) -> str:
    title, section, subsections = key
    return f"{title} U.S.C. § {section}{subsections}"


def extract(parsed: Parsed, domain: Domain) -> list[ProvisionMention]:
    lexicon = _lexicon(domain)
    found: list[ProvisionMention] = []
    found.extend(_citations(parsed, lexicon))
    found.extend(_circumstances(parsed, lexicon))
    found.extend(_bills(parsed, lexicon))
    found.extend(_acts(parsed, lexicon))
    found.extend(_state_codes(parsed, lexicon))
    found.extend(_statutes(parsed, lexicon, found))
    seen: set[str] = set()
    unique = []
    for record in sorted(found, key=lambda r: (r.mention.start, r.mention.end)):
        identity = record.provision or record.citation or record.label.lower()
        if identity not in seen:
            seen.add(identity)
            unique.append(record)
    return unique


@dataclass(frozen=True)
class _Lexicon:
    """The domain's cues compiled into patterns, once per domain."""

    policy: Phrases | None
    context: Phrases | None
    strong_cues: tuple[tuple[Circumstance, Phrases | None], ...]
    all_cues: tuple[tuple[Circumstance, Phrases | None], ...]
    citation_keys: tuple[tuple[Circumstance, tuple[str, str, str] | None], ...]
    places: Phrases | None
    statute_nouns: Phrases | None
    authorising_verbs: Phrases | None
    bill_nouns: frozenset[str]
    code_sections: re.Pattern | None
    """A section of a state code named in prose: "Section 13A-5-40 of the Alabama Code"."""
    code_notations: Mapping[str, str]
    """Each code's name, lower-cased, to the abbreviation it is cited by ("alabama code" → "Ala. Code")."""


@lru_cache(maxsize=8)
def _lexicon(domain: Domain) -> _Lexicon:
    """Compiled once per domain (domains compare by identity): building a pattern sorts all its phrases."""
    return _Lexicon(
        policy=phrase_pattern(domain.policy_cues),
        context=phrase_pattern(domain.cues("circumstance-context")),
        strong_cues=tuple((c, phrase_pattern(c.strong_cues)) for c in domain.circumstances),
        all_cues=tuple((c, phrase_pattern(c.strong_cues + c.cues)) for c in domain.circumstances),
        citation_keys=tuple((c, _citation_key(c.citation)) for c in domain.circumstances),
        places=phrase_pattern(domain.places, case_sensitive=True),
        statute_nouns=phrase_pattern(domain.cues("statute-noun") + domain.cues("bill-noun")),
        authorising_verbs=phrase_pattern(domain.cues("authorising-verb") + (
            "would make", "would allow", "would expand", "would add", "would impose")),
        bill_nouns=frozenset(n.lower() for n in domain.cues("bill-noun")),
        code_sections=_code_sections([form for code in domain.code_names for form in code.forms]),
        code_notations=MappingProxyType({form.lower(): code.notation for code in domain.code_names for form in code.forms}))


def _code_sections(names: list[str]) -> re.Pattern | None:
    if not names:
        return None
    code = alternation(names)
    return re.compile(rf"\bsection\s+(?P<section>{_SECTION_NUMBER})\s+of\s+(?:the\s+)?(?P<code>{code})\b"
                      rf"|\b(?P<named>{code}),?\s+(?:section\s+|§\s*)(?P<number>{_SECTION_NUMBER})", re.IGNORECASE)


def _known(lexicon: _Lexicon, key: tuple[str, str, str]) -> Circumstance | None:
    """The domain provision a citation points to: same title and section, and the subsections
    agree as far as the citation goes ("§ 848(e)(1)" names § 848(e)). A citation without subsections
    names only a provision without them: § 848, the whole enterprise statute, is not § 848(e)."""
    matches = []
    for circumstance, known in lexicon.citation_keys:
        if known and known[:2] == key[:2] and (known[2] == key[2] or key[2] and (
                known[2].startswith(key[2]) or key[2].startswith(known[2]))):
            matches.append(circumstance)
    return matches[0] if len(matches) == 1 else None


def _citations(parsed: Parsed, lexicon: _Lexicon) -> list[ProvisionMention]:
    text = parsed.prose
    spans = _code_citations(text) + _section_citations(text)
    out = []
    taken: list[tuple[int, int]] = []
    for start, end, key in sorted(spans, key=lambda s: (s[0], -s[1])):
        if any(start < e and end > s for s, e in taken):
            continue
        taken.append((start, end))
        known = _known(lexicon, key)
        out.append(ProvisionMention(
            parsed.document.id, Mention(start, end, text[start:end]), known.label if known else _format(key),
            citation=known.citation if known else _format(key), provision=known.iri if known else None,
            jurisdiction="United States", inferred=False, cue=text[start:end], rule="citation", confidence=0.95))
    return out


def _code_citations(text: str) -> list[tuple[int, int, tuple[str, str, str]]]:
    """Spans and keys of "21 U.S.C. 848(e)" and the like, found by eyecite or ``_USC``. Both need
    the letters U, S, C in a row, which one quick search finds missing from most documents."""
    if not _USC_LETTERS.search(text):
        return []
    spans = []
    for citation in (get_citations(text) if "U.S.C" in text or "USC" in text else ()):
        if isinstance(citation, FullLawCitation) and citation.span()[1] > citation.span()[0]:
            start, end = citation.span()
            match = _USC.search(text, start, min(len(text), end + 20))
            if match and match.start() == start:
                spans.append((start, match.end(), _key(match.group(1), match.group(2), match.group(3))))
    for match in _USC.finditer(text):
        spans.append((match.start(), match.end(), _key(match.group(1), match.group(2), match.group(3))))
    return spans


def _section_citations(text: str) -> list[tuple[int, int, tuple[str, str, str]]]:
    """Spans and keys of "section 1959 of title 18" and "Title 21, Section 848": looked for only in
    a document with the word "section", which is quick to find, where the patterns are slow."""
    if not _SECTION.search(text):
        return []
    spans = []
    for match in _SECTION_OF_TITLE.finditer(text):
        spans.append((match.start(), match.end(), _key(match.group(3), match.group(1), match.group(2))))
    for match in _TITLE_SECTION.finditer(text):
        spans.append((match.start(), match.end(), _key(match.group(1), match.group(2), match.group(3))))
    return spans


def _circumstances(parsed: Parsed, lexicon: _Lexicon) -> list[ProvisionMention]:
    """Circumstances described in words. Strong cues ("continuing criminal enterprise") count in any
    sentence of a document about the policy; weak ones ("large quantities", "firearm") only in a
    sentence about when the law allows the penalty, or in the sentence right after one ("Those
    include cases which involve racketeering, ...")."""
    text = parsed.prose
    if not parsed.find(lexicon.policy):
        return []
    sentences = parsed.sentences
    context = _sentences_with(parsed, lexicon.context)
    policy = _sentences_with(parsed, lexicon.policy)
    about_penalty = [sentence in context and sentence in policy for sentence in sentences]
    weak = [here or (index > 0 and about_penalty[index - 1]) for index, here in enumerate(about_penalty)]
    cues = {False: _cues_by_sentence(parsed, lexicon.strong_cues),
            True: _cues_by_sentence(parsed, lexicon.all_cues) if any(weak) else {}}
    out = []
    for (start, end), is_weak in zip(sentences, weak):
        found = cues[is_weak].get((start, end))
        if not found:
            continue
        for item_start, item_end in _list_items(text, start, end):
            inside = [(circumstance, match) for circumstance, match in found
                      if item_start <= match.start() and match.end() <= item_end]
            if not inside:
                continue
            circumstance, match = max(inside, key=lambda cue: cue[1].end() - cue[1].start())
            out.append(ProvisionMention(
                parsed.document.id, Mention(item_start, item_end, text[item_start:item_end]), circumstance.label,
                citation=circumstance.citation, provision=circumstance.iri, jurisdiction="United States",
                inferred=True, cue=match.group(0), rule="circumstance-cue" if is_weak else "circumstance-strong-cue",
                confidence=0.8 if is_weak else 0.7))
    return out


def _sentences_with(parsed: Parsed, pattern: Phrases | None) -> set[tuple[int, int]]:
    """The sentences holding a whole match of ``pattern``."""
    return {sentence for match in parsed.find(pattern) if (sentence := parsed.sentence_of(match))}


def _cues_by_sentence(parsed: Parsed, cues) -> dict[tuple[int, int], list[tuple[Circumstance, re.Match]]]:
    """Each circumstance's cue matches lying wholly inside a sentence, by sentence, in the order of
    the circumstances and then of the text: the longest in an item wins, the first of equals."""
    found: dict[tuple[int, int], list[tuple[Circumstance, re.Match]]] = {}
    for circumstance, pattern in cues:
        for match in parsed.find(pattern):
            if sentence := parsed.sentence_of(match):
                found.setdefault(sentence, []).append((circumstance, match))
    return found


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of an enumeration (split at commas, semicolons and a final "and"/"or")."""
    items = []
    cursor = start
    for match in _ITEM_BREAK.finditer(text, start, end):
        items.append((cursor, match.start()))
        cursor = match.end()
    items.append((cursor, end))
    out = []
    for item_start, item_end in items:
        while item_end > item_start and text[item_end - 1] in ".;:,”\" ":
            item_end -= 1
        lead = _ITEM_LEAD.match(text, item_start, item_end)
        if lead:
            item_start = lead.end()
        if item_end > item_start:
            out.append((item_start, item_end))
    return out


def _bills(parsed: Parsed, lexicon: _Lexicon) -> list[ProvisionMention]:
    """Numbered bills ("Senate Bill 1250", "HB 1234"): each carries one of ``_BILL_MARKS``, so the
    slow pattern only runs in documents holding one."""
    text = parsed.prose
    if not any(mark in text for mark in _BILL_MARKS):
        return []
    out = []
    for match in _BILL.finditer(text):
        chamber = match.group(1) or _CHAMBERS.get(match.group(3).replace(".", "")[:1], match.group(3))
        label = f"{chamber} Bill {match.group(2) or match.group(4)}"
        start, end = parsed.sentence_at(match.start())
        place = next((p.group(0) for p in parsed.find(lexicon.places, start, end)
                      if p.group(0) not in ("U.S.", "US", "United States", "America")), None)
        out.append(ProvisionMention(parsed.document.id, Mention(start, end, text[start:end]), label, citation=None,
                                    jurisdiction=place, inferred=False, cue=match.group(0), rule="bill-number",
                                    confidence=0.9))
    return out


_ACT = re.compile(r"\b((?:[A-Z][\w’'\-]*\s+){1,8}Act)\b(?:\s+of\s+(\d{4}))?")
_SECTION_NUMBER = r"\d[\w\-.:]*\d|\d+"
_STATE_CODE = re.compile(r"\b((?:KRS|O\.C\.G\.A\.|[A-Z][a-z]{1,5}\.\s(?:Rev\.\s)?(?:Stat|Code|Penal Code)\.?(?:\sAnn\.)?))"
                         rf"\s*§*\s*({_SECTION_NUMBER})")


def _acts(parsed: Parsed, lexicon: _Lexicon) -> list[ProvisionMention]:
    """Statutes and bills named as an Act ("the Federal Death Penalty Abolition Act"), in documents
    about the policy; ``citation`` stays empty since the text gives none. The slow name pattern
    only runs where the word "Act" stands."""
    text = parsed.prose
    if "Act" not in text or not parsed.find(lexicon.policy):
        return []
    out = []
    for match in _ACT.finditer(text):
        words = match.group(1).split()
        while words and words[0].lower() in ("the", "a", "an", "under", "new", "this", "that"):
            words.pop(0)
        if len(words) < 2:
            continue
        label = " ".join(words) + (f" of {match.group(2)}" if match.group(2) else "")
        start = text.index(words[0], match.start())
        out.append(ProvisionMention(parsed.document.id, Mention(start, match.end(), text[start:match.end()]), label,
                                    citation=None, inferred=False, cue=label, rule="named-act", confidence=0.7))
    return out


def _state_codes(parsed: Parsed, lexicon: _Lexicon) -> list[ProvisionMention]:
    """State code sections, cited as written ("KRS 532.025", "O.C.G.A. § 17-10-30"), or named in prose
    ("Section 13A-5-40 of the Alabama Code", "Texas Penal Code Section 19.03") and then cited by the
    code's abbreviation from the lexicon ("Ala. Code § 13A-5-40")."""
    text = parsed.prose
    out = []
    for match in _STATE_CODE.finditer(text):
        citation = f"{match.group(1)} {match.group(2)}" if "§" not in match.group(0) else \
            f"{match.group(1)} § {match.group(2)}"
        out.append(ProvisionMention(parsed.document.id, Mention(match.start(), match.end(), match.group(0)), citation,
                                    citation=citation, inferred=False, cue=match.group(0), rule="state-code",
                                    confidence=0.8))
    if lexicon.code_sections is None or not (_SECTION.search(text) or "§" in text):
        return out
    for match in lexicon.code_sections.finditer(text):
        code = match.group("code") or match.group("named")
        citation = f"{lexicon.code_notations[code.lower()]} § {match.group('section') or match.group('number')}"
        out.append(ProvisionMention(parsed.document.id, Mention(match.start(), match.end(), match.group(0)), citation,
                                    citation=citation, inferred=False, cue=code, rule="state-code-named",
                                    confidence=0.8))
    return out


def _statutes(parsed: Parsed, lexicon: _Lexicon, found: list[ProvisionMention]) -> list[ProvisionMention]:
    """Statutes that authorise the penalty but are not named ("several statutes that provide the
    ability to seek capital punishment"), and bills described without a number."""
    text = parsed.prose
    covered = {parsed.sentence_at(r.mention.start) for r in found}
    for record in found:
        index = bisect.bisect_left(parsed.sentences, parsed.sentence_at(record.mention.start)) if record.inferred else 0
        if index > 0:
            covered.add(parsed.sentences[index - 1])
    numbered = any(r.rule in ("bill-number", "named-act") for r in found)
    nouns: dict[tuple[int, int], re.Match] = {}
    for match in parsed.find(lexicon.statute_nouns):
        if sentence := parsed.sentence_of(match):
            nouns.setdefault(sentence, match)
    out = []
    for (start, end), noun in nouns.items():
        if (start, end) in covered:
            continue
        verb = next(iter(parsed.find(lexicon.authorising_verbs, noun.end(), end)), None)
        if verb is None or not parsed.find(lexicon.policy, verb.end(), end) or verb.start() - noun.end() > 40:
            continue
        if numbered and noun.group(0).lower() in lexicon.bill_nouns:
            continue
        label_end = end
        while label_end > noun.start() and text[label_end - 1] in ".;:,”\" ":
            label_end -= 1
        label = text[noun.start():label_end]
        out.append(ProvisionMention(parsed.document.id, Mention(start, end, text[start:end]), label, citation=None,
                                    inferred=False, cue=noun.group(0), rule="statute-description", confidence=0.6))
    return out
