"""The HTML pages in a real headless Debian chromium: offline, counted, searchable, filterable, safe.

Every request that is not file:// is aborted and recorded; each test asserts none was attempted
and the console stayed free of errors. Without chromium these tests fail (never skip). One
browser serves the module (starting it is most of a test's time); each test gets a fresh page.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from playwright.sync_api import Page, sync_playwright

from export_graphs import DATA, XSS_PAYLOADS, news_graph
from kg.cli import main
from kg.export.html import write_html
from kg.export.overview import write_overview
from kg.graph import from_rdflib
from kg.pipeline import build
from scripts.browser import launch_chromium

NODES_QUERY = """
PREFIX kg: <https://w3id.org/kg-legal/ontology#>
SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {
  { ?n a ?class VALUES ?class { kg:NewsArticle kg:Person kg:Organization kg:Group kg:Statement kg:Objection } }
  UNION { [] kg:provision ?n }
  UNION { [] kg:citesPrecedent|kg:candidatePrecedent|kg:invokesAuthority|kg:targets ?n }
  UNION { [] a kg:Stance ; kg:target ?n }
  UNION { [] kg:inOrganization|kg:affiliatedWith|kg:partOf ?n }
}"""

EDGES_QUERY = """
PREFIX kg: <https://w3id.org/kg-legal/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT (COUNT(*) AS ?count) WHERE { SELECT DISTINCT ?s ?o ?kind WHERE {
  { ?o kg:speaker ?s BIND("said" AS ?kind) }
  UNION { ?s kg:reportedIn ?o BIND("reported in" AS ?kind) }
  UNION { ?s a kg:Objection ; kg:mentionedIn ?o BIND("reported in" AS ?kind) }
  UNION { ?s kg:holdsRole/kg:inOrganization ?o BIND("holds role" AS ?kind) }
  UNION { ?s kg:affiliatedWith ?o BIND("affiliated with" AS ?kind) }
  UNION { ?s kg:partOf ?o BIND("part of" AS ?kind) }
  UNION { ?o kg:objector ?s BIND("objects" AS ?kind) }
  UNION { ?s ?p ?o VALUES ?p { kg:targets kg:citesPrecedent kg:candidatePrecedent kg:invokesAuthority kg:carriedBy }
          BIND(STR(?p) AS ?kind) }
  UNION { [] a kg:Stance ; kg:holder ?s ; kg:stanceValue ?v ; kg:target ?o BIND(STR(?v) AS ?kind) }
  UNION { ?m kg:provision ?o ; kg:evidence ?e . ?e oa:hasSource ?d ; oa:hasSelector [ oa:start ?ms ; oa:end ?me ] .
          OPTIONAL { ?st a kg:Statement ; kg:evidence [ oa:hasSource ?d ; oa:hasSelector [ oa:start ?s0 ; oa:end ?s1 ] ]
                     FILTER(?s0 <= ?ms && ?me <= ?s1) }
          BIND(COALESCE(?st, ?d) AS ?s) BIND("invokes" AS ?kind) }
}}"""


@dataclass
class Watch:
    """What the page did that it must not: requests off file://, console errors, dialogs."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert (self.blocked, self.errors, self.dialogs) == ([], [], [])


