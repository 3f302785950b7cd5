"""Slack's installation and OAuth state stores over our installation records.

Bolt's OAuth flow saves an installation through slack_sdk's `InstallationStore`, and checks the
install's `state` through an `OAuthStateStore`; both are adapters here over the port
`bot.workspaces.InstallationRecords` (kept in the database, tokens encrypted: storage). They
turn rows into slack_sdk's `Bot` and `Installation` and back, as slack_sdk's SQLAlchemy stores
do, so that Bolt finds what it always found.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store import OAuthStateStore

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bot.secrets import TokenCipher
    from bot.workspaces import InstallationRecords

log = logging.getLogger(__name__)

_BOT_FIELDS = (
    "app_id",
    "enterprise_id",
    "enterprise_name",
    "team_id",
    "team_name",
    "bot_token",
    "bot_id",
    "bot_user_id",
    "bot_scopes",
    "bot_refresh_token",
    "bot_token_expires_at",
    "is_enterprise_install",
    "installed_at",
)
_INSTALLATION_FIELDS = (
    "app_id",
    "enterprise_id",
    "enterprise_name",
    "enterprise_url",
    "team_id",
    "team_name",
    "bot_token",
    "bot_id",
    "bot_user_id",
    "bot_scopes",
    "bot_refresh_token",
    "bot_token_expires_at",
    "user_id",
    "user_token",
    "user_scopes",
    "user_refresh_token",
    "user_token_expires_at",
    # Only the incoming webhook issued in the latest installation is kept.
    "incoming_webhook_url",
    "incoming_webhook_channel",
    "incoming_webhook_channel_id",
    "incoming_webhook_configuration_url",
    "is_enterprise_install",
    "token_type",
    "installed_at",
)


def bot_of(row: Mapping[str, Any]) -> Bot:
    return Bot(**{name: row[name] for name in _BOT_FIELDS})


def installation_of(row: Mapping[str, Any]) -> Installation:
    return Installation(**{name: row[name] for name in _INSTALLATION_FIELDS})


class EncryptedInstallationStore(InstallationStore):
    """slack_sdk's installation store over our records, tokens encrypted at rest."""

    def __init__(self, records: InstallationRecords) -> None:
        self._records = records

    @property
    def logger(self) -> logging.Logger:
        return log

    @property
    def client_id(self) -> str:
        return self._records.client_id

    @property
    def cipher(self) -> TokenCipher:
        return self._records.cipher

    def save(self, installation: Installation) -> None:
        self._records.save_installation(installation.to_dict())
        self.save_bot(installation.to_bot())

    def save_bot(self, bot: Bot) -> None:
        self._records.save_bot(bot.to_dict())

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        if is_enterprise_install or team_id is None:
            team_id = None
        row = self._records.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        return None if row is None else bot_of(row)

    def find_bot_for(self, *, enterprise_id: str | None, team_id: str) -> Bot | None:
        """The workspace's bot: its own installation, or its organisation's (an Enterprise
        Grid organisation-wide install)."""
        bot = self.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None and enterprise_id is not None:
            bot = self.find_bot(
                enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True
            )
        return bot

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        if is_enterprise_install or team_id is None:
            team_id = None
        row = self._records.find_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )
        installation = None if row is None else installation_of(row)
        if installation is None or (user_id is None and installation.bot_token is not None):
            return installation
        # The latest bot token, just in case (slackapi/bolt-python#664).
        latest = self.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if latest is not None and installation.bot_token != latest.bot_token:
            installation.bot_id = latest.bot_id
            installation.bot_user_id = latest.bot_user_id
            installation.bot_token = latest.bot_token
            installation.bot_scopes = latest.bot_scopes
            installation.bot_refresh_token = latest.bot_refresh_token
            installation.bot_token_expires_at = latest.bot_token_expires_at
        return installation

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self._records.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self._records.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )


class InstallStateStore(OAuthStateStore):
    """The OAuth flow's `state` values, kept until used or `expiration_seconds` pass."""

    def __init__(self, records: InstallationRecords, *, expiration_seconds: int) -> None:
        self._records = records
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:  # noqa: ARG002 - slack_sdk's signature
        state = str(uuid4())
        expire_at = datetime.fromtimestamp(time.time() + self.expiration_seconds, tz=UTC)
        self._records.issue_state(state, expire_at=expire_at)
        return state

    def consume(self, state: str) -> bool:
        try:
            return self._records.consume_state(state, now=datetime.now(UTC))
        except Exception as error:  # noqa: BLE001 - a refused install, never a crash
            log.warning("Failed to find any persistent data for state: %s - %s", state, error)
            return False
