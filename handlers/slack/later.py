"""The background sender: calls whose answer no listener waits for (a DM, an announcement's
update, the Home tab), handed over while Slack asks to wait, and sent once the wait is over.

Each call handed over is sent once: in order with the calls before it to the same place, a newer
update of the same message or view replacing one still waiting, retried after a 429, a 5xx or a
broken connection (the last two only when sending twice is harmless) at most `MAX_ATTEMPTS`
times in all, logged, and counted in the metrics. A post whose fate is unknown goes to the
outbox (`SlackCalls.hand_over`) instead of being given up or resent.
"""

from __future__ import annotations

import bisect
import contextvars
import copy
import itertools
import logging
import threading
import time
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.metrics import SLACK_API_DEFERRED
from handlers.slack.answers import (
    IDEMPOTENT,
    PLACE_ARGUMENTS,
    REPLACING,
    call_arguments,
    fate_unknown,
    never_reached_slack,
    retry_after_of,
)

if TYPE_CHECKING:
    from handlers.slack.calls import GatedWebClient, SlackCalls

log = logging.getLogger(__name__)

IDLE_SECONDS = 10.0  # a sender thread with nothing to send stops after this long


@dataclass
class _Deferred:
    client: GatedWebClient
    method: str
    call: dict[str, Any]
    lane: tuple[str, ...]
    replaces: bool
    not_before: float
    attempts: int
    context: contextvars.Context
    seq: int = 0
    queued_at: float = field(default=0.0)


