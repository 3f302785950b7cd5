"""Slack's Events API delivers at least once: a delivery it thinks failed (no answer within 3
seconds, a 5xx) comes again with `X-Slack-Retry-Num`, and may reach another replica. Each event
is taken in once, by its `event_id`, whichever replica a delivery reaches; the record is
forgotten after `KEEP` (Slack retries for minutes, not days)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.domain.ports import UnitOfWorkFactory

KEEP = timedelta(days=1)
EVENT_ID_LENGTH = 64  # Slack's event ids are about a dozen characters


class DeliveryService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    def first_delivery(self, event_id: str, team_id: str | None = None) -> bool:
        """True the first time `event_id` arrives, on any replica; False for every later
        delivery of it (a retry or a duplicate), which must not be processed again."""
        with self._uow() as uow:
            first = uow.deliveries.record(
                event_id[:EVENT_ID_LENGTH], team_id, now=self._clock.now()
            )
            uow.commit()
        return first

    def purge(self, older_than: timedelta = KEEP) -> int:
        """Forget deliveries received more than `older_than` ago; how many."""
        with self._uow() as uow:
            purged = uow.deliveries.purge(before=self._clock.now() - older_than)
            uow.commit()
        return purged
