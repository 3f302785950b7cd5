"""What the yearly check on profiles asked the outbox to send: whom it nudged, and whom it
told their profile was hidden (read from the outbox's table)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from bot.domain.outbox import DIRECT_MESSAGE
from bot.services.profile_nudges import NUDGE
from storage.models import OutboxPersonRow, OutboxRow


@dataclass(frozen=True)
class ScheduledNudges:
    nudges: list[str]  # user ids, one per nudge written
    hidden: list[str]  # user ids, one per "your profile was hidden" DM written
    named: dict[str, set[str]]  # outbox key -> the people its row is indexed under


def scheduled_nudges(engine: Engine) -> ScheduledNudges:
    with engine.connect() as connection:
        rows = connection.execute(
            select(OutboxRow.id, OutboxRow.kind, OutboxRow.key, OutboxRow.payload)
        ).all()
        people = connection.execute(
            select(OutboxPersonRow.outbox_id, OutboxPersonRow.user_id)
        ).all()
    nudges = [str(payload["user"]) for _, kind, _, payload in rows if kind == NUDGE]
    hidden = [
        str(payload["user"])
        for _, kind, _, payload in rows
        if kind == DIRECT_MESSAGE and payload.get("key") == "nudge.hidden"
    ]
    named = {key: {user for id_, user in people if id_ == row_id} for row_id, _, key, _ in rows}
    return ScheduledNudges(nudges, hidden, named)
