"""Check a built graph against ontology/shapes.ttl with pySHACL, and report in words a reader knows.

A violation names its focus node by label, quote or exact text rather than by IRI, because the
IRIs are minted from offsets and mean nothing to someone reading the articles.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SH
from rdflib.term import Node

from kg import paths
from kg.vocab import KG, OA

_NAMING_PROPERTIES = (
    RDFS.label, SKOS.prefLabel, DCTERMS.title, KG.quote, KG.text, KG.mentionText, OA.exact, KG.roleTitle, DCTERMS.identifier
)
_SNIPPET = 60


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


def validate(graph: Graph) -> Report:
    """Validate ``graph`` (left unchanged) against the shapes, without OWL inference. pySHACL is
    imported here, not with kg: it adds a fifth of a second to every command that never uses it."""
    import pyshacl

    shapes = Graph().parse(paths.ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    violations = {
        Violation(
            focus=_describe(graph, results.value(result, SH.focusNode)),
            path=_short(graph, results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or ""),
        )
        for report in results.subjects(RDF.type, SH.ValidationReport)
        for result in results.objects(report, SH.result)
    }
    return Report(conforms=bool(conforms), violations=tuple(sorted(violations)))


def _describe(graph: Graph, node: Node | None) -> str:
    """A readable name for a node: its type and first naming value, or its IRI when it has none."""
    if node is None:
        return ""
    kinds = sorted(_short(graph, kind) for kind in graph.objects(node, RDF.type))
    prefix = f"{kinds[0]} " if kinds else ""
    for prop in _NAMING_PROPERTIES:
        value = graph.value(node, prop)
        if value is not None:
            text = " ".join(str(value).split())
            if len(text) > _SNIPPET:
                text = text[: _SNIPPET - 1] + "…"
            return f'{prefix}"{text}"'
    return f"{prefix}<{node}>"


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


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


class Unsupported(Exception):
    """The shapes use a SHACL feature the Oxigraph engine does not compile; use ``validate`` instead."""


def validate_triples(triples: Sequence[ox.Triple], prefixes: Mapping[str, str], shapes: Graph | None = None) -> Report:
    """Validate a graph given as pyoxigraph triples (see ``validate_ntriples``)."""
    return validate_ntriples([ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)], prefixes, shapes)


def validate_ntriples(shares: Sequence[bytes], prefixes: Mapping[str, str], shapes: Graph | None = None,
                      store: ox.Store | None = None) -> Report:
    """Validate a graph given as N-Triples (in one or more parts): the same report as ``validate``
    for kg's shapes. ``store``, when given, already holds the shares in its default graph and is
    used instead of a new one (it is left as it was).

    pySHACL walks every focus node in Python and needs many minutes at 10,000 articles, so each
    constraint of ontology/shapes.ttl is compiled to one SPARQL query over all its focus nodes (the
    count and value checks of an exactly-one property share one), answered by Oxigraph (the
    supported subset of SHACL Core is ``_SUPPORTED``, plus SPARQL constraints). sh:datatype is
    checked on the N-Triples lines themselves, because an Oxigraph store keeps derived integer types
    such as xsd:nonNegativeInteger as xsd:integer. Shapes using anything else raise ``Unsupported``
    rather than being skipped. tests/test_corpus_validate.py checks that both
    engines give the same report on every negative case of tests/test_validate.py.
    """
    shapes = shapes if shapes is not None else Graph().parse(paths.ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    _check_supported(shapes)
    if store is None:
        store = ox.Store()
        for share in shares:
            store.bulk_load(share, format=ox.RdfFormat.N_TRIPLES)
    return _check(store, shares, prefixes, _compile(shapes, _subclasses(store, shapes)))


def _subclasses(store: ox.Store, shapes: Graph) -> dict[str, tuple[str, ...]]:
    """Each class the shapes name (as an IRI in SPARQL syntax), with the named subclasses the data
    gives it, through rdfs:subClassOf."""
    classes = {}
    for cls in sorted(set(shapes.objects(None, SH["class"])) | set(shapes.objects(None, SH.targetClass))):
        kinds = {_iri(cls)} | {_iri(solution["kind"].value) for solution in store.query(_SUBCLASSES.format(cls=_iri(cls)))
                               if isinstance(solution["kind"], ox.NamedNode)}
        classes[_iri(cls)] = tuple(sorted(kinds))
    return classes


def _check(store: ox.Store, shares: Sequence[bytes], prefixes: Mapping[str, str], checks) -> Report:
    """Run the compiled checks. Oxigraph evaluates a query without holding the GIL, so they run on
    a few threads; the datatype checks are one task, which reads the N-Triples once for all of them.
    The report does not depend on the order the checks finish in."""
    datatypes = [check for check in checks if isinstance(check, _DatatypeCheck)]
    tasks = [functools.partial(_run_datatypes, store, shares, datatypes)] if datatypes else []
    tasks += [functools.partial(_run, store, check) for check in checks if not isinstance(check, _DatatypeCheck)]
    with ThreadPoolExecutor(_THREADS) as pool:
        results = list(pool.map(lambda task: task(), tasks))
    names = _Names(prefixes)
    violations = {Violation(focus=_describe_stored(store, node, names), path=path, message=message)
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


def _run_datatypes(store: ox.Store, shares: Sequence[bytes], checks: Sequence[_DatatypeCheck]) -> list[tuple]:
    """The violations of the datatype checks, read off the N-Triples, each share decompressed once
    for all of them; a check's focus nodes are read only when a wrong literal exists."""
    wrong: list[set[str]] = [set() for _ in checks]
    for share in shares:
        for check, found in zip(checks, wrong):
            found.update(_wrong_datatype(share, check.predicate, check.datatype))
    violations = []
    for check, subjects in zip(checks, wrong):
        if subjects:
            focus = {str(solution["this"]) for solution in store.query(check.scope)}
            violations += [(_parse_node(subject), check.path, check.message) for subject in sorted(subjects)
                           if subject in focus]
    return violations


