"""Shared fixtures. Keep them small and generic; prefix names with the area they serve."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import rdf
from kg.domain import load_domain
from kg.export.turtle import write_turtle
from kg.graph import Graph, from_triples
from kg.models import Actor, Corpus, Document, Mention, Objection, ProvisionMention, Role, Stance, Statement

# --- RDF mapping, queries and validation (tests/test_rdf.py, test_query.py, test_validate.py) ---

SAMPLE_DOMAIN_TTL = """
@prefix kg: <https://w3id.org/kg-legal/ontology#> .
@prefix kgd: <https://w3id.org/kg-legal/domain/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

kgd:moon-policy a kg:Policy ; skos:prefLabel "sending smugglers to the moon"@en .
kgd:tide-court a kg:Court ; rdfs:label "Tide Court" .
kgd:harlow-v-teague a kg:Precedent ; skos:prefLabel "Harlow v. Teague"@en ; kg:citation "12 T.R. 34" ;
    kg:decisionYear "1999"^^xsd:gYear ; kg:decidedBy kgd:tide-court .
kgd:orme-v-vale a kg:Precedent ; skos:prefLabel "Orme v. Vale"@en .
kgd:smuggling-with-boats a kg:StatutoryCircumstance ; skos:prefLabel "smuggling with boats"@en ;
    kg:citation "9 T.C. § 77" ; kg:requiresKilling false .
"""

SAMPLE_TEXT = (
    'Tide Minister Alma Quist said the plan "will [surely] stop the boats," speaking in Port Wren. '
    "The Lantern Bar Association called it unlawful under Harlow v. Teague and 9 T.C. § 77. "
    "Critics oppose the plan, and Quist backs it under the Harbour Act § 5."
)


def _mention(text: str, phrase: str) -> Mention:
    start = text.index(phrase)
    return Mention(start, start + len(phrase), phrase)


@pytest.fixture
def sample_domain() -> list[ox.Triple]:
    """A tiny invented domain: one policy, a court, two precedents, a circumstance."""
    return [quad.triple for quad in ox.parse(SAMPLE_DOMAIN_TTL, format=ox.RdfFormat.TURTLE)]


@pytest.fixture
def sample_corpus() -> Corpus:
    """One invented article with one record of every kind (names and sentences are made up)."""
    text, doc = SAMPLE_TEXT, "doc one"
    at = functools.partial(_mention, text)
    quist, bar, ministry, critics = "person/alma quist", "org/lantern bar", "org/tide ministry", "group/critics"
    domain = "https://w3id.org/kg-legal/domain/"
    return Corpus(
        documents=(
            Document(
                doc, text, "cases/doc-one.md", title="Quist vows moon plan", date=dt.date(2031, 4, 2),
                url="https://example.org/a?b=c d", publisher="Harbour Herald",
            ),
        ),
        actors=(
            Actor(
                quist, "Alma Quist", "Person", aliases=("Quist",),
                roles=(
                    Role("tide minister", "Tide Ministry"),
                    Role("harbour judge", former=True),
                    Role("adviser", "Unknown Office"),
                ),
                affiliations=(ministry,), mentions=((doc, at("Alma Quist")),),
            ),
            Actor(bar, "Lantern Bar Association", "Organization", mentions=((doc, at("The Lantern Bar Association")),)),
            Actor(ministry, "Tide Ministry", "Organization", aliases=("the ministry",)),
            Actor(critics, "critics", "Group", anonymous=True, mentions=((doc, at("Critics")),)),
        ),
        statements=(
            Statement(
                doc, at("will [surely] stop the boats,"), at("Alma Quist"), kind="partial", medium="speech",
                date=dt.date(2031, 4, 1), place="Port Wren", alterations=(at("[surely]"),), cue="said",
                speaker=quist, rule="quote-said", confidence=0.9,
            ),
        ),
        provisions=(
            ProvisionMention(
                doc, at("9 T.C. § 77"), "smuggling with boats", "9 T.C. § 77",
                provision=domain + "smuggling-with-boats", rule="citation",
            ),
            ProvisionMention(
                doc, at("Harbour Act § 5"), "Harbour Act section 5", "H.A. § 5", jurisdiction="Tideland",
                inferred=True, rule="prose", confidence=0.6,
            ),
        ),
        objections=(
            Objection(
                doc, at("called it unlawful under Harlow v. Teague"), "court-precedent",
                at("The Lantern Bar Association"), court=domain + "tide-court",
                precedents=(domain + "orme-v-vale", domain + "harlow-v-teague"),
                cue="unlawful", objector=bar, rule="objection-cue", confidence=0.75,
            ),
        ),
        stances=(
            Stance(doc, at("Critics oppose the plan"), "opposes", at("Critics"), cue="oppose", holder=critics, rule="stance-cue",
                   target=at("the plan")),
            Stance(doc, at("Quist backs it"), "supports", at("Quist"), cue="backs", holder=quist, rule="stance-cue"),
        ),
    )


@pytest.fixture
def sample_triples(sample_corpus, sample_domain) -> set[ox.Triple]:
    """The sample corpus mapped to RDF with the default base, as pyoxigraph triples."""
    return set(rdf.triples(sample_corpus, sample_domain))


@pytest.fixture
def sample_rdflib(sample_corpus, sample_domain):
    """The sample corpus's graph as an rdflib ``Graph`` (kg.rdf.to_graph)."""
    return rdf.to_graph(sample_corpus, sample_domain)


@pytest.fixture
def sample_graph(sample_corpus, sample_domain) -> Graph:
    """The sample corpus's graph, as the exporters take it."""
    return from_triples(rdf.triples(sample_corpus, sample_domain))


@pytest.fixture
def sample_graph_file(sample_graph, tmp_path):
    """The sample graph written as Turtle, as `kg build` would."""
    path = tmp_path / "sample.ttl"
    write_turtle(sample_graph, path)
    return path


# --- extraction (tests/test_extract*.py) ---

@pytest.fixture(scope="session")
def domain():
    """The domain data of ontology/, as every build reads it."""
    return load_domain()


# --- the real articles (read from ../shared/real, never copied into the repository) ---

REAL_ARTICLES = Path(__file__).resolve().parent.parent.parent / "shared" / "real"


@pytest.fixture
def real_articles() -> list[Path]:
    """The real set's article files; the test is skipped where they are not beside the repository."""
    found = sorted(REAL_ARTICLES.glob("*.txt"))
    if not found:
        pytest.skip(f"the real articles are not in {REAL_ARTICLES}")
    return found
