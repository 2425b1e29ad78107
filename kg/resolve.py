"""Resolution: actor mentions become actors, and every fact's mention points at one.

Inside a document: a surname or "President X" joins the full name it ends; "the attorney general"
joins the person holding that title; he/she joins the last person named outside a quote; a lede's
description ("A Republican state senator wants …") joins the person named next if title and party fit, and
its count ("Two Republican senators introduced …") stands for the people named next in its stances and objections.
Across documents: actors with the same kind and name are one, and shorter forms of a person's name
join the one full name they fit when nothing contradicts it (``_merge_across``); an anonymous
source stays one per document. Then the facts are reconciled: one objection per objector and basis, a legal objection
subsumed by a court-precedent one from the same objector, one stance per actor and document.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import TypeVar

from kg.extract.clauses import is_subject_candidate
from kg.models import (GROUP, GROUP_COUNTS, ORGANIZATION, PERSON, Actor, ActorMention, Corpus, Extraction, Mention,
                       Objection, Role, Stance, Statement)


_Record = TypeVar("_Record", Statement, Objection, Stance)


def slug(text: str) -> str:
    """A readable, stable key part: lower case, ASCII where possible, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    return re.sub(r"[^\w]+", "-", folded.lower()).strip("-") or "x"


@dataclass
class _Entity:
    kind: str
    names: list[str] = field(default_factory=list)
    anonymous: bool = False
    doc_id: str | None = None
    roles: list[Role] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)
    party: str | None = None
    region: str | None = None
    mentions: list[tuple[str, Mention]] = field(default_factory=list)

    @property
    def name(self) -> str:
        distinct = set(self.names)
        if len(distinct) == 1:
            return self.names[0]
        titles = {word.lower() for r in self.roles for word in r.title.split()}
        # "Donald Trump" before "President Trump": a title is no part of a full name ("Governor Polis" is the
        # fullest form where the article gives no other).
        return max(distinct, key=lambda n: (len(n.split()) > 1 and n.split()[0].lower() not in titles,
                                            len(n.split()), len(n), n))

    def key(self, name: str) -> str:
        """The actor key of the entity named ``name`` (its ``name``, which the caller computes once: it
        reads every name mentioned, thousands for a person in the news across a corpus)."""
        base = f"{self.kind.lower()}-{slug(name)}"
        return f"{base}-{slug(self.doc_id)}" if self.anonymous and self.doc_id else base


def resolve(extractions: list[Extraction]) -> Corpus:
    resolution = Resolution()
    for extraction in extractions:
        resolution.add(extraction)
    return resolution.corpus()


