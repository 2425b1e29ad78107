"""kg/validate.py with ontology/shapes.ttl: a sound graph conforms, and each shape rule catches its fault.

The faults are made by editing the sample graph in rdflib (kg.rdf.to_graph), whose terms read like the
shapes, then validated as kg validates every graph (kg.graph.from_rdflib)."""
import dataclasses

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SDO, SH

from kg import paths
from kg.graph import from_rdflib
from kg.rdf import to_graph
from kg.validate import Report, Unsupported, validate
from kg.vocab import DEFAULT_BASE
from rdflib_terms import KG, KGB, KGD, KGM, OA

DATA = DEFAULT_BASE
DOC = URIRef(DATA + "doc/doc%20one")
QUIST = URIRef(DATA + "actor/person%2Falma%20quist")
STATEMENT = URIRef(DATA + "statement/person%2Falma%20quist/6d24a44533888cdb")
OBJECTION = URIRef(DATA + "objection/doc%20one/122-163/court-precedent/org%2Flantern%20bar")
STANCE = URIRef(DATA + "stance/doc%20one/181-204/opposes/group%2Fcritics")
EVIDENCE = URIRef(DATA + "evidence/doc%20one/40-69")
SELECTOR = URIRef(DATA + "evidence/doc%20one/40-69/selector")
ROLE = URIRef(DATA + "actor/person%2Falma%20quist/role/1")
MINTED = URIRef(DATA + "provision/harbour-act-section-5-h-a-5")
CRITICS = URIRef(DATA + "actor/group%2Fcritics")


def test_validate_sample_graph_conforms(sample_graph):
    report = validate(sample_graph)
    assert report == Report(conforms=True)
    assert report.text() == "The graph conforms to the shapes."


def test_validate_leaves_graph_unchanged(sample_graph):
    before = set(sample_graph.triples())
    validate(sample_graph)
    assert set(sample_graph.triples()) == before and len(sample_graph.store) == len(before)


def _replace_record(records_field, /, **changes):
    """A corpus edit: change the first record of ``records_field`` (e.g. "statements")."""

    def edit(corpus):
        first, *rest = getattr(corpus, records_field)
        return dataclasses.replace(corpus, **{records_field: (dataclasses.replace(first, **changes), *rest)})

    return edit


def _remove(subject, predicate):
    return lambda graph: graph.remove((subject, predicate, None))


def _set(subject, predicate, value):
    return lambda graph: graph.set((subject, predicate, value))


def _add(subject, predicate, value):
    return lambda graph: graph.add((subject, predicate, value))


def _first(kind, predicate, value=None, *, add=False):
    """Edit the first node of class ``kind``: remove ``predicate`` (no value), set it, or ``add`` a value."""

    def edit(graph):
        node = min(graph.subjects(RDF.type, kind))
        if value is None:
            graph.remove((node, predicate, None))
        elif add:
            graph.add((node, predicate, value))
        else:
            graph.set((node, predicate, value))

    return edit


def _shift_statement(corpus):
    """Move the statement's offsets one character right while keeping its text: they no longer match."""
    mention = corpus.statements[0].mention
    shifted = dataclasses.replace(mention, start=mention.start + 1, end=mention.end + 1)
    return _replace_record("statements", mention=shifted)(corpus)