def _wrong_datatype(share: bytes, predicate: str, datatype: str) -> set[str]:
    """Subjects (as N-Triples terms) with a ``predicate`` value that is not a ``datatype`` literal,
    read off N-Triples lines (found with ``bytes.find``: a regex over hundreds of megabytes is slow)."""
    needle = b" <" + predicate.encode() + b"> "
    suffix = b'"^^<' + datatype.encode() + b"> ."
    wrong = set()
    found = share.find(needle)
    while found >= 0:
        start = share.rfind(b"\n", 0, found) + 1
        end = share.find(b"\n", found)
        end = len(share) if end < 0 else end
        value = share[found + len(needle):end]
        if share.find(b" ", start) == found and not (value.startswith(b'"') and value.endswith(suffix)):
            wrong.add(share[start:found].decode())
        found = share.find(needle, end)
    return wrong


def _parse_node(term: str) -> ox.NamedNode | ox.BlankNode:
    return ox.NamedNode(term[1:-1]) if term.startswith("<") else ox.BlankNode(term[2:])


def validate_corpus(shares: Sequence[bytes], prefixes: Mapping[str, str], store: ox.Store | None = None) -> Report:
    """Validate a built corpus with the Oxigraph engine, or with pySHACL if the shapes need it."""
    try:
        return validate_ntriples(shares, prefixes, store=store)
    except Unsupported:
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in prefixes.items():
            graph.bind(prefix, namespace)
        for share in shares:
            graph.parse(data=share.decode("utf-8"), format="nt")
        return validate(graph)


class _DatatypeCheck(NamedTuple):
    scope: str
    predicate: str
    datatype: str
    path: str
    message: str


