"""Where extraction's time goes: each stage of ``kg.pipeline.extract_document`` as a share of the whole.

    python -m benchmarks.extraction_profile [--articles 300] [FOLDER ...]

Runs the extraction of the benchmark's generated articles (or of the articles in the folders given) in
this process under cProfile, and prints, for each extraction stage and for spaCy's Matcher, its
cumulative seconds per article and its share of the whole, beside the spaCy blank tokenizer and
sentencizer pass over the same texts. Shares hold better than seconds on a machine whose speed drifts.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from benchmarks.corpus_generate import write_jsonl

STAGES = (
    ("parse (tokens, sentences, quotes)", "kg/extract/text.py", "parse"),
    ("actors", "kg/extract/actors.py", "extract"),
    ("statements", "kg/extract/statements.py", "extract"),
    ("measures", "kg/extract/measures.py", "extract"),
    ("reported speech", "kg/extract/passages.py", "reported"),
    ("acts", "kg/extract/passages.py", "acts"),
    ("objections", "kg/extract/objections.py", "extract"),
    ("stances", "kg/extract/stances.py", "extract"),
    ("provisions", "kg/extract/provisions.py", "extract"),
    ("  of which spaCy's Matcher", "matcher.pyx", "__call__"),
)
"""The rows: a label, and the file and function whose cumulative time it is."""


def _documents(folders: list[str], count: int, scratch: Path):
    """The articles of ``folders``, else ``count`` generated ones, read as ``kg build`` reads them."""
    from kg.ingest import read_paths

    if not folders:
        folders = [str(write_jsonl(count, scratch / "articles.jsonl"))]
    return list(read_paths([Path(f) for f in folders]).documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", help="Article folders (default: generated articles).")
    parser.add_argument("--articles", type=int, default=300, help="Generated articles to profile.")
    args = parser.parse_args()

    import spacy

    from kg.domain import load_domain
    from kg.pipeline import extract_document

    with tempfile.TemporaryDirectory() as scratch:
        documents = _documents(args.folders, args.articles, Path(scratch))
    domain = load_domain()
    extract_document(documents[0], domain)  # the grammar compiled and the gazetteers read before timing

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    started = time.perf_counter()
    for document in documents:
        nlp(document.prose)
    spacy_pass = (time.perf_counter() - started) / len(documents)

    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for document in documents:
        extract_document(document, domain)
    profile.disable()
    total = (time.perf_counter() - started) / len(documents)

    stats = pstats.Stats(profile).stats  # (file, line, function) -> (calls, primitive, tottime, cumtime, callers)
    print(f"{len(documents)} articles; ms per article under cProfile (which slows Python code more than spaCy's)\n")
    print("| stage | ms per article | share of extraction |")
    print("|---|---|---|")
    print(f"| spaCy blank tokenizer + sentencizer (not profiled) | {spacy_pass * 1000:.2f} | |")
    print(f"| **extraction, whole** | {total * 1000:.2f} | 100 % |")
    for label, file, function in STAGES:
        seconds = sum(value[3] for (path, _, name), value in stats.items()
                      if path.endswith(file) and name == function) / len(documents)
        print(f"| {label} | {seconds * 1000:.2f} | {seconds / total:.0%} |")


if __name__ == "__main__":
    main()
