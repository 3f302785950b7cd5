"""Mentoring sign-ups, cycles, groups, members and check-ins: SQL in, domain dataclasses out.

The cycles (and the lock on matching that starts them) live here; sign-ups, groups and
check-ins are repositories of their own, and this one is all of them together, as the unit of
work's `mentoring`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.domain.mentoring_programme import Cycle
from storage.mentoring_checkin_repository import SqlAlchemyMentoringCheckinRepository
from storage.mentoring_group_repository import SqlAlchemyMentoringGroupRepository
from storage.mentoring_signup_repository import SqlAlchemyMentoringSignupRepository
from storage.models import (
    MentoringCheckinRow,
    MentoringCycleRow,
    MentoringGroupRow,
    MentoringMatchLockRow,
    MentoringMemberRow,
    MentoringSignupRow,
)

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.mentoring_programme import MentoringGroup


def _cycle(row: MentoringCycleRow) -> Cycle:
    return Cycle(
        id=row.id,
        team_id=row.team_id,
        number=row.number,
        started_at=row.started_at,
        ends_at=row.ends_at,
        closed_at=row.closed_at,
    )


class SqlAlchemyMentoringRepository(
    SqlAlchemyMentoringSignupRepository,
    SqlAlchemyMentoringGroupRepository,
    SqlAlchemyMentoringCheckinRepository,
):
    # The match lock -------------------------------------------------------------------------

    def try_lock(self, team_id: str, holder: str, *, now: datetime, until: datetime) -> bool:
        """Take the workspace's match lease if it is free or lapsed; True for the one caller
        that took it."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        self._session.execute(
            insert(MentoringMatchLockRow)
            .values(team_id=team_id, holder=None, expires_at=None)
            .on_conflict_do_nothing(index_elements=["team_id"])
        )
        taken = self._session.execute(
            update(MentoringMatchLockRow)
            .where(
                MentoringMatchLockRow.team_id == team_id,
                or_(
                    MentoringMatchLockRow.holder.is_(None),
                    MentoringMatchLockRow.expires_at <= now,
                ),
            )
            .values(holder=holder, expires_at=until)
        )
        return bool(taken.rowcount)  # type: ignore[attr-defined]

    def unlock(self, team_id: str, holder: str) -> None:
        self._session.execute(
            update(MentoringMatchLockRow)
            .where(MentoringMatchLockRow.team_id == team_id, MentoringMatchLockRow.holder == holder)
            .values(holder=None, expires_at=None)
        )

    # Cycles ---------------------------------------------------------------------------------

    def open_cycle(self, team_id: str) -> Cycle | None:
        row = self._session.scalars(
            select(MentoringCycleRow).where(
                MentoringCycleRow.team_id == team_id, MentoringCycleRow.closed_at.is_(None)
            )
        ).one_or_none()
        return _cycle(row) if row else None

    def add_cycle(self, team_id: str, *, now: datetime, ends_at: datetime) -> Cycle:
        last = self._session.scalar(
            select(func.max(MentoringCycleRow.number)).where(MentoringCycleRow.team_id == team_id)
        )
        row = MentoringCycleRow(
            team_id=team_id, number=(last or 0) + 1, started_at=now, ends_at=ends_at
        )
        self._session.add(row)
        self._session.flush()
        return _cycle(row)

    def close_cycle(self, cycle_id: int, *, now: datetime, by: str | None) -> bool:
        """True for the one caller that closed it."""
        result = self._session.execute(
            update(MentoringCycleRow)
            .where(MentoringCycleRow.id == cycle_id, MentoringCycleRow.closed_at.is_(None))
            .values(closed_at=now, closed_by=by)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            self._session.execute(
                update(MentoringGroupRow)
                .where(MentoringGroupRow.cycle_id == cycle_id)
                .values(next_checkin_at=None)
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def cycles(self, team_id: str, *, limit: int) -> list[Cycle]:
        rows = self._session.scalars(
            select(MentoringCycleRow)
            .where(MentoringCycleRow.team_id == team_id)
            .order_by(MentoringCycleRow.number.desc())
            .limit(limit)
        )
        return [_cycle(row) for row in rows]

    def ended_cycles(self, *, now: datetime, limit: int) -> list[Cycle]:
        """Open cycles of any workspace whose time is up."""
        rows = self._session.scalars(
            select(MentoringCycleRow)
            .where(MentoringCycleRow.closed_at.is_(None), MentoringCycleRow.ends_at <= now)
            .order_by(MentoringCycleRow.ends_at)
            .limit(limit)
        )
        return [_cycle(row) for row in rows]

    # A person's data ------------------------------------------------------------------------

    def memberships_of(self, team_id: str, user_id: str) -> list[tuple[Cycle, MentoringGroup]]:
        rows = self._session.execute(
            select(MentoringCycleRow, MentoringGroupRow)
            .join(MentoringGroupRow, MentoringGroupRow.cycle_id == MentoringCycleRow.id)
            .join(MentoringMemberRow, MentoringMemberRow.group_id == MentoringGroupRow.id)
            .where(MentoringMemberRow.team_id == team_id, MentoringMemberRow.user_id == user_id)
            .order_by(MentoringCycleRow.number)
        ).all()
        groups = self._with_members([group for _, group in rows])
        return [(_cycle(cycle), group) for (cycle, _), group in zip(rows, groups, strict=True)]

    def erase_person(self, team_id: str, user_id: str) -> int:
        """The sign-up, every group membership (so also the history of whom they met) and
        every check-in of the person, and their name on cycles they closed. Groups keep their
        counts (meetings, rounds) as anonymous totals. How many of the person's own rows were
        deleted (a cycle they closed is not theirs: /mentoring leave counts only these)."""
        erased = 0
        for table in (MentoringCheckinRow, MentoringMemberRow, MentoringSignupRow):
            result = self._session.execute(
                delete(table)
                .where(table.team_id == team_id, table.user_id == user_id)
                .execution_options(synchronize_session=False)
            )
            erased += int(result.rowcount)  # type: ignore[attr-defined]
        self._session.execute(
            update(MentoringCycleRow)
            .where(MentoringCycleRow.team_id == team_id, MentoringCycleRow.closed_by == user_id)
            .values(closed_by=None)
            .execution_options(synchronize_session=False)
        )
        return erased
