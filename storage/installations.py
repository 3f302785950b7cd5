"""Slack installations (many workspaces), kept in the tables of migration 0008 with every token
encrypted on the way in and decrypted on the way out.

Plain SQL and row mapping only: rows go in and come out as dicts of column values (times as
aware UTC datetimes, tokens in clear). The Slack edge turns them into slack_sdk's models
(handlers.slack.installations); the queries are those of slack_sdk's SQLAlchemy installation
and OAuth state stores, so that what is stored is what Bolt's OAuth flow always stored.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData, and_, desc, select
from sqlalchemy.types import Text, TypeDecorator

from storage.models import SlackBotRow, SlackInstallationRow, SlackOAuthStateRow
from storage.workspace_repository import TOKEN_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy import Engine, Table
    from sqlalchemy.engine import Dialect

    from bot.secrets import TokenCipher

log = logging.getLogger(__name__)

_TIMES = ("installed_at", "bot_token_expires_at", "user_token_expires_at")


class EncryptedToken(TypeDecorator[str]):
    """A token column: encrypted text in the database, the token in Python."""

    impl = Text
    cache_ok = True

    def __init__(self, cipher: TokenCipher) -> None:
        super().__init__()
        self.cipher = cipher

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:  # noqa: ARG002
        return None if value is None else self.cipher.encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:  # noqa: ARG002
        return None if value is None else self.cipher.decrypt(value)


def _naive(values: Mapping[str, Any]) -> dict[str, Any]:
    """Times as the tables hold them: naive UTC (as slack_sdk's stores write them)."""
    written = dict(values)
    for name in _TIMES:
        value = written.get(name)
        if isinstance(value, datetime) and value.tzinfo is not None:
            written[name] = value.replace(tzinfo=None)
    return written


def _aware(row: Mapping[Any, Any]) -> dict[str, Any]:
    """The tables hold naive UTC times; read them back as UTC whatever the host's zone."""
    values = dict(row)
    for name in _TIMES:
        value = values.get(name)
        if isinstance(value, datetime) and value.tzinfo is None:
            values[name] = value.replace(tzinfo=UTC)
    return values


def _encrypted_copy(table: Table, metadata: MetaData, cipher: TokenCipher) -> Table:
    copy = table.to_metadata(metadata)
    for name in TOKEN_COLUMNS:
        if name in copy.c:
            copy.c[name].type = EncryptedToken(cipher)
    return copy


class SqlAlchemyInstallationRecords:
    """The installations, bots and pending install states of one Slack app (`client_id`)."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        self.client_id = client_id
        self.cipher = cipher
        self._engine = engine
        metadata = MetaData()
        self._bots = _encrypted_copy(SlackBotRow.__table__, metadata, cipher)  # type: ignore[arg-type]
        self._installations = _encrypted_copy(
            SlackInstallationRow.__table__,  # type: ignore[arg-type]
            metadata,
            cipher,
        )
        self._states = SlackOAuthStateRow.__table__.to_metadata(metadata)  # type: ignore[attr-defined]

    # Writing ----------------------------------------------------------------------------------

    def save_installation(self, values: Mapping[str, Any]) -> None:
        """Insert the installation, or update the one installed at the same moment."""
        self._upsert(self._installations, values)

    def save_bot(self, values: Mapping[str, Any]) -> None:
        """Insert the bot, or update the one installed at the same moment (a rotated token)."""
        self._upsert(self._bots, values)

    def _upsert(self, table: Table, values: Mapping[str, Any]) -> None:
        row = _naive(values)
        row["client_id"] = self.client_id
        c = table.c
        with self._engine.begin() as conn:
            found = conn.execute(
                select(c.id)
                .where(
                    and_(
                        c.client_id == self.client_id,
                        c.enterprise_id == row.get("enterprise_id"),
                        c.team_id == row.get("team_id"),
                        c.installed_at == row.get("installed_at"),
                    )
                )
                .limit(1)
            ).scalar()
            if found is None:
                conn.execute(table.insert(), row)
            else:
                conn.execute(table.update().where(c.id == found).values(**row), row)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        c = self._bots.c
        with self._engine.begin() as conn:
            conn.execute(
                self._bots.delete().where(
                    and_(
                        c.client_id == self.client_id,
                        c.enterprise_id == enterprise_id,
                        c.team_id == team_id,
                    )
                )
            )

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Delete the workspace's installations (only the person's, given `user_id`)."""
        c = self._installations.c
        where = and_(
            c.client_id == self.client_id,
            c.enterprise_id == enterprise_id,
            c.team_id == team_id,
        )
        if user_id is not None:
            where = and_(where, c.user_id == user_id)
        with self._engine.begin() as conn:
            conn.execute(self._installations.delete().where(where))

    # Reading ----------------------------------------------------------------------------------

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None) -> dict[str, Any] | None:
        """The newest bot with a token for this workspace (team_id None: the organisation's)."""
        c = self._bots.c
        query = (
            self._bots.select()
            .where(
                and_(
                    c.client_id == self.client_id,
                    c.enterprise_id == enterprise_id,
                    c.team_id == team_id,
                    c.bot_token.is_not(None),
                )
            )
            .order_by(desc(c.installed_at))
            .limit(1)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else _aware(row)

    def find_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> dict[str, Any] | None:
        """The newest installation for this workspace (and person, given `user_id`)."""
        c = self._installations.c
        where = and_(
            c.client_id == self.client_id,
            c.enterprise_id == enterprise_id,
            c.team_id == team_id,
        )
        if user_id is not None:
            where = and_(where, c.user_id == user_id)
        query = self._installations.select().where(where).order_by(desc(c.installed_at)).limit(1)
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else _aware(row)

    # Install states ---------------------------------------------------------------------------

    def issue_state(self, state: str, *, expire_at: datetime) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                self._states.insert(),
                {"state": state, "expire_at": expire_at.astimezone(UTC).replace(tzinfo=None)},
            )

    def consume_state(self, state: str, *, now: datetime) -> bool:
        """Delete the state if it was issued and has not expired; whether it had."""
        c = self._states.c
        with self._engine.begin() as conn:
            row = (
                conn.execute(
                    self._states.select().where(
                        and_(
                            c.state == state,
                            c.expire_at > now.astimezone(UTC).replace(tzinfo=None),
                        )
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                return False
            log.debug("consume's query result: %s", row)
            conn.execute(self._states.delete().where(c.id == row["id"]))
            return True
