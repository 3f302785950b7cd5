"""What each configuration variable is, where to get it, and how a mistake in it is explained.

bot.config reads the environment; this module holds what it and the per-verb readers in
bot.config_partial share, so that they need not import one another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

# Where a newcomer finds each value: shown beside any error about it.
WHERE_TO_GET: dict[str, str] = {
    "SLACK_BOT_TOKEN": (
        "your app's page at api.slack.com/apps > OAuth & Permissions > Bot User OAuth Token "
        "(starts with xoxb-)"
    ),
    "SLACK_SIGNING_SECRET": (
        "your app's page at api.slack.com/apps > Basic Information > App Credentials > "
        "Signing Secret"
    ),
    "SLACK_APP_TOKEN": (
        "your app's page at api.slack.com/apps > Basic Information > App-Level Tokens "
        "(scope connections:write; starts with xapp-)"
    ),
    "SLACK_CLIENT_ID": (
        "your app's page at api.slack.com/apps > Basic Information > App Credentials > Client ID "
        "(only to install the app in many workspaces)"
    ),
    "SLACK_CLIENT_SECRET": (
        "your app's page at api.slack.com/apps > Basic Information > App Credentials > "
        "Client Secret"
    ),
    "SLACK_TOKEN_ENCRYPTION_KEYS": (
        "generate one with: python -m bot generate-token-key (keep it secret, back it up: "
        "the tokens in the database cannot be read without it)"
    ),
    "SLACK_REDIRECT_URI": (
        "the Redirect URL under OAuth & Permissions on your app's page, ending in "
        "/slack/oauth_redirect"
    ),
    "UNINSTALLED_RETENTION_DAYS": (
        "your data protection officer (whole days a workspace's data is kept after it removes "
        "the app, 0 to 3650)"
    ),
    "SLACK_API_URL": (
        "the base address of Slack's Web API, ending in /api/ (change it only for a proxy "
        "in front of Slack)"
    ),
    "DATABASE_URL": "your database administrator; e.g. postgresql+psycopg://user@host/whoswho",
    "PORT": "your hosting platform (any free TCP port)",
    "HOST": "your hosting platform (0.0.0.0 listens on every interface, 127.0.0.1 on this host)",
    "ORGANISERS": "your network leads: comma-separated Slack user ids such as U012AB3CD, or *",
    "FEEDBACK_DELAY_MINUTES": "your organisers (a whole number of minutes, 0 or more)",
    "EVENT_REMINDER_HOURS": "your organisers: hours before an event, comma-separated, e.g. 24,1",
    "FEEDBACK_WINDOW_DAYS": "your programme team (days a feedback prompt stays open, 1 to 60)",
    "FEEDBACK_REMINDER_DAYS": (
        "your programme team (whole days before the one reminder, fewer than the window; "
        "0: no reminder)"
    ),
    "FEEDBACK_FOLLOW_UP_WEEKS": (
        "your programme team (weeks before asking what came of it, 1 to 52; 0: never ask)"
    ),
    "FEEDBACK_COMMENT_RETENTION_DAYS": (
        "your data protection officer (whole days free-text feedback is kept, 1 to 3650)"
    ),
    "ANNUAL_INTERACTIONS_TARGET": "your programme's plan (quality interactions a year, e.g. 30000)",
    "LOG_LEVEL": "your choice of DEBUG, INFO (the default), WARNING or ERROR",
    "LOG_FORMAT": (
        "your choice of text (the default: one readable line a record) or json (one JSON "
        "object a line, for log collectors)"
    ),
}

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")


def log_level_word(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().upper()
        if text not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return text
    return value


def log_format_word(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().lower()
        if text not in LOG_FORMATS:
            raise ValueError("must be text or json")
        return text
    return value


def database_url_shape(value: str) -> str:
    """DATABASE_URL as SQLAlchemy takes it (postgres:// and postgresql:// use psycopg 3)."""
    value = value.strip()
    if value.startswith("postgres://"):
        value = "postgresql+psycopg://" + value.removeprefix("postgres://")
    elif value.startswith("postgresql://"):
        value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
    if not value.startswith(("sqlite:", "postgresql+psycopg:")):
        raise ValueError("must be a sqlite:/// or postgresql:// URL")
    return value


class ConfigurationError(Exception):
    """Start-up cannot go on: the message names each variable at fault."""


def explain(error: ValidationError) -> str:
    lines = ["Who's Who Locally cannot start: its configuration needs attention."]
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]).upper()
        message = str(item["msg"]).removeprefix("Value error, ")
        # A check across fields (the tokens) may name several variables, one per line.
        for part in message.splitlines() if not field else [message]:
            variable = field or next(
                (name for name in WHERE_TO_GET if part.startswith(name)), "CONFIGURATION"
            )
            where = WHERE_TO_GET.get(variable)
            line = f"- {variable}: {part}" if field else f"- {part}"
            if where:
                line += f"\n    Where to get it: {where}."
            lines.append(line)
    lines.append("Set these as environment variables or in a .env file in the working folder.")
    return "\n".join(lines)


def multi_workspace_problems(
    *, client_secret: bool, encryption_keys: bool, bot_token: bool, app_token: bool
) -> list[str]:
    """What is wrong with an install-in-many-workspaces set-up (SLACK_CLIENT_ID set), given
    which of the other variables are set: one line per variable."""
    problems = []
    if not client_secret:
        problems.append("SLACK_CLIENT_SECRET is missing (SLACK_CLIENT_ID is set)")
    if not encryption_keys:
        problems.append(
            "SLACK_TOKEN_ENCRYPTION_KEYS is missing: installations' tokens are kept "
            "encrypted in the database"
        )
    if bot_token:
        problems.append(
            "SLACK_BOT_TOKEN is set as well as SLACK_CLIENT_ID: set one of them (a bot token "
            "for one workspace, or the client id for many)"
        )
    if app_token:
        problems.append(
            "SLACK_APP_TOKEN is set as well as SLACK_CLIENT_ID: installing in many "
            "workspaces needs HTTP mode (its install pages), so leave SLACK_APP_TOKEN unset"
        )
    return problems
