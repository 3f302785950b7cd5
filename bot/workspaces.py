"""Many workspaces: installations through Slack's OAuth flow, kept in our database.

- `EncryptedInstallationStore` is slack_sdk's SQLAlchemy installation store over the tables of
  migration 0008, with every token encrypted on the way in and decrypted on the way out.
- `WorkspaceBots` finds a workspace's bot (for a request, or for work done later without one),
  keeps it for a minute so a busy workspace costs no query per request and no `auth.test` at
  all, and rotates an expiring token under a lease in the database, so that of several replicas
  one alone spends the single-use refresh token while the others keep using the current one.
- `WorkspaceAuthorize` is Bolt's `authorize` step over `WorkspaceBots`.
- `Installations` is what the rest of the app asks: forget a workspace that uninstalled the app
  or revoked its tokens, rotate expiring tokens ahead of time, encrypt again with a new key.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy.types import Text, TypeDecorator

from bot.secrets import UnreadableTokenError
from storage.workspace_repository import TOKEN_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from slack_bolt import BoltContext
    from slack_sdk.oauth.installation_store.models.bot import Bot
    from slack_sdk.oauth.installation_store.models.installation import Installation
    from slack_sdk.oauth.token_rotation import TokenRotator
    from sqlalchemy import Engine
    from sqlalchemy.engine import Dialect

    from bot.secrets import TokenCipher
    from storage.uow import SqlAlchemyUnitOfWorkFactory

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0  # how long a replica trusts what it read: an uninstall elsewhere shows then
ROTATE_BEFORE = timedelta(minutes=120)  # rotate a token this long before it expires
ROTATION_LEASE = timedelta(seconds=30)
WAIT_FOR_ROTATION = 5.0  # seconds a replica waits for another's rotation of an expired token
WAIT_STEP = 0.1


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


def _aware(row: Mapping[str, Any]) -> dict[str, Any]:
    """The store writes naive UTC times; read them back as UTC whatever the host's zone."""
    values = dict(row)
    for name in ("bot_token_expires_at", "user_token_expires_at", "installed_at"):
        value = values.get(name)
        if isinstance(value, datetime) and value.tzinfo is None:
            values[name] = value.replace(tzinfo=UTC)
    return values


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy installation store, tokens encrypted at rest."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        super().__init__(client_id=client_id, engine=engine, logger=log)
        self.cipher = cipher
        for table in (self.bots, self.installations):
            for name in TOKEN_COLUMNS:
                if name in table.c:
                    table.c[name].type = EncryptedToken(cipher)

    @classmethod
    def build_bot_entity(cls, row: Any) -> Bot:
        return super().build_bot_entity(_aware(row))

    @classmethod
    def build_installation_entity(cls, row: Any) -> Installation:
        return super().build_installation_entity(_aware(row))

    def find_bot_for(self, *, enterprise_id: str | None, team_id: str) -> Bot | None:
        """The workspace's bot: its own installation, or its organisation's (an Enterprise
        Grid organisation-wide install)."""
        bot = self.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None and enterprise_id is not None:
            bot = self.find_bot(
                enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True
            )
        return bot


@dataclass(frozen=True, slots=True)
class _Cached:
    bot: Bot | None
    at: float


