"""Configuration from the environment and `.env`, and what a person sees when it is wrong.

These tests set environment variables on purpose: reading them is what `bot.config` is for.
Each runs in an empty folder with every variable of the contract cleared first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import (
    SLACK_DEFAULT_API_URL,
    ConfigurationError,
    Settings,
    database_url_from_environment,
    load_settings,
)

HTTP_MODE = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "signing-secret"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    return tmp_path


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch):
    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def failure(**values: str) -> str:
    """The message load_settings stops with."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in values.items():
            patch.setenv(name, value)
        with pytest.raises(ConfigurationError) as raised:
            load_settings()
    return str(raised.value)


def settings(**values: str) -> Settings:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in values.items():
            patch.setenv(name, value)
        return load_settings()


# Tokens and modes -------------------------------------------------------------------------


def test_a_missing_bot_token_is_named_with_where_to_get_it():
    message = failure(SLACK_SIGNING_SECRET="signing-secret")

    assert "SLACK_BOT_TOKEN is missing" in message
    assert "OAuth & Permissions" in message
    assert "xoxb-" in message
    assert "SLACK_SIGNING_SECRET" not in message


# Many workspaces --------------------------------------------------------------------------

FERNET_KEY = "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def test_a_client_id_with_its_secret_and_keys_installs_in_many_workspaces():
    loaded = settings(
        SLACK_CLIENT_ID="1111.2222",
        SLACK_CLIENT_SECRET="client-secret",
        SLACK_TOKEN_ENCRYPTION_KEYS=f" {FERNET_KEY} ",
        SLACK_SIGNING_SECRET="signing-secret",
        SLACK_API_URL="https://slack-gov.com/api",
    )

    assert loaded.multi_workspace
    assert loaded.secret("bot") == ""
    assert loaded.slack_authorize_url == "https://slack-gov.com/oauth/v2/authorize"
    assert "client-secret" not in repr(loaded)
    assert FERNET_KEY not in repr(loaded)


def test_a_client_id_alone_names_what_else_it_needs():
    message = failure(SLACK_CLIENT_ID="1111.2222", SLACK_SIGNING_SECRET="signing-secret")

    assert "SLACK_CLIENT_SECRET is missing" in message
    assert "SLACK_TOKEN_ENCRYPTION_KEYS is missing" in message
    assert "python -m bot generate-token-key" in message
    assert "SLACK_BOT_TOKEN is missing" not in message


def test_a_bot_token_and_a_client_id_together_are_refused():
    message = failure(
        SLACK_CLIENT_ID="1111.2222",
        SLACK_CLIENT_SECRET="client-secret",
        SLACK_TOKEN_ENCRYPTION_KEYS=FERNET_KEY,
        SLACK_SIGNING_SECRET="signing-secret",
        SLACK_BOT_TOKEN="xoxb-1-2-abc",
    )

    assert "set one of them" in message


def test_many_workspaces_need_http_mode():
    message = failure(
        SLACK_CLIENT_ID="1111.2222",
        SLACK_CLIENT_SECRET="client-secret",
        SLACK_TOKEN_ENCRYPTION_KEYS=FERNET_KEY,
        SLACK_APP_TOKEN="xapp-1-abc",
    )

    assert "needs HTTP mode" in message


@pytest.mark.parametrize("keys", ["not-a-key", f"{FERNET_KEY},short", ","])
def test_encryption_keys_that_are_not_fernet_keys_are_named(keys: str):
    message = failure(
        SLACK_CLIENT_ID="1111.2222",
        SLACK_CLIENT_SECRET="client-secret",
        SLACK_TOKEN_ENCRYPTION_KEYS=keys,
        SLACK_SIGNING_SECRET="signing-secret",
    )

    assert "SLACK_TOKEN_ENCRYPTION_KEYS" in message
    assert "generate-token-key" in message
    assert "not-a-key" not in message  # a secret, even a wrong one, is not echoed


def test_a_missing_signing_secret_is_named_in_http_mode():
    message = failure(SLACK_BOT_TOKEN="xoxb-1-2-abc")

    assert "SLACK_SIGNING_SECRET is missing" in message
    assert "HTTP mode" in message
    assert "Signing Secret" in message
    assert "SLACK_BOT_TOKEN" not in message


