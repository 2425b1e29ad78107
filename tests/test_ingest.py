"""Tests for kg.ingest: every input is either a Document with its text unchanged or an InputError
naming the file. Article texts here are invented; the seed files are only read, at the end."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import DEFAULT_MAX_BYTES, ReadResult, read_document, read_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

BODY = "The county board voted on Monday to close the jail annex.\n\nCritics said the plan was rushed.\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def read_one(folder: Path, name: str, content: str | bytes) -> object:
    (document,) = read_document(write(folder, name, content))
    return document


def residue_texts(document) -> list[str]:
    return [document.text[start:end] for start, end in document.residue]


# --- front matter --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "story.md",
            "---\ntitle: Board closes annex\ndate: 2020-06-01\nurl: https://news.example/a\n"
            "publisher: County Ledger\nid: ledger-17\n---\n" + BODY,
            {"id": "ledger-17", "title": "Board closes annex", "date": dt.date(2020, 6, 1),
             "url": "https://news.example/a", "publisher": "County Ledger"},
        ),
        (
            "story.txt",
            "---\ndate: 2020-06-01T09:30:00Z\n---\n" + BODY,
            {"id": "story", "title": None, "date": dt.date(2020, 6, 1), "url": None, "publisher": None},
        ),
        (
            "quoted.md",
            "---\ndate: '2021-02-03'\nid: '000_123'\nauthor: ignored\n---\n" + BODY,
            {"id": "000_123", "date": dt.date(2021, 2, 3), "title": None},
        ),
        (
            "empty-fm.md",
            "---\n---\n" + BODY,
            {"id": "empty-fm", "title": None, "date": None},
        ),
        (
            "crlf.txt",
            "---\r\ntitle: Windows lines\r\n---\r\n" + BODY.replace("\n", "\r\n"),
            {"title": "Windows lines"},
        ),
    ],
)
def test_ingest_front_matter_fields(tmp_path, name, content, expected):
    document = read_one(tmp_path, name, content)
    for field, value in expected.items():
        assert getattr(document, field) == value, field


@pytest.mark.parametrize(
    ("front", "body"),
    [
        ("---\ntitle: T\n---\n", BODY),
        ("---\ntitle: T\n---\n", "\n\n   Indented first line, kept as is.  \n\n\ttab\n\n\n"),
        ("---\r\ntitle: T\r\n---\r\n", "Line one.\r\nLine two.\r\n"),
        ("", "No front matter; nothing is stripped.   \n"),
        ("---\ntitle: T\n...\n", "Closed with dots.\n---\nA rule later is body text.\n"),
    ],
)
def test_ingest_text_offsets_unchanged(tmp_path, front, body):
    document = read_one(tmp_path, "a.md", front + body)
    assert document.text == body
    assert len(document.prose) == len(document.text)


# --- plain-text header lines ----------------------------------------------------------------------

SOURCE = "Source: https://news.example/annex"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f"Board closes jail annex\n{SOURCE} | Date: 2019-07-26\n\n" + BODY,
         {"title": "Board closes jail annex", "url": "https://news.example/annex", "date": dt.date(2019, 7, 26)}),
        (f"Board closes jail annex\n{SOURCE} | Date: unknown (2023-03-28 or 2023-04-25 likely)\n\n" + BODY,
         {"title": "Board closes jail annex", "url": "https://news.example/annex", "date": None}),
        (f"Board closes jail annex\n{SOURCE} | Date: 2019-07-26 | Publisher: County Ledger\n\n\n" + BODY,
         {"publisher": "County Ledger", "date": dt.date(2019, 7, 26)}),
        (f"{SOURCE} | Date: 2019-07-26\n\n" + BODY, {"title": None, "url": "https://news.example/annex"}),
        (f"Board closes jail annex\r\n{SOURCE} | Date: 2019-07-26\r\n\r\n" + BODY.replace("\n", "\r\n"),
         {"title": "Board closes jail annex", "date": dt.date(2019, 7, 26)}),
        ("URL: http://news.example/annex\n" + BODY, {"title": None, "url": "http://news.example/annex"}),
    ],
)
def test_ingest_text_header_lines_are_metadata_not_body(tmp_path, content, expected):
    """The headline and the Source line give the title, address and date, and are not body text: the
    body (every offset, every fact) starts after the blank lines that follow them."""
    document = read_one(tmp_path, "a.txt", content)
    assert document.text.replace("\r\n", "\n") == BODY
    for field, value in expected.items():
        assert getattr(document, field) == value, field


@pytest.mark.parametrize(
    "content",
    [
        "Source: a senior official said the plan was rushed.\n\n" + BODY,
        "Board closes jail annex\nSources: https://news.example/annex\n\n" + BODY,
        "Board closes jail annex\n\nSource: https://news.example/annex | Date: 2019-07-26\n\n" + BODY,
        f"Board closes jail annex\n{SOURCE} | Date: 2019-07-26 | Author: Ann Lee\n\n" + BODY,
    ],
)
def test_ingest_text_without_a_header_keeps_every_line(tmp_path, content):
    """Only a Source line that gives an address, on the first or second line, is a header."""
    document = read_one(tmp_path, "a.txt", content)
    assert document.text == content and document.url is None


def test_ingest_markdown_has_no_header_lines(tmp_path):
    content = f"# Board closes jail annex\n{SOURCE}\n\n" + BODY
    assert read_one(tmp_path, "a.md", content).text == content


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (f"Board closes jail annex\n{SOURCE} | Date: March 5\n\n" + BODY,
         r"a\.txt:2: Date is neither YYYY-MM-DD nor 'unknown': 'March 5'"),
        (f"Board closes jail annex\n{SOURCE} | Date: 2019-07-26\n\n  \n", r"a\.txt: is empty \(header lines but no body\)"),
    ],
)
def test_ingest_text_header_errors(tmp_path, content, problem):
    with pytest.raises(InputError, match=problem):
        read_one(tmp_path, "a.txt", content)


def test_ingest_real_articles_header_lines(real_articles):
    """The real set's files: headline, Source line, blank line, body. The body is the Document's text."""
    for path in real_articles:
        (document,) = read_document(path)
        headline, source, blank, *body = path.read_text(encoding="utf-8").split("\n")
        assert (document.text, blank) == ("\n".join(body), ""), path.name
        assert document.title == headline and source.startswith(f"Source: {document.url} | Date: "), path.name
        assert (document.date is None) == ("Date: unknown" in source), path.name


# --- headline ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "content", "title"),
    [
        ("a.txt", "Board closes jail annex\n\n" + BODY, "Board closes jail annex"),
        ("a.txt", "\n\n  Will the annex close?  \n\n" + BODY, "Will the annex close?"),
        ("a.txt", "Board closes jail annex\nThe county board voted on Monday.\n", "Board closes jail annex"),
        ("a.txt", BODY, None),
        ("a.txt", "The county board, after a long and heated public meeting that ran past midnight, "
                  "voted to close the annex despite objections from the sheriff and two unions\n\n"
                  "More text follows.\n", None),
        ("a.txt", "The county board voted on Monday to\nclose the jail annex after a long debate.\n", None),
        ("a.txt", "Board closes jail annex\n", None),
        ("a.txt", "Officials said:\n\n" + BODY, None),
        ("a.txt", "Published: March 3, 2019\n\nBoard closes jail annex\n\n" + BODY,
         "Board closes jail annex"),
        ("a.txt", "---\nid: x\n---\nBoard closes jail annex\n\n" + BODY, None),
        ("a.md", "# Board closes jail annex\n\n" + BODY, "Board closes jail annex"),
        ("a.md", "Board closes jail annex\n\n" + BODY, None),
    ],
)
def test_ingest_headline(tmp_path, name, content, title):
    document = read_one(tmp_path, name, content)
    assert document.title == title
    if not content.startswith("---"):
        assert document.text == content


# --- residue -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("content", "residue", "date"),
    [
        (" date 2019-05-06 The appeals court heard the case.\n", [" date 2019-05-06 "], dt.date(2019, 5, 6)),
        ("Published: March 3, 2019\n\nThe appeals court heard the case.\n", ["Published: March 3, 2019"],
         dt.date(2019, 3, 3)),
        ("Updated on Tuesday, Sept. 10, 2019 at 4:15 p.m. ET The appeals court heard the case.\n",
         ["Updated on Tuesday, Sept. 10, 2019 at 4:15 p.m. ET "], dt.date(2019, 9, 10)),
        ("Posted 4 July 2020 \"We disagree,\" the mayor said.\n", ["Posted 4 July 2020 "],
         dt.date(2020, 7, 4)),
        ("Published 2019-02-30 The appeals court heard the case.\n", ["Published 2019-02-30 "], None),
        ("Dated March 3, 2019, the memo asks prosecutors to act.\n", [], None),
        ("Date rape drugs were the subject of the hearing.\n", [], None),
        ("Published March 3, 2019 the memo was leaked.\n", [], None),
        ("The memo was published 2019-05-06 to staff.\n", [], None),
    ],
)
def test_ingest_residue_at_start(tmp_path, content, residue, date):
    document = read_one(tmp_path, "a.txt", content)
    assert document.text == content
    assert residue_texts(document) == residue
    assert document.date == date


def test_ingest_residue_date_loses_to_front_matter(tmp_path):
    document = read_one(tmp_path, "a.md", "---\ndate: 2001-01-01\n---\n date 2019-05-06 The court sat.\n")
    assert (document.date, residue_texts(document)) == (dt.date(2001, 1, 1), [" date 2019-05-06 "])


@pytest.mark.parametrize(
    ("tail", "residue"),
    [
        ("\nRelated Content\n", ["Related Content"]),
        ("\nRelated Articles\nJudge halts bail rule\nSenate passes sentencing bill\n",
         ["Related Articles", "Judge halts bail rule", "Senate passes sentencing bill"]),
        ("\nRead more: Why the annex mattered\n", ["Read more: Why the annex mattered"]),
        ("\nShare this article\nSign up for our daily newsletter\nFollow us on Twitter @ledger\n",
         ["Share this article", "Sign up for our daily newsletter", "Follow us on Twitter @ledger"]),
        ("\nReporting by Ann Smith in Albany; Editing by Bo Jones\n",
         ["Reporting by Ann Smith in Albany; Editing by Bo Jones"]),
        ("\nCopyright 2020 County Ledger. All rights reserved.\n",
         ["Copyright 2020 County Ledger. All rights reserved."]),
        ("\n© 2020 Ledger Media\n", ["© 2020 Ledger Media"]),
        ("\nAdvertisement\n", ["Advertisement"]),
        ("\nThe sheriff said related cases would be reviewed.\n", []),
        ("\nCopyright law was not at issue, the judge said.\n", []),
        ("\nReporting by the Ledger found delays, editing by staff aside.\n", []),
        ("\nBoard meets again Friday\n", []),
        ("\nBoard meets again Friday\nAdvertisement\n", ["Advertisement"]),
    ],
)
def test_ingest_residue_at_end(tmp_path, tail, residue):
    content = BODY + tail
    document = read_one(tmp_path, "a.txt", content)
    assert document.text == content
    assert residue_texts(document) == residue
    assert "Critics said the plan was rushed." in document.prose


@pytest.mark.parametrize(
    ("content", "residue"),
    [
        ("The board met.\n\nAdvertisement\n\nCritics objected.\n", ["Advertisement"]),
        ("The board met.\nPhoto: Ledger staff\nCritics objected.\n", ["Photo: Ledger staff"]),
        ("The board met.\n(Photo by Ann Smith/Ledger)\nCritics objected.\n", ["(Photo by Ann Smith/Ledger)"]),
        ("The photo showed the annex.\nCritics objected.\n", []),
    ],
)
def test_ingest_residue_lone_lines(tmp_path, content, residue):
    document = read_one(tmp_path, "a.md", content)
    assert residue_texts(document) == residue


# --- formats -------------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><title>Panel limits sentencing rule - Ledger</title>
<meta property="og:title" content="Panel limits sentencing rule">
<meta property="og:url" content="https://news.example/panel">
<meta property="og:site_name" content="County Ledger">
<meta name="date" content="2019-04-02">
<style>.secret-style { color: red }</style>
<script>var secretScript = "alert(1)";</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Panel limits sentencing rule</h1>
<p>The appeals panel said on Tuesday that the guideline could not be applied to the defendants.</p>
<p>Lawyers for the state said they would ask the full court to rehear the matter next month.</p>
<script>document.write("secretInline")</script></article></body></html>"""


