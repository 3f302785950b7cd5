"""Time-based work: ticks that each make one service call; the database says what is due.

Every replica may run the same ticks: each piece of work is claimed in the database before it is
done, so nothing is done twice. A tick that fires late still runs (no misfire grace limit) and
missed runs are coalesced into one.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

if TYPE_CHECKING:
    from bot.domain.ports import Notifier
    from bot.services.container import Services

log = logging.getLogger(__name__)

NUDGE_JOB_ID = "directory.nudge_stale_profiles"
OUTBOX_JOB_ID = "outbox.drain_due"
OUTBOX_PURGE_JOB_ID = "outbox.purge_finished"
MENTORING_TICK_JOB_ID = "mentoring.tick"
MENTORING_MATCH_JOB_ID = "mentoring.scheduled_match"
MENTORING_EVERY = timedelta(minutes=5)
OUTBOX_EVERY = timedelta(seconds=5)
# Each drain keeps sending what falls due (retries, a rate limit lifting) until just before the
# next tick, so a queue held back by Slack's limits goes out at the pace Slack allows.
OUTBOX_KEEP_RUNNING = timedelta(seconds=4.8)


def nudge_stale_profiles(services: Services, notifier: Notifier) -> None:
    report = services.directory.nudge_stale_profiles(notifier)
    if report.nudged or report.hidden:
        log.info("profile check nudged=%d hidden=%d", report.nudged, report.hidden)


def drain_outbox(services: Services) -> None:
    services.outbox.drain_due(keep_running_for=OUTBOX_KEEP_RUNNING)


def purge_outbox(services: Services) -> None:
    purged = services.outbox.purge_finished()
    if purged:
        log.info("outbox purged %d finished messages", purged)


def mentoring_tick(services: Services) -> None:
    report = services.mentoring.tick()
    if report.cycles_closed or report.rounds_opened:
        log.info(
            "mentoring tick cycles_closed=%d rounds=%d asked=%d paused=%d",
            report.cycles_closed,
            report.rounds_opened,
            report.checkins_asked,
            report.paused_for_silence,
        )


def mentoring_match(services: Services) -> None:
    for outcome in services.mentoring.scheduled_match():
        log.info(
            "scheduled mentoring match team=%s groups=%d waiting=%d",
            outcome.team_id,
            len(outcome.groups),
            len(outcome.waiting),
        )


def build_scheduler(
    services: Services, notifier: Notifier, *, match_schedule: str = ""
) -> BackgroundScheduler:
    """The process's jobs. `match_schedule` (a crontab line, UTC) also runs mentoring matches."""
    scheduler = BackgroundScheduler(
        timezone="UTC",
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    scheduler.add_job(
        nudge_stale_profiles,
        IntervalTrigger(hours=1),
        args=(services, notifier),
        id=NUDGE_JOB_ID,
        replace_existing=True,
    )
    # Scheduled messages: a tick at start-up (nothing waits five seconds after a restart), then
    # every five seconds; never skipped for being late, late runs coalesced, one at a time.
    scheduler.add_job(
        drain_outbox,
        IntervalTrigger(seconds=OUTBOX_EVERY.total_seconds()),
        args=(services,),
        id=OUTBOX_JOB_ID,
        replace_existing=True,
        next_run_time=datetime.now(UTC),
        misfire_grace_time=None,
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        purge_outbox,
        IntervalTrigger(days=1),
        args=(services,),
        id=OUTBOX_PURGE_JOB_ID,
        replace_existing=True,
    )
    scheduler.add_job(
        mentoring_tick,
        IntervalTrigger(seconds=MENTORING_EVERY.total_seconds()),
        args=(services,),
        id=MENTORING_TICK_JOB_ID,
        replace_existing=True,
    )
    if match_schedule:
        scheduler.add_job(
            mentoring_match,
            CronTrigger.from_crontab(match_schedule, timezone="UTC"),
            args=(services,),
            id=MENTORING_MATCH_JOB_ID,
            replace_existing=True,
        )
    return scheduler
