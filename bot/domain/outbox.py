"""The outbox: every time-based message the app sends is a row, decided now and sent when due.

A feature decides ("remind Sam an hour before the event") and, in the same transaction, writes a
`ScheduledMessage`. A scheduler tick claims what is due and hands each `OutboxMessage` to a
`Dispatcher` (the Slack edge), which answers with an `Outcome`. Nothing here knows Slack or SQL:
a payload is a small JSON-able dict of ids and parameters that a renderer at the edge turns into
a message when it is sent, so it always shows the latest words and never stale Block Kit.

Delivery is exactly once as far as the outbox can see it: a row is claimed (with a lease) before
it is sent, and an attempt that may have reached Slack without being recorded (the process died,
or Slack answered 5xx) leaves the row *in doubt*; the dispatcher checks Slack before sending an
in-doubt row again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

JSON: TypeAlias = "str | int | float | bool | list[JSON] | dict[str, JSON] | None"

# The one generic kind: a direct message whose words come from the message catalogue.
# Payload: {"user": Slack user id, "key": catalogue key, "params": {name: value}}.
DIRECT_MESSAGE = "slack.dm"

MAX_KEY = 255
MAX_KIND = 64
MAX_ERROR = 500


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting for its time (or for a retry)
    SENDING = "sending"  # claimed by a worker until its lease lapses
    SENT = "sent"
    SKIPPED = "skipped"  # nothing to send any more (expired, or the renderer said so)
    FAILED = "failed"  # a permanent error, or out of attempts: `last_error` says why
    CANCELLED = "cancelled"  # the decision behind it changed

    @property
    def finished(self) -> bool:
        return self not in {OutboxStatus.PENDING, OutboxStatus.SENDING}


@dataclass(frozen=True, slots=True)
class ScheduledMessage:
    """A message to send later, as a feature decides it.

    `key` is unique within the workspace: scheduling the same key again is a no-op while the
    first one is alive or finished, and brings a cancelled one back with the new values. Build
    keys from the decision, e.g. "event:42:reminder:24h:U123", so that a prefix
    ("event:42:") names everything one decision scheduled.
    `expires_at`: past this moment the message is no use (a reminder for an event that has
    started) and is skipped, never sent late.
    `in_doubt_since`: the message was sent once already, at that moment, and whether Slack
    got it is unknown (a listener's post answered 5xx): it is written in doubt, as if that
    were its first attempt, so that it is looked for in Slack before it is sent.
    """

    team_id: str
    kind: str  # which renderer turns the payload into a message, e.g. "slack.dm"
    key: str
    due_at: datetime
    payload: Mapping[str, JSON]
    expires_at: datetime | None = None
    in_doubt_since: datetime | None = None

    def __post_init__(self) -> None:
        if not self.key or len(self.key) > MAX_KEY:
            raise ValueError(f"an outbox key needs 1 to {MAX_KEY} characters")
        if not self.kind or len(self.kind) > MAX_KIND:
            raise ValueError(f"an outbox kind needs 1 to {MAX_KIND} characters")
        if any(
            moment is not None and moment.tzinfo is None
            for moment in (self.due_at, self.expires_at, self.in_doubt_since)
        ):
            raise ValueError("outbox times must be timezone-aware")


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One row of the outbox as a worker sees it."""

    id: int
    team_id: str
    kind: str
    key: str
    due_at: datetime
    expires_at: datetime | None
    payload: Mapping[str, JSON]
    status: OutboxStatus
    attempts: int  # calls made to Slack for it, rate-limited ones included
    throttled: int  # of those, how many Slack answered "slow down" (429)
    in_doubt: bool  # an attempt may have reached Slack without its outcome being recorded
    first_attempt_at: datetime | None
    last_error: str | None
    sent_ref: str | None  # where it went, e.g. "D0123:1700000000.000100"
    claimed_by: str | None  # the claim a worker holds while status is SENDING

    @property
    def errors(self) -> int:
        """Attempts that failed for a reason other than Slack asking us to slow down."""
        return self.attempts - self.throttled

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


# What the Slack edge answers for one delivery -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Delivered:
    ref: str  # e.g. "D0123:1700000000.000100"
    found: bool = False  # an in-doubt earlier attempt had reached Slack: nothing was sent now


@dataclass(frozen=True, slots=True)
class Skipped:
    reason: str  # nothing to send any more


@dataclass(frozen=True, slots=True)
class RetryLater:
    """Try again later.

    `throttled`: Slack said slow down (429, `ratelimited`); every message that goes through
    `method` waits `after_seconds` (Retry-After). Otherwise a transient failure (5xx, a broken
    connection, a timeout): retried with backoff, or after `after_seconds` when Slack said.
    `maybe_delivered`: the message may have reached Slack anyway (a 5xx after the post, a
    connection lost mid-answer), so the next attempt checks before sending again.
    """

    reason: str
    method: str
    after_seconds: float | None = None
    throttled: bool = False
    maybe_delivered: bool = False


@dataclass(frozen=True, slots=True)
class Failed:
    reason: str  # permanent: a deactivated user, a channel the app left, a bad message


Outcome: TypeAlias = Delivered | Skipped | RetryLater | Failed


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter for transient failures: attempt n waits about
    base * factor**(n-1) seconds, capped, and jittered down by up to `jitter` of itself so that
    the rows one outage failed together do not all come back at once."""

    base_seconds: float = 5.0
    factor: float = 2.0
    cap_seconds: float = 600.0
    jitter: float = 0.5

    def delay(self, failures: int, rand: float) -> float:
        """Seconds to wait after the `failures`-th failure; `rand` is uniform in [0, 1)."""
        plain = min(self.cap_seconds, self.base_seconds * self.factor ** max(0, failures - 1))
        return plain * (1.0 - self.jitter * rand)


def clip_error(text: str) -> str:
    return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 1] + "…"