NEGATIVE_CASES = [
    ("statement-without-speaker", _replace_record("statements", speaker=None), None, "kg:speaker", "speaker"),
    ("statement-speaker-not-actor", None, _set(STATEMENT, KG.speaker, DOC), "kg:speaker", "speaker"),
    ("statement-two-speakers", None, _add(STATEMENT, KG.speaker, CRITICS), "kg:speaker", "exactly one"),
    ("statement-without-quote", None, _remove(STATEMENT, KG.quote), "kg:quote", "kg:quote"),
    ("statement-without-article", None, _remove(STATEMENT, KG.reportedIn), "kg:reportedIn", "reportedIn"),
    ("statement-without-evidence", None, _remove(STATEMENT, KG.evidence), "kg:evidence", "evidence"),
    ("statement-bad-kind", _replace_record("statements", kind="rumour"), None, "kg:kind", "direct"),
    ("evidence-without-selector", None, _remove(EVIDENCE, OA.hasSelector), "oa:hasSelector", "hasSelector"),
    ("evidence-without-source", None, _remove(EVIDENCE, OA.hasSource), "oa:hasSource", "hasSource"),
    ("selector-offsets-do-not-match", _shift_statement, None, "", "offsets do not match"),
    ("selector-end-before-start", None, _set(SELECTOR, OA.end, Literal(3, datatype=XSD.nonNegativeInteger)), "", "offsets"),
    ("selector-start-not-non-negative", None, _set(SELECTOR, OA.start, Literal(-1)), "oa:start", "nonNegativeInteger"),
    ("selector-without-exact", None, _remove(SELECTOR, OA.exact), "oa:exact", "oa:exact"),
    ("article-without-text", None, _remove(DOC, KG.fullText), "kg:fullText", "fullText"),
    ("article-without-identifier", None, _remove(DOC, DCTERMS.identifier), "dcterms:identifier", "identifier"),
    ("actor-without-label", None, _remove(QUIST, RDFS.label), "rdfs:label", "rdfs:label"),
    ("actor-two-labels", None, _add(QUIST, RDFS.label, Literal("A. Quist")), "rdfs:label", "exactly one"),
    ("role-without-title", None, _remove(ROLE, KG.roleTitle), "kg:roleTitle", "roleTitle"),
    ("provision-without-label", _replace_record("provisions", provision=KGD.unlabelled), None, "kg:provision", "prefLabel"),
    ("minted-provision-without-label", None, _remove(MINTED, SKOS.prefLabel), "skos:prefLabel", "prefLabel"),
    ("objection-without-basis", None, _remove(OBJECTION, KG.basis), "kg:basis", "basis"),
    ("objection-basis-not-a-basis", None, _set(OBJECTION, KG.basis, KG.supports), "kg:basis", "ObjectionBasis"),
    ("objection-without-objector", _replace_record("objections", objector=None), None, "kg:objector", "objector"),
    ("objection-without-target", None, _remove(OBJECTION, KG.targets), "kg:targets", "Policy"),
    ("objection-cites-a-court", None, _add(OBJECTION, KG.citesPrecedent, KGD["tide-court"]), "kg:citesPrecedent", "Precedent"),
    ("objection-bad-confidence", _replace_record("objections", confidence=1.5), None, "kg:confidence", "between"),
    ("stance-bad-value", None, _set(STANCE, KG.stanceValue, KGB.moral), "kg:stanceValue", "supports or kg:opposes"),
    ("stance-without-holder", _replace_record("stances", holder=None), None, "kg:holder", "holder"),
    ("stance-without-evidence", None, _remove(STANCE, KG.evidence), "kg:evidence", "evidence"),
    ("article-date-not-a-date", None, _set(DOC, DCTERMS.date, Literal("2031-04-02")), "dcterms:date", "xsd:date"),
    ("article-url-not-any-uri", None, _set(DOC, SDO.url, Literal("https://example.org")), "schema:url", "anyURI"),
    ("article-title-without-language", None, _set(DOC, DCTERMS.title, Literal("Moon plan")), "dcterms:title", "language"),
    ("actor-role-not-a-role", None, _add(QUIST, KG.holdsRole, DOC), "kg:holdsRole", "RoleAssignment"),
    ("actor-affiliated-with-a-group", None, _add(QUIST, KG.affiliatedWith, CRITICS), "kg:affiliatedWith", "Organization"),
    ("actor-part-of-a-person", None, _add(QUIST, KG.partOf, QUIST), "kg:partOf", "Organization"),
    ("actor-mentioned-in-an-actor", None, _add(QUIST, KG.mentionedIn, CRITICS), "kg:mentionedIn", "NewsArticle"),
    ("anonymous-source-of-no-kind", None, _add(URIRef(DATA + "actor/nobody"), RDF.type, KG.AnonymousSource), "",
     "AnonymousSource"),
    ("role-in-a-group", None, _set(ROLE, KG.inOrganization, CRITICS), "kg:inOrganization", "Organization"),
    ("role-former-not-boolean", None, _set(ROLE, KG.former, Literal("yes")), "kg:former", "boolean"),
    ("statement-medium-not-a-medium", None, _first(KG.Statement, KG.medium, KGB.moral), "kg:medium", "Medium"),
    ("statement-date-not-a-date", None, _first(KG.Statement, KG.statedOn, Literal("April")), "kg:statedOn", "xsd:date"),
    ("mention-without-text", None, _first(KG.ProvisionMention, KG.mentionText), "kg:mentionText", "mentionText"),
    ("mention-inferred-not-boolean", None, _first(KG.ProvisionMention, KG.inferred, Literal(1)), "kg:inferred", "boolean"),
    ("mention-without-article", None, _first(KG.ProvisionMention, KG.mentionedIn), "kg:mentionedIn", "mentionedIn"),
    ("provision-two-citations", None, _first(KG.StatutoryCircumstance, KG.citation, Literal("1 T.C. § 1"), add=True),
     "kg:citation", "at most one"),
    ("provision-requires-killing-not-boolean", None, _first(KG.StatutoryCircumstance, KG.requiresKilling, Literal("no")),
     "kg:requiresKilling", "boolean"),
    ("objection-authority-not-a-court", None, _add(OBJECTION, KG.invokesAuthority, QUIST), "kg:invokesAuthority", "Court"),
    ("objection-candidate-not-a-precedent", None, _add(OBJECTION, KG.candidatePrecedent, DOC), "kg:candidatePrecedent",
     "Precedent"),
    ("objection-carried-by-an-article", None, _add(OBJECTION, KG.carriedBy, DOC), "kg:carriedBy", "Statement"),
    ("objection-without-article", None, _remove(OBJECTION, KG.mentionedIn), "kg:mentionedIn", "mentionedIn"),
    ("stance-without-value", None, _remove(STANCE, KG.stanceValue), "kg:stanceValue", "stanceValue"),
    ("stance-target-not-a-policy", None, _set(STANCE, KG.target, DOC), "kg:target", "Policy"),
    ("stance-measure-not-a-measure", None, _set(STANCE, KG.measure, DOC), "kg:measure", "Measure"),
    ("measure-without-label", None, _first(KG.Measure, RDFS.label), "rdfs:label", "measure"),
    ("measure-of-no-policy", None, _first(KG.Measure, KG.measureOf), "kg:measureOf", "Policy"),
    ("measure-reverses-not-boolean", None, _first(KG.Measure, KG.reversesPolicy, Literal("yes")), "kg:reversesPolicy",
     "boolean"),
    ("stance-without-article", None, _remove(STANCE, KG.mentionedIn), "kg:mentionedIn", "mentionedIn"),
    ("evidence-source-not-an-article", None, _set(EVIDENCE, OA.hasSource, QUIST), "oa:hasSource", "hasSource"),
    ("selector-without-end", None, _remove(SELECTOR, OA.end), "oa:end", "oa:end"),
    ("precedent-without-label", None, _remove(KGD["harlow-v-teague"], SKOS.prefLabel), "skos:prefLabel", "precedent"),
    ("precedent-year-not-a-year", None, _set(KGD["harlow-v-teague"], KG.decisionYear, Literal("1999")), "kg:decisionYear",
     "gYear"),
    ("precedent-decided-by-a-person", None, _set(KGD["harlow-v-teague"], KG.decidedBy, QUIST), "kg:decidedBy", "Court"),
    ("court-without-label", None, _remove(KGD["tide-court"], RDFS.label), "rdfs:label", "court"),
    ("policy-without-label", None, _remove(KGD["moon-policy"], SKOS.prefLabel), "skos:prefLabel", "policy"),
    ("basis-without-notation", None, _remove(KGB.moral, SKOS.notation), "skos:notation", "notation"),
    ("medium-without-notation", None, _remove(KGM.speech, SKOS.notation), "skos:notation", "notation"),
    ("stance-without-direct-position", None, _remove(QUIST, KG.supportsPolicy), "", "lacks the direct position"),
    ("direct-position-without-stance", None, _add(QUIST, KG.opposesPolicy, KGD["moon-policy"]), "",
     "no kg:Stance behind it"),
    ("stance-value-without-direct-property", None, _remove(KG.supports, KG.directProperty), "kg:directProperty",
     "directProperty"),
    ("stance-value-without-notation", None, _remove(KG.opposes, SKOS.notation), "skos:notation", "notation"),
]


