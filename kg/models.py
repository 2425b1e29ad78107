"""Typed records passed between the pipeline stages.

Every record is a frozen dataclass. Extracted records carry their document id and the
``(start, end)`` character span of the evidence in ``Document.text``, the rule that produced them
and a confidence, so every fact in the graph can be traced back to the words it came from.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType

PERSON, ORGANIZATION, GROUP = "Person", "Organization", "Group"
ACTOR_KINDS = (PERSON, ORGANIZATION, GROUP)
GROUP_COUNTS = MappingProxyType({word: number for number, word in enumerate(
    ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"), start=2)})
"""How many a group is, kept in its name by the actor extractor ("Eight Republicans": eight of a party
are not the party) and read by resolution, to find the people a lede counts ("Two Republican senators")."""

MEDIA = ("memo", "speech", "statement", "interview", "social-media-post", "letter", "testimony", "court-filing")
BASES = ("court-precedent", "empirical", "resources", "moral", "legal-other", "other")
STANCES = ("supports", "opposes")
PROVISION_KINDS = ("bill", "statute", "code-section", "circumstance", "act", "charge")


@dataclass(frozen=True)
class Document:
    """One article. ``text`` is the article as read (front matter removed, otherwise unchanged).

    ``residue`` lists spans of page furniture (datelines glued to the text, "Related Content"
    footers) that extractors must never turn into facts; ``prose`` blanks them out while keeping
    every character offset valid.
    """

    id: str
    text: str
    source: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    publisher: str | None = None
    residue: tuple[tuple[int, int], ...] = ()

    @property
    def prose(self) -> str:
        text = self.text
        for start, end in self.residue:
            text = text[:start] + " " * (end - start) + text[end:]
        return text

    def __repr__(self) -> str:
        return f"Document({self.id!r}, {len(self.text)} chars)"


@dataclass(frozen=True)
class Mention:
    """A stretch of a document's text that names or refers to something."""

    start: int
    end: int
    text: str

    def __repr__(self) -> str:
        return f"Mention({self.text!r} @{self.start})"


@dataclass(frozen=True)
class Role:
    """A title held by a person, optionally in an organisation (by name)."""

    title: str
    organization: str | None = None
    former: bool = False


@dataclass(frozen=True)
class ActorMention:
    """A mention of a person, organisation or group, with what the text says about it there.

    ``name`` is the surface name without titles ("Jeff Sessions" in "Attorney General Jeff
    Sessions"); for groups and anonymous sources it is the descriptive phrase. ``canonical`` is the
    lexicon's label of a known organisation, whatever form the text gives it ("DOJ").
    """

    doc_id: str
    mention: Mention
    name: str
    kind: str
    anonymous: bool = False
    pronoun: bool = False
    roles: tuple[Role, ...] = ()
    affiliations: tuple[str, ...] = ()
    part_of: str | None = None
    party: str | None = None
    region: str | None = None
    rule: str = ""
    confidence: float = 1.0
    canonical: str | None = None


@dataclass(frozen=True)
class Statement:
    """A quotation attributed to a speaker.

    ``speaker`` is the actor key once resolution has run (``None`` before). ``alterations`` are
    the editorial brackets inside the quote, kept in ``text`` exactly as printed. A statement quoted
    in several segments (``“A,” she said. “B.”``) spans them all, and ``segments`` holds each.
    """

    doc_id: str
    mention: Mention
    speaker_mention: Mention | None
    kind: str = "direct"
    medium: str | None = None
    date: dt.date | None = None
    place: str | None = None
    alterations: tuple[Mention, ...] = ()
    cue: str | None = None
    speaker: str | None = None
    rule: str = ""
    confidence: float = 1.0
    segments: tuple[Mention, ...] = ()

    @property
    def text(self) -> str:
        """The words quoted: the segments joined by an ellipsis when there are several."""
        return " … ".join(s.text for s in self.segments) if self.segments else self.mention.text


