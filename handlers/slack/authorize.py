"""Each workspace's bot for Bolt's `authorize` step and for work done later without a request.

- `WorkspaceBots` finds a workspace's bot (for a request, or for work done later without one),
  keeps it for a minute so a busy workspace costs no query per request and no `auth.test` at
  all, and rotates an expiring token against Slack under a lease in the database, so that of
  several replicas one alone spends the single-use refresh token while the others keep using
  the current one.
- `WorkspaceAuthorize` is Bolt's `authorize` step over `WorkspaceBots`.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_sdk.errors import SlackApiError, SlackTokenRotationError

from bot.secrets import UnreadableTokenError
from bot.workspaces import (
    CACHE_SECONDS,
    ROTATE_BEFORE,
    ROTATION_LEASE,
    WAIT_FOR_ROTATION,
    WAIT_STEP,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_bolt import BoltContext
    from slack_sdk.oauth.installation_store.models.bot import Bot
    from slack_sdk.oauth.token_rotation import TokenRotator

    from bot.workspaces import WorkspacesUnitOfWorkFactory
    from handlers.slack.installations import EncryptedInstallationStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Cached:
    bot: Bot | None
    at: float


class WorkspaceBots:
    """Each workspace's bot, read through a short cache, its token rotated when due."""

    def __init__(
        self,
        store: EncryptedInstallationStore,
        uow: WorkspacesUnitOfWorkFactory,
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

    def __init__(self, bots: WorkspaceBots, *, store_errors: tuple[type[Exception], ...]) -> None:
        """`store_errors`: what reading the installations raises when the database fails
        (the request is then refused, as for a workspace without an installation)."""
        self._bots = bots
        self._failures: tuple[type[Exception], ...] = (SlackApiError, *store_errors)

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
        except self._failures:
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
