"""Ending a mentoring cycle: thanks to each group, feedback on it, and everyone waits again."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.domain.errors import NotFoundError
from bot.domain.feedback import CYCLE_END
from bot.domain.mentoring_programme import (
    Cycle,
    WaitingReason,
)
from bot.domain.outbox import ScheduledMessage
from bot.i18n import N_
from bot.services import outbox
from bot.services.mentoring.base import MentoringBase
from bot.services.mentoring.messages import THANKS

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class CloseOutcome:
    cycle: Cycle
    groups: int
    people: int


class Cycles(MentoringBase):
    """Ending a cycle: by an organiser (`/mentoring close`), by the tick, or by a match."""

    def close(self, team_id: str, by: str) -> CloseOutcome:
        """`/mentoring close`: end the current cycle now."""
        self._require_organiser(team_id, by)
        now = self.now()
        with self._uow() as uow:
            cycle = uow.mentoring.open_cycle(team_id)
            if cycle is None:
                raise NotFoundError(N_("mentoring.errors.no_cycle"))
            outcome = self._close(uow, cycle, now=now, by=by)
            uow.commit()
        if outcome is None:
            raise NotFoundError(N_("mentoring.errors.no_cycle"))
        return outcome

    def _close(
        self, uow: UnitOfWork, cycle: Cycle, *, now: datetime, by: str | None
    ) -> CloseOutcome | None:
        if not uow.mentoring.close_cycle(cycle.id, now=now, by=by):
            return None
        groups = uow.mentoring.groups(cycle.id)
        for group in groups:
            outbox.cancel(uow, cycle.team_id, key_prefix=f"mentoring:g{group.id}:checkin:", now=now)
            if self._feedback is not None:  # how useful was the group, over the cycle?
                self._feedback.open_for_mentoring_group(
                    cycle.team_id, group.id, group.member_ids, occasion=CYCLE_END, uow=uow
                )
            outbox.schedule(
                uow,
                ScheduledMessage(
                    team_id=cycle.team_id,
                    kind=THANKS,
                    key=f"mentoring:g{group.id}:thanks",
                    due_at=now,
                    payload={"group_id": group.id},
                ),
                now=now,
            )
        # Everyone still signed up waits for the next match.
        uow.mentoring.set_waiting(
            cycle.team_id, {uid: WaitingReason.NEW for g in groups for uid in g.member_ids}
        )
        closed = replace(cycle, closed_at=now)
        return CloseOutcome(closed, len(groups), sum(len(g.members) for g in groups))
