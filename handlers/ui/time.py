"""When things happen, as Slack shows it: `<!date^…>` markup every reader sees in their own
time zone, with a plain fallback in the event's zone."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.events import valid_timezone
from bot.i18n import long_date, slack_speaks_it, t

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.events import Event


def event_zone(event: Event) -> ZoneInfo:
    return ZoneInfo(valid_timezone(event.details.timezone))


def plain_time(moment: datetime, zone: ZoneInfo, *, with_date: bool = True) -> str:
    local = moment.astimezone(zone)
    clock = t("event.time.clock", time=f"{local:%H:%M}", zone=local.tzname() or "")
    if not with_date:
        return clock
    return t(
        "event.time.fallback",
        date=long_date(local.date(), short=True),
        time=clock,
    )


def slack_time(moment: datetime, zone: ZoneInfo, *, with_date: bool = True) -> str:
    """`<!date^…>`: shown in each reader's zone; the fallback is in the event's."""
    tokens = t("event.time.slack_date_time") if with_date else t("event.time.slack_time")
    fallback = plain_time(moment, zone, with_date=with_date)
    if not slack_speaks_it():
        return fallback
    return f"<!date^{int(moment.timestamp())}^{tokens}|{fallback}>"


def time_span(starts: datetime, ends: datetime, zone: ZoneInfo, *, slack: bool) -> str:
    same_day = starts.astimezone(zone).date() == ends.astimezone(zone).date()
    show = slack_time if slack else plain_time
    return t(
        "event.time.range",
        start=show(starts, zone),
        end=show(ends, zone, with_date=not same_day),
    )


def when_text(event: Event) -> str:
    """When an event is, as mrkdwn every reader sees in their own time zone."""
    return time_span(event.starts_at, event.ends_at, event_zone(event), slack=True)


def when_plain(event: Event) -> str:
    """When an event is, in plain words in the event's own time zone (fallback text)."""
    return time_span(event.starts_at, event.ends_at, event_zone(event), slack=False)
