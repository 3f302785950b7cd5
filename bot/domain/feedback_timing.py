"""When feedback happens after an occasion: the delay before asking, the window, the one
reminder, the follow-up weeks later, and how long free text is kept.

Pure Python, like the rest of `bot.domain.feedback` (which re-exports these names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.feedback import Subject

DEFAULT_WINDOW = timedelta(days=7)
DEFAULT_REMINDER_AFTER = timedelta(days=3)
DEFAULT_FOLLOW_UP_AFTER = timedelta(weeks=8)
DEFAULT_COMMENT_RETENTION = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Timing:
    """When things happen after an occasion: the delay before asking (events only), how long
    the window stays open, when the one reminder goes (None: never), when the follow-up is
    asked (None: never) and how long free text is kept."""

    delay: timedelta = timedelta(0)
    window: timedelta = DEFAULT_WINDOW
    reminder_after: timedelta | None = DEFAULT_REMINDER_AFTER
    follow_up_after: timedelta | None = DEFAULT_FOLLOW_UP_AFTER
    comment_retention: timedelta = DEFAULT_COMMENT_RETENTION

    def __post_init__(self) -> None:
        if self.window <= timedelta(0):
            raise ValueError("the feedback window must be longer than nothing")
        if self.delay < timedelta(0) or self.comment_retention <= timedelta(0):
            raise ValueError("the delay and the retention cannot be negative")

    def reminder_at(self, asked_at: datetime) -> datetime | None:
        """The reminder, if any and if it falls inside the window."""
        if self.reminder_after is None or self.reminder_after <= timedelta(0):
            return None
        if self.reminder_after >= self.window:
            return None
        return asked_at + self.reminder_after

    def follow_up_at(self, subject: Subject, asked_at: datetime) -> datetime | None:
        if self.follow_up_after is None or self.follow_up_after <= timedelta(0):
            return None
        return asked_at + self.follow_up_after if subject.asks_follow_up else None
