"""The split into named graphs (kg.export.named_graphs) on small hand-written graphs.

Each article's graph holds what the article says, so it stands alone; a link to one article is in
that article's graph only, so an actor named in many articles does not copy all its links into each.
"""
from __future__ import annotations

import pytest

from kg.export.named_graphs import DOMAIN_GRAPH, find_homes, nquads, split

BASE = "https://example.org/id/"
KG = "https://w3id.org/kg-legal/ontology#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DOMAIN = str(DOMAIN_GRAPH).encode()


def doc(name: str) -> str:
    return f"{BASE}doc/{name}"


def ntriples(*triples: tuple[str, str, str]) -> bytes:
    """N-Triples lines for (subject, predicate, object) IRIs; an object in quotes is a literal."""
    def term(value: str) -> str:
        return value if value.startswith('"') else f"<{value}>"
    return "".join(f"<{s}> <{p}> {term(o)} .\n" for s, p, o in triples).encode()


def article(name: str) -> tuple[str, str, str]:
    return (doc(name), TYPE, f"{KG}NewsArticle")


ACTOR = f"{BASE}actor/person-x"
EVIDENCE = f"{BASE}evidence/a/0-5"
GRAPH = ntriples(
    article("a"), article("b"),
    (ACTOR, TYPE, f"{KG}Person"),
    (ACTOR, f"{KG}name", '"X"'),
    (ACTOR, f"{KG}mentionedIn", doc("a")),
    (ACTOR, f"{KG}mentionedIn", doc("b")),
    (ACTOR, "http://www.w3.org/ns/prov#wasDerivedFrom", EVIDENCE),
    (ACTOR, f"{KG}holdsRole", f"{BASE}role/x"),
    (f"{BASE}role/x", f"{KG}roleIn", f"{BASE}organization/y"),
    (f"{BASE}organization/y", f"{KG}name", '"Y"'),
    (EVIDENCE, "http://www.w3.org/ns/oa#hasSource", doc("a")),
    (EVIDENCE, "http://www.w3.org/ns/oa#hasSelector", f"{BASE}evidence/a/0-5/selector"),
    (f"{BASE}evidence/a/0-5/selector", "http://www.w3.org/ns/oa#exact", '"X said"'),
    (f"{BASE}statement/s1", f"{KG}reportedIn", doc("a")),
    (f"{BASE}statement/s1", f"{KG}reportedIn", doc("b")),
    (f"{BASE}statement/s1", f"{KG}speaker", ACTOR),
    ("https://w3id.org/kg-legal/domain/policy", TYPE, f"{KG}Policy"),
)


def graphs_of(graphs: dict[bytes, list[bytes]], subject: str, predicate: str, obj: str) -> set[str]:
    line = ntriples((subject, predicate, obj))
    return {name.decode()[1:-1] for name, lines in graphs.items() if line in lines}


@pytest.fixture(scope="module")
def graphs() -> dict[bytes, list[bytes]]:
    return split([GRAPH])


def test_named_graphs_are_the_articles_and_the_domain(graphs):
    assert list(graphs) == sorted([DOMAIN, f"<{doc('a')}>".encode(), f"<{doc('b')}>".encode()])
    assert graphs[DOMAIN] == [ntriples(("https://w3id.org/kg-legal/domain/policy", TYPE, f"{KG}Policy"))]


def test_named_graphs_union_is_the_graph(graphs):
    assert sorted({line for lines in graphs.values() for line in lines}) == sorted(GRAPH.splitlines(keepends=True))


def test_named_graphs_an_actor_is_described_in_each_article_but_linked_only_to_its_own(graphs):
    assert graphs_of(graphs, ACTOR, TYPE, f"{KG}Person") == {doc("a"), doc("b")}
    assert graphs_of(graphs, ACTOR, f"{KG}name", '"X"') == {doc("a"), doc("b")}
    assert graphs_of(graphs, ACTOR, f"{KG}mentionedIn", doc("a")) == {doc("a")}
    assert graphs_of(graphs, ACTOR, f"{KG}mentionedIn", doc("b")) == {doc("b")}
    assert graphs_of(graphs, ACTOR, "http://www.w3.org/ns/prov#wasDerivedFrom", EVIDENCE) == {doc("a")}


