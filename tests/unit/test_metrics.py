"""The metrics: how requests are labelled, Slack's errors counted without changing a call,
the outbox's gauges computed on a scrape, and several processes' counters added up."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import ConfigurationError, Settings, load_settings
from bot.domain.outbox import (
    Delivered,
    Failed,
    OutboxMessage,
    OutboxStatus,
    RetryLater,
    Skipped,
)
from bot.metrics import (
    ObservedDispatcher,
    OperationsCollector,
    clear_multiprocess_directory,
    exposition,
    request_outcome,
    request_type,
)
from bot.services.outbox_reports import OutboxHealth
from handlers.slack.api_observer import SlackApiObserver
from tests.support.clock import FixedClock
from tests.support.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def errors(method: str, kind: str) -> float:
    return sample("whoswho_slack_api_errors_total", method=method, error=kind)


# Requests --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({"command": "/whoswho", "text": "Leeds"}, "command"),
        ({"type": "block_actions", "actions": []}, "action"),
        ({"type": "view_submission", "view": {}}, "view"),
        ({"type": "view_closed", "view": {}}, "view"),
        ({"type": "event_callback", "event": {"type": "app_home_opened"}}, "event"),
        ({"type": "block_suggestion", "value": "Lee"}, "options"),
        ({"type": "shortcut"}, "shortcut"),
        ({"type": "url_verification"}, "other"),
        ({}, "other"),
        (None, "other"),
    ],
)
def test_every_kind_of_request_gets_its_label(body, kind):
    assert request_type(body) == kind


@pytest.mark.parametrize(
    ("status", "duplicate", "outcome"),
    [
        (200, False, "ok"),
        (200, True, "duplicate"),
        (401, False, "unauthorized"),
        (404, False, "not_found"),
        (400, False, "client_error"),
        (500, False, "error"),
    ],
)
def test_outcomes_follow_the_status(status, duplicate, outcome):
    assert request_outcome(status, duplicate=duplicate) == outcome


# Slack's Web API, for listeners ------------------------------------------------------------------


def observed_client(fake: FakeSlack, *handlers) -> WebClient:
    return WebClient(
        token="xoxb-test",
        base_url=fake.base_url,
        timeout=5,
        retry_handlers=[SlackApiObserver(), *handlers],
    )


def test_every_attempt_and_each_kind_of_failure_is_counted_by_method():
    with FakeSlack() as fake:
        fake.add_user("U0SAM")
        client = observed_client(fake)
        calls = sample("whoswho_slack_api_calls_total", method="users.info")
        limited = errors("chat.postMessage", "ratelimited")
        broken = errors("chat.postMessage", "server_error")
        refused = errors("views.open", "api_error")

        client.users_info(user="U0SAM")
        fake.fail_next("chat.postMessage", status=429, retry_after=1)
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="U0SAM", text="hi")
        fake.fail_next("chat.postMessage", status=503, retry_after=None)
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="U0SAM", text="hi")
        fake.fail_next("views.open", status=200, retry_after=None, error="expired_trigger_id")
        with pytest.raises(SlackApiError):
            client.views_open(trigger_id="t", view={"type": "modal"})

    assert sample("whoswho_slack_api_calls_total", method="users.info") == calls + 1
    assert errors("chat.postMessage", "ratelimited") == limited + 1
    assert errors("chat.postMessage", "server_error") == broken + 1
    assert errors("views.open", "api_error") == refused + 1


def test_the_observer_leaves_retrying_to_the_handlers_after_it():
    with FakeSlack() as fake:
        fake.add_user("U0SAM")
        client = observed_client(fake, RateLimitErrorRetryHandler(max_retry_count=1))
        limited = errors("chat.postMessage", "ratelimited")
        fake.fail_next("chat.postMessage", status=429, retry_after=0)

        answer = client.chat_postMessage(channel="U0SAM", text="hi")

        assert answer["ok"]
        assert [call.status for call in fake.calls_to("chat.postMessage")] == [429, 200]
    assert errors("chat.postMessage", "ratelimited") == limited + 1


def test_a_connection_that_fails_is_counted_and_still_raises():
    client = WebClient(
        token="xoxb-test",
        base_url="http://127.0.0.1:9/api/",  # the discard port: nothing answers
        timeout=1,
        retry_handlers=[SlackApiObserver()],
    )
    before = errors("auth.test", "connection")

    with pytest.raises(OSError, match=r"[Rr]efused"):
        client.auth_test()

    assert errors("auth.test", "connection") == before + 1


# Slack's Web API, for scheduled messages ---------------------------------------------------------


@dataclass
class Answering:
    outcome: object

    def method_for(self, message: OutboxMessage) -> str:
        return "chat.postMessage"

    def deliver(self, message: OutboxMessage):
        return self.outcome


def a_message() -> OutboxMessage:
    now = FixedClock().now()
    return OutboxMessage(
        id=1,
        team_id="T1",
        kind="slack.dm",
        key="k",
        due_at=now,
        expires_at=None,
        payload={},
        status=OutboxStatus.SENDING,
        attempts=0,
        throttled=0,
        in_doubt=False,
        first_attempt_at=None,
        last_error=None,
        sent_ref=None,
        claimed_by="w/1",
    )


@pytest.mark.parametrize(
    ("outcome", "delivery", "method", "kind"),
    [
        (Delivered("C1:1"), "sent", None, None),
        (Skipped("expired"), "skipped", None, None),
        (
            RetryLater("rate limited", "chat.postMessage", throttled=True),
            "ratelimited",
            "chat.postMessage",
            "ratelimited",
        ),
        (RetryLater("HTTP 503 (chat.postMessage)", "chat.postMessage"), "retry", None, None),
        (
            RetryLater("connection: URLError (conversations.open)", "conversations.open"),
            "retry",
            "conversations.open",
            "connection",
        ),
        (Failed("user_not_found (conversations.open)"), "failed", "conversations.open", "failed"),
        (Failed("cannot render: KeyError"), "failed", "chat.postMessage", "failed"),
    ],
)
def test_the_outbox_dispatchers_outcomes_are_counted_and_passed_on(outcome, delivery, method, kind):
    dispatcher = ObservedDispatcher(Answering(outcome))
    before = sample("whoswho_outbox_deliveries_total", outcome=delivery)
    errors_before = errors(method, kind) if method else 0.0
    server_errors = errors("chat.postMessage", "server_error")

    assert dispatcher.deliver(a_message()) is outcome
    assert dispatcher.method_for(a_message()) == "chat.postMessage"

    assert sample("whoswho_outbox_deliveries_total", outcome=delivery) == before + 1
    if method:
        assert errors(method, kind) == errors_before + 1
    if delivery == "retry" and method is None:
        assert errors("chat.postMessage", "server_error") == server_errors + 1


# Gauges computed on a scrape ---------------------------------------------------------------------


class StubOutbox:
    def __init__(self, health: OutboxHealth | None) -> None:
        self._health = health

    def health(self) -> OutboxHealth:
        if self._health is None:
            raise ConnectionError("database gone")
        return self._health


def test_a_scrape_reads_the_outbox_depth_and_how_late_it_is():
    clock = FixedClock()
    health = OutboxHealth(
        counts={OutboxStatus.PENDING: 7, OutboxStatus.SENT: 40},
        next_available_at=clock.now() - timedelta(seconds=95),
    )
    collector = OperationsCollector(StubOutbox(health), clock, heartbeat_age=lambda: 2.5)

    text, content_type = exposition(collector)
    page = text.decode()

    assert content_type.startswith("text/plain")
    assert 'whoswho_outbox_messages{status="pending"} 7.0' in page
    assert 'whoswho_outbox_messages{status="sent"} 40.0' in page
    assert 'whoswho_outbox_messages{status="failed"} 0.0' in page
    assert "whoswho_outbox_oldest_due_seconds 95.0" in page
    assert "whoswho_database_up 1.0" in page
    assert "whoswho_scheduler_last_tick_seconds 2.5" in page
    assert "# TYPE whoswho_requests_total counter" in page
    assert "# TYPE whoswho_request_ack_seconds histogram" in page


def test_nothing_due_is_no_wait_and_a_dead_database_is_a_zero_not_an_error():
    clock = FixedClock()
    later = OutboxHealth(counts={}, next_available_at=clock.now() + timedelta(minutes=5))

    assert (
        "whoswho_outbox_oldest_due_seconds 0.0"
        in exposition(OperationsCollector(StubOutbox(later), clock))[0].decode()
    )
    down = exposition(OperationsCollector(StubOutbox(None), clock))[0].decode()
    assert "whoswho_database_up 0.0" in down
    assert "whoswho_outbox_messages" not in down


# Several gunicorn workers ----------------------------------------------------------------------

WORKER = """
from bot import metrics
metrics.observe_request("command", "ok", 0.02)
metrics.observe_request("command", "ok", 0.03)
"""
SCRAPE = """
from bot import metrics
print(metrics.multiprocess_mode())
print(metrics.exposition()[0].decode())
"""


def run_python(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_in_multiprocess_mode_a_scrape_adds_up_every_workers_counts(tmp_path: Path):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    run_python(WORKER, env)
    run_python(WORKER, env)

    first, page = run_python(SCRAPE, env).split("\n", 1)

    assert first == "True"
    assert 'whoswho_requests_total{outcome="ok",type="command"} 4.0' in page
    assert 'whoswho_request_ack_seconds_count{type="command"} 4.0' in page
    assert any(tmp_path.glob("*.db"))


def test_the_multiprocess_directory_must_exist(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-secret")
    assert load_settings().prometheus_multiproc_dir is None

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "absent"))
    with pytest.raises(ConfigurationError, match="PROMETHEUS_MULTIPROC_DIR"):
        load_settings()

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert load_settings().prometheus_multiproc_dir == tmp_path


def test_stale_value_files_are_cleared_and_nothing_else(tmp_path: Path):
    (tmp_path / "counter_123.db").write_bytes(b"x")
    (tmp_path / "histogram_456.db").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("keep me")

    assert clear_multiprocess_directory(tmp_path) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
