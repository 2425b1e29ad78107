"""Check a graph against ontology/shapes.ttl, and report in words a reader knows.

Each constraint of the shapes is compiled to one SPARQL query over all its focus nodes, answered by
the graph's Oxigraph store, where a SHACL engine that walks every focus node in Python (pySHACL)
needs many minutes at 10,000 articles. The compiler covers the part of SHACL Core the shapes use
(``_SUPPORTED``) plus SPARQL constraints; shapes using anything else are refused with a one-line
error rather than skipped. Each shape has a negative test (tests/test_validate.py).

A violation names its focus node by label, quote or exact text rather than by IRI, because the
IRIs are minted from offsets and mean nothing to someone reading the articles.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

import kg.paths as paths
from kg.errors import KgError
from kg.graph import Graph
from kg.vocab import DCTERMS, KG, OA, RDF, RDFS, SH, SKOS, XSD, prefixed

_NAMING_PROPERTIES = (
    RDFS.label, SKOS.prefLabel, DCTERMS.title, KG.quote, KG.text, KG.mentionText, OA.exact, KG.roleTitle, DCTERMS.identifier
)
_SNIPPET = 60
_RDF_FIRST, _RDF_REST, _RDF_NIL = RDF.first, RDF.rest, RDF.nil


class Violation(NamedTuple):
    """One failed constraint: what (by label), where (property path) and why."""

    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class Report:
    """The outcome of validating a graph; violations are sorted so reports are stable."""

    conforms: bool
    violations: tuple[Violation, ...] = ()

    def text(self) -> str:
        if self.conforms:
            return "The graph conforms to the shapes."
        lines = [f"{len(self.violations)} violation(s):"]
        lines += [f"- {v.focus}: {v.path + ': ' if v.path else ''}{v.message}" for v in self.violations]
        return "\n".join(lines)


class Unsupported(KgError):
    """The shapes use a SHACL feature the compiler does not support."""


class _Shapes:
    """The shapes graph, read with the lookups the compiler makes."""

    def __init__(self, path: Path) -> None:
        parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        self.triples = [quad.triple for quad in parser]
        self.prefixes = dict(parser.prefixes)
        self.store = ox.Store()
        self.store.extend(ox.Quad(*t) for t in self.triples)

    def objects(self, subject, predicate) -> list:
        return sorted((q.object for q in self.store.quads_for_pattern(subject, predicate, None)), key=str)

    def subjects(self, predicate) -> list:
        return sorted({q.subject for q in self.store.quads_for_pattern(None, predicate, None)}, key=str)

    def value(self, subject, predicate):
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def items(self, node) -> list:
        """The members of an RDF list."""
        members = []
        while node is not None and node != _RDF_NIL:
            members.extend(self.objects(node, _RDF_FIRST))
            node = self.value(node, _RDF_REST)
        return members


@functools.cache
def _shapes(path: Path) -> _Shapes:
    shapes = _Shapes(path)
    for triple in shapes.triples:
        if triple.predicate.value.startswith(SH.iri) and triple.predicate not in _SUPPORTED:
            raise Unsupported(f"{path} uses {triple.predicate.value}, which kg's validator does not compile")
    return shapes


def validate(graph: Graph, shapes: Path | None = None) -> Report:
    """Validate ``graph`` against the shapes (ontology/shapes.ttl unless given), leaving it unchanged.

    sh:datatype of a derived integer type (xsd:nonNegativeInteger) is checked on the parts'
    N-Triples, since an Oxigraph store keeps such literals as xsd:integer."""
    compiled = _shapes(shapes or paths.ONTOLOGY_DIR / "shapes.ttl")
    store = graph.store
    return _check(store, graph.ntriples(), graph.prefixes, _compile(compiled, _subclasses(store, compiled)))


_SUPPORTED = frozenset(SH[name] for name in (
    "targetClass", "property", "path", "minCount", "maxCount", "datatype", "class", "in", "node", "or",
    "minInclusive", "maxInclusive", "uniqueLang", "message", "sparql", "select", "prefixes", "declare", "prefix",
    "namespace"))
_SUBCLASSES = "SELECT DISTINCT ?kind WHERE {{ ?kind <http://www.w3.org/2000/01/rdf-schema#subClassOf>* {cls} }}"
"""The classes whose instances are instances of ``cls`` in the data graph. Each class the shapes target
or name in sh:class is expanded into this list once, so the checks match ``?this a ?kind`` against
it, where a property path per node took seconds at 10,000 articles."""
_THREADS = 2
"""Threads the compiled checks run on (Oxigraph answers without the GIL). At 10,000 articles 2, 4 and
8 threads all take 5.3–5.4 s on the 2 cores here; fewer threads hold fewer query results at once."""


def _subclasses(store: ox.Store, shapes: _Shapes) -> dict[str, tuple[str, ...]]:
    """Each class the shapes name (as an IRI in SPARQL syntax), with the named subclasses the data
    gives it, through rdfs:subClassOf."""
    classes = {}
    for cls in sorted(set(shapes.objects(None, SH["class"])) | set(shapes.objects(None, SH.targetClass)), key=str):
        kinds = {_iri(cls)} | {_iri(solution["kind"]) for solution in store.query(_SUBCLASSES.format(cls=_iri(cls)))
                               if isinstance(solution["kind"], ox.NamedNode)}
        classes[_iri(cls)] = tuple(sorted(kinds))
    return classes


def _check(store: ox.Store, parts: Sequence[bytes], prefixes: Mapping[str, str], checks) -> Report:
    """Run the compiled checks. Oxigraph evaluates a query without holding the GIL, so they run on
    a few threads; the datatype checks are one task, which reads the N-Triples once for all of them.
    The report does not depend on the order the checks finish in."""
    datatypes = [check for check in checks if isinstance(check, _DatatypeCheck)]
    tasks = [functools.partial(_run_datatypes, store, parts, datatypes)] if datatypes else []
    tasks += [functools.partial(_run, store, check) for check in checks if not isinstance(check, _DatatypeCheck)]
    with ThreadPoolExecutor(_THREADS) as pool:
        results = list(pool.map(lambda task: task(), tasks))
    violations = {Violation(focus=_describe(store, node, prefixes), path=path, message=message)
                  for found in results for node, path, message in found}
    return Report(conforms=not violations, violations=tuple(sorted(violations)))


def _run(store: ox.Store, check: tuple[str, str, str]) -> list[tuple]:
    """The (focus node, path, message) of each violation one compiled SPARQL check finds."""
    query, path, message = check
    found = []
    for solution in store.query(query):
        text = message
        if "{" in text:
            text = re.sub(r"\{[?$](\w+)\}", lambda m: _lexical(solution[m.group(1)]), text)
        found.append((solution["this"], path, text))
    return found


def _run_datatypes(store: ox.Store, parts: Sequence[bytes], checks: Sequence[_DatatypeCheck]) -> list[tuple]:
    """The violations of the datatype checks, read off the N-Triples, each part decompressed once
    for all of them; a check's focus nodes are read only when a wrong literal exists."""
    wrong: list[set[str]] = [set() for _ in checks]
    for part in parts:
        for check, found in zip(checks, wrong):
            found.update(_wrong_datatype(part, check.predicate, check.datatype))
    violations = []
    for check, subjects in zip(checks, wrong):
        if subjects:
            focus = {str(solution["this"]) for solution in store.query(check.scope)}
            violations += [(_parse_node(subject), check.path, check.message) for subject in sorted(subjects)
                           if subject in focus]
    return violations


