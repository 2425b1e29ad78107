"""The extraction grammar: named rules read from ``ontology/grammar/*.yaml``, compiled by one engine.

A rule is data, after the conventions of spaCy's Matcher and of Odin grammars: a ``name``, the kind of
fact its matches feed (``yields``), a ``confidence``, a ``pattern``, free attributes the role-finders
read (``value: opposes``, ``holder: after``) and ``tests`` rows (a text and the facts expected from it).

Pattern types:

- ``token``: a spaCy ``Matcher`` pattern, a list of token dicts. kg adds three things spaCy lacks:
  ``capture: NAME`` on a token dict names the tokens it matches; ``"@set"`` wherever spaCy takes a
  list (``{"LOWER": {"IN": "@speech-verb"}}``), or inside a ``REGEX``, names a word set; and two macros,
  ``{"ACTOR": "Person"}`` (one actor mention of that kind, or ``any``), ``{"PHRASE": "@set"}``
  (any phrase of a set, several words long if need be) and ``{"INCLUDE": "name"}`` (a named
  sub-pattern from a grammar file's ``patterns`` section, spliced in).
- ``regex``: a Python regular expression over the text; named groups are captures and ``@set``
  inside a group, ``(?P<state>@us-state)``, stands for any phrase of the set.
- ``phrases``: a set (``"@name"``) or a list; each occurrence is a match.

Matches carry character offsets into the document's prose, so every fact stays traceable.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml

from kg.errors import InputError
from kg.phrases import alternation

if TYPE_CHECKING:
    from spacy.tokens import Doc

TYPES = ("token", "regex", "phrases")
_SET = re.compile(r"@([\w-]+)")
_NEVER = re.compile(r"(?!)")
_MAX_EXPANSIONS = 2000
"""More token patterns than this from one rule means a macro was given a set it was not meant for."""


@dataclass(frozen=True)
class Rule:
    """One grammar rule. ``attributes`` holds the free keys the role-finders read."""

    name: str
    yields: str
    type: str
    pattern: object
    confidence: float = 1.0
    attributes: Mapping[str, object] = field(default_factory=dict)
    tests: tuple[Mapping, ...] = ()
    source: str = ""

    def get(self, key: str, default=None):
        return self.attributes.get(key, default)

    def __repr__(self) -> str:
        return f"Rule({self.name!r} -> {self.yields})"


@dataclass(frozen=True)
class Match:
    """A match of ``rule`` over ``start:end`` of the prose, with its captures as character spans."""

    rule: Rule
    start: int
    end: int
    captures: Mapping[str, tuple[int, int]]

    def span(self, name: str) -> tuple[int, int] | None:
        return self.captures.get(name)

    def text(self, prose: str, name: str | None = None) -> str:
        span = (self.start, self.end) if name is None else self.captures.get(name)
        return prose[span[0]:span[1]] if span else ""

    def __repr__(self) -> str:
        return f"Match({self.rule.name} @{self.start}:{self.end})"


class Grammar:
    """Every rule of the grammar, with the word sets they name; compiled per kind of fact on first use.

    Token rules share one ``Matcher`` per ``yields`` and run on a ``Doc`` of the blank English
    pipeline's vocabulary; regex rules run on its text.
    """

    def __init__(self, rules: Sequence[Rule], sets: Mapping[str, Sequence[str]], vocab=None,
                 patterns: Mapping[str, Sequence[Mapping]] | None = None):
        self.rules = tuple(rules)
        self.sets = MappingProxyType({name: tuple(values) for name, values in sets.items()})
        self.patterns = MappingProxyType({name: tuple(tokens) for name, tokens in (patterns or {}).items()})
        self._vocab = vocab
        self._compiled: dict[str, tuple] = {}
        names = [rule.name for rule in self.rules]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise InputError(f"grammar rule names must be unique: {', '.join(duplicates)}")
        for rule in self.rules:
            self._check(rule)

    @property
    def vocab(self):
        """The blank English pipeline's vocabulary unless one was given: documents are tokenized with it."""
        if self._vocab is None:
            from kg.extract.text import pipeline

            self._vocab = pipeline(None).vocab
        return self._vocab

    def set(self, name: str) -> tuple[str, ...]:
        """The phrases of a word set, by its name with or without the ``@``."""
        key = name.removeprefix("@")
        if key not in self.sets:
            raise InputError(f"grammar: unknown word set @{key}")
        return self.sets[key]

    def without(self, name: str) -> Grammar:
        """The same grammar less one rule (its tests check that the rule is what makes their facts)."""
        return Grammar([r for r in self.rules if r.name != name], self.sets, self._vocab, self.patterns)

    def pattern(self, name: str) -> re.Pattern:
        """The compiled regular expression of a named regex rule, which a role-finder tries at a place
        of its choosing; a rule the grammar lacks never matches."""
        key = ("pattern", name)
        compiled = self._compiled.get(key)
        if compiled is None:
            rule = next((r for r in self.rules if r.name == name and r.type == "regex"), None)
            compiled = self._compiled[key] = self._regex(rule) if rule else _NEVER
        return compiled

    def rules_for(self, yields: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.yields == yields)

    def match(self, doc: Doc, yields: str, text: str | None = None) -> list[Match]:
        """The matches of every rule yielding ``yields``, in text order (longest first at a start).
        ``text`` is the document's text when the caller has it (a Doc rebuilds it at each access)."""
        matcher, token_rules, regexes, phrase_rules = self._compiled_for(yields)
        found: list[Match] = []
        if matcher is not None:
            for key, start, end, alignment in matcher(doc, with_alignments=True):
                rule, captures = token_rules[key]
                found.append(Match(rule, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]),
                                   _token_captures(doc, start, alignment, captures)))
        if (regexes or phrase_rules) and text is None:
            text = doc.text
        for rule, regex in regexes:
            for m in regex.finditer(text):
                found.append(Match(rule, m.start(), m.end(), {
                    name: m.span(name) for name, value in m.groupdict().items() if value is not None}))
        for rule, regex in phrase_rules:
            for m in regex.finditer(text):
                found.append(Match(rule, m.start(), m.end(), {"phrase": m.span()}))
        found.sort(key=lambda m: (m.start, -m.end, -m.rule.confidence, m.rule.name))
        return found

    def _compiled_for(self, yields: str):
        compiled = self._compiled.get(yields)
        if compiled is None:
            compiled = self._compiled[yields] = self._compile(self.rules_for(yields))
        return compiled

    def _compile(self, rules: Sequence[Rule]):
        # Imported here: the main process of a corpus build loads the grammar but never matches.
        from spacy.matcher import Matcher

        matcher = Matcher(self.vocab)
        token_rules: dict[int, tuple[Rule, tuple[str | None, ...]]] = {}
        regexes, phrase_rules = [], []
        for rule in rules:
            if rule.type == "token":
                for tokens, captures in self._token_patterns(rule):
                    # One key per expansion: alignments index into the expanded pattern's own tokens.
                    expanded = self.vocab.strings.add(f"{rule.name}#{len(token_rules)}")
                    token_rules[expanded] = (rule, captures)
                    matcher.add(expanded, [tokens], greedy="LONGEST")
            elif rule.type == "regex":
                regexes.append((rule, self._regex(rule)))
            else:
                phrase_rules.append((rule, self._phrases(rule)))
        return (matcher if token_rules else None), token_rules, regexes, phrase_rules

    def _token_patterns(self, rule: Rule) -> list[tuple[list[dict], tuple[str | None, ...]]]:
        """The rule's pattern with sets and macros expanded: one or more plain spaCy patterns, each
        with the capture name of each of its tokens."""
        return [(tokens, tuple(captures)) for tokens, captures in self._expansions(rule.name, rule.pattern) if tokens]

    def _expansions(self, name: str, pattern: Sequence[Mapping]) -> list[tuple[list[dict], list[str | None]]]:
        expansions: list[tuple[list[dict], list[str | None]]] = [([], [])]
        for token in pattern:
            token = dict(token)
            capture = token.pop("capture", None)
            if "INCLUDE" in token:
                included = token.pop("INCLUDE")
                if included not in self.patterns:
                    raise InputError(f"grammar rule {name}: unknown sub-pattern {included}")
                options = [(tokens, [capture or c for c in captures])
                           for tokens, captures in self._expansions(name, self.patterns[included])]
                if token.pop("OP", None) == "?":
                    options.append(([], []))
            else:
                options = [(option, [capture] * len(option)) for option in self._token_options(token)]
            expansions = [(tokens + more, captures + more_captures)
                          for tokens, captures in expansions for more, more_captures in options]
            if len(expansions) > _MAX_EXPANSIONS:
                raise InputError(f"grammar rule {name}: its macros expand to more than {_MAX_EXPANSIONS} patterns")
        return expansions

    def _token_options(self, token: dict) -> list[list[dict]]:
        """The token sequences one token dict of a rule stands for."""
        if "ACTOR" in token:
            kind = token.pop("ACTOR")
            head = {"ENT_IOB": "B", **({} if kind == "any" else {"ENT_TYPE": kind}), **token}
            return [[head, {"ENT_IOB": "I", "OP": "*"}]]
        if "PHRASE" in token:
            phrases = self.set(token.pop("PHRASE"))
            words = [phrase.lower().split() for phrase in phrases]
            single = sorted({w[0] for w in words if len(w) == 1})
            options = [[{"LOWER": {"IN": single}, **token}]] if single else []
            options += [[{"LOWER": word, **({"OP": token["OP"]} if "OP" in token and i == 0 else {})}
                         for i, word in enumerate(w)] for w in sorted(map(tuple, words)) if len(w) > 1]
            return options
        return [[self._expand_sets(token)]]

    def _expand_sets(self, value, key: str | None = None):
        if isinstance(value, str) and key == "REGEX":
            return _SET.sub(lambda m: alternation(self.set(m.group(1)), case_sensitive=True), value)
        if isinstance(value, str) and value.startswith("@"):
            return list(self.set(value))
        if isinstance(value, dict):
            expanded = {k: self._expand_sets(item, k) for k, item in value.items()}
            for key in ("LOWER", "NORM"):
                inner = expanded.get(key)
                if isinstance(inner, dict):
                    for op in ("IN", "NOT_IN"):
                        if isinstance(inner.get(op), list):
                            if not all(isinstance(item, str) for item in inner[op]):
                                raise InputError(f"grammar: a word list holds {inner[op]!r}: quote on, off, yes, no")
                            inner[op] = sorted({item.lower() for item in inner[op]})
            return expanded
        return value

    def _regex(self, rule: Rule) -> re.Pattern:
        flags = 0 if rule.get("case_sensitive", True) else re.IGNORECASE
        source = _SET.sub(lambda m: alternation(self.set(m.group(1)), case_sensitive=not flags), rule.pattern)
        try:
            return re.compile(source, flags)
        except re.error as exc:
            raise InputError(f"grammar rule {rule.name}: bad regex: {exc}") from exc

    def _phrases(self, rule: Rule) -> re.Pattern:
        phrases = self.set(rule.pattern) if isinstance(rule.pattern, str) else tuple(rule.pattern)
        case_sensitive = rule.get("case_sensitive", False)
        return re.compile(rf"(?<!\w){alternation(phrases, case_sensitive)}(?!\w)", 0 if case_sensitive else re.IGNORECASE)

    def _check(self, rule: Rule) -> None:
        if rule.type not in TYPES:
            raise InputError(f"grammar rule {rule.name}: type must be one of {', '.join(TYPES)}")
        if rule.type == "token" and not (isinstance(rule.pattern, list) and all(isinstance(t, dict) for t in rule.pattern)):
            raise InputError(f"grammar rule {rule.name}: a token pattern is a list of token dicts")
        if rule.type == "regex" and not isinstance(rule.pattern, str):
            raise InputError(f"grammar rule {rule.name}: a regex pattern is a string")
        for name in _SET.findall(str(rule.pattern)):
            self.set(name)
        if rule.type == "token":
            self._token_patterns(rule)


