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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml

from kg.errors import InputError
from kg.phrases import Phrases, alternation, led_by

if TYPE_CHECKING:
    from spacy.tokens import Doc

TYPES = ("token", "regex", "phrases")
_SET = re.compile(r"@([\w-]+)")
_NEVER = re.compile(r"(?!)")
_MAX_EXPANSIONS = 2000
"""More token patterns than this from one rule means a macro was given a set it was not meant for."""
_WORD_ATTRS = frozenset({"ORTH", "TEXT", "LOWER"})
"""Token attributes that are the word's own, the same at every occurrence: tests on them can be lexeme flags."""
_USER_FLAGS = range(19, 64)
"""The lexeme flag bits spaCy leaves to users (FLAG19 to FLAG63)."""
_OPTIONAL_OP = re.compile(r"[?*!]|\{0?,\d*\}|\{0\}")
"""Operators under which a match needs no token with a token dict's words: those that allow none, and
"!", which wants a token without them."""
_MAX_MATCHERS = 512
"""Matchers kept for the sets of patterns that could match a doc; documents of a kind share a few."""


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

    Token rules run on a ``Doc`` of the blank English pipeline's vocabulary, in one ``Matcher`` per
    ``yields`` holding those of their patterns the doc has the words for; regex rules run on its text.
    """

    def __init__(self, rules: Sequence[Rule], sets: Mapping[str, Sequence[str]], vocab=None,
                 patterns: Mapping[str, Sequence[Mapping]] | None = None):
        self.rules = tuple(rules)
        self.sets = MappingProxyType({name: tuple(values) for name, values in sets.items()})
        self.patterns = MappingProxyType({name: tuple(tokens) for name, tokens in (patterns or {}).items()})
        self._vocab = vocab
        self._compiled: dict = {}
        self._flag_bits: Mapping[WordTest, int] | None = None
        self._matchers: dict[tuple[str, tuple[int, ...]], object] = {}
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

    def match(self, doc: Doc, yields: str, text: str | None = None,
              find: Callable[[Phrases], Sequence[re.Match]] | None = None,
              words: frozenset[int] | None = None) -> list[Match]:
        """The matches of every rule yielding ``yields``, in text order (longest first at a start).
        ``text`` is the document's text when the caller has it (a Doc rebuilds it at each access);
        ``find`` what ``finditer`` gives for a phrase rule, when the caller has a faster way (``Parsed.find``
        tries the regex only where a phrase's first word stands); ``words`` the doc's ``word_ids``, when
        the caller keeps them for the several kinds of fact it asks about."""
        compiled = self._compiled_for(yields)
        found: list[Match] = []
        if compiled.patterns:
            words = word_ids(doc) if words is None else words
            # Only the patterns whose required words the doc has: the Matcher's time grows with its
            # patterns at every token, and most (a state's name, a rare verb) cannot match a given doc.
            live = tuple(i for i, pattern in enumerate(compiled.patterns) if pattern.possible(words))
            if live:
                for key, start, end, alignment in self._matcher(yields, live)(doc, with_alignments=True):
                    pattern = compiled.by_key[key]
                    found.append(Match(pattern.rule, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]),
                                       _token_captures(doc, start, alignment, pattern.captures)))
        if (compiled.regexes or compiled.phrases) and text is None:
            text = doc.text
        for rule, regex in compiled.regexes:
            for m in regex.finditer(text):
                found.append(Match(rule, m.start(), m.end(), {
                    name: m.span(name) for name, value in m.groupdict().items() if value is not None}))
        for rule, phrases in compiled.phrases:
            for m in find(phrases) if find else phrases.finditer(text):
                found.append(Match(rule, m.start(), m.end(), {"phrase": m.span()}))
        found.sort(key=lambda m: (m.start, -m.end, -m.rule.confidence, m.rule.name))
        return found

    def _matcher(self, yields: str, live: tuple[int, ...]):
        """A Matcher of the patterns ``live`` of the rules yielding ``yields``, in their order (which
        is the order of the matches at one place), made once for each such set among the latest."""
        key = (yields, live)
        matcher = self._matchers.pop(key, None)
        if matcher is None:
            from spacy.matcher import Matcher

            matcher = Matcher(self.vocab, validate=False)  # validated when compiled, before the flags spaCy's schema lacks
            patterns = self._compiled_for(yields).patterns
            for index in live:
                matcher.add(patterns[index].key, [list(patterns[index].tokens)], greedy="LONGEST")
            if len(self._matchers) >= _MAX_MATCHERS:
                del self._matchers[next(iter(self._matchers))]
        self._matchers[key] = matcher  # last in the dict: the least recently used go first
        return matcher

    def _compiled_for(self, yields: str) -> _Compiled:
        compiled = self._compiled.get(yields)
        if compiled is None:
            compiled = self._compiled[yields] = self._compile(self.rules_for(yields))
        return compiled

    def _compile(self, rules: Sequence[Rule]) -> _Compiled:
        # Imported here: the main process of a corpus build loads the grammar but never matches.
        from spacy.errors import MatchPatternError
        from spacy.schemas import validate_token_pattern
        from spacy.strings import get_string_id

        flags = self._flags()
        patterns: list[TokenPattern] = []
        regexes, phrase_rules = [], []
        for rule in rules:
            if rule.type == "token":
                for tokens, captures in self._token_patterns(rule):
                    # One key per expansion: alignments index into the expanded pattern's own tokens.
                    key = self.vocab.strings.add(f"{rule.name}#{len(patterns)}")
                    if errors := validate_token_pattern(tokens):
                        raise MatchPatternError(key, {0: errors})
                    needs = tuple(frozenset(map(get_string_id, words)) for words in _required_words(tokens))
                    patterns.append(TokenPattern(key, rule, captures, tuple(_flagged(t, flags) for t in tokens), needs))
            elif rule.type == "regex":
                regexes.append((rule, _guarded(self._regex(rule))))
            else:
                phrase_rules.append((rule, self._phrases(rule)))
        by_key = MappingProxyType({pattern.key: pattern for pattern in patterns})
        return _Compiled(tuple(patterns), by_key, tuple(regexes), tuple(phrase_rules))

    def _flags(self) -> Mapping[WordTest, int]:
        """Lexeme flags for the grammar's word tests (IN, NOT_IN, REGEX on a word), made once: the
        Matcher reads a flag in C where it calls Python for each test at each token it tries. The
        tests a match may begin with are tried at every token, so they take the few flag bits first."""
        if self._flag_bits is None:
            patterns = [tokens for rule in self.rules if rule.type == "token" for tokens, _ in self._token_patterns(rule)]
            leading = [test for tokens in patterns for token in _leading(tokens) for test in _word_tests(token)]
            rest = [test for tokens in patterns for token in tokens for test in _word_tests(token)]
            bits = {test: _flag(self.vocab, test) for test in dict.fromkeys(leading + rest)}
            self._flag_bits = MappingProxyType({test: bit for test, bit in bits.items() if bit is not None})
        return self._flag_bits

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

    def _phrases(self, rule: Rule) -> Phrases:
        phrases = self.set(rule.pattern) if isinstance(rule.pattern, str) else tuple(rule.pattern)
        case_sensitive = rule.get("case_sensitive", False)
        regex = re.compile(rf"(?<!\w){alternation(phrases, case_sensitive)}(?!\w)", 0 if case_sensitive else re.IGNORECASE)
        return led_by(regex, phrases, case_sensitive=case_sensitive)

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


def word_ids(doc: Doc) -> frozenset[int]:
    """The string ids of a doc's words as written and in lower case: what ``TokenPattern.possible`` reads."""
    from spacy.attrs import LOWER, ORTH

    return frozenset(doc.to_array([ORTH, LOWER]).ravel().tolist())


@dataclass(frozen=True)
class TokenPattern:
    """One expanded token pattern of a rule: its Matcher key, the capture name of each token, the
    token dicts as the Matcher takes them, and the words a doc needs for it to match (one word of
    each set; string ids of the text or lower case)."""

    key: int
    rule: Rule
    captures: tuple[str | None, ...]
    tokens: tuple[dict, ...]
    needs: tuple[frozenset[int], ...]

    def possible(self, words: frozenset[int]) -> bool:
        return all(not need.isdisjoint(words) for need in self.needs)


@dataclass(frozen=True)
class _Compiled:
    """The rules yielding one kind of fact, ready to match."""

    patterns: tuple[TokenPattern, ...]
    by_key: Mapping[int, TokenPattern]
    regexes: tuple[tuple[Rule, re.Pattern], ...]
    phrases: tuple[tuple[Rule, Phrases], ...]


def _required_words(tokens: Sequence[Mapping]) -> list[list[str]]:
    """For each token dict that must match a token and names its words (``LOWER``, ``ORTH`` or
    ``TEXT``, one word or ``IN`` a list), those words: a doc with none of them cannot match."""
    needs = []
    for token in tokens:
        if _OPTIONAL_OP.fullmatch(str(token.get("OP", ""))):
            continue
        for attr, value in token.items():
            if isinstance(attr, str) and attr.upper() in _WORD_ATTRS:
                words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
                if isinstance(words, list) and all(isinstance(word, str) for word in words):
                    needs.append(words)
    return needs


@dataclass(frozen=True)
class WordTest:
    """A Matcher test that reads only the word (``IN`` or ``REGEX`` on its text or lower case), as
    the getter of a lexeme flag: spaCy calls it once per word of the vocabulary, not per token."""

    lower: bool
    words: frozenset[str] | None = None
    regex: re.Pattern | None = None

    def __call__(self, text: str) -> bool:
        text = text.lower() if self.lower else text
        return text in self.words if self.regex is None else self.regex.search(text) is not None


def _word_test(attr: str, op: str, operand: object) -> WordTest | None:
    """The word test of ``{attr: {op: operand}}`` (NOT_IN as the test of IN), if it is one."""
    if attr.upper() not in _WORD_ATTRS:
        return None
    lower = attr.upper() == "LOWER"
    if op in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(w, str) for w in operand):
        return WordTest(lower, words=frozenset(operand))
    if op == "REGEX" and isinstance(operand, str):
        return WordTest(lower, regex=re.compile(operand))
    return None


