"""Speed Connect: opting in (on the RSVP), the claim of an event's run, and the groups formed."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update

from bot.domain.events import EventStatus, RsvpStatus
from bot.domain.feedback import Gathering, SubjectKind
from bot.domain.ports_speed_connect import SpeedConnectGroup
from storage.models import (
    EventRow,
    MentoringMemberRow,
    RsvpRow,
    SpeedConnectGroupRow,
    SpeedConnectMemberRow,
)
from storage.sql import SessionRepository, chunks

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime


class SqlAlchemySpeedConnectRepository(SessionRepository):
    def set_opt_in(self, event_id: int, user_id: str, *, on: bool) -> bool:
        query = update(RsvpRow).where(
            RsvpRow.event_id == event_id,
            RsvpRow.user_id == user_id,
            RsvpRow.speed_connect.is_(not on),
        )
        if on:
            query = query.where(RsvpRow.status == RsvpStatus.GOING.value)
        result = self._session.execute(
            query.values(speed_connect=on).execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def is_opted_in(self, event_id: int, user_id: str) -> bool:
        return bool(
            self._session.scalar(
                select(RsvpRow.speed_connect).where(
                    RsvpRow.event_id == event_id,
                    RsvpRow.user_id == user_id,
                    RsvpRow.status == RsvpStatus.GOING.value,
                )
            )
        )

    def has_run(self, event_id: int) -> bool:
        ran = self._session.scalar(
            select(EventRow.speed_connect_ran_at).where(EventRow.id == event_id)
        )
        return ran is not None

    def due(self, *, now: datetime, since: datetime) -> list[tuple[str, int]]:
        rows = self._session.execute(
            select(EventRow.team_id, EventRow.id)
            .where(
                EventRow.speed_connect_at.is_not(None),
                EventRow.speed_connect_at <= now,
                EventRow.speed_connect_at > since,
                EventRow.speed_connect_ran_at.is_(None),
                EventRow.status == EventStatus.SCHEDULED.value,
            )
            .order_by(EventRow.speed_connect_at, EventRow.id)
        )
        return [(team_id, event_id) for team_id, event_id in rows]

    def claim(self, event_id: int, *, now: datetime) -> bool:
        result = self._session.execute(
            update(EventRow)
            .where(EventRow.id == event_id, EventRow.speed_connect_ran_at.is_(None))
            .values(speed_connect_ran_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def opted_in(self, event_id: int) -> list[str]:
        return list(
            self._session.scalars(
                select(RsvpRow.user_id)
                .where(
                    RsvpRow.event_id == event_id,
                    RsvpRow.status == RsvpStatus.GOING.value,
                    RsvpRow.speed_connect.is_(True),
                )
                .order_by(RsvpRow.queued_at, RsvpRow.id)
            )
        )

    def past_pairs(self, team_id: str, user_ids: Sequence[str]) -> frozenset[frozenset[str]]:
        pairs: set[frozenset[str]] = set()
        for member, group in (
            (SpeedConnectMemberRow, SpeedConnectMemberRow.group_id),
            (MentoringMemberRow, MentoringMemberRow.group_id),
        ):
            by_group: defaultdict[int, list[str]] = defaultdict(list)
            for chunk in chunks(user_ids):
                found = self._session.execute(
                    select(group, member.user_id).where(
                        member.team_id == team_id, member.user_id.in_(chunk)
                    )
                )
                for group_id, user_id in found:
                    by_group[group_id].append(user_id)
            for members in by_group.values():
                pairs.update(frozenset(p) for p in itertools.combinations(sorted(members), 2))
        return frozenset(pairs)

    def add_group(
        self,
        team_id: str,
        event_id: int,
        number: int,
        member_ids: Sequence[str],
        *,
        region_code: str,
        question: str,
        now: datetime,
    ) -> SpeedConnectGroup:
        row = SpeedConnectGroupRow(
            team_id=team_id,
            event_id=event_id,
            number=number,
            region_code=region_code,
            question=question,
            created_at=now,
        )
        self._session.add(row)
        self._session.flush()
        self._session.add_all(
            SpeedConnectMemberRow(group_id=row.id, team_id=team_id, user_id=user_id)
            for user_id in member_ids
        )
        self._session.flush()
        return SpeedConnectGroup(
            row.id, team_id, event_id, number, question, tuple(member_ids), now, region_code
        )

    def _with_members(self, rows: Iterable[SpeedConnectGroupRow]) -> list[SpeedConnectGroup]:
        rows = list(rows)
        members: defaultdict[int, list[str]] = defaultdict(list)
        for chunk in chunks([r.id for r in rows]):
            found = self._session.execute(
                select(SpeedConnectMemberRow.group_id, SpeedConnectMemberRow.user_id)
                .where(SpeedConnectMemberRow.group_id.in_(chunk))
                .order_by(SpeedConnectMemberRow.id)
            )
            for group_id, user_id in found:
                members[group_id].append(user_id)
        return [
            SpeedConnectGroup(
                r.id,
                r.team_id,
                r.event_id,
                r.number,
                r.question,
                tuple(members[r.id]),
                r.created_at,
                r.region_code,
            )
            for r in rows
        ]

    def group(self, team_id: str, group_id: int) -> SpeedConnectGroup | None:
        row = self._session.scalar(
            select(SpeedConnectGroupRow).where(
                SpeedConnectGroupRow.id == group_id, SpeedConnectGroupRow.team_id == team_id
            )
        )
        return self._with_members([row])[0] if row is not None else None

    def groups_of(self, team_id: str, user_id: str) -> list[SpeedConnectGroup]:
        theirs = select(SpeedConnectMemberRow.group_id).where(
            SpeedConnectMemberRow.team_id == team_id, SpeedConnectMemberRow.user_id == user_id
        )
        rows = self._session.scalars(
            select(SpeedConnectGroupRow)
            .where(SpeedConnectGroupRow.id.in_(theirs))
            .order_by(SpeedConnectGroupRow.created_at, SpeedConnectGroupRow.id)
        )
        return self._with_members(rows)

    def opted_in_events(self, team_id: str, user_id: str) -> list[int]:
        return list(
            self._session.scalars(
                select(RsvpRow.event_id)
                .join(EventRow, EventRow.id == RsvpRow.event_id)
                .where(
                    EventRow.team_id == team_id,
                    RsvpRow.user_id == user_id,
                    RsvpRow.speed_connect.is_(True),
                )
                .order_by(RsvpRow.event_id)
            )
        )

    def erase_person(self, team_id: str, user_id: str) -> int:
        result = self._session.execute(
            delete(SpeedConnectMemberRow)
            .where(
                SpeedConnectMemberRow.team_id == team_id,
                SpeedConnectMemberRow.user_id == user_id,
            )
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def report_groups(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[Gathering]:
        query = select(SpeedConnectGroupRow).where(
            SpeedConnectGroupRow.created_at >= start, SpeedConnectGroupRow.created_at < end
        )
        if team_id is not None:
            query = query.where(SpeedConnectGroupRow.team_id == team_id)
        rows = self._session.scalars(
            query.order_by(SpeedConnectGroupRow.created_at, SpeedConnectGroupRow.id)
        )
        return [
            Gathering(
                team_id=group.team_id,
                kind=SubjectKind.SPEED_CONNECT_GROUP,
                id=group.id,
                region_code=group.region_code or None,
                at=group.created_at,
                people=group.member_ids,
            )
            for group in self._with_members(rows)
        ]
