"""Asking for feedback: the tick's rounds for events, mentoring groups' rounds, the prompts
and reminders each round queues, and the close that tells an event's organiser how it went.
FeedbackService (bot.services.feedback) delegates here; its docstring tells the whole story."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.events import RsvpStatus
from bot.domain.feedback import CYCLE_END, FeedbackRound, Subject, SubjectKind, Timing
from bot.domain.outbox import ScheduledMessage
from bot.services import outbox
from bot.services.feedback_types import (
    PROMPT,
    REMINDER,
    SUMMARY,
    TICK_BATCH,
    FeedbackTickReport,
    message_key,
    prompt_payload,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from bot.domain.events import Event
    from bot.domain.ports import UnitOfWork, UnitOfWorkFactory


def tick(
    uow_factory: UnitOfWorkFactory,
    timing: Timing,
    now: datetime,
    *,
    limit: int = TICK_BATCH,
    lookahead: timedelta = timedelta(0),
) -> FeedbackTickReport:
    """FeedbackService.tick, at `now`."""
    opened = asked = closed = summaries = 0
    with uow_factory() as uow:
        events = uow.feedback.events_to_ask(
            ended_after=now - timing.delay - timing.window,
            ended_before=now - timing.delay + lookahead,
            started_by=now,
            limit=limit,
        )
    for event in events:
        with uow_factory() as uow:
            count = _open_event(uow, timing, event, now=now)
            uow.commit()
        if count is not None:
            opened += 1
            asked += count
    with uow_factory() as uow:
        due = uow.feedback.rounds_to_close(now=now, limit=limit)
    for round_ in due:
        with uow_factory() as uow:
            outcome = _close(uow, round_, now=now)
            uow.commit()
        if outcome is not None:
            closed += 1
            summaries += outcome
    with uow_factory() as uow:
        deleted = uow.feedback.delete_comments(before=now - timing.comment_retention)
        uow.commit()
    return FeedbackTickReport(opened, asked, closed, summaries, deleted)


def _open_event(uow: UnitOfWork, timing: Timing, event: Event, *, now: datetime) -> int | None:
    """Open the event's round and ask everyone going, when its feedback is due (the end
    and the delay; now if that has passed); None if another caller had."""
    due = max(event.ends_at + timing.delay, now)
    round_ = uow.feedback.open_round(
        event.team_id,
        Subject.event(event.id),
        organiser_id=event.organiser_id,
        now=due,
        closes_at=due + timing.window,
    )
    if round_ is None:
        return None
    going = [user for user, _ in uow.events.people(event.id, (RsvpStatus.GOING,))]
    return _ask(uow, timing, round_, going, now=now, asked_at=due)


def _ask(
    uow: UnitOfWork,
    timing: Timing,
    round_: FeedbackRound,
    people: Iterable[str],
    *,
    now: datetime,
    asked_at: datetime | None = None,
) -> int:
    """Queue a prompt (and its reminder) to each person, due at `asked_at` (now)."""
    at = asked_at or now
    team_id = round_.team_id
    wanted = list(dict.fromkeys(people))
    declined = uow.feedback.opted_out(team_id, wanted)
    remind_at = timing.reminder_at(at)
    messages: list[ScheduledMessage] = []
    for user_id in wanted:
        if user_id in declined:
            continue
        prompt = uow.feedback.add_prompt(
            round_.id, team_id, user_id, asked_at=at, remind_at=remind_at
        )
        if prompt is None:  # asked already
            continue
        payload = prompt_payload(prompt, user_id)
        messages.append(
            ScheduledMessage(
                team_id=team_id,
                kind=PROMPT,
                key=message_key(round_.subject, user_id, "prompt"),
                due_at=at,
                expires_at=round_.closes_at,
                payload=payload,
            )
        )
        if remind_at is not None:
            messages.append(
                ScheduledMessage(
                    team_id=team_id,
                    kind=REMINDER,
                    key=message_key(round_.subject, user_id, "reminder"),
                    due_at=remind_at,
                    expires_at=round_.closes_at,
                    payload=payload,
                )
            )
    outbox.schedule_all(uow, messages, now=now)
    return sum(1 for m in messages if m.kind == PROMPT)


def _close(uow: UnitOfWork, round_: FeedbackRound, *, now: datetime) -> int | None:
    """Close the round (once); tell the organiser of an event how it went. None if another
    caller closed it; else how many summaries were scheduled."""
    if not uow.feedback.close_round(round_.id, now=now):
        return None
    subject = round_.subject
    if subject.kind is not SubjectKind.EVENT or round_.withdrawn_at is not None:
        return 0
    event = uow.events.get(round_.team_id, subject.id)
    if event is None or event.cancelled:
        uow.feedback.withdraw_round(round_.id, now=now)
        return 0
    if round_.organiser_id is None or not uow.feedback.prompts(round_.id):
        return 0
    written = outbox.schedule(
        uow,
        ScheduledMessage(
            team_id=round_.team_id,
            kind=SUMMARY,
            key=f"feedback:{subject.key}:summary",
            due_at=now,
            payload={
                "round_id": round_.id,
                "user": round_.organiser_id,
                "subject": subject.kind.value,
                "subject_id": subject.id,
            },
        ),
        now=now,
    )
    return int(written)


def open_for_mentoring_group(
    uow_factory: UnitOfWorkFactory,
    timing: Timing,
    now: datetime,
    team_id: str,
    group_id: int,
    member_ids: Sequence[str],
    *,
    occasion: int = CYCLE_END,
    uow: UnitOfWork | None = None,
) -> FeedbackRound | None:
    """FeedbackService.open_for_mentoring_group, at `now`."""
    subject = Subject.group(group_id, occasion)

    def run(work: UnitOfWork) -> FeedbackRound | None:
        round_ = work.feedback.open_round(
            team_id,
            subject,
            organiser_id=None,
            now=now,
            closes_at=now + timing.window,
        )
        if round_ is None:  # opened already: ask these members too, while it is open
            round_ = work.feedback.round(team_id, subject)
            if round_ is None or round_.withdrawn_at is not None or not round_.is_open(now):
                return None
        _ask(work, timing, round_, member_ids, now=now)
        return round_

    if uow is not None:
        return run(uow)
    with uow_factory() as work:
        opened = run(work)
        work.commit()
    return opened


def withdraw_for_mentoring_member(
    uow: UnitOfWork, team_id: str, group_id: int, user_id: str, *, occasion: int, now: datetime
) -> bool:
    """FeedbackService.withdraw_for_mentoring_member, at `now`."""
    subject = Subject.group(group_id, occasion)
    outbox.cancel(uow, team_id, key=message_key(subject, user_id, "reminder"), now=now)
    if not outbox.cancel(uow, team_id, key=message_key(subject, user_id, "prompt"), now=now):
        return False
    prompt = uow.feedback.prompt_of(team_id, subject, user_id)
    if prompt is not None and not prompt.answered:
        uow.feedback.delete_prompt(prompt.id)
    return True


def withdraw_event(uow: UnitOfWork, team_id: str, event_id: int, *, now: datetime) -> bool:
    """A cancelled event asks nobody: withdraw its round and every feedback message about it,
    inside the caller's unit of work. True if there was a round to withdraw."""
    subject = Subject.event(event_id)
    outbox.cancel(uow, team_id, key_prefix=f"feedback:{subject.key}:", now=now)
    round_ = uow.feedback.round(team_id, subject)
    return round_ is not None and uow.feedback.withdraw_round(round_.id, now=now)