class Resolution:
    """Resolution fed one extraction at a time, in document order: each document is resolved on
    its own as it is added, and ``corpus`` resolves across them. A corpus build adds extractions as
    the workers send them, so the per-document part of the work (about 40 %) is done while they extract."""

    def __init__(self) -> None:
        self.extractions: list[Extraction] = []
        self.entities: list[_Entity] = []
        self.by_mention: dict[tuple[str, int], _Entity] = {}
        self.counted: dict[tuple[str, int], list[_Entity]] = {}

    def add(self, extraction: Extraction) -> None:
        self.extractions.append(extraction)
        _resolve_document(extraction, self.entities, self.by_mention, self.counted)

    def corpus(self) -> Corpus:
        """The corpus of every extraction added, resolved across documents."""
        extractions, entities, by_mention = self.extractions, self.entities, self.by_mention
        merged = _merge_across(entities)
        final = {id(c): c for c in merged.values()}
        names = {i: c.name for i, c in final.items()}
        keys = {i: c.key(names[i]) for i, c in final.items()}
        key_of = {id(e): keys[id(merged[id(e)])] for e in entities if id(e) in merged}

        def actor_key(doc_id: str, mention: Mention | None) -> str | None:
            entity = by_mention.get((doc_id, mention.start)) if mention else None
            return key_of.get(id(entity)) if entity else None

        def holder_keys(doc_id: str, mention: Mention | None) -> list[str | None]:
            """Who holds a position: each of the people a count stands for, else the mention's actor."""
            people = self.counted.get((doc_id, mention.start)) if mention else None
            if people:
                return [key_of.get(id(person)) for person in people]
            return [actor_key(doc_id, mention)]

        statements = [_with(s, speaker=actor_key(s.doc_id, s.speaker_mention))
                      for x in extractions for s in x.statements]
        statements = [s for s in statements if s.speaker]
        objections = [_with(o, objector=key) for x in extractions for o in x.objections
                      for key in holder_keys(o.doc_id, o.objector_mention)]
        stances = [_with(s, holder=key) for x in extractions for s in x.stances
                   for key in holder_keys(s.doc_id, s.holder_mention)]
        objections, stances = _reconcile([o for o in objections if o.objector], [s for s in stances if s.holder])

        used = {s.speaker for s in statements} | {o.objector for o in objections} | {s.holder for s in stances}
        actors = _actors(final, names, keys, used)
        known = {a.key for a in actors}
        return Corpus(
            documents=tuple(x.document for x in extractions),
            actors=actors,
            statements=tuple(s for s in statements if s.speaker in known),
            provisions=tuple(p for x in extractions for p in x.provisions),
            objections=tuple(o for o in objections if o.objector in known),
            stances=tuple(s for s in stances if s.holder in known),
        )


def _with(record: _Record, **changes) -> _Record:
    """``dataclasses.replace`` for kg's frozen records (plain fields, no ``__post_init__``), without
    its per-field work: three times faster, and it runs for every statement, objection and stance."""
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__, **changes)
    return copy


def _resolve_document(extraction: Extraction, entities: list[_Entity], by_mention: dict, counted: dict) -> None:
    doc_id = extraction.document.id
    text = extraction.document.text
    local: dict[tuple[str, str], _Entity] = {}

    def entity(kind: str, name: str, anonymous: bool = False) -> _Entity:
        key = (kind, name.lower())
        if key not in local:
            local[key] = _Entity(kind, anonymous=anonymous, doc_id=doc_id)
            entities.append(local[key])
        return local[key]

    def attach(e: _Entity, m: ActorMention) -> None:
        e.names.append(m.name)
        e.mentions.append((doc_id, m.mention))
        for role in m.roles:
            if role not in e.roles:
                e.roles.append(role)
        e.party = e.party or m.party
        e.region = e.region or m.region
        by_mention[(doc_id, m.mention.start)] = e

    mentions = list(extraction.actors)
    persons = [m for m in mentions if m.kind == PERSON and not m.pronoun and not m.anonymous and m.name.split()]
    full = {m.name for m in persons if len(m.name.split()) > 1}
    full_names = sorted(full, key=lambda n: (-len(n.split()), n))
    # "Ray Tate" beside "Raymond Eldridge Tate": the shorter is a way of writing the one longer name it fits.
    fuller = {short: longer[0] for short in full_names
              if len(longer := [f for f in full_names if _fits(short.split(), f.split())]) == 1}

    def full_name_for(name: str) -> str | None:
        tokens = name.split()
        fits = {fuller.get(f, f) for f in full_names if f.split()[-1] == tokens[-1] and set(tokens) <= set(f.split())}
        return fits.pop() if len(fits) == 1 else None

    titled_singles = {m.name for m in persons if len(m.name.split()) == 1 and (m.roles or m.rule == "titled-name")}
    described = _described_before_named(mentions, text)
    for m in mentions:
        if m.kind == ORGANIZATION:
            org = entity(ORGANIZATION, m.canonical or m.name)
            attach(org, m)
            local.setdefault((ORGANIZATION, m.name.lower()), org)
            local.setdefault((ORGANIZATION, m.mention.text.lower()), org)
    for m in mentions:
        if m.kind == ORGANIZATION:
            continue
        if m.mention.start in described:
            continue
        if (m.kind == GROUP or m.anonymous) and not m.pronoun:
            attach(_same_group(local, m) or entity(m.kind, m.name, anonymous=m.anonymous), m)
        elif not m.pronoun and m.name.split():
            name = fuller.get(m.name, m.name) if len(m.name.split()) > 1 else (
                full_name_for(m.name) or (m.name if m.name in titled_singles else None))
            if name:
                e = entity(PERSON, name)
                attach(e, m)
                e.names.append(name)
                if len(name.split()) == 1 and m.roles and len(m.mention.text.split()) > 1:
                    # No full name in the article: "Governor Polis" is the fullest form it gives.
                    e.names.append(m.mention.text)
                _affiliate(e, m, entity, local)
    for start, named in described.items():
        if person := by_mention.get((doc_id, named.mention.start)):
            person.mentions.append((doc_id, next(m.mention for m in mentions if m.mention.start == start)))
            by_mention[(doc_id, start)] = person
    for start, named in _counted_before_named(mentions, text).items():
        people = [by_mention.get((doc_id, m.mention.start)) for m in named]
        if all(people):
            counted[(doc_id, start)] = people
    _corefer(extraction, by_mention, text, lambda m: attach(entity(PERSON, m.name, anonymous=True), m))


