"""Workspaces the app serves: each one's Enterprise Grid organisation, and the lease on a
token's rotation (one replica at a time spends a single-use refresh token)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.models import SlackOAuthStateRow, SlackTokenLockRow, SlackWorkspaceRow

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session


class SqlAlchemyWorkspaceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _insert(self) -> Any:
        dialect = self._session.get_bind().dialect.name
        return postgresql_insert if dialect == "postgresql" else sqlite_insert

    def remember(self, team_id: str, enterprise_id: str | None, *, now: datetime) -> None:
        """Record (or correct) the workspace's organisation."""
        statement = self._insert()(SlackWorkspaceRow).values(
            team_id=team_id, enterprise_id=enterprise_id, seen_at=now
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["team_id"],
                set_={"enterprise_id": enterprise_id, "seen_at": now},
            )
        )

    def enterprise_of(self, team_id: str) -> tuple[bool, str | None]:
        """(known, enterprise_id): whether the workspace was seen, and its organisation."""
        row = self._session.get(SlackWorkspaceRow, team_id)
        return (row is not None, row.enterprise_id if row is not None else None)

    def try_lock(self, key: str, holder: str, *, now: datetime, until: datetime) -> bool:
        """Take the lease `key` if it is free or lapsed; True for the one caller that took it."""
        self._session.execute(
            self._insert()(SlackTokenLockRow)
            .values(key=key, holder=None, expires_at=None)
            .on_conflict_do_nothing(index_elements=["key"])
        )
        taken = self._session.execute(
            update(SlackTokenLockRow)
            .where(
                SlackTokenLockRow.key == key,
                or_(SlackTokenLockRow.holder.is_(None), SlackTokenLockRow.expires_at <= now),
            )
            .values(holder=holder, expires_at=until)
        )
        return bool(taken.rowcount)  # type: ignore[attr-defined]

    def unlock(self, key: str, holder: str) -> None:
        self._session.execute(
            update(SlackTokenLockRow)
            .where(SlackTokenLockRow.key == key, SlackTokenLockRow.holder == holder)
            .values(holder=None, expires_at=None)
        )

    def forget(self, team_id: str) -> None:
        """The app was uninstalled from the workspace."""
        row = self._session.get(SlackWorkspaceRow, team_id)
        if row is not None:
            self._session.delete(row)

    def teams_of(self, enterprise_id: str) -> list[str]:
        """The workspaces seen in an Enterprise Grid organisation."""
        return list(
            self._session.scalars(
                select(SlackWorkspaceRow.team_id).where(
                    SlackWorkspaceRow.enterprise_id == enterprise_id
                )
            )
        )

    def purge_oauth_states(self, *, before: datetime) -> int:
        """Delete install states that expired unused (their times are naive UTC)."""
        result = self._session.execute(
            delete(SlackOAuthStateRow)
            .where(SlackOAuthStateRow.expire_at < before.replace(tzinfo=None))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
