"""Mentoring groups around the matcher: sign-ups, cycles, groups and their check-ins.

A person signs up (an opt-in, erasable at any time) and waits. A match forms groups from
everyone waiting into the current *cycle*; a cycle lasts a set time (three months by default)
or until an organiser closes it, and then everyone still signed up waits for the next match.
Every few weeks each member is asked whether their group has met; three unanswered check-ins
in a row pause the person, so nobody is asked forever.

Pure Python: the rules here are used by the service and tested without a database or Slack.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.domain.errors import InvalidInputError
from bot.domain.mentoring_dates import UNTIL_WORDS, read_day
from bot.domain.mentoring_match import SIZE_LIMIT_HIGH, SIZE_LIMIT_LOW, MeetingMode, MentoringRole
from bot.domain.people import MAX_TOPIC, clean_text, normalise, parse_topics
from bot.domain.reference import GRADES
from bot.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

MAX_SIGNUP_TOPICS = 8
MAX_HOPES = 500
MISSED_CHECKINS_BEFORE_PAUSE = 3
MAX_PAUSE = timedelta(days=366)

# Grades in order of seniority, for the matcher's spread of grades; "another scheme" and
# "prefer not to say" have no place in the order.
GRADE_RANK: dict[str, int] = {
    code: rank for rank, (code, _) in enumerate(GRADES) if code not in {"other", "prefer_not"}
}


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class CheckInAnswer(StrEnum):
    MET = "met"
    NOT_YET = "not_yet"
    STOPPED = "stopped"  # the group has stopped meeting


class WaitingReason(StrEnum):
    """Why someone signed up is not in a group of the current cycle."""

    NEW = "new"  # signed up since the last match
    PAUSED = "paused"
    INACTIVE = "inactive"  # their Slack account is deactivated
    TOO_FEW = "too_few"  # too few people waiting to form a group
    NO_ROOM = "no_room"  # the groups were full
    # Shown, never stored: paused or deactivated at the last match, and no longer.
    RETURNED = "returned"


@dataclass(frozen=True, slots=True)
class SignUpDraft:
    """What a person submits in the sign-up form, before tidying."""

    role: str
    topics: str
    mode: str
    size_min: int
    size_max: int
    frequency: str
    hopes: str = ""


@dataclass(frozen=True, slots=True)
class SignUpChoices:
    """A tidied sign-up form."""

    role: MentoringRole
    topics: tuple[str, ...]
    mode: MeetingMode
    size_min: int
    size_max: int
    frequency: Frequency
    hopes: str


@dataclass(frozen=True, slots=True)
class SignUp:
    team_id: str
    user_id: str
    choices: SignUpChoices
    created_at: datetime
    updated_at: datetime
    paused_at: datetime | None = None
    paused_until: datetime | None = None  # None while paused: until they resume
    waiting_reason: WaitingReason | None = None  # why the last match they were in left them out

    def is_paused(self, now: datetime) -> bool:
        return self.paused_at is not None and (self.paused_until is None or self.paused_until > now)


@dataclass(frozen=True, slots=True)
class Cycle:
    id: int
    team_id: str
    number: int  # 1, 2, 3... within the workspace
    started_at: datetime
    ends_at: datetime
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_over(self, now: datetime) -> bool:
        return self.closed_at is not None or self.ends_at <= now


@dataclass(frozen=True, slots=True)
class GroupMember:
    user_id: str
    role: MentoringRole


@dataclass(frozen=True, slots=True)
class MentoringGroup:
    id: int
    team_id: str
    cycle_id: int
    members: tuple[GroupMember, ...]  # current members, in the group's order
    shared_topics: tuple[str, ...]
    mode: MeetingMode
    region_code: str | None
    created_at: datetime
    meetings: int = 0  # check-in rounds in which someone said the group met
    rounds: int = 0  # check-in rounds opened so far
    next_checkin_at: datetime | None = None

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(m.user_id for m in self.members)

    def facilitator(self, session: int | None = None) -> str | None:
        """Who facilitates a session (the first is 0): each member in turn, by the group's
        order, so that facilitating rotates. Default: the next session."""
        if not self.members:
            return None
        index = self.meetings if session is None else session
        return self.members[index % len(self.members)].user_id


@dataclass(frozen=True, slots=True)
class CheckIn:
    group_id: int
    user_id: str
    round: int
    asked_at: datetime
    answer: CheckInAnswer | None = None
    answered_at: datetime | None = None


def tidy_signup(draft: SignUpDraft) -> SignUpChoices:
    """Validate a sign-up; raise InvalidInputError naming each bad field."""
    errors: dict[str, str] = {}
    try:
        role = MentoringRole(draft.role)
    except ValueError:
        errors["role"] = N_("mentoring.errors.role_missing")
        role = MentoringRole.PEER
    try:
        mode = MeetingMode(draft.mode)
    except ValueError:
        errors["mode"] = N_("mentoring.errors.mode_missing")
        mode = MeetingMode.EITHER
    try:
        frequency = Frequency(draft.frequency)
    except ValueError:
        errors["frequency"] = N_("mentoring.errors.frequency_missing")
        frequency = Frequency.MONTHLY
    size_min, size_max = draft.size_min, draft.size_max
    if not (SIZE_LIMIT_LOW <= size_min <= size_max <= SIZE_LIMIT_HIGH):
        errors["size"] = N_("mentoring.errors.size_range")
    topics = parse_topics(draft.topics)
    if len(topics) > MAX_SIGNUP_TOPICS:
        errors["topics"] = N_("mentoring.errors.too_many_topics")
    if not topics:
        errors["topics"] = N_("mentoring.errors.topics_missing")
    if any(len(topic) >= MAX_TOPIC and topic.endswith("…") for topic in topics):
        errors["topics"] = N_("mentoring.errors.topic_too_long")
    if errors:
        raise InvalidInputError(errors)
    return SignUpChoices(
        role=role,
        topics=topics,
        mode=mode,
        size_min=size_min,
        size_max=size_max,
        frequency=frequency,
        hopes=clean_text(draft.hopes, MAX_HOPES),
    )


def unfamiliar_topics(topics: Sequence[str], known: Iterable[str]) -> tuple[str, ...]:
    """The topics nobody else has chosen yet (they still count if someone does later)."""
    familiar = {normalise(topic) for topic in known}
    return tuple(topic for topic in topics if normalise(topic) not in familiar)


def pause_until(text: str, *, now: datetime, today: datetime) -> datetime | None:
    """Parse `/mentoring pause [until] DATE`: None for an open-ended pause; the start of that
    day (in `today`'s time zone) in UTC otherwise. The date is read as people type it (see
    `bot.domain.mentoring_dates.read_day`). Raises InvalidInputError for a date that cannot be
    read, is not in the future or is more than a year away."""
    words = text.split()
    if words and words[0].casefold() in UNTIL_WORDS:  # "until", or "tan" in Welsh
        words = words[1:]
    if not words:
        return None
    day = read_day(" ".join(words), today=today.date())
    if day <= today.date():
        raise InvalidInputError({"date": N_("mentoring.errors.pause_date_past")})
    start = datetime(day.year, day.month, day.day, tzinfo=today.tzinfo)
    if start - today > MAX_PAUSE:
        raise InvalidInputError({"date": N_("mentoring.errors.pause_date_far")})
    return start.astimezone(now.tzinfo)


def with_pause(signup: SignUp, *, now: datetime, until: datetime | None) -> SignUp:
    return replace(signup, paused_at=now, paused_until=until, updated_at=now)


def resumed(signup: SignUp, *, now: datetime) -> SignUp:
    return replace(signup, paused_at=None, paused_until=None, updated_at=now)


def missed_in_a_row(checkins: Sequence[CheckIn]) -> int:
    """How many of the latest check-ins (newest first) went unanswered in a row."""
    count = 0
    for checkin in checkins:
        if checkin.answer is not None:
            break
        count += 1
    return count
