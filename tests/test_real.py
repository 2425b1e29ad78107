"""Extraction quality on the real articles of ../shared/real, read where they sit beside the
repository and never copied into it (the test is skipped without them).

The set is split as tests/real-split.yaml says: the rules are written against the training half, and
the validation half shows how they carry over to articles nobody tuned them on. The floors below
guard against regressions a little under today's scores (README, "Extraction quality", gives them
with the commands that reproduce them); they are not targets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kg.evaluate import score

SPLIT = yaml.safe_load((Path(__file__).resolve().parent / "real-split.yaml").read_text(encoding="utf-8"))
MIN_MEAN = {"training": 0.88, "validation": 0.65}
# Every category, on either half: a floor that a broken extractor of one kind falls through.
MIN_CATEGORY = 0.35


def _half(articles: list[Path], name: str) -> list[Path]:
    wanted = name == "validation"
    return [a for a in articles if (a.name.split("_", 1)[0] in SPLIT["validation"]) == wanted]


def test_real_split_sets_a_third_aside(real_articles):
    validation = _half(real_articles, "validation")
    assert len(validation) == len(SPLIT["validation"])
    assert abs(len(validation) - len(real_articles) / 3) < 1


@pytest.mark.parametrize("half", ["training", "validation"])
def test_real_half_scores_above_its_floor(real_articles, half):
    from kg.pipeline import predict_rows

    pairs = [(json.loads(a.with_suffix(".gold.json").read_text(encoding="utf-8")), predict_rows(a))
             for a in _half(real_articles, half)]
    summary = score(pairs)
    last = summary.table().splitlines()[-1]
    assert summary.mean >= MIN_MEAN[half], last
    assert min(summary.f1.values()) >= MIN_CATEGORY, last