def _token_captures(doc: Doc, start: int, alignment: list[int],
                    captures: tuple[str | None, ...]) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    for offset, index in enumerate(alignment):
        name = captures[index]
        if name:
            token = doc[start + offset]
            lo, hi = token.idx, token.idx + len(token)
            old = spans.get(name)
            spans[name] = (min(old[0], lo), max(old[1], hi)) if old else (lo, hi)
    return spans


_RULE_KEYS = frozenset({"name", "yields", "type", "pattern", "confidence", "tests"})


def read_grammar_files(paths: Sequence[Path]) -> tuple[list[Rule], dict[str, tuple[str, ...]], dict[str, list]]:
    """The rules, word sets and sub-patterns of grammar files. Each file is a mapping with ``sets``
    (name → list of phrases), ``patterns`` (name → list of token dicts) and ``rules`` (a list of rule
    mappings); a rule's ``yields`` defaults to the file's."""
    rules: list[Rule] = []
    sets: dict[str, tuple[str, ...]] = {}
    patterns: dict[str, list] = {}
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(f"{path}: cannot read grammar: {exc}") from exc
        if not isinstance(data, dict):
            raise InputError(f"{path}: a grammar file is a mapping with 'sets' and 'rules'")
        for name, values in (data.get("sets") or {}).items():
            if name in sets:
                raise InputError(f"{path}: word set @{name} is defined twice")
            if not all(isinstance(v, str) for v in values):
                # YAML reads unquoted on, off, yes and no as booleans and numbers as numbers.
                odd = next(v for v in values if not isinstance(v, str))
                raise InputError(f"{path}: word set @{name} holds {odd!r}, not a string: quote it")
            sets[name] = tuple(values)
        for name, tokens in (data.get("patterns") or {}).items():
            if name in patterns:
                raise InputError(f"{path}: sub-pattern {name} is defined twice")
            patterns[name] = list(tokens)
        default_yields = data.get("yields")
        for entry in data.get("rules") or []:
            if not isinstance(entry, dict) or "name" not in entry or "pattern" not in entry:
                raise InputError(f"{path}: every rule needs a name and a pattern")
            yields = entry.get("yields", default_yields)
            if not yields:
                raise InputError(f"{path}: rule {entry['name']} yields nothing")
            rules.append(Rule(
                name=str(entry["name"]), yields=str(yields), type=str(entry.get("type", "token")),
                pattern=entry["pattern"], confidence=float(entry.get("confidence", 1.0)),
                attributes=MappingProxyType({k: v for k, v in entry.items() if k not in _RULE_KEYS}),
                tests=tuple(entry.get("tests") or ()), source=path.name))
    return rules, sets, patterns