def _wrong_datatype(part: bytes, predicate: str, datatype: str) -> set[str]:
    """Subjects (as N-Triples terms) with a ``predicate`` value that is not a ``datatype`` literal,
    read off N-Triples lines (found with ``bytes.find``: a regex over hundreds of megabytes is slow)."""
    needle = b" <" + predicate.encode() + b"> "
    suffix = b'"^^<' + datatype.encode() + b"> ."
    wrong = set()
    found = part.find(needle)
    while found >= 0:
        start = part.rfind(b"\n", 0, found) + 1
        end = part.find(b"\n", found)
        end = len(part) if end < 0 else end
        value = part[found + len(needle):end]
        if part.find(b" ", start) == found and not (value.startswith(b'"') and value.endswith(suffix)):
            wrong.add(part[start:found].decode())
        found = part.find(needle, end)
    return wrong


def _parse_node(term: str) -> ox.NamedNode | ox.BlankNode:
    return ox.NamedNode(term[1:-1]) if term.startswith("<") else ox.BlankNode(term[2:])


class _DatatypeCheck(NamedTuple):
    scope: str
    predicate: str
    datatype: str
    path: str
    message: str


_NORMALISED = frozenset(XSD[name].value for name in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
"""Datatypes an Oxigraph store replaces by xsd:integer, so SPARQL cannot check them."""


def _compile(shapes: _Shapes, classes: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str, str] | _DatatypeCheck]:
    """(SPARQL query selecting ?this, short path, message), or a datatype check done in Python, for
    every constraint of every targeted shape. ``classes`` gives each class's subclasses (``_subclasses``)."""
    queries = []
    for shape in shapes.subjects(SH.targetClass):
        kinds = sorted({kind for target in shapes.objects(shape, SH.targetClass) for kind in classes[_iri(target)]})
        scope = _instance("?this", kinds, "?target")
        if shapes.objects(shape, SH.node):
            condition = " && ".join(_conforms(shapes, node, "?this", _Compiling(classes))
                                    for node in shapes.objects(shape, SH.node))
            queries.append((f"SELECT DISTINCT ?this WHERE {{ {scope} FILTER (!({condition})) }}", "",
                            _message(shapes, shape)))
        for constraint in shapes.objects(shape, SH.sparql):
            queries.append(_sparql_constraint(shapes, constraint, scope))
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, ox.NamedNode):
                raise Unsupported("only IRI paths are compiled")
            short, message, p = prefixed(path.value, shapes.prefixes), _message(shapes, prop), _iri(path)
            for query in _property_queries(shapes, prop, p, scope, classes):
                queries.append((query, short, message))
            for datatype in shapes.objects(prop, SH.datatype):
                if datatype.value in _NORMALISED:
                    queries.append(_DatatypeCheck(f"SELECT ?this WHERE {{ {scope} }}", path.value, datatype.value,
                                                  short, message))
    return queries


