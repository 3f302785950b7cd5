"""Time-based work: ticks that each make one service call; the database says what is due.

Every replica may run the same ticks: each piece of work is claimed in the database before it is
done, so nothing is done twice. A tick that fires late still runs (no misfire grace limit) and
missed runs are coalesced into one.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.services.container import Services
    from bot.services.deliveries import DeliveryService
    from bot.services.feedback import FeedbackService
    from bot.workspaces import Installations

log = logging.getLogger(__name__)

NUDGE_JOB_ID = "directory.nudge_stale_profiles"
OUTBOX_JOB_ID = "outbox.drain_due"
OUTBOX_PURGE_JOB_ID = "outbox.purge_finished"
MENTORING_TICK_JOB_ID = "mentoring.tick"
MENTORING_MATCH_JOB_ID = "mentoring.scheduled_match"
SPEED_CONNECT_JOB_ID = "events.speed_connect"
SPEED_CONNECT_EVERY = timedelta(minutes=1)  # groups formed within a minute of the time chosen
DIGEST_JOB_ID = "events.weekly_digest"
FEEDBACK_TICK_JOB_ID = "feedback.tick"
DELIVERIES_PURGE_JOB_ID = "deliveries.purge"
TOKENS_JOB_ID = "workspaces.rotate_tokens"
TOKENS_EVERY = timedelta(minutes=10)
MENTORING_EVERY = timedelta(minutes=5)
FEEDBACK_EVERY = timedelta(minutes=1)
# The feedback tick queues each event's questions this far ahead of their time (the end, plus
# FEEDBACK_DELAY_MINUTES), so the outbox tick sends them then, not at the next feedback tick.
FEEDBACK_LOOKAHEAD = timedelta(minutes=5)
OUTBOX_EVERY = timedelta(seconds=5)
# Each drain keeps sending what falls due (retries, a rate limit lifting) until just before the
# next tick, so a queue held back by Slack's limits goes out at the pace Slack allows.
OUTBOX_KEEP_RUNNING = timedelta(seconds=4.8)
DELIVERIES_PURGE_EVERY = timedelta(hours=1)


class Heartbeat:
    """When the outbox tick last ran, for the health check: a scheduler that stopped (or a
    drain stuck for good, which holds every later tick back) shows as a heartbeat growing old.
    It starts at its creation, so a process that has not ticked yet is not stale at once."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._last = monotonic()
        self._ticks = 0

    def beat(self) -> None:
        with self._lock:
            self._last = self._monotonic()
            self._ticks += 1

    def age(self) -> float:
        """Seconds since the last beat (or since creation, before the first)."""
        with self._lock:
            return max(0.0, self._monotonic() - self._last)

    @property
    def ticks(self) -> int:
        with self._lock:
            return self._ticks


def nudge_stale_profiles(services: Services) -> None:
    report = services.directory.nudge_stale_profiles()
    if report.nudged or report.hidden:
        log.info("profile check nudged=%d hidden=%d", report.nudged, report.hidden)
    else:
        log.debug("profile check: nothing to do")


def drain_outbox(services: Services, heartbeat: Heartbeat | None = None) -> None:
    if heartbeat is not None:
        heartbeat.beat()
    try:
        report = services.outbox.drain_due(keep_running_for=OUTBOX_KEEP_RUNNING)
        if not report.busy:  # the usual tick: nothing due (a busy one is logged at INFO)
            log.debug("outbox tick: nothing due")
    finally:
        if heartbeat is not None:
            heartbeat.beat()


def purge_outbox(services: Services) -> None:
    purged = services.outbox.purge_finished()
    if purged:
        log.info("outbox purged %d finished messages", purged)


def purge_deliveries(deliveries: DeliveryService) -> None:
    purged = deliveries.purge()
    if purged:
        log.info("forgot %d Slack deliveries older than a day", purged)


def tend_installations(installations: Installations, retention: timedelta) -> None:
    """Rotate tokens that will expire soon, ahead of the requests that would need them; forget
    install links that expired unused; erase workspaces whose retention after uninstalling has
    passed."""
    rotated = installations.rotate_expiring()
    purged = installations.purge_states()
    erased = installations.erase_departed(retention)
    if rotated or purged or erased:
        log.info(
            "installations: tokens looked at=%d expired install states=%d rows erased=%d",
            rotated,
            purged,
            sum(erased.values()),
        )


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
    else:
        log.debug("mentoring tick: nothing to do")


