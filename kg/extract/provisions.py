"""Legal provisions as journalists name them: bills by number and in prose, state statutes described
in words, code sections in any written form, named acts, charges, and the domain's statutory
circumstances described in prose.

The patterns are the grammar's rules yielding ``provision`` (``ontology/grammar/provisions.yaml``,
whose header explains their attributes); the circumstances' cue phrases are domain data. This module
holds the role-finders that read the matches:

- where a bill or law belongs: a state named with it, a state's legislature in its sentence, a federal
  cue, the dateline, the one state the headline names, the state the article names most (rules
  yielding ``jurisdiction``);
- the article's discourse: a bill named by number, then "the bill", is one provision; a prose
  reference to the article's bill is no provision of its own once the bill is named by number;
- the items of an enumeration of circumstances.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.domain import Circumstance, Domain
from kg.extract.text import Parsed
from kg.grammar import Grammar, Match
from kg.jurisdictions import lookup, named_in
from kg.models import Mention, ProvisionMention
from kg.phrases import Phrases, phrase_pattern

FEDERAL = "United States"
_PASSAGE_WORDS = frozenset({"recently", "newly", "new", "passed", "proposed", "signed", "enacted"})
_SPACE = re.compile(r"\s")
_CLAUSE_END = re.compile(r"[,;:()—–]|\s-\s|\.(?=[\s”\"’]|$)")


def extract(parsed: Parsed, domain: Domain) -> list[ProvisionMention]:
    grammar = domain.grammar
    matches = parsed.matches(grammar, "provision")
    places = _Places(parsed, grammar)
    numbered = _numbered_bills(parsed, matches, places)
    acts = _acts(parsed, matches, numbered)
    explicit = [*_code_sections(parsed, domain, matches), *numbered, *acts, *_charges(parsed, matches),
                *_circumstances(parsed, domain, grammar)]
    prose = _Discourse(parsed, domain, places, explicit).read(matches)
    return sorted(_distinct(explicit) + prose, key=lambda r: (r.mention.start, r.mention.end))


def _distinct(found: list[ProvisionMention]) -> list[ProvisionMention]:
    """Each provision named explicitly once, at its first mention in the text."""
    seen: set[str] = set()
    unique = []
    for record in sorted(found, key=lambda r: (r.mention.start, r.mention.end)):
        identity = record.provision or record.citation or f"{record.kind}:{record.label.lower()}"
        if identity not in seen:
            seen.add(identity)
            unique.append(record)
    return unique


def _fill(template: str, match: Match, prose: str) -> str:
    """A rule attribute with ``{capture}`` fields filled from the match ("{chamber:.1}.F." → "S.F.")."""
    return template.format_map(_Captures(match, prose))


class _Captures(dict):
    def __init__(self, match: Match, prose: str):
        super().__init__()
        self.match, self.prose = match, prose

    def __missing__(self, key: str) -> str:
        return _SPACE.sub("", self.match.text(self.prose, key)) if key == "subsection" else self.match.text(self.prose, key)


# ---------------------------------------------------------------- where a bill or law belongs

@dataclass(frozen=True)
class _Jurisdiction:
    name: str | None
    rule: str = ""

    @property
    def federal(self) -> bool:
        return self.name == FEDERAL


class _Places:
    """The jurisdiction rules' matches in one article, by the scope they speak for."""

    def __init__(self, parsed: Parsed, grammar: Grammar):
        self.parsed = parsed
        self.in_sentence: list[tuple[Match, str]] = []
        self.federal: list[Match] = []
        self._count_rule = ""
        self.named: list[tuple[int, str]] = []
        dateline: tuple[str, str] | None = None
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for match in parsed.matches(grammar, "jurisdiction"):
            scope = match.rule.get("scope")
            if match.rule.get("jurisdiction") == FEDERAL:
                self.federal.append(match)
                continue
            state = lookup(match.text(parsed.prose, "state"))
            if state is None:
                continue
            if scope == "sentence":
                self.in_sentence.append((match, state.name))
            elif scope == "article" and dateline is None:
                dateline = (state.name, match.rule.name)
            elif scope == "count":
                self.named.append((match.start, state.name))
                counts[state.name] += 1
                first_seen.setdefault(state.name, match.start)
                self._count_rule = match.rule.name
        self.dateline = dateline
        headline = named_in(parsed.document.title or "")
        self.headline = headline[0].name if len(headline) == 1 else None
        self.most_named = min(counts, key=lambda s: (-counts[s], first_seen[s])) if counts else None

    def of(self, start: int, end: int, written: str = "", *, federal: bool = True,
           federal_only: bool = False) -> _Jurisdiction:
        """The jurisdiction of a bill or law mentioned at ``start:end``: the state written with it, a
        state's legislature named in its sentence (the nearest), a federal cue in its sentence or the
        one before (where ``federal``), the one state its sentence names, the dateline's state, the
        state the article names most; none when its sentence names several states ("Texas and some 30
        states have such a law")."""
        if federal_only:
            return _Jurisdiction(FEDERAL)
        if written and (state := lookup(written)):
            return _Jurisdiction(state.name)
        sentence = self.parsed.sentence_at(start)
        near = [(min(abs(m.start - end), abs(start - m.end)), name, m.rule.name)
                for m, name in self.in_sentence if sentence[0] <= m.start < sentence[1]]
        if near:
            _, name, rule = min(near)
            return _Jurisdiction(name, rule)
        if federal:
            before = self._sentence_before(sentence)
            cue = next((m for m in self.federal if sentence[0] <= m.start < sentence[1]
                        or before and before[0] <= m.start < before[1]), None)
            if cue:
                return _Jurisdiction(FEDERAL, cue.rule.name)
        states = {name for at, name in self.named if sentence[0] <= at < sentence[1]}
        if len(states) > 1:
            return _Jurisdiction(None)
        if states:
            return _Jurisdiction(states.pop(), "sentence-state")  # "Tennessee passed a similar law"
        if self.dateline:
            return _Jurisdiction(*self.dateline)
        if self.headline:
            return _Jurisdiction(self.headline, "headline-state")
        if self.most_named:
            return _Jurisdiction(self.most_named, self._count_rule)
        return _Jurisdiction(None)

    def _sentence_before(self, sentence: tuple[int, int]) -> tuple[int, int] | None:
        sentences = self.parsed.sentences
        index = sentences.index(sentence) if sentence in sentences else 0
        return sentences[index - 1] if index > 0 else None


