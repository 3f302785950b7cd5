"""Block Kit for /event list: a page of upcoming events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import t
from handlers.events.blocks.pieces import (
    counts_text,
    details_button,
    going_button,
    title_text,
    where_text,
)
from handlers.ids import ActionId, indexed
from handlers.ui.common import Block, actions, button, context, divider, escape, message, section
from handlers.ui.time import when_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bot.domain.events import Event


MAX_LISTED_EVENTS = 12  # a page of /event list: 3 blocks each, within a message's 50


# Lists -----------------------------------------------------------------------------------------


def _summary(event: Event, where: str) -> str:
    lines = [
        f"*{title_text(event)}*",
        when_text(event),
        t("event.list.where_counts", where=where_text(event, where), counts=counts_text(event)),
    ]
    return "\n".join(lines)


def event_list_message(
    events: Sequence[tuple[Event, str]],
    *,
    heading: str,
    page: int,
    pages: int,
    page_value: Callable[[int], str],
    note: str | None = None,
) -> dict[str, Any]:
    """A page of upcoming events (each `(event, where)`); `heading` and `note` (a line
    under it: what the words typed might have meant) are plain text."""
    blocks: list[Block] = [section(f"*{escape(heading)}*")]
    if note:
        blocks.append(context(escape(note)))
    if not events:
        blocks.append(section(t("event.list.none")))
        blocks.append(context(t("event.list.none_hint")))
    for event, where in events[:MAX_LISTED_EVENTS]:
        blocks.append(divider())
        blocks.append(section(_summary(event, where)))
        buttons = [details_button(event)]
        if not event.cancelled:
            buttons.append(going_button(event, primary=False))
        blocks.append(actions(*buttons))
    hidden = len(events) - MAX_LISTED_EVENTS
    if hidden > 0:
        blocks.append(context(t("event.list.more", count=hidden)))
    if pages > 1:
        paging: list[dict[str, Any]] = []
        if page > 1:
            paging.append(
                button(
                    t("buttons.previous"),
                    indexed(ActionId.EVENT_LIST_PAGE, 0),
                    page_value(page - 1),
                )
            )
        if page < pages:
            paging.append(
                button(
                    t("buttons.next"), indexed(ActionId.EVENT_LIST_PAGE, 1), page_value(page + 1)
                )
            )
        blocks.append(context(t("paging.status", page=page, pages=pages)))
        if paging:
            blocks.append(actions(*paging))
    count = len(events)
    return message(t("event.list.fallback", heading=escape(heading), count=count), blocks)
