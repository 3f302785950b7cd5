"""Block Kit that tells the organiser: where an announcement went, channel links, help and
refusals.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.i18n import N_, t
from handlers.events.blocks.pieces import MAX_REPORT_LINES, channel_link, title_text
from handlers.ui.common import MAX_MESSAGE_BLOCKS, Block, context, escape, message, section

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from bot.domain.events import Event


MAX_LINKED_CHANNELS = 100  # channels named per region in /event channels
_ERROR_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
# Slack's reasons a channel refuses a post, in words an organiser can act on
POST_ERRORS = {
    "not_in_channel": N_("event.post_error.not_in_channel"),
    "channel_not_found": N_("event.post_error.channel_not_found"),
    "is_archived": N_("event.post_error.is_archived"),
    "restricted_action": N_("event.post_error.restricted_action"),
    "missing_scope": N_("event.post_error.missing_scope"),
    "msg_too_long": N_("event.post_error.msg_too_long"),
}


# Telling the organiser -------------------------------------------------------------------------


def _post_error(reason: str) -> str:
    """Why a channel refused: Slack's error code in words, or words the caller chose."""
    if not _ERROR_CODE.match(reason):
        return escape(reason)
    key = POST_ERRORS.get(reason)
    return t(key) if key is not None else t("event.post_error.other", reason=reason[:60])


def posting_report_message(
    event: Event,
    *,
    posted: Sequence[str],
    not_posted: Sequence[tuple[str, str]],
    region_name: str,
    region_has_channels: bool,
) -> dict[str, Any]:
    """Where the announcement went and where it did not.

    `not_posted` holds (channel, why): Slack's error code (`not_in_channel`) or words.
    """
    title = title_text(event)
    region = escape(region_name)
    blocks: list[Block] = []
    if posted:
        shown = ", ".join(channel_link(c) for c in posted[:MAX_REPORT_LINES])
        if len(posted) > MAX_REPORT_LINES:
            shown += " " + t("event.report.and_more", count=len(posted) - MAX_REPORT_LINES)
        text = t("event.report.posted", title=title, channels=shown)
    else:
        text = t("event.report.posted_nowhere", title=title)
    blocks.append(section(text))
    if not_posted:
        lines = [
            t("event.report.failed_line", channel=channel_link(channel), reason=_post_error(code))
            for channel, code in not_posted[:MAX_REPORT_LINES]
        ]
        if len(not_posted) > MAX_REPORT_LINES:
            lines.append(t("event.report.and_more", count=len(not_posted) - MAX_REPORT_LINES))
        blocks.append(section(t("event.report.failed") + "\n" + "\n".join(lines)))
    if not region_has_channels:
        command = f"/event link {escape(region_name)}"
        blocks.append(section(t("event.report.no_channel", region=region, command=command)))
    blocks.append(context(t("event.report.manage_hint")))
    return message(text, blocks)


def link_result_message(
    *,
    channel_id: str,
    region_name: str,
    added: bool,
    joined: bool,
    removed: bool = False,
    via: str | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """The answer to `/event link <region or place>` (`added`: a new link; `joined`: the app
    is in the channel; `via`: the town, area or postcode typed, whose region was linked) and
    to `/event unlink` (`removed`; `region_name` empty: nothing was)."""
    channel = channel_link(channel_id) if channel_id else t("event.link.this_channel")
    region = f"*{escape(region_name)}*"
    if removed:
        key = N_("event.link.unlinked") if region_name else N_("event.link.not_linked")
    else:
        key = N_("event.link.linked") if added else N_("event.link.already_linked")
    text = t(key, channel=channel, regions=region)
    if via and not removed:
        text = t("event.link.by_region", place=f"*{escape(via)}*", region=region) + " " + text
    if language and not removed:
        text += " " + t("event.link.language", language=language)
    blocks: list[Block] = [section(text)]
    if not removed and not joined:
        blocks.append(section(t("event.link.invite")))
    if removed and not region_name:
        blocks.append(context(t("event.link.examples")))
    return message(text, blocks)


def link_needs_channel_message() -> dict[str, Any]:
    """`/event link` run in a DM or group DM: links are for channels."""
    text = t("event.link.not_a_channel")
    return message(text, [section(text), context(t("event.link.examples"))])


def channel_links_message(
    links: Sequence[tuple[str, str]], languages: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """`/event channels`: each region (by name) with the channels that announce its events
    (`languages`: each channel's language in words, shown beside it)."""
    if not links:
        text = t("event.channels.none")
        return message(text, [section(text)])
    by_region: dict[str, list[str]] = {}
    for channel_id, region_name in links:
        by_region.setdefault(region_name, []).append(channel_id)
    heading = t("event.channels.heading")
    blocks: list[Block] = [section(f"*{heading}*")]
    room = MAX_MESSAGE_BLOCKS - 3
    for region_name, channels in list(by_region.items())[:room]:
        shown = ", ".join(
            t("event.channels.in_language", channel=channel_link(c), language=languages[c])
            if languages and c in languages
            else channel_link(c)
            for c in channels[:MAX_LINKED_CHANNELS]
        )
        if len(channels) > MAX_LINKED_CHANNELS:
            shown += " " + t("event.report.and_more", count=len(channels) - MAX_LINKED_CHANNELS)
        blocks.append(section(f"*{escape(region_name)}*: {shown}"))
    if len(by_region) > room:
        blocks.append(context(t("event.report.and_more", count=len(by_region) - room)))
    blocks.append(context(t("event.channels.hint")))
    return message(heading, blocks)


def event_help_message() -> dict[str, Any]:
    return message(t("event.help.fallback"), [section(t("event.help.text"))])


def not_allowed_message() -> dict[str, Any]:
    text = t("event.not_allowed")
    return message(text, [section(text), context(t("event.not_allowed_hint"))])
