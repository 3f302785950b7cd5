"""Crontab lines in settings, checked with the scheduler's own parser, so that a schedule the
settings accept is one the scheduler runs (APScheduler counts weekdays from Monday = 0)."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

FIELDS = "should be a crontab line of five fields (minute hour day month weekday)"


def crontab_line(value: str, *, example: str, empty: str) -> str:
    """The line, stripped; empty stays empty. A wrong one raises ValueError saying what to
    write: `example` shows a right one, `empty` says what leaving it empty means."""
    value = value.strip()
    if not value:
        return value
    try:
        CronTrigger.from_crontab(value, timezone="UTC")
    except ValueError as error:
        raise ValueError(f"{FIELDS}, {example}, or empty {empty} ({error})") from None
    return value
