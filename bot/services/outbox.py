"""The durable scheduler: time-based messages are outbox rows, and a tick sends what is due.

Other services schedule and cancel messages *inside their own unit of work*, so a message exists
exactly when the decision behind it was committed:

    with self._uow() as uow:
        ...  # the decision: an RSVP, a drop-out, a cancelled event
        outbox.schedule(uow, outbox.direct_message(team, user, "event:42:reminder:1h:U1", ...),
                        now=now)
        outbox.cancel(uow, team, key_prefix="event:42:", now=now)
        uow.commit()

`OutboxService.drain_due()` (the scheduler's tick, in bot.services.outbox_sender) claims due
rows in batches, hands each to the `Dispatcher` and records the outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.outbox import DIRECT_MESSAGE, ScheduledMessage

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from bot.domain.outbox import JSON
    from bot.domain.ports import UnitOfWork


# Helpers for other services, used inside their own unit of work ------------------------------


def schedule(uow: UnitOfWork, message: ScheduledMessage, *, now: datetime) -> bool:
    """Write `message` in the caller's transaction. True if a row was written; False when its
    key is already scheduled, sent or finished (so deciding twice sends once). A cancelled key
    is scheduled again with the new values."""
    return uow.outbox.add(message, now=now)


def schedule_all(uow: UnitOfWork, messages: Sequence[ScheduledMessage], *, now: datetime) -> int:
    """`schedule` for many messages in one go; how many rows were written."""
    return uow.outbox.add_many(messages, now=now)


def cancel(
    uow: UnitOfWork,
    team_id: str,
    *,
    key: str | None = None,
    key_prefix: str | None = None,
    now: datetime,
) -> int:
    """Cancel the unsent messages with `key`, or whose key starts with `key_prefix`, in the
    caller's transaction ("the decision changed"). Returns how many were cancelled. A message
    already on its way cannot be recalled, but is not retried if that attempt fails."""
    return uow.outbox.cancel(team_id, key=key, key_prefix=key_prefix, now=now)


def direct_message(
    team_id: str,
    user_id: str,
    key: str,
    *,
    text_key: str,
    due_at: datetime,
    params: Mapping[str, JSON] | None = None,
    expires_at: datetime | None = None,
) -> ScheduledMessage:
    """A DM to `user_id` saying catalogue text `text_key` with `params`, due at `due_at`."""
    payload: dict[str, JSON] = {"user": user_id, "key": text_key, "params": dict(params or {})}
    return ScheduledMessage(
        team_id=team_id,
        kind=DIRECT_MESSAGE,
        key=key,
        due_at=due_at,
        payload=payload,
        expires_at=expires_at,
    )
