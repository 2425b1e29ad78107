"""Actor mentions: people (with titles, appositive roles and affiliations), organisations, groups,
anonymous sources and the pronouns and title references that coreference resolves later.

Rules, not a trained model: capitalised name sequences are classified with the titles, organisation
keywords, known organisations and place names of ``ontology/lexicon.ttl``.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from spacy.lang.en.stop_words import STOP_WORDS

from kg.domain import Domain
from kg.extract.text import Parsed, Phrases, alternation, led_by, phrase_pattern
from kg.models import GROUP, GROUP_COUNTS, ORGANIZATION, PERSON, ActorMention, Mention, Role

# An initialism ("U.S.") or a capitalised word, abbreviation or initial ("McNeil", "O'Hara", "Dr.", "J.").
# Both begin with a capital, so the regex engine skips ahead to the capitals instead of trying every position.
_NAME_TOKEN = r"[A-Z](?:\.(?:[A-Z]\.)+|[\w'’\-]*\.?)"
_AND = re.compile(r"\s+(?:and|&)\s+")
_CAPITALISED = re.compile(r"\s+[A-Z]")
_CONNECTOR = r"(?:of|for|and|on|to|the|de|del|van|von|la|&)"
_LEAD_IN = re.compile(r"\S+\s+(?:of|for)\s+the\s+")
"""A sentence's first word before "of the" or "for the" ("Proud of the House", "Time for the Legislature"):
capitalised by its place, so not part of a name unless it is an organisation's keyword ("Department of the …")."""
_CAPS = re.compile(rf"{_NAME_TOKEN}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)*{_NAME_TOKEN})*")
_PARTY = re.compile(r"[(,]\s*([RDI])\s*[-–]\s*([A-Z][\w. ]*?)\s*[),]")
_NUMBERED = re.compile(r"\s+(?:No\.\s*)?\d")
_PARTY_CODE = re.compile(r"[RDI][-–]")
_PARTY_OPEN = re.compile(r"[(,]\s*[RDI]\s*[-–]\s*$")
_BRANCH = re.compile(r"\s+of\s+")
_OWNER = re.compile(r"['’]s\b")
_UNIT_GAP = re.compile(r"\s+(?:[A-Z][\w.'’\-]*\s+){0,3}")
_THE = re.compile(r"The\s+")
_INITIAL = re.compile(r"[A-Z]\.")
_APPOSITIVE = re.compile(r",\s+([^,;“”\"]{2,160}?)(?:,|\s+(?:said|says|told|wrote|added)\b|(?<!\b[A-Z])\.|$)")
"""``, PHRASE,`` after a name; a full stop after a lone capital ("the U.S. Attorney's Office") does not end it."""
_AFFILIATION = re.compile(r"\s*(?:at|of|for|with|in)\s+(?:the\s+)?")
_AT = re.compile(r"\s+at\s+(?:the\s+)?")
_WORD = re.compile(r"(?:([A-Z])|[a-z])[\w'’]*")  # the capital that begins a word is captured
_SUFFIXES = {"Jr.", "Sr.", "II", "III", "IV", "Jr", "Sr"}
_PRONOUNS = phrase_pattern(("he", "she", "He", "She"), case_sensitive=True)
_GROUP_DETERMINERS = ("some", "many", "other", "several", "the", "most", "few")
_GROUP_MODIFIERS = ("federal", "state", "local", "former", "conservative", "liberal", "progressive", "republican",
                    "democratic", "prominent", "national", "veteran")
_COUNTS = ("a", "an", "one", "two", "three", "another")


@dataclass(frozen=True)
class _Lexicon:
    """The lexicon compiled into patterns and lookup tables, once per domain."""

    titles: Mapping[str, tuple[str, str | None]]
    folded_titles: Mapping[str, str]
    title_pattern: Phrases
    org_keywords: frozenset[str]
    known: Mapping[str, str]
    known_pattern: Phrases
    places: frozenset[str]
    place_pattern: Phrases
    non_names: frozenset[str]
    unit_pattern: Phrases | None
    group_pattern: Phrases
    proper_groups: frozenset[str]
    """Group nouns written with a capital ("Democrats"): a group wherever they stand, not only
    at a sentence's start, unless a capitalised word follows them ("Democrats Abroad")."""
    anonymous_pattern: Phrases
    role_nouns_folded: frozenset[str]
    role_pattern: re.Pattern
    reference_pattern: Phrases
    reference_roles: Mapping[str, str]
    parties: Mapping[str, str]


