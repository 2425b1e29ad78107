"""Domain knowledge and lexicon, read from the Turtle files in ``ontology/``.

The extractors know nothing about a legal domain by themselves: the statutory circumstances, the
precedents, the titles and cue phrases all come from here, so a new domain is a data edit.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.grammar import Grammar, read_grammar_files
from kg.jurisdictions import grammar_sets as state_sets
from kg.paths import ONTOLOGY_DIR
from kg.vocab import KG, KGB, KGM, RDF, RDFS, SDO, SKOS, local_name

@dataclass(frozen=True)
class Circumstance:
    """A statutory circumstance (or any known provision) with the phrases that describe it."""

    iri: str
    label: str
    citation: str
    url: str | None
    cues: tuple[str, ...]
    strong_cues: tuple[str, ...] = ()
    requires_killing: bool = False


@dataclass(frozen=True)
class Precedent:
    iri: str
    name: str
    citation: str
    year: str
    court: str | None
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Title:
    """A title written before or after a name; ``label`` is the role it records."""

    label: str
    forms: tuple[str, ...]
    default_organization: str | None


@dataclass(frozen=True)
class KnownOrganization:
    label: str
    forms: tuple[str, ...]
    notation: str | None


@dataclass(frozen=True)
class CodeName:
    """A body of state statutes: the names articles give it and the abbreviation it is cited by."""

    forms: tuple[str, ...]
    notation: str


@dataclass(frozen=True, eq=False)
class Domain:
    """Everything the extractors read, plus the domain individuals every built graph carries."""

    triples: tuple[ox.Triple, ...]
    """The triples of ``ontology/domain/*.ttl``, copied into every built graph (kg.rdf)."""
    policy: str
    policy_label: str
    policy_cues: tuple[str, ...]
    circumstances: tuple[Circumstance, ...]
    precedents: tuple[Precedent, ...]
    courts: tuple[KnownOrganization, ...]
    titles: tuple[Title, ...]
    known_organizations: tuple[KnownOrganization, ...]
    code_names: tuple[CodeName, ...]
    org_keywords: tuple[str, ...]
    group_nouns: tuple[str, ...]
    role_nouns: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    verb_media: tuple[tuple[str, str], ...]
    medium_cues: tuple[tuple[str, tuple[str, ...]], ...]
    places: tuple[str, ...]
    context: tuple[tuple[str, tuple[str, ...]], ...]
    grammar: Grammar | None = None

    def cues(self, notation: str) -> tuple[str, ...]:
        """The cue phrases of a context cue (``negation``, ``non-name``, ...)."""
        return dict(self.context).get(notation, ())


class _Data:
    """The ontology files as plain values: IRIs and literals' lexical forms, as strings."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def objects(self, subject: str | ox.NamedNode, predicate: ox.NamedNode) -> list[str]:
        node = subject if isinstance(subject, ox.NamedNode) else ox.NamedNode(subject)
        return [quad.object.value for quad in self.store.quads_for_pattern(node, predicate, None)]

    def value(self, subject: str | ox.NamedNode, predicate: ox.NamedNode) -> str | None:
        values = sorted(self.objects(subject, predicate))
        return values[0] if values else None

    def instances(self, cls: ox.NamedNode) -> list[str]:
        return sorted({quad.subject.value for quad in self.store.quads_for_pattern(None, RDF.type, cls)
                       if isinstance(quad.subject, ox.NamedNode)})


def _strings(data: _Data, subject, predicate) -> tuple[str, ...]:
    return tuple(sorted(data.objects(subject, predicate)))


def _one(data: _Data, subject, predicate) -> str | None:
    return data.value(subject, predicate)


def _parse(path: Path) -> list[ox.Triple]:
    try:
        return [quad.triple for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: cannot read domain data: {' '.join(str(exc).split())}") from exc


def load_domain(directory: Path | None = None) -> Domain:
    """Read ``ontology/`` (the OWL file, ``lexicon.ttl`` and every file in ``domain/``)."""
    directory = directory or ONTOLOGY_DIR
    domain_files = sorted((directory / "domain").glob("*.ttl"))
    store = ox.Store()
    for path in [directory / "kg.ttl", directory / "lexicon.ttl"]:
        store.extend(ox.Quad(*triple) for triple in _parse(path))
    triples = tuple(triple for path in domain_files for triple in _parse(path))
    store.extend(ox.Quad(*triple) for triple in triples)
    domain = _domain_from(_Data(store), directory, triples)
    rules, sets, patterns = read_grammar_files(sorted((directory / "grammar").glob("*.yaml")))
    grammar = Grammar(rules, {**_lexicon_sets(domain), **sets}, patterns=patterns)
    return replace(domain, grammar=grammar)


def _lexicon_sets(domain: Domain) -> dict[str, tuple[str, ...]]:
    """The lexicon's phrase lists as the grammar's word sets: each context cue by its notation, the
    lists every domain has under fixed names, and the US states (``us-state``,
    ``us-state-abbreviation``, from kg.jurisdictions)."""
    return {
        **dict(domain.context),
        **state_sets(),
        "code-name": tuple(sorted({form for code in domain.code_names for form in code.forms})),
        "title": tuple(sorted({form for title in domain.titles for form in title.forms})),
        "speech-verb": domain.speech_verbs,
        "org-keyword": domain.org_keywords,
        "group-noun": domain.group_nouns,
        "role-noun": domain.role_nouns,
        "place": domain.places,
        "policy-cue": domain.policy_cues,
    }


def _instances(data: _Data, cls) -> list[str]:
    return data.instances(cls)


def first_policy(triples) -> ox.NamedNode | None:
    """The first kg:Policy of ``triples`` by IRI: the policy objections and stances target."""
    policies = sorted(t.subject.value for t in triples
                      if t.predicate == RDF.type and t.object == KG.Policy and isinstance(t.subject, ox.NamedNode))
    return ox.NamedNode(policies[0]) if policies else None


@functools.cache
def vocabulary(path: Path) -> tuple[ox.Triple, ...]:
    """The concept schemes of ``kg.ttl`` (bases, media, stance values) that facts point to, copied
    into every built graph so that it can be queried and validated on its own."""
    ontology = _parse(path)
    schemes = (KGB.iri, KGM.iri)
    values = {t.subject for t in ontology if t.predicate == RDF.type and t.object == KG.StanceValue}
    return tuple(t for t in ontology if isinstance(t.subject, ox.NamedNode)
                 and (t.subject.value.startswith(schemes) or t.subject in values))


def _domain_from(data: _Data, directory: Path, triples: tuple[ox.Triple, ...]) -> Domain:
    policies = _instances(data, KG.Policy)
    if not policies:
        raise InputError(f"{directory}: the domain data defines no kg:Policy")
    policy = policies[0]

    circumstances = tuple(
        Circumstance(str(s), _one(data, s, SKOS.prefLabel) or local_name(s), _one(data, s, KG.citation) or "",
                     _one(data, s, SDO.url), _strings(data, s, KG.cuePhrase), _strings(data, s, KG.strongCuePhrase),
                     data.value(s, KG.requiresKilling) == "true")
        for s in _instances(data, KG.StatutoryCircumstance))
    precedents = tuple(
        Precedent(str(s), _one(data, s, SKOS.prefLabel) or local_name(s), _one(data, s, KG.citation) or "",
                  _one(data, s, KG.decisionYear) or "", _one(data, s, KG.decidedBy), _strings(data, s, KG.cuePhrase))
        for s in _instances(data, KG.Precedent))
    courts = tuple(
        KnownOrganization(str(s), tuple(sorted({*_strings(data, s, SKOS.altLabel), *_strings(data, s, RDFS.label)})), None)
        for s in _instances(data, KG.Court))
    titles = tuple(
        Title(_one(data, s, SKOS.prefLabel) or "", _strings(data, s, SKOS.altLabel), _one(data, s, KG.defaultOrganization))
        for s in _instances(data, KG.Title))
    known = tuple(
        KnownOrganization(_one(data, s, SKOS.prefLabel) or local_name(s), _strings(data, s, SKOS.altLabel),
                          _one(data, s, SKOS.notation))
        for s in _instances(data, KG.KnownOrganization))
    code_names = tuple(CodeName(_strings(data, s, SKOS.altLabel), notation)
                       for s in _instances(data, KG.CodeName) if (notation := _one(data, s, SKOS.notation)))

    def phrases(cls) -> tuple[str, ...]:
        return tuple(sorted({str(o) for s in _instances(data, cls) for o in data.objects(s, KG.cuePhrase)}))

    verb_media = tuple(sorted(
        (str(phrase), local_name(medium))
        for s in _instances(data, KG.SpeechVerb)
        for medium in data.objects(s, KG.medium)
        for phrase in data.objects(s, KG.cuePhrase)))
    media = _instances(data, KG.Medium)
    context: dict[str, set[str]] = {}
    for s in _instances(data, KG.ContextCue) + _instances(data, KG.PlaceName):
        key = _one(data, s, SKOS.notation) or "place"
        context.setdefault(key, set()).update(str(o) for o in data.objects(s, KG.cuePhrase))
    return Domain(
        triples=triples,
        policy=str(policy),
        policy_label=_one(data, policy, SKOS.prefLabel) or local_name(policy),
        policy_cues=_strings(data, policy, KG.cuePhrase),
        circumstances=circumstances,
        precedents=precedents,
        courts=courts,
        titles=titles,
        known_organizations=known,
        code_names=code_names,
        org_keywords=phrases(KG.OrganizationKeyword),
        group_nouns=phrases(KG.GroupNoun),
        role_nouns=phrases(KG.RoleNoun),
        speech_verbs=phrases(KG.SpeechVerb),
        verb_media=verb_media,
        medium_cues=tuple((_one(data, m, SKOS.notation) or local_name(m), _strings(data, m, KG.cuePhrase)) for m in media),
        places=tuple(sorted(context.pop("place", set()) | context.get("state-abbreviation", set()))),
        context=tuple(sorted((k, tuple(sorted(v))) for k, v in context.items())),
    )