class DeferredCalls:
    """The background sender: a few threads (started when there is something to send, gone
    when there has been nothing for a while) sending calls handed over under a rate limit."""

    def __init__(
        self, calls: SlackCalls, *, threads: int, max_attempts: int, max_pending: int
    ) -> None:
        self._calls = calls
        self._threads = max(1, threads)
        self._max_attempts = max(1, max_attempts)
        self._max_pending = max(1, max_pending)
        self._queue: list[_Deferred] = []  # in the order they were handed over (seq)
        self._in_flight: set[tuple[str, ...]] = set()
        self._running = 0
        self._busy = 0
        self._seq = itertools.count(1)
        self._cond = threading.Condition()

    # Handing over -------------------------------------------------------------------------

    @staticmethod
    def lane_of(client: GatedWebClient, method: str, call: dict[str, Any]) -> tuple[str, ...]:
        """Calls in one lane are sent one at a time, in order: the same method to one place."""
        arguments = call_arguments(call)
        names = REPLACING.get(method, PLACE_ARGUMENTS)
        place = [str(arguments.get(name) or "") for name in names]
        return (client.workspace, method, *place)

    def has_pending(self, lane: tuple[str, ...]) -> bool:
        with self._cond:
            return lane in self._in_flight or any(job.lane == lane for job in self._queue)

    def pending(self) -> int:
        """Calls waiting or being sent."""
        with self._cond:
            return len(self._queue) + self._busy

    def wait_until_idle(self, timeout: float) -> bool:
        """Wait until nothing is waiting or being sent; whether that happened in `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def defer(
        self,
        client: GatedWebClient,
        method: str,
        call: dict[str, Any],
        *,
        lane: tuple[str, ...],
        delay: float,
        attempts: int,
    ) -> None:
        now = self._calls.clock()
        job = _Deferred(
            client=client,
            method=method,
            call=copy.deepcopy(call),
            lane=lane,
            replaces=method in REPLACING,
            not_before=now + max(0.0, delay),
            attempts=attempts,
            context=contextvars.copy_context(),
            queued_at=now,
        )
        with self._cond:
            if job.replaces:
                for waiting in self._queue:
                    if waiting.lane == lane:  # not sent yet: send the newest instead
                        waiting.call, waiting.context = job.call, job.context
                        SLACK_API_DEFERRED.labels(method, "replaced").inc()
                        log.info("Slack call waiting replaced by a newer one method=%s", method)
                        return
            if len(self._queue) >= self._max_pending:
                SLACK_API_DEFERRED.labels(method, "dropped").inc()
                log.warning(
                    "Slack call dropped: too many waiting method=%s team_id=%s",
                    method,
                    client.slack_team_id,
                )
                return
            job.seq = next(self._seq)
            self._queue.append(job)
            if self._running < self._threads:
                self._running += 1
                threading.Thread(
                    target=self._work, name=f"whoswho-slack-later-{job.seq}", daemon=True
                ).start()
            self._cond.notify_all()
        SLACK_API_DEFERRED.labels(method, "deferred").inc()
        log.info(
            "Slack call deferred until Slack's wait is over method=%s team_id=%s wait=%.1fs",
            method,
            client.slack_team_id,
            max(0.0, delay),
        )

    # Sending ------------------------------------------------------------------------------

    def _next(self, now: float) -> tuple[_Deferred | None, float | None]:
        """The first call that may go now (the oldest of its lane, its lane idle, its wait
        over), else None and the seconds until one may."""
        seen: set[tuple[str, ...]] = set()
        soonest: float | None = None
        for job in self._queue:
            if job.lane in seen or job.lane in self._in_flight:
                seen.add(job.lane)
                continue
            seen.add(job.lane)
            if job.not_before <= now:
                return job, None
            left = job.not_before - now
            soonest = left if soonest is None else min(soonest, left)
        return None, soonest

    def _work(self) -> None:
        idle_since = time.monotonic()
        while True:
            with self._cond:
                job, wait = self._next(self._calls.clock())
                if job is None:
                    idle = time.monotonic() - idle_since
                    if not self._queue and idle >= IDLE_SECONDS:
                        self._running -= 1
                        return
                    self._cond.wait(min(wait if wait is not None else IDLE_SECONDS, 1.0))
                    continue
                self._queue.remove(job)
                self._in_flight.add(job.lane)
                self._busy += 1
            again: float | None = None
            try:
                again = job.context.run(self._attempt, job)
            finally:
                with self._cond:
                    self._in_flight.discard(job.lane)
                    self._busy -= 1
                    if again is not None:
                        job.not_before = self._calls.clock() + again
                        seqs = [waiting.seq for waiting in self._queue]
                        self._queue.insert(bisect.bisect(seqs, job.seq), job)
                    self._cond.notify_all()
                idle_since = time.monotonic()

    def _attempt(self, job: _Deferred) -> float | None:
        """Send `job` once; the seconds after which to try again, or None when it is done."""
        calls, method, client = self._calls, job.method, job.client
        wait = calls.gate.remaining(client.workspace, method)
        if wait > 0:  # another call was refused since: wait for the gate, no attempt spent
            return wait
        job.attempts += 1
        try:
            client.send_to_slack(method, job.call)
        except Exception as error:  # noqa: BLE001 - every failure is judged (and logged) below
            return self._after(job, error)
        SLACK_API_DEFERRED.labels(method, "sent").inc()
        log.info(
            "deferred Slack call sent method=%s team_id=%s attempts=%d waited=%.1fs",
            method,
            client.slack_team_id,
            job.attempts,
            calls.clock() - job.queued_at,
        )
        return None

    def _after(self, job: _Deferred, error: Exception) -> float | None:
        """After a failed attempt: the seconds after which to try again, or None (given up).
        A 429 is always tried again (Slack did nothing); a 5xx or a broken connection only for
        a call that does no harm if it did get through."""
        method = job.method
        if isinstance(error, SlackApiError):
            seconds = retry_after_of(error.response)
            if seconds is not None:
                self._calls.gate.hold(job.client.workspace, method, seconds)
                return self._again(job, seconds, "ratelimited")
            status = getattr(error.response, "status_code", 0) or 0
            if status >= 500 and method in IDEMPOTENT:
                return self._again(job, self._backoff(job), f"HTTP {status}")
            if fate_unknown(error) and self._handed_over(job, error):
                return None
            self._give_up(job, str(error.response.get("error") or f"HTTP {status}"))
        elif isinstance(error, OSError | HTTPException):  # a broken or timed-out connection
            if method in IDEMPOTENT or never_reached_slack(error):
                return self._again(job, self._backoff(job), type(error).__name__)
            if self._handed_over(job, error):
                return None
            self._give_up(job, type(error).__name__)
        else:
            log.error("deferred Slack call failed method=%s", method, exc_info=error)
            self._give_up(job, "unexpected")
        return None

    def _handed_over(self, job: _Deferred, error: Exception) -> bool:
        if not self._calls.hand_over(job.client, job.method, job.call, error):
            return False
        SLACK_API_DEFERRED.labels(job.method, "in_doubt").inc()
        return True

    def _backoff(self, job: _Deferred) -> float:
        backoff = self._calls.backoff
        return backoff[min(job.attempts, len(backoff)) - 1]

    def _again(self, job: _Deferred, seconds: float, why: str) -> float | None:
        if job.attempts >= self._max_attempts:
            self._give_up(job, why)
            return None
        log.info(
            "deferred Slack call to be tried again method=%s reason=%s in=%.1fs",
            job.method,
            why,
            seconds,
        )
        return seconds

    def _give_up(self, job: _Deferred, why: str) -> None:
        SLACK_API_DEFERRED.labels(job.method, "failed").inc()
        log.warning(
            "deferred Slack call not sent method=%s team_id=%s attempts=%d reason=%s",
            job.method,
            job.client.slack_team_id,
            job.attempts,
            why,
        )
