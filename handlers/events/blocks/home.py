"""Block Kit for the events part of the Home tab: what I am going to and what I organise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.events import RsvpStatus
from bot.i18n import N_, t
from handlers.events.blocks.pieces import (
    counts_text,
    details_button,
    manage_menu,
    title_text,
    where_text,
)
from handlers.ids import ActionId
from handlers.ui.common import Block, actions, button, context, divider, section
from handlers.ui.time import when_text

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.events import Event


MAX_HOME_EVENTS = 10  # each list on the Home tab, so the tab stays within 100 blocks
# Where I stand for an event I answered, under its line
STATUSES = {
    RsvpStatus.GOING: N_("event.home.status.going"),
    RsvpStatus.WAITLISTED: N_("event.home.status.waitlisted"),
    RsvpStatus.NOT_GOING: N_("event.home.status.not_going"),
}


# The Home tab's part -------------------------------------------------------------------------


def _home_line(event: Event, where: str, now: datetime) -> str:
    lines = [f"*{title_text(event)}*", when_text(event), where_text(event, where)]
    if event.cancelled:
        lines[0] += " · " + t("event.home.cancelled")
    elif event.ends_at <= now:
        lines[0] += " · " + t("event.home.ended")
    elif event.starts_at <= now:
        lines[0] += " · " + t("event.home.now")
    return "\n".join(lines)


def events_home_blocks(
    going: Sequence[tuple[Event, RsvpStatus, str]],
    organising: Sequence[tuple[Event, str]],
    *,
    now: datetime,
    can_organise: bool = True,
) -> list[Block]:
    """My upcoming events with my status, and (for organisers) the ones I run, with counts.

    At most MAX_HOME_EVENTS of each, then "and N more": at most 27 blocks in all.
    """
    blocks: list[Block] = [divider(), section("*" + t("event.home.going_heading") + "*")]
    if not going:
        blocks.append(context(t("event.home.going_none")))
    for event, status, where in going[:MAX_HOME_EVENTS]:
        mine = t(STATUSES[status])
        blocks.append(
            section(f"{_home_line(event, where, now)}\n{mine}", accessory=details_button(event))
        )
    if len(going) > MAX_HOME_EVENTS:
        blocks.append(context(t("event.home.more", count=len(going) - MAX_HOME_EVENTS)))
    if not can_organise:
        return blocks
    blocks.extend([divider(), section("*" + t("event.home.organising_heading") + "*")])
    if not organising:
        blocks.append(context(t("event.home.organising_none")))
    for event, where in organising[:MAX_HOME_EVENTS]:
        text = f"{_home_line(event, where, now)}\n{counts_text(event)}"
        live = not event.cancelled and event.starts_at > now
        blocks.append(section(text, accessory=manage_menu(event) if live else None))
    if len(organising) > MAX_HOME_EVENTS:
        blocks.append(context(t("event.home.more", count=len(organising) - MAX_HOME_EVENTS)))
    blocks.append(
        actions(button(t("event.buttons.new"), ActionId.EVENT_CREATE, "new", style="primary"))
    )
    return blocks
