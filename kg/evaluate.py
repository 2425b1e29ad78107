"""Score what kg extracts from articles against hand-made gold annotations.

The gold schema and the matching rules are those of the project's reference scorer, re-implemented
here so ``kg eval`` gives the same figures without running the CLI per article:

- names are compared after :func:`norm`; a predicted name resolves to a gold actor through its name,
  its aliases, the names gold uses as speakers, objectors and stance holders, the courts of its
  precedents and its optional actors; an anonymous gold source (``"anonymous: former prosecutor"``)
  also takes a prediction whose content words are a subset or superset of its description's;
- actors: each gold actor counts once; names gold mentions only elsewhere are neutral;
- quotes: a gold quote is found by the first predicted text that contains its ``quote_start``, and is
  right when that row's speaker resolves to the gold speaker;
- provisions: by citation when the gold has one, else by half the words of the gold mention;
- objections: by objector and basis; stances: by actor and direction.

Predictions are the rows of the query presets (``actors``, ``statements``, ``provisions``,
``objections``, ``stances``), as dicts keyed by column name.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import InputError, KgError

PRESETS = ("actors", "statements", "provisions", "objections", "stances")
CATEGORIES = ("actors", "quotes", "provisions", "objections", "stances")
STOP = frozenset({"a", "an", "the", "one", "of", "s", "anonymous", "who", "some", "several"})
ANONYMOUS = "anonymous "

Rows = Mapping[str, list[dict]]


def norm(text: str | None) -> str:
    """Lower-case, fold curly quotes, drop brackets and punctuation (keeping §), squeeze spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    text = text.lower().replace("[", "").replace("]", "")
    text = re.sub(r"[^\w§' ]+", " ", text).replace("'", "")
    return re.sub(r"\s+", " ", text).strip()


def norm_citation(text: str | None) -> str:
    """Reduce a citation to its letters and digits: '18 U.S.C. § 924(j)' -> '18usc924j'."""
    text = (text or "").lower().replace("section", "").replace("sec.", "")
    return re.sub(r"[^0-9a-z]", "", text)


def column(row: Mapping[str, str], name: str) -> str:
    """A preset column, whether its header is ``name`` or the SPARQL variable ``?name``."""
    return row.get(name) or row.get("?" + name) or ""


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 0.0 if self.fn else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def cell(self, name: str) -> str:
        """``name tp/gold P0.00 R0.00``, one cell of an article line."""
        return f"{name} {self.tp}/{self.tp + self.fn} P{self.precision:.2f} R{self.recall:.2f}"


@dataclass(frozen=True)
class ArticleScore:
    """The counts of one article, with the scorer's diagnostics.

    ``canonical``: matched actors predicted under the gold's canonical name; ``typed``: matched
    actors with the right type; ``found``: gold quotes found whatever the speaker; ``wrong_basis``:
    gold objections whose objector was predicted only with another basis.
    """

    article: str
    actors: Counts
    quotes: Counts
    provisions: Counts
    objections: Counts
    stances: Counts
    canonical: int = 0
    typed: int = 0
    found: int = 0
    wrong_basis: int = 0

    @property
    def counts(self) -> dict[str, Counts]:
        return {name: getattr(self, name) for name in CATEGORIES}

    @property
    def mean_f1(self) -> float:
        return sum(c.f1 for c in self.counts.values()) / len(CATEGORIES)

    def line(self) -> str:
        """The article's line as the shared scorer prints it."""
        return f"{self.article}: " + " | ".join(c.cell(name) for name, c in self.counts.items())