def _same_group(local: dict, mention: ActorMention) -> _Entity | None:
    """A group named before in the document that this mention names again, more or less fully:
    the same head noun, and the words of one name among the other's ("federal prosecutors", then
    "prosecutors")."""
    words = set(mention.name.split())
    head = mention.name.split()[-1] if words else ""
    for (kind, name), entity in local.items():
        if kind == GROUP and name.split() and name.split()[-1] == head and entity.anonymous == mention.anonymous:
            other = set(name.split())
            if words <= other or other <= words:
                return entity
    return None


_PARTY_WORDS = {"republican": "Republican", "democratic": "Democratic", "democrat": "Democratic"}


def _described_before_named(mentions: list[ActorMention], text: str) -> dict[int, ActorMention]:
    """A lede's description of someone it names just after ("A Republican state senator wants …", then
    "State Sen. Ann Cole (R-Ely) filed …"): the description's start → the named mention. Only when
    nobody is named before the description, and the first person named after it, within the next
    paragraph, holds a title the description ends with and no other party than the one it gives."""
    people = [m for m in mentions if m.kind == PERSON and not m.pronoun]
    first = min((m for m in people if not m.anonymous), key=lambda m: m.mention.start, default=None)
    if first is None:
        return {}
    described = {}
    for m in people:
        if not (m.anonymous and m.roles and m.mention.start < first.mention.start) \
                or text.count("\n\n", m.mention.end, first.mention.start) > 1:
            continue
        if _described_fits(m.roles[0].title.lower().split(), first):
            described[m.mention.start] = first
    return described


def _counted_before_named(mentions: list[ActorMention], text: str) -> dict[int, list[ActorMention]]:
    """A lede's count of people it names just after ("Two Republican senators introduced …", then "Sen.
    Roy Castellan (R-Tex.) and Sen. Joan Whitaker (R-Ind.)"): the count's start → those people. Only when
    nobody is named before the count, and the people named first after it, as many as it counts and
    within the next paragraph, each hold the title it names (its last word, singular) and no other party."""
    people = sorted((m for m in mentions if m.kind == PERSON and not m.pronoun and not m.anonymous),
                    key=lambda m: m.mention.start)
    counted = {}
    for m in mentions:
        words = m.name.lower().split()
        number = GROUP_COUNTS.get(words[0]) if m.kind == GROUP and len(words) > 1 else None
        if number is None or not words[-1].endswith("s") or (people and people[0].mention.start < m.mention.start):
            continue
        named: dict[str, ActorMention] = {}
        for person in people:
            named.setdefault(person.name, person)
            if len(named) == number:
                break
        chosen = list(named.values())
        if len(chosen) == number and text.count("\n\n", m.mention.end, chosen[-1].mention.start) <= 1 \
                and all(_described_fits([*words[1:-1], words[-1][:-1]], person) for person in chosen):
            counted[m.mention.start] = chosen
    return counted