@lru_cache(maxsize=8)
def lexicon(domain: Domain) -> _Lexicon:
    """The lexicon compiled into patterns, once per domain (domains compare by identity)."""
    titles = tuple(sorted(((form, t.label, t.default_organization) for t in domain.titles for form in t.forms),
                          key=lambda x: (-len(x[0]), x[0])))
    known = [(form, o.label) for o in (*domain.known_organizations, *domain.courts) for form in o.forms
             if not o.notation]
    known_names = {o.label: o for o in domain.courts}
    known = [(form, "Supreme Court" if label in known_names else label) for form, label in known]
    known = tuple(sorted(set(known), key=lambda x: (-len(x[0]), x[0])))
    stop = ("of|the|and|or|who|that|in|at|for|to|with|on|by|from|about|against|over|as|than|into|under|after|"
            "before|his|her|their|its|said|says|is|was|are|were|has|had|have")
    modifiers = rf"(?:(?!(?:{stop})\b)(?:(?:[A-Za-z]\.){{2,}}|[\w\-]+)[ \t]+){{0,4}}?"
    groups = re.compile(rf"(?i)(?<!\w)(?:(?:{'|'.join(_GROUP_DETERMINERS)})\s+)?((?:(?:{'|'.join(GROUP_COUNTS)})\s+)?"
                        rf"(?:(?:{'|'.join(_GROUP_MODIFIERS)})\s+){{0,2}}{alternation(domain.group_nouns)})(?!\w)")
    anonymous = re.compile(rf"(?i)(?<!\w)({'|'.join(_COUNTS)})[ \t]+"
                           rf"({modifiers}{alternation(domain.role_nouns)})(?!\w)")
    references = {noun: noun for noun in domain.role_nouns if not noun.endswith("s") or noun.endswith("ss")}
    references.update((form, label) for form, label, _ in titles if label and not form[:1].isupper())
    reference_forms = "|".join(re.escape(f) for f in sorted(references, key=lambda f: (-len(f), f)))
    reference = re.compile(rf"\b[Tt]he\s+({reference_forms})\b(?!\s+[A-Z])(?![-\w])")
    roles: dict[str, tuple[str, str | None]] = {}
    folded_titles: dict[str, str] = {}
    for form, label, org in titles:
        roles.setdefault(form, (label, org))
        folded_titles.setdefault(form.lower(), label)
    return _Lexicon(
        titles=MappingProxyType(roles),
        folded_titles=MappingProxyType(folded_titles),
        title_pattern=phrase_pattern([t[0] for t in titles], case_sensitive=True),
        org_keywords=frozenset(domain.org_keywords),
        known=MappingProxyType(dict(known)),
        known_pattern=phrase_pattern([k[0] for k in known], case_sensitive=True),
        places=frozenset(domain.places),
        place_pattern=phrase_pattern(domain.places, case_sensitive=True),
        non_names=frozenset(domain.cues("non-name")),
        unit_pattern=phrase_pattern(domain.cues("org-unit"), case_sensitive=True),
        group_pattern=led_by(groups, (*_GROUP_DETERMINERS, *GROUP_COUNTS, *_GROUP_MODIFIERS, *domain.group_nouns)),
        proper_groups=frozenset(n for n in domain.group_nouns if n[:1].isupper()),
        anonymous_pattern=led_by(anonymous, _COUNTS),
        role_nouns_folded=frozenset(n.lower() for n in domain.role_nouns),
        role_pattern=re.compile(r"(?i)^(?:the\s+|a\s+|an\s+)?((?:former\s+)?(?:[\w\-.]+\s+){0,4}?(?:"
                                + alternation(domain.role_nouns) + r"))(?!\w)"),
        reference_pattern=led_by(reference, ("the", "The"), case_sensitive=True),
        reference_roles=MappingProxyType(references),
        parties=MappingProxyType({o.notation: o.label for o in domain.known_organizations if o.notation}),
    )


