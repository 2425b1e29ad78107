"""The HTML page, read statically: nothing is loaded from outside, and article text stays data."""
import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from export_graphs import XSS_PAYLOADS, news_graph
from kg.export.html import render_html
from kg.graph import from_rdflib


class _Page(HTMLParser):
    """Collects tags with their attributes and the text of each script and style element."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, dict, str]] = []
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))

    def handle_data(self, data):
        if self._open:
            self.blocks.append((*self._open, data))

    def handle_endtag(self, tag):
        self._open = None


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _data(page: _Page) -> dict:
    [body] = [body for tag, a, body in page.blocks if a.get("type") == "application/json"]
    return json.loads(body)


@pytest.mark.parametrize("payload", ["", XSS_PAYLOADS[0]])
def test_html_loads_nothing_from_outside(payload):
    text = render_html(from_rdflib(news_graph(payload)))
    page = _parse(text)
    loading = [(tag, a) for tag, a in page.tags if {"src", "href", "srcset", "data", "action"} & set(a)]
    assert loading == []
    assert not any(tag in ("link", "iframe", "object", "embed", "base", "img") for tag, _ in page.tags)
    styles = "".join(body for tag, _, body in page.blocks if tag == "style")
    assert all(u.startswith("data:") for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", styles))
    assert "@import" not in styles


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_html_payloads_stay_inside_the_json_block(payload):
    graph = news_graph(payload)
    text = render_html(from_rdflib(graph), title=payload)
    page = _parse(text)
    scripts = [(a, body) for tag, a, body in page.blocks if tag == "script"]
    assert [a.get("type") for a, _ in scripts] == ["application/json", None, None]
    assert len([tag for tag, _ in page.tags if tag == "script"]) == 3
    assert text.count("</script") == 3 and "<!--" not in text
    [block] = [body for a, body in scripts if a.get("type") == "application/json"]
    assert not set("<>&\u2028\u2029") & set(block)
    data = _data(page)
    names = {node["name"] for node in data["nodes"]}
    assert f"Alma Quill{payload}" in names
    assert data["title"] == payload


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>"])
def test_html_title_is_escaped_text(payload):
    text = render_html(from_rdflib(news_graph()), title=payload)
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in text


@pytest.mark.parametrize("graph", [news_graph()], ids=["news"])
def test_html_csp_allows_only_the_inline_scripts(graph):
    page = _parse(render_html(from_rdflib(graph)))
    [csp] = [a["content"] for tag, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    allowed = set(re.search(r"script-src ([^;]+)", csp).group(1).split())
    inline = [body for tag, a, body in page.blocks if tag == "script" and "type" not in a]
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'" for b in inline}
    assert allowed == hashes
    assert "default-src 'none'" in csp


@pytest.mark.parametrize("payload", ["javascript:alert(1)"])
def test_html_only_web_urls_become_links(payload):
    data = _data(_parse(render_html(from_rdflib(news_graph(payload)))))
    hrefs = [item["href"] for fields in data["details"].values() for f in fields for item in f["items"] if "href" in item]
    assert hrefs and all(re.match(r"https?://", h) for h in hrefs)
    texts = [item["text"] for fields in data["details"].values() for f in fields for item in f["items"]]
    assert any(t.startswith("javascript:") for t in texts)


@pytest.mark.parametrize("expected", [{"person", "organization", "statement", "provision", "objection", "document"}])
def test_html_reads_the_graph_kg_builds(sample_graph, expected):
    data = _data(_parse(render_html(sample_graph)))
    assert expected <= {t["key"] for t in data["types"]}
    statements = [n["id"] for n in data["nodes"] if n["type"] == "statement"]
    fields = [{f["name"] for f in data["details"][s]} for s in statements]
    assert statements and all({"Quote", "Speaker", "Source", "Evidence"} <= f for f in fields)


@pytest.mark.parametrize(
    ("title", "publisher", "label"),
    [("Quist vows moon plan", "Harbour Herald", "Quist vows moon plan"), (None, "Harbour Herald", "Harbour Herald"),
     (None, None, "doc one")],
)
def test_html_names_an_article_by_its_title_else_its_publisher(sample_corpus, sample_domain, title, publisher, label):
    import dataclasses

    from kg.graph import from_triples
    from kg.rdf import triples

    (article,) = sample_corpus.documents
    corpus = dataclasses.replace(sample_corpus, documents=(dataclasses.replace(article, title=title, publisher=publisher),))
    data = _data(_parse(render_html(from_triples(triples(corpus, sample_domain)))))
    assert [document["label"] for document in data["documents"]] == [label]
    assert [node["name"] for node in data["nodes"] if node["type"] == "document"] == [label]