def _word_tests(token: Mapping) -> list[WordTest]:
    return [test for attr, value in token.items() if isinstance(attr, str) and isinstance(value, dict)
            for op, operand in value.items() if (test := _word_test(attr, op, operand))]


def _leading(tokens: Sequence[Mapping]) -> Sequence[Mapping]:
    """The token dicts a match may begin with (their tests are tried at every token): up to the
    first one that needs a token with its words."""
    for index, token in enumerate(tokens):
        if not _OPTIONAL_OP.fullmatch(str(token.get("OP", ""))):
            return tokens[:index + 1]
    return tokens


def _flag(vocab, test: WordTest) -> int | None:
    """The lexeme flag bit of ``test`` in ``vocab``, added if a user bit is free."""
    getters = vocab.lex_attr_getters
    for bit in _USER_FLAGS:
        if getters.get(bit) == test:
            return bit
    free = next((bit for bit in _USER_FLAGS if bit not in getters), None)
    return None if free is None else vocab.add_flag(test, free)


def _flagged(token: Mapping, flags: Mapping[WordTest, int]) -> dict:
    """``token`` with each of its word tests that has a flag written as that flag (``{bit: True}``,
    ``False`` for NOT_IN); the other tests stay as they are."""
    flagged: dict = {}
    for attr, value in token.items():
        if not (isinstance(attr, str) and isinstance(value, dict)):
            flagged[attr] = value
            continue
        kept = {}
        for op, operand in value.items():
            bit = flags.get(_word_test(attr, op, operand))
            if bit is None or bit in flagged:
                kept[op] = operand
            else:
                flagged[bit] = op != "NOT_IN"
        if kept:
            flagged[attr] = kept
    return flagged


