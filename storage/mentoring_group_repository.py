"""Mentoring groups: each cycle's groups and their members, the check-in rounds they are
asked, and the meetings they confirm."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update

from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import CheckInAnswer, GroupMember, MentoringGroup
from storage.models import MentoringCheckinRow, MentoringGroupRow, MentoringMemberRow
from storage.sql import IN_CHUNK, SessionRepository, chunks

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence
    from datetime import datetime


class SqlAlchemyMentoringGroupRepository(SessionRepository):
    def add_group(
        self,
        team_id: str,
        cycle_id: int,
        members: Sequence[GroupMember],
        *,
        shared_topics: Sequence[str],
        mode: MeetingMode,
        region_code: str | None,
        now: datetime,
        next_checkin_at: datetime | None,
    ) -> MentoringGroup:
        row = MentoringGroupRow(
            team_id=team_id,
            cycle_id=cycle_id,
            shared_topics=list(shared_topics),
            mode=mode.value,
            region_code=region_code,
            meetings=0,
            met_round=0,
            rounds=0,
            next_checkin_at=next_checkin_at,
            created_at=now,
        )
        self._session.add(row)
        self._session.flush()
        self._session.add_all(
            MentoringMemberRow(
                group_id=row.id,
                team_id=team_id,
                user_id=member.user_id,
                role=member.role.value,
                position=position,
            )
            for position, member in enumerate(members)
        )
        self._session.flush()
        return self._group(row, tuple(members))

    @staticmethod
    def _group(row: MentoringGroupRow, members: tuple[GroupMember, ...]) -> MentoringGroup:
        return MentoringGroup(
            id=row.id,
            team_id=row.team_id,
            cycle_id=row.cycle_id,
            members=members,
            shared_topics=tuple(row.shared_topics or ()),
            mode=MeetingMode(row.mode),
            region_code=row.region_code,
            created_at=row.created_at,
            meetings=row.meetings,
            rounds=row.rounds,
            next_checkin_at=row.next_checkin_at,
        )

    def _with_members(self, rows: Sequence[MentoringGroupRow]) -> list[MentoringGroup]:
        if not rows:
            return []
        members: defaultdict[int, list[GroupMember]] = defaultdict(list)
        ids = [row.id for row in rows]
        for start in range(0, len(ids), IN_CHUNK):
            found = self._session.execute(
                select(
                    MentoringMemberRow.group_id, MentoringMemberRow.user_id, MentoringMemberRow.role
                )
                .where(MentoringMemberRow.group_id.in_(ids[start : start + IN_CHUNK]))
                .order_by(MentoringMemberRow.group_id, MentoringMemberRow.position)
            )
            for group_id, user_id, role in found:
                members[group_id].append(GroupMember(user_id, MentoringRole(role)))
        return [self._group(row, tuple(members[row.id])) for row in rows]

    def group(self, team_id: str, group_id: int) -> MentoringGroup | None:
        row = self._session.scalars(
            select(MentoringGroupRow).where(
                MentoringGroupRow.team_id == team_id, MentoringGroupRow.id == group_id
            )
        ).one_or_none()
        return self._with_members([row])[0] if row else None

    def groups(self, cycle_id: int) -> list[MentoringGroup]:
        rows = self._session.scalars(
            select(MentoringGroupRow)
            .where(MentoringGroupRow.cycle_id == cycle_id)
            .order_by(MentoringGroupRow.id)
        ).all()
        return self._with_members(rows)

    def group_of(self, team_id: str, user_id: str, cycle_id: int) -> MentoringGroup | None:
        row = self._session.scalars(
            select(MentoringGroupRow)
            .join(MentoringMemberRow, MentoringMemberRow.group_id == MentoringGroupRow.id)
            .where(
                MentoringMemberRow.team_id == team_id,
                MentoringMemberRow.user_id == user_id,
                MentoringGroupRow.cycle_id == cycle_id,
            )
        ).first()
        return self._with_members([row])[0] if row else None

    def grouped_in(self, cycle_id: int) -> set[str]:
        return set(
            self._session.scalars(
                select(MentoringMemberRow.user_id)
                .join(MentoringGroupRow, MentoringGroupRow.id == MentoringMemberRow.group_id)
                .where(MentoringGroupRow.cycle_id == cycle_id)
            )
        )

    def past_pairs(self, team_id: str, user_ids: Collection[str]) -> frozenset[frozenset[str]]:
        """Every pair among `user_ids` who have been in a group together, in any cycle."""
        by_group: defaultdict[int, list[str]] = defaultdict(list)
        for chunk in chunks(user_ids):
            found = self._session.execute(
                select(MentoringMemberRow.group_id, MentoringMemberRow.user_id).where(
                    MentoringMemberRow.team_id == team_id, MentoringMemberRow.user_id.in_(chunk)
                )
            )
            for group_id, user_id in found:
                by_group[group_id].append(user_id)
        return frozenset(
            frozenset(pair)
            for members in by_group.values()
            for pair in itertools.combinations(sorted(members), 2)
        )

    def due_checkins(self, *, now: datetime, limit: int) -> list[MentoringGroup]:
        """Groups of open cycles, in any workspace, whose next check-in is due."""
        rows = self._session.scalars(
            select(MentoringGroupRow)
            .where(
                MentoringGroupRow.next_checkin_at.is_not(None),
                MentoringGroupRow.next_checkin_at <= now,
            )
            .order_by(MentoringGroupRow.next_checkin_at, MentoringGroupRow.id)
            .limit(limit)
        ).all()
        return self._with_members(rows)

    def open_round(self, group_id: int, *, round_: int, next_at: datetime | None) -> bool:
        """Move the group to check-in round `round_` (from the one before); True for the one
        caller that did, so that a round is asked once whichever replica gets there first."""
        result = self._session.execute(
            update(MentoringGroupRow)
            .where(MentoringGroupRow.id == group_id, MentoringGroupRow.rounds == round_ - 1)
            .values(rounds=round_, next_checkin_at=next_at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def lock_group(self, group_id: int) -> None:
        """Hold the group's row until the transaction ends, so that answers to its check-ins
        are counted one after another (PostgreSQL; SQLite writes take turns anyway)."""
        self._session.execute(
            select(MentoringGroupRow.id).where(MentoringGroupRow.id == group_id).with_for_update()
        )

    def met_in_round(self, group_id: int, round_: int, *, except_user: str) -> bool:
        """Whether anyone but `except_user` says the group met in this check-in round."""
        found = self._session.scalar(
            select(MentoringCheckinRow.id)
            .where(
                MentoringCheckinRow.group_id == group_id,
                MentoringCheckinRow.round == round_,
                MentoringCheckinRow.user_id != except_user,
                MentoringCheckinRow.answer == CheckInAnswer.MET.value,
            )
            .limit(1)
        )
        return found is not None

    def count_meeting(self, group_id: int, *, round_: int) -> bool:
        """The group met in this round: counted once, whoever says so first. (After an
        answer saying so is withdrawn, `uncount_meeting`, it may be counted again.)"""
        result = self._session.execute(
            update(MentoringGroupRow)
            .where(MentoringGroupRow.id == group_id, MentoringGroupRow.met_round != round_)
            .values(
                meetings=MentoringGroupRow.meetings + 1,
                met_round=func.max(MentoringGroupRow.met_round, round_)
                if self._session.get_bind().dialect.name == "sqlite"
                else func.greatest(MentoringGroupRow.met_round, round_),
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def uncount_meeting(self, group_id: int, *, round_: int) -> bool:
        """Nobody says the group met in this round any more: take its meeting off the count."""
        latest = self._session.scalar(
            select(func.max(MentoringCheckinRow.round)).where(
                MentoringCheckinRow.group_id == group_id,
                MentoringCheckinRow.round != round_,
                MentoringCheckinRow.answer == CheckInAnswer.MET.value,
            )
        )
        result = self._session.execute(
            update(MentoringGroupRow)
            .where(MentoringGroupRow.id == group_id, MentoringGroupRow.meetings > 0)
            .values(meetings=MentoringGroupRow.meetings - 1, met_round=latest or 0)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def remove_member(self, team_id: str, user_id: str, group_id: int) -> bool:
        result = self._session.execute(
            delete(MentoringMemberRow).where(
                MentoringMemberRow.team_id == team_id,
                MentoringMemberRow.user_id == user_id,
                MentoringMemberRow.group_id == group_id,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