def _described_fits(description: list[str], person: ActorMention) -> bool:
    """The person holds a title the description's words end with, and no other party than one they name."""
    party = next((_PARTY_WORDS[w] for w in description if w in _PARTY_WORDS), None)
    phrase = " " + " ".join(description)
    return any(phrase.endswith(" " + r.title.lower()) for r in person.roles) and (
        party is None or person.party is None or person.party.startswith(party))


def _affiliate(person: _Entity, mention: ActorMention, entity, local) -> None:
    """Affiliations from an appositive chain: the person belongs to the first organisation, each
    organisation is part of the next ("X Center at Y University"). A title's usual organisation
    ("Attorney General" → Justice Department) counts only when the document names it."""
    chain = list(mention.affiliations)
    if not chain:
        chain = [r.organization for r in mention.roles
                 if r.organization and (ORGANIZATION, r.organization.lower()) in local][:1]
    orgs = []
    for name in chain:
        org = entity(ORGANIZATION, name)
        if not org.names:
            org.names.append(name)
        orgs.append(org)
    for i, org in enumerate(orgs):
        if i == 0 and org.name not in person.affiliations:
            person.affiliations.append(org.name)
        if i + 1 < len(orgs) and orgs[i + 1].name not in org.part_of and orgs[i + 1] is not org:
            org.part_of.append(orgs[i + 1].name)


def _corefer(extraction: Extraction, by_mention: dict, text: str, unnamed) -> None:
    """Pronouns and title references take a fitting actor named outside quotes: "he" and "she" the
    subject of the last sentence naming a person that could be one (not the object of a preposition:
    "called for clemency for Bernard. … she wrote"); "they" a group or organisation; "the senator" the
    person known by that title (``_title_antecedent``). A title reference to nobody named ("the
    governor said") is an unnamed actor of its own (``unnamed``), described by its words."""
    doc_id = extraction.document.id
    resolved = [(m.mention.start, by_mention[(doc_id, m.mention.start)], m) for m in extraction.actors
                if (doc_id, m.mention.start) in by_mention and not m.pronoun]
    quotes = [(q.start, q.end) for s in extraction.statements for q in (s.segments or (s.mention,))]
    outside = [c for c in resolved if not any(qs <= c[0] < qe for qs, qe in quotes)]
    titled: list[tuple[int, _Entity, str]] = []
    for m in extraction.actors:
        if not m.pronoun:
            continue
        if m.rule == "title-reference":
            chosen = _title_antecedent(m, outside, titled, text)
            if chosen is not None:
                by_mention[(doc_id, m.mention.start)] = chosen
            else:
                unnamed(m)
            continue
        kinds = (GROUP, ORGANIZATION) if m.kind == GROUP else (PERSON,)
        candidates = [c for c in outside if c[0] < m.mention.start and c[1].kind in kinds]
        subjects = [c for c in candidates if is_subject_candidate(text, c[2].mention.start, c[2].mention.end)]
        if subjects:
            by_mention[(doc_id, m.mention.start)] = _sentence_subject(text, subjects)[1]
        elif candidates:
            by_mention[(doc_id, m.mention.start)] = candidates[-1][1]


