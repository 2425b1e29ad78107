"""Legal provisions: explicit U.S. Code citations, the statutory circumstances described in prose,
state bills, and statutes referred to without a citation.

Citations are found with eyecite plus patterns for the forms it misses ("21 U.S.C. 848(e)",
"section 1959 of title 18", "Title 21, Section 848"). Circumstances are recognised from the cue
phrases in the domain data, only in sentences that talk about when the law allows the penalty.
"""
from __future__ import annotations

import re

from eyecite import get_citations
from eyecite.models import FullLawCitation

from kg.domain import Circumstance, Domain
from kg.extract.text import Parsed, phrase_pattern
from kg.models import Mention, ProvisionMention

_USC = re.compile(r"\b(\d{1,2})\s+U\.?\s?S\.?\s?C\.?\s*(?:A\.?\s*)?(?:§+|[Ss]ec(?:tion|\.)?)?\s*(\d+[a-z]?)((?:\s?\([0-9a-zA-Z]{1,4}\))*)")
_SECTION_OF_TITLE = re.compile(r"(?i)\bsection\s+(\d+[a-z]?)((?:\([0-9a-z]{1,4}\))*)\s+of\s+title\s+(\d{1,2})\b")
_TITLE_SECTION = re.compile(r"(?i)\btitle\s+(\d{1,2}),?\s+section\s+(\d+[a-z]?)((?:\([0-9a-z]{1,4}\))*)")
_BILL = re.compile(r"\b(?:(Senate|House|Assembly|Legislative)\s+Bill\s+(?:No\.\s*)?(\d+)"
                   r"|(S\.?B\.?|H\.?B\.?|A\.?B\.?|L\.?B\.?|S\.?F\.?|H\.?F\.?)\s?(\d+))\b")


_CHAMBERS = {"S": "Senate", "H": "House", "A": "Assembly", "L": "Legislative"}


def _key(title: str, section: str, subsections: str) -> tuple[str, str, str]:
    return title, section.lower(), re.sub(r"\s", "", subsections).lower()


def _citation_key(citation: str) -> tuple[str, str, str] | None:
    match = _USC.search(citation)
    return _key(match.group(1), match.group(2), match.group(3)) if match else None


def _format(key: tuple[str, str, str]) -> str:
    title, section, subsections = key
    return f"{title} U.S.C. § {section}{subsections}"


def extract(parsed: Parsed, domain: Domain) -> list[ProvisionMention]:
    found: list[ProvisionMention] = []
    found.extend(_citations(parsed, domain))
    found.extend(_circumstances(parsed, domain, found))
    found.extend(_bills(parsed, domain))
    found.extend(_acts(parsed, domain))
    found.extend(_state_codes(parsed))
    found.extend(_statutes(parsed, domain, found))
    seen: set[str] = set()
    unique = []
    for record in sorted(found, key=lambda r: (r.mention.start, r.mention.end)):
        identity = record.provision or record.citation or record.label.lower()
        if identity not in seen:
            seen.add(identity)
            unique.append(record)
    return unique


def _known(domain: Domain, key: tuple[str, str, str]) -> Circumstance | None:
    """The domain provision a citation points to: same title and section, and the subsections
    agree as far as the citation goes ("Title 21, Section 848" names § 848(e))."""
    matches = []
    for circumstance in domain.circumstances:
        known = _citation_key(circumstance.citation)
        if known and known[:2] == key[:2] and key[2] and (known[2].startswith(key[2]) or key[2].startswith(known[2])):
            matches.append(circumstance)
    return matches[0] if len(matches) == 1 else None


