"""Installing the app in many workspaces: Bolt's OAuth flow over our stores, with our pages.

`GET /slack/install` shows a page with an *Add to Slack* button (and sets the state cookie);
Slack sends the person back to `GET /slack/oauth_redirect`, where the installation is saved
(tokens encrypted) and a page says what happened, in words from the catalogue (bot.oauth).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse

from bot.i18n import t
from bot.oauth import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH, STATE_SECONDS, failure_text, page

if TYPE_CHECKING:
    from slack_bolt.request import BoltRequest
    from slack_sdk import WebClient
    from slack_sdk.oauth.state_store import OAuthStateStore

    from bot.config import Settings
    from handlers.slack.authorize import WorkspaceBots
    from handlers.slack.installations import EncryptedInstallationStore

log = logging.getLogger(__name__)


def _html(status: int, body: str) -> BoltResponse:
    return BoltResponse(
        status=status,
        body=body,
        headers={"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"},
    )


class WhoswhoOAuthFlow(OAuthFlow):
    """Bolt's OAuth flow with our install page."""

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:  # noqa: ARG002
        return page(
            t("install.page.title"), t("install.page.body"), (url, t("install.page.button"))
        )


def build_oauth_flow(
    settings: Settings,
    *,
    client: WebClient,
    store: EncryptedInstallationStore,
    state_store: OAuthStateStore,
    bots: WorkspaceBots,
) -> WhoswhoOAuthFlow:
    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        team_id = installation.team_id
        if team_id:
            bots.remember(team_id, installation.enterprise_id, wait=True)
        bots.forget(enterprise_id=installation.enterprise_id, team_id=team_id)
        log.info(
            "installed team_id=%s enterprise_id=%s org_wide=%s",
            team_id,
            installation.enterprise_id,
            installation.is_enterprise_install,
        )
        workspace = installation.team_name or installation.enterprise_name or team_id or ""
        link = f"slack://app?team={team_id or ''}&id={installation.app_id or ''}"
        return _html(
            200,
            page(
                t("install.done.title"),
                t("install.done.body", workspace=workspace),
                (link, t("install.done.open")),
            ),
        )

    def failure(args: FailureArgs) -> BoltResponse:
        log.warning("installation not finished reason=%s", args.reason)
        return _html(
            args.suggested_status_code,
            page(
                t("install.failed.title"),
                failure_text(args.reason),
                (INSTALL_PATH, t("install.again")),
            ),
        )

    oauth_settings = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.secret("client"),
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        callback_options=CallbackOptions(success=success, failure=failure),
        authorization_url=settings.slack_authorize_url,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=state_store,
        state_expiration_seconds=STATE_SECONDS,
        logger=log,
    )
    return WhoswhoOAuthFlow(client=client, logger=log, settings=oauth_settings)