def _credit(*rules: str) -> str:
    return "+".join(rule for rule in rules if rule)


# ---------------------------------------------------------------- bills by number, acts, charges

def _numbered_bills(parsed: Parsed, matches: Sequence[Match], places: _Places) -> list[ProvisionMention]:
    """Bills named by number, cited with their state's Bluebook abbreviation ("Tex. H.B. 6"); a bill of
    Congress by its number alone ("H.R. 4052"); a bill whose jurisdiction is unknown, not at all."""
    text = parsed.prose
    out = []
    for match in matches:
        rule = match.rule
        if rule.get("kind") != "bill" or not match.span("number"):
            continue
        federal = rule.get("federal")
        where = places.of(match.start, match.end, match.text(text, "state"), federal=bool(federal),
                          federal_only=bool(rule.get("federal_only")))
        number = match.text(text, "number")
        chamber = _fill(rule.get("chamber", ""), match, text)
        if where.federal:
            citation, label = f"{_fill(federal, match, text)} {number}", f"{_fill(federal, match, text)} {number}"
        elif where.name:
            citation = f"{lookup(where.name).bluebook} {_fill(rule.get('bill_type'), match, text)} {number}"
            label = f"{where.name} {chamber} {number}"
        else:
            citation, label = None, f"{chamber} {number}"
        start, end = parsed.sentence_at(match.start)
        out.append(ProvisionMention(
            parsed.document.id, Mention(start, end, text[start:end]), label, citation=citation,
            jurisdiction=where.name, kind="bill", cue=match.text(text), rule=_credit(rule.name, where.rule),
            confidence=rule.confidence))
    return out


def _acts(parsed: Parsed, matches: Sequence[Match], numbered: list[ProvisionMention]) -> list[ProvisionMention]:
    """Named acts, citation null. An act named in the sentence of a numbered bill ("House Bill 41 —
    called the X Act —") is that bill's name, not a provision of its own, wherever it stands."""
    text = parsed.prose
    bill_names = {match.text(text, "name") for match in matches if match.rule.get("kind") == "act"
                  and any(b.mention.start <= match.start < b.mention.end for b in numbered)}
    out = []
    for match in matches:
        if match.rule.get("kind") != "act" or match.text(text, "name") in bill_names:
            continue
        label = match.text(text, "name") + (f" of {match.text(text, 'year')}" if match.span("year") else "")
        out.append(ProvisionMention(
            parsed.document.id, Mention(match.start, match.end, text[match.start:match.end]), label, kind="act",
            cue=label, rule=match.rule.name, confidence=match.rule.confidence))
    return out