def _citations(parsed: Parsed, domain: Domain) -> list[ProvisionMention]:
    text = parsed.prose
    spans: list[tuple[int, int, tuple[str, str, str]]] = []
    for citation in (get_citations(text) if "U.S.C" in text or "USC" in text else ()):
        if isinstance(citation, FullLawCitation) and citation.span()[1] > citation.span()[0]:
            start, end = citation.span()
            match = _USC.search(text, start, min(len(text), end + 20))
            if match and match.start() == start:
                spans.append((start, match.end(), _key(match.group(1), match.group(2), match.group(3))))
    for match in _USC.finditer(text):
        spans.append((match.start(), match.end(), _key(match.group(1), match.group(2), match.group(3))))
    for match in _SECTION_OF_TITLE.finditer(text):
        spans.append((match.start(), match.end(), _key(match.group(3), match.group(1), match.group(2))))
    for match in _TITLE_SECTION.finditer(text):
        spans.append((match.start(), match.end(), _key(match.group(1), match.group(2), match.group(3))))
    out = []
    taken: list[tuple[int, int]] = []
    for start, end, key in sorted(spans, key=lambda s: (s[0], -s[1])):
        if any(start < e and end > s for s, e in taken):
            continue
        taken.append((start, end))
        known = _known(domain, key)
        out.append(ProvisionMention(
            parsed.document.id, Mention(start, end, text[start:end]), known.label if known else _format(key),
            citation=known.citation if known else _format(key), provision=known.iri if known else None,
            jurisdiction="United States", inferred=False, cue=text[start:end], rule="citation", confidence=0.95))
    return out


