"""The vocabularies kg reads and writes, as pyoxigraph terms: ``KG.quote`` is a ``NamedNode``.

``KG``, ``KGB`` and ``KGM`` are closed: they list exactly the terms declared in ``ontology/kg.ttl``
(a test keeps the two in step), so a misspelt term fails at once. ``KGD`` (domain individuals) and
``KGL`` (lexicon entries) are open because their members are data that grows in
``ontology/domain/*.ttl`` and ``ontology/lexicon.ttl``; so are the W3C and schema.org vocabularies.
Each term is made once, however often the mapping writes it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import MappingProxyType

import pyoxigraph as ox

from kg.errors import InputError

DEFAULT_BASE = "https://w3id.org/kg-legal/id/"


class Namespace:
    """An open namespace: ``NS.name`` and ``NS["name"]`` are the NamedNode of its IRI followed by the name."""

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self._terms: dict[str, ox.NamedNode] = {}

    def __getitem__(self, name: str) -> ox.NamedNode:
        term = self._terms.get(name)
        if term is None:
            term = self._terms[name] = ox.NamedNode(self.iri + name)
        return term

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        term = self[name]
        setattr(self, name, term)  # the next ``NS.name`` is a plain attribute: the mapping reads millions
        return term

    def __str__(self) -> str:
        return self.iri

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.iri!r})"


class ClosedNamespace(Namespace):
    """A namespace of a fixed list of terms: any other name raises ``AttributeError``."""

    def __init__(self, iri: str, names: Iterable[str]) -> None:
        super().__init__(iri)
        self.names = tuple(names)
        self._known = frozenset(self.names)

    def __getitem__(self, name: str) -> ox.NamedNode:
        if name not in self._known:
            raise AttributeError(f"{name!r} is not a term of {self.iri}")
        return super().__getitem__(name)

    def __iter__(self) -> Iterator[ox.NamedNode]:
        return (self[name] for name in self.names)


KG = ClosedNamespace("https://w3id.org/kg-legal/ontology#", (
    # classes
    "Actor", "AnonymousSource", "CodeName", "ContextCue", "Court", "Group", "KnownOrganization", "GroupNoun",
    "LegalProvision", "LexiconEntry", "Medium", "NewsArticle", "Objection", "ObjectionBasis", "Organization",
    "OrganizationKeyword", "PageResidue", "PlaceName", "Person", "Policy", "Precedent", "ProvisionMention",
    "RoleAssignment", "RoleNoun", "SourceDocument", "SpeechVerb", "Stance", "StanceValue", "Statement", "Measure",
    "StatutoryCircumstance", "Title",
    # properties
    "affiliatedWith", "alteration", "basis", "candidatePrecedent", "carriedBy", "citation", "citesPrecedent",
    "confidence", "cue", "cuePhrase", "strongCuePhrase", "decidedBy", "decisionYear", "defaultOrganization",
    "directProperty", "evidence", "former", "fullText", "holder", "holding", "holdsRole",
    "inOrganization", "inferred", "measure", "measureOf", "reversesPolicy", "invokesAuthority", "jurisdiction", "kind", "medium", "mentionText", "mentionedIn",
    "objector", "opposesPolicy", "partOf", "party", "place", "provision", "quote", "region", "reportedIn",
    "requiresKilling", "reserves", "roleTitle", "rule", "speaker", "stanceValue", "statedOn", "supportsPolicy",
    "takesPosition", "target", "targets", "text", "titleKind",
    # stance values
    "supports", "opposes",
))
"""Classes, properties and stance values of the kg ontology."""
KGB = ClosedNamespace("https://w3id.org/kg-legal/basis/",
                      ("court-precedent", "empirical", "resources", "moral", "legal-other", "other"))
"""Objection bases (``KGB["court-precedent"]``); the local name is the code in kg.models.BASES."""
KGM = ClosedNamespace("https://w3id.org/kg-legal/medium/",
                      ("memo", "speech", "statement", "interview", "social-media-post", "letter", "testimony",
                       "court-filing"))
"""Statement media (``KGM["social-media-post"]``); the local name is the code in kg.models.MEDIA."""
KGD = Namespace("https://w3id.org/kg-legal/domain/")
KGL = Namespace("https://w3id.org/kg-legal/lexicon/")
DATA = Namespace(DEFAULT_BASE)
ONTOLOGY = ox.NamedNode("https://w3id.org/kg-legal/ontology")

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SDO = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
OA = Namespace("http://www.w3.org/ns/oa#")
"""The W3C Web Annotation vocabulary: evidence and its text selectors."""
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = MappingProxyType({
    "kg": KG.iri, "kgd": KGD.iri, "kgb": KGB.iri, "kgm": KGM.iri, "kgl": KGL.iri, "rdf": RDF.iri, "rdfs": RDFS.iri,
    "owl": OWL.iri, "xsd": XSD.iri, "skos": SKOS.iri, "schema": SDO.iri, "prov": PROV.iri, "dcterms": DCTERMS.iri,
    "oa": OA.iri,
})
"""The prefixes kg writes its graphs with (Turtle, TriG, the HTML panels)."""


def check_base(base: str) -> None:
    """Raise an InputError unless ``base`` is an absolute IRI. kg mints every data IRI as this base
    followed by percent-encoded parts, so a valid base gives valid IRIs by construction."""
    try:
        ox.NamedNode(base)
    except ValueError as error:
        raise InputError(f"--base {base!r} is not an absolute IRI: {error}") from None


def local_name(iri: str | ox.NamedNode) -> str:
    """The last segment of an IRI, after its last '#' or '/' (a trailing one ignored); the IRI when none."""
    text = iri.value if isinstance(iri, ox.NamedNode) else str(iri)
    trimmed = text.rstrip("/#")
    cut = max(trimmed.rfind("#"), trimmed.rfind("/"))
    return trimmed[cut + 1:] or text


def prefixed(iri: str, prefixes: dict[str, str]) -> str:
    """``prefix:name`` when the IRI's namespace (up to its last '#' or '/') has a prefix, else ``<iri>``."""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    by_namespace = {namespace: prefix for prefix, namespace in sorted(prefixes.items())}
    prefix = by_namespace.get(iri[:cut]) if cut else None
    return f"{prefix}:{iri[cut:]}" if prefix is not None else f"<{iri}>"
