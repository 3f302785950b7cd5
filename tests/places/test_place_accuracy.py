"""How well `/whoswho <place>` reads places: the place test set, scored against the shipped data.

The set (tests/places/place_queries.csv, answers from ONS data: see SOURCES.md) is scored
category by category. Each category must do at least as well as its floor in
accuracy_floor.json, the last accuracy measured and committed: a ratchet, so the test passes
while the resolver is short of the issue's targets and fails on any step back. When the
resolver improves, raise the floors with

    python -m benchmarks.place_accuracy --update-floor

The table of accuracy per category is printed (see it with `pytest tests/places -rA`).
"""

from __future__ import annotations

import json
import sys

import pytest

from bot.domain.places import Gazetteer
from tests.places.scoring import (
    CATEGORIES,
    FLOOR_FILE,
    Outcome,
    accuracy_by_category,
    format_table,
    load_cases,
    percent,
    score,
)

MIN_QUERIES = 600


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return score(load_cases(), Gazetteer.load().read_query)


@pytest.fixture(scope="module")
def floors() -> dict[str, float]:
    return json.loads(FLOOR_FILE.read_text(encoding="utf-8"))


def test_the_set_is_big_enough_and_covers_every_category() -> None:
    cases = load_cases()
    assert len(cases) >= MIN_QUERIES
    assert {c.category for c in cases} == set(CATEGORIES)
    assert all(c.expect in ("point", "region", "area", "unknown") for c in cases)
    assert len({c.query for c in cases}) == len(cases), "a query is asked twice"


def test_no_category_falls_below_its_floor(
    outcomes: list[Outcome], floors: dict[str, float]
) -> None:
    table = accuracy_by_category(outcomes)
    sys.stdout.write(f"\n{format_table(table, floors)}\n")
    fallen = {
        category: (round(percent(*table[category]), 1), floor)
        for category, floor in floors.items()
        if category in table and percent(*table[category]) + 1e-9 < floor
    }
    wrong = [
        f"  [{o.case.category}] {o.case.query!r}: {o.got}"
        for o in outcomes
        if not o.right and o.case.category in fallen
    ]
    assert not fallen, (
        "accuracy fell below the floor (category: (now, floor)): "
        f"{fallen}\n{format_table(table, floors)}\nwrong in those categories:\n" + "\n".join(wrong)
    )


def test_every_category_has_a_floor(floors: dict[str, float]) -> None:
    assert set(floors) == {*CATEGORIES, "overall"}
    assert all(0.0 <= f <= 100.0 for f in floors.values())
