"""Many workspaces: what happens to an installation once it is made, and the ports it needs.

The app installed through Slack's OAuth flow keeps each workspace's installation (its bot
token, encrypted) in the database. Pure, like the domain: no Slack library, no SQL.

- `InstallationRecords` is the port to where installations are kept (storage.installations);
  `WorkspaceRecords` the port to what is noted about each workspace (its organisation, when it
  uninstalled the app, the lease on a token's rotation).
- `BotCache` is each workspace's bot as this process holds it (handlers.slack.authorize reads
  it through a short cache and rotates its token against Slack when due).
- `Installations` is what the rest of the app asks: forget a workspace that uninstalled the app
  or revoked its tokens, rotate expiring tokens ahead of time, encrypt again with a new key.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, Self

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from types import TracebackType

    from bot.domain.ports import OutboxRepository
    from bot.secrets import TokenCipher

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0  # how long a replica trusts what it read: an uninstall elsewhere shows then
ROTATE_BEFORE = timedelta(minutes=120)  # rotate a token this long before it expires
ROTATION_LEASE = timedelta(seconds=30)
WAIT_FOR_ROTATION = 5.0  # seconds a replica waits for another's rotation of an expired token
WAIT_STEP = 0.1


class InstallationRecords(Protocol):
    """Installations, bots and pending install states of one Slack app, as plain values: a
    row is a dict of column values (times aware UTC, tokens in clear)."""

    client_id: str
    cipher: TokenCipher

    def save_installation(self, values: Mapping[str, Any]) -> None: ...

    def save_bot(self, values: Mapping[str, Any]) -> None: ...

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None: ...

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None: ...

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None
    ) -> dict[str, Any] | None: ...

    def find_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> dict[str, Any] | None: ...

    def issue_state(self, state: str, *, expire_at: datetime) -> None: ...

    def consume_state(self, state: str, *, now: datetime) -> bool: ...


class WorkspaceRecords(Protocol):
    """What is noted about each workspace the app serves (storage.workspace_repository)."""

    def remember(self, team_id: str, enterprise_id: str | None, *, now: datetime) -> None: ...

    def enterprise_of(self, team_id: str) -> tuple[bool, str | None]: ...

    def try_lock(self, key: str, holder: str, *, now: datetime, until: datetime) -> bool: ...

    def unlock(self, key: str, holder: str) -> None: ...

    def expiring_bots(
        self, client_id: str, *, before: datetime
    ) -> list[tuple[str | None, str | None, bool]]: ...

    def mark_uninstalled(self, team_id: str, *, now: datetime) -> None: ...

    def uninstalled_before(self, before: datetime) -> list[str]: ...

    def erase_workspace(self, team_id: str, *, uninstalled_before: datetime) -> dict[str, int]: ...

    def rewrite_tokens(self, rewrite: Callable[[str], str]) -> int: ...

    def teams_of(self, enterprise_id: str) -> list[str]: ...

    def purge_oauth_states(self, *, before: datetime) -> int: ...


class WorkspacesUnitOfWork(Protocol):
    @property
    def workspaces(self) -> WorkspaceRecords: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


class WorkspacesUnitOfWorkFactory(Protocol):
    def __call__(self) -> WorkspacesUnitOfWork: ...


class BotCache(Protocol):
    """Each workspace's bot as this process holds it."""

    def token_for(self, team_id: str) -> str | None: ...

    def remember(
        self, team_id: str | None, enterprise_id: str | None, *, wait: bool = False
    ) -> None: ...

    def forget(self, *, enterprise_id: str | None, team_id: str | None) -> None: ...

    def rotate_expiring(self) -> int: ...


class Installations:
    """What happens to a workspace's installation after it is made: the app uninstalled, its
    tokens revoked, tokens rotated ahead of time, the encryption key changed."""

    def __init__(
        self,
        records: InstallationRecords,
        bots: BotCache,
        uow: WorkspacesUnitOfWorkFactory,
    ) -> None:
        self._records = records
        self._bots = bots
        self._uow = uow
        self._on_forget: list[Callable[[str], None]] = []

    def on_forget(self, callback: Callable[[str], None]) -> None:
        """Call `callback(team_id)` when a workspace's installation goes (to drop caches)."""
        self._on_forget.append(callback)

    @property
    def bots(self) -> BotCache:
        return self._bots

    def uninstalled(self, *, enterprise_id: str | None, team_id: str | None) -> int:
        """The app was removed: its tokens are deleted at once and nothing more is sent there
        (scheduled messages are cancelled); how many scheduled messages were cancelled. The
        workspace's data stays for UNINSTALLED_RETENTION_DAYS, so that a reinstall carries on
        where it left off, and is then erased (`erase_departed`)."""
        self._records.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self._records.delete_installation(enterprise_id=enterprise_id, team_id=team_id)
        return self._stop_sending(enterprise_id=enterprise_id, team_id=team_id)

    def tokens_revoked(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        bot_revoked: bool,
        user_ids: list[str],
    ) -> int:
        """Slack revoked tokens: forget those; without a bot token nothing can be sent, so
        scheduled messages are cancelled too (how many is returned)."""
        for user_id in user_ids:
            self._records.delete_installation(
                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
            )
        if not bot_revoked:
            self._bots.forget(enterprise_id=enterprise_id, team_id=team_id)
            return 0
        self._records.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        return self._stop_sending(enterprise_id=enterprise_id, team_id=team_id)

    def _stop_sending(self, *, enterprise_id: str | None, team_id: str | None) -> int:
        now = datetime.now(UTC)
        cancelled = 0
        with self._uow() as uow:
            teams = [team_id] if team_id else uow.workspaces.teams_of(enterprise_id or "")
            for team in teams:
                cancelled += uow.outbox.cancel(team, key_prefix="", now=now)
                uow.workspaces.mark_uninstalled(team, now=now)
            uow.commit()
        self._bots.forget(enterprise_id=enterprise_id, team_id=team_id)
        for team in teams:
            for callback in self._on_forget:
                callback(team)
        log.info(
            "installation removed team_id=%s enterprise_id=%s scheduled_cancelled=%d",
            team_id,
            enterprise_id,
            cancelled,
        )
        return cancelled

    def rotate_expiring(self) -> int:
        return self._bots.rotate_expiring()

    def erase_departed(self, retention: timedelta) -> dict[str, int]:
        """Erase every row of each workspace that uninstalled the app more than `retention`
        ago and has not installed it again; rows erased, by table (for the log)."""
        cutoff = datetime.now(UTC) - retention
        with self._uow() as uow:
            teams = uow.workspaces.uninstalled_before(cutoff)
        totals: dict[str, int] = {}
        for team in teams:
            with self._uow() as uow:
                erased = uow.workspaces.erase_workspace(team, uninstalled_before=cutoff)
                uow.commit()
            for table, count in erased.items():
                totals[table] = totals.get(table, 0) + count
            if erased:
                log.info(
                    "workspace erased after its retention team_id=%s rows=%d",
                    team,
                    sum(erased.values()),
                )
        return totals

    def encrypt_again(self) -> int:
        """Encrypt every stored token again with the first key (key rotation); how many."""
        with self._uow() as uow:
            changed = uow.workspaces.rewrite_tokens(self._records.cipher.rotate)
            uow.commit()
        return changed

    def purge_states(self) -> int:
        with self._uow() as uow:
            purged = uow.workspaces.purge_oauth_states(before=datetime.now(UTC))
            uow.commit()
        return purged