def _guarded(regex: re.Pattern) -> re.Pattern:
    """``regex`` led by a lookahead for the characters its matches can begin with, when that set is
    known: the same matches, and a scan that tries a costly start (an optional state name before
    "Senate Bill") only where it can begin, four times faster for the bill numbers."""
    if regex.flags & re.IGNORECASE:
        return regex
    try:
        import re._parser as parser  # the standard library's own reading of a pattern

        chars, empty = _first_chars(parser.parse(regex.pattern, regex.flags))
        if chars is None or empty:
            return regex
        return re.compile(f"(?=[{''.join(map(re.escape, sorted(chars)))}])(?:{regex.pattern})", regex.flags)
    except (ImportError, AttributeError, re.error, TypeError, ValueError):  # e.g. inline flags, which must lead
        return regex


def _first_chars(items) -> tuple[frozenset[str] | None, bool]:
    """The characters a match of parsed pattern ``items`` can begin with (None when any or unknown),
    and whether it can match the empty string. Assertions and anchors match no character."""
    from re import _constants as op

    chars: set[str] = set()
    for code, value in items:
        if code in (op.AT, op.ASSERT, op.ASSERT_NOT):
            continue
        if code is op.LITERAL:
            found, empty = frozenset(chr(value)), False
        elif code is op.IN:
            found, empty = _class_chars(value), False
        elif code is op.BRANCH:
            branches = [_first_chars(branch) for branch in value[1]]
            found = None if any(b is None for b, _ in branches) else frozenset().union(*(b for b, _ in branches))
            empty = any(e for _, e in branches)
        elif code is op.SUBPATTERN and not value[1] & re.IGNORECASE:
            found, empty = _first_chars(value[3])
        elif code in (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT):
            found, empty = _first_chars(value[2])
            empty = empty or value[0] == 0
        else:
            return None, False
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _class_chars(items) -> frozenset[str] | None:
    """The characters of a parsed character class of literals and small ranges, else None."""
    from re import _constants as op

    chars: set[str] = set()
    for code, value in items:
        if code is op.LITERAL:
            chars.add(chr(value))
        elif code is op.RANGE and value[1] - value[0] < 256:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return frozenset(chars)


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
