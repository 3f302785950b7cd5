"""Events' messages through the outbox: reminders before the start, DMs to the people going
or waiting (promotions, changes, cancellations), and the posts that follow an event to another
region. Each is written in the transaction of the decision that causes it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.outbox import ScheduledMessage
from bot.services import outbox

if TYPE_CHECKING:
    from datetime import datetime

    from bot.clock import Clock
    from bot.domain.events import Change, Event, EventDetails
    from bot.domain.outbox import JSON
    from bot.domain.places import Gazetteer, Region
    from bot.domain.ports import UnitOfWork, UnitOfWorkFactory

# Outbox kinds this feature schedules; the Slack edge renders each.
REMINDER = "event.reminder"
PROMOTED = "event.promoted"
CHANGED = "event.changed"
CANCELLED = "event.cancelled"
# A post in a channel of the region an event moved to; payload {"event_id", "channel"}.
ANNOUNCE = "event.announce"
# After the event, to each person who went: the others there who share their profile;
# payload {"event_id", "user"}, one per person (its key), rendered when sent.
ATTENDEES = "event.attendees"
# Just after the feedback question (due when the event ends plus the feedback delay).
ATTENDEES_AFTER_QUESTION = timedelta(minutes=1)
# A late app still sends it within this long of its time; later, it would only puzzle.
ATTENDEES_STALE_AFTER = timedelta(days=3)


class EventMessages:
    """The outbox side of `EventService` (its base): what is scheduled, withdrawn and said."""

    _uow: UnitOfWorkFactory
    _places: Gazetteer
    _clock: Clock
    _reminders: tuple[timedelta, ...]
    _after_event: timedelta

    # Time-based messages (through the outbox) ----------------------------------------------

    def _reminder_key(self, event: Event, user_id: str) -> str:
        return f"event:{event.id}:reminder:{user_id}:"

    def _schedule_reminders(self, uow: UnitOfWork, event: Event, user_id: str) -> int:
        """One DM per configured offset before the start, worded when sent from the time then
        left; each stops being useful when the next one is due (and the last when the event
        starts), so a late app skips it. A reminder whose moment had already passed when this
        was decided (someone says Going 23 hours before: no 24-hour one) is not scheduled.
        With them, the one DM after the event (who else went). How many reminders were."""
        starts = event.starts_at
        stamp = int(starts.timestamp())
        offsets = self._reminders
        now = self._clock.now()
        reminders = []
        for index, offset in enumerate(offsets):
            due = starts - offset
            until = starts - offsets[index + 1] if index + 1 < len(offsets) else starts
            if until <= now or due < now:
                continue
            hours = int(offset.total_seconds() // 3600)
            key = f"{self._reminder_key(event, user_id)}{stamp}:{int(offset.total_seconds())}"
            reminders.append(
                ScheduledMessage(
                    team_id=event.team_id,
                    kind=REMINDER,
                    key=key,
                    due_at=due,
                    expires_at=until,
                    payload={"event_id": event.id, "user": user_id, "hours": hours},
                )
            )
        # After the event: who else went (one per person, whenever they said Going).
        due = event.ends_at + self._after_event + ATTENDEES_AFTER_QUESTION
        after = ScheduledMessage(
            team_id=event.team_id,
            kind=ATTENDEES,
            key=self._attendees_key(event, user_id),
            due_at=due,
            expires_at=due + ATTENDEES_STALE_AFTER,
            payload={"event_id": event.id, "user": user_id},
        )
        # One statement for them all: an RSVP holds the event's lock meanwhile.
        outbox.schedule_all(uow, [*reminders, after], now=now)
        return len(reminders)

    @staticmethod
    def _attendees_key(event: Event, user_id: str | None) -> str:
        return f"event:{event.id}:attendees:{user_id or ''}"

    def _cancel_reminders(self, uow: UnitOfWork, event: Event, user_id: str | None) -> None:
        """Withdraw the person's reminders and the DM after the event (everyone's: None)."""
        prefix = self._reminder_key(event, user_id) if user_id else f"event:{event.id}:reminder:"
        now = self._clock.now()
        outbox.cancel(uow, event.team_id, key_prefix=prefix, now=now)
        if user_id:
            outbox.cancel(uow, event.team_id, key=self._attendees_key(event, user_id), now=now)
        else:
            outbox.cancel(uow, event.team_id, key_prefix=self._attendees_key(event, None), now=now)

    def _dm(
        self,
        uow: UnitOfWork,
        event: Event,
        user_id: str,
        kind: str,
        *,
        now: datetime,
        extra: dict[str, JSON] | None = None,
    ) -> None:
        outbox.schedule(
            uow,
            ScheduledMessage(
                team_id=event.team_id,
                kind=kind,
                key=f"event:{event.id}:{kind}:{user_id}:{int(now.timestamp() * 1000)}",
                due_at=now,
                expires_at=event.ends_at,
                payload={"event_id": event.id, "user": user_id, **(extra or {})},
            ),
            now=now,
        )

    def _change_record(
        self, change: Change, before: EventDetails, after: EventDetails
    ) -> dict[str, JSON]:
        """A change as the outbox keeps it until the DM is sent: the values as they were and
        are, decided now, put into words when sent (where: the mode, venue and town)."""
        if change.field == "where":
            return {
                "field": change.field,
                "before": self._whereabouts(before),
                "after": self._whereabouts(after),
            }
        if change.field == "capacity":
            return {"field": change.field, "before": before.capacity, "after": after.capacity}
        return {"field": change.field, "before": change.before, "after": change.after}

    def _whereabouts(self, details: EventDetails) -> dict[str, JSON]:
        """The town by its id, named when the DM is sent in its reader's language (its label
        now, in the language of the organiser who made the change, is kept for a release that
        reads only that)."""
        place = self._places.get(details.place_id) if details.place_id is not None else None
        return {
            "mode": details.mode.value,
            "venue": details.venue,
            "place": self._places.label(place) if place else "",
            "place_id": place.id if place else None,
        }

    def place_label(self, place_id: int) -> str | None:
        """A town's label in the language in force; None for a town no longer known."""
        place = self._places.get(place_id)
        return self._places.label(place) if place else None

    # Moving to another region ---------------------------------------------------------------

    @staticmethod
    def _announce_key(event_id: int, channel_id: str) -> str:
        return f"event:{event_id}:announce:{channel_id}"

    @staticmethod
    def _announce_in(uow: UnitOfWork, team_id: str, details: EventDetails) -> tuple[str, ...]:
        """Where an event with these details belongs: its region's channels, then extra ones."""
        linked = uow.events.channels_for_region(team_id, details.region_code)
        return tuple(dict.fromkeys((*linked, *details.extra_channels)))

    def _move_announcements(
        self, uow: UnitOfWork, event: Event, before: EventDetails, *, now: datetime
    ) -> None:
        """The event moved to another region (in the caller's transaction): its posts in
        channels that no longer announce it say it moved, a post back where it belongs is
        current again, and each channel where it now belongs and was never announced gets one
        post (an outbox row per channel with a stable key: posted once, however often it
        moves back and forth)."""
        targets = self._announce_in(uow, event.team_id, event.details)
        for channel in self._announce_in(uow, event.team_id, before):
            if channel not in targets:  # not posted yet? then not at all
                outbox.cancel(
                    uow, event.team_id, key=self._announce_key(event.id, channel), now=now
                )
        posted = {item.channel_id for item in uow.events.announcements(event.id)}
        uow.events.set_announcements_moved(event.id, sorted(posted - set(targets)), moved=True)
        uow.events.set_announcements_moved(event.id, sorted(posted & set(targets)), moved=False)
        posts = [
            ScheduledMessage(
                team_id=event.team_id,
                kind=ANNOUNCE,
                key=self._announce_key(event.id, channel),
                due_at=now,
                expires_at=event.ends_at,
                payload={"event_id": event.id, "channel": channel},
            )
            for channel in targets
            if channel not in posted
        ]
        if posts:
            outbox.schedule_all(uow, posts, now=now)

    def event_to_announce(self, team_id: str, event_id: int, channel_id: str) -> Event | None:
        """The event, if it is still to be announced in the channel (an ANNOUNCE row as it is
        sent): not cancelled, not over, belonging there and not announced there already."""
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
            if event is None or event.cancelled or event.ends_at <= self._clock.now():
                return None
            if channel_id not in self._announce_in(uow, team_id, event.details):
                return None
            if any(item.channel_id == channel_id for item in uow.events.announcements(event_id)):
                return None
        return event

    def announced_in(self, event: Event) -> tuple[Region, tuple[str, ...]]:
        """The event's region and the channels that announce it there (for a post that
        announced it before it moved: where it is now)."""
        with self._uow() as uow:
            channels = self._announce_in(uow, event.team_id, event.details)
        return self._places.region(event.details.region_code), channels
