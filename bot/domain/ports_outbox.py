"""The outbox's ports: its table and the sender of its messages (see bot.domain.ports)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.outbox import OutboxMessage, OutboxStatus, Outcome, ScheduledMessage


class OutboxRepository(Protocol):
    """The outbox table. Every state change after a claim names the claim (`claimed_by`) and
    acts only while that claim still holds, so a worker that lost its lease changes nothing."""

    def add(self, message: ScheduledMessage, *, now: datetime) -> bool:
        """Insert; True if a row was written. An existing (team_id, key) is left alone, unless
        it was cancelled: then it is scheduled again with the new values. A message
        `in_doubt_since` a moment is written in doubt, its first attempt made then."""

    def add_many(self, messages: Sequence[ScheduledMessage], *, now: datetime) -> int:
        """`add` for each; how many rows were written."""

    def get(self, team_id: str, key: str) -> OutboxMessage | None: ...

    def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        lease_until: datetime,
        worker: str,
        exclude_kinds: Sequence[str] = (),
    ) -> list[OutboxMessage]:
        """Atomically take up to `limit` rows that are due (pending and due, or sending with a
        lapsed lease), oldest first, for `worker` until `lease_until`. Two callers never get
        the same row."""

    def begin_attempt(
        self, message_id: int, claim: str, *, now: datetime, lease_until: datetime
    ) -> bool:
        """About to call Slack: count the attempt, mark the row in doubt until its outcome is
        recorded, and renew the lease. False if the claim was lost: do not send."""

    def mark_sent(self, message_id: int, claim: str, *, ref: str, now: datetime) -> bool:
        """Record the delivery; also when the row was cancelled while it was being sent."""

    def mark_retry(
        self,
        message_id: int,
        claim: str,
        *,
        available_at: datetime,
        error: str,
        in_doubt: bool,
        throttled: bool,
        now: datetime,
    ) -> bool:
        """Back to pending until `available_at`, recording why."""

    def release(self, message_ids: Sequence[int], claim: str, *, available_at: datetime) -> int:
        """Give claimed rows back untried (pending again from `available_at`)."""

    def mark_failed(self, message_id: int, claim: str, *, error: str, now: datetime) -> bool: ...

    def mark_skipped(self, message_id: int, claim: str, *, reason: str, now: datetime) -> bool: ...

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Delete every message to or about the person, sent or not (/whoswho forget)."""

    def cancel(
        self,
        team_id: str,
        *,
        key: str | None = None,
        key_prefix: str | None = None,
        now: datetime,
    ) -> int:
        """Cancel the unfinished rows with this key, or whose key starts with the prefix."""

    def next_available_at(self, *, exclude_kinds: Sequence[str] = ()) -> datetime | None:
        """When the earliest unfinished row may next be claimed."""

    def counts(self) -> dict[OutboxStatus, int]: ...

    def purge_finished(self, *, before: datetime) -> int:
        """Delete finished rows last changed before `before`."""


class Dispatcher(Protocol):
    """Sends outbox messages (the Slack edge implements it)."""

    def method_for(self, message: OutboxMessage) -> str:
        """The Web API method the message goes through: rate limits are per method."""

    def deliver(self, message: OutboxMessage) -> Outcome:
        """Send one message. When `message.in_doubt`, first look for an earlier attempt that
        reached Slack and answer Delivered for it instead of sending again."""