@dataclass(frozen=True)
class Summary:
    """Scores of a set of articles, micro-averaged per category.

    ``failures`` are articles whose build failed (scored with no predictions); ``unmatched`` are
    articles named explicitly that have no gold file.
    """

    articles: tuple[ArticleScore, ...]
    failures: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()

    @property
    def totals(self) -> dict[str, Counts]:
        totals = {name: Counts() for name in CATEGORIES}
        for article in self.articles:
            for name, counts in article.counts.items():
                totals[name] += counts
        return totals

    @property
    def f1(self) -> dict[str, float]:
        return {name: counts.f1 for name, counts in self.totals.items()}

    @property
    def mean(self) -> float:
        return sum(self.f1.values()) / len(CATEGORIES)

    def table(self) -> str:
        """Per-article lines, per-category totals and the ``score: ... | mean 0.88`` line."""
        lines = [article.line() for article in self.articles]
        lines += [f"{name}: no gold file" for name in self.unmatched]
        for name, c in self.totals.items():
            lines.append(f"  {name:<11} tp {c.tp:>3} fp {c.fp:>3} fn {c.fn:>3}   "
                         f"P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}")
        last = "score: " + " | ".join(f"{name} F1 {f:.2f}" for name, f in self.f1.items())
        last += f" | mean {self.mean:.2f}"
        if self.failures:
            last += f" | {len(self.failures)} failed"
        return "\n".join([*lines, last])


class GoldActors:
    """Resolves predicted names to the canonical names of one gold file."""

    def __init__(self, gold: Mapping):
        forms: dict[str, str] = {}
        for actor in gold.get("actors", []):
            for form in [actor["name"], *actor.get("aliases", [])]:
                forms.setdefault(norm(form), actor["name"])
        for key, field in (("objections", "by"), ("stances", "actor"), ("statements", "speaker")):
            for row in gold.get(key, []):
                forms.setdefault(norm(row[field]), row[field])
        for row in gold.get("precedents", []):
            if row.get("court"):
                forms.setdefault(norm(row["court"]), row["court"])
        for name in gold.get("optional_actors", []):
            forms.setdefault(norm(name), name)
        self.forms = forms

    def resolve(self, predicted: str) -> str | None:
        """The canonical gold name ``predicted`` refers to, or None."""
        name = norm(predicted)
        if not name:
            return None
        if name in self.forms:
            return self.forms[name]
        said = set(name.split()) - STOP
        for form, canonical in self.forms.items():
            if form.startswith(ANONYMOUS):
                described = set(form.split()[1:]) - STOP
                if described and said and (said <= described or described <= said):
                    return canonical
        return None


def _score_actors(gold: Mapping, rows: list[dict], actors: GoldActors) -> tuple[Counts, int, int]:
    types = {a["name"]: a["type"] for a in gold.get("actors", [])}
    seen: set[str] = set()
    fp = canonical = typed = 0
    for row in rows:
        name = actors.resolve(column(row, "name"))
        if name in types and name not in seen:
            seen.add(name)
            canonical += norm(column(row, "name")) == norm(name)
            typed += norm(column(row, "type")).endswith(norm(types[name]))
        elif name is None or name in seen:
            fp += 1
    return Counts(len(seen), fp, len(types) - len(seen)), canonical, typed


def _score_quotes(gold: Mapping, rows: list[dict], actors: GoldActors) -> tuple[Counts, int]:
    unused = list(rows)
    tp = found = 0
    for g in gold.get("statements", []):
        start = norm(g["quote_start"])
        hit = next((row for row in unused if start and start in norm(column(row, "text"))), None)
        if hit is not None:
            unused.remove(hit)
            found += 1
            tp += actors.resolve(column(hit, "speaker")) == g["speaker"]
    return Counts(tp, len(rows) - tp, len(gold.get("statements", [])) - tp), found


def _provision_matches(g: Mapping, row: Mapping) -> bool:
    if g.get("citation"):
        cited = {norm_citation(c) for c in column(row, "citation").split(";")}
        return norm_citation(g["citation"]) in cited
    words = set(norm(g["mention"]).split())
    got = set(norm(column(row, "mention") + " " + column(row, "label")).split())
    return len(words & got) >= 0.5 * len(words)


def _score_provisions(gold: Mapping, rows: list[dict]) -> Counts:
    unused = list(rows)
    for g in gold.get("provisions", []):
        hit = next((row for row in unused if _provision_matches(g, row)), None)
        if hit is not None:
            unused.remove(hit)
    n = len(gold.get("provisions", []))
    tp = len(rows) - len(unused)
    return Counts(tp, len(unused), n - tp)


