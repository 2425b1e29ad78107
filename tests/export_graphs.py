"""Small hand-built graphs in kg's vocabulary (docs/rdf-mapping.md) for the exporter tests.

The names are invented. ``news_graph(payload)`` puts ``payload`` into every text field an article
can reach (names, quotes, titles, publisher, URLs, phrases), so the same graph serves the XSS tests.
"""
from __future__ import annotations

from decimal import Decimal

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SDO, SKOS

from rdflib_terms import KG, KGB, KGD, KGM, OA

DATA = Namespace("https://w3id.org/kg-legal/id/")

XSS_PAYLOADS = (
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')>",
    "</script><script>alert('breakout')</script>",
    "\"><img src=x onerror=alert('attr')>",
    "javascript:alert('url')",
    "line\u2028separator\u2029end",
)
"""Every payload calls alert(), so a real browser turns any that runs into a dialog."""


def news_graph(payload: str = "") -> rdflib.Graph:
    """Two articles, four actors, two statements, an objection, stances and provision mentions.

    Domain individuals nobody refers to (an uncited precedent, an unmentioned provision) are
    included too: the view must leave them out.
    """
    g = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in (("kg", KG), ("kgd", KGD), ("kgb", KGB), ("kgm", KGM), ("data", DATA),
                              ("rdfs", RDFS), ("skos", SKOS), ("dcterms", DCTERMS), ("schema", SDO),
                              ("oa", OA), ("xsd", XSD)):
        g.bind(prefix, namespace)
    p = payload

    policy = KGD["policy/capital-drug-cases"]
    g.add((policy, RDF.type, KG.Policy))
    g.add((policy, SKOS.prefLabel, Literal("seeking the death penalty in drug cases", lang="en")))
    court = KGD["court/high-court"]
    g.add((court, RDF.type, KG.Court))
    g.add((court, RDFS.label, Literal("High Court of Examples")))
    precedent = KGD["precedent/marlow-v-state"]
    g.add((precedent, RDF.type, KG.Precedent))
    g.add((precedent, SKOS.prefLabel, Literal("Marlow v. State", lang="en")))
    g.add((precedent, KG.citation, Literal("901 U.S. 12")))
    g.add((precedent, SDO.url, Literal("https://law.example.org/901/12", datatype=XSD.anyURI)))
    g.add((precedent, KG.decidedBy, court))
    g.add((precedent, KG.holding, Literal(f"No execution for non-homicide crimes {p}")))
    unused_precedent = KGD["precedent/unused-v-nobody"]
    g.add((unused_precedent, RDF.type, KG.Precedent))
    g.add((unused_precedent, SKOS.prefLabel, Literal("Unused v. Nobody", lang="en")))
    circumstance = KGD["circumstance/killing-in-furtherance"]
    g.add((circumstance, RDF.type, KG.StatutoryCircumstance))
    g.add((circumstance, SKOS.prefLabel, Literal("killing in furtherance of a drug enterprise", lang="en")))
    g.add((circumstance, KG.citation, Literal("99 U.S.C. § 123(e)")))
    g.add((circumstance, SDO.url, Literal("https://law.example.org/usc/99/123", datatype=XSD.anyURI)))
    unused_provision = KGD["circumstance/unmentioned"]
    g.add((unused_provision, RDF.type, KG.StatutoryCircumstance))
    g.add((unused_provision, SKOS.prefLabel, Literal("an unmentioned circumstance", lang="en")))
    minted = DATA["provision/99-usc-456"]
    g.add((minted, RDF.type, KG.LegalProvision))
    g.add((minted, SKOS.prefLabel, Literal(f"99 U.S.C. § 456 {p}", lang="en")))
    g.add((minted, KG.citation, Literal("99 U.S.C. § 456")))
    g.add((minted, SDO.url, Literal(f"javascript:alert('provision-url'){p}", datatype=XSD.anyURI)))
    basis = KGB["court-precedent"]
    g.add((basis, RDF.type, KG.ObjectionBasis))
    g.add((basis, SKOS.prefLabel, Literal("court precedent", lang="en")))
    g.add((basis, SKOS.notation, Literal("court-precedent")))
    g.add((KGM.memo, RDF.type, KG.Medium))
    g.add((KGM.memo, SKOS.prefLabel, Literal("memo", lang="en")))

    text_one = f"Alma Quill{p}, a former senior counsel, said: \"We object under Marlow and 99 U.S.C. § 123(e).\""
    text_two = f"Ben Tarrow{p} opposes the policy. Separately, 99 U.S.C. § 456 applies."
    one = _document(g, "harbor-1", f"Harbor Gazette reports{p}", f"Harbor Gazette{p}",
                    f"https://news.example.org/harbor-1?x={p}", text_one, "2024-03-01")
    two = _document(g, "valley-2", f"Valley Ledger story{p}", f"Valley Ledger{p}",
                    f"javascript:alert('doc-url'){p}", text_two, "2024-03-02")

    alma = _actor(g, "alma-quill", KG.Person, f"Alma Quill{p}", one)
    g.add((alma, SKOS.altLabel, Literal(f"A. Quill{p}")))
    office = _actor(g, "office-of-fair-trials", KG.Organization, f"Office of Fair Trials{p}", one)
    ben = _actor(g, "ben-tarrow", KG.Person, f"Ben Tarrow{p}", two)
    defenders = _actor(g, "riverside-defenders", KG.Group, f"Riverside Defenders{p}", two)
    role = DATA["actor/alma-quill/role/1"]
    g.add((alma, KG.holdsRole, role))
    g.add((role, RDF.type, KG.RoleAssignment))
    g.add((role, KG.roleTitle, Literal(f"senior counsel{p}")))
    g.add((role, KG.inOrganization, office))
    g.add((role, KG.former, Literal(True)))
    g.add((alma, KG.affiliatedWith, office))
    g.add((ben, KG.partOf, defenders))

    quote_start = text_one.index("We object")
    quote_end = text_one.index(".\"") + 1
    statement_one = DATA[f"statement/harbor-1/{quote_start}-{quote_end}"]
    g.add((statement_one, RDF.type, KG.Statement))
    g.add((statement_one, KG.quote, Literal(text_one[quote_start:quote_end], lang="en")))
    g.add((statement_one, KG.speaker, alma))
    g.add((statement_one, KG.medium, KGM.memo))
    g.add((statement_one, KG.statedOn, Literal("2024-02-28", datatype=XSD.date)))
    g.add((statement_one, KG.place, Literal(f"Harborton{p}")))
    g.add((statement_one, KG.kind, Literal("direct")))
    g.add((statement_one, KG.reportedIn, one))
    _evidence(g, statement_one, one, "harbor-1", text_one, quote_start, quote_end)
    _record(g, statement_one)

    two_start, two_end = 0, text_two.index(".") + 1
    statement_two = DATA[f"statement/valley-2/{two_start}-{two_end}"]
    g.add((statement_two, RDF.type, KG.Statement))
    g.add((statement_two, KG.quote, Literal(text_two[two_start:two_end], lang="en")))
    g.add((statement_two, KG.speaker, ben))
    g.add((statement_two, KG.kind, Literal("partial")))
    g.add((statement_two, KG.reportedIn, two))
    _evidence(g, statement_two, two, "valley-2", text_two, two_start, two_end)
    _record(g, statement_two)

    objection = DATA[f"objection/harbor-1/{quote_start}-{quote_end}/court-precedent"]
    g.add((objection, RDF.type, KG.Objection))
    g.add((objection, KG.objector, alma))
    g.add((objection, KG.basis, basis))
    g.add((objection, KG.targets, policy))
    g.add((objection, KG.citesPrecedent, precedent))
    g.add((objection, KG.invokesAuthority, court))
    g.add((objection, KG.carriedBy, statement_one))
    g.add((objection, KG.text, Literal(f"We object under Marlow{p}")))
    g.add((objection, KG.mentionedIn, one))
    _evidence(g, objection, one, "harbor-1", text_one, quote_start, quote_end)
    _record(g, objection)

    for holder, value, doc, key, text in ((ben, KG.opposes, two, "valley-2", text_two),
                                          (defenders, KG.supports, two, "valley-2", text_two),
                                          (alma, KG.opposes, one, "harbor-1", text_one)):
        start, end = 0, 20
        stance = DATA[f"stance/{key}/{start}-{end}/{holder.split('/')[-1]}-{value.split('#')[-1]}"]
        g.add((stance, RDF.type, KG.Stance))
        g.add((stance, KG.holder, holder))
        g.add((stance, KG.stanceValue, value))
        g.add((stance, KG.target, policy))
        g.add((stance, KG.text, Literal(text[start:end])))
        g.add((stance, KG.mentionedIn, doc))
        _evidence(g, stance, doc, key, text, start, end)
        _record(g, stance)

    for provision, doc, key, text, phrase in ((circumstance, one, "harbor-1", text_one, "99 U.S.C. § 123(e)"),
                                              (minted, two, "valley-2", text_two, "99 U.S.C. § 456")):
        start = text.index(phrase)
        end = start + len(phrase)
        mention = DATA[f"provision-mention/{key}/{start}-{end}"]
        g.add((mention, RDF.type, KG.ProvisionMention))
        g.add((mention, KG.provision, provision))
        g.add((mention, KG.mentionText, Literal(phrase)))
        g.add((mention, KG.inferred, Literal(False)))
        g.add((mention, KG.mentionedIn, doc))
        _evidence(g, mention, doc, key, text, start, end)
        _record(g, mention)
    return g


