"""kg/rdf.py: the mapping of docs/rdf-mapping.md, stable IRIs and lossless serialisation, checked in
rdflib, the graph ``to_graph`` gives those who want one."""
import dataclasses
import datetime as dt
from urllib.parse import quote

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from kg import vocab
from kg.models import Actor, Corpus, Document, Mention
from kg.rdf import to_graph
from kg.vocab import DEFAULT_BASE
from rdflib_terms import KG, KGB, KGD, KGM, OA

DATA = DEFAULT_BASE
DOC = URIRef(DATA + "doc/doc%20one")
QUIST = URIRef(DATA + "actor/person%2Falma%20quist")
BAR = URIRef(DATA + "actor/org%2Flantern%20bar")
MINISTRY = URIRef(DATA + "actor/org%2Ftide%20ministry")
CRITICS = URIRef(DATA + "actor/group%2Fcritics")
STATEMENT = URIRef(DATA + "statement/person%2Falma%20quist/6d24a44533888cdb")
OBJECTION = URIRef(DATA + "objection/doc%20one/122-163/court-precedent/org%2Flantern%20bar")
MINTED = URIRef(DATA + "provision/harbour-act-section-5-h-a-5")


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (DOC, RDF.type, KG.NewsArticle),
        (DOC, DCTERMS.identifier, Literal("doc one")),
        (DOC, DCTERMS.date, Literal("2031-04-02", datatype=XSD.date)),
        (DOC, URIRef("https://schema.org/url"), Literal("https://example.org/a?b=c d", datatype=XSD.anyURI)),
        (QUIST, RDF.type, KG.Person),
        (QUIST, RDFS.label, Literal("Alma Quist")),
        (QUIST, SKOS.altLabel, Literal("Quist")),
        (QUIST, KG.affiliatedWith, MINISTRY),
        (QUIST, KG.mentionedIn, DOC),
        (URIRef(f"{QUIST}/role/1"), KG.inOrganization, MINISTRY),
        (URIRef(f"{QUIST}/role/2"), KG.former, Literal(True)),
        (CRITICS, RDF.type, KG.AnonymousSource),
        (STATEMENT, KG.quote, Literal("will [surely] stop the boats,", lang="en")),
        (STATEMENT, KG.speaker, QUIST),
        (STATEMENT, KG.medium, KGM.speech),
        (STATEMENT, KG.statedOn, Literal("2031-04-01", datatype=XSD.date)),
        (STATEMENT, KG.alteration, Literal("[surely]")),
        (STATEMENT, KG.kind, Literal("partial")),
        (STATEMENT, KG.confidence, Literal("0.9", datatype=XSD.decimal)),
        (STATEMENT, KG.evidence, URIRef(DATA + "evidence/doc%20one/40-69")),
        (URIRef(DATA + "evidence/doc%20one/40-69"), OA.hasSource, DOC),
        (URIRef(DATA + "evidence/doc%20one/40-69/selector"), OA.start, Literal(40, datatype=XSD.nonNegativeInteger)),
        (URIRef(DATA + "evidence/doc%20one/40-69/selector"), RDF.type, OA.TextQuoteSelector),
        (URIRef(DATA + "provision-mention/doc%20one/168-179/smuggling-with-boats"), KG.provision, KGD["smuggling-with-boats"]),
        (URIRef(DATA + "provision-mention/doc%20one/235-250/harbour-act-section-5-h-a-5"), KG.provision, MINTED),
        (URIRef(DATA + "provision-mention/doc%20one/235-250/harbour-act-section-5-h-a-5"), KG.inferred, Literal(True)),
        (MINTED, RDF.type, KG.LegalProvision),
        (MINTED, SKOS.prefLabel, Literal("Harbour Act section 5", lang="en")),
        (MINTED, KG.jurisdiction, Literal("Tideland")),
        (OBJECTION, KG.objector, BAR),
        (OBJECTION, KG.basis, KGB["court-precedent"]),
        (OBJECTION, KG.targets, KGD["moon-policy"]),
        (OBJECTION, KG.invokesAuthority, KGD["tide-court"]),
        (OBJECTION, KG.citesPrecedent, KGD["orme-v-vale"]),
        (URIRef(DATA + "stance/doc%20one/181-204/opposes/group%2Fcritics"), KG.stanceValue, KG.opposes),
        (URIRef(DATA + "stance/doc%20one/181-204/opposes/group%2Fcritics"), KG.target, KGD["moon-policy"]),
        (CRITICS, KG.opposesPolicy, KGD["moon-policy"]),
        (QUIST, KG.supportsPolicy, KGD["moon-policy"]),
        (KG.supports, KG.directProperty, KG.supportsPolicy),
        (KGB["court-precedent"], SKOS.notation, Literal("court-precedent")),
        (KGD["harlow-v-teague"], KG.decidedBy, KGD["tide-court"]),
    ],
)
def test_rdf_maps_records_to_triples(sample_rdflib, subject, predicate, obj):
    assert (subject, predicate, obj) in sample_rdflib


