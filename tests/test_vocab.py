"""kg/vocab.py and ontology/kg.ttl must declare the same terms, each documented and typed."""
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg import paths
from kg.models import BASES, MEDIA, STANCES
from kg.vocab import KG, KGB, KGM, ONTOLOGY

SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(paths.ONTOLOGY_DIR / "kg.ttl", format="turtle")


def _declared(ontology: Graph, namespace: str) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(namespace) and s != URIRef(namespace)}


def test_vocab_kg_terms_match_ontology(ontology):
    assert set(dir(KG)) == _declared(ontology, str(KG._NS))


@pytest.mark.parametrize(
    ("namespace", "codes", "concept_class"),
    [(KGB, BASES, KG.ObjectionBasis), (KGM, MEDIA, KG.Medium)],
    ids=["bases", "media"],
)
def test_vocab_concepts_match_model_codes(ontology, namespace, codes, concept_class):
    declared = _declared(ontology, str(namespace._NS))
    assert declared == {namespace[code] for code in codes}
    for code in codes:
        concept = namespace[code]
        assert (concept, RDF.type, concept_class) in ontology
        assert str(ontology.value(concept, SKOS.notation)) == code
        assert ontology.value(concept, SKOS.prefLabel) is not None
        assert ontology.value(concept, SKOS.definition) is not None
        assert (concept, SKOS.inScheme, URIRef(str(namespace._NS))) in ontology


@pytest.mark.parametrize("code", STANCES)
def test_vocab_stance_values_are_individuals(ontology, code):
    assert (KG[code], RDF.type, KG.StanceValue) in ontology


def test_vocab_every_term_is_labelled_defined_and_typed(ontology):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, KG.StanceValue}
    for term in dir(KG):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, SKOS.definition) is not None, term
        assert kinds & set(ontology.objects(term, RDF.type)), term


def test_vocab_ontology_header(ontology):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, URIRef("http://purl.org/dc/terms/title"), URIRef("http://purl.org/dc/terms/license")):
        assert ontology.value(ONTOLOGY, prop) is not None




def test_vocab_unknown_term_fails():
    with pytest.raises(AttributeError):
        KG.speakr


@pytest.mark.parametrize(
    "path", sorted(paths.ONTOLOGY_DIR.rglob("*.ttl")), ids=lambda p: str(p.relative_to(paths.ONTOLOGY_DIR))
)
def test_vocab_ontology_files_use_only_declared_terms(path):
    graph = Graph().parse(path, format="turtle")
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(str(KG._NS))}
    assert used <= set(dir(KG)), sorted(used - set(dir(KG)))
