"""Mentoring sign-ups, cycles, groups, members and check-ins: SQL in, domain dataclasses out."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.domain.mentoring import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import (
    CheckIn,
    CheckInAnswer,
    Cycle,
    Frequency,
    GroupMember,
    MentoringGroup,
    SignUp,
    SignUpChoices,
    WaitingReason,
)
from storage.models import (
    MentoringCheckinRow,
    MentoringCycleRow,
    MentoringGroupRow,
    MentoringMatchLockRow,
    MentoringMemberRow,
    MentoringSignupRow,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence
    from datetime import datetime

    from sqlalchemy.orm import Session

IN_CHUNK = 500  # ids per IN (...) list: well inside both databases' limits on parameters


def _signup(row: MentoringSignupRow) -> SignUp:
    return SignUp(
        team_id=row.team_id,
        user_id=row.user_id,
        choices=SignUpChoices(
            role=MentoringRole(row.role),
            topics=tuple(row.topics or ()),
            mode=MeetingMode(row.mode),
            size_min=row.size_min,
            size_max=row.size_max,
            frequency=Frequency(row.frequency),
            hopes=row.hopes,
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
        paused_at=row.paused_at,
        paused_until=row.paused_until,
        waiting_reason=WaitingReason(row.waiting_reason) if row.waiting_reason else None,
    )


def _cycle(row: MentoringCycleRow) -> Cycle:
    return Cycle(
        id=row.id,
        team_id=row.team_id,
        number=row.number,
        started_at=row.started_at,
        ends_at=row.ends_at,
        closed_at=row.closed_at,
    )


def _checkin(row: MentoringCheckinRow) -> CheckIn:
    return CheckIn(
        group_id=row.group_id,
        user_id=row.user_id,
        round=row.round,
        asked_at=row.asked_at,
        answer=CheckInAnswer(row.answer) if row.answer else None,
        answered_at=row.answered_at,
    )


def _chunks(items: Collection[str]) -> list[list[str]]:
    ordered = sorted(items)
    return [ordered[i : i + IN_CHUNK] for i in range(0, len(ordered), IN_CHUNK)]


class SqlAlchemyMentoringRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # Sign-ups -------------------------------------------------------------------------------

    def get_signup(self, team_id: str, user_id: str) -> SignUp | None:
        row = self._session.scalars(
            select(MentoringSignupRow).where(
                MentoringSignupRow.team_id == team_id, MentoringSignupRow.user_id == user_id
            )
        ).one_or_none()
        return _signup(row) if row else None

    def save_signup(self, signup: SignUp) -> None:
        choices = signup.choices
        values: dict[str, Any] = {
            "team_id": signup.team_id,
            "user_id": signup.user_id,
            "role": choices.role.value,
            "topics": list(choices.topics),
            "mode": choices.mode.value,
            "size_min": choices.size_min,
            "size_max": choices.size_max,
            "frequency": choices.frequency.value,
            "hopes": choices.hopes,
            "paused_at": signup.paused_at,
            "paused_until": signup.paused_until,
            "waiting_reason": signup.waiting_reason.value if signup.waiting_reason else None,
            "created_at": signup.created_at,
            "updated_at": signup.updated_at,
        }
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(MentoringSignupRow).values(**values)
        changed = {k: v for k, v in values.items() if k not in {"team_id", "user_id", "created_at"}}
        self._session.execute(
            statement.on_conflict_do_update(index_elements=["team_id", "user_id"], set_=changed)
        )

    def signups(self, team_id: str) -> list[SignUp]:
        rows = self._session.scalars(
            select(MentoringSignupRow)
            .where(MentoringSignupRow.team_id == team_id)
            .order_by(MentoringSignupRow.created_at, MentoringSignupRow.id)
        )
        return [_signup(row) for row in rows]

    def set_waiting(self, team_id: str, reasons: dict[str, WaitingReason | None]) -> None:
        """Record why each person was left waiting by a match (None: they were placed)."""
        by_reason: defaultdict[WaitingReason | None, list[str]] = defaultdict(list)
        for user_id, reason in reasons.items():
            by_reason[reason].append(user_id)
        for reason, users in by_reason.items():
            for chunk in _chunks(users):
                self._session.execute(
                    update(MentoringSignupRow)
                    .where(
                        MentoringSignupRow.team_id == team_id,
                        MentoringSignupRow.user_id.in_(chunk),
                    )
                    .values(waiting_reason=reason.value if reason else None)
                )

    def teams(self) -> list[str]:
        """Workspaces where anyone is signed up."""
        return list(self._session.scalars(select(MentoringSignupRow.team_id).distinct()))

    def topics_in_use(self, team_id: str, *, except_user: str) -> set[str]:
        rows = self._session.scalars(
            select(MentoringSignupRow.topics).where(
                MentoringSignupRow.team_id == team_id, MentoringSignupRow.user_id != except_user
            )
        )
        return {topic for topics in rows for topic in topics or ()}

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

    # Groups ---------------------------------------------------------------------------------

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
        for chunk in _chunks(user_ids):
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

    # Check-ins ------------------------------------------------------------------------------

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