def _property_queries(shapes: _Shapes, prop, p: str, scope: str, classes: Mapping[str, tuple[str, ...]]) -> list[str]:
    minimum, maximum = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    checks = _value_checks(shapes, prop, "?v", _Compiling(classes), datatypes="top")
    queries = _count_and_value_queries(p, scope, minimum, maximum, checks)
    if _true(shapes.value(prop, SH.uniqueLang)):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ {scope} ?this {p} ?a, ?b . "
                       f"FILTER (!sameTerm(?a, ?b) && LANG(?a) != \"\" && LANG(?a) = LANG(?b)) }}")
    return queries


def _count_and_value_queries(p: str, scope: str, minimum, maximum, checks: list[str]) -> list[str]:
    low = None if minimum is None else int(minimum.value)
    high = None if maximum is None else int(maximum.value)
    if low in (None, 0, 1) and high in (None, 1) and (checks and (low == 1 or high == 1) or low == high == 1):
        # At most one value, or at least one, and every value good, in one pass over the focus nodes
        # instead of two or three (half the time): the checks belong to one property shape, so their
        # violations read the same. With no value, ?w is unbound and the checks are not reached.
        value = f"OPTIONAL {{ ?this {p} ?v }}" if low == 1 else f"?this {p} ?v ."
        other = f" OPTIONAL {{ ?this {p} ?w FILTER (!sameTerm(?v, ?w)) }}" if high == 1 else ""
        wrong = ["!BOUND(?v)"] * (low == 1) + ["BOUND(?w)"] * (high == 1) + [f"!({' && '.join(checks)})"] * bool(checks)
        return [f"SELECT DISTINCT ?this WHERE {{ {scope} {value}{other} FILTER ({' || '.join(wrong)}) }}"]
    queries = []
    if low == 1:
        queries.append(f"SELECT ?this WHERE {{ {scope} FILTER NOT EXISTS {{ ?this {p} ?v }} }}")
    elif low is not None:
        queries.append(f"SELECT ?this WHERE {{ {scope} OPTIONAL {{ ?this {p} ?v }} }} "
                       f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {low})")
    if high == 1:
        queries.append(f"SELECT DISTINCT ?this WHERE {{ {scope} ?this {p} ?v, ?w . FILTER (!sameTerm(?v, ?w)) }}")
    elif high is not None:
        queries.append(f"SELECT ?this WHERE {{ {scope} ?this {p} ?v }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {high})")
    if checks:
        queries.append(f"SELECT DISTINCT ?this WHERE {{ {scope} ?this {p} ?v . FILTER (!({' && '.join(checks)})) }}")
    return queries


class _Compiling:
    """What compiling one check needs besides the shapes: fresh variable names for nested patterns,
    and each class's subclasses (``_subclasses``)."""

    def __init__(self, classes: Mapping[str, tuple[str, ...]]) -> None:
        self.count = 0
        self.classes = classes

    def fresh(self) -> str:
        self.count += 1
        return f"?x{self.count}"