def _score_objections(gold: Mapping, rows: list[dict], actors: GoldActors) -> tuple[Counts, int]:
    unused = list(rows)
    wrong_basis = 0
    for g in gold.get("objections", []):
        same_by = [row for row in unused if actors.resolve(column(row, "by")) == g["by"]]
        hit = next((row for row in same_by if norm(column(row, "basis")) == norm(g["basis"])), None)
        if hit is not None:
            unused.remove(hit)
        elif same_by:
            wrong_basis += 1
    tp = len(rows) - len(unused)
    return Counts(tp, len(unused), len(gold.get("objections", [])) - tp), wrong_basis


def _score_stances(gold: Mapping, rows: list[dict], actors: GoldActors) -> Counts:
    unused = list(rows)
    for g in gold.get("stances", []):
        hit = next((row for row in unused if actors.resolve(column(row, "actor")) == g["actor"]
                    and norm(column(row, "stance")) == norm(g["stance"])), None)
        if hit is not None:
            unused.remove(hit)
    tp = len(rows) - len(unused)
    return Counts(tp, len(unused), len(gold.get("stances", [])) - tp)


def score_article(gold: Mapping, predicted: Rows) -> ArticleScore:
    """Score one article's preset rows against its gold annotation (missing presets count as empty)."""
    actors = GoldActors(gold)
    rows = {preset: list(predicted.get(preset, [])) for preset in PRESETS}
    actor_counts, canonical, typed = _score_actors(gold, rows["actors"], actors)
    quotes, found = _score_quotes(gold, rows["statements"], actors)
    objections, wrong_basis = _score_objections(gold, rows["objections"], actors)
    return ArticleScore(
        article=gold.get("article", ""),
        actors=actor_counts,
        quotes=quotes,
        provisions=_score_provisions(gold, rows["provisions"]),
        objections=objections,
        stances=_score_stances(gold, rows["stances"], actors),
        canonical=canonical,
        typed=typed,
        found=found,
        wrong_basis=wrong_basis,
    )


def score(pairs: Iterable[tuple[Mapping, Rows]]) -> Summary:
    """Score ``(gold, predicted rows)`` pairs."""
    return Summary(tuple(score_article(gold, predicted) for gold, predicted in pairs))


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """The gold files of ``gold_dir`` (``*.gold.json``), keyed by the stem of their article."""
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: no such gold folder")
    paths = sorted(gold_dir.glob("*.gold.json"))
    if not paths:
        raise InputError(f"{gold_dir}: no gold files (NAME.gold.json) in this folder")
    golds = {}
    for path in paths:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            golds[Path(gold["article"]).stem] = gold
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"cannot read gold file {path}: {exc}") from exc
    return golds


def evaluate_paths(gold_dir: Path, article_paths: Iterable[Path],
                   predict: Callable[[Path], Rows]) -> Summary:
    """Predict and score every article that has a gold file in ``gold_dir``.

    A gold file belongs to the article whose file name or stem equals its ``article`` field, so gold
    for ``x.txt`` also scores ``x.md``. A folder stands for its files that have gold; a file named
    explicitly without gold is listed in ``Summary.unmatched``. An article whose prediction raises a
    :class:`KgError` is scored with no predictions and listed in ``Summary.failures``. Without a gold
    file to score against, a score would be a perfect 1.00 of nothing: that is an ``InputError``.
    """
    golds = load_gold(gold_dir)
    scores, failures, unmatched = [], [], []
    for path in article_paths:
        if path.is_dir():
            members = sorted(p for p in path.iterdir() if p.is_file() and p.stem in golds)
        elif path.stem in golds:
            members = [path]
        else:
            unmatched.append(path.name)
            continue
        for article in members:
            try:
                predicted = predict(article)
            except KgError:
                failures.append(article.name)
                predicted = {}
            scored = score_article(golds[article.stem], predicted)
            scores.append(replace(scored, article=article.name))
    if not scores:
        raise InputError(f"{gold_dir}: has no gold file for any of the articles given")
    return Summary(tuple(scores), tuple(failures), tuple(unmatched))