@pytest.fixture(scope="module")
def browser():
    """One headless chromium for the module's tests."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def opened(browser, tmp_path):
    """Returns ``open(graph, title=..., write=...)``: writes the page, opens it in a fresh page and
    yields (page, watch) once the view stands still."""

    @contextmanager
    def open_(graph: rdflib.Graph | None = None, title: str = "kg graph",
              write: Callable = write_html, path: Path | None = None):
        if path is None:
            path = tmp_path / "graph.html"
            write(from_rdflib(graph), path, title=title)
        watch = Watch()
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            def route(r):
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    watch.blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: watch.errors.append(str(e)))
            page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.wait_for_function("() => document.body.dataset.stable !== undefined", timeout=30_000)
            yield page, watch
        finally:
            page.close()

    return open_


def _count(graph: rdflib.Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


def _hidden(page: Page) -> set[str]:
    return set(page.evaluate("nodes.get({filter: n => n.hidden}).map(n => n.id)"))


def _click_node(page: Page, node_id: str) -> None:
    point = page.evaluate(
        """id => { network.fit({animation: false}); network.redraw();
                  const p = network.canvasToDOM(network.getPosition(id));
                  const r = document.getElementById('graph').getBoundingClientRect();
                  return {x: r.left + p.x, y: r.top + p.y}; }""", node_id)
    page.mouse.click(point["x"], point["y"])


@pytest.mark.parametrize("graph", [news_graph()], ids=["news"])
def test_html_browser_counts_equal_the_graph(opened, graph):
    with opened(graph) as (page, watch):
        counts = page.evaluate("[nodes.length, edges.length, Object.keys(network.body.nodes).length]")
        watch.assert_clean()
    expected_nodes = _count(graph, NODES_QUERY)
    assert counts == [expected_nodes, _count(graph, EDGES_QUERY), expected_nodes]
    assert expected_nodes == 14


@pytest.mark.parametrize("name", ["Ben Tarrow", "ben tar"])
def test_html_browser_search_focuses_the_node(opened, name):
    with opened(news_graph()) as (page, watch):
        page.fill("#search", name)
        page.press("#search", "Enter")
        page.wait_for_function("""() => {
            const p = network.getPosition(network.getSelectedNodes()[0] || ''), v = network.getViewPosition();
            return Math.hypot(p.x - v.x, p.y - v.y) < 2; }""", timeout=5_000)
        selected = page.evaluate("network.getSelectedNodes()")
        title = page.text_content("#panel-title")
        watch.assert_clean()
    assert selected == [str(DATA["actor/ben-tarrow"])]
    assert title == "Ben Tarrow"


@pytest.mark.parametrize("node_type", ["person", "statement", "document"])
def test_html_browser_type_filter_hides_exactly_that_type_and_restores(opened, node_type):
    with opened(news_graph()) as (page, watch):
        before = page.evaluate("[nodes.length, edges.length]")
        of_type = set(page.evaluate("t => nodes.get({filter: n => n.type === t}).map(n => n.id)", node_type))
        page.uncheck(f"#types input[data-type={node_type}]")
        hidden = _hidden(page)
        edge_ends = page.evaluate("edges.get().map(e => [e.from, e.to, Boolean(e.hidden)])")
        page.check(f"#types input[data-type={node_type}]")
        after = page.evaluate("[nodes.length, edges.length, edges.get({filter: e => e.hidden}).length]")
        restored = _hidden(page)
        watch.assert_clean()
    assert of_type and hidden == of_type
    assert all(gone == (a in hidden or b in hidden) for a, b, gone in edge_ends)
    assert (restored, after) == (set(), before + [0])


@pytest.mark.parametrize("doc", ["valley-2"])
def test_html_browser_document_filter_keeps_that_document_and_restores(opened, doc):
    with opened(news_graph()) as (page, watch):
        page.select_option("#doc-filter", str(DATA[f"doc/{doc}"]))
        visible = set(page.evaluate("nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
        page.select_option("#doc-filter", "")
        restored = _hidden(page)
        watch.assert_clean()
    assert str(DATA["actor/ben-tarrow"]) in visible and str(DATA["actor/alma-quill"]) not in visible
    assert restored == set()


@pytest.mark.parametrize("statement", ["statement/harbor-1"])
def test_html_browser_clicking_a_statement_shows_quote_and_source(opened, statement):
    graph = news_graph()
    node = next(str(s) for s in graph.subjects() if str(s).startswith(str(DATA[statement])))
    with opened(graph) as (page, watch):
        _click_node(page, node)
        page.wait_for_selector("#panel:not([hidden])")
        panel = page.inner_text("#panel")
        links = page.eval_on_selector_all("#panel a", "as => as.map(a => a.href)")
        watch.assert_clean()
    for expected in ("We object under Marlow", "Alma Quill", "memo", "2024-02-28",
                     "Harbor Gazette reports", "Harbor Gazette", "https://news.example.org/harbor-1"):
        assert expected in panel
    assert links == ["https://news.example.org/harbor-1?x="]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_html_browser_xss_payloads_never_run(opened, payload):
    graph = news_graph(payload)
    with opened(graph, title=payload) as (page, watch):
        titled = page.evaluate("""() => nodes.getIds().every(id => {
            network.body.emitter.emit('click', {nodes: [id], edges: []});
            return document.getElementById('panel-title').textContent === nodes.get(id).name; })""")
        page.click("#panel-close")
        carrying = page.evaluate("p => nodes.get({filter: n => n.name.includes(p)}).map(n => n.id)", payload)
        point = page.evaluate("""id => { const p = network.canvasToDOM(network.getPosition(id));
            const r = document.getElementById('graph').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y}; }""", carrying[0])
        page.mouse.move(point["x"], point["y"])
        page.wait_for_selector("div.vis-tooltip", state="visible")
        tooltip = page.text_content("div.vis-tooltip")
        page.fill("#search", f"Alma Quill{payload}")
        page.press("#search", "Enter")
        page.select_option("#doc-filter", index=1)
        page.wait_for_timeout(200)
        found = page.evaluate("""() => ({
            handlers: document.querySelectorAll('[onerror], [onload], [onclick], [onmouseover]').length,
            scripts: document.scripts.length,
            images: document.querySelectorAll('img, iframe, object, embed').length,
            svgs: document.querySelectorAll('svg:not(.symbol)').length,
            badLinks: [...document.querySelectorAll('a')].filter(a => !/^https?:/.test(a.href)).length,
            title: document.title, heading: document.getElementById('heading').textContent,
            panel: document.getElementById('panel').textContent })""")
        watch.assert_clean()
    assert {k: found[k] for k in ("handlers", "scripts", "images", "svgs", "badLinks")} == {
        "handlers": 0, "scripts": 3, "images": 0, "svgs": 0, "badLinks": 0}
    assert found["title"] == found["heading"] == payload
    assert f"Alma Quill{payload}" in found["panel"]
    assert titled and payload in tooltip


def _panel(page: Page) -> dict[str, list[str]]:
    """The open evidence panel as {field name: [entry texts]}."""
    return page.evaluate("""() => {
        const fields = {}; let name = null;
        for (const el of document.getElementById('panel-body').children) {
            if (el.tagName === 'DT') { name = el.textContent; fields[name] = []; }
            else fields[name].push(el.textContent);
        }
        return fields; }""")


PANELS = [
    (str(DATA["actor/alma-quill"]), {
        "Roles": ["former senior counsel — Office of Fair Trials"],
        "Affiliations": ["Office of Fair Trials"],
        "Statements": ["We object under Marlow and 99 U.S.C. § 123(e)."],
        "Stances": ["opposes — seeking the death penalty in drug cases"],
        "Objections": ["objection (court precedent)"]}, []),
    ("https://w3id.org/kg-legal/domain/circumstance/killing-in-furtherance", {
        "Citation": ["99 U.S.C. § 123(e)"],
        "Evidence phrases": ["99 U.S.C. § 123(e)"],
        "Invoked by": ["Alma Quill: “We object under Marlow and 99 U.S.C. § 123(e).”"]},
     ["https://law.example.org/usc/99/123"]),
    (str(DATA["objection/harbor-1/"]), {
        "Basis": ["court precedent"],
        "Objector": ["Alma Quill"],
        "Target": ["seeking the death penalty in drug cases"],
        "Precedents": ["Marlow v. State", "901 U.S. 12"]},
     ["https://law.example.org/901/12", "https://news.example.org/harbor-1?x="]),
]


@pytest.mark.parametrize("node, fields, links", PANELS, ids=["actor", "provision", "objection"])
def test_html_browser_panel_shows_the_evidence_of_each_type(opened, node, fields, links):
    graph = news_graph()
    node_id = min(str(s) for s in graph.subjects() if str(s).startswith(node))
    with opened(graph) as (page, watch):
        _click_node(page, node_id)
        page.wait_for_selector("#panel:not([hidden])")
        shown = _panel(page)
        hrefs = page.eval_on_selector_all("#panel a", "as => as.map(a => a.href)")
        watch.assert_clean()
    for name, entries in fields.items():
        assert all(any(entry in text for text in shown.get(name, [])) for entry in entries), (name, shown.get(name))
    assert sorted(hrefs) == sorted(links)


@pytest.mark.parametrize("name", ["Ben Tarrow"])
def test_html_browser_physics_toggles_and_reset_restores_the_view(opened, name):
    with opened(news_graph()) as (page, watch):
        fitted = page.evaluate("[network.getScale(), network.getViewPosition()]")
        page.evaluate("() => { window.zoomed = new Promise((done) => network.once('animationFinished', done)); }")
        page.fill("#search", name)
        page.press("#search", "Enter")
        page.evaluate("window.zoomed")  # the zoom's animation runs by frames: slower on a busy machine
        zoomed = page.evaluate("network.getScale()")
        page.click("#reset")
        after = page.evaluate("""[network.getScale(), network.getViewPosition(), network.getSelectedNodes(),
                                  document.getElementById('panel').hidden]""")
        # the view a fit gives now: the page's layout may have moved the canvas a few pixels since loading
        refitted = page.evaluate("network.fit({ animation: false }), network.getViewPosition()")
        page.uncheck("#physics")
        off = page.evaluate("network.physics.options.enabled")
        page.check("#physics")
        on = page.evaluate("network.physics.options.enabled")
        watch.assert_clean()
    assert (off, on) == (False, True)
    assert zoomed > fitted[0]
    assert after[0] == pytest.approx(fitted[0], rel=0.01) and after[2:] == [[], True]
    assert after[1] == pytest.approx(refitted, abs=1)


@pytest.mark.parametrize("graph", [news_graph()], ids=["news"])
def test_html_browser_overview_aggregates_actors_provisions_objections(opened, graph):
    with opened(graph, title="overview", write=write_overview) as (page, watch):
        counts = page.evaluate("[nodes.length, edges.length, Object.keys(network.body.nodes).length]")
        types = sorted(page.evaluate("nodes.get().map(n => n.type)"))
        _click_node(page, str(DATA["actor/alma-quill"]))
        page.wait_for_selector("#panel:not([hidden])")
        shown = _panel(page)
        doc_filter = page.is_visible("#doc-filter")
        watch.assert_clean()
    assert counts == [8, 7, 8]
    assert types == ["group", "objection", "person", "person", "policy", "precedent", "provision", "provision"]
    assert shown["Counts"] == ["1 statement, 1 objection raised"]
    assert shown["Opposes"] == ["seeking the death penalty in drug cases× 1"]
    assert not doc_filter


@pytest.mark.parametrize("seeds", [("seeds/000_2c7c2a0f5b444207.md", "seeds/002_762628c52ecf43e6.md")])
def test_html_browser_view_renders_merged_graphs(opened, tmp_path, seeds):
    merged = rdflib.Graph()
    for seed in seeds:
        merged += build([Path(seed)]).graph.to_rdflib()
    merged.serialize(tmp_path / "merged.ttl", format="turtle")
    result = CliRunner().invoke(main, ["view", str(tmp_path / "merged.ttl"), "-o", str(tmp_path / "merged.html")])
    assert result.exit_code == 0, result.output
    with opened(path=tmp_path / "merged.html") as (page, watch):
        counts = page.evaluate("[nodes.length, edges.length]")
        documents = page.evaluate("[...document.querySelectorAll('#doc-filter option')].length - 1")
        watch.assert_clean()
    assert counts == [_count(merged, NODES_QUERY), _count(merged, EDGES_QUERY)]
    assert documents == 2