@pytest.mark.parametrize(
    ("edit_corpus", "edit_graph", "path", "message"),
    [case[1:] for case in NEGATIVE_CASES],
    ids=[case[0] for case in NEGATIVE_CASES],
)
def test_validate_reports_each_shape_rule(sample_corpus, sample_domain, edit_corpus, edit_graph, path, message):
    corpus = edit_corpus(sample_corpus) if edit_corpus else sample_corpus
    graph = to_graph(corpus, sample_domain)
    if edit_graph:
        edit_graph(graph)
    report = validate(from_rdflib(graph))
    assert not report.conforms
    assert any(v.path == path and message in v.message for v in report.violations), report.text()


def test_validate_report_names_focus_by_its_words(sample_corpus, sample_domain):
    corpus = _replace_record("statements", speaker=None)(sample_corpus)
    text = validate(from_rdflib(to_graph(corpus, sample_domain))).text()
    assert text.splitlines() == [
        "1 violation(s):",
        '- kg:Statement "will [surely] stop the boats,": kg:speaker: A statement needs exactly one kg:speaker '
        "that is a kg:Person, kg:Organization or kg:Group.",
    ]


UNSHAPED_CLASSES = {
    SKOS.ConceptScheme: "the schemes of the controlled vocabularies, copied verbatim from ontology/kg.ttl",
    KG.StanceValue: "kg:supports and kg:opposes, fixed terms of ontology/kg.ttl",
    URIRef("http://www.w3.org/2002/07/owl#NamedIndividual"): "an OWL declaration, not data",
}