@pytest.mark.parametrize("name", ["page.html", "page.htm"])
def test_ingest_html(tmp_path, name):
    document = read_one(tmp_path, name, HTML)
    assert "The appeals panel said on Tuesday" in document.text
    for hidden in ("secret", "alert(", "color: red"):
        assert hidden not in document.text
    assert (document.title, document.date, document.url, document.publisher) == (
        "Panel limits sentencing rule", dt.date(2019, 4, 2), "https://news.example/panel", "County Ledger")


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("", None),
        ('<meta property="article:published_time" content="2021-04-07T10:00:00Z">', dt.date(2021, 4, 7)),
        ('<link rel="canonical" href="https://news.example/2019/07/26/annex">', dt.date(2019, 7, 26)),
    ],
)
def test_ingest_html_date_comes_from_the_markup_never_the_prose(tmp_path, head, date):
    page = (f"<html><head>{head}</head><body><article><h1>Board closes annex</h1><p>The board cited a 2008 "
            "Supreme Court decision and a March 3, 2019 memo when it voted to close the jail annex.</p>"
            "<p>Critics said the plan was rushed and that the county had not heard from families.</p>"
            "</article></body></html>")
    assert read_one(tmp_path, "page.html", page).date == date


def test_ingest_jsonl(tmp_path):
    lines = [
        '{"text": "The board met on Monday.", "title": "Board meets", "date": "2020-01-02", '
        '"url": "https://x.example/1", "publisher": "Ledger", "id": "b-1"}',
        "",
        '{"text": " date 2020-03-04 The board met again.", "id": 7}',
        '{"text": "No id here.", "extra": [1, 2]}',
    ]
    documents = read_document(write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n"))
    assert [(d.id, d.title, d.date, d.source) for d in documents] == [
        ("b-1", "Board meets", dt.date(2020, 1, 2), str(tmp_path / "feed.jsonl")),
        ("7", None, dt.date(2020, 3, 4), str(tmp_path / "feed.jsonl")),
        ("feed-4", None, None, str(tmp_path / "feed.jsonl")),
    ]
    assert documents[1].text == " date 2020-03-04 The board met again."
    assert residue_texts(documents[1]) == [" date 2020-03-04 "]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"title": "No text"}', "field 'text' is missing"),
        ('{"text": "   "}', "field 'text' is empty"),
        ('{"text": "Fine.", "date": "yesterday"}', "field 'date'"),
        ('{"text": "Fine.", "title": ["a", "b"]}', "field 'title' must be a string"),
        ('{"text": "Fine.", "id": "a/b"}', "field 'id'"),
        ('{"text": "Fine.", "id": "ok-1"}', "used twice"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ],
)
def test_ingest_jsonl_bad_line(tmp_path, line, problem):
    path = write(tmp_path, "feed.jsonl", '{"text": "Good.", "id": "ok-1"}\n' + line + "\n")
    with pytest.raises(InputError, match=f"^{path}:2: .*{problem}"):
        read_document(path)


