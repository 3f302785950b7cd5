"""What the group-forming algorithm takes and gives: the people waiting (`Candidate`), its
settings, and the groups it forms (`MatchResult`) with anyone it cannot place and why.

`bot.domain.mentoring.form_groups` forms the groups; `bot.domain.mentoring_score` says how
good a grouping is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

__all__ = [
    "SIZE_LIMIT_HIGH",
    "SIZE_LIMIT_LOW",
    "UNPLACED_NO_ROOM",
    "UNPLACED_TOO_FEW",
    "ZERO",
    "Candidate",
    "Group",
    "MatchResult",
    "MatchSettings",
    "MeetingMode",
    "MentoringRole",
    "Score",
    "Unplaced",
]

UNPLACED_TOO_FEW = "mentoring.unplaced.too_few"
UNPLACED_NO_ROOM = "mentoring.unplaced.no_room"

SIZE_LIMIT_LOW = 3
SIZE_LIMIT_HIGH = 6

Score: TypeAlias = tuple[int, int, int, int, int, int]
ZERO: Score = (0, 0, 0, 0, 0, 0)


class MentoringRole(StrEnum):
    WANT_MENTOR = "want_mentor"
    CAN_MENTOR = "can_mentor"
    PEER = "peer"


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One person waiting for a group. `topics` are normalised to lower case, without repeats."""

    user_id: str
    organisation: str
    region_code: str
    role: MentoringRole
    topics: tuple[str, ...] = ()
    mode: MeetingMode = MeetingMode.EITHER
    grade_rank: int | None = None
    preferred_min: int = 4
    preferred_max: int = 5

    def __post_init__(self) -> None:
        if not self.user_id:
            raise ValueError("a candidate needs a user id")
        if not (SIZE_LIMIT_LOW <= self.preferred_min <= self.preferred_max <= SIZE_LIMIT_HIGH):
            raise ValueError(f"preferred group size out of range for {self.user_id}")
        tidy = tuple(dict.fromkeys(t.strip().lower() for t in self.topics if t.strip()))
        object.__setattr__(self, "topics", tidy)


@dataclass(frozen=True, slots=True)
class MatchSettings:
    min_size: int = SIZE_LIMIT_LOW
    max_size: int = SIZE_LIMIT_HIGH
    seed: int = 0

    def __post_init__(self) -> None:
        if not (2 <= self.min_size <= self.max_size):
            raise ValueError("group size bounds must satisfy 2 <= min_size <= max_size")


@dataclass(frozen=True, slots=True)
class Group:
    """A formed group and why it makes sense, for the introduction and the organisers' view."""

    member_ids: tuple[str, ...]
    shared_topics: tuple[str, ...]
    has_mentor: bool
    mode: MeetingMode
    region_code: str | None  # the group's most common region; None when it meets online
    departments: int


@dataclass(frozen=True, slots=True)
class Unplaced:
    user_id: str
    reason: str  # a catalogue key


@dataclass(frozen=True, slots=True)
class MatchResult:
    groups: tuple[Group, ...]
    unplaced: tuple[Unplaced, ...]
    score: Score = field(default=ZERO)
