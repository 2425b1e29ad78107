"""The extraction cache (kg/cache.py): only new or changed articles are extracted again, the output
is the clean build's bytes, and a corrupt entry is ignored and rewritten."""
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.corpus_generate import write_jsonl
from kg.export.turtle import write_turtle
from kg.pipeline import build

SEEDS = sorted(Path("seeds").glob("*.md"))


def _turtle(built, path: Path) -> bytes:
    write_turtle(built.graph, path)
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


@pytest.mark.parametrize("jobs", [1, 2])
def test_cache_unchanged_corpus_extracts_nothing(folder, tmp_path, jobs):
    clean = _turtle(build([folder], cache=tmp_path / "cache"), tmp_path / "clean.ttl")
    warm = build([folder], jobs=jobs, cache=tmp_path / "cache")
    assert (warm.stats.extracted, warm.stats.cached) == (0, 1)
    assert _turtle(warm, tmp_path / "warm.ttl") == clean


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


@pytest.mark.parametrize("jobs", [1, 2])
def test_cache_hits_on_both_sides_of_a_new_article_give_the_clean_build(tmp_path, jobs):
    """The new article comes back from the workers after the cached ones around it (and, in one
    process, before the cached one after it is even looked up): each is still resolved in article order."""
    every = tmp_path / "every.jsonl"
    write_jsonl(3, every, seed=7)
    first, middle, last = every.read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.jsonl").write_text(first + last, encoding="utf-8")
    cache = tmp_path / "cache"
    build([folder], cache=cache)
    (folder / "b.jsonl").write_text(middle, encoding="utf-8")
    again = build([folder], jobs=jobs, cache=cache)
    clean = build([every])
    assert (again.stats.extracted, again.stats.cached) == (1, 2)
    assert [d.id for d in again.corpus.documents] == [d.id for d in clean.corpus.documents]
    assert replace(again.corpus, documents=()) == replace(clean.corpus, documents=())  # paths differ
    assert _turtle(again, tmp_path / "again.ttl") == _turtle(clean, tmp_path / "clean.ttl")
