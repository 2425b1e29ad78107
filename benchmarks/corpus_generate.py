"""A deterministic corpus of invented news articles for the corpus benchmarks and tests.

Every name, outlet and sentence template here was written for the benchmark; nothing is copied
from real coverage. Articles are about 400 words with four to six quotes, like the seed articles.
A pool of recurring people means the same actors appear across many articles (cross-document
resolution has work to do), and about one quote in five is drawn from the speaker's small bank of
stock lines, so the same quote is often reported by several outlets.

    python -m benchmarks.corpus_generate 1000 corpus.jsonl
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

FIRST = ("Marta", "Oren", "Lucia", "Teodor", "Inez", "Caspar", "Wren", "Anselm", "Ilse", "Dorian", "Pella", "Ruben",
         "Saskia", "Tobin", "Yara", "Emrys", "Nadia", "Corwin", "Livia", "Bastian", "Odile", "Felix", "Greta", "Hollis")
LAST = ("Quarrie", "Vandermeer", "Ostrowe", "Pellham", "Kestrel", "Abernathe", "Delacroy", "Fennimore", "Garroway",
        "Hallstrom", "Ivescu", "Joubert", "Kilbride", "Lindqvist", "Marchetti", "Northcote", "Okonkwo", "Prescotte",
        "Ravensby", "Stroud", "Thorneycroft", "Ulverton", "Whitlock", "Zabriskie")
TITLES = ("Senator", "Governor", "Attorney General", "District Attorney", "Sheriff", "Representative", "Mayor")
ROLES = ("senior counsel", "deputy director", "executive director", "policy director")
CENTERS = ("Harrowgate Center for Sentencing Policy", "Millbrook Justice Institute", "Corran Policy Center",
           "Eastvale Defenders Union", "Larkspur Center for Public Safety")
OUTLETS = ("Harbor Ledger", "Valley Courier", "Northern Dispatch", "Capital Observer", "Riverside Sentinel",
           "Plains Gazette", "Coastal Herald", "Summit Tribune")
STATES = ("Ohio", "Texas", "Florida", "Arizona", "Georgia", "Tennessee", "Oklahoma", "Nevada", "Missouri", "Indiana")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")

SUPPORT_QUOTES = (
    "We cannot keep treating the people who flood our streets with poison as ordinary criminals",
    "Every tool the law gives us has to be on the table when dealers are killing our children",
    "The families who buried their sons and daughters deserve a justice system that means business",
    "Prosecutors must be ready to seek the harshest penalty the statutes allow in the worst cases",
    "This is about sending a message to the traffickers that the era of easy sentences is over",
    "Our communities are asking for protection, and this is how we give it to them",
)
OPPOSE_QUOTES = (
    "There is no evidence that the death penalty deters drug trafficking, and decades of research say so",
    "The Supreme Court has made clear that a crime without a killing cannot carry a death sentence",
    "These cases will cost millions of dollars and tie up prosecutors for years without saving a single life",
    "Executing people for selling drugs is immoral and it will not end a public health crisis",
    "This is the wrong response to addiction, which calls for treatment rather than executions",
    "Any such prosecution faces an uphill legal battle that the government is very likely to lose",
)
FILLER = (
    "Overdose deaths in {state} rose by {n} percent over the past {k} years, according to figures released in {month}.",
    "Lawmakers in {state} held {k} hearings on the issue this spring, and a vote is expected before the end of {month}.",
    "The county recorded {n} drug-related arrests last year, most of them for possession rather than sale.",
    "Local treatment programs say their waiting lists have grown to {n} people, with some waiting {k} months for a bed.",
    "Court records show that {k} federal capital cases were filed in the region over the last decade.",
    "Public defenders in {state} say their caseloads have grown by {n} percent since the new guidance took effect.",
    "A survey of {n} residents found that most supported stronger enforcement but were divided on capital punishment.",
    "The debate comes as {state} officials weigh how to spend ${n} million in settlement funds on prevention.",
)
PROVISIONS = (
    "Federal law already allows the death penalty for murder committed as part of a continuing criminal enterprise.",
    "The statutes also cover the use of a firearm resulting in death during a drug trafficking crime.",
    "Federal law permits a death sentence for murder in aid of racketeering.",
    "The law also allows capital punishment for offenses involving extremely large quantities of drugs, even without a killing.",
)


def _people(rng: random.Random, count: int) -> list[dict]:
    """Recurring people: distinct full names, each with a side, a title or an affiliation, and stock lines."""
    names = sorted({f"{first} {last}" for first in FIRST for last in LAST})
    rng.shuffle(names)
    people = []
    for number, name in enumerate(names[:count]):
        supports = number % 2 == 0
        bank = SUPPORT_QUOTES if supports else OPPOSE_QUOTES
        people.append({
            "name": name,
            "supports": supports,
            "title": TITLES[number % len(TITLES)] if supports else None,
            "role": None if supports else ROLES[number % len(ROLES)],
            "center": None if supports else CENTERS[number % len(CENTERS)],
            "stock": [f"{bank[(number + i) % len(bank)]}," for i in range(2)],
        })
    return people


def _fresh_quote(rng: random.Random, person: dict, article: int) -> str:
    """A quote unique to this article: a stock sentence with a specific, article-dependent clause."""
    bank = SUPPORT_QUOTES if person["supports"] else OPPOSE_QUOTES
    detail = rng.choice(("in {state} this year", "after what happened in {state}", "for the {n} families we met",
                         "when {n} people died last year", "in the {k} counties we serve"))
    detail = detail.format(state=rng.choice(STATES), n=rng.randint(12, 980) + article, k=rng.randint(2, 9))
    return f"{rng.choice(bank)}, {detail},"


def _filler(rng: random.Random, state: str) -> str:
    """A background paragraph of two sentences with article-specific numbers."""
    return " ".join(sentence.format(state=state, n=rng.randint(5, 90), k=rng.randint(2, 12), month=rng.choice(MONTHS))
                    for sentence in rng.sample(FILLER, 2))


def _intro(person: dict) -> str:
    if person["title"]:
        return f"{person['title']} {person['name']}"
    return f"{person['name']}, {person['role']} at the {person['center']},"


def _surname(person: dict) -> str:
    return person["name"].split()[-1]


def article(rng: random.Random, people: list[dict], number: int) -> dict:
    """One article as a JSON Lines record: id, title, publisher, date and about 400 words of text."""
    cast = rng.sample(people, 3)
    lead, critic, other = sorted(cast, key=lambda p: not p["supports"])
    state = rng.choice(STATES)
    date = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(700))
    paragraphs = [
        f"{_intro(lead)} is urging prosecutors to seek the death penalty in drug cases in {state}, "
        f"a push that critics say goes too far.",
        f"“{rng.choice(lead['stock']) if rng.random() < 0.4 else _fresh_quote(rng, lead, number)}” "
        f"{_surname(lead)} said in a statement on {rng.choice(('Monday', 'Tuesday', 'Wednesday', 'Thursday'))}.",
        _filler(rng, state),
        rng.choice(PROVISIONS),
        f"“{_fresh_quote(rng, lead, number)}” {_surname(lead)} told reporters.",
        f"{_intro(critic)} opposes the plan.",
        f"“{rng.choice(critic['stock']) if rng.random() < 0.4 else _fresh_quote(rng, critic, number)}” "
        f"said {critic['name']}.",
        _filler(rng, state),
        f"“{_fresh_quote(rng, critic, number)}” {_surname(critic)} said.",
        f"The Supreme Court ruled in Kennedy v. Louisiana that the death penalty is reserved for crimes where the "
        f"victim was killed, a point {_surname(critic)} raised.",
        f"“{_fresh_quote(rng, other, number)}” said {_intro(other).rstrip(',')}.",
        _filler(rng, state),
        _filler(rng, state),
        _filler(rng, state),
        rng.choice(PROVISIONS),
        f"Critics say the cases would cost millions of dollars and tie up courts in {state} for years.",
    ]
    return {
        "id": f"bench-{number:06d}",
        "title": f"{_surname(lead)} pushes death penalty for drug dealers in {state}",
        "publisher": rng.choice(OUTLETS),
        "date": date.isoformat(),
        "text": "\n\n".join(paragraphs) + "\n",
    }


def generate(count: int, seed: int = 6) -> Iterator[dict]:
    """``count`` distinct articles; the same ``(count, seed)`` always gives the same articles. The
    people are the same for every seed, and article numbers (ids) start at ``seed``, so corpora
    written in shards with seeds 0, 1000, 2000, ... are one corpus."""
    people = _people(random.Random(6), 60)
    rng = random.Random(seed)
    for number in range(seed, seed + count):
        yield article(rng, people, number)


def write_jsonl(count: int, path: Path, seed: int = 6) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in generate(count, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    write_jsonl(args.count, args.path, args.seed)


if __name__ == "__main__":
    main()
