"""Prometheus metrics, served at `GET /metrics`.

- `whoswho_requests_total{type,outcome}`: requests from Slack by type (command, action, view,
  event, options, shortcut, other) and outcome (ok, duplicate, unauthorized, not_found,
  client_error, error).
- `whoswho_request_ack_seconds{type}`: how long each took to answer Slack (the ack), from the
  request's arrival to Bolt's response.
- `whoswho_slack_api_calls_total{method}` and `whoswho_slack_api_errors_total{method,error}`:
  Web API calls made for listeners and their failures (ratelimited, server_error, http_error,
  api_error, connection), each attempt counted by a retry handler that only watches
  (`SlackApiObserver`, at the Slack edge: handlers.slack.api_observer); and the scheduled
  messages' failures, counted from what each delivery came to (`ObservedDispatcher`:
  ratelimited, server_error, connection, transient, failed).
- `whoswho_slack_api_refused_total{method}`: listeners' calls not made because Slack had asked
  to wait before that method is called again (they fail fast instead of sleeping), and
  `whoswho_slack_api_deferred_total{method,outcome}`: calls whose answer no listener waits for,
  written to the outbox because Slack asked to wait (deferred, replaced by a newer one); their
  delivery is counted with the outbox's.
- `whoswho_outbox_deliveries_total{outcome}`: scheduled messages' delivery attempts by outcome
  (sent, skipped, retry, ratelimited, failed).
- Computed on each scrape, from the database: `whoswho_outbox_messages{status}` (scheduled
  messages by state) and `whoswho_outbox_oldest_due_seconds` (how long the earliest message
  that may be sent now has waited); `whoswho_database_up`; and, for the process that answers
  the scrape, `whoswho_scheduler_last_tick_seconds` (the outbox tick's heartbeat's age).

With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR to an empty directory: the
counters and histograms of every worker are then kept in files there and added up on each
scrape, whichever worker answers it (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import logging
import re
from time import perf_counter
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.domain.outbox import Delivered, Failed, OutboxStatus, RetryLater, Skipped

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from pathlib import Path

    from prometheus_client.metrics_core import Metric

    from bot.clock import Clock
    from bot.domain.outbox import OutboxMessage, Outcome
    from bot.domain.ports import Dispatcher
    from bot.services.outbox_sender import OutboxService

log = logging.getLogger(__name__)

REQUEST_TYPES = ("command", "action", "view", "event", "options", "shortcut", "other")
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)

REQUESTS = Counter(
    "whoswho_requests",
    "Requests from Slack, by type and outcome.",
    ["type", "outcome"],
)
ACK_SECONDS = Histogram(
    "whoswho_request_ack_seconds",
    "Seconds from a request's arrival to the answer Slack gets (the ack).",
    ["type"],
    buckets=ACK_BUCKETS,
)
SLACK_API_CALLS = Counter(
    "whoswho_slack_api_calls",
    "Slack Web API call attempts, by method.",
    ["method"],
)
SLACK_API_ERRORS = Counter(
    "whoswho_slack_api_errors",
    "Slack Web API attempts that failed, by method and kind of failure.",
    ["method", "error"],
)
SLACK_API_REFUSED = Counter(
    "whoswho_slack_api_refused",
    "Web API calls for listeners not made because Slack had asked to wait (Retry-After) before "
    "calling their method again, by method.",
    ["method"],
)
SLACK_API_DEFERRED = Counter(
    "whoswho_slack_api_deferred",
    "Web API calls whose answer no listener waits for, written to the outbox because Slack "
    "asked to wait, by method and outcome (deferred; replaced: a newer update of the same "
    "message or view took the place of one still waiting).",
    ["method", "outcome"],
)
OUTBOX_DELIVERIES = Counter(
    "whoswho_outbox_deliveries",
    "Scheduled messages' delivery attempts, by outcome.",
    ["outcome"],
)


def multiprocess_mode() -> bool:
    """Whether prometheus_client keeps values in PROMETHEUS_MULTIPROC_DIR (it decides when it
    is imported, from the environment)."""
    return values.ValueClass is not values.MutexValue


def clear_multiprocess_directory(directory: Path) -> int:
    """Remove the value files a previous run left (prometheus_client's files end in .db), as
    its multiprocess mode requires at start-up; how many."""
    removed = 0
    for stale in directory.glob("*.db"):
        stale.unlink(missing_ok=True)
        removed += 1
    return removed


def worker_exited(pid: int) -> None:
    """A gunicorn worker stopped: drop its live values (prometheus_client's advice)."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


# Requests -------------------------------------------------------------------------------------


_TYPES = {
    "block_actions": "action",
    "interactive_message": "action",
    "attachment_actions": "action",
    "view_submission": "view",
    "view_closed": "view",
    "dialog_submission": "view",
    "dialog_cancellation": "view",
    "event_callback": "event",
    "block_suggestion": "options",
    "dialog_suggestion": "options",
    "shortcut": "shortcut",
    "message_action": "shortcut",
}


def request_type(body: Mapping[str, Any] | None) -> str:
    """What kind of request a parsed Slack body is, in the words of the metrics' labels."""
    if not body:
        return "other"
    if "command" in body:
        return "command"
    return _TYPES.get(str(body.get("type")), "other")


def request_outcome(status: int, *, duplicate: bool = False) -> str:
    if duplicate:
        return "duplicate"
    if status < 400:
        return "ok"
    if status == 401:
        return "unauthorized"
    if status == 404:
        return "not_found"
    if status < 500:
        return "client_error"
    return "error"


def observe_request(kind: str, outcome: str, seconds: float) -> None:
    REQUESTS.labels(kind, outcome).inc()
    ACK_SECONDS.labels(kind).observe(seconds)


class Stopwatch:
    """Seconds since it was made, on the monotonic performance counter."""

    def __init__(self) -> None:
        self._started = perf_counter()

    def seconds(self) -> float:
        return perf_counter() - self._started


class ObservedDispatcher:
    """The outbox's dispatcher, counting what each delivery came to, and its Slack errors by
    method; it changes nothing about the delivery (its client retries nothing by itself)."""

    def __init__(self, inner: Dispatcher) -> None:
        self._inner = inner

    def method_for(self, message: OutboxMessage) -> str:
        return self._inner.method_for(message)

    def deliver(self, message: OutboxMessage) -> Outcome:
        outcome = self._inner.deliver(message)
        try:
            self._observe(message, outcome)
        except Exception:  # counting must never change what a delivery does
            log.debug("could not count an outbox delivery", exc_info=True)
        return outcome

    def _observe(self, message: OutboxMessage, outcome: Outcome) -> None:
        match outcome:
            case Delivered():
                OUTBOX_DELIVERIES.labels("sent").inc()
            case Skipped():
                OUTBOX_DELIVERIES.labels("skipped").inc()
            case RetryLater(throttled=True, method=method):
                OUTBOX_DELIVERIES.labels("ratelimited").inc()
                SLACK_API_ERRORS.labels(method, "ratelimited").inc()
            case RetryLater(reason=reason, method=method):
                OUTBOX_DELIVERIES.labels("retry").inc()
                if reason.startswith("connection:"):
                    kind = "connection"
                elif reason.startswith("HTTP 5"):
                    kind = "server_error"
                else:
                    kind = "transient"
                SLACK_API_ERRORS.labels(method, kind).inc()
            case Failed(reason=reason):
                OUTBOX_DELIVERIES.labels("failed").inc()
                named = _FAILED_METHOD.search(reason)
                method = named.group(1) if named else self._inner.method_for(message)
                SLACK_API_ERRORS.labels(method, "failed").inc()


_FAILED_METHOD = re.compile(r"\(([a-z]+(?:\.[A-Za-z]+)+)\)$")


# What a scrape computes -----------------------------------------------------------------------


class OperationsCollector(Collector):
    """Gauges read when scraped: the outbox by state and how late its earliest due message is
    (one service call), whether the database answered, and this process's scheduler tick."""

    def __init__(
        self,
        outbox: OutboxService,
        clock: Clock,
        heartbeat_age: Callable[[], float] | None = None,
    ) -> None:
        self._outbox = outbox
        self._clock = clock
        self._heartbeat_age = heartbeat_age

    def collect(self) -> Iterable[Metric]:
        return list(self._collect())

    def _collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "whoswho_database_up", "1 when the database answered this scrape, else 0."
        )
        try:
            health = self._outbox.health()
        except Exception:
            log.warning("metrics: the outbox could not be read", exc_info=True)
            up.add_metric([], 0)
            yield up
        else:
            up.add_metric([], 1)
            yield up
            depth = GaugeMetricFamily(
                "whoswho_outbox_messages", "Scheduled messages by state.", labels=["status"]
            )
            for status in OutboxStatus:
                depth.add_metric([status.value], health.counts.get(status, 0))
            yield depth
            waited = 0.0
            if health.next_available_at is not None:
                waited = max(0.0, (self._clock.now() - health.next_available_at).total_seconds())
            yield GaugeMetricFamily(
                "whoswho_outbox_oldest_due_seconds",
                "Seconds the earliest message that may be sent now has waited (0: none is due).",
                value=waited,
            )
        if self._heartbeat_age is not None:
            yield GaugeMetricFamily(
                "whoswho_scheduler_last_tick_seconds",
                "Seconds since this process's outbox tick last ran.",
                value=self._heartbeat_age(),
            )


def exposition(collector: Collector | None = None) -> tuple[bytes, str]:
    """The text a scrape gets, and its content type: this process's metrics (every worker's,
    in multiprocess mode), then what `collector` computes now."""
    if multiprocess_mode():
        shared = CollectorRegistry()
        multiprocess.MultiProcessCollector(shared)  # type: ignore[no-untyped-call]
        output = generate_latest(shared)
    else:
        output = generate_latest(REGISTRY)
    if collector is not None:
        own = CollectorRegistry(auto_describe=False)
        own.register(collector)
        output += generate_latest(own)
    return output, CONTENT_TYPE_LATEST