# --- encodings and binary data -------------------------------------------------------------------

SMART = "“Tough on crime,” she said — it’s 50 €."
ACCENTED = "Le procès à Montréal a été reporté."


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (SMART.encode("utf-8"), SMART),
        (b"\xef\xbb\xbf" + SMART.encode("utf-8"), SMART),
        (SMART.encode("utf-16"), SMART),
        (b"\xfe\xff" + SMART.encode("utf-16-be"), SMART),
        (SMART.encode("cp1252"), SMART),
        (ACCENTED.encode("latin-1"), ACCENTED),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252", "latin-1"],
)
def test_ingest_encodings(tmp_path, data, text):
    document = read_one(tmp_path, "a.md", data)
    assert document.text == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"GIF89a" + bytes(range(1, 32)) * 4,
        b"Looks like text\x00but is not",
        b"\xff\xfe" + b"\x00\x00" * 8,
    ],
    ids=["png", "controls", "nul", "utf-16-nul"],
)
def test_ingest_binary_is_not_text(tmp_path, data):
    path = write(tmp_path, "image.txt", data)
    with pytest.raises(InputError, match=f"^{path}: is not text"):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt", ""),
        ("a.txt", "  \n\t\r\n  "),
        ("a.md", "---\ntitle: Only metadata\n---\n"),
        ("a.md", "---\ntitle: Only metadata\n---\n\n   \n"),
        ("a.jsonl", "\n\n"),
        ("a.html", "<html><body><script>x()</script></body></html>"),
    ],
)
def test_ingest_empty(tmp_path, name, content):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError, match=f"^{path}: is empty"):
        read_document(path)