def mentoring_match(services: Services) -> None:
    for outcome in services.mentoring.scheduled_match():
        log.info(
            "scheduled mentoring match team=%s groups=%d waiting=%d",
            outcome.team_id,
            len(outcome.groups),
            len(outcome.waiting),
        )


def speed_connect_tick(services: Services) -> None:
    report = services.speed_connect.tick()
    if report.events:
        log.info(
            "speed connect tick events=%d groups=%d unplaced=%d",
            report.events,
            report.groups,
            report.unplaced,
        )
    else:
        log.debug("speed connect tick: nothing to do")


def queue_digests(services: Services) -> None:
    services.digest.queue_due()  # logs what it queued


def next_run(crontab: str) -> Callable[[datetime], datetime | None] | None:
    """When a crontab line (UTC) next fires after a moment; None for an empty line."""
    if not crontab.strip():
        return None
    trigger = CronTrigger.from_crontab(crontab, timezone="UTC")

    def after(now: datetime) -> datetime | None:
        found = trigger.get_next_fire_time(None, now)
        return found.astimezone(UTC) if found is not None else None

    return after


def feedback_tick(feedback: FeedbackService) -> None:
    report = feedback.tick(lookahead=FEEDBACK_LOOKAHEAD)
    if report.rounds_opened or report.rounds_closed or report.comments_deleted:
        log.info(
            "feedback tick opened=%d asked=%d closed=%d summaries=%d comments_deleted=%d",
            report.rounds_opened,
            report.asked,
            report.rounds_closed,
            report.summaries,
            report.comments_deleted,
        )
    else:
        log.debug("feedback tick: nothing to do")


def build_scheduler(
    services: Services,
    *,
    match_schedule: str = "",
    digest_schedule: str = "",
    feedback: FeedbackService | None = None,
    heartbeat: Heartbeat | None = None,
    deliveries: DeliveryService | None = None,
    installations: Installations | None = None,
    uninstalled_retention: timedelta = timedelta(days=30),
) -> BackgroundScheduler:
    """The process's jobs. `match_schedule` (a crontab line, UTC) also runs mentoring matches;
    `digest_schedule` (a crontab line, UTC) queues each linked channel's weekly digest;
    `feedback` (the feedback service) asks for feedback and closes its windows; `heartbeat`
    records each outbox tick (the health check reads it); `deliveries` forgets the Slack
    deliveries it recorded once they are a day old; `installations` (many workspaces) has
    expiring tokens rotated ahead of time and erases workspaces `uninstalled_retention` after
    they removed the app."""
    scheduler = BackgroundScheduler(
        timezone="UTC",
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    scheduler.add_job(
        nudge_stale_profiles,
        IntervalTrigger(hours=1),
        args=(services,),
        id=NUDGE_JOB_ID,
        replace_existing=True,
    )
    # Scheduled messages: a tick at start-up (nothing waits five seconds after a restart), then
    # every five seconds; never skipped for being late, late runs coalesced, one at a time.
    scheduler.add_job(
        drain_outbox,
        IntervalTrigger(seconds=OUTBOX_EVERY.total_seconds()),
        args=(services, heartbeat),
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
    scheduler.add_job(
        speed_connect_tick,
        IntervalTrigger(seconds=SPEED_CONNECT_EVERY.total_seconds()),
        args=(services,),
        id=SPEED_CONNECT_JOB_ID,
        replace_existing=True,
    )
    if feedback is not None:
        scheduler.add_job(
            feedback_tick,
            IntervalTrigger(seconds=FEEDBACK_EVERY.total_seconds()),
            args=(feedback,),
            id=FEEDBACK_TICK_JOB_ID,
            replace_existing=True,
        )
    if deliveries is not None:
        scheduler.add_job(
            purge_deliveries,
            IntervalTrigger(seconds=DELIVERIES_PURGE_EVERY.total_seconds()),
            args=(deliveries,),
            id=DELIVERIES_PURGE_JOB_ID,
            replace_existing=True,
        )
    if installations is not None:
        scheduler.add_job(
            tend_installations,
            IntervalTrigger(seconds=TOKENS_EVERY.total_seconds()),
            args=(installations, uninstalled_retention),
            id=TOKENS_JOB_ID,
            replace_existing=True,
            next_run_time=datetime.now(UTC),
        )
    if digest_schedule:
        scheduler.add_job(
            queue_digests,
            CronTrigger.from_crontab(digest_schedule, timezone="UTC"),
            args=(services,),
            id=DIGEST_JOB_ID,
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
