"""The extraction cache (kg/cache.py): only new or changed articles are extracted again, the output
is the clean build's bytes, and a corrupt entry is ignored and rewritten."""
import shutil
from pathlib import Path

import pytest

from kg.corpus import PREFIXES, build
from kg.export.turtle import write_shares

SEEDS = sorted(Path("seeds").glob("*.md"))


def _turtle(built, path: Path) -> bytes:
    write_shares(built.shares, PREFIXES, path)
    return path.read_bytes()


@pytest.fixture
def folder(tmp_path):
    """The first seed article alone, in a folder the test adds to."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEEDS[0], articles)
    return articles


def test_cache_adding_an_article_extracts_only_it(folder, tmp_path):
    cache = tmp_path / "cache"
    assert build([folder], cache=cache).stats.extracted == 1
    shutil.copy(SEEDS[1], folder)
    again = build([folder], cache=cache)
    assert (again.stats.extracted, again.stats.cached) == (1, 1)
    assert _turtle(again, tmp_path / "a.ttl") == _turtle(build([folder]), tmp_path / "b.ttl")


def test_cache_unchanged_corpus_extracts_nothing(folder, tmp_path):
    build([folder], cache=tmp_path / "cache")
    assert build([folder], cache=tmp_path / "cache").stats.extracted == 0


def test_cache_edited_article_is_extracted_again(folder, tmp_path):
    build([folder], cache=tmp_path / "cache")
    article = next(folder.iterdir())
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert build([folder], cache=tmp_path / "cache").stats.extracted == 1


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x00" * 40])
def test_cache_corrupt_entry_is_rebuilt(folder, tmp_path, damage):
    cache = tmp_path / "cache"
    clean = _turtle(build([folder], cache=cache), tmp_path / "clean.ttl")
    (entry,) = cache.rglob("*.pickle")
    entry.write_bytes(damage)
    rebuilt = build([folder], cache=cache)
    assert rebuilt.stats.extracted == 1
    assert _turtle(rebuilt, tmp_path / "rebuilt.ttl") == clean
    assert build([folder], cache=cache).stats.extracted == 0