def _charges(parsed: Parsed, matches: Sequence[Match]) -> list[ProvisionMention]:
    text = parsed.prose
    return [ProvisionMention(parsed.document.id, Mention(m.start, m.end, text[m.start:m.end].rstrip()),
                             text[m.start:m.end].strip(), kind="charge", cue=text[m.start:m.end].strip(),
                             rule=m.rule.name, confidence=m.rule.confidence)
            for m in matches if m.rule.get("kind") == "charge"]


# ---------------------------------------------------------------- code sections

def _code_sections(parsed: Parsed, domain: Domain, matches: Sequence[Match]) -> list[ProvisionMention]:
    """Code sections cited or named, the longest match at a place; a U.S. Code section the domain
    knows links to its provision ("21 U.S.C. 848(e)" is murder in a continuing criminal enterprise)."""
    text = parsed.prose
    notations = _code_notations(domain)
    out = []
    taken: list[tuple[int, int]] = []
    for match in matches:
        rule = match.rule
        # A rule may cite a part of its match ("… sections 3591 and 3592" cites the last number).
        start, end = match.span("cited") or (match.start, match.end)
        if rule.get("kind") != "code-section" or any(start < e and end > s for s, e in taken):
            continue
        taken.append((start, end))
        code = match.text(text, "code")
        captures = _Captures(match, text)
        captures["code"] = notations.get(code.lower(), code)
        citation = rule.get("citation").format_map(captures)
        known = _known(domain, citation)
        out.append(ProvisionMention(
            parsed.document.id, Mention(start, end, text[start:end]),
            known.label if known else citation, citation=known.citation if known else citation,
            provision=known.iri if known else None, jurisdiction=rule.get("jurisdiction"), kind="code-section",
            cue=text[start:end], rule=rule.name, confidence=rule.confidence))
    return out


@lru_cache(maxsize=8)
def _code_notations(domain: Domain) -> dict[str, str]:
    """Each state code's name, lower-cased, to the abbreviation it is cited by ("alabama code" → "Ala. Code")."""
    return {form.lower(): code.notation for code in domain.code_names for form in code.forms}


_USC = re.compile(r"(\d+) U\.S\.C\. § (\d+[a-z]?)((?:\([0-9a-zA-Z]+\))*)")


def _usc_key(citation: str) -> tuple[str, str, str] | None:
    match = _USC.fullmatch(citation)
    return (match.group(1), match.group(2).lower(), match.group(3).lower()) if match else None


def _known(domain: Domain, citation: str) -> Circumstance | None:
    """The domain provision a U.S. Code citation points to: same title and section, and the
    subsections agree as far as the citation goes ("§ 848(e)(1)" names § 848(e)). A citation without
    subsections names only a provision without them: § 848, the whole enterprise statute, is not § 848(e)."""
    key = _usc_key(citation)
    if key is None:
        return None
    found = [c for c in domain.circumstances if (known := _usc_key(c.citation)) and known[:2] == key[:2]
             and (known[2] == key[2] or key[2] and (known[2].startswith(key[2]) or key[2].startswith(known[2])))]
    return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------- bills and laws in prose

@dataclass
class _Referent:
    """A bill or law of the article, with the references to it so far."""

    kind: str
    jurisdiction: _Jurisdiction
    introduced_as: str
    references: list[tuple[Match, tuple[int, int]]] = field(default_factory=list)
    head: str | None = None


