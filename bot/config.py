"""Configuration: the only module (with bot.config_partial beside it) that reads the environment.

Every variable in the product's contract is a field here. `Settings()` reads the environment and an
optional `.env`; `load_settings()` turns validation failures into one readable message that names
each variable and says where to get it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.config_help import (
    LOG_FORMATS,
    LOG_LEVELS,
    WHERE_TO_GET,
    ConfigurationError,
    database_url_shape,
    explain,
    log_format_word,
    log_level_word,
    multi_workspace_problems,
)
from bot.config_partial import (
    database_url_from_environment,
    logging_from_environment,
    report_settings_from_environment,
)
from bot.config_schedule import crontab_line
from bot.domain.profile_prefill import read_field_mapping

__all__ = [  # what this module always offered, some of it now kept beside it
    "LOG_FORMATS",
    "LOG_LEVELS",
    "SLACK_DEFAULT_API_URL",
    "WHERE_TO_GET",
    "ConfigurationError",
    "Needs",
    "Settings",
    "database_url_from_environment",
    "load_settings",
    "logging_from_environment",
    "report_settings_from_environment",
]

SLACK_DEFAULT_API_URL = "https://slack.com/api/"

# What a verb of `python -m bot` needs from Slack: "serve" receives Slack's requests and calls
# its Web API; "slack" only calls the Web API (the profile import); "database" needs no Slack
# variable at all (migrate, report, export-profiles --team).
Needs = Literal["serve", "slack", "database"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )
    # Which Slack variables must be present (see Needs); load_settings picks the subclass.
    needs: ClassVar[Needs] = "serve"

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = SLACK_DEFAULT_API_URL
    # Many workspaces (Slack's OAuth flow) instead of one bot token: the app's credentials, the
    # keys that encrypt the tokens kept in the database (comma-separated; the first encrypts,
    # all decrypt), and the redirect URL registered with Slack (optional when there is one).
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_token_encryption_keys: SecretStr | None = None
    slack_redirect_uri: str | None = None
    # Days a workspace's data is kept after it uninstalls the app, in case it comes back;
    # then every row of it is erased (0: at the next hourly check).
    uninstalled_retention_days: int = Field(default=30, ge=0, le=3650)
    database_url: str = "sqlite:///whoswho.db"
    port: int = Field(default=3000, ge=1, le=65535)
    # The address HTTP mode listens on. Every interface by default, as containers and
    # platforms expect; 127.0.0.1 keeps a server (a test's, a developer's) on this host only.
    host: str = "0.0.0.0"  # noqa: S104 - deliberate: a public web service's default
    organisers: Annotated[tuple[str, ...], NoDecode] = ()
    feedback_delay_minutes: int = Field(default=0, ge=0)

    # Operational knobs beyond the contract, each with a safe default.
    web_workers: int = Field(default=1, ge=1, le=64)
    web_threads: int = Field(default=8, ge=1, le=256)
    # Threads each process runs listeners on (the work after each ack). Unset: 8 on SQLite,
    # whose saves take turns anyway, and 16 on PostgreSQL, so that quick requests are not
    # queued behind ones waiting on a slow Slack.
    listener_threads: int | None = Field(default=None, ge=1, le=256)
    scheduler_enabled: bool = True
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # "json": one JSON object a line (for log collectors); "text": one readable line.
    log_format: Literal["text", "json"] = "text"
    # Prometheus with several gunicorn workers: an empty directory where every worker keeps its
    # metrics, added up on each scrape (prometheus_client reads this variable itself).
    prometheus_multiproc_dir: Path | None = None
    profile_stale_days: int = Field(default=365, ge=1)
    profile_nudge_grace_days: int = Field(default=30, ge=1)
    # Scheduled messages (the outbox): rows claimed per batch; how long a claim holds before
    # another replica may take a row over (it also bounds each Web API call's timeout); and
    # how many transient failures a message survives before it is given up.
    # Event reminders: DMs this many hours before an event starts, to those going.
    event_reminder_hours: Annotated[tuple[int, ...], NoDecode] = (24, 1)
    outbox_batch: int = Field(default=50, ge=1, le=500)
    outbox_lease_seconds: int = Field(default=60, ge=10, le=3600)
    outbox_max_attempts: int = Field(default=5, ge=1, le=50)
    # Mentoring groups: how long a cycle of groups lasts, how often members are asked whether
    # their group met, and when matching runs by itself (a crontab line in UTC, e.g.
    # "0 9 1 */3 *"; empty: only when an organiser runs /mentoring match).
    mentoring_cycle_days: int = Field(default=91, ge=7, le=730)
    mentoring_checkin_days: int = Field(default=14, ge=1, le=365)
    mentoring_match_schedule: str = ""
    # The weekly regional digest in each linked channel: when it is queued (a crontab line in
    # UTC; by default Mondays at 09:00; empty: no digest).
    digest_schedule: str = "0 9 * * mon"
    # Post-session feedback: how long a prompt stays open, when its one reminder goes (0: no
    # reminder), when people are asked what came of it (0: never), and how long free-text
    # comments are kept. The impact report measures quality interactions against a yearly target.
    feedback_window_days: int = Field(default=7, ge=1, le=60)
    feedback_reminder_days: int = Field(default=3, ge=0, le=59)
    feedback_follow_up_weeks: int = Field(default=8, ge=0, le=52)
    feedback_comment_retention_days: int = Field(default=365, ge=1, le=3650)
    annual_interactions_target: int = Field(default=30_000, ge=1, le=100_000_000)
    # The profile form opens prefilled from the person's Slack profile: the job title, and the
    # workspace's custom profile fields named here by their labels for the organisation and
    # the place ("organisation=Department,place=Office location"; empty: the title only).
    slack_profile_fields: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)

    @field_validator("slack_profile_fields", mode="before")
    @classmethod
    def _profile_fields(cls, value: object) -> object:
        if isinstance(value, dict):
            value = ",".join(f"{name}={label}" for name, label in value.items())
        if isinstance(value, str):
            return read_field_mapping(value)
        return value

    @field_validator("mentoring_match_schedule")
    @classmethod
    def _crontab_shape(cls, value: str) -> str:
        return crontab_line(
            value, example='e.g. "0 9 1 */3 *"', empty="to match only when an organiser asks"
        )

    @field_validator("digest_schedule")
    @classmethod
    def _digest_crontab(cls, value: str) -> str:
        return crontab_line(
            value,
            example='e.g. "0 9 * * mon" for Mondays at 09:00 UTC (name the weekday: a number '
            "counts from Monday = 0 here)",
            empty="for no digest",
        )

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "slack_client_id",
        "slack_client_secret",
        "slack_token_encryption_keys",
        "slack_redirect_uri",
        mode="before",
    )
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        # `SLACK_APP_TOKEN=` left empty in a .env must not switch on Socket Mode, and a pasted
        # token's stray spaces or newline must not reach Slack.
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Slack's bot tokens start with xoxb- (a rotating one with xoxe.xoxb-). The value is a
        # secret: what it starts with is named, never the value itself.
        if value is not None and not value.get_secret_value().startswith(("xoxb-", "xoxe.xoxb-")):
            raise ValueError(
                "is not a bot token: a bot token starts with xoxb- (a user token starts with "
                "xoxp-, and an app-level token with xapp-, which goes in SLACK_APP_TOKEN)"
            )
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level_word(cls, value: object) -> object:
        return log_level_word(value)

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format_word(cls, value: object) -> object:
        return log_format_word(value)

    @field_validator("slack_token_encryption_keys")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            from bot.secrets import TokenCipher  # noqa: PLC0415 - only when keys are set

            TokenCipher.from_setting(value.get_secret_value())  # raises ValueError, explained
        return value

    @field_validator("slack_redirect_uri")
    @classmethod
    def _redirect_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(
                "must be the full URL Slack sends people back to, such as "
                "https://whoswho.example.org/slack/oauth_redirect"
            )
        return value

    @field_validator("prometheus_multiproc_dir", mode="before")
    @classmethod
    def _multiproc_dir_exists(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip() or None
        if value is not None and not Path(str(value)).is_dir():
            raise ValueError(
                "must be an existing directory the app may write to (empty it before start-up), "
                "or unset for one process's metrics"
            )
        return value

    @field_validator("host")
    @classmethod
    def _host_shape(cls, value: str) -> str:
        value = value.strip().removeprefix("[").removesuffix("]")
        if not value or any(char.isspace() or char in "/[]" for char in value):
            raise ValueError("must be an address to listen on, such as 0.0.0.0 or 127.0.0.1")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        # slack_sdk joins method names with urljoin: the trailing slash matters.
        return value if value.endswith("/") else value + "/"

    @field_validator("event_reminder_hours", mode="before")
    @classmethod
    def _split_hours(cls, value: object) -> tuple[int, ...]:
        items = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        hours: set[int] = set()
        for item in items:
            text = str(item).strip()
            if not text:
                continue
            if not text.isdigit() or not 0 < int(text) <= 24 * 14:
                raise ValueError(f"{text!r} is not a whole number of hours from 1 to 336")
            hours.add(int(text))
        return tuple(sorted(hours, reverse=True))

    @field_validator("organisers", mode="before")
    @classmethod
    def _split_organisers(cls, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        items = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        ids = tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))
        for item in ids:
            if item != "*" and not (item[:1] in {"U", "W"} and item[1:].isalnum()):
                raise ValueError(
                    f"{item!r} is not a Slack user id (they look like U012AB3CD), nor *"
                )
        return ids

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        return database_url_shape(value)

    @field_validator("feedback_reminder_days")
    @classmethod
    def _reminder_inside_window(cls, value: int, info: ValidationInfo) -> int:
        window = info.data.get("feedback_window_days")
        if value and isinstance(window, int) and value >= window:
            raise ValueError(
                f"must be less than FEEDBACK_WINDOW_DAYS ({window}), so that the reminder goes "
                "while the prompt is still open; or 0 for no reminder"
            )
        return value

    @model_validator(mode="after")
    def _token_present(self) -> Settings:
        if self.needs == "database":
            return self
        missing = []
        if self.slack_client_id is not None:
            missing.extend(
                multi_workspace_problems(
                    client_secret=self.slack_client_secret is not None,
                    encryption_keys=self.slack_token_encryption_keys is not None,
                    bot_token=self.slack_bot_token is not None,
                    app_token=self.slack_app_token is not None,
                )
            )
        elif self.slack_bot_token is None:
            missing.append(
                "SLACK_BOT_TOKEN is missing (or, to install the app in many workspaces, set "
                "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_TOKEN_ENCRYPTION_KEYS instead)"
            )
        serving = self.needs == "serve"
        if serving and self.slack_app_token is None and self.slack_signing_secret is None:
            missing.append("SLACK_SIGNING_SECRET is missing (it is required in HTTP mode)")
        if missing:
            # One line per variable: explain (bot.config_help) says where to get each.
            raise ValueError("\n".join(missing))
        return self

    @property
    def listener_pool(self) -> int:
        """How many threads Bolt runs listeners on, in each process."""
        if self.listener_threads is not None:
            return self.listener_threads
        return 8 if self.database_url.startswith("sqlite") else 16

    @property
    def multi_workspace(self) -> bool:
        """Installed through Slack's OAuth flow in any number of workspaces."""
        return self.slack_client_id is not None

    @property
    def slack_authorize_url(self) -> str:
        """Where people approve an install: /oauth/v2/authorize on the Web API's host."""
        base = self.slack_api_url.removesuffix("/").removesuffix("/api")
        return f"{base}/oauth/v2/authorize"

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    @property
    def everyone_organises(self) -> bool:
        return "*" in self.organisers

    def secret(self, name: Literal["bot", "signing", "app", "client", "encryption_keys"]) -> str:
        value = {
            "bot": self.slack_bot_token,
            "signing": self.slack_signing_secret,
            "app": self.slack_app_token,
            "client": self.slack_client_secret,
            "encryption_keys": self.slack_token_encryption_keys,
        }[name]
        return value.get_secret_value() if value is not None else ""


class _SlackCallerSettings(Settings):
    needs: ClassVar[Needs] = "slack"


class _DatabaseSettings(Settings):
    needs: ClassVar[Needs] = "database"


_SETTINGS_FOR: dict[Needs, type[Settings]] = {
    "serve": Settings,
    "slack": _SlackCallerSettings,
    "database": _DatabaseSettings,
}


def load_settings(env_file: Path | None = Path(".env"), *, needs: Needs = "serve") -> Settings:
    """Read and validate the configuration, or raise ConfigurationError saying what to fix.

    `needs` says which Slack variables must be there: all that serving needs (the default),
    only a way to call the Web API ("slack"), or none ("database")."""
    try:
        return _SETTINGS_FOR[needs](_env_file=env_file)
    except ValidationError as error:
        raise ConfigurationError(explain(error)) from None