def _value_checks(shapes: _Shapes, shape, var: str, compiling: _Compiling, datatypes: str = "nested") -> list[str]:
    """SPARQL conditions that hold when the value ``var`` meets the shape's value constraints. At the
    top level a datatype the store normalises is left to the Python check (``_DatatypeCheck``)."""
    checks = []
    for datatype in shapes.objects(shape, SH.datatype):
        if datatype.value in _NORMALISED:
            if datatypes == "top":
                continue
            raise Unsupported(f"a nested sh:datatype {datatype} cannot be checked in an Oxigraph store")
        checks.append(f"(isLiteral({var}) && sameTerm(DATATYPE({var}), {_iri(datatype)}))")
    for cls in shapes.objects(shape, SH["class"]):
        checks.append(f"EXISTS {{ {_instance(var, compiling.classes[_iri(cls)], compiling.fresh())} }}")
    for members in shapes.objects(shape, SH["in"]):
        allowed = " || ".join(f"sameTerm({var}, {_term(m)})" for m in shapes.items(members))
        checks.append(f"({allowed or 'false'})")
    for node in shapes.objects(shape, SH.node):
        checks.append(_conforms(shapes, node, var, compiling))
    for bound, operator in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
        for value in shapes.objects(shape, bound):
            checks.append(f"COALESCE({var} {operator} {_term(value)}, false)")
    return checks


def _instance(var: str, kinds: Sequence[str], kind: str) -> str:
    """A pattern matching ``var`` when it is an instance of one of ``kinds`` (bound to ``kind``)."""
    if len(kinds) == 1:
        return f"{var} a {kinds[0]} ."
    return f"VALUES {kind} {{ {' '.join(kinds)} }} {var} a {kind} ."


def _conforms(shapes: _Shapes, shape, var: str, compiling: _Compiling) -> str:
    """A SPARQL condition that holds when the node ``var`` conforms to ``shape`` (for sh:node, sh:or)."""
    checks = _value_checks(shapes, shape, var, compiling)
    for alternatives in shapes.objects(shape, SH["or"]):
        options = [_conforms(shapes, member, var, compiling) for member in shapes.items(alternatives)]
        checks.append(f"({' || '.join(options) or 'false'})")
    for prop in shapes.objects(shape, SH.property):
        p, value, other = _iri(shapes.value(prop, SH.path)), compiling.fresh(), compiling.fresh()
        minimum, maximum = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
        if minimum is not None and int(minimum.value) > 0:
            checks.append(f"EXISTS {{ {var} {p} {value} }}")
        if maximum is not None:
            checks.append(f"NOT EXISTS {{ {var} {p} {value}, {other} . FILTER (!sameTerm({value}, {other})) }}")
        inner = _value_checks(shapes, prop, value, compiling)
        if inner:
            checks.append(f"NOT EXISTS {{ {var} {p} {value} . FILTER (!({' && '.join(inner)})) }}")
        if _true(shapes.value(prop, SH.uniqueLang)):
            checks.append(f"NOT EXISTS {{ {var} {p} {value}, {other} . FILTER (!sameTerm({value}, {other}) && "
                          f"LANG({value}) != \"\" && LANG({value}) = LANG({other})) }}")
    return f"({' && '.join(checks) or 'true'})"


def _sparql_constraint(shapes: _Shapes, constraint, scope: str) -> tuple[str, str, str]:
    """A SPARQL-based constraint with ``$this`` bound to each focus node of its shape."""
    select = shapes.value(constraint, SH.select).value.replace("$this", "?this")
    declarations = [f"PREFIX {shapes.value(d, SH.prefix).value}: <{shapes.value(d, SH.namespace).value}>"
                    for source in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(source, SH.declare)]
    where = select.index("{", select.upper().index("WHERE"))
    query = "\n".join(declarations) + "\n" + select[:where + 1] + f" {scope} " + select[where + 1:]
    return query, "", _message(shapes, constraint)


def _message(shapes: _Shapes, shape) -> str:
    message = shapes.value(shape, SH.message)
    if message is None:
        raise Unsupported(f"shape {shape} has no sh:message: the validator writes no default messages")
    return message.value


def _iri(term: ox.NamedNode) -> str:
    return str(term)


def _term(term) -> str:
    """A term in SPARQL syntax, which for IRIs and literals is their N-Triples form."""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    raise Unsupported(f"cannot compile the term {term!r}")


def _true(term) -> bool:
    return isinstance(term, ox.Literal) and term.value == "true"


def _lexical(term) -> str:
    return "" if term is None else term.value


def _describe(store: ox.Store, node, prefixes: Mapping[str, str]) -> str:
    """A readable name for a node: its type and the least value of its first naming property, or its
    IRI when it has none."""
    kinds = sorted(prefixed(q.object.value, prefixes) for q in store.quads_for_pattern(node, RDF.type, None))
    prefix = f"{kinds[0]} " if kinds else ""
    for prop in _NAMING_PROPERTIES:
        values = sorted(q.object.value for q in store.quads_for_pattern(node, prop, None))
        if values:
            text = " ".join(values[0].split())
            if len(text) > _SNIPPET:
                text = text[: _SNIPPET - 1] + "…"
            return f'{prefix}"{text}"'
    return f"{prefix}<{node.value}>"