# --- malformed front matter ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("front", "problem"),
    [
        ("id: x\ntitle: a: b\n", r"not valid YAML at line 3: mapping values are not allowed"),
        ("title: [unclosed\n", "not valid YAML"),
        ("title: a\n  bad: indent\n", "not valid YAML"),
        ("date: yesterday\n", "field 'date' is not a date"),
        ("date: 2019-02-30\n", "not valid YAML"),
        ("title:\n  - one\n  - two\n", "field 'title' must be a string, not a list"),
        ("publisher: {name: x}\n", "field 'publisher' must be a string, not a mapping"),
        ("id: 000_123\n", "field 'id' must be a string"),
        ("id: ../../etc/passwd\n", "field 'id'"),
        ("- just\n- a list\n", "not a mapping"),
        ("x: !!python/object/apply:os.system [echo pwned]\n", "not valid YAML"),
    ],
)
def test_ingest_malformed_front_matter(tmp_path, front, problem):
    path = write(tmp_path, "a.md", "---\n" + front + "---\n" + BODY)
    with pytest.raises(InputError, match=f"^{path}: .*{problem}"):
        read_document(path)


def test_ingest_unclosed_front_matter(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: T\n" + BODY)
    with pytest.raises(InputError, match="front matter is not closed"):
        read_document(path)


# --- paths ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("setup", "problem"),
    [
        (lambda root: root / "nope", "no such file or folder"),
        (lambda root: root, "folder contains no articles"),
        (lambda root: write(root, "notes.pdf", "x").parent, "folder contains no articles"),
        (lambda root: write(root, ".hidden/a.txt", BODY).parent.parent, "folder contains no articles"),
    ],
    ids=["missing", "empty-folder", "unsupported-only", "hidden-only"],
)
def test_ingest_bad_path_always_raises(tmp_path, setup, problem):
    path = setup(tmp_path)
    for strict in (True, False):
        with pytest.raises(InputError, match=f"^{path}: {problem}"):
            read_paths([path], strict=strict)