@dataclass(frozen=True)
class ProvisionMention:
    """A legal provision invoked in a document.

    ``provision`` is the IRI of a known provision or circumstance from the domain data when the
    mention maps to one; ``inferred`` is true when that mapping comes from a prose description
    rather than an explicit citation. ``kind`` is one of ``PROVISION_KINDS``; ``jurisdiction`` is a
    state's name or "United States".
    """

    doc_id: str
    mention: Mention
    label: str
    citation: str | None = None
    provision: str | None = None
    jurisdiction: str | None = None
    inferred: bool = False
    kind: str = "statute"
    cue: str | None = None
    rule: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class Measure:
    """A measure as the article names it ("the bill", "a federal moratorium", "the death penalty"):
    what stances and objections are about. ``reverses`` is true for a measure that reverses the
    punitive one (a ban, a repeal, a moratorium, a commutation, a ruling that limits the penalty);
    ``described`` when the article's words say so rather than its lede; ``reversed_by_act`` for the
    penalty named as what an act reverses ("abolished the death penalty"); ``counters`` for a measure
    against the article's own (a veto), whose direction is the opposite of it."""

    doc_id: str
    mention: Mention
    label: str
    reverses: bool
    rule: str = ""
    described: bool = False
    reversed_by_act: bool = False
    counters: bool = False
    named: Mention | None = None
    """The words that name it with their description ("bill to repeal capital punishment"), when longer than ``mention``."""

    @property
    def against_penalty(self) -> bool:
        """Whether backing this measure is opposing the penalty."""
        return self.reverses


@dataclass(frozen=True)
class Objection:
    """An argument against a measure: who objects, on what basis, invoking which authority.
    ``stance`` is the side the argument takes toward the punitive measure; ``stated`` is false for a
    criticism or judgement that gives no reason ("criticized the move", "misguided"); ``takes_side``
    is false for a basis that puts no one on a side by itself (a cost worry)."""

    doc_id: str
    mention: Mention
    basis: str
    objector_mention: Mention | None
    court: str | None = None
    precedents: tuple[str, ...] = ()
    candidate_precedents: tuple[str, ...] = ()
    statement: Mention | None = None
    cue: str | None = None
    objector: str | None = None
    rule: str = ""
    confidence: float = 1.0
    stance: str | None = None
    stated: bool = True
    takes_side: bool = True


@dataclass(frozen=True)
class Stance:
    """An actor's position toward the punitive measure at issue (supports or opposes), taken toward
    ``target``, the measure as the article names it; ``target_reverses`` when that measure reverses
    the punitive one (so supporting it is opposing the penalty)."""

    doc_id: str
    mention: Mention
    stance: str
    holder_mention: Mention | None
    cue: str | None = None
    holder: str | None = None
    rule: str = ""
    confidence: float = 1.0
    target: Mention | None = None
    target_reverses: bool = False


@dataclass(frozen=True)
class Extraction:
    """Everything the extractors found in one document, before resolution."""

    document: Document
    actors: tuple[ActorMention, ...] = ()
    statements: tuple[Statement, ...] = ()
    provisions: tuple[ProvisionMention, ...] = ()
    objections: tuple[Objection, ...] = ()
    stances: tuple[Stance, ...] = ()


@dataclass(frozen=True)
class Actor:
    """One real-world actor after resolution, with every mention that refers to it.

    ``key`` is stable (derived from the canonical name and kind) so IRIs do not depend on the
    order documents are processed in.
    """

    key: str
    name: str
    kind: str
    anonymous: bool = False
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    affiliations: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    party: str | None = None
    region: str | None = None
    mentions: tuple[tuple[str, Mention], ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Corpus:
    """The resolved output of a build: documents, actors and the facts that refer to them."""

    documents: tuple[Document, ...]
    actors: tuple[Actor, ...]
    statements: tuple[Statement, ...]
    provisions: tuple[ProvisionMention, ...]
    objections: tuple[Objection, ...]
    stances: tuple[Stance, ...]
