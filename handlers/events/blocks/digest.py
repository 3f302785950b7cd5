"""Block Kit for the weekly regional digest, and the answers to `/event digest on|off`.

Only the people the digest names are mentioned (`<@U…>`), each because they agreed to be
announced; nothing else in it can ping anyone: every word people typed (job titles,
organisations, event titles) is escaped, and no `<!channel>`, `<!here>` or user group is
ever made. Each region's events reuse the event list's summary and buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.i18n import plural, t
from handlers.events.blocks.pieces import (
    counts_text,
    details_button,
    going_button,
    title_text,
    user_mention,
    where_text,
)
from handlers.ui.common import (
    MAX_MESSAGE_BLOCKS,
    Block,
    actions,
    clip,
    context,
    divider,
    escape,
    header,
    message,
    section,
)
from handlers.ui.time import slack_time, when_text

if TYPE_CHECKING:
    from bot.domain.digest import Digest, Newcomer, RegionDigest
    from bot.domain.events import Event

MAX_FIELD = 60  # characters of a job title or organisation shown beside a name
_TAIL = 3  # blocks kept free at the end: the mentoring line, a divider and the footer


def _event_summary(event: Event, where: str) -> str:
    """As `/event list` shows an event: its title, when, where and who's going."""
    return "\n".join(
        [
            f"*{title_text(event)}*",
            when_text(event),
            t("event.list.where_counts", where=where_text(event, where), counts=counts_text(event)),
        ]
    )


def _newcomer_line(person: Newcomer) -> str:
    job = ", ".join(
        escape(clip(part, MAX_FIELD)) for part in (person.job_title, person.organisation) if part
    )
    return t(
        "digest.newcomer",
        person=user_mention(person.user_id),
        job=job,
        place=escape(person.place),
    )


def _region_blocks(region: RegionDigest, room: int) -> list[Block]:
    """One region's part, in at most `room` blocks (events are dropped first, then counted)."""
    if region.people:
        count = plural("digest.people", region.people, region=escape(region.name))
    else:
        count = t("digest.people.none", region=escape(region.name))
    lines = [t("digest.region", region=escape(region.name)), count]
    if region.newcomers:
        lines.append(t("digest.newcomers"))
        lines += [_newcomer_line(person) for person in region.newcomers]
        if region.more_newcomers:
            lines.append(plural("digest.newcomers.more", region.more_newcomers))
    if room < 2:
        return []
    blocks: list[Block] = [divider(), section("\n".join(lines))]
    # What is left for the events: their heading, two blocks each, and the "more" line.
    budget = room - len(blocks) - 2
    listed: list[Block] = []
    for event, where in region.events:
        if len(listed) + 2 > budget:
            break
        listed.append(section(_event_summary(event, where)))
        listed.append(actions(details_button(event), going_button(event, primary=False)))
    if listed:
        blocks += [section(t("digest.events")), *listed]
    more = region.more_events + len(region.events) - len(listed) // 2
    if more and len(blocks) < room:
        blocks.append(context(plural("digest.events.more", more, region=escape(region.name))))
    return blocks


def digest_message(digest: Digest) -> dict[str, Any]:
    """The week's digest for one channel: each of its regions in turn, then mentoring."""
    names = ", ".join(region.name for region in digest.regions)
    blocks: list[Block] = [header(t("digest.header", regions=names))]
    for region in digest.regions:
        room = MAX_MESSAGE_BLOCKS - _TAIL - len(blocks)
        blocks += _region_blocks(region, room)
    if digest.next_match is not None:
        when = slack_time(digest.next_match, ZoneInfo("UTC"), with_date=True)
        blocks.append(divider())
        blocks.append(section(t("digest.mentoring", when=when)))
    blocks.append(context(t("digest.footer")))
    return message(t("digest.fallback", regions=escape(names)), blocks)


def digest_switch_message(*, on: bool, regions: list[str]) -> dict[str, Any]:
    """The answer to `/event digest on|off` in a linked channel."""
    if on:
        text = t("digest.switch.on", regions=escape(", ".join(regions)))
    else:
        text = t("digest.switch.off")
    return message(text, [section(text)])


def digest_usage_message() -> dict[str, Any]:
    text = t("digest.switch.usage")
    return message(text, [section(text)])