def test_ingest_unsupported_file_given_explicitly(tmp_path):
    path = write(tmp_path, "notes.pdf", "x")
    with pytest.raises(InputError, match=r"unsupported file type '\.pdf'"):
        read_paths([path])


def test_ingest_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path):
    write(tmp_path, "b.txt", BODY)
    write(tmp_path, "a/z.md", BODY)
    write(tmp_path, "a/c.jsonl", '{"text": "One."}\n{"text": "Two."}\n')
    write(tmp_path, ".git/x.txt", BODY)
    write(tmp_path, ".draft.txt", BODY)
    write(tmp_path, "README.rst", BODY)
    result = read_paths([tmp_path])
    assert [d.id for d in result.documents] == ["c-1", "c-2", "z", "b"]
    assert result.documents[-1].source == str(tmp_path / "b.txt")
    assert result.skipped == ()


def test_ingest_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path, "a.txt", BODY)
    (tmp_path / "link.txt").symlink_to(path)
    assert [d.id for d in read_paths([path, tmp_path]).documents] == ["a"]


def test_ingest_symlink_loop(tmp_path):
    write(tmp_path, "sub/a.txt", BODY)
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    result = read_paths([tmp_path], strict=False)
    assert [d.id for d in result.documents] == ["a"]
    assert result.skipped == (
        (str(tmp_path / "self.txt"), "cannot be read (Too many levels of symbolic links)"),
    )
    with pytest.raises(InputError, match="self.txt: cannot be read"):
        read_paths([tmp_path])


def test_ingest_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", BODY)
    path.chmod(0)
    if os.access(path, os.R_OK):
        # Running as root: permissions do not block reads, so make the OS refuse this one file.
        real_open = os.open

        def refuse(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(13, "Permission denied")
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError, match=f"^{path}: cannot be read \\(Permission denied\\)"):
        read_paths([path])


@pytest.mark.parametrize(
    "make",
    [lambda path: path.mkdir(), lambda path: os.mkfifo(path)],
    ids=["directory", "fifo"],
)
def test_ingest_not_a_regular_file(tmp_path, make):
    path = tmp_path / "odd.txt"
    make(path)
    with pytest.raises(InputError, match=f"^{path}: is not a regular file"):
        read_document(path)


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"a.md": "---\nid: same\n---\nOne.\n", "b.md": "---\nid: same\n---\nTwo.\n"}, "id 'same'"),
        ({"a b.txt": "One.\n", "a-b.txt": "Two.\n"}, "id 'a-b'"),
        ({"feed.jsonl": '{"text": "One.", "id": "x"}\n', "x.txt": "Two.\n"}, "id 'x'"),
    ],
)
def test_ingest_duplicate_ids(tmp_path, files, problem):
    for name, content in files.items():
        write(tmp_path, name, content)
    with pytest.raises(InputError, match=f"{problem} is already used by {tmp_path}"):
        read_paths([tmp_path])
    assert len(read_paths([tmp_path], strict=False).skipped) == 1


