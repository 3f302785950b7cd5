"""How well, and how fast, does the app read the places people type?

Scores the place test set (tests/places/place_queries.csv, answers from ONS data: see
tests/places/SOURCES.md) against the shipped gazetteer, and prints:

1. accuracy per category and overall, beside the floor the test holds each to
   (tests/places/accuracy_floor.json) and the issue's targets (95% in every category, 97%
   overall);
2. how long reading one query takes (`Gazetteer.read_query`): p50, p99 and the slowest, over
   the whole set, first with nothing cached (each query once, as a new process sees it) and
   then warm (the set read again several times); target p99 under 2 ms;
3. with --wrong, every query answered wrongly, what was answered and what was right.

    python -m benchmarks.place_accuracy                  # the table and the timings
    python -m benchmarks.place_accuracy --wrong          # and every wrong answer
    python -m benchmarks.place_accuracy --update-floor   # raise the floors to today's accuracy

--update-floor only ever raises a floor (a category that got worse keeps its floor, and the
test keeps failing until it is fixed), unless --allow-lower is given too, say when a
category's queries change.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

from bot.domain.places import Gazetteer
from tests.places.scoring import (
    FLOOR_FILE,
    accuracy_by_category,
    floors_from,
    format_table,
    load_cases,
    percent,
    score,
)

TARGET_CATEGORY = 95.0
TARGET_OVERALL = 97.0
TARGET_P99_MS = 2.0
WARM_PASSES = 5


def _quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timings(gazetteer: Gazetteer, queries: list[str]) -> dict[str, list[float]]:
    """Milliseconds per read: cold (first sight of each query), then warm."""
    order = list(queries)
    random.Random(13).shuffle(order)
    cold = []
    for text in order:
        start = time.perf_counter()
        gazetteer.read_query(text)
        cold.append((time.perf_counter() - start) * 1000)
    warm = []
    for _ in range(WARM_PASSES):
        for text in order:
            start = time.perf_counter()
            gazetteer.read_query(text)
            warm.append((time.perf_counter() - start) * 1000)
    return {"cold": cold, "warm": warm}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Accuracy and speed of reading places.")
    parser.add_argument("--update-floor", action="store_true", help="raise the test's floors")
    parser.add_argument(
        "--allow-lower", action="store_true", help="with --update-floor: lower floors too"
    )
    parser.add_argument("--wrong", action="store_true", help="list every wrong answer")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    gazetteer = Gazetteer.load()
    load_ms = (time.perf_counter() - started) * 1000
    cases = load_cases()
    # Time before scoring, so the cold figures are a fresh process's.
    times = timings(gazetteer, [c.query for c in cases])
    outcomes = score(cases, gazetteer.read_query)
    table = accuracy_by_category(outcomes)
    floors = json.loads(FLOOR_FILE.read_text(encoding="utf-8")) if FLOOR_FILE.exists() else {}

    print(f"Place test set: {len(cases)} queries, scored against the shipped gazetteer")
    print()
    print(format_table(table, floors))
    below = [c for c, (r, n) in table.items() if c != "overall" and percent(r, n) < TARGET_CATEGORY]
    overall = percent(*table["overall"])
    print()
    print(
        f"target: every category >= {TARGET_CATEGORY:.0f}% "
        f"({'PASS' if not below else 'MISS: ' + ', '.join(below)}); overall >= "
        f"{TARGET_OVERALL:.0f}% ({'PASS' if overall >= TARGET_OVERALL else 'MISS'})"
    )

    print()
    print(f"Reading a query (Gazetteer.read_query), ms; place data loaded in {load_ms:.0f} ms")
    print(f"{'':6} {'reads':>6} {'p50':>7} {'p99':>7} {'max':>7} {'mean':>7}")
    for name, samples in times.items():
        print(
            f"{name:6} {len(samples):>6} {_quantile(samples, 0.5):7.3f} "
            f"{_quantile(samples, 0.99):7.3f} {max(samples):7.3f} {statistics.fmean(samples):7.3f}"
        )
    p99 = _quantile(times["cold"], 0.99)
    verdict = "PASS" if p99 < TARGET_P99_MS else "MISS"
    print(f"target: p99 under {TARGET_P99_MS:g} ms, cold: {verdict}")

    if args.wrong:
        print()
        print("Wrong answers:")
        for o in outcomes:
            if not o.right:
                print(f"  [{o.case.category}] {o.case.query!r}: got {o.got}; right: {_right(o)}")

    if args.update_floor:
        measured = floors_from(table)
        new = {
            c: (m if args.allow_lower else max(m, floors.get(c, 0.0))) for c, m in measured.items()
        }
        FLOOR_FILE.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        changed = {c: (floors.get(c), f) for c, f in new.items() if floors.get(c) != f}
        print()
        print(f"Floors written to {FLOOR_FILE.name}: {changed or 'no change'}")
    return 0


def _right(outcome: object) -> str:
    case = outcome.case  # type: ignore[attr-defined]
    parts = [case.expect, case.answer_code]
    if case.latitude is not None:
        parts.append(f"within {case.radius_km:g} km of ({case.latitude:.3f}, {case.longitude:.3f})")
    if case.also:
        parts.append("or " + "|".join(sorted(case.also)))
    if case.topics:
        parts.append("topics: " + " ".join(case.topics))
    return " ".join(p for p in parts if p)


if __name__ == "__main__":
    raise SystemExit(main())
