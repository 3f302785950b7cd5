"""Asking Slack whether it knows the bot token, and explaining what it answered.

Start-up (`check_slack`, bot/__main__.py) and the admin verbs that call Slack (`slack_problem`,
bot/cli.py) share these.
"""

from __future__ import annotations

import logging
from http.client import HTTPException
from typing import TYPE_CHECKING
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

if TYPE_CHECKING:
    from bot.config import Settings

# What the Web API client raises once its own retries are spent.
SLACK_FAILURES = (SlackApiError, URLError, TimeoutError, HTTPException)

_UNKNOWN_TOKEN = frozenset({"invalid_auth", "not_authed"})
_TOKEN_GONE = frozenset({"token_revoked", "token_expired", "account_inactive", "app_uninstalled"})
_NOT_JSON = "Received a response in a non-JSON format"
_CHECK_LOG = logging.getLogger("bot.cli.slack_check")


def slack_problem(settings: Settings, error: Exception) -> str:
    """What Slack answered (or why it could not be asked), and what to do: a few lines for
    a person, never a traceback. Shared by start-up and the verbs that call Slack."""
    if not isinstance(error, SlackApiError):
        reason = getattr(error, "reason", None) or error
        return (
            f"Cannot reach Slack at {settings.slack_api_url} ({reason}). "
            "Check SLACK_API_URL and the network."
        )
    code = str(error.response.get("error") or "")
    if not code or code.startswith(_NOT_JSON):
        return (
            f"{settings.slack_api_url} did not answer as Slack's Web API does "
            f"(HTTP {error.response.status_code}, {'not JSON' if code else 'no error code'}). "
            "Check SLACK_API_URL: the base address of the Web API, such as "
            "https://slack.com/api/."
        )
    if code in _UNKNOWN_TOKEN:
        return (
            f"Slack refused the bot token: {code}. SLACK_BOT_TOKEN is not a token Slack knows: "
            "copy the Bot User OAuth Token (it starts with xoxb-) from your app's page at "
            "api.slack.com/apps > OAuth & Permissions."
        )
    if code in _TOKEN_GONE:
        return (
            f"Slack refused the bot token: {code}. The app was removed from the workspace (or "
            "its token revoked, or the workspace closed): reinstall it from your app's page at "
            "api.slack.com/apps and set SLACK_BOT_TOKEN to the new Bot User OAuth Token."
        )
    message = f"Slack refused the request: {code}."
    if code == "missing_scope":
        needed = error.response.get("needed") or "another scope"
        message += f" The app needs {needed}: add it under OAuth & Permissions and reinstall."
    return message


def check_slack(settings: Settings) -> str | None:
    """Ask Slack whether it knows the bot token (auth.test), before anything is started;
    None when it does, else what is wrong and what to do. With many workspaces there is no
    one token to ask about: each installation's token is checked when it is used."""
    if settings.multi_workspace:
        return None
    # The outcome is reported as one message: the client's own lines about each failed
    # attempt and retry would only say it again, at length (at DEBUG they show).
    quiet = logging.getLogger().getEffectiveLevel() > logging.DEBUG
    _CHECK_LOG.setLevel(logging.CRITICAL if quiet else logging.NOTSET)
    client = WebClient(
        token=settings.secret("bot"),
        base_url=settings.slack_api_url,
        timeout=10,
        logger=_CHECK_LOG,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )
    try:
        client.auth_test()
    except SLACK_FAILURES as error:
        return slack_problem(settings, error)
    return None
