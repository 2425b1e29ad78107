"""kg/vocab.py and ontology/kg.ttl must declare the same terms, each documented and typed."""
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef

from kg import paths, vocab
from kg.models import BASES, MEDIA, STANCES
from rdflib_terms import KG

ONTOLOGY = URIRef(vocab.ONTOLOGY.value)

SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(paths.ONTOLOGY_DIR / "kg.ttl", format="turtle")


def _declared(ontology: Graph, namespace: str) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(namespace) and s != URIRef(namespace)}


def _terms(namespace: vocab.ClosedNamespace) -> set[URIRef]:
    return {URIRef(term.value) for term in namespace}


def test_vocab_kg_terms_match_ontology(ontology):
    assert _terms(vocab.KG) == _declared(ontology, vocab.KG.iri)


@pytest.mark.parametrize(
    ("closed", "codes", "concept_class"),
    [(vocab.KGB, BASES, KG.ObjectionBasis), (vocab.KGM, MEDIA, KG.Medium)],
    ids=["bases", "media"],
)
def test_vocab_concepts_match_model_codes(ontology, closed, codes, concept_class):
    namespace = Namespace(closed.iri)
    assert _declared(ontology, closed.iri) == {namespace[code] for code in codes} == _terms(closed)
    for code in codes:
        concept = namespace[code]
        assert (concept, RDF.type, concept_class) in ontology
        assert str(ontology.value(concept, SKOS.notation)) == code
        assert ontology.value(concept, SKOS.prefLabel) is not None
        assert ontology.value(concept, SKOS.definition) is not None
        assert (concept, SKOS.inScheme, URIRef(str(namespace))) in ontology


@pytest.mark.parametrize("code", STANCES)
def test_vocab_stance_values_are_individuals(ontology, code):
    assert (KG[code], RDF.type, KG.StanceValue) in ontology


def test_vocab_every_term_is_labelled_defined_and_typed(ontology):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, KG.StanceValue}
    for term in _terms(vocab.KG):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, SKOS.definition) is not None, term
        assert kinds & set(ontology.objects(term, RDF.type)), term


def test_vocab_ontology_header(ontology):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, URIRef("http://purl.org/dc/terms/title"), URIRef("http://purl.org/dc/terms/license")):
        assert ontology.value(ONTOLOGY, prop) is not None




def test_vocab_unknown_term_fails():
    with pytest.raises(AttributeError):
        vocab.KG.speakr


@pytest.mark.parametrize(
    "path", sorted(paths.ONTOLOGY_DIR.rglob("*.ttl")), ids=lambda p: str(p.relative_to(paths.ONTOLOGY_DIR))
)
def test_vocab_ontology_files_use_only_declared_terms(path):
    graph = Graph().parse(path, format="turtle")
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(vocab.KG.iri)}
    assert used <= _terms(vocab.KG), sorted(used - _terms(vocab.KG))