def _title_antecedent(m: ActorMention, outside: list, titled: list, text: str) -> _Entity | None:
    """Who "the attorney general" is: the person it stands in apposition to ("Ann Lee, the attorney
    general, said"), whose title it then is; else the last person named before it with that title
    (by their roles or such an apposition), preferably one that could be a subject; else, for a
    reference before anyone holds the title ("The president has called for …"), the first person
    with it named in the next two paragraphs."""
    titles = {r.title.lower() for r in m.roles}
    start = m.mention.start

    def fits(entity: _Entity, extra: set[str] = frozenset()) -> bool:
        return any(t == title or t.endswith(" " + title) for t in _titles(entity) | extra for title in titles)

    people = [c for c in outside if c[1].kind == PERSON]
    before = [c for c in people if c[0] < start]
    if before and _APPOSITION.fullmatch(text, before[-1][2].mention.end, start):
        titled.extend((start, before[-1][1], title) for title in titles)
        return before[-1][1]
    learned = {id(e): {t for s, e2, t in titled if e2 is e and s < start} for _, e, _ in before}
    candidates = [c for c in before if fits(c[1], learned[id(c[1])])]
    subjects = [c for c in candidates if is_subject_candidate(text, c[2].mention.start, c[2].mention.end)]
    if subjects or candidates:
        return (subjects or candidates)[-1][1]
    after = next((c for c in people if c[0] > start and fits(c[1])), None)
    if after is not None and text.count("\n\n", start, after[0]) <= 2:
        return after[1]
    return None


_APPOSITION = re.compile(r"(?:\s*\([DRI]\b[^()]{0,30}\))?\s*,\s*(?:[DRI]-[A-Z][\w. ]{0,30},\s*)?")
"""What may stand between a name and the title in apposition to it: a party label ("(D-Ore.), the
senator", ", R-Ely, the chair")."""


_SENTENCE_END = re.compile(r"(?<![A-Z])(?<![A-Z][a-z])(?<![A-Z][a-z][a-z])[.!?][”\"’']?\s+(?=[A-Z“\"‘'])|\n")
"""A full stop, question or exclamation mark before a capital, not after a short capitalised
abbreviation ("Sen.", "Gov.", "U.S."); or a line break."""


def _sentence_subject(text: str, candidates: list) -> tuple:
    """The subject of the last sentence naming a candidate: its first candidate, unless that one stands
    in a clause fronted before a comma ("After meeting Gov. Reed, Sen. Cole said …"); a candidate after
    such a clause is the subject ("In a 2003 case, Harris declined …, putting her at odds with X")."""
    start = _sentence_start(text, candidates[-1][0])
    inside = [c for c in candidates if c[0] >= start]
    for candidate, following in zip(inside, inside[1:]):
        before = text[start:candidate[0]]
        fronted = before.strip(" “\"‘'") and "," not in before and "," in text[candidate[2].mention.end:following[0]]
        if not fronted:
            return candidate
    return inside[-1]


def _sentence_start(text: str, offset: int) -> int:
    """Where the sentence holding ``offset`` begins, by punctuation alone (resolution has no parse)."""
    start = 0
    for end in _SENTENCE_END.finditer(text, max(0, offset - 600), offset + 1):
        if end.end() <= offset:
            start = end.end()
    return start


def _titles(entity: _Entity) -> set[str]:
    """The roles an entity is known by, in lower case ("senior justice department official")."""
    return {r.title.lower() for r in entity.roles} | {n.lower().removeprefix("anonymous: ") for n in entity.names
                                                       if entity.anonymous}


