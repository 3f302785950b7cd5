"""Growth, as the impact report reads it: the facts of a period about the directory reaching
people (profiles created and confirmed, searches, welcomes) and mentoring introductions.

Pure Python: what the repository returns, and the weeks facts are counted in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass(frozen=True, slots=True)
class ProfileFact:
    """A profile created or confirmed in the period (`place_id`: to find its region)."""

    team_id: str
    place_id: int
    created_at: datetime
    # The latest time its person saved it or said it is still right: only the latest is kept,
    # so a profile confirmed twice counts once, in the week of the later confirmation.
    confirmed_at: datetime


@dataclass(frozen=True, slots=True)
class SearchTally:
    """Directory searches in a region in a week, and how many found someone."""

    team_id: str
    week: date  # its Monday
    region_code: str | None
    searches: int
    found: int


@dataclass(frozen=True, slots=True)
class WelcomeFact:
    """A welcome sent in a linked channel; whether its person created a profile after it."""

    team_id: str
    welcomed_at: datetime
    region_code: str | None  # the region the channel is linked to (the first, if several)
    joined: bool


def monday(moment: datetime | date) -> date:
    """The Monday (UTC) of the week a moment or day falls in."""
    day = moment.astimezone(UTC).date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def weeks_between(since: date, until: date) -> Iterator[date]:
    """The Mondays of every week from `since`'s to `until`'s, included."""
    week = monday(since)
    while week <= until:
        yield week
        week += timedelta(days=7)
