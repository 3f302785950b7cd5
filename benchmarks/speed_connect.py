"""How long does Speed Connect take for 300 opted-in attendees, to form and to queue?

Part 1, the pairing alone. Generated attendees (departments weighted as in a real workspace,
a few large and many small) are paired by `bot.domain.speed_connect.form_speed_connect` for
several rounds in a row, the same people each time, each round's pairs joining the history the
next must avoid, which is the hardest case for repeats. For each round it prints the time to
form the groups and pick each group's suggested question, the groups formed, the trios, the
groups from a single department and the pairs repeated from an earlier round (target 0).

Part 2, the whole run as the scheduler's tick does it, over a real database (a scratch SQLite
file, migrated; or the database named with --database-url, which is emptied and migrated
first): one event, 300 people with profiles going and opted in, then the tick: claim the
event, read who opted in and their earlier partners, form the groups, record them, and queue
one introduction per group (and a note to anyone not placed) in the outbox, in one
transaction. It prints the tick's time and what it queued, and that a second tick does nothing.

Figures are printed, nothing is asserted. Run it from the repository root:

    python -m benchmarks.speed_connect
    python -m benchmarks.speed_connect --people 301 --rounds 5 --seed 7
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from benchmarks.erasure_scan import TEAM, SteppedClock, World, reset
from bot.domain.people import ProfileDraft
from bot.domain.places import Gazetteer
from bot.domain.reference import ORGANISATIONS
from bot.domain.speed_connect import (
    Attendee,
    form_speed_connect,
    pairs_of,
    suggested_question,
)
from bot.services.speed_connect import INTRODUCTION, SpeedConnectService
from storage.db import make_engine
from storage.models import EventRow, OutboxRow

START = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def organisations(count: int, rng: random.Random) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(ORGANISATIONS))]
    return rng.choices(ORGANISATIONS, weights=weights, k=count)


def attendees(count: int, rng: random.Random) -> list[Attendee]:
    return [Attendee(f"U{i:05d}", org) for i, org in enumerate(organisations(count, rng))]


def pairing(people_count: int, rounds: int, seed: int) -> None:
    people = attendees(people_count, random.Random(seed))
    org = {a.user_id: a.organisation for a in people}
    history: frozenset[frozenset[str]] = frozenset()
    times: list[float] = []
    print(f"Part 1: pairing {people_count} opted-in attendees, {rounds} rounds")
    print(f"{'round':>5} {'seconds':>8} {'groups':>6} {'trios':>5} {'one-dept':>8} {'repeats':>7}")
    for round_number in range(1, rounds + 1):
        start = time.perf_counter()
        result = form_speed_connect(people, past_pairs=history, seed=seed + round_number)
        questions = [suggested_question(round_number, n) for n in range(1, len(result.groups) + 1)]
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        pairs = pairs_of(result.groups)
        one_dept = sum(1 for g in result.groups if len({org[m] for m in g}) == 1)
        trios = sum(1 for g in result.groups if len(g) == 3)
        print(
            f"{round_number:>5} {elapsed:>8.3f} {len(questions):>6} {trios:>5} "
            f"{one_dept:>8} {len(pairs & history):>7}"
        )
        history |= pairs
    print(f"median {statistics.median(times):.3f} s, max {max(times):.3f} s")


def whole_run(people_count: int, seed: int, database_url: str) -> None:
    print()
    reset(database_url)
    engine = make_engine(database_url)
    clock = SteppedClock(START)
    world = World.build(engine, Gazetteer.load(), clock, ["U0ORGANISER"])
    rng = random.Random(seed)
    users = [f"U0SC{n:05d}" for n in range(people_count)]
    build = time.perf_counter()
    for user, organisation in zip(users, organisations(people_count, rng), strict=True):
        world.directory.save_profile(TEAM, user, _draft(world, organisation))
    event_id = world.event("U0ORGANISER", title="Speed Connect benchmark", starts_in=timedelta(1))
    with engine.begin() as connection:
        connection.execute(
            update(EventRow)
            .where(EventRow.id == event_id)
            .values(speed_connect_at=START + timedelta(days=1, hours=1))
        )
    service = SpeedConnectService(world.uow, clock)
    for user in users:
        world.events.rsvp(TEAM, event_id, user, going=True)
        service.join(TEAM, event_id, user, on=True)
    print(
        f"Part 2: the tick over {engine.dialect.name}, {people_count} people going and opted in "
        f"(built in {time.perf_counter() - build:.0f} s)"
    )
    clock.advance(days=1, hours=1)
    start = time.perf_counter()
    report = service.tick()
    elapsed = time.perf_counter() - start
    with engine.connect() as connection:
        queued = connection.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.kind == INTRODUCTION)
        )
    print(
        f"  form and queue introductions: {elapsed:.3f} s "
        f"({report.groups} groups, {queued} introductions queued, {report.unplaced} not placed)"
    )
    again = time.perf_counter()
    second = service.tick()
    print(f"  a second tick: {time.perf_counter() - again:.3f} s, {second.events} events run")
    engine.dispose()


def _draft(world: World, organisation: str) -> ProfileDraft:
    return ProfileDraft(
        place_id=world.place("Leeds"), organisation=organisation, job_title="Policy adviser"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    pairing(args.people, args.rounds, args.seed)
    if args.database_url:
        whole_run(args.people, args.seed, args.database_url)
        return
    with tempfile.TemporaryDirectory() as scratch:
        whole_run(args.people, args.seed, f"sqlite:///{Path(scratch) / 'speed_connect.db'}")


if __name__ == "__main__":
    main()
