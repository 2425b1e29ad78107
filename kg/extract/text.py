"""What every extractor needs to read a document: paragraphs, sentences, quote spans, phrase search.

Sentences follow spaCy's rule-based ``sentencizer`` on a blank English pipeline (no trained
model), or come from an installed model the user names. Phrases are matched with regular
expressions on the raw text, so every match keeps its character offsets into ``Document.text``.
"""
from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import spacy
from spacy.attrs import IDX, IS_PUNCT, LOWER, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.models import GROUP, ORGANIZATION, Document
from kg.extract.clauses import is_subject_candidate
from kg.phrases import Phrases

OPENING = "“„«"
CLOSING = "”»"
MARKS = OPENING + CLOSING + '"'
_MARK = re.compile(f"[{MARKS}]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Quote:
    """A quoted stretch: ``start``/``end`` include the marks; ``closed`` is false for a quote that
    runs to the end of its paragraph without a closing mark."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool


@dataclass(frozen=True)
class Parsed:
    """A document with the segmentation the extractors share, computed once."""

    document: Document
    prose: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    quotes: tuple[Quote, ...]
    doc: Doc = field(default=None, repr=False, compare=False)
    _scans: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _words: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def find(self, phrases: Phrases | None, start: int = 0, end: int | None = None) -> list[re.Match]:
        """Matches of ``phrases`` lying wholly inside ``prose[start:end]``, in text order.

        The prose is scanned once per phrase set and windows are cut from that scan by bisection:
        extractors look for the same phrases in hundreds of windows of a document. A phrase is thus
        always a whole word of the prose, never the cut-off start of a word at a window's end.
        """
        if phrases is None:
            return []
        scan = self._scans.get(phrases)
        if scan is None:
            matches = self._scan(phrases)
            scan = self._scans[phrases] = ([m.start() for m in matches], matches)
        starts, matches = scan
        end = len(self.prose) if end is None else end
        found = matches[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
        return [m for m in found if m.end() <= end]

    def _scan(self, phrases: Phrases) -> list[re.Match]:
        """What ``finditer`` gives, trying the regex only where a word a phrase starts with stands."""
        if phrases.first_words is None:
            return list(phrases.regex.finditer(self.prose))
        index = self._word_index(phrases.case_sensitive)
        positions = [p for word in phrases.first_words & index.keys() for p in index[word]]
        positions.sort()
        matches: list[re.Match] = []
        last = 0
        for position in positions:
            if position >= last and (match := phrases.regex.match(self.prose, position)):
                matches.append(match)
                last = match.end()
        return matches

    def word_starts(self, word: str) -> list[int]:
        """Where the word ``word``, as written, stands in the prose (a whole run of word characters)."""
        return self._word_index(True).get(word, [])

    def _word_index(self, case_sensitive: bool) -> dict[str, list[int]]:
        """Where each word of the prose starts (case-folded unless ``case_sensitive``), made once:
        the folded index merges the exact one, folding each distinct word once."""
        index = self._words.get(case_sensitive)
        if index is None:
            index = self._words[case_sensitive] = defaultdict(list)
            if case_sensitive:
                for word in _WORD.finditer(self.prose):
                    index[word[0]].append(word.start())
            else:
                for word, starts in self._word_index(True).items():
                    index[word.casefold()].extend(starts)
        return index

    def matches(self, grammar, yields: str) -> list:
        """The grammar's matches of the rules yielding ``yields`` on this document, found once."""
        key = ("grammar", id(grammar), yields)
        found = self._scans.get(key)
        if found is None:
            found = self._scans[key] = grammar.match(self.doc, yields, self.prose, self.find, self._word_ids)
        return found

    @cached_property
    def _word_ids(self) -> frozenset[int]:
        """The string ids of the words as written and in lower case (``kg.grammar.word_ids``), kept
        for the several kinds of fact the extractors ask the grammar about."""
        return frozenset(self.doc.to_array([ORTH, LOWER]).ravel().tolist())

    def with_actors(self, actors) -> Parsed:
        """The document with its actor mentions as entities of its tokens, labelled with their kind
        (``Document`` for a document's own words standing as a source), for the grammar's ``ACTOR``
        macro: what the extractors after the actor extractor read. Overlapping mentions keep the longest."""
        doc = self.doc.copy()
        spans = []
        for actor in actors:
            label = "Document" if actor.rule == "document-reference" else actor.kind
            span = doc.char_span(actor.mention.start, actor.mention.end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return Parsed(self.document, self.prose, self.paragraphs, self.sentences, self.quotes, doc)

    def sentence_at(self, offset: int) -> tuple[int, int]:
        return _span_at(self.sentences, offset) or (offset, offset)

    def sentence_of(self, match: re.Match) -> tuple[int, int] | None:
        """The sentence ``match`` lies wholly inside, if any: extractors group a document's matches of
        a phrase set by sentence this way instead of searching each sentence."""
        sentence = _span_at(self.sentences, match.start())
        return sentence if sentence and match.end() <= sentence[1] else None

    def paragraph_at(self, offset: int) -> tuple[int, int]:
        return _span_at(self.paragraphs, offset) or (offset, offset)

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q.start for q in self.quotes]

    def quote_at(self, offset: int) -> Quote | None:
        index = bisect.bisect_right(self._quote_starts, offset) - 1
        if index >= 0 and self.quotes[index].start <= offset < self.quotes[index].end:
            return self.quotes[index]
        return None


class MentionIndex:
    """Actor mentions sorted by start, for finding those inside a window without scanning them all."""

    def __init__(self, mentions):
        self.items = sorted(mentions, key=lambda m: (m.mention.start, m.mention.end))
        self.starts = [m.mention.start for m in self.items]

    def __iter__(self):
        return iter(self.items)

    def between(self, start: int, end: int) -> list:
        """The mentions lying wholly inside ``start:end``, in text order."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.items[lo:hi] if m.mention.end <= end]


def _span_at(spans: tuple[tuple[int, int], ...], offset: int) -> tuple[int, int] | None:
    """The sorted, non-overlapping span holding ``offset``, found by bisection."""
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    return None


@lru_cache(maxsize=4)
def pipeline(model: str | None = None):
    """A spaCy pipeline: blank English (its tokenizer; ``sentence_starts`` applies the sentencizer's
    rule), or the installed model the user names."""
    return spacy.load(model) if model else spacy.blank("en")


_SENTENCE_ENDS = frozenset(map(get_string_id, Sentencizer.default_punct_chars))
"""spaCy's sentencizer's sentence-final punctuation, as the hashes a Doc's ORTH array holds."""


def sentence_starts(doc: Doc) -> list[int]:
    """Where sentences begin, by spaCy's ``sentencizer`` rule applied to the document's tokens: a
    sentence begins at the first token that is not punctuation after a sentence-final mark."""
    starts = [0] if len(doc) else []
    seen_end = False
    for orth, punct, idx in doc.to_array([ORTH, IS_PUNCT, IDX]).tolist():
        if orth in _SENTENCE_ENDS:
            seen_end = True
        elif seen_end and not punct:
            starts.append(idx)
            seen_end = False
    return starts


@lru_cache(maxsize=4)
def tokenizer(abbreviations: frozenset[str] = frozenset()):
    """The blank English tokenizer, on its vocabulary (which the grammar is compiled with), keeping each
    of ``abbreviations`` one token as it does "Sen." and "Gov." ("Sgt.", "Lt.", "Sens.")."""
    from spacy.tokenizer import Tokenizer

    blank = pipeline(None).tokenizer
    if not abbreviations:
        return blank
    own = Tokenizer(blank.vocab).from_bytes(blank.to_bytes())
    for abbreviation in sorted(abbreviations):
        if abbreviation.endswith(".") and " " not in abbreviation:
            own.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return own


def parse(document: Document, model: str | None = None, abbreviations: frozenset[str] = frozenset()) -> Parsed:
    """Tokens (the blank English tokenizer, whose vocabulary the grammar is compiled with), paragraphs,
    sentences and quotes. A model the user names gives the sentences when it has any."""
    prose = document.prose
    doc = tokenizer(abbreviations)(prose)
    starts = sentence_starts(doc)
    if model:
        modelled = pipeline(model)(prose)
        if modelled.has_annotation("SENT_START"):
            starts = [sentence.start_char for sentence in modelled.sents]
    paragraphs = tuple((m.start(), m.end()) for m in _PARAGRAPH.finditer(prose))
    sentences = _join_splits(prose, _sentences(prose, paragraphs, starts), abbreviations)
    quotes = tuple(q for p in paragraphs for q in find_quotes(prose, *p))
    return Parsed(document, prose, paragraphs, tuple(sentences), _merge_continued(prose, quotes), doc)


_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")


def _sentences(prose: str, paragraphs: tuple[tuple[int, int], ...], starts: list[int]) -> list[tuple[int, int]]:
    """spaCy's sentences (by their ``starts``) cut at paragraph ends, without surrounding space. The
    whole prose is one spaCy document (a call per paragraph costs twice the time); a line break is a
    token of its own, so no sentence runs over one unless its paragraph ends without a full stop,
    where it is cut."""
    sentences = []
    for start, end in paragraphs:
        bounds = [start, *starts[bisect.bisect_right(starts, start):bisect.bisect_left(starts, end)], end]
        for lo, hi in itertools.pairwise(bounds):
            piece = prose[lo:hi]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                sentences.append((lo + lead, lo + lead + len(stripped)))
    return sentences


def is_english(text: str, foreign: frozenset[str]) -> bool:
    """Whether prose reads as English: English function words make up a fair share of English news
    (about 40 %) and under 5 % of Spanish or German, whose own function words (``foreign``, from the
    lexicon) then dominate. The rules and the lexicon are English, so other languages get no facts
    rather than false ones."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 20:
        return True
    english = sum(map(STOP_WORDS.__contains__, words)) / len(words)
    other = sum(map(foreign.__contains__, words)) / len(words)
    return english > 0.1 or other < 0.1


def _join_splits(prose: str, sentences: list[tuple[int, int]],
                 abbreviations: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Re-attach a sentence piece that is only a closing quote mark (the sentencizer splits ``.”``),
    that begins with a lower-case word within its paragraph (the full stop before it closed an
    abbreviation: "Sen. Roy Lane (R-Tex.) and Sen. Jo Ruiz"), or that follows a piece ending with an
    abbreviation the tokenizer does not know ("Sens. Ann Lee and Bo Park"); and hand an opening quote
    mark left at a sentence's end to the sentence it opens (the sentencizer ends ``event. “These``
    after the mark, as a sentence begins at its first word)."""
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        if out and out[-1][1] <= start and "\n" not in prose[out[-1][1]:start] and (
                prose[start:end].strip() in tuple(CLOSING + '"') or prose[start].islower()
                or _ends_with_abbreviation(prose, out[-1], abbreviations)):
            out[-1] = (out[-1][0], end)
            continue
        if out and out[-1][1] == start and (opening := _DANGLING_OPENING.search(prose, out[-1][0], out[-1][1])):
            out[-1] = (out[-1][0], opening.start())
            start = opening.start() + len(opening.group(0)) - len(opening.group(0).lstrip())
        out.append((start, end))
    return out


_DANGLING_OPENING = re.compile(f"\\s+[{MARKS}‘'(\\[]+$")
"""Marks that open what follows them, left at a sentence's end: quote marks of any shape (a closing
mark opens after a space: ``crowd. ”That``) and brackets (``“[T]his``)."""


def _ends_with_abbreviation(prose: str, sentence: tuple[int, int], abbreviations: frozenset[str]) -> bool:
    last = prose[sentence[0]:sentence[1]].rsplit(None, 1)[-1] if prose[sentence[0]:sentence[1]].strip() else ""
    return last.lstrip("(\"“") in abbreviations


def _is_open(prose: str, i: int, start: int) -> bool:
    before = prose[i - 1] if i > start else " "
    after = prose[i + 1] if i + 1 < len(prose) else " "
    return (before.isspace() or before in "([—–-:" or i == start) and not after.isspace()


def _is_close(prose: str, i: int, end: int) -> bool:
    before = prose[i - 1] if i > 0 else " "
    after = prose[i + 1] if i + 1 < end else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def find_quotes(prose: str, start: int, end: int) -> list[Quote]:
    """Quote spans of one paragraph, tolerant of straight marks, a closing mark used to open, an
    opening mark used to close and quotes never closed."""
    quotes: list[Quote] = []
    opened: int | None = None
    for found in _MARK.finditer(prose, start, end):
        i, mark = found.start(), found.group(0)
        if opened is None:
            if mark in OPENING or (mark in CLOSING + '"' and _is_open(prose, i, start)):
                opened = i
        elif _is_close(prose, i, end) and (mark in CLOSING + '"' or not _is_open(prose, i, start)):
            # An opening mark where a closing one belongs ("fight,“ she said") closes too.
            quotes.append(Quote(opened, i + 1, opened + 1, i, True))
            opened = None
        elif _is_open(prose, i, start) and (mark in OPENING or mark == '"'):
            quotes.append(Quote(opened, i, opened + 1, i, False))
            opened = i
    if opened is not None:
        inner_end = end
        quotes.append(Quote(opened, end, opened + 1, inner_end, False))
    if not quotes and not _MARK.search(prose, start, end):
        quotes = _single_quotes(prose, start, end)
    return [q for q in quotes if prose[q.inner_start:q.inner_end].strip()]


_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–:]))['‘](?=[^\W\d_])", re.MULTILINE)
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?…])['’](?=[\s,.;:!?)]|$)", re.MULTILINE)


def _single_quotes(prose: str, start: int, end: int) -> list[Quote]:
    """Quotes in single marks, which some wires use throughout ('We will,' he said.), in a paragraph
    without double marks. An apostrophe inside a word is never a mark; one after a word's last letter
    ("victims' families") can be taken for a closing mark, so the quote then ends early."""
    quotes: list[Quote] = []
    position = start
    while (opening := _SINGLE_OPEN.search(prose, position, end)) is not None:
        closing = _SINGLE_CLOSE.search(prose, opening.end(), end)
        if closing is None:
            quotes.append(Quote(opening.start(), end, opening.end(), end, False))
            break
        quotes.append(Quote(opening.start(), closing.end(), opening.end(), closing.start(), True))
        position = closing.end()
    return quotes


def _merge_continued(prose: str, quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
    """Join a quote left open at the end of a paragraph with the quote opening the next one: the
    news convention for a quotation that runs over several paragraphs."""
    merged: list[Quote] = []
    for quote in quotes:
        if merged and not merged[-1].closed and "\n" in prose[merged[-1].end:quote.start] \
                and not prose[merged[-1].end:quote.start].strip():
            last = merged.pop()
            quote = Quote(last.start, quote.end, last.inner_start, quote.inner_end, quote.closed)
        merged.append(quote)
    return tuple(merged)


def sentence_subject(parsed: Parsed, actors: MentionIndex, start: int, verb_start: int):
    """The subject of a verb late in a sentence ("X, who wrote the bill, thanked them and said"): the
    first actor mention from ``start`` that can be a subject and stands outside quotes; for a group
    "from" or "of" an organisation named right after ("protesters from the Nowhere Alliance"), the
    organisation."""
    text = parsed.prose
    candidates = [a for a in actors.between(start, verb_start)
                  if is_subject_candidate(text, a.mention.start, a.mention.end) and not parsed.quote_at(a.mention.start)]
    if not candidates:
        return None
    subject = candidates[0]
    if subject.kind == GROUP:
        following = next((c for c in actors.between(subject.mention.end, verb_start)), None)
        if following is not None and following.kind == ORGANIZATION \
                and _FROM_ORGANIZATION.fullmatch(text, subject.mention.end, following.mention.start):
            return following
    return subject


_FROM_ORGANIZATION = re.compile(r"\s+(?:from|of|with|at)\s+(?:the\s+)?")


def clause_subject(text: str, candidates: list, verb_start: int):
    """The subject of a verb among the mentions before it: the nearest one, unless the verb closes an
    appositive or relative clause ("Jo Lane, who argued the case for Ann Roe, said"), where it is
    the mention the clause hangs on; and for a group led by someone named ("the defense lawyers, led
    by Ann Roe, argued"), the one who leads it."""
    if not candidates:
        return None
    subject = candidates[-1]
    if text[:verb_start].rstrip().endswith(","):
        subject = next((c for c in candidates if text[c.mention.end:c.mention.end + 2].startswith(",")), subject)
    leader = next((c for c in candidates if c.mention.start >= subject.mention.end), None)
    if subject.kind == GROUP and leader and _LED_BY.fullmatch(text, subject.mention.end, leader.mention.start):
        return leader
    return subject


_LED_BY = re.compile(r",?\s+(?:led|headed)\s+by\s+")


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_DATE_CUE = re.compile(
    r"(?i)\b(?:(last|this|next)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(yesterday|today|last week|earlier this week|last month)\b"
    r"|\b(january|february|march|april|may|june|july|august|september|october|november|december)\.?\s+(\d{1,2})\b(?:,\s*(\d{4}))?")


def resolve_date(text: str, reference: dt.date | None) -> tuple[dt.date | None, str | None]:
    """The first date expression in ``text``, resolved against the document date.

    A bare weekday means the latest such day on or before the document date ("Monday" in an article
    of Wednesday 2018-03-21 is 2018-03-19); "last week" cannot be pinned to a day and gives None.
    """
    match = _DATE_CUE.search(text)
    if not match:
        return None, None
    cue = match.group(0)
    if match.group(2):
        if reference is None:
            return None, cue
        target = WEEKDAYS.index(match.group(2).lower())
        back = (reference.weekday() - target) % 7
        if match.group(1) and match.group(1).lower() == "last" and back == 0:
            back = 7
        return reference - dt.timedelta(days=back), cue
    if match.group(3):
        word = match.group(3).lower()
        if reference is None or word not in ("yesterday", "today"):
            return None, cue
        return reference - dt.timedelta(days=1 if word == "yesterday" else 0), cue
    month = MONTHS.index(match.group(4).lower()) + 1
    year = int(match.group(6)) if match.group(6) else (reference.year if reference else None)
    if year is None:
        return None, cue
    try:
        return dt.date(year, month, int(match.group(5))), cue
    except ValueError:
        return None, cue
