"""After `/whoswho forget`, does any table still hold a trace of the person?

Builds a workspace of people with months of activity, through the services themselves:
profiles; events organised, past and to come, with answers, waitlists and announcements;
channel links; mentoring sign-ups, groups over two cycles with check-ins, a cycle closed by an
organiser; feedback given (named and anonymous, with comments) and received as an organiser;
the outbox's messages of every kind, many of them sent, notes to group conversations among
them; Events API deliveries. Then it erases
some of the people one after another, as `/whoswho forget` does, reads every row of every table
the database lists (not only the ones the models know) with every value as text, JSON
included, and looks for each erased person's Slack user id, email address, name and the words
they typed. It prints:

1. tables and rows scanned, and the traces found by table (the target is none);
2. the time each erasure took (p50, p99, the slowest);
3. whether everyone else's data is intact: their profiles, their answers to events (except the
   people moved up from a waitlist to a place an erased person left), their groups, their named
   feedback, the feedback totals, which still count the erased people's ratings, anonymously,
   and every scheduled message that named none of the erased.

Run it from the repository root:

    python -m benchmarks.erasure_scan                           # SQLite in a temporary file
    python -m benchmarks.erasure_scan --database-url postgresql+psycopg://user@host/scratch
    python -m benchmarks.erasure_scan --people 1000 --erase 50  # the defaults

A database named with --database-url is a scratch area: it is emptied and migrated first.
Exit code 0 when no trace is left and everyone else's data is intact, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, select, text

from bot.domain.events import ERASED_ORGANISER, EventDraft, EventMode, RsvpStatus
from bot.domain.feedback import DetailsDraft, Subject
from bot.domain.mentoring_programme import CheckInAnswer, SignUpDraft
from bot.domain.outbox import Delivered, ScheduledMessage
from bot.domain.people import ProfileDraft
from bot.domain.places import Gazetteer
from bot.services.directory import DirectoryService
from bot.services.events import EventService
from bot.services.feedback import FeedbackService
from bot.services.mentoring import MentoringService
from bot.services.outbox_sender import OutboxService
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import (
    Base,
    EventRow,
    FeedbackPromptRow,
    MentoringMemberRow,
    OutboxRow,
    RsvpRow,
)
from storage.uow import SqlAlchemyUnitOfWorkFactory

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy import Engine

    from bot.domain.outbox import OutboxMessage, Outcome

TEAM = "T0ERASURE"
ORGANISATIONS = (
    "HM Revenue and Customs",
    "Ministry of Justice",
    "Department for Education",
    "Office for National Statistics",
    "Welsh Government",
    "Department for Work and Pensions",
)
PLACES = ("Leeds", "Bradford", "Cardiff", "Manchester", "Bristol", "Glasgow")
START = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
# A note to a group conversation, its people listed in the payload (as a message addressed to
# several people is): the kind of message an erasure finds by whom it names, not by "user".
GROUP_NOTE = "benchmark.group_note"


# Scanning every table -------------------------------------------------------------------------


@dataclass
class Scan:
    """What a scan of every table found."""

    tables: list[str] = field(default_factory=list)
    rows: int = 0
    traces: Counter[str] = field(default_factory=Counter)  # "table.column" -> values with one
    found: Counter[str] = field(default_factory=Counter)  # needle (folded) -> values with it
    examples: list[str] = field(default_factory=list)  # a few "table.column: value"

    @property
    def by_table(self) -> dict[str, int]:
        tables: Counter[str] = Counter()
        for where, count in self.traces.items():
            tables[where.split(".", 1)[0]] += count
        return dict(sorted(tables.items()))

    @property
    def total(self) -> int:
        return sum(self.traces.values())


def as_text(value: object) -> str:
    """A column's value as a search should read it: JSON as JSON text, bytes decoded."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def scan(engine: Engine, needles: Iterable[str]) -> Scan:
    """Read every row of every table the database lists and count, per column, the values
    holding any of `needles` (case-insensitive; JSON read as its text)."""
    wanted = sorted({needle.casefold() for needle in needles if needle}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(needle) for needle in wanted)) if wanted else None
    result = Scan()
    quote = engine.dialect.identifier_preparer.quote
    for table in sorted(inspect(engine).get_table_names()):
        result.tables.append(table)
        with engine.connect() as connection:
            # The driver's own values: nothing converted, or hidden, by a column's type.
            rows = connection.execution_options(stream_results=True).exec_driver_sql(
                f"SELECT * FROM {quote(table)}"  # noqa: S608 - a name the database gave
            )
            columns = list(rows.keys())
            for row in rows:
                result.rows += 1
                if pattern is None:
                    continue
                for column, value in zip(columns, row, strict=True):
                    shown = as_text(value)
                    found = set(pattern.findall(shown.casefold()))
                    if not found:
                        continue
                    result.traces[f"{table}.{column}"] += 1
                    result.found.update(found)
                    if len(result.examples) < 10:
                        result.examples.append(f"{table}.{column}: {shown[:160]}")
    return result


