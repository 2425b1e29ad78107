"""Load a built graph into Oxigraph and answer read-only SPARQL: presets, ad-hoc queries, formats.

Oxigraph answers joins one to two orders of magnitude faster than rdflib (see TOOLCHAIN.md); the
preset results are normalised in Python (lists and rows sorted) so they are byte-identical run to run
and equal to what rdflib gives for the same query.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pyoxigraph

from kg.errors import InputError, QueryError

LIST_SEPARATOR = "; "

_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_PROLOGUE = re.compile(r"\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>", re.IGNORECASE)
_KEYWORD = re.compile(r"[A-Za-z]+")
_LISTS_HEADER = re.compile(r"^#\s*lists:\s*(.+)$", re.MULTILINE)

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Result:
    """A query answer as strings: SELECT rows, one ``ask`` cell for ASK, or triples for CONSTRUCT/DESCRIBE.

    Cells hold lexical values (IRIs without brackets, literals without quotes); ``None`` is unbound.
    CONSTRUCT triples are in N-Triples term syntax and sorted, since a graph has no order.
    """

    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Preset:
    """A named query shipped in kg/queries/NAME.rq; ``lists`` are the columns holding "; "-joined lists."""

    name: str
    text: str
    lists: tuple[str, ...] = ()

    def tidy(self, columns: Iterable[str], rows: Iterable[Row]) -> tuple[tuple[str, ...], ...]:
        """Make rows engine-independent: unbound as "", list items sorted and unique, rows sorted."""
        columns = tuple(columns)
        listed = {columns.index(name) for name in self.lists}
        tidied = (tuple(_sorted_list(cell) if i in listed else (cell or "") for i, cell in enumerate(row)) for row in rows)
        return tuple(sorted(tidied))


def _sorted_list(cell: str | None) -> str:
    return LIST_SEPARATOR.join(sorted({item for item in (cell or "").split(LIST_SEPARATOR) if item}))


def _read_presets() -> Mapping[str, Preset]:
    presets = {}
    for entry in sorted(resources.files("kg").joinpath("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name.removesuffix(".rq")
            text = entry.read_text(encoding="utf-8")
            header = _LISTS_HEADER.search(text)
            lists = tuple(column.strip() for column in header.group(1).split(",")) if header else ()
            presets[name] = Preset(name, text, lists)
    return MappingProxyType(presets)


PRESETS: Mapping[str, Preset] = _read_presets()

_RDF_FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".n3": pyoxigraph.RdfFormat.N3,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".owl": pyoxigraph.RdfFormat.RDF_XML,
    ".xml": pyoxigraph.RdfFormat.RDF_XML,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
    ".json": pyoxigraph.RdfFormat.JSON_LD,
}


def load_graph(path: str | Path) -> pyoxigraph.Store:
    """Read an RDF file kg wrote (format from its extension) into a new in-memory store."""
    path = Path(path)
    rdf_format = _RDF_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(_RDF_FORMATS))
        raise InputError(f"cannot read {path}: unknown RDF file extension {path.suffix!r} (expected one of {known})")
    store = pyoxigraph.Store()
    try:
        store.load(path=str(path), format=rdf_format)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    except SyntaxError as error:
        raise InputError(f"cannot read {path}: {_one_line(error)}") from error
    return store


def run_preset(store: pyoxigraph.Store, name: str) -> Result:
    """Run a preset by name; its rows are tidied so the output is deterministic."""
    preset = PRESETS.get(name)
    if preset is None:
        raise QueryError(f"unknown preset {name!r} (valid presets: {', '.join(sorted(PRESETS))})")
    result = run_sparql(store, preset.text)
    return Result(result.columns, preset.tidy(result.columns, result.rows))


def run_sparql(store: pyoxigraph.Store, text: str) -> Result:
    """Answer a SELECT, ASK, CONSTRUCT or DESCRIBE query; refuse updates, since kg queries never change a graph."""
    keyword = _first_keyword(text)
    if keyword in _UPDATE_KEYWORDS:
        raise QueryError(f"SPARQL updates are not allowed ({keyword}): kg only answers SELECT, ASK and CONSTRUCT")
    try:
        answer = store.query(text)
    except SyntaxError as error:
        raise QueryError(f"malformed SPARQL: {_one_line(error)}") from error
    except OSError as error:
        raise QueryError(f"query failed: {_one_line(error)}") from error
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Result(("ask",), (("true" if bool(answer) else "false",),))
    if isinstance(answer, pyoxigraph.QueryTriples):
        triples = sorted(tuple(str(term) for term in (t.subject, t.predicate, t.object)) for t in answer)
        return Result(("subject", "predicate", "object"), tuple(triples))
    columns = tuple(variable.value for variable in answer.variables)
    rows = tuple(tuple(_cell(solution[column]) for column in columns) for solution in answer)
    return Result(columns, rows)


def _first_keyword(text: str) -> str:
    """The query form keyword after the prologue (comments, PREFIX and BASE declarations)."""
    position = 0
    while match := _PROLOGUE.match(text, position):
        position = match.end()
    keyword = _KEYWORD.match(text, position)
    return keyword.group(0).upper() if keyword else ""


def _cell(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return term.value


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(tuple("" if cell is None else cell for cell in row) for row in result.rows)
    return buffer.getvalue()


def _json(result: Result) -> str:
    records = [dict(zip(result.columns, row)) for row in result.rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _table(result: Result) -> str:
    cells = [result.columns, *(tuple(" ".join((cell or "").split()) for cell in row) for row in result.rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(result.columns))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


FORMATS: Mapping[str, Callable[[Result], str]] = MappingProxyType({"csv": _csv, "json": _json, "table": _table})


def format_result(result: Result, fmt: str) -> str:
    """Render a result as csv (header without '?'), json (a list of objects) or an aligned table."""
    formatter = FORMATS.get(fmt)
    if formatter is None:
        raise QueryError(f"unknown format {fmt!r} (valid formats: {', '.join(FORMATS)})")
    return formatter(result)
