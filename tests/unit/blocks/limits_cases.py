"""Every Block Kit builder of the app at the longest inputs the app allows, as cases for
test_language_limits.py: each case builds one payload (a message, a view, blocks, or a menu's
options) in whatever language is in force when it is called.

The directory's and the events' own tests already list their longest states (`messages()` and
`views()`); those are reused whole, one case each. The rest are built here from the domain's own
maxima: MAX_TITLE, MAX_DESCRIPTION, MAX_VENUE, MAX_COMMENT, MAX_HOPES, MAX_TOPIC(S), the
longest organisation, profession and grade of bot/domain/reference.py, full pages of attendees,
groups and events."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain.digest import EVENTS_PER_REGION, MAX_NEWCOMERS, Digest, Newcomer, RegionDigest
from bot.domain.events import MAX_DESCRIPTION, MAX_TITLE, MAX_VENUE
from bot.domain.feedback import MAX_COMMENT
from bot.domain.people import MAX_JOB_TITLE, MAX_TOPIC, MAX_TOPICS
from bot.domain.ports_speed_connect import SpeedConnectGroup
from bot.domain.reference import GRADES, ORGANISATIONS, PROFESSIONS
from bot.i18n import catalogue, current_language, keys
from bot.services.attendees import ATTENDEES_PAGE_SIZE, Attendee, AttendeeList
from bot.services.speed_connect import JoinOutcome, SpeedConnectIntro
from handlers.directory.blocks.welcome import welcome_message
from handlers.events.blocks import attendees as attendee_blocks
from handlers.events.blocks import digest as digest_blocks
from handlers.events.blocks import speed_connect as speed_blocks
from handlers.events.blocks.announcement import moved_announcement_message
from handlers.events.blocks.reports import link_needs_channel_message, link_result_message
from handlers.ui.profile import place_options, profile_view
from tests.unit.blocks import test_builders as directory_cases
from tests.unit.blocks import test_event_builders as event_cases
from tests.unit.blocks.test_welcome_blocks import hits

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LONGEST_ORGANISATION = max(ORGANISATIONS, key=len)
LONGEST_PROFESSION = max(PROFESSIONS, key=len)
LONGEST_GRADE = max(GRADES, key=lambda grade: len(grade[1]))[0]
LONG_TITLE = ("Cyfarfod data a pholisi " * 10)[:MAX_TITLE]
LONG_VENUE = ("Canolfan y Mileniwm, Bae Caerdydd " * 10)[:MAX_VENUE]
LONG_DESCRIPTION = ("Sgyrsiau, yna coffi. " * 200)[:MAX_DESCRIPTION]
LONG_COMMENT = ("Roedd y sgyrsiau'n ardderchog " * 100)[:MAX_COMMENT]
LONG_TOPICS = tuple(f"{i}{'pwnc hir ' * 10}"[:MAX_TOPIC] for i in range(MAX_TOPICS))
LONG_PLACE = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch, Ynys Môn"
LONG_REGION = "Yorkshire and The Humber"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], Any]
    home: bool = False  # blocks of the Home tab (a view's 100 blocks), not of a message
    channel: bool = False  # can be posted to a channel or a group DM, so can be bilingual


# (generator, language): the catalogue texts they were built with, and the payloads
_generated: dict[tuple[str, str], tuple[object, list[Any]]] = {}


def _from(name: str, generate: Callable[[], Iterator[tuple[str, Any]]], index: int) -> Any:
    """One payload of another test module's generator, built once per language and catalogue
    (a copy: whoever reads it may change it)."""
    language = current_language()
    texts = catalogue(language).texts
    made = _generated.get((name, language))
    if made is None or made[0] is not texts:  # words swapped (a test's catalogue) since
        made = (texts, [payload for _, payload in generate()])
        _generated[name, language] = made
    return copy.deepcopy(made[1][index])


def forget_generated() -> None:
    _generated.clear()


def generator_cases(prefix: str, generate: Callable[[], Iterator[tuple[str, Any]]]) -> list[Case]:
    names = [name for name, _ in generate()]
    return [
        Case(
            f"{prefix}: {name}",
            lambda i=i: _from(prefix, generate, i),  # type: ignore[misc]
            home=prefix.endswith("views") and name.startswith("home"),
            channel=name.startswith(("announcement", "list")),
        )
        for i, name in enumerate(names)
    ]


# The events -------------------------------------------------------------------------------------


def longest_event(**changes: Any) -> Any:
    values: dict[str, Any] = {
        "title": LONG_TITLE,
        "venue": LONG_VENUE,
        "description": LONG_DESCRIPTION,
        "capacity": 100_000,
        "going": 99_999,
        "waitlisted": 12_345,
    }
    values.update(changes)
    return event_cases.event(**values)


def attendee(n: int) -> Attendee:
    person = directory_cases.full_profile(f"U0P{n:03d}", letter="w")
    person = replace(
        person,
        organisation=LONGEST_ORGANISATION,
        profession=LONGEST_PROFESSION,
        job_title="j" * MAX_JOB_TITLE,
    )
    return Attendee(person, LONG_PLACE)


def full_attendees(*, others: bool = False) -> AttendeeList:
    people = tuple(attendee(n) for n in range(ATTENDEES_PAGE_SIZE))
    return AttendeeList(longest_event(), people, 2, 99_999, 99_999, 88_888, others)


def longest_digest() -> Digest:
    newcomers = tuple(
        Newcomer(f"U{n:04d}", "j" * MAX_JOB_TITLE, LONGEST_ORGANISATION, LONG_PLACE)
        for n in range(MAX_NEWCOMERS)
    )
    listed = tuple(
        (replace(longest_event(), id=100 + n), LONG_PLACE) for n in range(EVENTS_PER_REGION)
    )
    regions = tuple(
        RegionDigest(f"TL{n}", LONG_REGION, newcomers, 9_999, 99_999, listed, 999)
        for n in range(12)
    )
    return Digest("T0001", "C0WALES", NOW - timedelta(days=7), NOW, regions, NOW)


def speed_intro() -> SpeedConnectIntro:
    question = max((key for key in keys() if key.startswith("speed_connect.question.")), key=len)
    members = tuple(f"U0SC{n:02d}" for n in range(8))
    group = SpeedConnectGroup(1, "T0001", 42, 99, question, members, NOW, "TLL")
    return SpeedConnectIntro(group, longest_event())


def event_cases_here() -> list[Case]:
    event = longest_event()
    return [
        Case(
            "moved announcement",
            lambda: moved_announcement_message(
                event, region_name=LONG_REGION, channels=[f"C{n:05d}" for n in range(300)]
            ),
            channel=True,
        ),
        Case(
            "link result, a language",
            lambda: link_result_message(
                channel_id="C0CARDIFF",
                region_name=LONG_REGION,
                added=True,
                joined=True,
                via="Wales, " + LONG_REGION,
                language="bilingual",
            ),
        ),
        Case("link needs a channel", link_needs_channel_message),
        Case("who's going", lambda: attendee_blocks.whos_going_message(full_attendees())),
        Case(
            "after the event",
            lambda: attendee_blocks.after_event_message(full_attendees(others=True)),
        ),
        Case(
            "attendee profile",
            lambda: attendee_blocks.attendee_profile_view(attendee(1), LONG_TITLE),
        ),
        Case("digest", lambda: digest_blocks.digest_message(longest_digest()), channel=True),
        Case(
            "digest on",
            lambda: digest_blocks.digest_switch_message(on=True, regions=[LONG_REGION] * 12),
        ),
        Case("digest off", lambda: digest_blocks.digest_switch_message(on=False, regions=[])),
        Case("digest usage", digest_blocks.digest_usage_message),
        Case(
            "speed connect joined",
            lambda: speed_blocks.join_reply_message(JoinOutcome(event, True, True)),
        ),
        Case(
            "speed connect left",
            lambda: speed_blocks.join_reply_message(JoinOutcome(event, False, True)),
        ),
        Case(
            "speed connect introduction",
            lambda: speed_blocks.introduction_message(speed_intro()),
            channel=True,
        ),
    ]


# The directory ----------------------------------------------------------------------------------


def directory_cases_here() -> list[Case]:
    person = directory_cases.full_profile("UME", letter="w")
    person = replace(person, organisation=LONGEST_ORGANISATION, grade=LONGEST_GRADE)
    from bot.services.welcomes import Welcome

    people = hits(*(replace(person, user_id=f"UHIT{n}") for n in range(5)))
    welcome = Welcome(person, people, True, longest_event(), LONG_PLACE, LONG_REGION)
    return [
        Case("welcome", lambda: welcome_message(welcome, "C0LEEDS"), channel=True),
        Case(
            "welcome, no profile",
            lambda: welcome_message(Welcome(None, (), False, None, "", LONG_REGION), "C0LEEDS"),
            channel=True,
        ),
        Case("profile form, longest", lambda: profile_view(person, LONG_PLACE)),
        Case(
            "place suggestions",
            lambda: place_options([(n, f"{LONG_PLACE} {n}") for n in range(150)]),
        ),
    ]
