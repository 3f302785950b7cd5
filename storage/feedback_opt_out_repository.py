"""Feedback opt-outs: the people who said "don't ask me for feedback"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from storage.models import FeedbackOptOutRow
from storage.sql import IN_CHUNK, SessionRepository

if TYPE_CHECKING:
    from collections.abc import Collection
    from datetime import datetime


class SqlAlchemyFeedbackOptOutRepository(SessionRepository):
    def opt_out(self, team_id: str, user_id: str, *, now: datetime) -> bool:
        return self._inserted(
            self._insert(FeedbackOptOutRow)
            .values(team_id=team_id, user_id=user_id, created_at=now)
            .on_conflict_do_nothing(index_elements=["team_id", "user_id"]),
            FeedbackOptOutRow.user_id,
        )

    def opt_in(self, team_id: str, user_id: str) -> bool:
        result = self._session.execute(
            delete(FeedbackOptOutRow).where(
                FeedbackOptOutRow.team_id == team_id, FeedbackOptOutRow.user_id == user_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def opted_out(self, team_id: str, user_ids: Collection[str]) -> set[str]:
        found: set[str] = set()
        ordered = sorted(user_ids)
        for start in range(0, len(ordered), IN_CHUNK):
            found.update(
                self._session.scalars(
                    select(FeedbackOptOutRow.user_id).where(
                        FeedbackOptOutRow.team_id == team_id,
                        FeedbackOptOutRow.user_id.in_(ordered[start : start + IN_CHUNK]),
                    )
                )
            )
        return found
