"""How the events feature's scheduled messages become DMs when the outbox sends them.

Each is rendered at send time from the event as it is then: an edit made after a reminder was
scheduled shows in the reminder. A reminder for someone no longer going, or for an event that
was cancelled, renders as nothing (skipped); the service withdraws those when it decides, and
this is the second check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.calendar import location_words
from bot.domain.digest import DIGEST_KIND
from bot.domain.errors import NotFoundError
from bot.domain.events import Change, EventMode, RsvpStatus
from bot.services.digest import read_bounds
from bot.services.events import ANNOUNCE, ATTENDEES, CANCELLED, CHANGED, PROMOTED, REMINDER
from handlers.events.blocks.announcement import announcement_message
from handlers.events.blocks.attendees import after_event_message
from handlers.events.blocks.digest import digest_message
from handlers.events.blocks.direct import (
    cancelled_message,
    changed_message,
    promoted_message,
    reminder_message,
)
from handlers.slack.outbox_base import POST_MESSAGE, UnrenderableMessageError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from bot.domain.events import Event
    from bot.domain.outbox import JSON, OutboxMessage
    from bot.services.attendees import AttendeeService
    from bot.services.digest import DigestService
    from bot.services.events import EventService
    from handlers.slack.outbox_base import Renderers

    PlaceLabel = Callable[[int], str | None]


def _event_and_person(events: EventService, message: OutboxMessage) -> tuple[Event, str] | None:
    event_id, user = message.payload.get("event_id"), message.payload.get("user")
    if not isinstance(event_id, int) or not isinstance(user, str) or not user:
        raise UnrenderableMessageError("an event message needs an event id and a person")
    try:
        return events.get_event(message.team_id, event_id), user
    except NotFoundError:
        return None


def _value(field: str, value: JSON, place_label: PlaceLabel | None = None) -> str | None:
    """A change's value as it was or is, in the form `Change` holds (None: not known). The
    town is named now, in the reader's language, when the row says which it is."""
    if field == "where" and isinstance(value, dict):
        try:
            mode = EventMode(str(value.get("mode")))
        except ValueError:
            return None
        place_id = value.get("place_id")
        named = place_label(place_id) if place_label and isinstance(place_id, int) else None
        place = named or str(value.get("place") or "")
        return location_words(mode, str(value.get("venue") or ""), place)
    if field == "capacity":
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""
    return value if isinstance(value, str) else None


def read_changes(
    payload: Mapping[str, JSON], place_label: PlaceLabel | None = None
) -> list[Change]:
    """What an edit changed, as the outbox kept it: each field with its values as they were
    and as they are, put into words now (a row from an older release names the fields only);
    `place_label` names a town by its id in the language in force."""
    records = payload.get("changes")
    if isinstance(records, list):
        changes = []
        for record in records:
            if not isinstance(record, dict) or not isinstance(record.get("field"), str):
                continue
            field = str(record["field"])
            known = "before" in record and "after" in record
            changes.append(
                Change(
                    field,
                    _value(field, record.get("before"), place_label) if known else None,
                    _value(field, record.get("after"), place_label) if known else None,
                )
            )
        return changes
    fields = payload.get("fields")
    return [Change(str(name)) for name in fields] if isinstance(fields, list) else []


def register_event_renderers(
    renderers: Renderers, events: EventService, attendees: AttendeeService
) -> None:
    def reminder(message: OutboxMessage) -> dict[str, Any] | None:
        found = _event_and_person(events, message)
        if found is None:
            return None
        event, user = found
        if event.cancelled or events.rsvp_status(event, user) is not RsvpStatus.GOING:
            return None
        hours = message.payload.get("hours")
        payload = reminder_message(  # worded from the time left now, not when it was queued
            event,
            where=events.where_label(event),
            hours_before=hours if isinstance(hours, int) else 1,
            left=event.starts_at - events.now(),
        )
        return {"channel": user, **payload}

    def promoted(message: OutboxMessage) -> dict[str, Any] | None:
        found = _event_and_person(events, message)
        if found is None or found[0].cancelled:
            return None
        event, user = found
        return {"channel": user, **promoted_message(event, where=events.where_label(event))}

    def changed(message: OutboxMessage) -> dict[str, Any] | None:
        found = _event_and_person(events, message)
        if found is None or found[0].cancelled:
            return None
        event, user = found
        changes = read_changes(message.payload, events.place_label)
        where = events.where_label(event)
        return {"channel": user, **changed_message(event, where=where, changes=changes)}

    def announce(message: OutboxMessage) -> dict[str, Any] | None:
        """A post in a channel of the region an event moved to (none if it is no longer due
        there: cancelled, over, moved on, or announced there already)."""
        event_id, channel = message.payload.get("event_id"), message.payload.get("channel")
        if not isinstance(event_id, int) or not isinstance(channel, str) or not channel:
            raise UnrenderableMessageError("an announcement needs an event id and a channel")
        event = events.event_to_announce(message.team_id, event_id, channel)
        if event is None:
            return None
        return {"channel": channel, **announcement_message(event, where=events.where_label(event))}

    def announced(message: OutboxMessage, ref: str) -> None:
        """Remember the post, so that later answers and edits update it."""
        event_id = message.payload.get("event_id")
        channel, _, ts = ref.partition(":")
        if isinstance(event_id, int) and channel and ts:
            events.record_announcement(message.team_id, event_id, channel, ts)

    def cancelled(message: OutboxMessage) -> dict[str, Any] | None:
        found = _event_and_person(events, message)
        if found is None:
            return None
        event, user = found
        return {"channel": user, **cancelled_message(event)}

    def after_event(message: OutboxMessage) -> dict[str, Any] | None:
        """Who else went, read as it is now: nothing (skipped) when the event was cancelled,
        the person did not go in the end, or nobody else there shares their profile."""
        event_id, user = message.payload.get("event_id"), message.payload.get("user")
        if not isinstance(event_id, int) or not isinstance(user, str) or not user:
            raise UnrenderableMessageError("an event message needs an event id and a person")
        others = attendees.after_event(message.team_id, event_id, user)
        if others is None:
            return None
        return {"channel": user, **after_event_message(others)}

    renderers.register(REMINDER, POST_MESSAGE, reminder)
    renderers.register(ATTENDEES, POST_MESSAGE, after_event)
    renderers.register(PROMOTED, POST_MESSAGE, promoted)
    renderers.register(CHANGED, POST_MESSAGE, changed)
    renderers.register(CANCELLED, POST_MESSAGE, cancelled)
    renderers.register(ANNOUNCE, POST_MESSAGE, announce, delivered=announced)


def register_digest_renderer(renderers: Renderers, digests: DigestService) -> None:
    def digest(message: OutboxMessage) -> dict[str, Any] | None:
        """The channel's weekly digest, composed from the data as it is now: nobody erased,
        hidden or no longer willing to be announced is named, and a digest left with nothing
        new (or a channel no longer linked, or switched off) is not posted."""
        channel = message.payload.get("channel")
        bounds = read_bounds(message.payload.get("since"), message.payload.get("until"))
        if not isinstance(channel, str) or not channel or bounds is None:
            raise UnrenderableMessageError("a digest needs a channel and its week")
        found = digests.compose(message.team_id, channel, since=bounds[0], until=bounds[1])
        if found is None or not found.has_news:
            return None
        return {"channel": channel, **digest_message(found)}

    renderers.register(DIGEST_KIND, POST_MESSAGE, digest)