class WorkspaceBots:
    """Each workspace's bot, read through a short cache, its token rotated when due."""

    def __init__(
        self,
        store: EncryptedInstallationStore,
        uow: SqlAlchemyUnitOfWorkFactory,
        rotator: TokenRotator | None,
        *,
        worker: str,
        cache_seconds: float = CACHE_SECONDS,
        rotate_before: timedelta = ROTATE_BEFORE,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._uow = uow
        self._rotator = rotator
        self._worker = worker
        self._ttl = cache_seconds
        self._rotate_before = rotate_before
        self._monotonic = monotonic
        self._wall = wall
        self._cache: dict[tuple[str | None, str | None], _Cached] = {}
        self._remembered: set[tuple[str, str | None]] = set()
        # team_id -> its organisation (or None), as last read or noted: scheduled messages
        # find a workspace's token without a query per message.
        self._organisations: dict[str, str | None] = {}
        self._refreshing: set[tuple[str | None, str | None]] = set()
        self._lock = threading.Lock()
        # Reads after the answer (a stale cache entry) and notes that can wait (remember).
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workspaces")

    # Reading -------------------------------------------------------------------------------

    def bot(
        self, *, enterprise_id: str | None, team_id: str | None, org_wide: bool = False
    ) -> Bot | None:
        """The bot that speaks for this workspace (or organisation), or None. A bot read more
        than a minute ago is still answered at once (so a slow database never delays an ack)
        while it is read again in the background; a token due for rotation is never."""
        key = (enterprise_id, None if org_wide else team_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached.bot is not None and not self._due(cached.bot):
            if self._monotonic() - cached.at >= self._ttl:
                self._refresh_later(key, enterprise_id, team_id, org_wide=org_wide)
            return cached.bot
        if cached is not None and cached.bot is None and self._monotonic() - cached.at < self._ttl:
            return None
        return self._load(key, enterprise_id, team_id, org_wide=org_wide)

    def _load(
        self,
        key: tuple[str | None, str | None],
        enterprise_id: str | None,
        team_id: str | None,
        *,
        org_wide: bool,
    ) -> Bot | None:
        now = self._monotonic()
        try:
            if org_wide or team_id is None:
                bot = self._store.find_bot(
                    enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True
                )
            else:
                bot = self._store.find_bot_for(enterprise_id=enterprise_id, team_id=team_id)
        except UnreadableTokenError:
            log.error(
                "cannot read a workspace's token team_id=%s: SLACK_TOKEN_ENCRYPTION_KEYS lacks "
                "the key it was stored with",
                team_id,
            )
            bot = None
        if bot is not None and self._due(bot):
            bot = self._rotate(bot)
        with self._lock:
            self._cache[key] = _Cached(bot, now)
            self._refreshing.discard(key)
        return bot

    def _refresh_later(
        self,
        key: tuple[str | None, str | None],
        enterprise_id: str | None,
        team_id: str | None,
        *,
        org_wide: bool,
    ) -> None:
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def refresh() -> None:
            try:
                self._load(key, enterprise_id, team_id, org_wide=org_wide)
            except Exception:
                log.warning("could not read a workspace's installation again", exc_info=True)
                with self._lock:
                    self._refreshing.discard(key)

        self._background.submit(refresh)

    def token_for(self, team_id: str) -> str | None:
        """A workspace's bot token for work done without a request (scheduled messages)."""
        enterprise_id = self._enterprise_of(team_id)
        bot = self.bot(enterprise_id=enterprise_id, team_id=team_id)
        return bot.bot_token if bot is not None else None

    def remember(
        self, team_id: str | None, enterprise_id: str | None, *, wait: bool = False
    ) -> None:
        """Note the workspace's organisation, once per process, for `token_for`: in the
        background (a request's ack never waits for this write). With `wait` (an install),
        always, at once: it also marks the workspace installed again."""
        if not team_id:
            return
        with self._lock:
            self._organisations[team_id] = enterprise_id
            if (team_id, enterprise_id) in self._remembered and not wait:
                return
            self._remembered.add((team_id, enterprise_id))

        def write() -> None:
            try:
                with self._uow() as uow:
                    uow.workspaces.remember(team_id, enterprise_id, now=datetime.now(UTC))
                    uow.commit()
            except Exception:
                with self._lock:
                    self._remembered.discard((team_id, enterprise_id))
                raise

        if wait:
            write()
            return
        future = self._background.submit(write)
        future.add_done_callback(_log_failure)

    def forget(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Drop what this process holds about the workspace (after an uninstall)."""
        with self._lock:
            for key in [
                k
                for k in self._cache
                if k[1] == team_id or (team_id is None and k[0] == enterprise_id)
            ]:
                del self._cache[key]
            self._remembered = {item for item in self._remembered if item[0] != team_id}
            self._organisations.pop(team_id or "", None)

    def _enterprise_of(self, team_id: str) -> str | None:
        with self._lock:
            if team_id in self._organisations:
                return self._organisations[team_id]
        with self._uow() as uow:
            _known, enterprise_id = uow.workspaces.enterprise_of(team_id)
        with self._lock:
            self._organisations[team_id] = enterprise_id
        return enterprise_id

    # Rotation -------------------------------------------------------------------------------

    def _due(self, bot: Bot | None) -> bool:
        if bot is None or bot.bot_refresh_token is None or bot.bot_token_expires_at is None:
            return False
        return bot.bot_token_expires_at <= self._wall() + self._rotate_before.total_seconds()

    def _expired(self, bot: Bot) -> bool:
        expires = bot.bot_token_expires_at
        return expires is not None and expires <= self._wall()

    def _lock_key(self, bot: Bot) -> str:
        return f"bot:{bot.enterprise_id or '-'}:{bot.team_id or '-'}"

    def _rotate(self, bot: Bot) -> Bot | None:
        """Rotate the bot's token under the lease; a replica that finds the lease taken uses
        the current token while it is valid, or waits a few seconds for the new one."""
        if self._rotator is None:
            return bot
        key = self._lock_key(bot)
        now = datetime.now(UTC)
        with self._uow() as uow:
            taken = uow.workspaces.try_lock(key, self._worker, now=now, until=now + ROTATION_LEASE)
            uow.commit()
        if not taken:
            return bot if not self._expired(bot) else self._await_rotation(bot)
        try:
            fresh = self._reread(bot) or bot
            if not self._due(fresh):
                return fresh  # another replica rotated it a moment ago
            try:
                refreshed = self._rotator.perform_bot_token_rotation(
                    bot=fresh,
                    minutes_before_expiration=int(self._rotate_before.total_seconds() // 60),
                )
            except SlackTokenRotationError as error:
                log.error(
                    "token rotation refused team_id=%s error=%s",
                    bot.team_id,
                    error.api_error.response.get("error"),
                )
                return fresh if not self._expired(fresh) else None
            if refreshed is None:
                return fresh
            self._store.save_bot(refreshed)
            log.info("bot token rotated team_id=%s", bot.team_id)
            return refreshed
        finally:
            with self._uow() as uow:
                uow.workspaces.unlock(key, self._worker)
                uow.commit()

    def _reread(self, bot: Bot) -> Bot | None:
        if bot.is_enterprise_install:
            return self._store.find_bot(
                enterprise_id=bot.enterprise_id, team_id=None, is_enterprise_install=True
            )
        return self._store.find_bot(enterprise_id=bot.enterprise_id, team_id=bot.team_id)

    def _await_rotation(self, bot: Bot) -> Bot | None:
        deadline = self._monotonic() + WAIT_FOR_ROTATION
        while self._monotonic() < deadline:
            time.sleep(WAIT_STEP)
            fresh = self._reread(bot)
            if fresh is not None and not self._expired(fresh):
                return fresh
        log.warning("gave up waiting for another replica's token rotation team_id=%s", bot.team_id)
        return None

    def rotate_expiring(self) -> int:
        """Rotate ahead of time every token that will be due soon, so that requests seldom
        wait for a rotation; how many bots were looked at."""
        soon = datetime.now(UTC) + self._rotate_before + timedelta(minutes=10)
        looked = 0
        with self._uow() as uow:
            expiring = uow.workspaces.expiring_bots(self._store.client_id, before=soon)
        for enterprise_id, team_id, org_wide in expiring:
            looked += 1
            with self._lock:
                self._cache.pop((enterprise_id, None if org_wide else team_id), None)
            self.bot(enterprise_id=enterprise_id, team_id=team_id, org_wide=org_wide)
        return looked


def _log_failure(future: Future[None]) -> None:
    error = future.exception()
    if error is not None:
        log.warning("could not note a workspace's organisation (%s)", type(error).__name__)


class WorkspaceAuthorize(Authorize):
    """Bolt's authorize step from our stored installations, with no `auth.test` round trip:
    the bot's ids were recorded at installation."""

    def __init__(self, bots: WorkspaceBots) -> None:
        self._bots = bots

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: Any,
    ) -> AuthorizeResult | None:
        org_wide = bool(context.is_enterprise_install)
        try:
            bot = self._bots.bot(enterprise_id=enterprise_id, team_id=team_id, org_wide=org_wide)
            if bot is not None and team_id:
                self._bots.remember(team_id, enterprise_id)
        except (SlackApiError, sa.exc.SQLAlchemyError):
            log.exception("could not read the workspace's installation team_id=%s", team_id)
            return None
        if bot is None or not bot.bot_token:
            log.warning("request from a workspace without an installation team_id=%s", team_id)
            return None
        return AuthorizeResult(
            enterprise_id=enterprise_id or bot.enterprise_id,
            team_id=team_id or bot.team_id,
            team=bot.team_name,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


class Installations:
    """What happens to a workspace's installation after it is made: the app uninstalled, its
    tokens revoked, tokens rotated ahead of time, the encryption key changed."""

    def __init__(
        self,
        store: EncryptedInstallationStore,
        bots: WorkspaceBots,
        uow: SqlAlchemyUnitOfWorkFactory,
    ) -> None:
        self._store = store
        self._bots = bots
        self._uow = uow
        self._on_forget: list[Callable[[str], None]] = []

    def on_forget(self, callback: Callable[[str], None]) -> None:
        """Call `callback(team_id)` when a workspace's installation goes (to drop caches)."""
        self._on_forget.append(callback)

    @property
    def bots(self) -> WorkspaceBots:
        return self._bots

    def uninstalled(self, *, enterprise_id: str | None, team_id: str | None) -> int:
        """The app was removed: its tokens are deleted at once and nothing more is sent there
        (scheduled messages are cancelled); how many scheduled messages were cancelled. The
        workspace's data stays for UNINSTALLED_RETENTION_DAYS, so that a reinstall carries on
        where it left off, and is then erased (`erase_departed`)."""
        self._store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
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
            self._store.delete_installation(
                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
            )
        if not bot_revoked:
            self._bots.forget(enterprise_id=enterprise_id, team_id=team_id)
            return 0
        self._store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
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
            changed = uow.workspaces.rewrite_tokens(self._store.cipher.rotate)
            uow.commit()
        return changed

    def purge_states(self) -> int:
        with self._uow() as uow:
            purged = uow.workspaces.purge_oauth_states(before=datetime.now(UTC))
            uow.commit()
        return purged
