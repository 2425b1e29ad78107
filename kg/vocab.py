"""The kg vocabularies as rdflib namespaces, so a misspelt term fails at once.

``KG``, ``KGB`` and ``KGM`` are closed: they list exactly the terms declared in ``ontology/kg.ttl``
(a test keeps the two in step). ``KGD`` (domain individuals) and ``KGL`` (lexicon entries) are open
because their members are data that grows in ``ontology/domain/*.ttl`` and ``ontology/lexicon.ttl``.
``OA`` is the W3C Web Annotation vocabulary, which rdflib does not ship.
"""
import pyoxigraph
from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.errors import InputError

DEFAULT_BASE = "https://w3id.org/kg-legal/id/"
DATA = Namespace(DEFAULT_BASE)
KGD = Namespace("https://w3id.org/kg-legal/domain/")
KGL = Namespace("https://w3id.org/kg-legal/lexicon/")
ONTOLOGY = URIRef("https://w3id.org/kg-legal/ontology")
OA = Namespace("http://www.w3.org/ns/oa#")


def check_base(base: str) -> None:
    """Raise an InputError unless ``base`` is an absolute IRI. kg mints every data IRI as this base
    followed by percent-encoded parts, so a valid base gives valid IRIs by construction."""
    try:
        pyoxigraph.NamedNode(base)
    except ValueError as error:
        raise InputError(f"--base {base!r} is not an absolute IRI: {error}") from None


class KG(DefinedNamespace):
    """Classes, properties and stance values of the kg ontology."""

    _NS = Namespace("https://w3id.org/kg-legal/ontology#")
    _fail = True

    Actor: URIRef
    AnonymousSource: URIRef
    CodeName: URIRef
    ContextCue: URIRef
    Court: URIRef
    Group: URIRef
    KnownOrganization: URIRef
    GroupNoun: URIRef
    LegalProvision: URIRef
    LexiconEntry: URIRef
    Medium: URIRef
    NewsArticle: URIRef
    Objection: URIRef
    ObjectionBasis: URIRef
    Organization: URIRef
    OrganizationKeyword: URIRef
    PageResidue: URIRef
    PlaceName: URIRef
    Person: URIRef
    Policy: URIRef
    Precedent: URIRef
    ProvisionMention: URIRef
    RoleAssignment: URIRef
    RoleNoun: URIRef
    SourceDocument: URIRef
    SpeechVerb: URIRef
    Stance: URIRef
    StanceValue: URIRef
    Statement: URIRef
    StatutoryCircumstance: URIRef
    Title: URIRef

    affiliatedWith: URIRef
    alteration: URIRef
    basis: URIRef
    candidatePrecedent: URIRef
    carriedBy: URIRef
    citation: URIRef
    citesPrecedent: URIRef
    confidence: URIRef
    cue: URIRef
    cuePhrase: URIRef
    strongCuePhrase: URIRef
    decidedBy: URIRef
    decisionYear: URIRef
    defaultOrganization: URIRef
    directProperty: URIRef
    evidence: URIRef
    former: URIRef
    fullText: URIRef
    holder: URIRef
    holding: URIRef
    holdsRole: URIRef
    inOrganization: URIRef
    inferred: URIRef
    invokesAuthority: URIRef
    jurisdiction: URIRef
    kind: URIRef
    medium: URIRef
    mentionText: URIRef
    mentionedIn: URIRef
    objector: URIRef
    opposesPolicy: URIRef
    partOf: URIRef
    party: URIRef
    place: URIRef
    provision: URIRef
    quote: URIRef
    region: URIRef
    reportedIn: URIRef
    requiresKilling: URIRef
    reserves: URIRef
    roleTitle: URIRef
    rule: URIRef
    speaker: URIRef
    stanceValue: URIRef
    statedOn: URIRef
    supportsPolicy: URIRef
    takesPosition: URIRef
    target: URIRef
    targets: URIRef
    text: URIRef
    titleKind: URIRef

    supports: URIRef
    opposes: URIRef


class KGB(DefinedNamespace):
    """Objection bases (``KGB["court-precedent"]``); the local name is the code in kg.models.BASES."""

    _NS = Namespace("https://w3id.org/kg-legal/basis/")
    _fail = True
    _extras = ["court-precedent", "empirical", "resources", "moral", "legal-other", "other"]


class KGM(DefinedNamespace):
    """Statement media (``KGM["social-media-post"]``); the local name is the code in kg.models.MEDIA."""

    _NS = Namespace("https://w3id.org/kg-legal/medium/")
    _fail = True
    _extras = ["memo", "speech", "statement", "interview", "social-media-post", "letter", "testimony", "court-filing"]
