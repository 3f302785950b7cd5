"""The weekly regional digest: once a week, each linked channel hears what is new in its regions.

The scheduler's weekly job (`DIGEST_SCHEDULE`) calls `queue_due`: for every channel linked to a
region whose digest is on, it decides whether there is anything to say (bot.domain.digest) and,
if so, writes one outbox row keyed by the channel and the ISO week, in one transaction per
workspace. The key is unique, so two replicas (or a job run twice) queue it once.

The row names nobody: it holds the channel and the week's bounds. The message is composed
again from the data as it is when the outbox sends it (`compose`), so someone who was erased,
hid their profile or withdrew their consent to be announced in between is not named, an event
cancelled meanwhile is not shown, and a digest with nothing left to say is skipped.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain.digest import (
    DIGEST_KIND,
    EVENTS_PER_REGION,
    STALE_AFTER,
    WEEK,
    Digest,
    Newcomer,
    RegionDigest,
    digest_key,
    signups_open_until,
    split_newcomers,
)
from bot.domain.errors import NotFoundError
from bot.domain.outbox import ScheduledMessage
from bot.i18n import N_
from bot.services import outbox

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bot.clock import Clock
    from bot.domain.events import Event
    from bot.domain.places import Gazetteer, Region
    from bot.domain.ports import UnitOfWork, UnitOfWorkFactory
    from bot.domain.ports_digest import DigestChannel
    from bot.services.events import EventService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DigestRun:
    """What one run of the weekly job decided."""

    channels: int  # linked channels whose digest is on
    queued: int  # digests written to the outbox
    quiet: int  # channels with nothing new this week (no post)
    already: int  # digests of this week queued before (another replica, an earlier run)


@dataclass(frozen=True, slots=True)
class DigestSwitch:
    on: bool
    regions: tuple[Region, ...]


@dataclass
class _Week:
    """One workspace's week, read once and shared by its channels."""

    newcomers: dict[str, list[Newcomer]] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    events: dict[str, tuple[tuple[tuple[Event, str], ...], int]] = field(default_factory=dict)