def test_validate_shapes_cover_every_class_in_a_graph(sample_rdflib):
    """Each class the mapping or the domain data instantiates is the target of a shape (or listed above with why not)."""
    shapes = Graph().parse(paths.ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    targeted = set(shapes.objects(None, SH.targetClass))
    used = set(sample_rdflib.objects(None, RDF.type))
    assert used - targeted - set(UNSHAPED_CLASSES) == set()


def test_validate_datatypes_read_off_the_text_not_fooled_by_literals(sample_rdflib):
    """The derived-integer check reads N-Triples lines (a store keeps xsd:nonNegativeInteger as
    xsd:integer): a literal holding a predicate's IRI is no value of it, while a real value of the
    wrong datatype is still found."""
    selector = sorted(sample_rdflib.subjects(OA.start, None))[0]
    sample_rdflib.add((selector, RDFS.comment, Literal(f'x" <{OA.start}> "7"^^<{XSD.string}> .')))
    assert validate(from_rdflib(sample_rdflib)).conforms
    start = sample_rdflib.value(selector, OA.start)
    sample_rdflib.set((selector, OA.start, Literal(str(start), datatype=XSD.integer)))
    report = validate(from_rdflib(sample_rdflib))
    assert not report.conforms and {v.path for v in report.violations} == {"oa:start"}


def test_validate_refuses_shapes_it_cannot_compile(sample_graph, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "<urn:s> sh:targetClass <urn:c> ; sh:closed true .\n", encoding="utf-8")
    with pytest.raises(Unsupported, match="shacl#closed"):
        validate(sample_graph, shapes)


def test_validate_a_measure_named_once_with_a_sentence_capital_is_one_measure():
    """"Death penalty …" at a sentence's start and "the death penalty" later are one kg:Measure with one label."""
    from kg.models import Document
    from kg.pipeline import build_documents

    text = ("Lawmakers debate the death penalty for dealers.\n\nDeath penalty supporters, including Sen. Ira Moss, back "
            "the measure. Sen. Ana Ruiz opposes the death penalty.")
    built = build_documents([Document(id="t", text=text, source="t.txt")])
    assert {s.target.text for s in built.corpus.stances if s.target} == {"Death penalty", "death penalty"}
    assert validate(built.graph).conforms