_NORMALISED = frozenset(str(XSD[name]) for name in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
"""Datatypes an Oxigraph store replaces by xsd:integer, so SPARQL cannot check them."""


def _check_supported(shapes: Graph) -> None:
    for _, predicate, _ in shapes.triples((None, None, None)):
        if str(predicate).startswith(str(SH)) and predicate not in _SUPPORTED:
            raise Unsupported(f"shapes use {predicate}")


def _compile(shapes: Graph, classes: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str, str] | _DatatypeCheck]:
    """(SPARQL query selecting ?this, short path, message), or a datatype check done in Python, for
    every constraint of every targeted shape. ``classes`` gives each class's subclasses (``_subclasses``)."""
    names = _Names({p: str(n) for p, n in shapes.namespaces()})
    queries = []
    for shape in sorted(set(shapes.subjects(SH.targetClass, None))):
        kinds = sorted({kind for target in shapes.objects(shape, SH.targetClass) for kind in classes[_iri(target)]})
        scope = _instance("?this", kinds, "?target")
        if (shape, SH.node, None) in shapes:
            condition = " && ".join(_conforms(shapes, node, "?this", _Compiling(classes))
                                    for node in shapes.objects(shape, SH.node))
            queries.append((f"SELECT DISTINCT ?this WHERE {{ {scope} FILTER (!({condition})) }}", "",
                            _message(shapes, shape)))
        for constraint in shapes.objects(shape, SH.sparql):
            queries.append(_sparql_constraint(shapes, constraint, scope))
        for prop in sorted(shapes.objects(shape, SH.property)):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef):
                raise Unsupported("only IRI paths are compiled")
            short, message, p = names.short(path), _message(shapes, prop), _iri(path)
            for query in _property_queries(shapes, prop, p, scope, classes):
                queries.append((query, short, message))
            for datatype in shapes.objects(prop, SH.datatype):
                if str(datatype) in _NORMALISED:
                    queries.append(_DatatypeCheck(f"SELECT ?this WHERE {{ {scope} }}", str(path), str(datatype),
                                                  short, message))
    return queries


def _property_queries(shapes: Graph, prop, p: str, scope: str, classes: Mapping[str, tuple[str, ...]]) -> list[str]:
    minimum, maximum = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    checks = _value_checks(shapes, prop, "?v", _Compiling(classes), datatypes="top")
    queries = _count_and_value_queries(p, scope, minimum, maximum, checks)
    if shapes.value(prop, SH.uniqueLang) == Literal(True):
        queries.append(f"SELECT DISTINCT ?this WHERE {{ {scope} ?this {p} ?a, ?b . "
                       f"FILTER (!sameTerm(?a, ?b) && LANG(?a) != \"\" && LANG(?a) = LANG(?b)) }}")
    return queries


def _count_and_value_queries(p: str, scope: str, minimum, maximum, checks: list[str]) -> list[str]:
    low = None if minimum is None else int(minimum)
    high = None if maximum is None else int(maximum)
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


def _value_checks(shapes: Graph, shape, var: str, compiling: _Compiling, datatypes: str = "nested") -> list[str]:
    """SPARQL conditions that hold when the value ``var`` meets the shape's value constraints. At the
    top level a datatype the store normalises is left to the Python check (``_DatatypeCheck``)."""
    checks = []
    for datatype in shapes.objects(shape, SH.datatype):
        if str(datatype) in _NORMALISED:
            if datatypes == "top":
                continue
            raise Unsupported(f"a nested sh:datatype {datatype} cannot be checked in an Oxigraph store")
        checks.append(f"(isLiteral({var}) && sameTerm(DATATYPE({var}), {_iri(datatype)}))")
    for cls in shapes.objects(shape, SH["class"]):
        checks.append(f"EXISTS {{ {_instance(var, compiling.classes[_iri(cls)], compiling.fresh())} }}")
    for members in shapes.objects(shape, SH["in"]):
        allowed = " || ".join(f"sameTerm({var}, {_term(m)})" for m in Collection(shapes, members))
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


