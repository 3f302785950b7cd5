"""The log lines: their two formats, the request id on every record of a request (in the
listener threads too), and nothing secret or personal ever written."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator

import pytest

from bot.config import ConfigurationError, Settings, load_settings, logging_from_environment
from bot.logs import (
    ContextThreadPoolExecutor,
    Redactor,
    bound_request_id,
    configure,
    current_request_id,
    new_request_id,
)

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """The root logger writing to a buffer as `python -m bot` sets it up; restored after."""
    root = logging.getLogger()
    level = root.level
    buffer = io.StringIO()
    yield buffer
    for handler in list(root.handlers):
        if getattr(handler, "stream", None) is buffer:
            root.removeHandler(handler)
    root.setLevel(level)


def lines_of(buffer: io.StringIO) -> list[str]:
    return [line for line in buffer.getvalue().splitlines() if line]


def json_lines(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in lines_of(buffer)]


# Formats -------------------------------------------------------------------------------------


def test_text_lines_name_the_level_logger_and_request(output: io.StringIO):
    configure("INFO", "text", stream=output, force=True)
    with bound_request_id("req-123"):
        logging.getLogger("bot.test").info("profile saved team=%s", "T1")
    logging.getLogger("bot.test").info("outside any request")

    first, second = lines_of(output)
    assert "INFO bot.test [req-123] profile saved team=T1" in first
    assert "[-] outside any request" in second


def test_json_lines_are_one_object_each_with_the_extra_ids(output: io.StringIO):
    configure("INFO", "json", stream=output, force=True)
    with bound_request_id("req-abc"):
        logging.getLogger("bot.test").info(
            "profile saved", extra={"team_id": "T1", "user_id": "U1", "count": 3}
        )

    [entry] = json_lines(output)
    assert entry["message"] == "profile saved"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "bot.test"
    assert entry["request_id"] == "req-abc"
    assert (entry["team_id"], entry["user_id"], entry["count"]) == ("T1", "U1", 3)
    assert str(entry["time"]).endswith("+00:00")


def test_a_json_error_carries_its_traceback_redacted(output: io.StringIO):
    configure("INFO", "json", stream=output, force=True)
    try:
        raise ValueError(f"token {BOT_TOKEN} refused for sam@example.gov.uk")
    except ValueError:
        logging.getLogger("bot.test").exception("it broke")

    [entry] = json_lines(output)
    assert "ValueError" in str(entry["error"])
    assert BOT_TOKEN not in json.dumps(entry)
    assert "sam@example.gov.uk" not in json.dumps(entry)


def test_debug_writes_only_the_apps_own_debug_lines(
    output: io.StringIO, caplog: pytest.LogCaptureFixture
):
    configure("DEBUG", "text", stream=output, force=True)
    # Bolt gives its loggers the root's level when an app is built, and names some after it.
    for name in ("slack_bolt.RequestVerification", "whoswho-locally:handle"):
        caplog.set_level(logging.DEBUG, logger=name)
    logging.getLogger("slack_sdk.web.base_client").debug("Sending a request - body: secret")
    logging.getLogger("slack_bolt.RequestVerification").debug("Checking body: secret")
    logging.getLogger("whoswho-locally:handle").debug("Responding with body: secret")
    logging.getLogger("whoswho-locally:handle").info("an app's info line")
    logging.getLogger("bot.test").debug("ours")

    assert [line.split("] ", 1)[-1] for line in lines_of(output)] == ["an app's info line", "ours"]


# Request ids -----------------------------------------------------------------------------------


def test_a_sensible_offered_request_id_is_kept_and_anything_else_replaced():
    assert new_request_id("lb-7f3a9c") == "lb-7f3a9c"
    assert new_request_id("  Root=1-abc  ") == "Root=1-abc"
    for bad in (None, "", "x" * 65, "has space", "new\nline", "<script>"):
        made = new_request_id(bad)
        assert made != bad
        assert len(made) == 16
    assert new_request_id() != new_request_id()


def test_the_request_id_follows_work_into_the_listener_threads(output: io.StringIO):
    configure("INFO", "json", stream=output, force=True)
    executor = ContextThreadPoolExecutor(max_workers=2)
    try:
        with bound_request_id("req-outer"):
            seen = executor.submit(current_request_id).result(timeout=5)
            executor.submit(logging.getLogger("handlers.test").info, "in a listener").result(
                timeout=5
            )
        after = executor.submit(current_request_id).result(timeout=5)
    finally:
        executor.shutdown(wait=True)

    assert seen == "req-outer"
    assert after is None  # the pool's threads keep nothing from an earlier request
    [entry] = json_lines(output)
    assert entry["request_id"] == "req-outer"


def test_concurrent_requests_keep_their_own_ids(output: io.StringIO):
    configure("INFO", "json", stream=output, force=True)
    barrier = threading.Barrier(4)

    def request(n: int) -> None:
        with bound_request_id(f"req-{n}"):
            barrier.wait(timeout=5)
            logging.getLogger("bot.test").info("handling %d", n)

    threads = [threading.Thread(target=request, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)

    entries = json_lines(output)
    assert len(entries) == 4
    assert all(entry["message"] == f"handling {entry['request_id'][4:]}" for entry in entries)


# Redaction -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (f"auth failed for {BOT_TOKEN}", BOT_TOKEN),
        ("user token xoxp-111-222-333-abcdef", "xoxp-111-222-333-abcdef"),
        ("app token xapp-1-A0123-456-deadbeef", "xapp-1-A0123-456-deadbeef"),
        ("refresh xoxe-1-abcdefgh", "xoxe-1-abcdefgh"),
        ("Authorization: Bearer abc.def.ghi", "abc.def.ghi"),
        ("signature v0=" + "a1" * 32, "a1" * 32),
        (f"secret is {SIGNING_SECRET}", SIGNING_SECRET),
        ("lookup of sam.example@cabinetoffice.gov.uk failed", "sam.example@cabinetoffice.gov.uk"),
    ],
)
def test_secrets_and_emails_never_reach_a_line(line: str, secret: str):
    redact = Redactor(secrets=[SIGNING_SECRET])

    assert secret not in redact(line)
    assert "[redacted]" in redact(line) or "[email]" in redact(line)


def test_a_refused_requests_body_is_withheld():
    # Bolt logs a refused request's body at INFO: a replayed real request holds typed text.
    line = (
        "Invalid request signature detected (signature: v0=" + "0" * 64 + ", timestamp: 1700000000"
        ", body: token=x&text=I+am+leaving+the+department&user_name=alex)"
    )

    redacted = Redactor()(line)

    assert "leaving the department" not in redacted.replace("+", " ")
    assert "alex" not in redacted
    assert redacted.startswith("Invalid request signature detected (signature: v0=[redacted]")
    assert "body: [withheld]" in redacted


def test_web_api_parameters_and_sql_parameters_are_withheld():
    redact = Redactor()
    sent = (
        "Sending a request - url: https://slack.com/api/chat.postMessage, query_params: {}, "
        "body_params: {'text': 'Hello Sam'}, files: {}, json_body: None"
    )
    sql = (
        "(sqlite3.IntegrityError) UNIQUE constraint failed\n"
        "[SQL: INSERT INTO profiles (job_title) VALUES (?)]\n"
        "[parameters: ('Head of Secret Things',)]"
    )
    pydantic = "1 validation error\n  Value error [type=value_error, input_value='my typed words', "

    assert "Hello Sam" not in redact(sent)
    assert "chat.postMessage" in redact(sent)
    assert "Head of Secret Things" not in redact(sql)
    assert "[SQL: INSERT INTO profiles" in redact(sql)
    assert "my typed words" not in redact(pydantic + "input_type=str]")


def test_configured_secrets_are_redacted_in_every_line(output: io.StringIO):
    configure("INFO", "text", secrets=[SIGNING_SECRET, "", "short"], stream=output, force=True)
    logging.getLogger("bot.test").warning("misconfigured: %s", SIGNING_SECRET)

    [line] = lines_of(output)
    assert SIGNING_SECRET not in line
    assert "misconfigured: [redacted]" in line


def test_ids_and_counts_are_left_alone():
    line = "outbox drained claimed=3 sent=3 team=T0001 user=U0ABC123 event_id=Ev0123ABCD"

    assert Redactor()(line) == line


# Configuration ---------------------------------------------------------------------------------


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-secret")
    return monkeypatch


def test_log_format_is_text_unless_json_is_asked_for(clean_environment):
    assert load_settings().log_format == "text"
    clean_environment.setenv("LOG_FORMAT", "json")
    assert load_settings().log_format == "json"


def test_an_unknown_log_format_stops_start_up_naming_the_variable(clean_environment):
    clean_environment.setenv("LOG_FORMAT", "xml")

    with pytest.raises(ConfigurationError, match="LOG_FORMAT"):
        load_settings()


def test_logging_is_set_up_from_the_environment_before_the_rest_is_read(clean_environment):
    assert logging_from_environment() == ("INFO", "text")
    clean_environment.setenv("LOG_FORMAT", " JSON ")
    clean_environment.setenv("LOG_LEVEL", "debug")
    assert logging_from_environment() == ("DEBUG", "json")
    clean_environment.setenv("LOG_LEVEL", "loud")  # every verb reads these first: it says so
    with pytest.raises(ConfigurationError, match="LOG_LEVEL: must be one of DEBUG, INFO"):
        logging_from_environment()
