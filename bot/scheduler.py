"""Time-based work: ticks that each make one service call; the database says what is due.

Every replica may run the same ticks: each piece of work is claimed in the database before it is
done, so nothing is done twice. A tick that fires late still runs (no misfire grace limit) and
missed runs are coalesced into one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

if TYPE_CHECKING:
    from bot.domain.ports import Notifier
    from bot.services.container import Services

log = logging.getLogger(__name__)

NUDGE_JOB_ID = "directory.nudge_stale_profiles"


def nudge_stale_profiles(services: Services, notifier: Notifier) -> None:
    report = services.directory.nudge_stale_profiles(notifier)
    if report.nudged or report.hidden:
        log.info("profile check nudged=%d hidden=%d", report.nudged, report.hidden)


def build_scheduler(services: Services, notifier: Notifier) -> BackgroundScheduler:
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
    return scheduler
