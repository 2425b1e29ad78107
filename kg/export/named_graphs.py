"""Split a built graph into named graphs: one per source document, one for the domain knowledge.

Triple stores keep provenance per named graph, so a user can load, replace or drop one article's
facts without touching the rest. The split is derived from the graph alone (docs/rdf-mapping.md),
so it works on any graph kg wrote, also after a round trip through N-Triples:

- a document's graph holds the document and every resource linked to it by ``kg:reportedIn``,
  ``kg:mentionedIn``, ``oa:hasSource`` or ``prov:hadPrimarySource`` (facts, evidence, actors);
- extracted resources with no such link (selectors, roles, minted provisions, organisations only
  named in a role) go where the resources that refer to them go;
- everything else (domain individuals, controlled vocabularies) is the domain graph;
- an actor's direct position (``kg:supportsPolicy``, ``kg:opposesPolicy``: any property a stance
  value names with ``kg:directProperty``) goes where the stances behind it go, so dropping the only
  article that reports a position drops the position too.

A triple goes into its subject's graphs, except a triple pointing at a resource that has graphs of
its own: it goes only into the graphs the two share. An actor named in two articles has its name
and type in both graphs, but its ``kg:mentionedIn`` of each article and its evidence only in that
article's. So each graph stands alone, the union of all graphs is exactly the input graph, and a
corpus's quads grow with its mentions, not with mentions times articles.

The split reads the N-Triples lines of a graph's parts as pyoxigraph writes them (one space between
terms), so a large graph is split without making a term object per triple.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import pyoxigraph as ox

from kg.vocab import KG, OA, PROV, RDF

DOMAIN_GRAPH = ox.NamedNode("https://w3id.org/kg-legal/graph/domain")
"""Fixed whatever the data base, so loading several builds into one store shares one domain graph."""


def _nt(term: ox.NamedNode) -> bytes:
    return str(term).encode()


_DOMAIN = (_nt(DOMAIN_GRAPH),)
_TYPE = _nt(RDF.type)
_ARTICLE = _nt(KG.NewsArticle)
_SOURCE_LINKS = frozenset(map(_nt, (KG.reportedIn, KG.mentionedIn, OA.hasSource, PROV.hadPrimarySource)))

_DIRECT_PROPERTY = _nt(KG.directProperty)
_HOLDER, _STANCE_VALUE, _TARGET = map(_nt, (KG.holder, KG.stanceValue, KG.target))
_POSITION_LINKS = frozenset((_DIRECT_PROPERTY, _HOLDER, _STANCE_VALUE, _TARGET))


class Homes(NamedTuple):
    """Where lines go, in N-Triples form. ``subjects``: subject → the graph names it belongs to
    (absent: the domain graph). ``positions``: a direct position's line (without its newline) → the
    graphs of the stances behind it."""

    subjects: dict[bytes, frozenset[bytes]]
    positions: dict[bytes, frozenset[bytes]]


def split(parts: Sequence[bytes], homes: Homes | None = None) -> dict[bytes, list[bytes]]:
    """Graph name → its N-Triples lines, from N-Triples ``parts`` (read three times, or once given
    the ``homes`` of a graph they are part of). Graphs are in sorted order, lines in the parts'
    order; names and lines are in N-Triples form."""
    if homes is None:
        homes = find_homes(parts)
    graphs: dict[bytes, list[bytes]] = {}
    for line, names in _placed(parts, homes):
        line += b"\n"
        for name in names:
            graphs.setdefault(name, []).append(line)
    return {name: graphs[name] for name in sorted(graphs)}


def nquads(parts: Sequence[bytes], homes: Homes | None = None) -> Iterator[bytes]:
    """The N-Quads lines of N-Triples ``parts`` (read three times, or once given the ``homes`` of a graph
    they are part of), one per triple and graph, in the parts' order: unlike ``split``, nothing is held
    but the homes."""
    if homes is None:
        homes = find_homes(parts)
    for line, names in _placed(parts, homes):
        head = line[:-1]  # without the "."
        for name in names:
            yield b"%s%s .\n" % (head, name)


def find_homes(parts: Sequence[bytes]) -> Homes:
    """Which documents' graphs each subject and each direct position belong to (module docstring);
    reads ``parts`` twice."""
    documents: set[bytes] = set()
    links, position_lines = [], []
    for line in _lines(parts):
        subject, predicate, rest = line.split(b" ", 2)
        if predicate in _SOURCE_LINKS:
            links.append((subject, rest[:-2]))
        elif predicate == _TYPE and rest[:-2] == _ARTICLE and subject.startswith(b"<"):
            documents.add(subject)
        elif predicate in _POSITION_LINKS:
            position_lines.append(line)
    homes: dict[bytes, set[bytes]] = {document: {document} for document in documents}
    for subject, document in links:
        if document in documents and subject not in documents:
            homes.setdefault(subject, set()).add(document)
    bases = tuple({d[: d.rindex(b"/doc/") + 1] for d in documents if b"/doc/" in d})
    referred: dict[bytes, list[bytes]] = {}
    if bases:
        for line in _lines(parts):
            subject, _, rest = line.split(b" ", 2)
            if rest.startswith(bases):
                obj = rest[:-2]
                if obj not in homes and obj != subject:
                    referred.setdefault(subject, []).append(obj)
    pending = [subject for subject in referred if subject in homes]
    while pending:  # a chain (actor → role → organisation) is followed link by link
        subject = pending.pop()
        for obj in referred.get(subject, ()):
            names = homes.setdefault(obj, set())
            size = len(names)
            names |= homes[subject]
            if len(names) > size:
                pending.append(obj)
    return Homes({subject: frozenset(names) for subject, names in homes.items()}, _positions(position_lines, homes))


def _positions(lines: Iterable[bytes], homes: dict[bytes, set[bytes]]) -> dict[bytes, frozenset[bytes]]:
    """Each direct position's line → the graphs of the stances with its holder, value and target,
    from the lines of kg:directProperty, kg:holder, kg:stanceValue and kg:target. The lines are kept
    rather than their terms: they exist already, and three terms per line took more memory."""
    direct, stances = {}, {}
    for line in lines:
        subject, predicate, rest = line.split(b" ", 2)
        if predicate == _DIRECT_PROPERTY:
            direct[subject] = rest[:-2]
        else:
            stances.setdefault(subject, {}).setdefault(predicate, []).append(rest[:-2])
    positions: dict[bytes, set[bytes]] = {}
    for stance, values in stances.items():
        for holder in values.get(_HOLDER, ()):
            for value in values.get(_STANCE_VALUE, ()):
                if value in direct:
                    for target in values.get(_TARGET, ()):
                        positions.setdefault(b"%s %s %s ." % (holder, direct[value], target), set()).update(
                            homes.get(stance, ()))
    return {line: frozenset(names) for line, names in positions.items() if names}


def _placed(parts: Iterable[bytes], homes: Homes) -> Iterator[tuple[bytes, Sequence[bytes]]]:
    """Each line of N-Triples ``parts`` (without its newline) and the graphs it goes into, sorted:
    a direct position's stances' graphs, else its subject's, or those its subject shares with its
    object. A subject's lines are consecutive, so its graphs are sorted once for all of them, and only
    a holder's lines are looked up among the positions."""
    subjects, positions = homes
    holders = {line.split(b" ", 1)[0] for line in positions}
    last, mine, ordered, positioned = None, None, _DOMAIN, False
    for line in _lines(parts):
        subject, _, rest = line.split(b" ", 2)
        if subject != last:
            last, mine, positioned = subject, subjects.get(subject), subject in holders
            ordered = sorted(mine) if mine else _DOMAIN
        if positioned and line in positions:
            yield line, sorted(positions[line])
            continue
        theirs = subjects.get(rest[:-2]) if mine else None
        shared = mine & theirs if theirs else None
        yield line, sorted(shared) if shared and shared != mine else ordered


def _lines(parts: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of N-Triples parts, without their newlines. Split on "\\n" only: literals may hold
    U+2028, which ``splitlines`` would cut."""
    for part in parts:
        lines = part.split(b"\n")
        if lines[-1]:
            raise ValueError("N-Triples part does not end with a newline")
        yield from filter(None, lines[:-1])

