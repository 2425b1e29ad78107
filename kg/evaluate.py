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
class Mistake:
    """One fact the extraction got wrong: ``kind`` is ``missed`` (in the gold only), ``extra``
    (predicted only) or ``wrong`` (found, but with another speaker, basis or direction)."""

    category: str
    kind: str
    fact: str
    sentence: str = ""

    def line(self) -> str:
        where = f"\n      in: {self.sentence}" if self.sentence else ""
        return f"  {self.category:<10} {self.kind:<6} {self.fact}{where}"


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
    mistakes: tuple[Mistake, ...] = ()

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

    def errors(self) -> str:
        """Every mistake, article by article, each with the sentence it comes from."""
        lines = []
        for article in self.articles:
            if article.mistakes:
                lines.append(f"{article.article}:")
                lines.extend(mistake.line() for mistake in article.mistakes)
        return "\n".join(lines)


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


class Sentences:
    """Finds the sentence of an article that holds a snippet, so that a mistake can be read in place."""

    _BOUNDARY = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])|\n+")

    def __init__(self, text: str):
        self.text = text
        self.spans = []
        start = 0
        for boundary in self._BOUNDARY.finditer(text):
            self.spans.append((start, boundary.start()))
            start = boundary.end()
        self.spans.append((start, len(text)))

    def of(self, snippet: str) -> str:
        if not snippet or not self.text:
            return ""
        at = self.text.find(snippet)
        if at < 0:
            at = self.text.find(snippet[:40])
        if at < 0:
            return ""
        return " ".join(self.text[a:b] for a, b in self.spans if b > at and a < at + max(len(snippet), 1)).strip()


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _score_actors(gold: Mapping, rows: list[dict], actors: GoldActors) -> tuple[Counts, int, int, list[Mistake]]:
    types = {a["name"]: a["type"] for a in gold.get("actors", [])}
    seen: set[str] = set()
    fp = canonical = typed = 0
    mistakes = []
    for row in rows:
        name = actors.resolve(column(row, "name"))
        if name in types and name not in seen:
            seen.add(name)
            canonical += norm(column(row, "name")) == norm(name)
            if norm(column(row, "type")).endswith(norm(types[name])):
                typed += 1
            else:
                mistakes.append(Mistake("actors", "wrong", f"{column(row, 'name')}: {column(row, 'type')}, "
                                                          f"gold {types[name]}"))
        elif name is None or name in seen:
            fp += 1
            mistakes.append(Mistake("actors", "extra", f"{column(row, 'name')} ({column(row, 'type')})"))
    mistakes += [Mistake("actors", "missed", f"{name} ({kind})") for name, kind in types.items() if name not in seen]
    return Counts(len(seen), fp, len(types) - len(seen)), canonical, typed, mistakes


def _score_quotes(gold: Mapping, rows: list[dict], actors: GoldActors,
                  sentences: Sentences) -> tuple[Counts, int, list[Mistake]]:
    unused = list(rows)
    tp = found = 0
    mistakes = []
    for g in gold.get("statements", []):
        start = norm(g["quote_start"])
        hit = next((row for row in unused if start and start in norm(column(row, "text"))), None)
        if hit is None:
            mistakes.append(Mistake("quotes", "missed", f"{g['speaker']}: “{g['quote_start']}”",
                                    sentences.of(g["quote_start"])))
            continue
        unused.remove(hit)
        found += 1
        if actors.resolve(column(hit, "speaker")) == g["speaker"]:
            tp += 1
        else:
            mistakes.append(Mistake("quotes", "wrong", f"“{_short(g['quote_start'], 50)}” by "
                                                       f"{column(hit, 'speaker') or '(nobody)'}, gold {g['speaker']}",
                                    sentences.of(g["quote_start"])))
    mistakes += [Mistake("quotes", "extra", f"{column(row, 'speaker')}: “{_short(column(row, 'text'))}”")
                 for row in unused]
    return Counts(tp, len(rows) - tp, len(gold.get("statements", [])) - tp), found, mistakes


def _provision_matches(g: Mapping, row: Mapping) -> bool:
    if g.get("citation"):
        cited = {norm_citation(c) for c in column(row, "citation").split(";")}
        return norm_citation(g["citation"]) in cited
    words = set(norm(g["mention"]).split())
    got = set(norm(column(row, "mention") + " " + column(row, "label")).split())
    return len(words & got) >= 0.5 * len(words)


