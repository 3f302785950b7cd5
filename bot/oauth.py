"""Installing the app in many workspaces: Bolt's OAuth flow, our stores, our pages.

`GET /slack/install` shows a page with an *Add to Slack* button (and sets the state cookie);
Slack sends the person back to `GET /slack/oauth_redirect`, where the installation is saved
(tokens encrypted) and a page says what happened, in words from the catalogue.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.i18n import keys, t

if TYPE_CHECKING:
    from slack_bolt.request import BoltRequest
    from slack_sdk import WebClient
    from sqlalchemy import Engine

    from bot.config import Settings
    from bot.workspaces import EncryptedInstallationStore, WorkspaceBots

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # an install must be finished within ten minutes of starting it
# The bot scopes the app asks for, as in manifest.yml (a test keeps the two the same).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "channels:join",
    "files:write",
    "users:read",
    "users:read.email",
    "im:write",
    "im:history",
    "mpim:write",
    "mpim:history",
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1d1c1d; }}
a.button {{ display: inline-block; padding: .6rem 1.2rem; border-radius: .3rem;
            background: #4a154b; color: #fff; text-decoration: none; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{body}</p>
{link}
</body>
</html>
"""


def page(title: str, body: str, link: tuple[str, str] | None = None) -> str:
    """A small HTML page; every piece of text is escaped."""
    anchor = ""
    if link is not None:
        href, label = link
        anchor = f'<p><a class="button" href="{html.escape(href)}">{html.escape(label)}</a></p>'
    return _PAGE.format(title=html.escape(title), body=html.escape(body), link=anchor)


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


def failure_text(reason: str) -> str:
    key = f"install.failed.{reason}"
    if key in keys():
        return t(key)
    return t("install.failed.other", reason=reason)


def build_oauth_flow(
    settings: Settings,
    *,
    engine: Engine,
    client: WebClient,
    store: EncryptedInstallationStore,
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
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=engine, logger=log
        ),
        state_expiration_seconds=STATE_SECONDS,
        logger=log,
    )
    return WhoswhoOAuthFlow(client=client, logger=log, settings=oauth_settings)
