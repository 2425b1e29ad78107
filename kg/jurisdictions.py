"""The US states as journalists write them and as the Bluebook cites them, from two well-kept
libraries rather than a hand-made list: ``us`` gives each state's name and its AP abbreviation (the
style of datelines, "TAMPA, Fla. —"), reporters-db the Bluebook abbreviation citations take
("Fla. H.B. 95", "W. Va. H.B. 517")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import us
from reporters_db import STATE_ABBREVIATIONS


@dataclass(frozen=True)
class State:
    name: str
    bluebook: str
    """The abbreviation a citation takes ("Tex."), or the name where the Bluebook keeps it ("Ohio")."""
    ap: str
    """The Associated Press abbreviation ("Calif.", "Texas")."""


@lru_cache(maxsize=1)
def states() -> tuple[State, ...]:
    bluebook = {name: abbreviation for abbreviation, name in STATE_ABBREVIATIONS.items()}
    return tuple(State(s.name, bluebook.get(s.name, s.name), s.ap_abbr or s.name) for s in us.states.STATES)


@lru_cache(maxsize=1)
def _by_form() -> dict[str, State]:
    """Each written form, case-folded and without spaces ("W.Va." and "W. Va." alike), to its state."""
    forms: dict[str, State] = {}
    for state in states():
        for form in (state.name, state.ap, state.bluebook):
            forms.setdefault(_fold(form), state)
    return forms


def _fold(form: str) -> str:
    return "".join(form.split()).casefold()


def lookup(form: str) -> State | None:
    """The state a name or abbreviation stands for ("Fla.", "Florida", "W. Va."), or None."""
    return _by_form().get(_fold(form))


def named_in(text: str) -> tuple[State, ...]:
    """The states ``text`` names in full ("Alabama House passes …"), in the order it names them."""
    found = ((match.start(), lookup(match.group())) for match in _names().finditer(text))
    return tuple(dict.fromkeys(state for _, state in sorted(found)))


@lru_cache(maxsize=1)
def _names() -> re.Pattern:
    names = sorted((state.name for state in states()), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b")


def grammar_sets() -> dict[str, tuple[str, ...]]:
    """The grammar's word sets of states: ``us-state`` (names) and ``us-state-abbreviation`` (the AP
    and Bluebook abbreviations that are not names, written as journalists do and spaced or not)."""
    names = {state.name for state in states()}
    abbreviations = {form for state in states() for form in (state.ap, state.bluebook) if form not in names}
    abbreviations |= {form.replace(". ", ".") for form in abbreviations}
    return {"us-state": tuple(sorted(names)), "us-state-abbreviation": tuple(sorted(abbreviations))}