class _Discourse:
    """Prose references to bills and laws, read in text order as a reader keeps track of them: an
    indefinite or descriptive reference brings in a provision of its own; "the bill" is the article's
    bill; the article's bill named by number (or by an act's name) leaves no prose provision."""

    def __init__(self, parsed: Parsed, domain: Domain, places: _Places, explicit: list[ProvisionMention]):
        self.parsed, self.places = parsed, places
        grammar = domain.grammar
        self.times = parsed.matches(grammar, "time")
        self.consequence = phrase_pattern(grammar.set("consequence"))
        self.policy = phrase_pattern(domain.policy_cues)
        self.negation = phrase_pattern(domain.cues("negation"))
        self.covered = self._covered(explicit)
        self.named_bills = [r for r in explicit if r.kind in ("bill", "act")]

    def _covered(self, explicit: list[ProvisionMention]) -> set[tuple[int, int]]:
        """Sentences whose law is already named: those of explicit provisions, and the sentence
        before a circumstance, which says which law allows it ("Federal law allows it in a few
        circumstances. Those include ...")."""
        sentences = self.parsed.sentences
        covered = {self.parsed.sentence_at(r.mention.start) for r in explicit}
        for record in explicit:
            sentence = self.parsed.sentence_at(record.mention.start)
            if record.kind == "circumstance" and sentence in sentences and (index := sentences.index(sentence)) > 0:
                covered.add(sentences[index - 1])
        return covered

    def read(self, matches: Sequence[Match]) -> list[ProvisionMention]:
        referents: list[_Referent] = []
        for match in matches:
            rule = match.rule
            if rule.get("kind") == "bill" and match.span("number"):
                # the numbered bill is the latest bill "the bill" can refer to; it is no prose provision
                referents.append(_Referent("bill", _Jurisdiction(None), "named", [(match, (0, 0))]))
                continue
            if rule.get("kind") not in ("bill", "statute"):
                continue
            sentence = self.parsed.sentence_at(match.start)
            conditions = self._conditions(match, sentence)
            if conditions is None or self._names_numbered_bill(match, sentence):
                continue
            if self._denied(match, sentence):
                continue
            where = self.places.of(match.start, match.end, match.text(self.parsed.prose, "state"))
            where = _Jurisdiction(where.name, _credit(where.rule, *conditions))
            referent = self._referent(match, rule, where, sentence, referents)
            referent.references.append((match, sentence))
            if referent.head is None:
                referent.head = self._head(match)
        return [self._record(r) for r in referents if self._kept(r)]

    @staticmethod
    def _prose(referents: list[_Referent]) -> list[_Referent]:
        return [r for r in referents if r.introduced_as != "named"]

    def _conditions(self, match: Match, sentence: tuple[int, int]) -> list[str] | None:
        """The rules that met the match's conditions (to credit them), or None when one fails."""
        rule = match.rule
        if rule.get("at_sentence_start") and match.start != sentence[0]:
            return None
        if rule.get("kind") == "statute" and sentence in self.covered:
            return None
        required = list(rule.get("requires", []))
        if not match.span("det"):
            required += rule.get("bare_requires", [])
        credited = []
        for condition in required:
            if condition == "time":
                time = next((t for t in self.times if sentence[0] <= t.start < sentence[1]), None)
                if time is None:
                    return None
                credited.append(time.rule.name)
            elif condition == "policy" and not self.parsed.find(self.policy, match.end, sentence[1]):
                return None
            elif condition == "consequence" and not self.parsed.find(self.consequence, match.end, sentence[1]):
                return None
        return credited

    def _denied(self, match: Match, sentence: tuple[int, int]) -> bool:
        """An indefinite reference after a negation names no bill ("has not taken up a companion bill")."""
        return match.text(self.parsed.prose, "det").lower() not in ("the", "this", "that", "its", "their") \
            and bool(self.parsed.find(self.negation, sentence[0], match.start))

    def _names_numbered_bill(self, match: Match, sentence: tuple[int, int]) -> bool:
        """Whether the reference is a numbered bill's own words or stands in apposition to one ("the
        companion bill, Senate Bill 17", "the new legislation – S. 156 –")."""
        noun_end = (match.span("noun") or (match.start, match.end))[1]
        return any(r.kind == "bill" and r.mention.start == sentence[0]
                   and match.start <= _cue_start(self.parsed.prose, r, sentence) <= noun_end + 4
                   for r in self.named_bills)

    def _referent(self, match: Match, rule, where: _Jurisdiction, sentence: tuple[int, int],
                  referents: list[_Referent]) -> _Referent:
        """The provision a reference is to: a new one for a reference that introduces one, and for a
        reference to "a bill" of another state or described otherwise than the bills so far ("a
        fentanyl trafficking bill" after "a fentanyl homicide bill"); else the latest bill."""
        introduces = rule.get("introduces", "first")
        if introduces == "new":
            same = next((r for r in self._prose(referents) if any(s == sentence for _, s in r.references)), None)
            if same:
                return same
        else:
            bills = [r for r in referents if r.kind == "bill"]
            if bills and not self._another(match, where, bills):
                return bills[-1]
            if bills:
                introduces = "new"
        referent = _Referent(rule.get("kind"), where, introduces)
        referents.append(referent)
        return referent

    def _another(self, match: Match, where: _Jurisdiction, bills: list[_Referent]) -> bool:
        """Whether a reference to a bill names another bill than those so far: its state is written
        and differs from the latest's, or it is indefinite and its last describing word is not one of
        those the bills so far were described with."""
        latest = bills[-1]
        if match.span("state") and latest.introduced_as != "named" and where.name != latest.jurisdiction.name:
            return True
        head = self._head(match)
        heads = {b.head for b in bills if b.head}
        return match.text(self.parsed.prose, "det").lower() in ("a", "an") and bool(head and heads) \
            and head not in heads

    def _head(self, match: Match) -> str | None:
        """The describing word next to the noun ("trafficking" in "a fentanyl trafficking bill"), a
        state's name left aside."""
        if not match.span("modifier"):
            return None
        words = [w for w in self.parsed.prose[slice(*match.span("modifier"))].lower().replace("-", " ").split()
                 if not lookup(w) and w not in _PASSAGE_WORDS]
        return words[-1] if words else None

    def _described(self, match: Match) -> str:
        """The words describing the bill or law ("drug-induced homicide"), without states and
        without words of its passage ("recently passed")."""
        if not match.span("modifier"):
            return ""
        words = self.parsed.prose[slice(*match.span("modifier"))].split()
        return " ".join(w for w in words if not lookup(w) and w.lower() not in _PASSAGE_WORDS)

    def _kept(self, referent: _Referent) -> bool:
        """The article's bill is no provision of its own when the article names a bill of the same
        jurisdiction by number, or by an act's name."""
        if referent.introduced_as in ("new", "named"):
            return referent.introduced_as == "new"
        return not any(r.kind == "act" or None in (r.jurisdiction, referent.jurisdiction.name)
                       or r.jurisdiction == referent.jurisdiction.name for r in self.named_bills)

    def _record(self, referent: _Referent) -> ProvisionMention:
        """The referent at its most explicit reference: one that names it ("a bill", "a law") and says
        what it does, then one that names its state, then the first."""
        text = self.parsed.prose
        match, (start, end) = max(referent.references, key=lambda ref: (
            bool(ref[0].span("noun")), bool(ref[0].span("content")), bool(ref[0].span("state")), -ref[0].start))
        rule = match.rule
        where = referent.jurisdiction
        place = "federal" if where.federal else (where.name or "")
        noun = rule.get("label") or ("bill" if referent.kind == "bill" else match.text(text, "noun").lower() or "law")
        modifier = "" if rule.get("label") else self._described(match)
        label = " ".join(part for part in (place, modifier, noun) if part)
        if content := match.span("content"):
            clause = _CLAUSE_END.search(text, content[0], end)
            words = text[content[0]:clause.start() if clause else end].strip().rstrip(_ITEM_TRIM)
            label += f" {words}" if words.startswith("to ") or words.split()[0].endswith("ing") else f" that {words}"
        elif rule.get("describes") == "rest":
            label += f": {text[match.end:end].strip().rstrip(_ITEM_TRIM)}"
        return ProvisionMention(
            self.parsed.document.id, Mention(start, end, text[start:end]), label, jurisdiction=where.name,
            kind=referent.kind, cue=match.text(text), confidence=rule.confidence,
            rule=_credit(*dict.fromkeys(m.rule.name for m, _ in referent.references), where.rule))