def test_with_nothing_set_every_missing_variable_is_named_at_once():
    message = failure()

    assert "SLACK_BOT_TOKEN is missing" in message
    assert "SLACK_SIGNING_SECRET is missing" in message
    assert message.count("Where to get it:") == 2
    assert ".env" in message


@pytest.mark.parametrize("token", ["abc", "xoxp-1-2-user-token", "xapp-1-A1-app-token"])
def test_a_bot_token_of_another_shape_is_named_without_echoing_it(token: str):
    message = failure(SLACK_BOT_TOKEN=token, SLACK_SIGNING_SECRET="signing-secret")

    assert "- SLACK_BOT_TOKEN: is not a bot token: a bot token starts with xoxb-" in message
    assert token not in message


def test_a_blank_token_counts_as_missing():
    message = failure(SLACK_BOT_TOKEN="  ", SLACK_SIGNING_SECRET="signing-secret")

    assert "SLACK_BOT_TOKEN is missing" in message


def test_an_app_token_switches_to_socket_mode_and_needs_no_signing_secret():
    loaded = settings(SLACK_BOT_TOKEN="xoxb-1-2-abc", SLACK_APP_TOKEN="xapp-1-abc")

    assert loaded.socket_mode
    assert loaded.secret("app") == "xapp-1-abc"
    assert loaded.secret("signing") == ""


def test_http_mode_is_the_default_and_a_blank_app_token_keeps_it():
    assert not settings(**HTTP_MODE).socket_mode
    assert not settings(**HTTP_MODE, SLACK_APP_TOKEN="").socket_mode


def test_tokens_lose_the_spaces_and_newline_pasting_leaves():
    loaded = settings(SLACK_BOT_TOKEN=" xoxb-1-2-abc\n", SLACK_SIGNING_SECRET="secret ")

    assert loaded.secret("bot") == "xoxb-1-2-abc"
    assert loaded.secret("signing") == "secret"


def test_secrets_never_show_in_the_settings_printed_form():
    loaded = settings(**HTTP_MODE)

    assert "xoxb-1-2-abc" not in repr(loaded)
    assert "signing-secret" not in str(loaded)


# SLACK_API_URL ----------------------------------------------------------------------------


def test_the_api_url_defaults_to_slack_and_always_ends_with_a_slash():
    assert settings(**HTTP_MODE).slack_api_url == SLACK_DEFAULT_API_URL == "https://slack.com/api/"
    proxied = settings(**HTTP_MODE, SLACK_API_URL="https://slack-gov.com/api")
    assert proxied.slack_api_url == "https://slack-gov.com/api/"


def test_an_api_url_that_is_not_http_is_refused():
    message = failure(**HTTP_MODE, SLACK_API_URL="slack.com/api")

    assert "SLACK_API_URL" in message
    assert "http(s) URL" in message


# ORGANISERS -------------------------------------------------------------------------------


def test_organisers_are_read_as_a_comma_separated_list_of_user_ids():
    loaded = settings(**HTTP_MODE, ORGANISERS=" U012AB3CD, W0456EF ,U012AB3CD,")

    assert loaded.organisers == ("U012AB3CD", "W0456EF")
    assert not loaded.everyone_organises


def test_a_star_lets_everyone_organise():
    assert settings(**HTTP_MODE, ORGANISERS="*").everyone_organises


def test_no_organisers_means_admins_and_owners_only():
    loaded = settings(**HTTP_MODE, ORGANISERS="")

    assert loaded.organisers == ()
    assert not loaded.everyone_organises


@pytest.mark.parametrize("junk", ["alice", "U012AB3CD, @bob", '["U012AB3CD"]', "U-12"])
def test_organisers_that_are_not_user_ids_get_a_readable_error(junk: str):
    message = failure(**HTTP_MODE, ORGANISERS=junk)

    assert "ORGANISERS" in message
    assert "is not a Slack user id" in message
    assert "U012AB3CD" in message
    assert "Traceback" not in message