def extract(parsed: Parsed, domain: Domain) -> list[ActorMention]:
    """Every actor mention in the document, in text order."""
    lex = lexicon(domain)
    text = parsed.prose
    doc_id = parsed.document.id
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        """No mention taken so far overlaps ``start:end`` (``taken`` is sorted and disjoint)."""
        i = bisect.bisect_left(taken, (start, end))
        return (i == 0 or taken[i - 1][1] <= start) and (i == len(taken) or taken[i][0] >= end)

    def covered(start: int, end: int) -> bool:
        """A mention taken so far spans all of ``start:end``, so nothing named inside it can be taken
        ("Civil" opening the group "Civil rights groups")."""
        i = bisect.bisect_right(taken, (start, float("inf"))) - 1
        return i >= 0 and taken[i][1] >= end

    found.extend(_groups(parsed, lex, free, taken))
    found.extend(_anonymous(parsed, lex, free, taken))
    for start, end in parsed.paragraphs:
        headline = _is_title_case(text, start, end)
        for match in _CAPS.finditer(text, start, end):
            if covered(match.start(), match.end()) or _NUMBERED.match(text, match.end(), match.end() + 8) \
                    or _PARTY_CODE.match(text, match.start(), match.end()) \
                    or _PARTY_OPEN.search(text, max(0, match.start() - 6), match.start()):
                continue
            for piece_start, piece_end in _within_sentences(parsed, match.start(), match.end()):
                for mention in _classify(parsed, lex, piece_start, piece_end, headline):
                    if free(mention.mention.start, mention.mention.end):
                        found.append(mention)
                        bisect.insort(taken, (mention.mention.start, mention.mention.end))
    found.extend(_title_references(parsed, lex, free, taken))
    for match in parsed.find(_PRONOUNS):
        if free(match.start(), match.end()):
            found.append(ActorMention(doc_id, Mention(match.start(), match.end(), match.group(0)), match.group(0).lower(),
                                      PERSON, pronoun=True, rule="pronoun", confidence=0.6))
    return sorted(_known_surnames(found), key=lambda m: (m.mention.start, m.mention.end))


def _known_surnames(found: list[ActorMention]) -> list[ActorMention]:
    """A lone capitalised word counts as a person only when it ends a name given in full, or comes
    with a title, somewhere in the document: "Defense" in "Defense attorney Jo Lane" is no one."""
    full = {m.name.split()[-1] for m in found if m.kind == PERSON and not m.pronoun and len(m.name.split()) > 1}
    titled = {m.name for m in found if m.kind == PERSON and m.roles and len(m.name.split()) == 1}
    return [m for m in found if m.rule != "surname" or m.name in full or m.name in titled]


def _within_sentences(parsed: Parsed, start: int, end: int) -> list[tuple[int, int]]:
    """A capitalised run cut at sentence ends ("… from Democrats. Sen. Miles Okonkwo")."""
    pieces = []
    sentences = parsed.sentences
    i = max(bisect.bisect_right(sentences, (start, float("inf"))) - 1, 0)
    while i < len(sentences) and sentences[i][0] < end:
        lo, hi = max(start, sentences[i][0]), min(end, sentences[i][1])
        if lo < hi:
            pieces.append((lo, hi))
        i += 1
    return pieces or [(start, end)]


def _is_title_case(text: str, start: int, end: int) -> bool:
    """A headline in Title Case: capitalised words say nothing about names there."""
    initials = _WORD.findall(text, start, end)
    return len(initials) >= 4 and (len(initials) - initials.count("")) / len(initials) > 0.7


