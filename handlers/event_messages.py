"""How the events feature's scheduled messages become DMs when the outbox sends them.

Each is rendered at send time from the event as it is then: an edit made after a reminder was
scheduled shows in the reminder. A reminder for someone no longer going, or for an event that
was cancelled, renders as nothing (skipped); the service withdraws those when it decides, and
this is the second check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.errors import NotFoundError
from bot.domain.events import Change, RsvpStatus
from bot.services.events import CANCELLED, CHANGED, PROMOTED, REMINDER
from handlers.blocks.events import (
    cancelled_message,
    changed_message,
    promoted_message,
    reminder_message,
)
from handlers.dispatch import POST_MESSAGE, UnrenderableMessageError

if TYPE_CHECKING:
    from bot.domain.events import Event
    from bot.domain.outbox import OutboxMessage
    from bot.services.events import EventService
    from handlers.dispatch import Renderers


def _event_and_person(events: EventService, message: OutboxMessage) -> tuple[Event, str] | None:
    event_id, user = message.payload.get("event_id"), message.payload.get("user")
    if not isinstance(event_id, int) or not isinstance(user, str) or not user:
        raise UnrenderableMessageError("an event message needs an event id and a person")
    try:
        return events.get_event(message.team_id, event_id), user
    except NotFoundError:
        return None


def register_event_renderers(renderers: Renderers, events: EventService) -> None:
    def reminder(message: OutboxMessage) -> dict[str, Any] | None:
        found = _event_and_person(events, message)
        if found is None:
            return None
        event, user = found
        if event.cancelled or events.rsvp_status(event, user) is not RsvpStatus.GOING:
            return None
        hours = message.payload.get("hours")
        payload = reminder_message(
            event,
            where=events.where_label(event),
            hours_before=hours if isinstance(hours, int) else 1,
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
        fields = message.payload.get("fields")
        changes = [Change(str(name), "", "") for name in fields] if isinstance(fields, list) else []
        where = events.where_label(event)
        return {"channel": user, **changed_message(event, where=where, changes=changes)}

    def cancelled(message: OutboxMessage) -> dict[str, Any] | None:
        found = _event_and_person(events, message)
        if found is None:
            return None
        event, user = found
        return {"channel": user, **cancelled_message(event)}

    renderers.register(REMINDER, POST_MESSAGE, reminder)
    renderers.register(PROMOTED, POST_MESSAGE, promoted)
    renderers.register(CHANGED, POST_MESSAGE, changed)
    renderers.register(CANCELLED, POST_MESSAGE, cancelled)
