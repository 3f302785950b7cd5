"""Pieces the builders of what organisers see of feedback share: mentions, typed text, dates,
numbers, an event's title and the buttons' event value.

Everything people typed (event titles, comments, the words after the command) is escaped; the
only live markup made here is a date (`<!date^…>`, each reader's own words, with a plain ISO
fallback) and mentions of people built from their Slack ids.

Buttons that open a summary or export it carry the event id (`"42"`), read back strictly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError
from bot.i18n import N_, long_date, slack_speaks_it, t
from handlers.ids import ActionId
from handlers.ui.common import button, clip_markup, context, escape, message, section

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.events import Event


TITLE_CHARS = 200  # of an event's title, escaped, in a line
UK_TIME = ZoneInfo("Europe/London")
_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_EVENT_VALUE = re.compile(r"^[1-9]\d{0,9}$")


# Pieces ----------------------------------------------------------------------------------------


def mention(user_id: str) -> str:
    """A mention built from a Slack id; anything that is not one is shown inert."""
    return f"<@{user_id}>" if _USER.match(user_id) else escape(user_id)


def organised_by(event: Event) -> str:
    if event.organiser_erased:
        return t("feedback.summary.by_erased")
    return t("feedback.summary.by", organiser=mention(event.organiser_id))


def typed(text: str, limit: int) -> str:
    """Text a person typed, made inert and cut to `limit` without breaking an entity."""
    return clip_markup(escape(text), limit)


def slack_date(moment: datetime) -> str:
    """`<!date^…>`: each reader sees the day in their own words and zone."""
    if not slack_speaks_it():
        return long_date(moment.astimezone(UK_TIME).date(), short=True)
    fallback = moment.strftime("%Y-%m-%d")
    tokens = t("feedback.summary.date_tokens")
    return f"<!date^{int(moment.timestamp())}^{tokens}|{fallback}>"


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def event_value(event_id: int) -> str:
    return str(event_id)


def read_event_value(value: str | None) -> int:
    """A summary or export button's value back into the event id; a forged one reads as
    expired."""
    if value is None or not _EVENT_VALUE.match(value) or int(value) >= 2**31:
        raise DomainError(N_("errors.expired"))
    return int(value)


def title_text(event: Event) -> str:
    return typed(event.title, TITLE_CHARS)


def export_button(event: Event) -> dict[str, Any]:
    return button(
        t("feedback.summary.export_button"), ActionId.FEEDBACK_EXPORT, event_value(event.id)
    )


def text_message(text: str, *hints: str) -> dict[str, Any]:
    blocks = [section(text)]
    if hints:
        blocks.append(context(*hints))
    return message(text, blocks)