@pytest.mark.parametrize(
    ("subject", "predicate"),
    [
        (URIRef(f"{QUIST}/role/3"), KG.inOrganization),
        (URIRef(f"{QUIST}/role/1"), KG.former),
        (OBJECTION, KG.carriedBy),
        (MINISTRY, KG.mentionedIn),
    ],
    ids=["unknown-organisation", "current-role", "no-carrying-statement", "no-mentions"],
)
def test_rdf_mints_nothing_for_absent_values(sample_rdflib, subject, predicate):
    assert sample_rdflib.value(subject, predicate) is None


def test_rdf_states_each_distinct_position_once(sample_corpus, sample_domain):
    """Every stance adds its holder's direct position, once however many stances report it, and a
    holder reported on both sides has both."""
    supports, opposes = sample_corpus.stances[1], sample_corpus.stances[0]
    again = dataclasses.replace(supports, mention=opposes.mention)
    turned = dataclasses.replace(opposes, holder=supports.holder, holder_mention=supports.holder_mention)
    graph = to_graph(dataclasses.replace(sample_corpus, stances=(*sample_corpus.stances, again, turned)), sample_domain)
    assert len(set(graph.subjects(KG.holder, QUIST))) == 3
    positions = sorted((p, o) for p, o in graph.predicate_objects(QUIST) if p in (KG.supportsPolicy, KG.opposesPolicy))
    assert positions == [(KG.opposesPolicy, KGD["moon-policy"]), (KG.supportsPolicy, KGD["moon-policy"])]
    assert len(list(graph.triples((None, KG.supportsPolicy, None)))) == 1


def test_rdf_carried_by_links_an_existing_statement(sample_corpus, sample_domain):
    statement = sample_corpus.statements[0]
    objection = dataclasses.replace(sample_corpus.objections[0], statement=statement.mention)
    graph = to_graph(dataclasses.replace(sample_corpus, objections=(objection,)), sample_domain)
    assert graph.value(OBJECTION, KG.carriedBy) == STATEMENT


def test_rdf_one_span_may_mention_several_provisions(sample_corpus, sample_domain):
    first = sample_corpus.provisions[0]
    second = dataclasses.replace(first, provision=None, label="boat smuggling, aggravated", citation=None)
    graph = to_graph(dataclasses.replace(sample_corpus, provisions=(first, second)), sample_domain)
    mentions = set(graph.subjects(RDF.type, KG.ProvisionMention))
    assert {graph.value(m, KG.provision) for m in mentions} == {
        KGD["smuggling-with-boats"],
        URIRef(DATA + "provision/boat-smuggling-aggravated"),
    }


