"""What the feedback service sends and answers: the outbox kinds it schedules, the views of a
prompt, a round's summary and the tick's report, and the keys its messages carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.feedback import FeedbackPrompt, FeedbackRound, Subject, SubjectKind, Tally

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.events import Event
    from bot.domain.outbox import JSON
    from bot.domain.ports import UnitOfWork

# Outbox kinds this feature schedules; the Slack edge renders each.
PROMPT = "feedback.prompt"  # to one person: "How useful was it?", ratings 1 to 5, "tell us more"
REMINDER = "feedback.reminder"  # the same, once, a few days later, if still unanswered
FOLLOW_UP = "feedback.follow_up"  # weeks later: applied it, collaborated, moved role?
SUMMARY = "feedback.summary"  # to the organiser when the window closes

TICK_BATCH = 200
SUMMARIES_SHOWN = 10
ROUNDS_READ = 50  # rounds read for an organiser's list, before filtering by the words typed


@dataclass(frozen=True, slots=True)
class PromptView:
    """A prompt with what a message or form about it shows."""

    prompt: FeedbackPrompt
    event: Event | None  # the event asked about (None for a mentoring group)
    closes_at: datetime
    is_open: bool

    @property
    def title(self) -> str | None:
        return self.event.title if self.event else None

    @property
    def subject(self) -> Subject:
        return self.prompt.subject


@dataclass(frozen=True, slots=True)
class Answered:
    """What a click or a form did."""

    view: PromptView
    changed: bool  # False: the same answer again (a double click or a second submission)
    first: bool  # this was the person's first answer to the prompt


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    """An event's feedback as its organiser may see it (the small-slice rule applied)."""

    round: FeedbackRound
    event: Event
    tally: Tally
    closed: bool  # the window has closed: these are the final numbers


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One line of an organiser's list of events with feedback."""

    round: FeedbackRound
    event: Event
    asked: int
    responses: int
    average: float | None  # None while fewer than SMALL_SLICE have answered
    closed: bool


@dataclass(frozen=True, slots=True)
class FeedbackTickReport:
    rounds_opened: int = 0
    asked: int = 0
    rounds_closed: int = 0
    summaries: int = 0
    comments_deleted: int = 0


def message_key(subject: Subject, user_id: str, what: str) -> str:
    return f"feedback:{subject.key}:{user_id}:{what}"


def person_prefix(subject: Subject, user_id: str) -> str:
    return f"feedback:{subject.key}:{user_id}:"


def prompt_payload(prompt: FeedbackPrompt, user_id: str) -> dict[str, JSON]:
    return {
        "prompt_id": prompt.id,
        "user": user_id,
        "subject": prompt.subject.kind.value,
        "subject_id": prompt.subject.id,
        "occasion": prompt.subject.occasion,
    }


def prompt_view(uow: UnitOfWork, prompt: FeedbackPrompt, *, now: datetime) -> PromptView:
    """The prompt with what a message or form about it shows."""
    event = (
        uow.events.get(prompt.team_id, prompt.subject.id)
        if prompt.subject.kind is SubjectKind.EVENT
        else None
    )
    return PromptView(prompt, event, prompt.round.closes_at, prompt.round.is_open(now))