def _classify(parsed: Parsed, lex: _Lexicon, start: int, end: int, headline: bool) -> list[ActorMention]:
    """Split a capitalised run into known organisations, titles, places and names."""
    text = parsed.prose
    out: list[ActorMention] = []
    # Known organisations anywhere inside the run, with an optional unit suffix ("X Legislative Office").
    cursor = start
    pieces: list[tuple[int, int]] = []
    for match in parsed.find(lex.known_pattern, start, end):
        unit_end = match.end()
        label = lex.known[match.group(0)]
        branch = _BRANCH.match(text, match.end(), end)
        place_after = lex.place_pattern.match(text, branch.end(), end) if branch else None
        place_before = [p for p in parsed.find(lex.place_pattern, cursor, match.start())
                        if not text[p.end():match.start()].strip()]
        if place_after or (place_before and place_before[0].group(0) not in ("U.S.", "US", "United States")):
            first = place_before[0].start() if place_before and not place_after else match.start()
            last = place_after.end() if place_after else match.end()
            if first > cursor:
                pieces.append((cursor, first))
            out.append(_mention(parsed, ORGANIZATION, text[first:last], Mention(first, last, text[first:last]),
                                rule="known-organization-branch"))
            cursor = last
            continue
        if lex.unit_pattern is not None:
            for unit_match in lex.unit_pattern.finditer(text, match.end(), end):
                owner = _OWNER.match(text, match.end(), unit_match.start())
                between = text[owner.end() if owner else match.end():unit_match.start()]
                if _UNIT_GAP.fullmatch(between + " ") or not between.strip():
                    unit_end = unit_match.end()
                    break
        if match.start() > cursor:
            pieces.append((cursor, match.start()))
        mention = Mention(match.start(), unit_end, text[match.start():unit_end])
        out.append(_mention(parsed, ORGANIZATION, label, mention, rule="known-organization",
                            part_of=label if unit_end != match.end() else None))
        cursor = unit_end
    if cursor < end:
        pieces.append((cursor, end))
    for piece_start, piece_end in pieces:
        out.extend(_classify_piece(parsed, lex, piece_start, piece_end, headline))
    return out


def _opens_sentence(parsed: Parsed, offset: int) -> bool:
    """Nothing but opening quotes and spaces stands between the sentence's start and ``offset``."""
    return not parsed.prose[parsed.sentence_at(offset)[0]:offset].strip(" \t\"'“‘")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t,;:&":
        start += 1
    while end > start and text[end - 1] in " \t,;:&":
        end -= 1
    words = text[start:end].split()
    while words and words[-1] in ("of", "for", "and", "on", "to", "the", "&"):
        end = start + text[start:end].rfind(words.pop())
        end = start + len(text[start:end].rstrip())
    while words and words[0] in ("of", "for", "and", "on", "the", "&"):
        first = words.pop(0)
        start = text.index(first, start) + len(first)
        while start < end and text[start].isspace():
            start += 1
    return start, end