def _document(g, key, title, publisher, url, text, date) -> URIRef:
    doc = DATA[f"doc/{key}"]
    g.add((doc, RDF.type, KG.NewsArticle))
    g.add((doc, DCTERMS.identifier, Literal(key)))
    g.add((doc, DCTERMS.title, Literal(title)))
    g.add((doc, DCTERMS.date, Literal(date, datatype=XSD.date)))
    g.add((doc, DCTERMS.publisher, Literal(publisher)))
    g.add((doc, SDO.url, Literal(url, datatype=XSD.anyURI)))
    g.add((doc, KG.fullText, Literal(text)))
    return doc


def _actor(g, key, cls, name, doc) -> URIRef:
    actor = DATA[f"actor/{key}"]
    g.add((actor, RDF.type, cls))
    g.add((actor, RDFS.label, Literal(name)))
    g.add((actor, KG.mentionedIn, doc))
    return actor


def _evidence(g, record, doc, key, text, start, end) -> None:
    evidence = DATA[f"evidence/{key}/{start}-{end}"]
    selector = DATA[f"evidence/{key}/{start}-{end}/selector"]
    g.add((record, KG.evidence, evidence))
    g.add((evidence, RDF.type, OA.SpecificResource))
    g.add((evidence, OA.hasSource, doc))
    g.add((evidence, OA.hasSelector, selector))
    g.add((selector, RDF.type, OA.TextPositionSelector))
    g.add((selector, RDF.type, OA.TextQuoteSelector))
    g.add((selector, OA.start, Literal(start)))
    g.add((selector, OA.end, Literal(end)))
    g.add((selector, OA.exact, Literal(text[start:end])))


def _record(g, record) -> None:
    g.add((record, KG.rule, Literal("hand-built")))
    g.add((record, KG.confidence, Literal(Decimal("0.90"), datatype=XSD.decimal)))
