"""The weekly regional digest: what one linked channel is told once a week.

Each channel linked to a region (or to several) gets one message a week: the people who joined
the directory in its regions that week *and said they may be announced* (a profile option, off
by default), the region's next events, whether mentoring sign-ups lead to a match soon, and how
many people in the region are in the directory.

A digest with nothing new in it (nobody to announce, no event coming, no match soon) is not
posted: a weekly message that only repeats a head count teaches a channel to ignore the app,
and the count rides along with the next digest that has news.

Pure Python: the weeks, the keys and the rule above, with no database, clock or Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.events import Event

DIGEST_KIND = "event.digest"
WEEK = timedelta(days=7)
EVENTS_PER_REGION = 3  # the next few events of each region
MAX_NEWCOMERS = 15  # named in one region's part; the rest are counted
# A scheduled match this close counts as "sign-ups are open" (two digests mention it).
SIGNUPS_AHEAD = timedelta(days=14)
# A digest delivered this long after its time is stale: it is dropped, never posted late.
STALE_AFTER = timedelta(days=2)


def iso_week(moment: datetime) -> str:
    """The ISO week of `moment` in UTC, e.g. "2026-W49"."""
    year, week, _ = moment.astimezone(UTC).isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(channel_id: str, moment: datetime) -> str:
    """The outbox key of a channel's digest in the week of `moment`: unique per workspace, so
    the digest is queued once, however many replicas or ticks decide it."""
    return f"digest:{channel_id}:{iso_week(moment)}"


@dataclass(frozen=True, slots=True)
class Newcomer:
    """Someone who joined the directory this week and agreed to be announced."""

    user_id: str
    job_title: str
    organisation: str
    place: str  # their town's label


@dataclass(frozen=True, slots=True)
class RegionDigest:
    code: str
    name: str
    newcomers: tuple[Newcomer, ...]
    more_newcomers: int  # announced newcomers past MAX_NEWCOMERS, counted only
    people: int  # visible and active profiles in the region
    events: tuple[tuple[Event, str], ...]  # the next few, each with its town's label
    more_events: int  # upcoming events past those shown

    @property
    def has_news(self) -> bool:
        return bool(self.newcomers or self.more_newcomers or self.events)


@dataclass(frozen=True, slots=True)
class Digest:
    team_id: str
    channel_id: str
    since: datetime
    until: datetime
    regions: tuple[RegionDigest, ...]
    next_match: datetime | None  # a scheduled mentoring match soon: sign-ups are open

    @property
    def signups_open(self) -> bool:
        return self.next_match is not None

    @property
    def has_news(self) -> bool:
        """Anything worth a post: someone to announce, an event coming or a match soon."""
        return self.signups_open or any(region.has_news for region in self.regions)


def split_newcomers(
    newcomers: list[Newcomer],
) -> tuple[tuple[Newcomer, ...], int]:
    """The newcomers to name (the first MAX_NEWCOMERS) and how many more there are."""
    return tuple(newcomers[:MAX_NEWCOMERS]), max(0, len(newcomers) - MAX_NEWCOMERS)


def signups_open_until(next_match: datetime | None, now: datetime) -> datetime | None:
    """The next scheduled match if it is close enough to call sign-ups open, else None."""
    if next_match is None or next_match <= now or next_match - now > SIGNUPS_AHEAD:
        return None
    return next_match
