"""Workspaces the app serves: each one's Enterprise Grid organisation, and the lease on a
token's rotation (one replica at a time spends a single-use refresh token)."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.models import (
    Base,
    SlackBotRow,
    SlackInstallationRow,
    SlackOAuthStateRow,
    SlackTokenLockRow,
    SlackWorkspaceRow,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from sqlalchemy.orm import Session


# The token columns of the installation tables (kept encrypted by the installation store).
TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")


class SqlAlchemyWorkspaceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _insert(self) -> Any:
        dialect = self._session.get_bind().dialect.name
        return postgresql_insert if dialect == "postgresql" else sqlite_insert

    def remember(self, team_id: str, enterprise_id: str | None, *, now: datetime) -> None:
        """Record (or correct) the workspace's organisation."""
        statement = self._insert()(SlackWorkspaceRow).values(
            team_id=team_id, enterprise_id=enterprise_id, seen_at=now, uninstalled_at=None
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["team_id"],
                set_={"enterprise_id": enterprise_id, "seen_at": now, "uninstalled_at": None},
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

    def mark_uninstalled(self, team_id: str, *, now: datetime) -> None:
        """The app was uninstalled from the workspace: its data's retention starts now."""
        statement = self._insert()(SlackWorkspaceRow).values(
            team_id=team_id, enterprise_id=None, seen_at=now, uninstalled_at=now
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["team_id"], set_={"uninstalled_at": now}
            )
        )

    def uninstalled_before(self, before: datetime) -> list[str]:
        """Workspaces that removed the app before `before` and have not installed it again."""
        return list(
            self._session.scalars(
                select(SlackWorkspaceRow.team_id).where(
                    SlackWorkspaceRow.uninstalled_at.is_not(None),
                    SlackWorkspaceRow.uninstalled_at < before,
                )
            )
        )

    def erase_workspace(self, team_id: str, *, uninstalled_before: datetime) -> dict[str, int]:
        """Delete every row the workspace owns, in every table, if it is still uninstalled
        (since before `uninstalled_before`); rows by table. Rows without a workspace of their
        own (answers to an event, members' places...) go with their parent by cascade."""
        query = select(SlackWorkspaceRow).where(
            SlackWorkspaceRow.team_id == team_id,
            SlackWorkspaceRow.uninstalled_at.is_not(None),
            SlackWorkspaceRow.uninstalled_at < uninstalled_before,
        )
        if self._session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()  # a reinstall at this moment waits, then wins
        if self._session.scalars(query).first() is None:
            return {}
        erased: dict[str, int] = {}
        for table in reversed(Base.metadata.sorted_tables):
            if "team_id" not in table.c:
                continue
            result = self._session.execute(
                delete(table)
                .where(table.c.team_id == team_id)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                erased[table.name] = int(result.rowcount)  # type: ignore[attr-defined]
        return erased

    def erase_installer(self, team_id: str, user_id: str) -> int:
        """Take the person's id off the installations they made (/whoswho forget): in this
        workspace, or organisation-wide (no workspace of its own). The installation stays."""
        result = self._session.execute(
            update(SlackInstallationRow)
            .where(
                SlackInstallationRow.user_id == user_id,
                or_(
                    SlackInstallationRow.team_id == team_id,
                    SlackInstallationRow.team_id.is_(None),
                ),
            )
            .values(user_id="")
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def expiring_bots(
        self, client_id: str, *, before: datetime
    ) -> list[tuple[str | None, str | None, bool]]:
        """(enterprise_id, team_id, organisation-wide) of the bots whose token, renewable,
        expires before `before` (the installation store writes naive UTC times)."""
        rows = self._session.execute(
            select(
                SlackBotRow.enterprise_id, SlackBotRow.team_id, SlackBotRow.is_enterprise_install
            )
            .where(
                SlackBotRow.client_id == client_id,
                SlackBotRow.bot_refresh_token.is_not(None),
                SlackBotRow.bot_token_expires_at < before.astimezone(UTC).replace(tzinfo=None),
            )
            .distinct()
        )
        return [(enterprise, team, bool(org_wide)) for enterprise, team, org_wide in rows]

    def rewrite_tokens(self, rewrite: Callable[[str], str]) -> int:
        """Replace every stored token (as stored: encrypted) with `rewrite` of it, e.g. the
        same token encrypted with a new key; how many values were rewritten."""
        changed = 0
        for model in (SlackBotRow, SlackInstallationRow):
            columns = [getattr(model, name) for name in TOKEN_COLUMNS if hasattr(model, name)]
            for row in self._session.execute(select(model.id, *columns)):
                values = {
                    column.key: rewrite(value)
                    for column, value in zip(columns, row[1:], strict=True)
                    if value is not None
                }
                if values:
                    self._session.execute(
                        update(model)
                        .where(model.id == row[0])
                        .values(values)
                        .execution_options(synchronize_session=False)
                    )
                    changed += len(values)
        return changed

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