class DigestService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        gazetteer: Gazetteer,
        clock: Clock,
        events: EventService,
        *,
        next_match: Callable[[datetime], datetime | None] | None = None,
        events_per_region: int = EVENTS_PER_REGION,
    ) -> None:
        """`next_match(now)`: when the next scheduled mentoring match runs (none: matches
        run only when an organiser asks)."""
        self._uow = uow_factory
        self._places = gazetteer
        self._clock = clock
        self._events = events
        self._next_match = next_match
        self._events_per_region = events_per_region

    # Organisers' switch -------------------------------------------------------------------

    def set_enabled(self, team_id: str, user_id: str, channel_id: str, *, on: bool) -> DigestSwitch:
        """`/event digest on|off` in a linked channel (organisers only)."""
        self._events.require_organiser(team_id, user_id)
        with self._uow() as uow:
            codes = uow.digests.set_digest(team_id, channel_id, on=on)
            if not codes:
                raise NotFoundError(N_("digest.errors.not_linked"))
            uow.commit()
        log.info("digest switched", extra={"team_id": team_id, "channel_id": channel_id, "on": on})
        return DigestSwitch(on, tuple(self._places.region(code) for code in dict.fromkeys(codes)))

    # The weekly job -----------------------------------------------------------------------

    def queue_due(self) -> DigestRun:
        """Queue this week's digest of every linked channel that has something new."""
        now = self._clock.now()
        since = now - WEEK
        with self._uow() as uow:
            channels = uow.digests.digest_channels()
        by_team: defaultdict[str, list[DigestChannel]] = defaultdict(list)
        for channel in channels:
            by_team[channel.team_id].append(channel)
        queued = quiet = 0
        next_match = self._match_soon(now)
        for team_id, team_channels in by_team.items():
            with self._uow() as uow:
                week = self._read_week(uow, team_id, since=since, now=now)
                messages = []
                for channel in team_channels:
                    digest = self._compose(week, channel, since, now, next_match)
                    if not digest.has_news:
                        quiet += 1
                        continue
                    messages.append(
                        ScheduledMessage(
                            team_id=team_id,
                            kind=DIGEST_KIND,
                            key=digest_key(channel.channel_id, now),
                            due_at=now,
                            payload={
                                "channel": channel.channel_id,
                                "since": since.isoformat(),
                                "until": now.isoformat(),
                            },
                            expires_at=now + STALE_AFTER,
                        )
                    )
                written = outbox.schedule_all(uow, messages, now=now)
                uow.commit()
            queued += written
        run = DigestRun(len(channels), queued, quiet, len(channels) - quiet - queued)
        log.info(
            "digests queued=%d quiet=%d already=%d channels=%d",
            run.queued,
            run.quiet,
            run.already,
            run.channels,
        )
        return run

    # Sending ------------------------------------------------------------------------------

    def compose(
        self, team_id: str, channel_id: str, *, since: datetime, until: datetime
    ) -> Digest | None:
        """The channel's digest for [since, until) from the data as it is now; None when the
        channel is no longer linked or its digest was turned off."""
        now = self._clock.now()
        with self._uow() as uow:
            found = uow.digests.digest_channels(team_id, channel_id)
            if not found:
                return None
            week = self._read_week(
                uow, team_id, since=since, now=now, until=until, regions=found[0].region_codes
            )
        return self._compose(week, found[0], since, until, self._match_soon(now))

    def where_label(self, event: Event) -> str:
        return self._events.where_label(event)

    # Reading and composing ----------------------------------------------------------------

    def _match_soon(self, now: datetime) -> datetime | None:
        return signups_open_until(self._next_match(now) if self._next_match else None, now)

    def _region_of(self, place_id: int) -> str | None:
        place = self._places.get(place_id)
        return place.region_code if place else None

    def _read_week(
        self,
        uow: UnitOfWork,
        team_id: str,
        *,
        since: datetime,
        now: datetime,
        until: datetime | None = None,
        regions: Sequence[str] | None = None,
    ) -> _Week:
        week = _Week()
        wanted = (
            regions if regions is not None else [region.code for region in self._places.regions()]
        )
        for joined in uow.digests.announced_joiners(team_id, since=since, until=until or now):
            place = self._places.get(joined.place_id)
            if place is None or place.region_code not in wanted:
                continue
            week.newcomers.setdefault(place.region_code, []).append(
                Newcomer(
                    joined.user_id, joined.job_title, joined.organisation, self._places.label(place)
                )
            )
        for place_id, people in uow.digests.people_by_place(team_id).items():
            code = self._region_of(place_id)
            if code is not None:
                week.people[code] = week.people.get(code, 0) + people
        for code in dict.fromkeys(wanted):
            week.events[code] = self._upcoming(uow, team_id, code, now)
        return week

    def _upcoming(
        self, uow: UnitOfWork, team_id: str, code: str, now: datetime
    ) -> tuple[tuple[tuple[Event, str], ...], int]:
        shown = uow.events.upcoming(
            team_id, now=now, region=code, place_ids=None, offset=0, limit=self._events_per_region
        )
        more = 0
        if len(shown) == self._events_per_region:
            total = uow.events.count_upcoming(team_id, now=now, region=code, place_ids=None)
            more = max(0, total - len(shown))
        return tuple((event, self._events.where_label(event)) for event in shown), more

    def _compose(
        self,
        week: _Week,
        channel: DigestChannel,
        since: datetime,
        until: datetime,
        next_match: datetime | None,
    ) -> Digest:
        parts = []
        for code in dict.fromkeys(channel.region_codes):
            region = self._places.region(code)
            named, more = split_newcomers(week.newcomers.get(code, []))
            events, more_events = week.events.get(code, ((), 0))
            parts.append(
                RegionDigest(
                    code=code,
                    name=region.name,
                    newcomers=named,
                    more_newcomers=more,
                    people=week.people.get(code, 0),
                    events=events,
                    more_events=more_events,
                )
            )
        return Digest(
            team_id=channel.team_id,
            channel_id=channel.channel_id,
            since=since,
            until=until,
            regions=tuple(parts),
            next_match=next_match,
        )


def read_bounds(since: object, until: object) -> tuple[datetime, datetime] | None:
    """A queued digest's week, as its payload holds it (None: unreadable)."""
    if not isinstance(since, str) or not isinstance(until, str):
        return None
    try:
        start, end = datetime.fromisoformat(since), datetime.fromisoformat(until)
    except ValueError:
        return None
    if start.tzinfo is None or end.tzinfo is None or end <= start:
        return None
    return start, end
