"""Answer read-only SPARQL over a built graph with Oxigraph: presets, ad-hoc queries, formats.

Oxigraph answers the presets many times faster than rdflib (``python -m benchmarks.corpus``); the
preset results are normalised in Python (lists and rows sorted) so they are byte-identical run to run
and equal to what rdflib gives for the same query.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pyoxigraph

import kg.graph_file as graph_file
from kg.errors import QueryError
from kg.graph import open_store, store_location

LIST_SEPARATOR = "; "

_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*'
    r"|(?<![\w:@?$-])(?<!\w\.)(?P<word>[A-Za-z]+)(?![\w:-])",
    re.DOTALL,
)
"""SPARQL tokens that can hide a keyword (strings, IRIs, comments) and the bare words outside them.
A word that is part of a variable, prefixed name, blank node or language tag is not bare."""
_LISTS_HEADER = re.compile(r"^#\s*lists:\s*(.+)$", re.MULTILINE)
_PARAMS_HEADER = re.compile(r"^#\s*params:\s*(.+)$", re.MULTILINE)
_KEEP_DISTINCT = re.compile(r"^#\s*keep:\s*DISTINCT\s*$", re.MULTILINE)
_ORDER_BY = re.compile(r"\n\s*ORDER BY [^\n{}]*\s*$")
_DISTINCT = re.compile(r"^SELECT\s+DISTINCT\b", re.MULTILINE)
"""The top-level SELECT of a preset file: the one starting a line (subqueries are indented)."""
_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Result:
    """A query answer as strings: SELECT rows, one ``ask`` cell for ASK, or triples for CONSTRUCT/DESCRIBE.

    Cells hold lexical values (IRIs without brackets, literals without quotes); ``None`` is unbound.
    CONSTRUCT triples are in N-Triples term syntax and sorted, since a graph has no order.
    """

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    lines: tuple[str | None, ...] | None = field(default=None, repr=False, compare=False)
    """Each row as the line ``csv`` writes for it, where Oxigraph wrote that line (``_read_csv``),
    else None: written out as it is, such a line costs nothing (writing 47,000 rows with ``csv``
    is a sixth of the statements preset's time at 10,000 articles)."""


@dataclass(frozen=True)
class Preset:
    """A named query shipped in kg/queries/NAME.rq.

    ``lists`` are the columns holding "; "-joined lists (a ``# lists:`` header line); ``params`` are
    the variables the user must bind with ``--param NAME=VALUE`` (a ``# params:`` header line);
    ``distinct`` says Oxigraph is asked the query's DISTINCT (a ``# keep: DISTINCT`` header line).
    """

    name: str
    text: str
    lists: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    distinct: bool = False

    @property
    def asked(self) -> str:
        """The query as Oxigraph is asked it: without its closing ORDER BY, and without its top-level
        DISTINCT unless ``distinct``. They only show readers the rows in order and once each, which
        ``tidy`` does anyway: Oxigraph answers a large graph's presets a third faster without the
        ORDER BY, and most a tenth faster without the DISTINCT, but where many rows repeat, writing
        each once is faster."""
        text = _ORDER_BY.sub("", self.text)
        return text if self.distinct else _DISTINCT.sub("SELECT", text, count=1)

    def tidy(self, columns: Iterable[str], rows: Iterable[Row]) -> tuple[tuple[str, ...], ...]:
        """Make rows engine-independent: unbound as "", list items sorted and unique, rows sorted and
        unique (cells are lexical forms, so two terms differing only in language tag or datatype
        make one row)."""
        rows = list(map(tuple, rows))
        return self._tidied(tuple(columns), rows, [None] * len(rows))[0]

    def _tidied(self, columns: tuple[str, ...], rows: Sequence[Row], lines: Sequence[str | None]
                ) -> tuple[tuple[tuple[str, ...], ...], tuple[str | None, ...]]:
        """``tidy`` of ``rows``, each with its CSV line (``Result.lines``), which is dropped where
        the row changes.

        Rows are sorted by their cells joined with NUL, the least character: when no cell holds one,
        that is the rows' own order, and strings compare several times faster than tuples of them
        (sorting took longer than the query for provisions at 10,000 articles); else the rows
        themselves are sorted."""
        listed = [columns.index(name) for name in self.lists]
        rows, lines = list(rows), list(lines)
        changing = {n for n, row in enumerate(rows) if None in row}
        for i in listed:
            changing.update(n for n, row in enumerate(rows) if LIST_SEPARATOR in (row[i] or ""))
        for n in changing:
            row = [cell or "" for cell in rows[n]]
            for i in listed:
                row[i] = _sorted_list(row[i])
            rows[n], lines[n] = tuple(row), None
        keys = list(map("\0".join, rows))
        if "".join(keys).count("\0") != len(keys) * (len(columns) - 1):
            keys = rows
        unique = dict(zip(keys, range(len(keys))))  # a row's position, once per row
        kept = list(map(unique.__getitem__, sorted(unique)))
        return tuple(map(rows.__getitem__, kept)), tuple(map(lines.__getitem__, kept))


def _sorted_list(cell: str | None) -> str:
    return LIST_SEPARATOR.join(sorted({item for item in (cell or "").split(LIST_SEPARATOR) if item}))


def _check_read_only(text: str) -> None:
    """Refuse an update keyword or SERVICE anywhere outside strings, IRIs and comments."""
    for match in _TOKENS.finditer(text):
        word = (match.group("word") or "").upper()
        if word in _UPDATE_KEYWORDS:
            raise QueryError(
                f"SPARQL updates are not allowed ({word}): kg only answers SELECT, ASK, CONSTRUCT and DESCRIBE")
        if word == "SERVICE":
            raise QueryError("SERVICE is not allowed: kg queries never reach the network")


def _read_presets() -> dict[str, Preset]:
    presets = {}
    for entry in sorted(resources.files("kg").joinpath("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name.removesuffix(".rq")
            text = entry.read_text(encoding="utf-8")
            _check_read_only(text)  # once here, not each time the preset runs (a tenth of a small one's time)
            presets[name] = Preset(name, text, _header(_LISTS_HEADER, text), _header(_PARAMS_HEADER, text),
                                   bool(_KEEP_DISTINCT.search(text)))
    return presets


def _header(pattern: re.Pattern, text: str) -> tuple[str, ...]:
    header = pattern.search(text)
    return tuple(item.strip() for item in header.group(1).split(",")) if header else ()


_ALL_PRESETS = _read_presets()
PRESETS: Mapping[str, Preset] = MappingProxyType({n: p for n, p in _ALL_PRESETS.items() if not p.params})
"""The presets that take no parameter: the output contract of ``kg query --preset``."""
LOOKUPS: Mapping[str, Preset] = MappingProxyType({n: p for n, p in _ALL_PRESETS.items() if p.params})
"""The presets that look a user's value up (``--preset NAME --param KEY=VALUE``)."""

def load_graph(path: str | Path) -> pyoxigraph.Store:
    """The store of a folder kg build wrote (or of a store folder), opened where it is; or an RDF file
    (format from its extension) read into a new in-memory store."""
    path = Path(path)
    location = store_location(path)
    if location is not None:
        return open_store(location)
    chosen = graph_file.rdf_format(path)
    store = pyoxigraph.Store()
    try:
        store.load(path=str(path), format=chosen)
    except (OSError, SyntaxError) as error:
        raise graph_file.unreadable(path, error) from error
    return store


def run_preset(store: pyoxigraph.Store, name: str, params: Mapping[str, str] | None = None) -> Result:
    """Run a preset by name, binding ``params`` to its parameters; rows are tidied so the output is deterministic.

    The rows come through Oxigraph's CSV writer: a preset's cells are plain strings (unbound is
    empty), and the csv module reads them faster than a Python term can be made for each cell."""
    preset = _ALL_PRESETS.get(name)
    if preset is None:
        raise QueryError(f"unknown preset {name!r} (valid presets: {', '.join(sorted(_ALL_PRESETS))})")
    params = dict(params or {})
    if set(params) != set(preset.params):
        wanted = ", ".join(f"--param {p}=VALUE" for p in preset.params) or "no --param"
        raise QueryError(f"preset {name!r} takes {wanted}; got {', '.join(sorted(params)) or 'none'}")
    table = _answer(store, preset.asked, params).serialize(format=pyoxigraph.QueryResultsFormat.CSV)
    columns, rows, lines = _read_csv(table.decode("utf-8"))
    return Result(columns, *preset._tidied(columns, rows, lines))


def _read_csv(table: str) -> tuple[tuple[str, ...], list[tuple[str, ...]], list[str | None]]:
    """The header, rows and their lines (``Result.lines``) of a SPARQL CSV result (RFC 4180, CRLF
    after each record), rows in any order.

    A record without a double quote has no quoted cell, so its cells are its text split at commas;
    only the records with one go through the csv module, since a quoted cell may hold commas, quotes
    and line breaks (a record is complete when its quotes are even). Half the time of reading every
    record with the csv module at 10,000 articles (provisions: 34 -> 16 ms).

    Oxigraph quotes a cell that holds a comma, a quote, a line feed or a carriage return, doubling
    its quotes, as ``csv`` does but for the carriage return, which ``csv`` leaves unquoted: so a
    record without one is the line ``csv`` writes for its cells (but a lone empty cell, which
    ``csv`` quotes)."""
    header, _, body = table.partition("\r\n")
    columns = tuple(header.split(","))
    records = body.removesuffix("\r\n").split("\r\n") if body else []
    if any(record.count('"') % 2 for record in records):
        records = _joined(records)
    parsed = iter(csv.reader([record for record in records if '"' in record]))
    rows = [tuple(next(parsed)) if '"' in record else tuple(record.split(",")) for record in records]
    lines = [None if "\r" in record or not record and len(columns) == 1 else record for record in records]
    return columns, rows, lines


def _joined(lines: list[str]) -> list[str]:
    """CSV lines joined into records, a record ending where its quotes are even."""
    records, record, quotes = [], [], 0
    for line in lines:
        record.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            records.append("\r\n".join(record))
            record, quotes = [], 0
    return records


def run_sparql(store: pyoxigraph.Store, text: str, params: Mapping[str, str] | None = None) -> Result:
    """Answer a SELECT, ASK, CONSTRUCT or DESCRIBE query, read-only and offline.

    Updates are refused, since kg queries never change a graph (Oxigraph's query parser would reject
    them too; the check gives the clearer message), and so is SERVICE, which would make Oxigraph
    fetch from the network. ``params`` bind variables to string literals through Oxigraph's
    substitutions, so a value is never parsed as SPARQL.
    """
    _check_read_only(text)
    answer = _answer(store, text, params)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Result(("ask",), (("true" if bool(answer) else "false",),))
    if isinstance(answer, pyoxigraph.QueryTriples):
        triples = sorted(tuple(str(term) for term in (t.subject, t.predicate, t.object)) for t in answer)
        return Result(("subject", "predicate", "object"), tuple(triples))
    columns = tuple(variable.value for variable in answer.variables)
    rows = tuple(tuple(map(_cell, solution)) for solution in answer)
    return Result(columns, rows)


def _answer(store: pyoxigraph.Store, text: str, params: Mapping[str, str] | None):
    substitutions = {pyoxigraph.Variable(name): pyoxigraph.Literal(value) for name, value in (params or {}).items()}
    try:
        return store.query(text, substitutions=substitutions or None)
    except SyntaxError as error:
        raise QueryError(f"malformed SPARQL: {_one_line(error)}") from error
    except (OSError, RuntimeError) as error:
        raise QueryError(f"query failed: {_one_line(error)}") from error


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings to a mapping; NAME must be a plain SPARQL variable name."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not _PARAM_NAME.fullmatch(name):
            raise QueryError(f"--param {pair!r} must be NAME=VALUE with NAME a variable name such as 'name'")
        if name in params:
            raise QueryError(f"--param {name} is given twice")
        params[name] = value
    return params


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
    for row, line in zip(result.rows, result.lines or (None,) * len(result.rows)):
        if line is None:
            writer.writerow(tuple("" if cell is None else cell for cell in row))
        else:
            buffer.write(line + "\n")
    return buffer.getvalue()


def _json(result: Result) -> str:
    import json

    records = [dict(zip(result.columns, row)) for row in result.rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _table(result: Result) -> str:
    """Aligned columns that fit the terminal (``shutil.get_terminal_size``: the COLUMNS variable, else
    the terminal's width, else 80): the widest columns are narrowed first, and cut cells end in "…"."""
    import shutil

    cells = [result.columns, *(tuple(" ".join((cell or "").split()) for cell in row) for row in result.rows)]
    widths = _fit([max(len(row[i]) for row in cells) for i in range(len(result.columns))],
                  [len(name) for name in result.columns], shutil.get_terminal_size().columns)
    lines = ["  ".join(_cut(cell, width).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def _fit(widths: list[int], headers: list[int], total: int) -> list[int]:
    """Column widths that fit ``total`` characters with two spaces between columns: every column wider
    than a common limit is cut to it, the limit being the largest that fits; no column is cut below
    its header or 3 characters, so a very narrow terminal gets a table wider than itself."""
    room = total - 2 * (len(widths) - 1)
    if sum(widths) <= room:
        return widths
    floors = [min(width, max(header, 3)) for width, header in zip(widths, headers)]

    def fitted(limit: int) -> list[int]:
        return [min(width, max(limit, floor)) for width, floor in zip(widths, floors)]

    limit = max(widths)
    while limit > 0 and sum(fitted(limit)) > room:
        limit -= 1
    return fitted(limit)


def _cut(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


FORMATS: Mapping[str, Callable[[Result], str]] = MappingProxyType({"csv": _csv, "json": _json, "table": _table})


def format_result(result: Result, fmt: str) -> str:
    """Render a result as csv (header without '?'), json (a list of objects) or an aligned table that
    fits the terminal."""
    formatter = FORMATS.get(fmt)
    if formatter is None:
        raise QueryError(f"unknown format {fmt!r} (valid formats: {', '.join(FORMATS)})")
    return formatter(result)