def _circumstances(parsed: Parsed, domain: Domain, cited: list[ProvisionMention]) -> list[ProvisionMention]:
    """Circumstances described in words. Strong cues ("continuing criminal enterprise") count in any
    sentence of a document about the policy; weak ones ("large quantities", "firearm") only in a
    sentence about when the law allows the penalty, or in the sentence right after one ("Those
    include cases which involve racketeering, ...")."""
    text = parsed.prose
    context = phrase_pattern(domain.cues("circumstance-context"))
    policy = phrase_pattern(domain.policy_cues)
    if not parsed.find(policy):
        return []
    out = []
    sentences = parsed.sentences
    cues = {weak: [(c, phrase_pattern(c.strong_cues + (c.cues if weak else ()))) for c in domain.circumstances]
            for weak in (False, True)}
    for index, (start, end) in enumerate(sentences):
        here = bool(parsed.find(context, start, end))
        previous = index > 0 and bool(parsed.find(context, *sentences[index - 1])) \
            and bool(parsed.find(policy, *sentences[index - 1]))
        weak = (here and bool(parsed.find(policy, start, end))) or previous
        for item_start, item_end in _list_items(text, start, end):
            best = None
            for circumstance, pattern in cues[weak]:
                for match in parsed.find(pattern, item_start, item_end):
                    length = match.end() - match.start()
                    if best is None or length > best[0]:
                        best = (length, circumstance, match.group(0))
            if best is None:
                continue
            _, circumstance, cue = best
            out.append(ProvisionMention(
                parsed.document.id, Mention(item_start, item_end, text[item_start:item_end]), circumstance.label,
                citation=circumstance.citation, provision=circumstance.iri, jurisdiction="United States",
                inferred=True, cue=cue, rule="circumstance-cue" if weak else "circumstance-strong-cue",
                confidence=0.8 if weak else 0.7))
    return out


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of an enumeration (split at commas, semicolons and a final "and"/"or")."""
    items = []
    cursor = start
    for match in re.finditer(r",\s+(?:and\s+|or\s+)?|;\s+|\s+(?:and|or)\s+(?=cases\b|those\b|when\b|where\b|if\b)",
                             text[start:end]):
        items.append((cursor, start + match.start()))
        cursor = start + match.end()
    items.append((cursor, end))
    out = []
    for item_start, item_end in items:
        while item_end > item_start and text[item_end - 1] in ".;:,”\" ":
            item_end -= 1
        lead = re.match(r"(?i)\s*(?:those|these|they)\s+include\s+", text[item_start:item_end])
        if lead:
            item_start += lead.end()
        if item_end > item_start:
            out.append((item_start, item_end))
    return out


def _bills(parsed: Parsed, domain: Domain) -> list[ProvisionMention]:
    text = parsed.prose
    places = phrase_pattern(domain.places, case_sensitive=True)
    out = []
    for match in _BILL.finditer(text):
        chamber = match.group(1) or _CHAMBERS.get(match.group(3).replace(".", "")[:1], match.group(3))
        label = f"{chamber} Bill {match.group(2) or match.group(4)}"
        start, end = parsed.sentence_at(match.start())
        place = next((p.group(0) for p in parsed.find(places, start, end)
                      if p.group(0) not in ("U.S.", "US", "United States", "America")), None)
        out.append(ProvisionMention(parsed.document.id, Mention(start, end, text[start:end]), label, citation=None,
                                    jurisdiction=place, inferred=False, cue=match.group(0), rule="bill-number",
                                    confidence=0.9))
    return out


_ACT = re.compile(r"\b((?:[A-Z][\w’'\-]*\s+){1,8}Act)\b(?:\s+of\s+(\d{4}))?")
_STATE_CODE = re.compile(r"\b((?:KRS|O\.C\.G\.A\.|[A-Z][a-z]{1,5}\.\s(?:Rev\.\s)?(?:Stat|Code|Penal Code)\.?(?:\sAnn\.)?))"
                         r"\s*§*\s*(\d[\w\-.:]*\d|\d+)")


def _acts(parsed: Parsed, domain: Domain) -> list[ProvisionMention]:
    """Statutes and bills named as an Act ("the Federal Death Penalty Abolition Act"), in documents
    about the policy; ``citation`` stays empty since the text gives none."""
    text = parsed.prose
    if not parsed.find(phrase_pattern(domain.policy_cues)):
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


def _state_codes(parsed: Parsed) -> list[ProvisionMention]:
    """State code sections ("KRS 532.025", "O.C.G.A. § 17-10-30"), cited as written."""
    text = parsed.prose
    out = []
    for match in _STATE_CODE.finditer(text):
        citation = f"{match.group(1)} {match.group(2)}" if "§" not in match.group(0) else \
            f"{match.group(1)} § {match.group(2)}"
        out.append(ProvisionMention(parsed.document.id, Mention(match.start(), match.end(), match.group(0)), citation,
                                    citation=citation, inferred=False, cue=match.group(0), rule="state-code",
                                    confidence=0.8))
    return out


def _statutes(parsed: Parsed, domain: Domain, found: list[ProvisionMention]) -> list[ProvisionMention]:
    """Statutes that authorise the penalty but are not named ("several statutes that provide the
    ability to seek capital punishment"), and bills described without a number."""
    text = parsed.prose
    nouns = phrase_pattern(domain.cues("statute-noun") + domain.cues("bill-noun"))
    verbs = phrase_pattern(domain.cues("authorising-verb") + ("would make", "would allow", "would expand",
                                                              "would add", "would impose"))
    policy = phrase_pattern(domain.policy_cues)
    covered = {parsed.sentence_at(r.mention.start) for r in found}
    for record in found:
        index = parsed.sentences.index(parsed.sentence_at(record.mention.start)) if record.inferred else 0
        if index > 0:
            covered.add(parsed.sentences[index - 1])
    numbered = any(r.rule in ("bill-number", "named-act") for r in found)
    bill_nouns = {n.lower() for n in domain.cues("bill-noun")}
    out = []
    for start, end in parsed.sentences:
        if (start, end) in covered:
            continue
        noun = next(iter(parsed.find(nouns, start, end)), None)
        if noun is None:
            continue
        verb = next(iter(parsed.find(verbs, noun.end(), end)), None)
        if verb is None or not parsed.find(policy, verb.end(), end) or verb.start() - noun.end() > 40:
            continue
        if numbered and noun.group(0).lower() in bill_nouns:
            continue
        label_end = end
        while label_end > noun.start() and text[label_end - 1] in ".;:,”\" ":
            label_end -= 1
        label = text[noun.start():label_end]
        out.append(ProvisionMention(parsed.document.id, Mention(start, end, text[start:end]), label, citation=None,
                                    inferred=False, cue=noun.group(0), rule="statute-description", confidence=0.6))
    return out
