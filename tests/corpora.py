"""The resolved records of a few invented documents, extracted in this process with a given domain
(a grammar less one rule, in tests/test_grammar.py): the stages kg.pipeline.build runs, without its
workers, cache or graph."""
from __future__ import annotations

from collections.abc import Sequence

from kg.domain import Domain
from kg.models import Corpus, Document
from kg.pipeline import extract_document
from kg.resolve import resolve


def corpus_of(documents: Sequence[Document], domain: Domain) -> Corpus:
    return resolve([extract_document(d, domain) for d in sorted(documents, key=lambda d: d.id)])
