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

The split reads N-Triples lines as Oxigraph and kg.rdf.Mapping write them (one space between
terms), so a corpus's shares are split without making a term object per triple.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import rdflib
from rdflib import RDF, URIRef
from rdflib.namespace import PROV
from rdflib.util import guess_format

from kg.vocab import KG, OA

DOMAIN_GRAPH = URIRef("https://w3id.org/kg-legal/graph/domain")
"""Fixed whatever the data base, so loading several builds into one store shares one domain graph."""

_DOMAIN = (f"<{DOMAIN_GRAPH}>".encode(),)
_TYPE = f"<{RDF.type}>".encode()
_ARTICLE = f"<{KG.NewsArticle}>".encode()
_SOURCE_LINKS = frozenset(f"<{link}>".encode() for link in (KG.reportedIn, KG.mentionedIn, OA.hasSource,
                                                            PROV.hadPrimarySource))

_DIRECT_PROPERTY = f"<{KG.directProperty}>".encode()
_HOLDER, _STANCE_VALUE, _TARGET = (f"<{p}>".encode() for p in (KG.holder, KG.stanceValue, KG.target))
_POSITION_LINKS = frozenset((_DIRECT_PROPERTY, _HOLDER, _STANCE_VALUE, _TARGET))


class Homes(NamedTuple):
    """Where lines go, in N-Triples form. ``subjects``: subject → the graph names it belongs to
    (absent: the domain graph). ``positions``: a direct position's line (without its newline) → the
    graphs of the stances behind it."""

    subjects: dict[bytes, frozenset[bytes]]
    positions: dict[bytes, frozenset[bytes]]


def partition(chunks: Sequence[bytes], homes: Homes | None = None) -> dict[bytes, list[bytes]]:
    """Graph name → its N-Triples lines, from N-Triples ``chunks`` (read three times, or once given
    the ``homes`` of a graph they are part of). Graphs are in sorted order, lines in the chunks'
    order; names and lines are in N-Triples form."""
    if homes is None:
        homes = find_homes(chunks)
    parts: dict[bytes, list[bytes]] = {}
    for line, names in _placed(chunks, homes):
        line += b"\n"
        for name in names:
            parts.setdefault(name, []).append(line)
    return {name: parts[name] for name in sorted(parts)}


def nquads(chunks: Sequence[bytes]) -> Iterator[bytes]:
    """The N-Quads lines of N-Triples ``chunks`` (read three times), one per triple and graph, in the
    chunks' order: unlike ``partition``, nothing is held but the homes."""
    for line, names in _placed(chunks, find_homes(chunks)):
        head = line[:-1]  # without the "."
        for name in names:
            yield b"%s%s .\n" % (head, name)


def find_homes(chunks: Sequence[bytes]) -> Homes:
    """Which documents' graphs each subject and each direct position belong to (module docstring);
    reads ``chunks`` twice."""
    documents: set[bytes] = set()
    links, position_lines = [], []
    for line in _lines(chunks):
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
        for line in _lines(chunks):
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


def _placed(chunks: Iterable[bytes], homes: Homes) -> Iterator[tuple[bytes, Sequence[bytes]]]:
    """Each line of N-Triples ``chunks`` (without its newline) and the graphs it goes into, sorted:
    a direct position's stances' graphs, else its subject's, or those its subject shares with its
    object. A subject's lines are consecutive, so its graphs are sorted once for all of them, and only
    a holder's lines are looked up among the positions."""
    subjects, positions = homes
    holders = {line.split(b" ", 1)[0] for line in positions}
    last, mine, ordered, positioned = None, None, _DOMAIN, False
    for line in _lines(chunks):
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


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of N-Triples chunks, without their newlines. Split on "\\n" only: literals may hold
    U+2028, which ``splitlines`` would cut."""
    for chunk in chunks:
        lines = chunk.split(b"\n")
        if lines[-1]:
            raise ValueError("N-Triples chunk does not end with a newline")
        yield from filter(None, lines[:-1])


def used_prefixes(prefixes: dict[str, str], chunks: Iterable[bytes]) -> dict[str, str]:
    """The prefixes whose namespace starts some IRI of the N-Triples ``chunks``, for writers that
    abbreviate IRIs: a graph rdflib parsed binds two dozen prefixes of its own."""
    markers = {prefix: f"<{namespace}".encode() for prefix, namespace in prefixes.items() if prefix}
    used: set[str] = set()
    for chunk in chunks:
        used.update(prefix for prefix, marker in markers.items() if prefix not in used and marker in chunk)
    return {prefix: prefixes[prefix] for prefix in sorted(used)}


def read_union(path: str | Path, format: str | None = None) -> rdflib.Graph:
    """Parse any RDF file into one graph: the union of its named graphs for TriG and N-Quads.

    rdflib's ``Graph.parse`` silently drops the quads of a TriG or N-Quads file (they go to other
    graphs of its store), so a graph read that way would be empty.
    """
    chosen = format or guess_format(str(path))
    if chosen not in ("trig", "nquads"):
        return rdflib.Graph().parse(path, format=chosen)
    dataset = rdflib.Dataset()
    dataset.parse(path, format=chosen)
    union = rdflib.Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, replace=True)
    for subject, predicate, obj, _ in dataset.quads():
        union.add((subject, predicate, obj))
    return union
