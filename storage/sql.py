"""What the repositories built on the unit of work's session share: the session itself, INSERT
... ON CONFLICT in the dialect at hand, and long IN (...) lists cut into chunks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

if TYPE_CHECKING:
    from collections.abc import Collection

    from sqlalchemy.orm import Session

    from storage.models import Base

IN_CHUNK = 500  # ids per IN (...) list: well inside both databases' limits on parameters

_Id = TypeVar("_Id", int, str)


def chunks(items: Collection[_Id]) -> list[list[_Id]]:
    """`items` in order, IN_CHUNK at a time."""
    ordered = sorted(items)
    return [ordered[i : i + IN_CHUNK] for i in range(0, len(ordered), IN_CHUNK)]


class SessionRepository:
    """A repository on the unit of work's session: it reads and writes, and never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _insert(self, table: type[Base]) -> Any:
        """INSERT with ON CONFLICT, in the dialect of the database at hand."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        return insert(table)

    def _inserted(self, statement: Any, column: Any) -> bool:
        """Run an INSERT ... ON CONFLICT DO NOTHING; whether it wrote its row. (psycopg gives
        no row count for an INSERT, so the row is asked back where the database can.)"""
        if self._session.get_bind().dialect.insert_returning:
            return self._session.execute(statement.returning(column)).first() is not None
        return bool(self._session.execute(statement).rowcount)  # type: ignore[attr-defined]
