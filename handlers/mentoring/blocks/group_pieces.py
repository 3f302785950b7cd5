"""Pieces every mentoring-group builder shares: mentions, dates, counts, topics, how a
group meets and why someone waits.

Everything people typed (job titles, organisations, topics, words after a command) is escaped;
the only live markup made here is a date (`<!date^…>`, shown in each reader's own words, with a
plain fallback in UK time) and mentions of people built from their Slack ids.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.mentoring_match import MeetingMode
from bot.domain.mentoring_programme import WaitingReason
from bot.i18n import N_, long_date, plural, slack_speaks_it, t
from handlers.mentoring.blocks.labels import GROUP_ROLES, WAITING_REASONS
from handlers.ui.common import clip, escape

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.services.mentoring.matching import Waiting

UK_TIME = ZoneInfo("Europe/London")
TOPIC_CHARS = 60  # of one topic as shown
TOPICS_SHOWN = 8  # topics in one list before "and N more"
_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")


# Pieces ----------------------------------------------------------------------------------------


def mention(user_id: str) -> str:
    """A mention built from a Slack id; anything that is not one is shown inert."""
    return f"<@{user_id}>" if _USER.match(user_id) else escape(user_id)


def mentions_text(user_ids: Sequence[str]) -> str:
    return ", ".join(mention(uid) for uid in user_ids)


def plain_date(moment: datetime) -> str:
    local = moment.astimezone(UK_TIME)
    return t("mentoring.groups.date.fallback", date=long_date(local.date(), short=True))


def slack_date(moment: datetime) -> str:
    """`<!date^…>`: each reader sees the date in their own words and zone."""
    if not slack_speaks_it():
        return plain_date(moment)
    tokens = t("mentoring.groups.date.tokens")
    return f"<!date^{int(moment.timestamp())}^{tokens}|{plain_date(moment)}>"


COUNTED = {
    "groups": N_("mentoring.groups.count.groups"),
    "people": N_("mentoring.groups.count.people"),
}


def count_text(noun: str, count: int) -> str:
    return plural(COUNTED[noun], count)


def topics_text(topics: Sequence[str], limit: int = TOPICS_SHOWN) -> str:
    """Typed topics, each clipped and escaped, at most `limit` of them."""
    shown = ", ".join(escape(clip(topic, TOPIC_CHARS)) for topic in topics[:limit])
    if len(topics) > limit:
        shown += " " + t("mentoring.groups.list_and_more", count=len(topics) - limit)
    return shown


def role_text(role: str) -> str:
    key = GROUP_ROLES.get(role)
    return t(key) if key is not None else escape(role)


def meeting_mode(mode: MeetingMode, region_name: str | None) -> str:
    """How a group meets, in words: "in person in Wales", "online"."""
    if mode is MeetingMode.ONLINE:
        return t("mentoring.groups.mode.online")
    if region_name:
        region = escape(region_name)
        if mode is MeetingMode.IN_PERSON:
            return t("mentoring.groups.mode.in_person_region", region=region)
        return t("mentoring.groups.mode.either_region", region=region)
    if mode is MeetingMode.IN_PERSON:
        return t("mentoring.groups.mode.in_person")
    return t("mentoring.groups.mode.either")


def waiting_reason(waiting: Waiting) -> str:
    if waiting.reason is WaitingReason.PAUSED and waiting.until is not None:
        return t("mentoring.waiting.reason.paused_until", date=plain_date(waiting.until))
    return t(WAITING_REASONS[waiting.reason])


def reason_counts(waiting: Sequence[Waiting]) -> list[str]:
    counts = Counter(w.reason for w in waiting)
    return [
        t(
            "mentoring.waiting.count_line",
            count=count,
            reason=t(WAITING_REASONS[reason]),
        )
        for reason in WaitingReason
        if (count := counts.get(reason, 0))
    ]


def section_text(lines: Sequence[str]) -> str:
    """Lines of one section (`section` clips it to Slack's limit without breaking markup)."""
    return "\n".join(line for line in lines if line)
