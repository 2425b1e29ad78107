"""How fast the HTML view draws: 100, 1,000 and 5,000 nodes in headless Debian chromium.

Run: .venv/bin/python -m benchmarks.html_render [--runs 3]
Prints, per size, the median time to write the page (Python), to the first drawn frame and to a
stable view (the bounded physics steps done, or the first frame when physics starts off), both
measured by the page itself from navigation start. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import rdflib
from playwright.sync_api import sync_playwright
from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SDO, SKOS

from kg.export.html import write_html
from kg import vocab
from kg.graph import from_rdflib
from scripts.browser import launch_chromium

OA = Namespace("http://www.w3.org/ns/oa#")
KG, KGD, DATA = (Namespace(ns.iri) for ns in (vocab.KG, vocab.KGD, vocab.DATA))

SIZES = (100, 1000, 5000)


def synthetic_graph(node_count: int) -> rdflib.Graph:
    """A news-like graph of about ``node_count`` drawn nodes, for benchmarks and scale tests.

    Per article: one document, four actors (one new each time, three reused from a pool), four
    statements and an objection; a few provisions, precedents and one policy are shared.
    """
    g = rdflib.Graph(bind_namespaces="none")
    policy = KGD["policy/p"]
    g.add((policy, RDF.type, KG.Policy))
    g.add((policy, SKOS.prefLabel, Literal("the policy", lang="en")))
    provisions = [KGD[f"circumstance/c{i}"] for i in range(8)]
    for i, provision in enumerate(provisions):
        g.add((provision, RDF.type, KG.StatutoryCircumstance))
        g.add((provision, SKOS.prefLabel, Literal(f"circumstance {i}", lang="en")))
        g.add((provision, KG.citation, Literal(f"99 U.S.C. § {100 + i}")))
    precedents = [KGD[f"precedent/p{i}"] for i in range(4)]
    for i, precedent in enumerate(precedents):
        g.add((precedent, RDF.type, KG.Precedent))
        g.add((precedent, SKOS.prefLabel, Literal(f"Case {i} v. State", lang="en")))
    pool = [DATA[f"actor/pool-{i}"] for i in range(max(node_count // 40, 3))]
    for i, actor in enumerate(pool):
        g.add((actor, RDF.type, KG.Organization if i % 3 == 0 else KG.Person))
        g.add((actor, RDFS.label, Literal(f"Pool Actor {i}")))
    per_article = 7
    for a in range((max(node_count, 20) - len(provisions) - len(precedents) - len(pool) - 1) // per_article):
        key = f"art-{a:05d}"
        text = " ".join(f"Sentence {n} of article {a} says something about the policy." for n in range(8))
        doc = _document(g, key, f"Article {a}", f"Publisher {a % 7}", f"https://news.example.org/{key}",
                        text, "2024-01-01")
        actors = [_actor(g, f"{key}-new", KG.Person, f"Person {a}", doc)]
        actors += [pool[(a * 3 + k) % len(pool)] for k in range(3)]
        for actor in actors[1:]:
            g.add((actor, KG.mentionedIn, doc))
        statements = []
        for n in range(4):
            start, end = n * 60, n * 60 + 55
            statement = DATA[f"statement/{key}/{start}-{end}"]
            statements.append(statement)
            g.add((statement, RDF.type, KG.Statement))
            g.add((statement, KG.quote, Literal(text[start:end], lang="en")))
            g.add((statement, KG.speaker, actors[n]))
            g.add((statement, KG.reportedIn, doc))
            _evidence(g, statement, doc, key, text, start, end)
            mention = DATA[f"provision-mention/{key}/{start + 1}-{start + 9}"]
            g.add((mention, RDF.type, KG.ProvisionMention))
            g.add((mention, KG.provision, provisions[(a + n) % len(provisions)]))
            g.add((mention, KG.mentionText, Literal(text[start + 1:start + 9])))
            _evidence(g, mention, doc, key, text, start + 1, start + 9)
        objection = DATA[f"objection/{key}/0-55/moral"]
        g.add((objection, RDF.type, KG.Objection))
        g.add((objection, KG.objector, actors[0]))
        g.add((objection, KG.targets, policy))
        g.add((objection, KG.citesPrecedent, precedents[a % len(precedents)]))
        g.add((objection, KG.carriedBy, statements[0]))
        g.add((objection, KG.mentionedIn, doc))
        stance = DATA[f"stance/{key}/0-55/opposes"]
        g.add((stance, RDF.type, KG.Stance))
        g.add((stance, KG.holder, actors[0]))
        g.add((stance, KG.stanceValue, KG.opposes if a % 2 else KG.supports))
        g.add((stance, KG.target, policy))
    return g


def _document(g, key, title, publisher, url, text, date) -> URIRef:
    doc = DATA[f"doc/{key}"]
    for predicate, value in ((RDF.type, KG.NewsArticle), (DCTERMS.identifier, Literal(key)),
                             (DCTERMS.title, Literal(title)), (DCTERMS.date, Literal(date, datatype=XSD.date)),
                             (DCTERMS.publisher, Literal(publisher)), (SDO.url, Literal(url, datatype=XSD.anyURI)),
                             (KG.fullText, Literal(text))):
        g.add((doc, predicate, value))
    return doc


def _actor(g, key, cls, name, doc) -> URIRef:
    actor = DATA[f"actor/{key}"]
    g.add((actor, RDF.type, cls))
    g.add((actor, RDFS.label, Literal(name)))
    g.add((actor, KG.mentionedIn, doc))
    return actor


def _evidence(g, record, doc, key, text, start, end) -> None:
    evidence, selector = DATA[f"evidence/{key}/{start}-{end}"], DATA[f"evidence/{key}/{start}-{end}/selector"]
    g.add((record, KG.evidence, evidence))
    g.add((evidence, OA.hasSource, doc))
    g.add((evidence, OA.hasSelector, selector))
    g.add((selector, OA.start, Literal(start)))
    g.add((selector, OA.end, Literal(end)))
    g.add((selector, OA.exact, Literal(text[start:end])))


def measure(path: Path, browser) -> tuple[float, float, int, int]:
    """Open ``path`` in a fresh page; return (first draw ms, stable ms, nodes, edges)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(path.as_uri())
        page.wait_for_function("() => document.body.dataset.stable !== undefined", timeout=600_000, polling=50)
        first, stable, nodes, edges = page.evaluate(
            "[+document.body.dataset.firstDraw, +document.body.dataset.stable, nodes.length, edges.length]")
        return first, stable, nodes, edges
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for size in SIZES:
                graph = from_rdflib(synthetic_graph(size))
                path = Path(tmp) / f"graph-{size}.html"
                started = time.perf_counter()
                write_html(graph, path)
                written = time.perf_counter() - started
                runs = [measure(path, browser) for _ in range(args.runs)]
                rows.append((size, runs[0][2], runs[0][3], path.stat().st_size, written,
                             statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)))
        finally:
            browser.close()
    print("| target | nodes | edges | page size | write page | first draw | stable view |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, nodes, edges, size_bytes, written, first, stable in rows:
        print(f"| {size:,} | {nodes:,} | {edges:,} | {size_bytes / 1e6:.1f} MB | {written:.1f} s "
              f"| {first / 1000:.2f} s | {stable / 1000:.2f} s |")


if __name__ == "__main__":
    main()
