"""Events API deliveries already taken in: one row per event_id, written once by whichever
replica gets there first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.models import SlackDeliveryRow

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session


class SqlAlchemyDeliveryRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, event_id: str, team_id: str | None, *, now: datetime) -> bool:
        """Insert if absent, in one statement: True for the one caller that inserted it. Two
        replicas inserting the same event_id at once are ordered by its primary key (on
        PostgreSQL the second waits for the first's transaction, then inserts nothing)."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(SlackDeliveryRow)
            .values(event_id=event_id, team_id=team_id, received_at=now)
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(SlackDeliveryRow.event_id)
        )
        return self._session.execute(statement).first() is not None

    def purge(self, *, before: datetime) -> int:
        """Delete the deliveries received before `before`; how many."""
        result = self._session.execute(
            delete(SlackDeliveryRow)
            .where(SlackDeliveryRow.received_at < before)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
