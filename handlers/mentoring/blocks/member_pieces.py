"""Pieces the builders for members of mentoring groups share: mentions, dates in the
person's zone, what someone signed up for, their state and group, the Edit and Resume buttons.

Everything people typed (topics, hopes, a date they tried) is escaped; the only live markup
made here is a date (`<!date^…>`, shown in each reader's own time zone) and mentions of group
members built from their Slack ids.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.mentoring_match import SIZE_LIMIT_HIGH, SIZE_LIMIT_LOW
from bot.domain.mentoring_programme import MAX_HOPES, SignUp, SignUpChoices, WaitingReason
from bot.i18n import long_date, slack_speaks_it, t
from handlers.ids import ActionId
from handlers.mentoring.blocks.labels import FREQUENCIES, MODES, ROLES, WAITING_STATUS
from handlers.ui.common import button, clip, escape

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.mentoring_programme import MentoringGroup
    from bot.services.mentoring.signup import MyMentoring

DEFAULT_TIMEZONE = "Europe/London"
# Preferred group sizes people choose from: ranges within the matcher's bounds.
MAX_SHOWN_TOPICS = 10
HOPES_SHOWN = MAX_HOPES

_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")


# Markup we make ------------------------------------------------------------------------------


def mention(user_id: str) -> str:
    """A mention of a Slack id; anything that is not one is shown inert."""
    return f"<@{user_id}>" if _USER.match(user_id) else escape(user_id)


def _zone(timezone: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(timezone or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def plain_date(moment: datetime, timezone: str | None) -> str:
    """A day in plain words in the person's zone: "Sunday 31 January 2027"."""
    local = moment.astimezone(_zone(timezone))
    return t("mentoring.time.fallback", date=long_date(local.date()))


def slack_date(moment: datetime, timezone: str | None) -> str:
    """`<!date^…>`: the day in each reader's own zone; the fallback is in `timezone`."""
    if not slack_speaks_it():
        return plain_date(moment, timezone)
    tokens = t("mentoring.time.slack_date")
    return f"<!date^{int(moment.timestamp())}^{tokens}|{plain_date(moment, timezone)}>"


def _topics(topics: Sequence[str]) -> str:
    shown = [escape(topic) for topic in topics[:MAX_SHOWN_TOPICS]]
    return ", ".join(shown)


def size_label(low: int, high: int) -> str:
    if (low, high) == (SIZE_LIMIT_LOW, SIZE_LIMIT_HIGH):
        return t("mentoring.size.any", low=low, high=high)
    return t("mentoring.size.range", low=low, high=high)


def choices_text(choices: SignUpChoices) -> str:
    """What someone signed up for, as mrkdwn (typed text escaped)."""
    text = t(
        "mentoring.signup.summary",
        role=t(ROLES[choices.role]),
        topics=_topics(choices.topics),
        mode=t(MODES[choices.mode]),
        size=size_label(choices.size_min, choices.size_max),
        frequency=t(FREQUENCIES[choices.frequency]),
    )
    if choices.hopes:
        hopes = escape(clip(choices.hopes, HOPES_SHOWN))
        text += "\n" + t("mentoring.signup.summary_hopes", hopes=hopes)
    return text


def edit_button() -> dict[str, Any]:
    return button(t("mentoring.buttons.edit"), ActionId.MENTORING_SIGNUP_OPEN, "edit")


# Pausing, resuming, leaving ------------------------------------------------------------------


def resume_button() -> dict[str, Any]:
    return button(
        t("mentoring.buttons.resume"), ActionId.MENTORING_RESUME, "resume", style="primary"
    )


# Status --------------------------------------------------------------------------------------


def state_text(signup: SignUp, mine: MyMentoring, timezone: str | None) -> str:
    if mine.paused:
        if signup.paused_until is not None:
            until = slack_date(signup.paused_until, timezone)
            return t("mentoring.status.paused_until", date=until)
        return t("mentoring.status.paused_open")
    if mine.group is None:
        reason = signup.waiting_reason or WaitingReason.NEW
        return t(WAITING_STATUS[reason])
    return t("mentoring.status.signed_up")


def group_text(group: MentoringGroup) -> str:
    """My group's members as mentions, who facilitates next, and the topics they share."""
    lines = [t("mentoring.status.group", members=", ".join(mention(u) for u in group.member_ids))]
    facilitator = group.facilitator()
    if facilitator is not None:
        lines.append(t("mentoring.status.facilitator", person=mention(facilitator)))
    if group.shared_topics:
        lines.append(t("mentoring.status.topics", topics=_topics(group.shared_topics)))
    return "\n".join(lines)
