"""Read article files and folders into ``Document`` records.

The text of a ``Document`` is the article's body exactly as read (front matter or a plain-text
header removed, nothing else changed) because every later fact points into it by character offset. Page furniture scraped
along with the article (datelines, "Related Content" footers, photo credits) is therefore not cut
out but recorded as ``Document.residue`` spans, which extractors skip.

Every problem with an input is an ``InputError`` naming the file (and line, for JSON Lines).
"""
from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.models import Document

DEFAULT_MAX_BYTES = 20_000_000
"""Largest input file read; bigger ones are refused rather than risking memory."""

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
_SURROGATE = re.compile("[\ud800-\udfff]")
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES

METADATA_FIELDS = ("title", "date", "url", "publisher", "id")

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATELINE_HEAD = (
    r"[ \t]*(?i:(?:last[ \t]+)?updated|published|posted|dated?)(?i:[ \t]+on)?[ \t]*:?[ \t]*"
    r"(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]+)?"
)
_DATELINE_TAIL = (
    r"(?:,?[ \t]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?:[ \t]*(?i:[ap]\.?m\.?))?"
    r"(?:[ \t]+(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST)\b)?)?"
    r"(?:[ \t]+(?=[\"“‘'(\[]?[A-Z0-9])|[ \t]*(?=\r?\n|\Z))"
)


def _any_of(*patterns: str) -> re.Pattern:
    """One regex matching what any of ``patterns`` matches: a line is tried once, not once per pattern."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


DATELINES = tuple(
    re.compile(_DATELINE_HEAD + date + _DATELINE_TAIL)
    for date in (
        r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})",
        rf"(?i:{_MONTH})[ \t]+(?P<day>\d{{1,2}}),?[ \t]+(?P<year>\d{{4}})",
        rf"(?P<day>\d{{1,2}})[ \t]+(?i:{_MONTH}),?[ \t]+(?P<year>\d{{4}})",
    )
)
"""A page's date stamp glued before the first sentence (" date 2018-03-22 ", "Published: March
3, 2019"). Only matched at the very start and only when a new sentence or line follows, so prose
such as "Dated March 3, 2019, the memo ..." is left alone."""

FURNITURE_LINES = _any_of(
    r"(?i:advertisement|sponsored content|story continues below(?: advertisement)?)",
    r"(?:Image|Photo|Photograph|Picture|Video)s?(?: credit)?:.{0,150}",
    r"\((?:Image|Photo|Photograph)s? (?:by|credit|courtesy)\b.{0,150}\)",
)
"""Whole lines that are page furniture wherever they stand: ad markers and photo credits."""

FOOTERS = _any_of(
    r"(?i:share (?:this|the) (?:article|story|page|post))",
    r"(?i:(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,60}newsletters?\b.{0,80})",
    r"(?i:follow (?:us|\S+(?: \S+)?) on) (?:Twitter|X|Facebook|Instagram|LinkedIn|YouTube"
    r"|Threads|Bluesky|TikTok|Google News)\b.{0,80}",
    r"(?:(?i:copyright)[ \t]*(?:©|\([cC]\))?|©|\([cC]\))[ \t]*\d{4}\b.{0,150}",
    r".{0,150}\b(?i:all rights reserved)\.?",
    r"\(?(?:Reporting|Additional reporting|Writing) by [^;()]{1,120}(?:;[^;()]{1,120})*"
    r";[ \t]*Editing by [^;()]{1,120}\)?",
)
"""Whole lines that are page furniture when they come after the article's last paragraph:
share buttons, newsletter and social links, copyright lines and Reuters-style credit lines."""

RELATED_HEADINGS = _any_of(
    r"(?i:related(?: content| articles?| stories| coverage| links| reading)?:?)",
    r"(?i:read more(?: (?:about|on|from|at) .{0,80}|:.{0,120})?)",
    r"(?i:(?:more|also) (?:from|on|in|read)\b.{0,60}|recommended(?: for you)?|you may also like"
    r"|most (?:popular|read)|trending(?: now)?|see also):?",
)
"""Trailing headings that introduce a list of links to other stories; the short headline-like
lines under such a heading are furniture too."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M | re.S)
_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_HEADER_FIELDS = {"source": "url", "url": "url", "publisher": "publisher", "title": "title"}
_HEADER = re.compile(
    r"(?:(?=[^\r\n|]*[^\s|])(?P<headline>[^\r\n|]*)\r?\n)?"
    r"[ \t]*(?P<fields>(?i:source|url)[ \t]*:[ \t]*https?://[^\s|]+"
    r"(?:[ \t]*\|[ \t]*(?i:date|publisher|title)[ \t]*:[^\r\n|]*)*)[ \t]*(?:\r?\n|\Z)"
)
"""The header lines of a plain-text article (``_header``)."""
_UNKNOWN_DATE = re.compile(r"(?i:unknown)\b")
_LINE = re.compile(r"^.*$", re.M)
_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MAX_RELATED_LINES = 15
_MAX_FURNITURE_LINE = 300
_GLOB = frozenset("*?[")


