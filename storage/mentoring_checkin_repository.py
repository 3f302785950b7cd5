"""Mentoring check-ins: what each member of a group was asked, round by round, and answered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from bot.domain.mentoring_programme import CheckIn, CheckInAnswer
from storage.models import MentoringCheckinRow, MentoringGroupRow
from storage.sql import SessionRepository

if TYPE_CHECKING:
    from datetime import datetime


def _checkin(row: MentoringCheckinRow) -> CheckIn:
    return CheckIn(
        group_id=row.group_id,
        user_id=row.user_id,
        round=row.round,
        asked_at=row.asked_at,
        answer=CheckInAnswer(row.answer) if row.answer else None,
        answered_at=row.answered_at,
    )


class SqlAlchemyMentoringCheckinRepository(SessionRepository):
    def add_checkin(self, team_id: str, checkin: CheckIn) -> None:
        self._session.add(
            MentoringCheckinRow(
                group_id=checkin.group_id,
                team_id=team_id,
                user_id=checkin.user_id,
                round=checkin.round,
                asked_at=checkin.asked_at,
            )
        )
        self._session.flush()

    def checkin(self, team_id: str, group_id: int, user_id: str, round_: int) -> CheckIn | None:
        row = self._session.scalars(
            select(MentoringCheckinRow).where(
                MentoringCheckinRow.team_id == team_id,
                MentoringCheckinRow.group_id == group_id,
                MentoringCheckinRow.user_id == user_id,
                MentoringCheckinRow.round == round_,
            )
        ).one_or_none()
        return _checkin(row) if row else None

    def answer_checkin(
        self,
        team_id: str,
        group_id: int,
        user_id: str,
        round_: int,
        answer: CheckInAnswer,
        *,
        now: datetime,
    ) -> bool:
        result = self._session.execute(
            update(MentoringCheckinRow)
            .where(
                MentoringCheckinRow.team_id == team_id,
                MentoringCheckinRow.group_id == group_id,
                MentoringCheckinRow.user_id == user_id,
                MentoringCheckinRow.round == round_,
            )
            .values(answer=answer.value, answered_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def round_asked_at(self, group_id: int, round_: int) -> datetime | None:
        """When a group's check-in round was asked (None if it never was)."""
        return self._session.scalar(
            select(func.min(MentoringCheckinRow.asked_at)).where(
                MentoringCheckinRow.group_id == group_id, MentoringCheckinRow.round == round_
            )
        )

    def recent_checkins(self, team_id: str, user_id: str, *, limit: int) -> list[CheckIn]:
        """The person's latest check-ins, newest first."""
        rows = self._session.scalars(
            select(MentoringCheckinRow)
            .where(MentoringCheckinRow.team_id == team_id, MentoringCheckinRow.user_id == user_id)
            .order_by(MentoringCheckinRow.asked_at.desc(), MentoringCheckinRow.id.desc())
            .limit(limit)
        )
        return [_checkin(row) for row in rows]

    def checkins_of_cycle(self, cycle_id: int) -> list[CheckIn]:
        rows = self._session.scalars(
            select(MentoringCheckinRow)
            .join(MentoringGroupRow, MentoringGroupRow.id == MentoringCheckinRow.group_id)
            .where(MentoringGroupRow.cycle_id == cycle_id)
            .order_by(MentoringCheckinRow.group_id, MentoringCheckinRow.round)
        )
        return [_checkin(row) for row in rows]