def _cue_start(prose: str, record: ProvisionMention, sentence: tuple[int, int]) -> int:
    position = prose.find(record.cue or "", sentence[0], sentence[1])
    return position if position >= 0 else -1


# ---------------------------------------------------------------- statutory circumstances

@dataclass(frozen=True)
class _Cues:
    """The domain's circumstance cues compiled, once per domain."""

    policy: Phrases | None
    context: Phrases | None
    killing: Phrases | None
    strong: tuple[tuple[Circumstance, Phrases | None], ...]
    weak: tuple[tuple[Circumstance, Phrases | None], ...]


@lru_cache(maxsize=8)
def _cues(domain: Domain) -> _Cues:
    grammar = domain.grammar
    return _Cues(
        policy=phrase_pattern(domain.policy_cues),
        context=phrase_pattern(grammar.set("circumstance-context")),
        killing=phrase_pattern(grammar.set("killing")),
        strong=tuple((c, phrase_pattern(c.strong_cues)) for c in domain.circumstances),
        weak=tuple((c, phrase_pattern(c.cues)) for c in domain.circumstances))


_ITEM_BREAK = re.compile(r",[”\"’']?\s+(?:and\s+|or\s+)?|;\s+|\s+(?:and|or)\s+(?=[“\"]|cases\b|those\b|when\b|where\b|if\b|with\b|for\b)")
_ITEM_LEAD = re.compile(r"(?i)\s*(?:those|these|they)\s+include\s+")
_ITEM_TRIM = ".;:,”\"’)( “"