def _merge_across(entities: list[_Entity]) -> dict[int, _Entity]:
    """Merge entities across documents, within safe rules:

    - the same kind and canonical name is one actor (an anonymous source stays one per document);
    - a shorter form of a person's name ("J. Sessions" for "Jeff Sessions", "Jeff Sessions" for
      "Jeff B. Sessions") joins the one longer name it fits, when no other name fits it and their
      titles do not conflict;
    - a lone surname joins the one full name ending with it only with evidence beyond the surname: a
      shared role title or a shared affiliation. Two people who merely share a surname stay apart.
    """
    groups: dict[tuple[str, str, str | None], list[_Entity]] = {}
    for e in entities:
        if e.names:
            groups.setdefault((e.kind, e.name.lower(), e.doc_id if e.anonymous else None), []).append(e)
    canonical: dict[tuple[str, str, str | None], _Entity] = {}
    target: dict[int, _Entity] = {}
    for key, group in groups.items():
        canonical[key] = _Entity(group[0].kind, anonymous=group[0].anonymous, doc_id=group[0].doc_id)
        _absorb(canonical[key], group)
        target.update(dict.fromkeys(map(id, group), canonical[key]))
    full = {id(c): c.name for c in canonical.values() if c.kind == PERSON and not c.anonymous}
    persons = sorted((c for c in canonical.values() if id(c) in full), key=lambda c: full[id(c)])
    names = {id(c): _without_title(full[id(c)], c) for c in persons}
    by_surname: dict[str, list[_Entity]] = {}
    for person in persons:
        by_surname.setdefault(names[id(person)][-1].lower(), []).append(person)
    merged_into: dict[int, _Entity] = {}
    for short in persons:
        tokens = names[id(short)]
        fits = [full for full in by_surname[tokens[-1].lower()] if full is not short and _fits(tokens, names[id(full)])]
        if len(fits) != 1 or not _compatible(short, fits[0]):
            continue
        if len(tokens) == 1 and not _shared_evidence(short, fits[0]):
            continue
        merged_into[id(short)] = fits[0]
    for short in persons:
        if id(short) in merged_into:
            final = _final(short, merged_into)
            _absorb(final, [short])
    return {key: _final(entity, merged_into) for key, entity in target.items()}


def _without_title(name: str, entity: _Entity) -> list[str]:
    """A name's words after the titles it opens with ("President Trump" is "Trump" held by a President)."""
    words = name.split()
    titles = {word.lower() for r in entity.roles for word in r.title.split()}
    while len(words) > 1 and words[0].lower() in titles:
        words = words[1:]
    return words


def _final(entity: _Entity, merged_into: dict[int, _Entity]) -> _Entity:
    seen = set()
    while id(entity) in merged_into and id(entity) not in seen:
        seen.add(id(entity))
        entity = merged_into[id(entity)]
    return entity


def _fits(short: list[str], full: list[str]) -> bool:
    """Whether ``short`` can be a shorter way of writing ``full``: the same surname, and each other
    word of ``short`` matching, in order, a word of ``full`` or its initial ("J." for "Jeff")."""
    if len(short) > len(full) or short[-1].lower() != full[-1].lower():
        return False
    if [w.lower() for w in short] == [w.lower() for w in full] or sum(map(len, short)) >= sum(map(len, full)):
        return False
    rest = iter(full[:-1])
    return all(any(_same_word(word, other) for other in rest) for word in short[:-1])


def _same_word(short: str, full: str) -> bool:
    """The same word, its initial ("J." for "Jeff") or its first syllables ("Ray" for "Raymond")."""
    if short.lower() == full.lower():
        return True
    letter = short.rstrip(".")
    if len(letter) == 1:
        return full[:1].lower() == letter.lower()
    return len(short) >= 3 and full.lower().startswith(short.lower())


def _compatible(a: _Entity, b: _Entity) -> bool:
    """No conflicting titles: either has none, or they share one."""
    titles_a = _title_heads(a)
    titles_b = _title_heads(b)
    return not titles_a or not titles_b or bool(titles_a & titles_b)


def _shared_evidence(a: _Entity, b: _Entity) -> bool:
    """Something besides a surname that says two mentions are one person: a title or an affiliation."""
    return bool(_title_heads(a) & _title_heads(b) or set(a.affiliations) & set(b.affiliations))


def _title_heads(entity: _Entity) -> set[str]:
    """The titles' last words: roles follow the text, and "State Senator" and "Senator" are one title."""
    return {r.title.split()[-1].lower() for r in entity.roles if r.title.split()}


def _absorb(into: _Entity, others: list[_Entity]) -> None:
    """Add what ``others`` know to ``into``, in order: each role, affiliation and part once."""
    into.names.extend(chain.from_iterable(other.names for other in others))
    into.mentions.extend(chain.from_iterable(other.mentions for other in others))
    into.roles[:] = dict.fromkeys(chain(into.roles, chain.from_iterable(other.roles for other in others)))
    into.affiliations[:] = dict.fromkeys(chain(into.affiliations, chain.from_iterable(o.affiliations for o in others)))
    into.part_of[:] = dict.fromkeys(chain(into.part_of, chain.from_iterable(other.part_of for other in others)))
    for other in others:
        into.party = into.party or other.party
        into.region = into.region or other.region