def _score_provisions(gold: Mapping, rows: list[dict], sentences: Sentences) -> tuple[Counts, list[Mistake]]:
    unused = list(rows)
    mistakes = []
    for g in gold.get("provisions", []):
        hit = next((row for row in unused if _provision_matches(g, row)), None)
        if hit is not None:
            unused.remove(hit)
        else:
            mistakes.append(Mistake("provisions", "missed", f"{g.get('citation') or '-'}: {_short(g['mention'])}",
                                    sentences.of(g["mention"])))
    mistakes += [Mistake("provisions", "extra", f"{column(row, 'citation') or '-'}: {_short(column(row, 'mention'))}",
                         sentences.of(column(row, "mention"))) for row in unused]
    n = len(gold.get("provisions", []))
    tp = len(rows) - len(unused)
    return Counts(tp, len(unused), n - tp), mistakes


def _score_objections(gold: Mapping, rows: list[dict], actors: GoldActors,
                      sentences: Sentences) -> tuple[Counts, int, list[Mistake]]:
    unused = list(rows)
    wrong_basis = 0
    mistakes = []
    for g in gold.get("objections", []):
        same_by = [row for row in unused if actors.resolve(column(row, "by")) == g["by"]]
        hit = next((row for row in same_by if norm(column(row, "basis")) == norm(g["basis"])), None)
        if hit is not None:
            unused.remove(hit)
            continue
        kind = "wrong" if same_by else "missed"
        wrong_basis += bool(same_by)
        other = f" (predicted only {', '.join(sorted({column(r, 'basis') for r in same_by}))})" if same_by else ""
        mistakes.append(Mistake("objections", kind, f"{g['by']}: {g['basis']}{other}", sentences.of(g["mention"])))
    mistakes += [Mistake("objections", "extra", f"{column(row, 'by')}: {column(row, 'basis')}",
                         _short(column(row, "text"), 200)) for row in unused]
    tp = len(rows) - len(unused)
    return Counts(tp, len(unused), len(gold.get("objections", [])) - tp), wrong_basis, mistakes


def _score_stances(gold: Mapping, rows: list[dict], actors: GoldActors) -> tuple[Counts, list[Mistake]]:
    unused = list(rows)
    mistakes = []
    for g in gold.get("stances", []):
        hit = next((row for row in unused if actors.resolve(column(row, "actor")) == g["actor"]
                    and norm(column(row, "stance")) == norm(g["stance"])), None)
        if hit is not None:
            unused.remove(hit)
            continue
        turned = [row for row in unused if actors.resolve(column(row, "actor")) == g["actor"]]
        kind = "wrong" if turned else "missed"
        mistakes.append(Mistake("stances", kind, f"{g['actor']} {g['stance']} {g.get('target', '')}"))
    mistakes += [Mistake("stances", "extra", f"{column(row, 'actor')} {column(row, 'stance')} "
                                             f"{column(row, 'target')}") for row in unused]
    tp = len(rows) - len(unused)
    return Counts(tp, len(unused), len(gold.get("stances", [])) - tp), mistakes


def score_article(gold: Mapping, predicted: Rows, text: str = "") -> ArticleScore:
    """Score one article's preset rows against its gold annotation (missing presets count as empty).
    ``text``, the article's text, lets each mistake carry its sentence."""
    actors = GoldActors(gold)
    sentences = Sentences(text)
    rows = {preset: list(predicted.get(preset, [])) for preset in PRESETS}
    actor_counts, canonical, typed, actor_mistakes = _score_actors(gold, rows["actors"], actors)
    quotes, found, quote_mistakes = _score_quotes(gold, rows["statements"], actors, sentences)
    provisions, provision_mistakes = _score_provisions(gold, rows["provisions"], sentences)
    objections, wrong_basis, objection_mistakes = _score_objections(gold, rows["objections"], actors, sentences)
    stances, stance_mistakes = _score_stances(gold, rows["stances"], actors)
    return ArticleScore(
        article=gold.get("article", ""),
        actors=actor_counts,
        quotes=quotes,
        provisions=provisions,
        objections=objections,
        stances=stances,
        canonical=canonical,
        typed=typed,
        found=found,
        wrong_basis=wrong_basis,
        mistakes=tuple(actor_mistakes + quote_mistakes + provision_mistakes + objection_mistakes + stance_mistakes),
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
            try:
                text = article.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            scored = score_article(golds[article.stem], predicted, text)
            scores.append(replace(scored, article=article.name))
    if not scores:
        raise InputError(f"{gold_dir}: has no gold file for any of the articles given")
    return Summary(tuple(scores), tuple(failures), tuple(unmatched))