@dataclass(frozen=True)
class ReadResult:
    """The documents read, and the inputs skipped as ``(path, reason)`` when not strict."""

    documents: tuple[Document, ...]
    skipped: tuple[tuple[str, str], ...] = ()


class _Bad(Exception):
    """A problem in one file, turned into an ``InputError`` once the file's path is attached."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line

    def reason(self) -> str:
        return self.problem if self.line is None else f"line {self.line}: {self.problem}"

    def error(self, path: Path) -> InputError:
        where = str(path) if self.line is None else f"{path}:{self.line}"
        return InputError(f"{where}: {self.problem}")


def read_paths(
    paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = True
) -> ReadResult:
    """Read every article under ``paths``: files, and folders searched recursively.

    Folders are walked in sorted order, skipping hidden entries and files of other types, and a
    file reached twice (a symlink, a path given twice) is read once. Documents keep the order of
    ``paths``. A missing path or a folder without articles always raises, as it is a mistake in
    the arguments; a bad file raises when ``strict`` and is otherwise skipped with its reason. Ids
    must be unique across everything read.
    """
    documents: list[Document] = []
    skipped: list[tuple[str, str]] = []
    for path, found, reason in read_files(paths, max_bytes=max_bytes, strict=strict):
        documents.extend(found)
        if reason is not None:
            skipped.append((str(path), reason))
    return ReadResult(tuple(documents), tuple(skipped))


def read_files(
    paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = True
) -> Iterator[tuple[Path, tuple[Document, ...], str | None]]:
    """``read_paths`` one file at a time, as each is read (a corpus build extracts meanwhile):
    ``(path, its documents, None)``, or ``(path, (), reason)`` for a file skipped when not ``strict``.
    Every path is found before the first file is read, so a mistake in the arguments raises first."""
    owners: dict[str, str] = {}
    for path, problem in list(_collect(paths)):
        try:
            if problem is not None:
                raise problem
            found = _read_file(path, max_bytes)
            for document in found:
                if document.id in owners:
                    raise _Bad(f"id {document.id!r} is already used by {owners[document.id]}")
        except _Bad as bad:
            if strict:
                raise bad.error(path) from None
            yield path, (), bad.reason()
            continue
        for document in found:
            owners[document.id] = document.source
        yield path, tuple(found), None


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Read one article file; a JSON Lines file gives one document per line."""
    try:
        return _read_file(Path(path), max_bytes)
    except _Bad as bad:
        raise bad.error(path) from None


def _collect(paths: Sequence[Path]) -> Iterator[tuple[Path, _Bad | None]]:
    """Yield each file to read once, or a folder that could not be listed with its problem."""
    seen: set[tuple[int, int] | str] = set()
    visited: set[tuple[int, int]] = set()
    for path in map(Path, paths):
        if path.is_dir():
            found = list(_walk(path, visited))
            if not found:
                raise InputError(f"{path}: folder contains no articles ({', '.join(SUFFIXES)})")
        elif path.exists() or path.is_symlink():
            found = [(path, None)]
        else:
            raise InputError(f"{path}: no such file or folder")
        for file, problem in found:
            key = _identity(file)
            if key not in seen:
                seen.add(key)
                yield file, problem


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[tuple[Path, _Bad | None]]:
    """Yield article files under ``folder``, sorted; a folder seen before (a loop) is skipped."""
    try:
        info = folder.stat()
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield folder, _Bad(f"folder cannot be read ({error.strerror})")
        return
    if (info.st_dev, info.st_ino) in visited:
        return
    visited.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, visited)
        elif entry.suffix.lower() in SUFFIXES:
            yield entry, None


