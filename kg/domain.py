"""Domain knowledge and lexicon, read from the Turtle files in ``ontology/``.

The extractors know nothing about a legal domain by themselves: the statutory circumstances, the
precedents, the titles and cue phrases all come from here, so a new domain is a data edit.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from kg.errors import InputError
from kg.grammar import Grammar, read_grammar_files
from kg.jurisdictions import grammar_sets as state_sets
from kg.paths import ONTOLOGY_DIR

KG = Namespace("https://w3id.org/kg-legal/ontology#")
SCHEMA = Namespace("https://schema.org/")


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
    """Everything the extractors read, plus the graph of domain individuals every output carries."""

    graph: Graph
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


def _strings(graph: Graph, subject, predicate) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(subject, predicate)))


def _one(graph: Graph, subject, predicate) -> str | None:
    values = _strings(graph, subject, predicate)
    return values[0] if values else None


def _tail(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def load_domain(directory: Path | None = None) -> Domain:
    """Read ``ontology/`` (the OWL file, ``lexicon.ttl`` and every file in ``domain/``)."""
    directory = directory or ONTOLOGY_DIR
    files = [directory / "kg.ttl", directory / "lexicon.ttl", *sorted((directory / "domain").glob("*.ttl"))]
    data = Graph()
    for path in files:
        try:
            data.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"{path}: cannot read domain data: {exc}") from exc
    domain = _domain_from(data, directory)
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


def _instances(graph: Graph, cls) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))


def _output_graph(data: Graph, directory: Path) -> Graph:
    """Domain individuals copied into every built graph: the domain files plus the concept
    individuals of the ontology (bases, media, stance values) that facts point to."""
    out = Graph()
    for path in sorted((directory / "domain").glob("*.ttl")):
        out.parse(path, format="turtle")
    for cls in (KG.ObjectionBasis, KG.Medium, KG.StanceValue):
        for subject in _instances(data, cls):
            for p, o in data.predicate_objects(subject):
                if p not in (KG.cuePhrase, KG.strongCuePhrase):
                    out.add((subject, p, o))
    return out


def _domain_from(data: Graph, directory: Path) -> Domain:
    policies = _instances(data, KG.Policy)
    if not policies:
        raise InputError(f"{directory}: the domain data defines no kg:Policy")
    policy = policies[0]

    circumstances = tuple(
        Circumstance(str(s), _one(data, s, SKOS.prefLabel) or _tail(s), _one(data, s, KG.citation) or "",
                     _one(data, s, SCHEMA.url), _strings(data, s, KG.cuePhrase), _strings(data, s, KG.strongCuePhrase),
                     data.value(s, KG.requiresKilling) == Literal(True))
        for s in _instances(data, KG.StatutoryCircumstance))
    precedents = tuple(
        Precedent(str(s), _one(data, s, SKOS.prefLabel) or _tail(s), _one(data, s, KG.citation) or "",
                  _one(data, s, KG.decisionYear) or "", _one(data, s, KG.decidedBy), _strings(data, s, KG.cuePhrase))
        for s in _instances(data, KG.Precedent))
    courts = tuple(
        KnownOrganization(str(s), tuple(sorted({*_strings(data, s, SKOS.altLabel), *_strings(data, s, RDFS.label)})), None)
        for s in _instances(data, KG.Court))
    titles = tuple(
        Title(_one(data, s, SKOS.prefLabel) or "", _strings(data, s, SKOS.altLabel), _one(data, s, KG.defaultOrganization))
        for s in _instances(data, KG.Title))
    known = tuple(
        KnownOrganization(_one(data, s, SKOS.prefLabel) or _tail(s), _strings(data, s, SKOS.altLabel),
                          _one(data, s, SKOS.notation))
        for s in _instances(data, KG.KnownOrganization))
    code_names = tuple(CodeName(_strings(data, s, SKOS.altLabel), notation)
                       for s in _instances(data, KG.CodeName) if (notation := _one(data, s, SKOS.notation)))

    def phrases(cls) -> tuple[str, ...]:
        return tuple(sorted({str(o) for s in _instances(data, cls) for o in data.objects(s, KG.cuePhrase)}))

    verb_media = tuple(sorted(
        (str(phrase), _tail(medium))
        for s in _instances(data, KG.SpeechVerb)
        for medium in data.objects(s, KG.medium)
        for phrase in data.objects(s, KG.cuePhrase)))
    media = _instances(data, KG.Medium)
    context: dict[str, set[str]] = {}
    for s in _instances(data, KG.ContextCue) + _instances(data, KG.PlaceName):
        key = _one(data, s, SKOS.notation) or "place"
        context.setdefault(key, set()).update(str(o) for o in data.objects(s, KG.cuePhrase))
    return Domain(
        graph=_output_graph(data, directory),
        policy=str(policy),
        policy_label=_one(data, policy, SKOS.prefLabel) or _tail(policy),
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
        medium_cues=tuple((_one(data, m, SKOS.notation) or _tail(m), _strings(data, m, KG.cuePhrase)) for m in media),
        places=tuple(sorted(context.pop("place", set()) | context.get("state-abbreviation", set()))),
        context=tuple(sorted((k, tuple(sorted(v))) for k, v in context.items())),
    )
