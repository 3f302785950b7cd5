"""Speed Connect: attendees of an event who opted in are put in pairs (a trio when odd) across
departments at the time the organiser chose, and each little group is introduced in a group DM
of its own with a suggested question.

Opting in is a flag on the person's RSVP (only someone going may set it; no longer going clears
it). The scheduler's tick runs each event whose time has come: it claims the event (one update
where it has not run, in the same transaction as everything it writes, so two replicas or two
ticks run it once), forms the groups with `bot.domain.speed_connect.form_speed_connect`
(avoiding anyone's earlier Speed Connect or mentoring partners where it can), records them, and
queues one introduction per group and a note to anyone not placed, in the outbox.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import NotAllowedError, NotFoundError
from bot.domain.events import RsvpStatus
from bot.domain.outbox import ScheduledMessage
from bot.domain.speed_connect import Attendee, form_speed_connect, suggested_question
from bot.i18n import N_
from bot.services import outbox

if TYPE_CHECKING:
    from datetime import datetime

    from bot.clock import Clock
    from bot.domain.events import Event
    from bot.domain.ports import UnitOfWorkFactory
    from bot.domain.ports_speed_connect import SpeedConnectGroup

__all__ = [
    "INTRODUCTION",
    "LATE_LIMIT",
    "WINDOW_AFTER_END",
    "JoinOutcome",
    "SpeedConnectIntro",
    "SpeedConnectReport",
    "SpeedConnectService",
]

log = logging.getLogger(__name__)

INTRODUCTION = "speed_connect.intro"
# The organiser may choose a time during the event or up to this long after it ends.
WINDOW_AFTER_END = timedelta(hours=2)
# A run this late (the scheduler was down) is no use any more: it is not done.
LATE_LIMIT = timedelta(hours=12)
# An introduction not sent by then is no use either.
INTRO_EXPIRES = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    event: Event
    joined: bool  # in Speed Connect now
    changed: bool


@dataclass(frozen=True, slots=True)
class SpeedConnectReport:
    events: int = 0
    groups: int = 0
    unplaced: int = 0


@dataclass(frozen=True, slots=True)
class SpeedConnectIntro:
    group: SpeedConnectGroup
    event: Event


class SpeedConnectService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    def join(self, team_id: str, event_id: int, user_id: str, *, on: bool) -> JoinOutcome:
        """Opt in (someone going, before it has run) or out."""
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
            if event is None:
                raise NotFoundError(N_("event.errors.gone"))
            if event.cancelled:
                raise NotAllowedError(N_("event.errors.cancelled"))
            if event.details.speed_connect_at is None:
                raise NotAllowedError(N_("speed_connect.errors.off"))
            if uow.speed_connect.has_run(event_id):
                raise NotAllowedError(N_("speed_connect.errors.done"))
            if on and uow.events.rsvp_status(event_id, user_id) is not RsvpStatus.GOING:
                raise NotAllowedError(N_("speed_connect.errors.not_going"))
            changed = uow.speed_connect.set_opt_in(event_id, user_id, on=on)
            uow.commit()
        return JoinOutcome(event, on, changed)

    def tick(self) -> SpeedConnectReport:
        """Run every Speed Connect whose time has come (and not gone long since)."""
        now = self._clock.now()
        with self._uow() as uow:
            due = uow.speed_connect.due(now=now, since=now - LATE_LIMIT)
        report = SpeedConnectReport()
        for team_id, event_id in due:
            done = self._run(team_id, event_id, now)
            if done is not None:
                report = SpeedConnectReport(
                    report.events + 1, report.groups + done.groups, report.unplaced + done.unplaced
                )
        return report

    def _run(self, team_id: str, event_id: int, now: datetime) -> SpeedConnectReport | None:
        with self._uow() as uow:
            if not uow.speed_connect.claim(event_id, now=now):
                return None  # another replica, or an earlier tick, ran it
            event = uow.events.get(team_id, event_id)
            if event is None or event.cancelled:
                uow.commit()
                return SpeedConnectReport(events=1)
            opted = uow.speed_connect.opted_in(event_id)
            attendees = []
            for user_id in opted:
                profile = uow.profiles.get(team_id, user_id)
                if profile is not None and not profile.active:
                    continue  # deactivated since: nobody to introduce, nobody to tell
                organisation = profile.organisation.casefold() if profile is not None else ""
                attendees.append(Attendee(user_id, organisation))
            past = uow.speed_connect.past_pairs(team_id, [a.user_id for a in attendees])
            seed = zlib.crc32(f"{team_id}:{event_id}".encode())
            result = form_speed_connect(attendees, past_pairs=past, seed=seed)
            for number, members in enumerate(result.groups, start=1):
                group = uow.speed_connect.add_group(
                    team_id,
                    event_id,
                    number,
                    members,
                    region_code=event.details.region_code,
                    question=suggested_question(event_id, number),
                    now=now,
                )
                outbox.schedule(
                    uow,
                    ScheduledMessage(
                        team_id=team_id,
                        kind=INTRODUCTION,
                        key=f"speedconnect:e{event_id}:g{number}:intro",
                        due_at=now,
                        payload={"group_id": group.id},
                        expires_at=now + INTRO_EXPIRES,
                    ),
                    now=now,
                )
            for unplaced in result.unplaced:
                outbox.schedule(
                    uow,
                    outbox.direct_message(
                        team_id,
                        unplaced.user_id,
                        f"speedconnect:e{event_id}:unplaced:{unplaced.user_id}",
                        text_key=unplaced.reason,
                        due_at=now,
                        expires_at=now + INTRO_EXPIRES,
                    ),
                    now=now,
                )
            uow.commit()
        log.info(
            "speed connect",
            extra={
                "team_id": team_id,
                "event_id": event_id,
                "groups": len(result.groups),
                "unplaced": len(result.unplaced),
            },
        )
        return SpeedConnectReport(1, len(result.groups), len(result.unplaced))

    def introduction(self, team_id: str, group_id: int) -> SpeedConnectIntro | None:
        """A group's introduction as it is now; None when there is nobody to introduce (the
        event was cancelled, or fewer than two of the group are still here)."""
        with self._uow() as uow:
            group = uow.speed_connect.group(team_id, group_id)
            if group is None:
                return None
            event = uow.events.get(team_id, group.event_id)
            if event is None or event.cancelled:
                return None
            active = tuple(
                uid
                for uid in group.member_ids
                if (p := uow.profiles.get(team_id, uid)) is None or p.active
            )
        if len(active) < 2:
            return None
        return SpeedConnectIntro(replace(group, member_ids=active), event)