def _actors(unique: dict[int, _Entity], names: dict[int, str], keys: dict[int, str], used: set[str]) -> tuple[Actor, ...]:
    """People and organisations are always actors; groups and anonymous sources only when they
    say, object or take a side. ``names`` and ``keys`` are the entities' by id."""
    by_name = {names[i]: keys[i] for i, e in unique.items() if e.kind == ORGANIZATION}
    actors = {}
    for i, e in unique.items():
        key, name = keys[i], names[i]
        if (e.kind == GROUP or e.anonymous) and key not in used:
            continue
        aliases = sorted({n for n in e.names if n != name} | {m.text for _, m in e.mentions if m.text != name})
        actors[key] = Actor(
            key=key, name=name, kind=e.kind, anonymous=e.anonymous, aliases=tuple(aliases),
            roles=tuple(sorted(set(e.roles), key=lambda r: (r.title, r.organization or "", r.former))),
            affiliations=tuple(sorted({by_name[a] for a in e.affiliations if a in by_name})),
            part_of=tuple(sorted({by_name[p] for p in e.part_of if p in by_name and by_name[p] != key})),
            party=e.party, region=e.region,
            mentions=tuple(sorted(e.mentions, key=lambda m: (m[0], m[1].start))))
    return tuple(actors[k] for k in sorted(actors))


_TIER = 0.2
"""Evidence this much weaker than an actor's strongest is outweighed by it: what an actor does
(sponsoring, vetoing) decides before what it argues."""


def _reconcile(objections: list[Objection], stances: list[Stance]) -> tuple[list[Objection], list[Stance]]:
    """One stance per actor and article: the side with the most evidence among the strongest kind
    (an act outweighs arguments, however many). Then the objections that agree with it, one per objector and
    basis (a legal-other one is subsumed by a court-precedent one; a criticism that gives no reason only
    counts for an objector who gives none anywhere)."""
    weights: dict[tuple[str, str], Counter] = {}
    first: dict[tuple[str, str, str], Stance] = {}
    strongest: dict[tuple[str, str], float] = {}
    for s in stances:
        key = (s.doc_id, s.holder)
        strongest[key] = max(strongest.get(key, 0.0), s.confidence)
    for s in sorted(stances, key=lambda s: (s.doc_id, s.mention.start)):
        if s.confidence < strongest[(s.doc_id, s.holder)] - _TIER:
            continue
        weights.setdefault((s.doc_id, s.holder), Counter())[s.stance] += s.confidence
        kept = first.get((s.doc_id, s.holder, s.stance))
        if kept is None or s.confidence > kept.confidence:
            first[(s.doc_id, s.holder, s.stance)] = s
    chosen: dict[tuple[str, str], Stance] = {}
    for (doc_id, holder), counter in sorted(weights.items()):
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0] != "opposes"))
        chosen[(doc_id, holder)] = first[(doc_id, holder, ranked[0][0])]
    kept: dict[tuple[str, str, str], Objection] = {}
    for o in sorted(objections, key=lambda o: (o.doc_id, o.mention.start)):
        side = chosen.get((o.doc_id, o.objector))
        if side is not None and o.stance is not None and side.stance != o.stance:
            continue
        key = (o.doc_id, o.objector, o.basis)
        if key not in kept or (o.stated and not kept[key].stated):
            kept[key] = o
    courts = {(d, a) for d, a, b in kept if b == "court-precedent"}
    stated = {(d, a) for (d, a, b), o in kept.items() if o.stated}
    objections = [o for (d, a, b), o in kept.items() if not (b == "legal-other" and (d, a) in courts)
                  and (o.stated or (d, a) not in stated)]
    return objections, list(chosen.values())
