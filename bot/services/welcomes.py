"""Welcomes in linked channels: someone joins a channel linked to a region and gets one short,
private welcome, once per person per workspace, ever (bot.domain.welcomes).

The Events API listener only writes: the record and the welcome's outbox row, in one
transaction. The outbox sends the DMs within Slack's limits and renders each one when it is
sent (handlers/directory/outbox.py), from what is true then: the people near the person who
share their topics (if they have a profile by then), the region's next event. A person who
pressed "Don't welcome me again", or asked to be forgotten, is skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import NotFoundError
from bot.domain.outbox import ScheduledMessage
from bot.domain.welcomes import WELCOME, welcomable, welcome_key
from bot.i18n import N_
from bot.services import outbox
from bot.services.directory_search import SearchTarget

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.domain.events import Event
    from bot.domain.people import Profile
    from bot.domain.ports import UnitOfWork, UnitOfWorkFactory
    from bot.domain.welcomes import WelcomeRecord
    from bot.services.directory import DirectoryService
    from bot.services.directory_search import PersonHit
    from bot.services.events import EventService

log = logging.getLogger(__name__)

MAX_PEOPLE = 3  # people nearby a welcome names, at most
# A welcome not sent within this long (Slack down, a huge import) is no longer a welcome.
WELCOME_EXPIRES = timedelta(days=3)


@dataclass(frozen=True, slots=True)
class Welcome:
    """What one welcome says, as things are when it is sent."""

    profile: Profile | None
    people: tuple[PersonHit, ...]  # near them, sharing their topics (visible, active, not them)
    shared_topics: bool  # whether `people` were found by the person's topics
    event: Event | None  # the next event in the channel's region(s)
    event_where: str  # the event's town, if any
    region: str  # the name of the region the event (or else the channel) is in


class WelcomeService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        directory: DirectoryService,
        events: EventService,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._directory = directory
        self._events = events

    # Joining ------------------------------------------------------------------------------

    def record_join(
        self,
        team_id: str,
        user_id: str,
        channel_id: str,
        *,
        app_user_id: str | None,
        is_bot: bool = False,
    ) -> bool:
        """Someone joined a channel: if it is linked to a region with welcomes on and the
        person was never welcomed (nor declined) in the workspace, record the welcome and
        queue its DM, in one transaction. Whether a welcome was queued."""
        if not welcomable(user_id, app_user_id=app_user_id, is_bot=is_bot):
            return False
        now = self._clock.now()
        with self._uow() as uow:
            if not uow.welcomes.channel(team_id, channel_id).welcomes:
                return False
            if not uow.welcomes.add(team_id, user_id, channel_id, now=now):
                return False  # welcomed (or declined) before: never again
            outbox.schedule(
                uow,
                ScheduledMessage(
                    team_id=team_id,
                    kind=WELCOME,
                    key=welcome_key(user_id),
                    due_at=now,
                    payload={"user": user_id, "channel": channel_id},
                    expires_at=now + WELCOME_EXPIRES,
                ),
                now=now,
            )
            uow.commit()
        return True

    def decline(self, team_id: str, user_id: str) -> None:
        """ "Don't welcome me again": never welcomed in any channel of the workspace (and a
        welcome still waiting is not sent)."""
        now = self._clock.now()
        with self._uow() as uow:
            uow.welcomes.decline(team_id, user_id, now=now)
            outbox.cancel(uow, team_id, key=welcome_key(user_id), now=now)
            uow.commit()

    def set_channel_welcomes(self, team_id: str, user_id: str, channel_id: str, *, on: bool) -> int:
        """`/event welcomes on|off` in a linked channel (organisers only): how many of the
        channel's links now say so. NotFoundError when the channel is linked to no region."""
        self._events.require_organiser(team_id, user_id)
        with self._uow() as uow:
            changed = uow.welcomes.set_channel_welcomes(team_id, channel_id, on=on)
            if not changed:
                raise NotFoundError(N_("welcome.errors.not_linked"))
            uow.commit()
        return changed

    # Sending --------------------------------------------------------------------------------

    def welcome_to_send(self, team_id: str, user_id: str, channel_id: str) -> Welcome | None:
        """The welcome as it should read now; None when there is nothing to send (the person
        declined, or was forgotten, meanwhile)."""
        with self._uow() as uow:
            record = uow.welcomes.get(team_id, user_id)
            if record is None or record.declined:
                return None
            regions = uow.welcomes.channel(team_id, channel_id).regions
            event = self._next_event(uow, team_id, regions)
            profile = uow.profiles.get(team_id, user_id)
        people, shared = self._people_near(profile) if profile else ((), False)
        places = self._directory.gazetteer
        region_code = event.details.region_code if event else (regions[0] if regions else None)
        region = places.region(region_code).name if region_code else ""
        return Welcome(
            profile=profile,
            people=people,
            shared_topics=shared,
            event=event,
            event_where=self._events.where_label(event) if event else "",
            region=region,
        )

    def mark_sent(self, team_id: str, user_id: str) -> None:
        """The welcome reached Slack."""
        with self._uow() as uow:
            uow.welcomes.mark_sent(team_id, user_id, now=self._clock.now())
            uow.commit()

    def record_of(self, team_id: str, user_id: str) -> WelcomeRecord | None:
        with self._uow() as uow:
            return uow.welcomes.get(team_id, user_id)

    def _next_event(self, uow: UnitOfWork, team_id: str, regions: tuple[str, ...]) -> Event | None:
        now = self._clock.now()
        found = [
            event
            for code in dict.fromkeys(regions)
            for event in uow.events.upcoming(
                team_id, now=now, region=code, place_ids=None, offset=0, limit=1
            )
            if event.starts_at > now
        ]
        return min(found, key=lambda event: (event.starts_at, event.id), default=None)

    def _people_near(self, profile: Profile) -> tuple[tuple[PersonHit, ...], bool]:
        """Up to three people near the person sharing their topics (by their topics when they
        have any, else the nearest); only visible, active profiles, never the person."""
        topics = tuple(dict.fromkeys((*profile.can_help, *profile.want_to_learn)))[:10]
        result = self._directory.search(
            profile.team_id, SearchTarget(place_id=profile.place_id, topics=topics)
        )
        hits = tuple(
            hit
            for hit in result.hits
            if hit.profile.user_id != profile.user_id and hit.profile.visible
        )
        return hits[:MAX_PEOPLE], bool(topics)


def welcome_export(uow: UnitOfWork, team_id: str, user_id: str) -> dict[str, object] | None:
    """`/whoswho export`: the person's welcome record, if there is one."""
    record = uow.welcomes.get(team_id, user_id)
    if record is None:
        return None
    return {
        "channel": record.channel_id or None,
        "welcome_decided_at": record.welcomed_at.isoformat(),
        "welcome_sent_at": record.sent_at.isoformat() if record.sent_at else None,
        "do_not_welcome_me_again": record.declined,
        "declined_at": record.declined_at.isoformat() if record.declined_at else None,
    }