def _conforms(shapes: Graph, shape, var: str, compiling: _Compiling) -> str:
    """A SPARQL condition that holds when the node ``var`` conforms to ``shape`` (for sh:node, sh:or)."""
    checks = _value_checks(shapes, shape, var, compiling)
    for alternatives in shapes.objects(shape, SH["or"]):
        options = [_conforms(shapes, member, var, compiling) for member in Collection(shapes, alternatives)]
        checks.append(f"({' || '.join(options) or 'false'})")
    for prop in shapes.objects(shape, SH.property):
        p, value, other = _iri(shapes.value(prop, SH.path)), compiling.fresh(), compiling.fresh()
        minimum, maximum = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
        if minimum is not None and int(minimum) > 0:
            checks.append(f"EXISTS {{ {var} {p} {value} }}")
        if maximum is not None:
            checks.append(f"NOT EXISTS {{ {var} {p} {value}, {other} . FILTER (!sameTerm({value}, {other})) }}")
        inner = _value_checks(shapes, prop, value, compiling)
        if inner:
            checks.append(f"NOT EXISTS {{ {var} {p} {value} . FILTER (!({' && '.join(inner)})) }}")
        if shapes.value(prop, SH.uniqueLang) == Literal(True):
            checks.append(f"NOT EXISTS {{ {var} {p} {value}, {other} . FILTER (!sameTerm({value}, {other}) && "
                          f"LANG({value}) != \"\" && LANG({value}) = LANG({other})) }}")
    return f"({' && '.join(checks) or 'true'})"


def _sparql_constraint(shapes: Graph, constraint, scope: str) -> tuple[str, str, str]:
    """A SPARQL-based constraint with ``$this`` bound to each focus node of its shape."""
    select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
    declarations = [f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>"
                    for source in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(source, SH.declare)]
    where = select.index("{", select.upper().index("WHERE"))
    query = "\n".join(declarations) + "\n" + select[:where + 1] + f" {scope} " + select[where + 1:]
    return query, "", _message(shapes, constraint)


def _message(shapes: Graph, shape) -> str:
    message = shapes.value(shape, SH.message)
    if message is None:
        raise Unsupported(f"shape {shape} has no sh:message; only pySHACL writes default messages")
    return str(message)


def _iri(term) -> str:
    return f"<{term}>"


def _term(term) -> str:
    if isinstance(term, URIRef):
        return _iri(term)
    if isinstance(term, Literal):
        return str(_ox_literal(term))
    raise Unsupported(f"cannot compile the term {term!r}")


def _ox_literal(term: Literal) -> ox.Literal:
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def _lexical(term) -> str:
    return "" if term is None else term.value


class _Names:
    """Prefixed names the way rdflib's namespace manager writes them: ``prefix:local`` or ``<iri>``."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = {namespace: prefix for prefix, namespace in sorted(prefixes.items())}

    def short(self, iri) -> str:
        text = str(iri)
        cut = max(text.rfind("#"), text.rfind("/")) + 1
        prefix = self.prefixes.get(text[:cut])
        return f"{prefix}:{text[cut:]}" if prefix is not None and cut else f"<{text}>"


def _describe_stored(store: ox.Store, node, names: _Names) -> str:
    """``_describe`` for a node in an Oxigraph store (the least value when a property has several)."""
    kinds = sorted(names.short(q.object.value) for q in store.quads_for_pattern(node, _RDF_TYPE, None))
    prefix = f"{kinds[0]} " if kinds else ""
    for prop in _NAMING_PROPERTIES:
        values = sorted(q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(str(prop)), None))
        if values:
            text = " ".join(values[0].split())
            if len(text) > _SNIPPET:
                text = text[: _SNIPPET - 1] + "…"
            return f'{prefix}"{text}"'
    return f"{prefix}<{node.value}>"


_RDF_TYPE = ox.NamedNode(str(RDF.type))
