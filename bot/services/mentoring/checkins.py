"""Check-ins: the tick opens the rounds that are due and ends cycles whose time is up; members
answer whether their group met.

A round is opened by one replica only (a compare-and-set on the group); three unanswered
check-ins in a row pause the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError, NotFoundError
from bot.domain.mentoring_programme import (
    MISSED_CHECKINS_BEFORE_PAUSE,
    CheckIn,
    CheckInAnswer,
    Cycle,
    MentoringGroup,
    missed_in_a_row,
    with_pause,
)
from bot.domain.outbox import ScheduledMessage
from bot.i18n import N_
from bot.services import outbox
from bot.services.mentoring.cycles import Cycles
from bot.services.mentoring.messages import CHECKIN

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.ports import UnitOfWork


TICK_BATCH = 200


@dataclass(frozen=True, slots=True)
class CheckInPrompt:
    group: MentoringGroup
    cycle: Cycle
    user_id: str
    round: int
    facilitator: str | None  # who facilitates the next session
    since: datetime  # what the question covers: since the introduction, or the round before


@dataclass(frozen=True, slots=True)
class CheckInAnswered:
    group: MentoringGroup
    answer: CheckInAnswer
    changed: bool  # False: the same answer was given before (a second click)
    facilitator: str | None


@dataclass(frozen=True, slots=True)
class TickReport:
    cycles_closed: int = 0
    rounds_opened: int = 0
    checkins_asked: int = 0
    paused_for_silence: int = 0


class CheckIns(Cycles):
    """The scheduler's tick (cycles that are over end, check-in rounds open) and the answers."""

    def tick(self, *, limit: int = TICK_BATCH) -> TickReport:
        """End cycles whose time is up and ask the check-ins that are due."""
        now = self.now()
        closed = 0
        with self._uow() as uow:
            for cycle in uow.mentoring.ended_cycles(now=now, limit=limit):
                if self._close(uow, cycle, now=now, by=None) is not None:
                    closed += 1
            uow.commit()
        rounds = asked = paused = 0
        with self._uow() as uow:
            for group in uow.mentoring.due_checkins(now=now, limit=limit):
                cycle_end = self._cycle_end(uow, group)
                round_ = group.rounds + 1
                following = (group.next_checkin_at or now) + self._checkin_every
                next_at = following if cycle_end and following < cycle_end else None
                if not uow.mentoring.open_round(group.id, round_=round_, next_at=next_at):
                    continue  # another replica opened it
                rounds += 1
                a, p = self._ask_round(uow, group, round_, now=now, expires=next_at or cycle_end)
                asked += a
                paused += p
            uow.commit()
        return TickReport(closed, rounds, asked, paused)

    def _ask_round(
        self,
        uow: UnitOfWork,
        group: MentoringGroup,
        round_: int,
        *,
        now: datetime,
        expires: datetime | None,
    ) -> tuple[int, int]:
        asked = paused = 0
        team_id = group.team_id
        for user_id in group.member_ids:
            signup = uow.mentoring.get_signup(team_id, user_id)
            profile = uow.profiles.get(team_id, user_id)
            if signup is None or signup.is_paused(now) or profile is None or not profile.active:
                continue
            recent = uow.mentoring.recent_checkins(
                team_id, user_id, limit=MISSED_CHECKINS_BEFORE_PAUSE
            )
            if missed_in_a_row(recent) >= MISSED_CHECKINS_BEFORE_PAUSE:
                uow.mentoring.save_signup(with_pause(signup, now=now, until=None))
                outbox.schedule(
                    uow,
                    outbox.direct_message(
                        team_id,
                        user_id,
                        f"mentoring:g{group.id}:silent:{user_id}",
                        text_key=N_("mentoring.checkin.paused_for_silence"),
                        due_at=now,
                    ),
                    now=now,
                )
                paused += 1
                continue
            uow.mentoring.add_checkin(team_id, CheckIn(group.id, user_id, round_, asked_at=now))
            outbox.schedule(
                uow,
                ScheduledMessage(
                    team_id=team_id,
                    kind=CHECKIN,
                    key=f"mentoring:g{group.id}:checkin:{round_}:{user_id}",
                    due_at=now,
                    payload={"group_id": group.id, "round": round_, "user": user_id},
                    expires_at=expires,
                ),
                now=now,
            )
            asked += 1
        return asked, paused

    def answer_checkin(
        self, team_id: str, user_id: str, group_id: int, round_: int, answer: CheckInAnswer
    ) -> CheckInAnswered:
        """One click on a check-in. A second click with the same answer changes nothing; a
        different one replaces it everywhere: a "we met" taken back takes the round's meeting
        off the count (unless another member says it met) and withdraws the question about
        that session still on its way; said again, it counts and asks once more. Clicks on
        someone else's check-in, or on a round of a cycle that has ended, are refused
        politely."""
        now = self.now()
        with self._uow() as uow:
            asked = uow.mentoring.checkin(team_id, group_id, user_id, round_)
            group = uow.mentoring.group(team_id, group_id)
            if asked is None or group is None or user_id not in group.member_ids:
                raise NotFoundError(N_("mentoring.errors.checkin_not_yours"))
            cycle_end = self._cycle_end(uow, group)
            if cycle_end is None:
                raise DomainError(N_("mentoring.errors.checkin_closed"))
            changed = asked.answer is not answer
            if changed:
                self._replace_answer(uow, team_id, user_id, asked, answer, now=now)
            uow.commit()
        with self._uow() as uow:
            fresh = uow.mentoring.group(team_id, group_id) or group
        return CheckInAnswered(fresh, answer, changed, fresh.facilitator())

    def _replace_answer(
        self,
        uow: UnitOfWork,
        team_id: str,
        user_id: str,
        asked: CheckIn,
        answer: CheckInAnswer,
        *,
        now: datetime,
    ) -> None:
        """Record a new answer to a check-in, and what follows from it having (not) met."""
        group_id, round_ = asked.group_id, asked.round
        uow.mentoring.lock_group(group_id)  # answers to one group are counted in turn
        uow.mentoring.answer_checkin(team_id, group_id, user_id, round_, answer, now=now)
        was_met = asked.answer is CheckInAnswer.MET
        met = answer is CheckInAnswer.MET
        if was_met == met:
            return
        others = uow.mentoring.met_in_round(group_id, round_, except_user=user_id)
        if met:
            if not others:
                uow.mentoring.count_meeting(group_id, round_=round_)
            if self._feedback is not None:  # how useful was the session they met for?
                self._feedback.open_for_mentoring_group(
                    team_id, group_id, [user_id], occasion=round_, uow=uow
                )
            return
        if not others:
            uow.mentoring.uncount_meeting(group_id, round_=round_)
        if self._feedback is not None:
            self._feedback.withdraw_for_mentoring_member(
                uow, team_id, group_id, user_id, occasion=round_
            )

    def checkin_prompt(
        self, team_id: str, group_id: int, round_: int, user_id: str
    ) -> CheckInPrompt | None:
        """None when the check-in should no longer be asked (answered, left, cycle over)."""
        now = self.now()
        with self._uow() as uow:
            asked = uow.mentoring.checkin(team_id, group_id, user_id, round_)
            group = uow.mentoring.group(team_id, group_id)
            signup = uow.mentoring.get_signup(team_id, user_id)
            if asked is None or group is None or asked.answer is not None or signup is None:
                return None
            if signup.is_paused(now) or user_id not in group.member_ids:
                return None
            cycle = uow.mentoring.open_cycle(team_id)
            before = uow.mentoring.round_asked_at(group_id, round_ - 1) if round_ > 1 else None
        if cycle is None or cycle.id != group.cycle_id:
            return None
        since = before or group.created_at
        return CheckInPrompt(group, cycle, user_id, round_, group.facilitator(), since)