def test_rdf_minted_provision_has_one_preferred_label(sample_corpus, sample_domain):
    minted = sample_corpus.provisions[1]
    variants = [dataclasses.replace(minted, label=label) for label in ("harbour act, section 5", "Harbour Act Section 5")]
    for order in (variants, variants[::-1]):
        graph = to_graph(dataclasses.replace(sample_corpus, provisions=tuple(order)), sample_domain)
        assert graph.value(MINTED, SKOS.prefLabel) == Literal("Harbour Act Section 5", lang="en")
        assert set(graph.objects(MINTED, SKOS.altLabel)) == {Literal("harbour act, section 5", lang="en")}


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld", "n3"])
def test_rdf_round_trip_is_isomorphic(sample_rdflib, fmt):
    text = sample_rdflib.serialize(format=fmt)
    assert isomorphic(Graph().parse(data=text, format=fmt), sample_rdflib)


def test_rdf_serialisation_is_byte_identical(sample_corpus, sample_domain):
    reordered = Corpus(*(tuple(reversed(getattr(sample_corpus, f.name))) for f in dataclasses.fields(Corpus)))
    first = to_graph(sample_corpus, sample_domain).serialize(format="turtle")
    assert to_graph(sample_corpus, sample_domain).serialize(format="turtle") == first
    assert to_graph(reordered, sample_domain).serialize(format="turtle") == first


@pytest.mark.parametrize(
    ("doc_id", "key"),
    [("doc one", "person/alma quist"), ("ü#1?x=<y>", 'a "b"\n%20c'), ("../..", "ünïcødé")],
    ids=["spaces", "reserved", "dots-unicode"],
)
def test_rdf_iris_are_percent_encoded_and_valid(sample_domain, doc_id, key):
    text = "Ann spoke."
    corpus = Corpus(
        documents=(Document(doc_id, text, "x.md"),),
        actors=(Actor(key, "Ann", "Person", mentions=((doc_id, Mention(0, 3, "Ann")),)),),
        statements=(), provisions=(), objections=(), stances=(),
    )
    graph = to_graph(corpus, sample_domain)
    iris = {term for triple in graph for term in triple if isinstance(term, URIRef)}
    for iri in iris:
        assert not any(c.isspace() for c in iri), iri
        pyoxigraph.NamedNode(iri)
    assert URIRef(DATA + "actor/" + quote(key, safe="")) in iris
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt").encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(store) == len(graph)


@pytest.mark.parametrize("base", ["https://example.org/kg/", "urn:x-kg:"])
def test_rdf_uses_the_given_base(sample_corpus, sample_domain, base):
    graph = to_graph(sample_corpus, sample_domain, base=base)
    assert (URIRef(base + "doc/doc%20one"), RDF.type, KG.NewsArticle) in graph
    assert ("data", URIRef(base)) in set(graph.namespaces())


def test_rdf_binds_the_contract_prefixes(sample_rdflib):
    bound = {prefix for prefix, _ in sample_rdflib.namespaces()}
    assert {"kg", "kgd", "kgb", "kgm", "kgl", "data", "skos", "schema", "prov", "dcterms", "oa"} <= bound


def test_rdf_copies_domain_without_changing_it(sample_corpus, sample_domain, sample_triples):
    before = list(sample_domain)
    to_graph(sample_corpus, sample_domain)
    assert sample_domain == before
    assert set(before) <= sample_triples


def test_rdf_targets_first_policy_by_iri(sample_corpus, sample_domain):
    sample_domain.append(pyoxigraph.Triple(vocab.KGD["a-policy"], vocab.RDF.type, vocab.KG.Policy))
    graph = to_graph(sample_corpus, sample_domain)
    assert set(graph.objects(OBJECTION, KG.targets)) == {KGD["a-policy"]}


@pytest.mark.parametrize(
    ("field", "value", "predicate"),
    [("date", dt.date(2030, 1, 1), DCTERMS.date), ("title", None, DCTERMS.title), ("publisher", "", DCTERMS.publisher)],
)
def test_rdf_document_optional_fields(sample_corpus, sample_domain, field, value, predicate):
    document = dataclasses.replace(sample_corpus.documents[0], **{field: value})
    graph = to_graph(dataclasses.replace(sample_corpus, documents=(document,)), sample_domain)
    found = graph.value(DOC, predicate)
    assert (found.toPython() if found is not None else None) == (value or None)
