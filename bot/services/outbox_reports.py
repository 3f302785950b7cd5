"""What an outbox drain did, and how the outbox stands (bot.services.outbox_sender)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from bot.domain.outbox import OutboxStatus


@dataclass(frozen=True, slots=True)
class DrainReport:
    claimed: int = 0
    sent: int = 0
    already_sent: int = 0  # in doubt, and found in Slack: recorded as sent, not sent again
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    deferred: int = 0  # given back untried: their Web API method was rate limited
    lost: int = 0  # claims that lapsed and went to another worker before they were tried

    @property
    def busy(self) -> bool:
        return self.claimed > 0


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def report(self) -> DrainReport:
        return DrainReport(**self.counts)


@dataclass(frozen=True, slots=True)
class OutboxHealth:
    counts: Mapping[OutboxStatus, int]
    next_available_at: datetime | None