def _identity(path: Path) -> tuple[int, int] | str:
    try:
        info = path.stat()
    except OSError:
        return str(path)
    return info.st_dev, info.st_ino


def _read_file(path: Path, max_bytes: int) -> list[Document]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        expected = ", ".join(SUFFIXES)
        raise _Bad(f"unsupported file type {suffix or '(none)'!r}; expected one of {expected}")
    text = _decode(_read_bytes(path, max_bytes))
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(path, text)
    if suffix in HTML_SUFFIXES:
        return [_read_html(path, text)]
    return [_read_text(path, text, markdown=suffix in MARKDOWN_SUFFIXES)]


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (plus one, to detect more) from a regular file.

    The file is opened non-blocking and checked with ``fstat`` so a FIFO or device named like an
    article cannot hang or flood the build.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _Bad(f"cannot be read ({error.strerror})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _Bad("is not a regular file")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise _Bad(f"cannot be read ({error.strerror})") from None
    if len(data) > max_bytes:
        raise _Bad(f"is larger than the limit of {max_bytes:,} bytes")
    return data


def _decode(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or UTF-16 with a BOM, falling back to Windows-1252 and Latin-1.

    Windows-1252 is tried before Latin-1 because real Latin-1 text never uses the bytes where the
    two differ, while Windows "smart quotes" live there. NUL bytes, or more than about one control
    character in a hundred, mean binary data (an image renamed ``.txt``), not text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Bad("is not valid UTF-16 despite its byte order mark") from None
    elif b"\x00" in data:
        raise _Bad("is not text (it contains binary data)")
    else:
        text = _decode_8bit(data)
    if "\x00" in text or len(_CONTROL.findall(text)) > len(text) // 100 + 1:
        raise _Bad("is not text (it contains binary data)")
    return text


def _decode_8bit(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_text(path: Path, text: str, *, markdown: bool) -> Document:
    meta, body = _front_matter(text)
    kind = "front matter"
    if meta is None and not markdown:
        meta, body = _header(text)
        kind = "header lines"
    if not body.strip():
        raise _Bad("is empty" if meta is None else f"is empty ({kind} but no body)")
    residue, dateline = _residue(body)
    if meta is None:
        meta = {"title": _headline(body, residue, markdown=markdown)}
    return Document(
        id=meta.get("id") or _stem_id(path),
        text=body,
        source=str(path),
        title=meta.get("title"),
        date=meta.get("date") or dateline,
        url=meta.get("url"),
        publisher=meta.get("publisher"),
        residue=residue,
    )


def _front_matter(text: str) -> tuple[dict | None, str]:
    """Split YAML front matter (``---`` lines at the very top) from the body and check its fields.

    The fields are ``None`` when there is no front matter, so callers can tell it from an empty one.
    """
    if not _FRONT_MATTER_OPEN.match(text):
        return None, text
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise _Bad("front matter is not closed (no '---' line after the opening one)")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise _Bad(f"front matter is not valid YAML{where}: {problem}") from None
    except (ValueError, RecursionError) as error:
        raise _Bad(f"front matter is not valid YAML: {error}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _Bad("front matter is not a mapping of fields")
    return _fields(data, allow_int_id=False), text[match.end():]


def _header(text: str) -> tuple[dict | None, str]:
    """Split a plain-text article's header lines from its body: an optional headline, then a line of
    ``Name: value`` fields joined by " | " that starts with the article's address, such as
    ``Source: https://example.org/story | Date: 2019-07-26``. Fields are Source (or URL), Date
    (YYYY-MM-DD, or ``unknown`` with any remark after it), Publisher and Title. The body starts after
    the blank lines that follow; without such a line the whole text is the body (``None`` fields)."""
    match = _HEADER.match(text)
    if match is None:
        return None, text
    fields: dict = {}
    if match.group("headline"):
        fields["title"] = _without_surrogates(match.group("headline").strip())
    line = 2 if match.group("headline") else 1
    for part in match.group("fields").split("|"):
        name, _, value = (piece.strip() for piece in part.partition(":"))
        name, value = name.lower(), _without_surrogates(value)
        if name == "date":
            if not _UNKNOWN_DATE.match(value):
                try:
                    fields["date"] = dt.date.fromisoformat(value)
                except ValueError:
                    raise _Bad(f"Date is neither YYYY-MM-DD nor 'unknown': {value!r}", line) from None
        elif value:
            fields[_HEADER_FIELDS[name]] = value
    return fields, text[_BLANK_LINES.match(text, match.end()).end():]


def _fields(data: dict, *, allow_int_id: bool) -> dict:
    """Check the metadata fields of front matter or a JSON line; unknown keys are ignored.

    Front matter ids must be strings because YAML reads ``id: 000_123`` as the number 83.
    """
    fields: dict = {}
    for name in METADATA_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if name == "date":
            fields[name] = _date_field(value)
            continue
        if name == "id" and allow_int_id and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise _Bad(f"field {name!r} must be a string, not {_kind(value)} (quote it?)")
        value = _without_surrogates(value)
        if not value.strip():
            continue
        if name == "id" and not _SAFE_ID.fullmatch(value):
            raise _Bad(f"field 'id' {value!r} may only contain letters, digits, '.', '_' and '-'")
        fields[name] = value
    return fields


def _without_surrogates(text: str) -> str:
    """``text`` with each unpaired surrogate (JSON and YAML can escape one, "\\ud800") replaced by
    U+FFFD, as decoding would replace an invalid byte: it is no Unicode character, so no tokenizer,
    file or triple store could take it. One character for one keeps every offset."""
    return _SURROGATE.sub("\ufffd", text)


def _date_field(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
            try:
                parsed = parse(value.strip())
            except ValueError:
                continue
            return parsed.date() if isinstance(parsed, dt.datetime) else parsed
    raise _Bad(f"field 'date' is not a date (YYYY-MM-DD): {value!r}")


def _kind(value: object) -> str:
    return {list: "a list", dict: "a mapping", bool: "a boolean"}.get(type(value), type(value).__name__)


def _read_html(path: Path, html: str) -> Document:
    import trafilatura  # imported for HTML input only: it adds a sixth of a second to every command

    text = trafilatura.extract(html, include_comments=False)
    if not text or not text.strip():
        raise _Bad("is empty (no article text found in the HTML)")
    # Not extensive: htmldate's extensive search takes any year it finds in the prose as the page's
    # date ("a 2008 Supreme Court decision" made 2008-01-01); the page's markup (meta tags, JSON-LD,
    # <time> elements, the address) is where its date is stated.
    meta = trafilatura.extract_metadata(html, extensive=False)
    residue, dateline = _residue(text)
    page_date = None
    if meta is not None and meta.date:
        try:
            page_date = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            page_date = None
    return Document(
        id=_stem_id(path),
        text=text,
        source=str(path),
        title=(meta.title or None) if meta is not None else None,
        date=page_date or dateline,
        url=(meta.url or None) if meta is not None else None,
        publisher=(meta.sitename or None) if meta is not None else None,
        residue=residue,
    )


def _read_jsonl(path: Path, text: str) -> list[Document]:
    documents: list[Document] = []
    ids: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            raise _Bad(f"not valid JSON ({error})", number) from None
        if not isinstance(record, dict):
            raise _Bad("not a JSON object", number)
        body = record.get("text")
        if not isinstance(body, str):
            raise _Bad("field 'text' is missing or not a string", number)
        body = _without_surrogates(body)
        if not body.strip():
            raise _Bad("field 'text' is empty", number)
        try:
            meta = _fields(record, allow_int_id=True)
        except _Bad as bad:
            raise _Bad(bad.problem, number) from None
        document_id = meta.get("id") or f"{_stem_id(path)}-{number}"
        if document_id in ids:
            raise _Bad(f"id {document_id!r} is used twice in this file", number)
        ids.add(document_id)
        residue, dateline = _residue(body)
        documents.append(Document(
            id=document_id,
            text=body,
            source=str(path),
            title=meta.get("title"),
            date=meta.get("date") or dateline,
            url=meta.get("url"),
            publisher=meta.get("publisher"),
            residue=residue,
        ))
    if not documents:
        raise _Bad("is empty")
    return documents


def _stem_id(path: Path) -> str:
    """An id from the file name: unsafe characters become '-', and a name with nothing usable
    left is hashed so distinct files still get distinct ids."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.")[:200]
    if safe:
        return safe
    return "doc-" + hashlib.sha1(path.stem.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _residue(text: str) -> tuple[tuple[tuple[int, int], ...], dt.date | None]:
    """Find page furniture in ``text``: leading datelines, lone furniture lines, trailing footers.

    Returns the spans in order and the first dateline's date, if it is a real date.
    """
    spans, date = _datelines(text)
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text)]
    for start, line in lines:
        if _matches(line, FURNITURE_LINES):
            spans.append(_line_span(start, line))
    spans.extend(_footer(lines))
    return tuple(sorted(set(spans))), date


def _datelines(text: str) -> tuple[list[tuple[int, int]], dt.date | None]:
    spans: list[tuple[int, int]] = []
    date = None
    position = 0
    while True:
        position = _BLANK_LINES.match(text, position).end()
        match = next((m for m in (p.match(text, position) for p in DATELINES) if m), None)
        if match is None:
            return spans, date
        spans.append((match.start(), match.end()))
        date = date or _dateline_date(match)
        position = match.end()


def _dateline_date(match: re.Match) -> dt.date | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    try:
        return dt.date(int(match.group("year")), number, int(match.group("day")))
    except ValueError:
        return None


def _footer(lines: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Spans of the furniture block after the last paragraph, scanning lines from the end.

    Short headline-like lines are held back until a related-stories heading above them claims
    them; the scan stops at the first line that is neither, so prose is never reached.
    """
    spans: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    for start, line in reversed(lines):
        if not line.strip():
            continue
        if _matches(line, RELATED_HEADINGS):
            spans.append(_line_span(start, line))
            spans.extend(pending)
            pending = []
        elif _matches(line, FOOTERS) or _matches(line, FURNITURE_LINES):
            spans.append(_line_span(start, line))
        elif _looks_like_headline(line.strip()) and len(pending) < _MAX_RELATED_LINES:
            pending.append(_line_span(start, line))
        else:
            break
    return spans


def _matches(line: str, pattern: re.Pattern) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= _MAX_FURNITURE_LINE and pattern.fullmatch(stripped) is not None


def _line_span(start: int, line: str) -> tuple[int, int]:
    lead = len(line) - len(line.lstrip())
    return start + lead, start + len(line.rstrip())


def _headline(text: str, residue: tuple[tuple[int, int], ...], *, markdown: bool) -> str | None:
    """The first non-empty line outside residue, when it reads as a headline rather than prose.

    A headline is short, does not end like a sentence or clause, and is not continued by a
    lowercase next line (which would make it the first line of a hard-wrapped paragraph).
    Markdown files only take a ``# Heading`` line.
    """
    prose = Document("", text, "", residue=residue).prose
    lines = prose.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    line = lines[first].strip()
    rest = lines[first + 1:]
    if not any(other.strip() for other in rest):
        return None
    if markdown:
        heading = re.fullmatch(r"#[ \t]+(.+?)(?:[ \t]+#+)?", line)
        return heading.group(1).strip() if heading else None
    if rest[0][:1].islower() or not _looks_like_headline(line):
        return None
    return line


def _looks_like_headline(line: str) -> bool:
    return (
        0 < len(line) <= 150
        and len(line.split()) <= 25
        and any(char.isalpha() for char in line)
        and line.rstrip("\"'”’)]")[-1:] not in (".", ",", ";", ":")
    )



def expand_paths(arguments: Iterable[str | Path]) -> list[Path]:
    """Arguments as paths; one that does not exist and contains ``*``, ``?`` or ``[`` is a glob
    (``**`` reaches into subfolders), expanded in sorted order. A glob matching nothing is an error."""
    found: list[Path] = []
    for argument in map(str, arguments):
        if os.path.lexists(argument) or not _GLOB & set(argument):
            found.append(Path(argument))
            continue
        matches = sorted(glob.glob(argument, recursive=True))
        if not matches:
            raise InputError(f"{argument}: no file or folder matches this pattern")
        found.extend(map(Path, matches))
    return found