def test_ingest_unsafe_stem_becomes_safe_id(tmp_path):
    paths = [write(tmp_path, "Ruling (final) é.txt", BODY), write(tmp_path, "日本.txt", BODY)]
    ids = [d.id for d in read_paths(paths).documents]
    assert ids[0] == "Ruling-final"
    assert ids[1].startswith("doc-")


@pytest.mark.parametrize(("size", "ok"), [(100, True), (101, False)])
def test_ingest_max_bytes(tmp_path, size, ok):
    path = write(tmp_path, "a.txt", "x" * (size - 1) + "\n")
    if ok:
        assert read_paths([path], max_bytes=100).documents[0].text.startswith("x")
    else:
        with pytest.raises(InputError, match=f"^{path}: is larger than the limit of 100 bytes"):
            read_paths([path], max_bytes=100)


def test_ingest_default_max_bytes_refuses_huge_files():
    assert 2_000_000 < DEFAULT_MAX_BYTES <= 50_000_000


def test_ingest_single_long_line(tmp_path):
    text = "word " * 400_000 + "end.\n"
    assert read_one(tmp_path, "a.txt", text).text == text


def test_ingest_not_strict_skips_with_reasons(tmp_path):
    write(tmp_path, "1-good.txt", BODY)
    write(tmp_path, "2-empty.txt", "")
    write(tmp_path, "3-binary.txt", b"\x00\x01")
    write(tmp_path, "4-yaml.md", "---\ndate: yesterday\n---\nBody.\n")
    write(tmp_path, "5-feed.jsonl", '{"text": "ok"}\n{oops\n')
    write(tmp_path, "6-good.md", BODY)
    result = read_paths([tmp_path], strict=False)
    assert isinstance(result, ReadResult)
    assert [d.id for d in result.documents] == ["1-good", "6-good"]
    assert [(Path(path).name, reason.split(" (")[0]) for path, reason in result.skipped] == [
        ("2-empty.txt", "is empty"),
        ("3-binary.txt", "is not text"),
        ("4-yaml.md", "field 'date' is not a date"),
        ("5-feed.jsonl", "line 2: not valid JSON"),
    ]
    with pytest.raises(InputError, match="2-empty.txt: is empty"):
        read_paths([tmp_path])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(
    ["a", "Board", " ", ".", ",", "\n", "\r\n", "\t", "#", ":", "\"", "“", "”", "©", "(", ")", "date",
     "2019-03-04", "Published", "Related Content", "Advertisement", "---\n", "title: x\n", "\x00"]),
    max_size=60).map("".join))
def test_ingest_any_text_keeps_text_and_valid_residue(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_text(text, encoding="utf-8", newline="")
        try:
            (document,) = read_document(path)
        except InputError as error:
            assert str(error).startswith(str(path))
            return
    assert text.endswith(document.text)
    assert all(0 <= start < end <= len(document.text) for start, end in document.residue)
    assert len(document.prose) == len(document.text)


# --- the seed articles ---------------------------------------------------------------------------

SEED_RESIDUE = {
    "000_2c7c2a0f5b444207": (["Related Content"], None),
    "002_762628c52ecf43e6": ([" date 2018-03-22 "], dt.date(2018, 3, 22)),
}


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "seeds").glob("*.md")) + sorted(SHARED_SEEDS.glob("*.txt")),
    ids=lambda path: f"{path.parent.parent.name}/{path.name}",
)
def test_ingest_seed_files(path):
    (document,) = read_paths([path]).documents
    residue, date = SEED_RESIDUE[document.id]
    assert residue_texts(document) == residue
    if date is not None:
        assert document.date == date
    raw = path.read_text(encoding="utf-8")
    assert raw.endswith(document.text)


def test_ingest_seed_folders():
    documents = read_paths([ROOT / "seeds"]).documents
    assert {d.id for d in documents} == set(SEED_RESIDUE)
    if SHARED_SEEDS.is_dir():
        assert {d.id for d in read_paths([SHARED_SEEDS]).documents} == set(SEED_RESIDUE)
