"""Mentoring sign-ups: each person's opt-in, their choices, and why a match left them waiting."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import Frequency, SignUp, SignUpChoices, WaitingReason
from storage.models import MentoringSignupRow
from storage.sql import SessionRepository, chunks


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


class SqlAlchemyMentoringSignupRepository(SessionRepository):
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
            for chunk in chunks(users):
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