# A person and the words they type -------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone whose every free text holds a distinctive tag, their name and their email."""

    user_id: str
    tag: str

    @property
    def email(self) -> str:
        return f"{self.tag}@example.gov.uk"

    @property
    def name(self) -> str:
        return f"Quilla {self.tag.title()}"

    def words(self, what: str) -> str:
        """Free text for one field, naming the person and their email as people do."""
        return f"{what} ({self.tag}) from {self.name}, {self.email}"

    @property
    def needles(self) -> tuple[str, ...]:
        """What no table may hold once they are erased."""
        return (self.user_id, self.email, self.name, self.tag)


def person(kind: str, number: int) -> Person:
    """Ids and tags of a fixed width, so that none is part of another."""
    return Person(f"U{kind}{number:05d}Z", f"zq{kind.lower()}{number:05d}x")


# The world ------------------------------------------------------------------------------------


class NoAdmins:
    def is_admin(self, team_id: str, user_id: str) -> bool:  # noqa: ARG002 - the port's
        return False


class SteppedClock:
    """Time, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


class Sent:
    """A dispatcher that delivers everything: the outbox records where each message went."""

    def __init__(self) -> None:
        self.count = 0

    def method_for(self, message: OutboxMessage) -> str:  # noqa: ARG002 - the port's
        return "chat.postMessage"

    def deliver(self, message: OutboxMessage) -> Outcome:
        self.count += 1
        return Delivered(f"D0SCAN:{message.id}.{self.count:06d}")


@dataclass
class World:
    """The services over one database, as the app wires them, and a clock to move."""

    engine: Engine
    uow: SqlAlchemyUnitOfWorkFactory
    clock: SteppedClock
    gazetteer: Gazetteer
    directory: DirectoryService
    events: EventService
    feedback: FeedbackService
    mentoring: MentoringService
    outbox: OutboxService

    @classmethod
    def build(
        cls, engine: Engine, gazetteer: Gazetteer, clock: SteppedClock, organisers: Sequence[str]
    ) -> World:
        uow = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
        events = EventService(uow, gazetteer, clock, NoAdmins(), organisers=organisers)
        feedback = FeedbackService(uow, clock, NoAdmins(), organisers=organisers)
        mentoring = MentoringService(
            uow,
            gazetteer,
            clock,
            NoAdmins(),
            organisers=organisers,
            worker_id="scan",
            feedback=feedback,
        )
        return cls(
            engine=engine,
            uow=uow,
            clock=clock,
            gazetteer=gazetteer,
            directory=DirectoryService(uow, gazetteer, clock, events=events),
            events=events,
            feedback=feedback,
            mentoring=mentoring,
            outbox=OutboxService(uow, clock, Sent(), worker_id="scan", batch=500),
        )

    def place(self, name: str) -> int:
        found = self.gazetteer.read_query(name).place
        if found is None:
            raise LookupError(name)
        return found.id

    def profile(self, who: Person, *, place: str, organisation: str) -> None:
        self.directory.save_profile(
            TEAM,
            who.user_id,
            ProfileDraft(
                place_id=self.place(place),
                organisation=organisation,
                job_title=who.words("Policy lead"),
                can_help=f"data, {who.tag} help",
                want_to_learn=f"policy design, {who.tag} learn",
            ),
        )

    def event(
        self,
        organiser: str,
        *,
        title: str,
        starts_in: timedelta,
        place: str = "Leeds",
        capacity: int | None = None,
        words: Person | None = None,
    ) -> int:
        """An event; `words` is whose words its description and links are."""
        start = self.clock.now() + starts_in
        draft = EventDraft(
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            mode=EventMode.HYBRID if words else EventMode.IN_PERSON,
            venue="Quarry House",
            place_id=self.place(place),
            online_url=f"https://meet.example.org/{words.tag}" if words else "",
            registration_url=f"https://example.org/register?who={words.tag}" if words else "",
            description=words.words("Agenda and contact") if words else "",
            capacity_text="" if capacity is None else str(capacity),
        )
        return self.events.create_event(TEAM, organiser, draft).event.id

    def sign_up(self, who: Person) -> None:
        self.mentoring.save_signup(
            TEAM,
            who.user_id,
            SignUpDraft(
                role="peer",
                topics="data, policy design",
                mode="either",
                size_min=3,
                size_max=4,
                frequency="monthly",
                hopes=who.words("My hopes"),
            ),
        )

    def answer(self, who: Person, subject: Subject, *, rating: int, anonymous: bool) -> bool:
        """The person answers their feedback prompt about `subject` in full, if asked."""
        with self.uow() as uow:
            prompt = uow.feedback.prompt_of(TEAM, subject, who.user_id)
        if prompt is None:
            return False
        self.feedback.submit_details(
            TEAM,
            who.user_id,
            prompt.id,
            DetailsDraft(
                measures={"learned": "agree", "equipped": "disagree"},
                what_worked=who.words("What worked"),
                could_be_better=who.words("Could be better"),
                anonymous=anonymous,
                rating=rating,
            ),
        )
        return True

    def met(self, people: Iterable[str]) -> None:
        """Each of `people` asked in the open cycle says their group met."""
        ids = set(people)
        with self.uow() as uow:
            cycle = uow.mentoring.open_cycle(TEAM)
            asked = uow.mentoring.checkins_of_cycle(cycle.id) if cycle else []
        for checkin in asked:
            if checkin.user_id in ids and checkin.answer is None:
                self.mentoring.answer_checkin(
                    TEAM, checkin.user_id, checkin.group_id, checkin.round, CheckInAnswer.MET
                )

    def going(self, event_id: int) -> list[str]:
        with self.uow() as uow:
            return [user for user, _ in uow.events.people(event_id, (RsvpStatus.GOING,))]

    def group_of(self, user_id: str) -> int | None:
        with self.uow() as uow:
            cycle = uow.mentoring.open_cycle(TEAM)
            group = uow.mentoring.group_of(TEAM, user_id, cycle.id) if cycle else None
        return group.id if group else None

    def record_deliveries(self, count: int) -> None:
        with self.uow() as uow:
            for n in range(count):
                uow.deliveries.record(f"Ev0SCAN{n:06d}", TEAM, now=self.clock.now())
            uow.commit()


@dataclass
class Built:
    world: World
    erased: list[Person]
    kept: list[Person]
    past: list[tuple[int, bool]] = field(default_factory=list)  # (event, organiser erased)
    coming: list[int] = field(default_factory=list)

    @property
    def everyone(self) -> list[Person]:
        return [*self.erased, *self.kept]


def build_world(engine: Engine, gazetteer: Gazetteer, *, people: int, erase: int) -> Built:
    """A workspace of `people`, the first `erase` of them to be erased, each with everything a
    member and an organiser can leave behind; built through the services, in time order."""
    rng = random.Random(20261102)
    erased = [person("ERASE", n) for n in range(erase)]
    kept = [person("KEEP", n) for n in range(people - erase)]
    clock = SteppedClock(START)
    built = Built(
        World.build(engine, gazetteer, clock, [p.user_id for p in [*erased, *kept]]), erased, kept
    )
    _profiles_and_events(built, rng)
    _feedback_on_events(built, rng)
    _mentoring(built, rng)
    world = built.world
    for who in erased[: len(erased) // 2]:
        world.feedback.opt_out(TEAM, who.user_id)
    world.record_deliveries(len(built.everyone))
    _group_notes(built, rng, sent=True)
    world.outbox.drain_due()
    _group_notes(built, rng, sent=False)
    return built


def _profiles_and_events(built: Built, rng: random.Random) -> None:
    """Profiles; each erased person links a channel and organises an event that will have
    happened and one still to come (full, with a waitlist); kept people organise some too;
    everyone answers, the erased included."""
    world, everyone = built.world, built.everyone
    for n, who in enumerate(everyone):
        world.profile(who, place=PLACES[n % len(PLACES)], organisation=ORGANISATIONS[n % 6])
    for n, who in enumerate(built.erased):
        channel = f"C0SCAN{n:05d}"
        world.events.link_channel(TEAM, who.user_id, channel, PLACES[n % len(PLACES)])
        held = world.event(
            who.user_id, title=f"Data breakfast {n}", starts_in=timedelta(days=1), words=who
        )
        later = world.event(
            who.user_id,
            title=f"Policy walk {n}",
            starts_in=timedelta(days=60),
            capacity=3,
            words=who,
        )
        world.events.record_announcement(TEAM, held, channel, f"1700000000.{n:06d}")
        world.events.record_announcement(TEAM, later, channel, f"1700000001.{n:06d}")
        built.past.append((held, True))
        built.coming.append(later)
    for n in range(max(1, len(everyone) // 20)):
        host = built.kept[n % len(built.kept)].user_id
        built.past.append(
            (world.event(host, title=f"Show and tell {n}", starts_in=timedelta(days=1)), False)
        )
        built.coming.append(
            world.event(host, title=f"Networking {n}", starts_in=timedelta(days=60), capacity=5)
        )
    for event_id, _ in built.past:
        for who in rng.sample(everyone, 6):
            world.events.rsvp(TEAM, event_id, who.user_id, going=True)
    for event_id in built.coming:
        for who in rng.sample(everyone, 7):  # more than the places: some wait
            world.events.rsvp(TEAM, event_id, who.user_id, going=True)
    for who in built.erased:  # each goes to a past event and to one still to come
        world.events.rsvp(TEAM, rng.choice(built.past)[0], who.user_id, going=True)
        world.events.rsvp(TEAM, rng.choice(built.coming), who.user_id, going=True)
    world.outbox.drain_due()


def _feedback_on_events(built: Built, rng: random.Random) -> None:
    """The past events happen; everyone who went is asked; most answer."""
    world = built.world
    world.clock.advance(days=1, hours=3)
    world.feedback.tick()
    by_id = {who.user_id: who for who in built.everyone}
    for event_id, _ in built.past:
        for user_id in world.going(event_id):
            if rng.random() < 0.8:
                world.answer(
                    by_id[user_id],
                    Subject.event(event_id),
                    rating=rng.randint(1, 5),
                    anonymous=rng.random() < 0.5,
                )
    world.outbox.drain_due()


def _mentoring(built: Built, rng: random.Random) -> None:
    """A third sign up; a cycle; check-ins and feedback on the session they met for; the
    events' feedback windows close; an erased organiser closes the cycle; a second cycle."""
    world, kept = built.world, built.kept
    mentees = [
        *built.erased,
        *rng.sample(kept, max(0, len(built.everyone) // 3 - len(built.erased))),
    ]
    for who in mentees:
        world.sign_up(who)
    world.mentoring.match(TEAM, kept[0].user_id)
    world.clock.advance(days=14)
    world.mentoring.tick()
    world.met(who.user_id for who in mentees)
    for who in mentees:
        group_id = world.group_of(who.user_id)
        if group_id is not None:
            world.answer(who, Subject.group(group_id, 1), rating=rng.randint(3, 5), anonymous=True)
    world.feedback.tick()  # the events' windows have closed: their organisers hear how it went
    world.outbox.drain_due()
    world.mentoring.close(TEAM, (built.erased or kept)[0].user_id)
    waiting = [who for who in kept if who not in mentees]
    for who in rng.sample(waiting, min(len(mentees), len(waiting))):
        world.sign_up(who)
    world.mentoring.match(TEAM, kept[0].user_id)
    world.clock.advance(days=14)
    world.mentoring.tick()


def _group_notes(built: Built, rng: random.Random, *, sent: bool) -> None:
    """Notes to group conversations: each erased person's with two others, and as many among
    the others alone; sent now, or due in a week."""
    world, kept = built.world, built.kept
    due = world.clock.now() + (timedelta(0) if sent else timedelta(days=7))
    state = "sent" if sent else "due"
    groups = [[who, *rng.sample(kept, 2)] for who in built.erased]
    groups += [rng.sample(kept, 3) for _ in built.erased]
    world.outbox.schedule(
        [
            ScheduledMessage(
                team_id=TEAM,
                kind=GROUP_NOTE,
                key=f"note:{state}:{n}",
                due_at=due,
                payload={"users": [who.user_id for who in group], "topic": "data"},
            )
            for n, group in enumerate(groups)
        ]
    )


# Everyone else's data, before and after -------------------------------------------------------


@dataclass(frozen=True)
class Others:
    """What everyone but the erased holds."""

    profiles: frozenset[str]
    answers: frozenset[tuple[int, str, str]]  # (event, person, status)
    members: frozenset[tuple[int, str]]  # (group, person)
    named_prompts: frozenset[tuple[int, str]]  # (round, person)
    ratings: tuple[int, int]  # how many ratings there are, named or not, and their sum
    messages: frozenset[int]  # scheduled messages (sent or not) naming none of the erased


def others(engine: Engine, erased: Iterable[str]) -> Others:
    gone = set(erased)
    with engine.connect() as connection:
        profiles = connection.execute(text("SELECT user_id FROM profiles")).scalars()
        answers = connection.execute(select(RsvpRow.event_id, RsvpRow.user_id, RsvpRow.status))
        members = connection.execute(
            select(MentoringMemberRow.group_id, MentoringMemberRow.user_id)
        ).all()
        prompts = connection.execute(
            select(FeedbackPromptRow.round_id, FeedbackPromptRow.user_id, FeedbackPromptRow.rating)
        ).all()
        ratings = [int(rating) for _, _, rating in prompts if rating is not None]
        messages = connection.execute(select(OutboxRow.id, OutboxRow.payload)).all()
        return Others(
            profiles=frozenset(str(user) for user in profiles if user not in gone),
            answers=frozenset(
                (int(event), str(user), str(status))
                for event, user, status in answers
                if user not in gone
            ),
            members=frozenset((int(g), str(user)) for g, user in members if user not in gone),
            named_prompts=frozenset(
                (int(r), str(user))
                for r, user, _ in prompts
                if user is not None and user not in gone
            ),
            ratings=(len(ratings), sum(ratings)),
            messages=frozenset(
                int(message_id)
                for message_id, payload in messages
                if not any(user in as_text(payload) for user in gone)
            ),
        )


def intact(engine: Engine, built: Built, before: Others, after: Others) -> list[tuple[str, bool]]:
    with engine.connect() as connection:
        organisers = dict(connection.execute(select(EventRow.id, EventRow.organiser_id)).all())
    anonymous = all(organisers[event] == ERASED_ORGANISER for event, erased in built.past if erased)
    moved = before.answers - after.answers
    # The only answers of others that change: people waiting, given a place an erased one left.
    only_promotions = len(before.answers) == len(after.answers) and all(
        status == RsvpStatus.WAITLISTED and (event, user, RsvpStatus.GOING) in after.answers
        for event, user, status in moved
    )
    return [
        ("others' profiles all kept", before.profiles == after.profiles),
        (f"others' event answers kept ({len(moved)} moved up from a waitlist)", only_promotions),
        ("others' group memberships all kept", before.members == after.members),
        ("others' named feedback all kept", before.named_prompts == after.named_prompts),
        (
            f"every rating still counted, anonymously ({after.ratings[0]} ratings)",
            before.ratings == after.ratings,
        ),
        ("the erased people's past events kept under an anonymous organiser", anonymous),
        (
            f"others' scheduled messages all kept ({len(before.messages)}, sent or not)",
            before.messages <= after.messages,
        ),
    ]


# Running it -----------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def reset(database_url: str) -> None:
    """Empty the scratch database, then migrate it."""
    engine = make_engine(database_url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    upgrade(database_url)


def run(database_url: str, *, people: int, erase: int) -> int:
    reset(database_url)
    engine = make_engine(database_url)
    print(f"database: {engine.dialect.name}; {people} people, {erase} of them to be erased")
    started = time.perf_counter()
    built = build_world(engine, Gazetteer.load(), people=people, erase=erase)
    print(f"world built through the services in {time.perf_counter() - started:.0f} s")
    needles = [needle for who in built.erased for needle in who.needles]
    before = scan(engine, needles)
    print(
        f"before: {len(before.tables)} tables, {before.rows} rows; {before.total} values hold "
        f"a trace of the {erase} people; each of them found: "
        f"{'yes' if all(who.user_id.casefold() in before.found for who in built.erased) else 'NO'}"
    )
    kept_before = others(engine, [who.user_id for who in built.erased])

    timings: list[float] = []
    cancelled = told = 0
    for who in built.erased:
        tick = time.perf_counter()
        erasure = built.world.directory.erase(TEAM, who.user_id)
        timings.append((time.perf_counter() - tick) * 1000)
        cancelled += len(erasure.cancelled)
        told += sum(c.told for c in erasure.cancelled)
    kept_after = others(engine, [who.user_id for who in built.erased])
    after = scan(engine, needles)

    print()
    print(f"Erasure scan, {engine.dialect.name}")
    print(f"  tables scanned:            {len(after.tables)}")
    print(f"  rows scanned:              {after.rows}")
    print(f"  traces found (target 0):   {after.total}   (by table: before -> after)")
    for table in after.tables:
        was, now = before.by_table.get(table, 0), after.by_table.get(table, 0)
        print(f"    {table:<26} {was:>6} -> {now}")
    for example in after.examples:
        print(f"    e.g. {example}")
    print(
        f"  time per erasure:          p50 {percentile(timings, 0.5):.1f} ms, "
        f"p99 {percentile(timings, 0.99):.1f} ms, slowest {max(timings):.1f} ms "
        f"({len(timings)} erasures)"
    )
    print(f"  events cancelled:          {cancelled} (not started; {told} people told)")
    checks = intact(engine, built, kept_before, kept_after)
    for name, ok in checks:
        print(f"  {name}: {'yes' if ok else 'NO'}")
    engine.dispose()
    return 0 if after.total == 0 and all(ok for _, ok in checks) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Erase people as /whoswho forget does, then scan every table for them."
    )
    parser.add_argument(
        "--database-url", help="a scratch database to empty and use (default: SQLite, temporary)"
    )
    parser.add_argument("--people", type=int, default=1000, help="people in the workspace")
    parser.add_argument("--erase", type=int, default=50, help="how many of them to erase")
    args = parser.parse_args(argv)
    if not 1 <= args.erase < args.people or args.people < 20:
        parser.error("need at least 20 people, and to erase at least 1 but not all of them")
    if args.database_url:
        return run(args.database_url, people=args.people, erase=args.erase)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'erasure.db'}"
        return run(url, people=args.people, erase=args.erase)


if __name__ == "__main__":
    sys.exit(main())