def _circumstances(parsed: Parsed, domain: Domain, grammar: Grammar) -> list[ProvisionMention]:
    """The domain's circumstances described in words, in a document about the policy, one per item of
    an enumeration. A strong cue ("continuing criminal enterprise") counts in any sentence. A weak
    one ("racketeering", "firearm") counts in a sentence about when the law allows the penalty (a
    context cue with a policy cue, or with two items that name circumstances), in the sentence just
    after one ("Those include cases ..."), or, for a circumstance that requires a killing, just after
    a killing word ("murder in a racketeering offense") in a sentence with a context or policy cue."""
    cues = _cues(domain)
    if not parsed.find(cues.policy):
        return []
    text = parsed.prose
    out = []
    previous_about = False
    for start, end in parsed.sentences:
        context = bool(parsed.find(cues.context, start, end))
        policy = bool(parsed.find(cues.policy, start, end))
        items = _list_items(text, start, end)
        named = [(item, _best(parsed, cues.strong, *item), _best(parsed, cues.weak, *item)) for item in items]
        listed = sum(1 for _, strong, weak in named if strong or weak) >= 2
        about = context and (policy or listed)
        for (item_start, item_end), strong, weak in named:
            found, rule, confidence = strong, "circumstance-strong-cue", 0.7
            if weak and not strong:
                killing = weak[0].requires_killing and _kills_by(parsed, cues.killing, weak[1], item_start)
                if about or previous_about or (killing and (context or policy)):
                    found, rule, confidence = weak, "circumstance-cue", 0.8
            if not found:
                continue
            circumstance, match = found
            out.append(ProvisionMention(
                parsed.document.id, Mention(item_start, item_end, text[item_start:item_end]), circumstance.label,
                citation=circumstance.citation, provision=circumstance.iri, jurisdiction=FEDERAL, inferred=True,
                kind="circumstance", cue=match.group(0), rule=rule, confidence=confidence))
        previous_about = about
    return out


_KILLING_GAP = re.compile(r"(?:\W+\w+){0,3}?\W+")


def _kills_by(parsed: Parsed, killing: Phrases | None, cue: re.Match, start: int) -> bool:
    """Whether a killing word stands at most three words before the cue, which then says how the
    killing was done ("murder in a racketeering offense"), not only where ("killed a man with a gun")."""
    return any(_KILLING_GAP.fullmatch(parsed.prose, k.end(), cue.start()) for k in parsed.find(killing, start, cue.start()))


def _best(parsed: Parsed, cues, start: int, end: int) -> tuple[Circumstance, re.Match] | None:
    """The circumstance whose cue is longest inside ``start:end``, the first of equals."""
    found = [(circumstance, match) for circumstance, pattern in cues for match in parsed.find(pattern, start, end)]
    return max(found, key=lambda cue: cue[1].end() - cue[1].start(), default=None)


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of an enumeration (split at commas, semicolons and a final "and"/"or"), quotation
    marks and a leading "Those include" trimmed off."""
    bounds = []
    cursor = start
    for match in _ITEM_BREAK.finditer(text, start, end):
        bounds.append((cursor, match.start()))
        cursor = match.end()
    bounds.append((cursor, end))
    out = []
    for item_start, item_end in bounds:
        while item_end > item_start and text[item_end - 1] in _ITEM_TRIM:
            item_end -= 1
        if lead := _ITEM_LEAD.match(text, item_start, item_end):
            item_start = lead.end()
        while item_start < item_end and text[item_start] in _ITEM_TRIM:
            item_start += 1
        if item_end > item_start:
            out.append((item_start, item_end))
    return out
