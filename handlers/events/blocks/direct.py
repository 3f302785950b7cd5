"""Block Kit for the direct messages about an event: reminders, a place freed up, what changed,
a cancellation.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.i18n import N_, plural, t
from handlers.events.blocks.pieces import (
    calendar_button,
    details_button,
    facts_text,
    not_going_button,
    title_text,
    url_link,
    user_mention,
    where_text,
)
from handlers.ui.common import Block, actions, context, escape, message, section
from handlers.ui.time import event_zone, time_span, when_plain, when_text

if TYPE_CHECKING:
    from collections.abc import Sequence
    from zoneinfo import ZoneInfo

    from bot.domain.events import Change, Event


# Direct messages -------------------------------------------------------------------------------


def _starts_in(hours_before: int) -> str:
    if hours_before >= 24 and hours_before % 24 == 0:
        days = hours_before // 24
        return t("event.reminder.tomorrow") if days == 1 else plural("event.reminder.days", days)
    if hours_before <= 1:
        return t("event.reminder.hour")
    return plural("event.reminder.hours", hours_before)


def _starts_after(left: timedelta) -> str:
    """How soon, in words, from the time really left: "in 25 minutes", "in an hour",
    "in 19 hours", "tomorrow" (24 hours, give or take half an hour)."""
    minutes = max(0, round(left.total_seconds() / 60))
    if minutes <= 1:
        return t("event.reminder.minute")
    if minutes < 45:  # under three quarters of an hour: say the minutes
        return t("event.reminder.minutes", minutes=minutes)
    return _starts_in(max(1, round(minutes / 60)))


def reminder_message(
    event: Event, *, where: str, hours_before: int, left: timedelta | None = None
) -> dict[str, Any]:
    """A reminder; `left` (the time from sending to the start) words it, else `hours_before`."""
    starts = _starts_in(hours_before) if left is None else _starts_after(left)
    text = t("event.reminder.text", title=title_text(event), starts=starts)
    blocks: list[Block] = [
        section(text),
        section(facts_text(event, where, links=True)),
        actions(details_button(event), not_going_button(event)),
    ]
    fallback = t("event.reminder.fallback", title=title_text(event), when=when_plain(event))
    return message(fallback, blocks)


def promoted_message(event: Event, *, where: str) -> dict[str, Any]:
    text = t("event.promoted.text", title=title_text(event))
    blocks: list[Block] = [
        section(text),
        section(facts_text(event, where, links=True)),
        actions(calendar_button(event), not_going_button(event), details_button(event)),
    ]
    return message(text, blocks)


# An edit's line in the message to people going, by the field it changed (a description's
# change has a line of its own, with no values)
CHANGE_LINES = {
    "when": N_("event.changed.when"),
    "where": N_("event.changed.where"),
    "title": N_("event.changed.title"),
    "capacity": N_("event.changed.capacity"),
    "online": N_("event.changed.online"),
}


def _span_of(value: str | None, zone: ZoneInfo) -> str:
    """A "when" value ("start/end" in ISO form) as times each reader sees in their own zone,
    or "" if unknown or unreadable."""
    try:
        start, end = (datetime.fromisoformat(part) for part in (value or "").split("/"))
    except ValueError:
        return ""
    if start.tzinfo is None or end.tzinfo is None:
        return ""
    return time_span(start, end, zone, slack=True)


def _places_of(value: str) -> str:
    return escape(value) if value else t("event.changed.no_limit")


def _change_values(change: Change, event: Event, where: str) -> tuple[str, str] | None:
    """(as it is, as it was) in mrkdwn; "" for a value not known. What is not known of the
    new value is read from the event as it is now."""
    before, after = change.before, change.after
    if change.field == "when":
        zone = event_zone(event)
        return _span_of(after, zone) or when_text(event), _span_of(before, zone)
    if change.field == "where":
        now = escape(after) if after else where_text(event, where)
        return now, escape(before or "")
    if change.field == "title":
        return escape(after) if after else title_text(event), escape(before or "")
    if change.field == "capacity":
        capacity = event.details.capacity
        now = _places_of(after) if after is not None else _places_of(str(capacity or ""))
        return now, _places_of(before) if before is not None else ""
    if change.field == "online":
        return url_link(after) if after else url_link(event.details.join_url), url_link(
            before or ""
        )
    return None


def _change_line(change: Change, event: Event, where: str) -> str | None:
    if change.field == "description":
        return t("event.changed.description")
    values = _change_values(change, event, where)
    if values is None:
        return None
    now, was = values
    line = t(CHANGE_LINES[change.field], now=now)
    return line + (" " + t("event.changed.was", was=was) if was and was != now else "")


def changed_message(event: Event, *, where: str, changes: Sequence[Change]) -> dict[str, Any]:
    """To everyone going or waiting: what the organiser changed, and the event as it is now."""
    text = t("event.changed.text", title=title_text(event))
    lines = [line for change in changes if (line := _change_line(change, event, where))]
    blocks: list[Block] = [section(text)]
    if lines:
        blocks.append(section("\n".join(lines)))
    blocks.append(section(facts_text(event, where, links=True)))
    blocks.append(context(t("event.changed.calendar_hint")))
    blocks.append(actions(details_button(event), calendar_button(event), not_going_button(event)))
    return message(text, blocks)


def cancelled_message(event: Event) -> dict[str, Any]:
    if event.organiser_erased:
        text = t("event.cancelled.text_erased", title=title_text(event), when=when_text(event))
    else:
        text = t(
            "event.cancelled.text",
            title=title_text(event),
            when=when_text(event),
            organiser=user_mention(event.organiser_id),
        )
    fallback = t(
        "event.announce.cancelled_fallback", title=title_text(event), when=when_plain(event)
    )
    return message(fallback, [section(text), context(t("event.cancelled.hint"))])
