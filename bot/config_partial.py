"""A few variables read on their own, for the verbs and tools that need no Slack tokens
(migrations, the impact report) and for the logging every verb sets up first."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.config_help import (
    WHERE_TO_GET,
    ConfigurationError,
    database_url_shape,
    explain,
    log_format_word,
    log_level_word,
)


class _DatabaseOnly(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")
    database_url: str = "sqlite:///whoswho.db"


def database_url_from_environment() -> str:
    """DATABASE_URL alone, for tools (migrations, reports) that need no Slack tokens.

    Raises ConfigurationError, as load_settings does, when the URL is not one we can use.
    """
    raw = _DatabaseOnly().database_url
    try:
        return database_url_shape(raw)  # the same normalisation as the app
    except ValueError as error:
        raise ConfigurationError(
            "Who's Who Locally cannot start: its configuration needs attention.\n"
            f"- DATABASE_URL: {error}\n"
            f"    Where to get it: {WHERE_TO_GET['DATABASE_URL']}."
        ) from None


class _ReportOnly(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")
    database_url: str = "sqlite:///whoswho.db"
    annual_interactions_target: int = Field(default=30_000, ge=1, le=100_000_000)


def report_settings_from_environment() -> tuple[str, int]:
    """DATABASE_URL and ANNUAL_INTERACTIONS_TARGET alone, for the impact report (no Slack
    tokens needed). Raises ConfigurationError, as load_settings does, naming what is wrong."""
    url = database_url_from_environment()
    try:
        target = _ReportOnly().annual_interactions_target
    except ValidationError as error:
        raise ConfigurationError(explain(error)) from None
    return url, target


class _LoggingOnly(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    _level = field_validator("log_level", mode="before")(log_level_word)
    _format = field_validator("log_format", mode="before")(log_format_word)


def logging_from_environment() -> tuple[str, Literal["text", "json"]]:
    """LOG_LEVEL and LOG_FORMAT alone, for the logging set up before the rest of the
    configuration is read (so that every line is in one format), by every verb. Raises
    ConfigurationError, as load_settings does, naming a value that is not one of the choices."""
    try:
        found = _LoggingOnly()
    except ValidationError as error:
        raise ConfigurationError(explain(error)) from None
    return found.log_level, found.log_format