def _classify_piece(parsed: Parsed, lex: _Lexicon, start: int, end: int, headline: bool) -> list[ActorMention]:
    text = parsed.prose
    start, end = _strip(text, start, end)
    if start >= end:
        return []
    lead = _THE.match(text, start, end)
    if lead and lex.title_pattern.match(text, lead.end(), end):
        start = lead.end()
    words = text[start:end].split()
    if any(w.strip(",.") in lex.org_keywords or w in lex.org_keywords for w in words):
        if headline or len(words) < 2 and not words[0].isupper():
            return []
        first = words[0]
        if first.lower() in STOP_WORDS and first not in lex.org_keywords:
            skip = text.index(first, start) + len(first)
            return _classify_piece(parsed, lex, skip, end, headline)
        lead_in = _LEAD_IN.match(text, start, end)
        if lead_in and first not in lex.org_keywords and _opens_sentence(parsed, start):
            return _classify_piece(parsed, lex, lead_in.end(), end, headline)
        while len(words) > 1 and (words[-1].rstrip(".,") in lex.non_names or words[-1] in ("of", "for", "and", "on", "the")):
            words.pop()
            end = start + text[start:end].rfind(" ")
        name = text[start:end].rstrip(".") if not text[start:end].endswith(("Inc.", "Co.")) else text[start:end]
        return [_mention(parsed, ORGANIZATION, name, Mention(start, start + len(name), name), rule="org-keyword")]
    joined = _AND.search(text, start, end)
    if joined:
        # two people named in one run: "Sen. Ann Cole and Sen. Lee Park"; a second part that is not a
        # full or titled name is cut off, as before ("Smith and Wesson")
        second = [m for m in _classify_piece(parsed, lex, joined.end(), end, headline)
                  if m.kind == PERSON and not m.pronoun and (m.roles or len(m.name.split()) > 1)]
        if second:
            return [*_classify_piece(parsed, lex, start, joined.start(), headline), *second]
    # Titles and places before a name: "Ohio Attorney General Dave Yost", "State Sen. Tom Hale".
    region, roles = None, []
    cursor = start
    while cursor < end:
        place = lex.place_pattern.match(text, cursor, end)
        title = lex.title_pattern.match(text, cursor, end)
        if place and title and not region:
            after = lex.title_pattern.match(text, place.end() + 1, end)
            if after and after.end() > title.end():
                title = None
        if title:
            form = title.group(0)
            label, org = lex.titles[form]
            former = text[max(0, start - 7):start].lower().endswith("former ")
            if label:
                roles.append(Role(label, None if region and region not in ("U.S.", "US", "United States") else org,
                                  former))
            cursor = title.end()
        elif place and not region:
            region = place.group(0)
            cursor = place.end()
        else:
            break
        while cursor < end and text[cursor] in " \t":
            cursor += 1
    if cursor >= end:
        return []
    tokens = text[cursor:end].split()
    for connector in ("of", "to", "and", "&"):
        if connector in tokens[1:] and not any(t in lex.org_keywords for t in tokens):
            tokens = tokens[:tokens.index(connector)]
    possessive = next((i for i, t in enumerate(tokens) if t.endswith(("'s", "’s"))), None)
    if possessive is not None:
        tokens = tokens[:possessive] + [tokens[possessive][:-2]]
    while tokens and (tokens[-1] in lex.places or tokens[-1].rstrip(".,") in lex.non_names):
        tokens.pop()
    if not tokens:
        return []
    if not roles:
        split = _role_prefix(lex, tokens)
        if split:
            roles.append(Role(" ".join(tokens[:split]), None, False))
            cursor = text.index(tokens[split], cursor)
            tokens = tokens[split:]
    if any(t in lex.places or t.rstrip(".,") in lex.non_names or t in ("of", "for", "and", "on", "the", "&")
           for t in tokens):
        return []
    if tokens[0].lower() in STOP_WORDS or (headline and not roles):
        return []
    if len(tokens) > 4 or any(t.isupper() and len(t) > 1 and not t.endswith(".") and t not in _SUFFIXES for t in tokens):
        return []
    name = " ".join(tokens).rstrip(",")
    if name.endswith(".") and tokens[-1] not in _SUFFIXES and not _INITIAL.fullmatch(tokens[-1]):
        name = name[:-1]
    name_start = text.index(tokens[0], cursor)
    mention = Mention(start, name_start + len(name), text[start:name_start + len(name)])
    party, party_region = _party(lex, text, mention.end)
    single = len([t for t in tokens if t not in _SUFFIXES]) == 1
    rule = "titled-name" if roles else ("surname" if single else "name")
    appositive = _appositive(parsed, lex, mention.end)
    if appositive:
        roles.extend(appositive[0])
    return [ActorMention(parsed.document.id, mention, name, PERSON, roles=tuple(roles),
                         affiliations=appositive[1] if appositive else (),
                         part_of=appositive[2] if appositive else None,
                         party=party, region=party_region or (region if region not in ("U.S.", "US") else None),
                         rule=rule, confidence=0.6 if single and not roles else 0.9)]


def _role_prefix(lex: _Lexicon, tokens: list[str]) -> int:
    """Where a capitalised role ends and the name begins: "Circuit Public Defender | Owen Stiles",
    "Pendry County District Attorney | Renee Cole". Zero when no role noun leads the run."""
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i].lower() in lex.role_nouns_folded and 1 <= len(tokens) - i - 1 <= 3:
            return i + 1
    return 0


def _mention(parsed: Parsed, kind: str, name: str, mention: Mention, *, rule: str, part_of: str | None = None):
    return ActorMention(parsed.document.id, mention, name, kind, part_of=part_of, rule=rule, confidence=0.9)


def _party(lex: _Lexicon, text: str, end: int) -> tuple[str | None, str | None]:
    match = _PARTY.match(text, end) or _PARTY.match(text, end + 1)
    if not match:
        return None, None
    return lex.parties.get(match.group(1)), match.group(2).strip()


