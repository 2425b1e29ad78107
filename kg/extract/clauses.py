"""Clause tests on raw text: whether a mention can be a subject, whether a verb of saying asks.

Plain regular expressions, no spaCy: resolution uses them in the main process of a corpus build.
"""
from __future__ import annotations

import re

_GOVERNED = re.compile(r"(?i)\b(?:with|of|at|for|from|in|to|on|about|against|by|among|including|told|tells|telling|questioned|"
                       r"asked)\s+(?:the\s+|a\s+|an\s+|many\s+|other\s+)*(?:[\w-]+['’]s\s+)?$")


def is_subject_candidate(text: str, start: int, end: int) -> bool:
    """Whether a mention can be the subject of a clause: not the object of a preposition ("an
    interview with the Tribune", "director of the ACLU"), not a possessor ("Whitlock's lawyer") and
    not inside parentheses ("(Reuters)")."""
    return not (_GOVERNED.search(text[max(0, start - 24):start]) or re.match(r"['’]s\b", text[end:end + 3])
                or text[start - 1:start] == "(")


_QUESTION = re.compile(r"\s+(?:whether|if)\b", re.IGNORECASE)


def asks(text: str, verb_end: int) -> bool:
    """A verb of saying ending at ``verb_end`` asks rather than claims ("a reporter asked whether it
    was cruel"): what follows is nobody's objection or stance."""
    return bool(_QUESTION.match(text, verb_end))