# DATABASE_URL -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "used"),
    [
        (
            "postgres://app:pw@db.internal/whoswho",
            "postgresql+psycopg://app:pw@db.internal/whoswho",
        ),
        ("postgresql://app@db.internal/whoswho", "postgresql+psycopg://app@db.internal/whoswho"),
        ("postgresql+psycopg://app@db/whoswho", "postgresql+psycopg://app@db/whoswho"),
        ("sqlite:////srv/whoswho.db", "sqlite:////srv/whoswho.db"),
    ],
)
def test_database_urls_are_normalised_to_the_driver_we_ship(given: str, used: str):
    assert settings(**HTTP_MODE, DATABASE_URL=given).database_url == used


def test_the_default_database_is_a_sqlite_file_in_the_working_folder():
    assert settings(**HTTP_MODE).database_url == "sqlite:///whoswho.db"


def test_a_database_we_cannot_use_is_named():
    message = failure(**HTTP_MODE, DATABASE_URL="mysql://app@db/whoswho")

    assert "DATABASE_URL" in message
    assert "postgresql://" in message


def test_tools_that_need_only_the_database_get_the_same_normalisation(env):
    env(DATABASE_URL="postgres://app@db/whoswho")
    assert database_url_from_environment() == "postgresql+psycopg://app@db/whoswho"


# PORT, HOST and the rest ------------------------------------------------------------------


def test_port_defaults_to_3000_and_takes_any_valid_port():
    assert settings(**HTTP_MODE).port == 3000
    assert settings(**HTTP_MODE, PORT="8080").port == 8080
    assert settings(**HTTP_MODE, PORT="65535").port == 65535


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http"])
def test_a_port_out_of_range_is_named(port: str):
    message = failure(**HTTP_MODE, PORT=port)

    assert "- PORT:" in message
    assert "free TCP port" in message


def test_the_server_listens_everywhere_unless_host_says_otherwise():
    assert settings(**HTTP_MODE).host == "0.0.0.0"  # noqa: S104 - the default under test
    assert settings(**HTTP_MODE, HOST="127.0.0.1").host == "127.0.0.1"
    assert settings(**HTTP_MODE, HOST="[::1]").host == "::1"


def test_a_host_that_is_not_an_address_is_named():
    message = failure(**HTTP_MODE, HOST="my host/")

    assert "HOST" in message


def test_a_negative_feedback_delay_is_refused():
    message = failure(**HTTP_MODE, FEEDBACK_DELAY_MINUTES="-5")

    assert "FEEDBACK_DELAY_MINUTES" in message


def test_several_mistakes_are_reported_together():
    message = failure(**HTTP_MODE, PORT="99999", DATABASE_URL="mysql://db", ORGANISERS="bob")

    for variable in ("PORT", "DATABASE_URL", "ORGANISERS"):
        assert f"- {variable}:" in message


# .env -------------------------------------------------------------------------------------


def test_a_dot_env_file_in_the_working_folder_is_read(clean_environment: Path):
    (clean_environment / ".env").write_text(
        "# copied from the example\n"
        "SLACK_BOT_TOKEN=xoxb-from-dotenv\n"
        "SLACK_SIGNING_SECRET=secret-from-dotenv\n"
        "PORT=4000\n"
        "ORGANISERS=U012AB3CD,U0456EF\n",
        encoding="utf-8",
    )

    loaded = load_settings()

    assert loaded.secret("bot") == "xoxb-from-dotenv"
    assert loaded.port == 4000
    assert loaded.organisers == ("U012AB3CD", "U0456EF")


def test_the_environment_wins_over_dot_env(clean_environment: Path, env):
    (clean_environment / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=s\nPORT=4000\n", encoding="utf-8"
    )
    env(PORT="5000")

    assert load_settings().port == 5000


def test_a_mistake_in_dot_env_is_reported_like_any_other(clean_environment: Path):
    (clean_environment / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=s\nPORT=none\n", encoding="utf-8"
    )

    with pytest.raises(ConfigurationError, match="PORT"):
        load_settings()