def _appositive(parsed: Parsed, lex: _Lexicon, end: int):
    """``, senior counsel at the X Center at Y University,`` after a name: the roles, the
    organisations (innermost first) and which one the first is part of."""
    text = parsed.prose
    match = _APPOSITIVE.match(text, end)
    if not match:
        return None
    phrase = match.group(1)
    if phrase[:1].isupper() and not phrase.lower().startswith(("the ", "a ", "an ")):
        return None
    role_match = lex.role_pattern.match(phrase)
    if not role_match:
        return None
    role_text = role_match.group(1)
    former = role_text.lower().startswith("former ")
    title = lex.folded_titles.get(role_text.lower().removeprefix("former "))
    rest = phrase[role_match.end():]
    lead = _AFFILIATION.match(rest)
    orgs = [o.strip() for o in _AT.split(rest[lead.end():])] if lead else []
    orgs = [o for o in orgs if o[:1].isupper() and o not in lex.places]
    orgs = [_capitalised_name(o) for o in orgs]
    orgs = [o for o in orgs if o]
    role = Role(title or role_text.removeprefix("former ").removeprefix("Former "), orgs[0] if orgs else None, former)
    return (role,), tuple(o for o in orgs if o), None


def _capitalised_name(phrase: str) -> str:
    """The organisation name at the start of an appositive phrase, up to the first word that is
    neither capitalised nor a connector ("University of Iowa who has opposed …" → "University of Iowa")."""
    kept: list[str] = []
    for word in phrase.split():
        if word[:1].isupper() or (kept and word in ("of", "for", "and", "on", "to", "the", "&")):
            kept.append(word)
        else:
            break
    while kept and kept[-1] in ("of", "for", "and", "on", "to", "the", "&"):
        kept.pop()
    return " ".join(kept).rstrip(",.;:")


def _anonymous(parsed: Parsed, lex: _Lexicon, free, taken) -> list[ActorMention]:
    """"one former federal prosecutor", "a senior official who spoke on condition of anonymity"."""
    out = []
    text = parsed.prose
    for match in parsed.find(lex.anonymous_pattern):
        start, end = match.start(), match.end()
        if not free(start, end) or text[max(0, start - 2):start] == ", ":
            continue
        description = match.group(2).lower()
        out.append(ActorMention(parsed.document.id, Mention(start, end, match.group(0)), f"anonymous: {description}",
                                PERSON, anonymous=True, roles=(Role(description.removeprefix("former "), None,
                                                                    description.startswith("former ")),),
                                rule="anonymous-source", confidence=0.7))
        bisect.insort(taken, (start, end))
    return out


def _groups(parsed: Parsed, lex: _Lexicon, free, taken) -> list[ActorMention]:
    out = []
    text = parsed.prose
    for match in parsed.find(lex.group_pattern):
        start, end = match.start(1), match.end(1)
        phrase = match.group(1)
        words = phrase.split()
        while words and words[0].lower() in STOP_WORDS and words[0].lower() not in GROUP_COUNTS:
            start += len(words[0]) + 1
            words.pop(0)
        if not words or not free(start, end):
            continue
        counted = words[1:] if words[0].lower() in GROUP_COUNTS else words
        proper = " ".join(counted) in lex.proper_groups and not _CAPITALISED.match(text, end)
        if all(w[:1].isupper() for w in words) and parsed.sentence_at(start)[0] != start and not proper:
            continue
        name = " ".join(words).lower()
        out.append(ActorMention(parsed.document.id, Mention(start, end, text[start:end]), name, GROUP,
                                rule="group-noun", confidence=0.7))
        bisect.insort(taken, (start, end))
    return out


def _title_references(parsed: Parsed, lex: _Lexicon, free, taken) -> list[ActorMention]:
    """"the attorney general", "the official": a title or role standing for a person (or unnamed
    source) introduced earlier in the document."""
    out = []
    for match in parsed.find(lex.reference_pattern):
        if free(match.start(), match.end()):
            role = Role(lex.reference_roles[match.group(1)])
            out.append(ActorMention(parsed.document.id, Mention(match.start(), match.end(), match.group(0)),
                                    match.group(0).lower(), PERSON, pronoun=True, roles=(role,),
                                    rule="title-reference", confidence=0.7))
            bisect.insort(taken, (match.start(), match.end()))
    return out
