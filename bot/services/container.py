"""The services one process shares: built once by the app factory, injected everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.bulk import BulkService
    from bot.services.directory import DirectoryService
    from bot.services.events import EventService
    from bot.services.feedback import FeedbackService
    from bot.services.mentoring import MentoringService
    from bot.services.outbox_sender import OutboxService


@dataclass(frozen=True, slots=True)
class Services:
    directory: DirectoryService
    bulk: BulkService
    outbox: OutboxService  # scheduled messages: drained by the scheduler's tick
    events: EventService
    mentoring: MentoringService
    feedback: FeedbackService  # post-session feedback: ticked by the scheduler
