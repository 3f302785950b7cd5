"""The services one process shares: built once by the app factory, injected everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.attendees import AttendeeService
    from bot.services.bulk import BulkService
    from bot.services.digest import DigestService
    from bot.services.directory import DirectoryService
    from bot.services.events import EventService
    from bot.services.feedback import FeedbackService
    from bot.services.languages import LanguageService
    from bot.services.mentoring import MentoringService
    from bot.services.outbox_sender import OutboxService
    from bot.services.profile_prefill import ProfilePrefill
    from bot.services.speed_connect import SpeedConnectService
    from bot.services.welcomes import WelcomeService


@dataclass(frozen=True, slots=True)
class Services:
    directory: DirectoryService
    bulk: BulkService
    outbox: OutboxService  # scheduled messages: drained by the scheduler's tick
    events: EventService
    mentoring: MentoringService
    feedback: FeedbackService  # post-session feedback: ticked by the scheduler
    welcomes: WelcomeService  # a welcome for people joining linked channels
    prefill: ProfilePrefill  # a new profile's form, prefilled from Slack
    attendees: AttendeeService  # who's going to an event, and the DM after it
    digest: DigestService  # the weekly regional digest in linked channels
    speed_connect: SpeedConnectService  # events' Speed Connect: ticked by the scheduler
    languages: LanguageService  # English or Cymraeg: each person's, a group's, a channel's
