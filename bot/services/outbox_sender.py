"""The outbox's sender: the scheduler's tick claims due messages, hands each to the
`Dispatcher` and records the outcome (see bot.services.outbox for how messages are written).

Every replica may run it at once: a row is claimed atomically with a lease before it is sent,
and a row whose attempt may have reached Slack without being recorded is checked with Slack
before it is sent again.
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.outbox import (
    Backoff,
    Delivered,
    Failed,
    RetryLater,
    ScheduledMessage,
    Skipped,
)
from bot.services.outbox_reports import DrainReport, OutboxHealth, Tally

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from datetime import datetime

    from bot.clock import Clock
    from bot.domain.outbox import OutboxMessage, Outcome
    from bot.domain.ports import Dispatcher, OutboxRepository, UnitOfWorkFactory

log = logging.getLogger(__name__)

# A 429 is Slack pacing us, not a failure: it may happen this many times as often as an error
# before a message is given up.
THROTTLE_ALLOWANCE = 10
MIN_WAIT = 1.0  # seconds: no retry or throttle comes back sooner
NAP = 0.05  # seconds: the shortest wait between passes when keeping running
RETENTION = timedelta(days=90)  # finished rows (and so their keys) are kept this long


# The tick ------------------------------------------------------------------------------------


class OutboxService:
    """Sends what is due, once.

    `worker_id` names this process in claims (diagnostics only; each claim adds a random
    token). `lease` is how long a claim holds before another worker may take the row over: it
    must outlast one delivery (a few Web API calls, each with its own timeout). `batch` rows are
    claimed at a time. `max_attempts` bounds transient failures (rate limiting is allowed
    THROTTLE_ALLOWANCE times as many); then the row fails with the reason.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        dispatcher: Dispatcher,
        *,
        worker_id: str,
        lease: timedelta = timedelta(seconds=60),
        batch: int = 50,
        max_attempts: int = 5,
        backoff: Backoff | None = None,
        rng: random.Random | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if batch < 1 or max_attempts < 1 or lease <= timedelta(0):
            raise ValueError("batch, max_attempts and lease must be positive")
        self._uow = uow_factory
        self._clock = clock
        self._dispatcher = dispatcher
        self._worker_id = worker_id
        self._lease = lease
        self._batch = batch
        self._max_attempts = max_attempts
        self._backoff = backoff or Backoff()
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not secrecy
        # Graceful shutdown: once stopping, nothing more is claimed, a drain's wait ends at
        # once, and the rows claimed but not yet tried are given back. `_untried` holds those
        # rows per claim; a row is taken out of it (under the lock) before it is tried, so
        # `release_claims` never gives back a row whose attempt is under way.
        self._stopping = threading.Event()
        self._untried: dict[str, set[int]] = {}
        self._untried_lock = threading.Lock()
        self._sleep = sleep or self._stopping.wait
        # Per Web API method: rate limited until when, and which kinds of message use it.
        self._throttled: dict[str, datetime] = {}
        self._kinds_by_method: dict[str, set[str]] = {}

    # Public ---------------------------------------------------------------------------------

    def drain_due(self, *, keep_running_for: timedelta | None = None) -> DrainReport:
        """Send every message that is due now, in batches, and record each outcome.

        With `keep_running_for`, carry on for that long: when more falls due within it (a
        retry, a rate limit lifting, a message scheduled meanwhile), wait for it and send it
        too. A tick every few seconds that keeps running until the next tick sends at the
        rate Slack allows instead of a batch per tick.
        """
        tally = Tally()
        deadline = self._clock.now() + keep_running_for if keep_running_for else None
        while True:
            self._drain_pass(tally, deadline)
            if deadline is None:
                break
            now = self._clock.now()
            wake = self._next_wake(now) if now < deadline else None
            if wake is None or wake >= deadline or self._stopping.is_set():
                break
            self._sleep(max((wake - now).total_seconds(), NAP))
            if self._clock.now() <= now:
                break  # a clock that stands still (a test's) would have us wait for ever
        report = tally.report()
        if report.busy:
            log.info("outbox drained %s", report)
        return report

    def schedule(self, messages: Sequence[ScheduledMessage]) -> int:
        """Schedule messages in a transaction of their own (for scripts and admin work;
        features schedule inside their own unit of work with `schedule`)."""
        with self._uow() as uow:
            written = uow.outbox.add_many(messages, now=self._clock.now())
            uow.commit()
        return written

    def replace_pending(self, message: ScheduledMessage, *, key_prefix: str) -> int:
        """Schedule `message` instead of the unsent messages whose key starts with
        `key_prefix` (a newer update of the same thing: only the latest is sent), in one
        transaction of its own; how many it replaced. A replaced message already on its way
        is not recalled; the newer one follows it."""
        now = self._clock.now()
        with self._uow() as uow:
            replaced = uow.outbox.cancel(message.team_id, key_prefix=key_prefix, now=now)
            uow.outbox.add(message, now=now)
            uow.commit()
        return replaced

    def health(self) -> OutboxHealth:
        """How many rows are in each state, and when the next one may be sent."""
        with self._uow() as uow:
            return OutboxHealth(uow.outbox.counts(), uow.outbox.next_available_at())

    def stop(self) -> None:
        """Take no new work (the process is stopping): a drain under way finishes the message
        in hand, gives the rest of its batch back and returns; later drains do nothing."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def release_claims(self) -> int:
        """Stop, and give back every row this service claimed and has not begun to send, due
        as it was, so another replica sends it at once instead of after the lease; how many.
        A message whose attempt is under way is left to finish and record its outcome."""
        self.stop()
        with self._untried_lock:
            held = {claim: sorted(ids) for claim, ids in self._untried.items() if ids}
            for ids in self._untried.values():
                ids.clear()
        return self._give_back(held)

    def _give_back(
        self, held: Mapping[str, Sequence[int]], available_at: datetime | None = None
    ) -> int:
        released = 0
        available_at = available_at or self._clock.now()
        for claim, ids in held.items():
            with self._uow() as uow:
                released += uow.outbox.release(ids, claim, available_at=available_at)
                uow.commit()
        return released

    def purge_finished(self, older_than: timedelta = RETENTION) -> int:
        """Delete finished rows (and the personal ids in their payloads) after `older_than`."""
        with self._uow() as uow:
            purged = uow.outbox.purge_finished(before=self._clock.now() - older_than)
            uow.commit()
        return purged

    # Draining -------------------------------------------------------------------------------

    # The throttle state is read as copies: safe even if two threads drain through one service.

    def _throttled_kinds(self, now: datetime) -> list[str]:
        for method, until in list(self._throttled.items()):
            if until <= now:
                self._throttled.pop(method, None)
        return sorted(
            {
                kind
                for method in list(self._throttled)
                for kind in tuple(self._kinds_by_method.get(method, ()))
            }
        )

    def _next_wake(self, now: datetime) -> datetime | None:
        with self._uow() as uow:
            wake = uow.outbox.next_available_at(exclude_kinds=self._throttled_kinds(now))
        ends = [until for until in list(self._throttled.values()) if until > now]
        if ends:
            wake = min([*ends, wake]) if wake else min(ends)
        return wake

    def _drain_pass(self, tally: Tally, deadline: datetime | None) -> None:
        while True:
            now = self._clock.now()
            if (deadline is not None and now >= deadline) or self._stopping.is_set():
                return
            claim = f"{self._worker_id}/{uuid.uuid4().hex[:12]}"
            with self._uow() as uow:
                batch = uow.outbox.claim_due(
                    now=now,
                    limit=self._batch,
                    lease_until=now + self._lease,
                    worker=claim,
                    exclude_kinds=self._throttled_kinds(now),
                )
                uow.commit()
            if not batch:
                return
            tally.add("claimed", len(batch))
            with self._untried_lock:
                self._untried[claim] = {m.id for m in batch}
            try:
                for message in batch:
                    if self._stopping.is_set() or (
                        deadline is not None and self._clock.now() >= deadline
                    ):
                        # Out of time, or stopping: hand the rest back, due as they were.
                        with self._untried_lock:
                            rest = sorted(self._untried.pop(claim, ()))
                        given = self._give_back({claim: rest}, available_at=now)
                        if self._stopping.is_set():
                            log.info("outbox stopping: %d claimed messages given back", given)
                        return
                    if not self._take_untried(claim, message.id):
                        tally.add("lost")  # given back meanwhile by release_claims
                        continue
                    self._process(message, claim, tally)
            finally:
                with self._untried_lock:
                    self._untried.pop(claim, None)

    def _take_untried(self, claim: str, message_id: int) -> bool:
        with self._untried_lock:
            ids = self._untried.get(claim)
            if ids is None or message_id not in ids:
                return False
            ids.discard(message_id)
            return True

    def _process(self, message: OutboxMessage, claim: str, tally: Tally) -> None:
        now = self._clock.now()
        if message.expired(now):
            doubt = " (an interrupted attempt may have reached Slack)" if message.in_doubt else ""
            self._finish(message, claim, Skipped("expired" + doubt), tally)
            return
        if message.errors >= self._max_attempts:
            # Only attempts cut short (the process stopped mid-send) get here: each outcome
            # that used up the attempts already failed the row.
            self._finish(
                message,
                claim,
                Failed(
                    f"gave up after {message.attempts} attempts; the last was interrupted "
                    f"and may have reached Slack (before that: {message.last_error or 'none'})"
                ),
                tally,
            )
            return
        method = self._dispatcher.method_for(message)
        self._kinds_by_method.setdefault(method, set()).add(message.kind)
        until = self._throttled.get(method)
        if until is not None and until > now:
            with self._uow() as uow:
                uow.outbox.release([message.id], claim, available_at=until)
                uow.commit()
            tally.add("deferred")
            return
        with self._uow() as uow:
            held = uow.outbox.begin_attempt(
                message.id, claim, now=now, lease_until=now + self._lease
            )
            uow.commit()
        if not held:
            tally.add("lost")
            return
        attempt = replace(
            message, attempts=message.attempts + 1, first_attempt_at=message.first_attempt_at or now
        )
        try:
            outcome = self._dispatcher.deliver(attempt)
        except Exception as error:  # one message's bug must not stop the drain: retried, bounded
            log.exception("outbox delivery raised id=%s kind=%s", message.id, message.kind)
            outcome = RetryLater(
                reason=f"unexpected error: {type(error).__name__}",
                method=method,
                maybe_delivered=True,
            )
        self._finish(message, claim, outcome, tally)

    def _finish(self, message: OutboxMessage, claim: str, outcome: Outcome, tally: Tally) -> None:
        now = self._clock.now()
        with self._uow() as uow:
            repo = uow.outbox
            match outcome:
                case Delivered(ref=ref, found=found):
                    done = repo.mark_sent(message.id, claim, ref=ref, now=now)
                    name = "already_sent" if found else "sent"
                case Skipped(reason=reason):
                    done = repo.mark_skipped(message.id, claim, reason=reason, now=now)
                    name = "skipped"
                case Failed(reason=reason):
                    done = repo.mark_failed(message.id, claim, error=reason, now=now)
                    name = "failed"
                    log.warning(
                        "outbox message failed id=%s kind=%s reason=%s",
                        message.id,
                        message.kind,
                        reason,
                    )
                case RetryLater():
                    done, name = self._retry(repo, message, claim, outcome, now)
            uow.commit()
        tally.add(name if done else "lost")

    def _retry(
        self,
        repo: OutboxRepository,
        message: OutboxMessage,
        claim: str,
        outcome: RetryLater,
        now: datetime,
    ) -> tuple[bool, str]:
        doubt = " (an attempt may have reached Slack)" if outcome.maybe_delivered else ""
        if outcome.throttled:
            wait = max(outcome.after_seconds or MIN_WAIT, MIN_WAIT)
            until = now + timedelta(seconds=wait)
            self._throttled[outcome.method] = max(until, self._throttled.get(outcome.method, now))
            throttled = message.throttled + 1
            if throttled >= self._max_attempts * THROTTLE_ALLOWANCE:
                reason = f"gave up: rate limited {throttled} times ({outcome.reason}){doubt}"
                return repo.mark_failed(message.id, claim, error=reason, now=now), "failed"
            done = repo.mark_retry(
                message.id,
                claim,
                available_at=until,
                error=outcome.reason,
                in_doubt=outcome.maybe_delivered,
                throttled=True,
                now=now,
            )
            return done, "retried"
        errors = message.errors + 1
        if errors >= self._max_attempts:
            reason = f"gave up after {errors} failed attempts: {outcome.reason}{doubt}"
            log.warning("outbox message failed id=%s kind=%s", message.id, message.kind)
            return repo.mark_failed(message.id, claim, error=reason, now=now), "failed"
        wait = outcome.after_seconds or self._backoff.delay(errors, self._rng.random())
        done = repo.mark_retry(
            message.id,
            claim,
            available_at=now + timedelta(seconds=max(wait, MIN_WAIT)),
            error=outcome.reason,
            in_doubt=outcome.maybe_delivered,
            throttled=False,
            now=now,
        )
        return done, "retried"