def test_no_dot_env_is_read_when_told_not_to(clean_environment: Path):
    (clean_environment / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=s\n", encoding="utf-8"
    )

    with pytest.raises(ConfigurationError, match="SLACK_BOT_TOKEN"):
        load_settings(env_file=None)


# `python -m bot` ----------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["serve"]])
def test_python_m_bot_with_missing_configuration_exits_2_saying_what_to_set(
    argv: list[str], capsys: pytest.CaptureFixture[str]
):
    code = main(argv)

    err = capsys.readouterr().err
    assert code == 2
    assert "cannot start" in err
    assert "SLACK_BOT_TOKEN is missing" in err
    assert "SLACK_SIGNING_SECRET is missing" in err
    assert "Traceback" not in err


def test_the_profile_import_needs_a_bot_token_but_no_signing_secret(
    capsys: pytest.CaptureFixture[str],
):
    code = main(["import-profiles", "people.csv"])

    err = capsys.readouterr().err
    assert code == 2
    assert "SLACK_BOT_TOKEN is missing" in err
    assert "SLACK_SIGNING_SECRET" not in err  # it calls Slack, but receives no requests


@pytest.mark.parametrize("argv", [["migrate"], ["export-profiles", "--team", "T0001"], []])
def test_a_log_level_that_is_not_a_level_stops_every_verb_naming_it(
    argv: list[str], env, capsys: pytest.CaptureFixture[str]
):
    env(LOG_LEVEL="loud", **HTTP_MODE)

    code = main(argv)

    err = capsys.readouterr().err
    assert code == 2
    assert "- LOG_LEVEL: must be one of DEBUG, INFO, WARNING, ERROR" in err
    assert "Traceback" not in err


def test_log_level_and_format_are_read_whatever_their_case():
    loaded = settings(**HTTP_MODE, LOG_LEVEL=" debug ", LOG_FORMAT="JSON")

    assert (loaded.log_level, loaded.log_format) == ("DEBUG", "json")
    assert "LOG_FORMAT: must be text or json" in failure(**HTTP_MODE, LOG_FORMAT="xml")


def test_migrate_with_an_unusable_database_url_exits_2_naming_it(
    env, capsys: pytest.CaptureFixture[str]
):
    env(DATABASE_URL="mysql://app@db/whoswho")

    code = main(["migrate"])

    assert code == 2
    assert "DATABASE_URL" in capsys.readouterr().err


# Mentoring ----------------------------------------------------------------------------------


def test_mentoring_cycles_default_to_three_months_with_fortnightly_check_ins():
    loaded = settings(**HTTP_MODE)
    assert loaded.mentoring_cycle_days == 91
    assert loaded.mentoring_checkin_days == 14
    assert loaded.mentoring_match_schedule == ""


def test_a_match_schedule_is_a_crontab_line_and_a_wrong_one_is_explained():
    assert settings(
        **HTTP_MODE, MENTORING_MATCH_SCHEDULE=" 0 9 1 */3 * "
    ).mentoring_match_schedule == ("0 9 1 */3 *")
    message = failure(**HTTP_MODE, MENTORING_MATCH_SCHEDULE="every monday")
    assert "MENTORING_MATCH_SCHEDULE" in message
    assert "crontab line" in message


def test_the_scheduler_runs_mentoring_ticks_and_matches_only_when_scheduled():
    from apscheduler.triggers.cron import CronTrigger

    from bot.scheduler import MENTORING_MATCH_JOB_ID, MENTORING_TICK_JOB_ID, build_scheduler

    plain = build_scheduler(services=None)  # type: ignore[arg-type]
    assert plain.get_job(MENTORING_TICK_JOB_ID) is not None
    assert plain.get_job(MENTORING_MATCH_JOB_ID) is None
    scheduled = build_scheduler(
        services=None,  # type: ignore[arg-type]
        match_schedule="0 9 1 */3 *",
    )
    job = scheduled.get_job(MENTORING_MATCH_JOB_ID)
    assert isinstance(job.trigger, CronTrigger)
    assert str(job.trigger.fields[2]) == "1"  # the first day of the month
