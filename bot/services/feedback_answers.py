"""Answering feedback: whether a person may answer a prompt now, what a first answer sets off
(the reminder withdrawn, the follow-up scheduled), and withdrawing what was on its way to a
person. FeedbackService (bot.services.feedback) delegates here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.errors import DomainError, NotAllowedError, NotFoundError
from bot.domain.events import RsvpStatus
from bot.domain.feedback import FOLLOW_UP_SPACING, FeedbackPrompt, SubjectKind, Timing
from bot.domain.outbox import ScheduledMessage
from bot.i18n import N_
from bot.services import outbox
from bot.services.feedback_types import FOLLOW_UP, message_key, person_prefix, prompt_payload

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.ports import UnitOfWork


def answerable(
    uow: UnitOfWork, team_id: str, user_id: str, prompt_id: int, *, now: datetime
) -> FeedbackPrompt:
    """The person's prompt, still open; a DomainError saying why not otherwise."""
    prompt = uow.feedback.prompt(team_id, prompt_id)
    if prompt is None or prompt.user_id is None:  # unknown, or the person was erased
        raise NotFoundError(N_("feedback.errors.gone"))
    if prompt.user_id != user_id:
        raise NotAllowedError(N_("feedback.errors.not_yours"))
    subject = prompt.subject
    if prompt.round.withdrawn_at is not None:
        raise DomainError("feedback.errors.cancelled")
    if now < prompt.round.opened_at:  # asked ahead of time: not until the prompt is due
        raise DomainError(N_("feedback.errors.not_yet"))
    if subject.kind is SubjectKind.EVENT:
        event = uow.events.get(team_id, subject.id)
        if event is None:
            raise NotFoundError(N_("feedback.errors.gone"))
        if event.cancelled:
            raise DomainError("feedback.errors.cancelled")
        if uow.events.rsvp_status(event.id, user_id) is not RsvpStatus.GOING:
            raise NotAllowedError(N_("feedback.errors.not_attended"))
    elif uow.mentoring.group(team_id, subject.id) is None:
        raise NotFoundError(N_("feedback.errors.gone"))
    if not prompt.round.is_open(now):
        raise DomainError(N_("feedback.errors.closed"))
    return prompt


def after_first_answer(
    uow: UnitOfWork, timing: Timing, prompt: FeedbackPrompt, *, now: datetime
) -> None:
    """No reminder is needed any more; ask weeks later what came of it (at most one
    follow-up a fortnight, and never to someone who asked not to be asked)."""
    user_id = prompt.user_id
    if user_id is None:
        return
    team_id = prompt.team_id
    outbox.cancel(uow, team_id, key=message_key(prompt.subject, user_id, "reminder"), now=now)
    due = timing.follow_up_at(prompt.subject, prompt.asked_at)
    if due is None or uow.feedback.opted_out(team_id, [user_id]):
        return
    if uow.feedback.follow_up_due_between(
        team_id, user_id, start=due - FOLLOW_UP_SPACING, end=due + FOLLOW_UP_SPACING
    ):
        return
    if not uow.feedback.set_follow_up_due(prompt.id, due):
        return
    outbox.schedule(
        uow,
        ScheduledMessage(
            team_id=team_id,
            kind=FOLLOW_UP,
            key=message_key(prompt.subject, user_id, "follow_up"),
            due_at=due,
            expires_at=due + timing.window,
            payload=prompt_payload(prompt, user_id),
        ),
        now=now,
    )


def withdraw_messages_to(
    uow: UnitOfWork, timing: Timing, team_id: str, user_id: str, *, now: datetime
) -> None:
    window = timing.window
    for prompt in uow.feedback.prompts_of(team_id, user_id):
        due = prompt.follow_up_due_at
        still_open = prompt.round.withdrawn_at is None and now < prompt.round.closes_at
        if still_open or (due is not None and due + window > now):
            outbox.cancel(uow, team_id, key_prefix=person_prefix(prompt.subject, user_id), now=now)