def test_named_graphs_unlinked_resources_follow_what_refers_to_them(graphs):
    assert graphs_of(graphs, f"{BASE}role/x", f"{KG}roleIn", f"{BASE}organization/y") == {doc("a"), doc("b")}
    assert graphs_of(graphs, f"{BASE}organization/y", f"{KG}name", '"Y"') == {doc("a"), doc("b")}
    assert graphs_of(graphs, f"{BASE}evidence/a/0-5/selector", "http://www.w3.org/ns/oa#exact", '"X said"') == {doc("a")}


def test_named_graphs_a_statement_reported_twice_is_in_both_articles(graphs):
    assert graphs_of(graphs, f"{BASE}statement/s1", f"{KG}speaker", ACTOR) == {doc("a"), doc("b")}
    assert graphs_of(graphs, f"{BASE}statement/s1", f"{KG}reportedIn", doc("b")) == {doc("b")}


def test_named_graphs_nquads_are_the_split(graphs):
    expected = sorted(line[:-2] + name + b" .\n" for name, lines in graphs.items() for line in lines)
    assert sorted(nquads([GRAPH])) == expected


def test_named_graphs_parts_split_like_the_whole(graphs):
    lines = GRAPH.splitlines(keepends=True)
    halves = [b"".join(lines[:7]), b"".join(lines[7:])]
    homes = find_homes(halves)
    pieces = [split([half], homes) for half in halves]
    merged = {name: [line for piece in pieces for line in piece.get(name, [])] for name in graphs}
    assert merged == graphs


@pytest.mark.parametrize("articles", [1, 10, 100])
def test_named_graphs_quads_grow_with_mentions_not_mentions_times_articles(articles):
    names = [str(n) for n in range(articles)]
    graph = ntriples(*map(article, names), (ACTOR, TYPE, f"{KG}Person"), (ACTOR, f"{KG}name", '"X"'),
                     *((ACTOR, f"{KG}mentionedIn", doc(name)) for name in names))
    # each article: its type, and the actor's type, name and one mention
    assert len(list(nquads([graph]))) == 4 * articles


def test_named_graphs_a_part_must_end_its_last_line():
    with pytest.raises(ValueError, match="newline"):
        find_homes([GRAPH[:-1]])


def test_named_graphs_a_direct_position_goes_only_where_its_stances_are():
    """The actor is named in both articles, but only article a reports its stance: dropping a's graph
    must drop the position, so the direct triple is in a's graph alone, not in each of the actor's."""
    stance, policy, supports = f"{BASE}stance/a/10-20", "https://w3id.org/kg-legal/domain/policy", f"{KG}supports"
    graph = ntriples(
        article("a"), article("b"),
        (ACTOR, TYPE, f"{KG}Person"),
        (ACTOR, f"{KG}mentionedIn", doc("a")),
        (ACTOR, f"{KG}mentionedIn", doc("b")),
        (ACTOR, f"{KG}supportsPolicy", policy),
        (stance, f"{KG}holder", ACTOR),
        (stance, f"{KG}mentionedIn", doc("a")),
        (stance, f"{KG}stanceValue", supports),
        (stance, f"{KG}target", policy),
        (supports, f"{KG}directProperty", f"{KG}supportsPolicy"),
        (policy, TYPE, f"{KG}Policy"),
    )
    graphs = split([graph])
    assert graphs_of(graphs, ACTOR, f"{KG}supportsPolicy", policy) == {doc("a")}
    assert graphs_of(graphs, ACTOR, TYPE, f"{KG}Person") == {doc("a"), doc("b")}
    assert graphs_of(graphs, supports, f"{KG}directProperty", f"{KG}supportsPolicy") == {DOMAIN_GRAPH.value}
    assert sorted(nquads([graph])) == sorted(line[:-2] + name + b" .\n" for name, lines in graphs.items() for line in lines)


def test_named_graphs_a_direct_position_without_a_stance_goes_with_its_actor():
    """A graph kg did not write may state a position with no stance behind it: the usual rule places it."""
    policy = "https://w3id.org/kg-legal/domain/policy"
    graph = ntriples(article("a"), article("b"), (ACTOR, f"{KG}mentionedIn", doc("a")),
                     (ACTOR, f"{KG}mentionedIn", doc("b")), (ACTOR, f"{KG}opposesPolicy", policy))
    assert graphs_of(split([graph]), ACTOR, f"{KG}opposesPolicy", policy) == {doc("a"), doc("b")}
