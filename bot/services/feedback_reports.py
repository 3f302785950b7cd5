"""What feedback shows: the prompt, reminder, follow-up and summary as the Slack edge sends
them, what organisers see (`/event feedback`, its list, the CSV export), and what feedback holds
about a person for their own export. FeedbackService (bot.services.feedback) delegates here."""

from __future__ import annotations

import csv
import io
import zlib
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError, NotAllowedError, NotFoundError
from bot.domain.feedback import (
    FOLLOW_UP_OUTCOMES,
    MEASURES,
    Agreement,
    Subject,
    SubjectKind,
    Timing,
    tally,
)
from bot.i18n import N_
from bot.services.feedback_types import (
    ROUNDS_READ,
    SUMMARIES_SHOWN,
    FeedbackSummary,
    PromptView,
    SummaryLine,
    prompt_view,
)
from bot.services.report.csv_export import safe_cell

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.permissions import Permissions
    from bot.domain.ports import UnitOfWork, UnitOfWorkFactory


def summary_message(
    uow_factory: UnitOfWorkFactory, now: datetime, team_id: str, round_id: int
) -> FeedbackSummary | None:
    """FeedbackService.summary_message, at `now`."""
    with uow_factory() as uow:
        round_ = uow.feedback.round_by_id(team_id, round_id)
        if round_ is None or round_.withdrawn_at is not None or round_.organiser_id is None:
            return None
        if round_.subject.kind is not SubjectKind.EVENT:
            return None
        event = uow.events.get(team_id, round_.subject.id)
        if event is None or event.cancelled:
            return None
        prompts = uow.feedback.prompts(round_.id)
    return FeedbackSummary(round_, event, tally(prompts, now=now), not round_.is_open(now))


def prompt_message(
    uow_factory: UnitOfWorkFactory,
    now: datetime,
    team_id: str,
    prompt_id: int,
    *,
    reminder: bool = False,
) -> PromptView | None:
    """The prompt (or its reminder) as it should be sent now; None when it should not be
    sent any more: answered (a reminder), closed, withdrawn, cancelled, the person erased or
    opted out."""
    with uow_factory() as uow:
        prompt = uow.feedback.prompt(team_id, prompt_id)
        if prompt is None or prompt.user_id is None or not prompt.round.is_open(now):
            return None
        if reminder and prompt.answered:
            return None
        if uow.feedback.opted_out(team_id, [prompt.user_id]):
            return None
        view = prompt_view(uow, prompt, now=now)
        if prompt.subject.kind is SubjectKind.EVENT and (
            view.event is None or view.event.cancelled
        ):
            return None
        if reminder:
            uow.feedback.mark_reminded(prompt.id, now=now)
            uow.commit()
    return view


def follow_up_message(
    uow_factory: UnitOfWorkFactory, timing: Timing, now: datetime, team_id: str, prompt_id: int
) -> PromptView | None:
    """The follow-up as it should be sent now, or None (answered, erased, opted out)."""
    with uow_factory() as uow:
        prompt = uow.feedback.prompt(team_id, prompt_id)
        if prompt is None or prompt.user_id is None or prompt.follow_up_due_at is None:
            return None
        if prompt.follow_up_answered_at is not None:
            return None
        if uow.feedback.opted_out(team_id, [prompt.user_id]):
            return None
        view = prompt_view(uow, prompt, now=now)
        closes = prompt.follow_up_due_at + timing.window
    return replace(view, closes_at=closes, is_open=now < closes)


def summary(
    uow_factory: UnitOfWorkFactory,
    now: datetime,
    permissions: Permissions,
    team_id: str,
    viewer: str,
    event_id: int,
) -> FeedbackSummary:
    """FeedbackService.summary, at `now`."""
    with uow_factory() as uow:
        event = uow.events.get(team_id, event_id)
        if event is None:
            raise NotFoundError(N_("feedback.errors.no_event"))
        if not permissions.may_read_feedback(team_id, viewer, event.organiser_id):
            raise NotAllowedError(N_("feedback.errors.not_your_event"))
        round_ = uow.feedback.round(team_id, Subject.event(event_id))
        if round_ is None:
            raise DomainError(
                N_("feedback.errors.cancelled")
                if event.cancelled
                else N_("feedback.errors.not_asked_yet")
            )
        prompts = uow.feedback.prompts(round_.id)
    return FeedbackSummary(round_, event, tally(prompts, now=now), not round_.is_open(now))


def summaries(
    uow_factory: UnitOfWorkFactory,
    now: datetime,
    permissions: Permissions,
    team_id: str,
    viewer: str,
    *,
    text: str = "",
    limit: int = SUMMARIES_SHOWN,
) -> tuple[SummaryLine, ...]:
    """FeedbackService.summaries, at `now`."""
    words = [w for w in _fold(text).split() if w]
    # Organisers read every event's feedback; anyone else only their own events'.
    everyone = permissions.may_organise(team_id, viewer)
    lines: list[SummaryLine] = []
    with uow_factory() as uow:
        rounds = uow.feedback.event_rounds(
            team_id, organiser_id=None if everyone else viewer, limit=ROUNDS_READ
        )
        for round_ in rounds:
            event = uow.events.get(team_id, round_.subject.id)
            if event is None or event.cancelled:
                continue
            if words and not all(w in _fold(event.title) for w in words):
                continue
            counted = tally(uow.feedback.prompts(round_.id), now=now)
            lines.append(
                SummaryLine(
                    round_,
                    event,
                    counted.asked,
                    counted.responses,
                    counted.average,
                    not round_.is_open(now),
                )
            )
            if len(lines) >= limit:
                break
    return tuple(lines)


def export_csv(uow_factory: UnitOfWorkFactory, found: FeedbackSummary) -> str:
    """The responses behind `found` (a summary the viewer may see, with enough answers) as
    CSV, one row each, in no telling order; anonymous ones without a name."""
    with uow_factory() as uow:
        prompts = [p for p in uow.feedback.prompts(found.round.id) if p.answered]
    prompts.sort(key=lambda p: (zlib.crc32(f"{p.round.id}:{p.id}".encode()), p.id))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "respondent",
            "answered_at",
            "rating",
            *(m.value for m in MEASURES),
            "what_worked",
            "could_be_better",
            *(o.value for o in FOLLOW_UP_OUTCOMES),
        ]
    )
    for prompt in prompts:
        answers = prompt.answers
        agreed = answers.agreements
        followed = prompt.follow_up_answered_at is not None
        writer.writerow(
            [
                "" if answers.anonymous or prompt.user_id is None else prompt.user_id,
                prompt.answered_at.isoformat() if prompt.answered_at else "",
                answers.rating or "",
                *(
                    (Agreement.AGREE if agreed[m] else Agreement.DISAGREE).value
                    if m in agreed
                    else ""
                    for m in MEASURES
                ),
                safe_cell(answers.what_worked or ""),
                safe_cell(answers.could_be_better or ""),
                *(
                    ("yes" if o in prompt.follow_up else "no") if followed else ""
                    for o in FOLLOW_UP_OUTCOMES
                ),
            ]
        )
    return out.getvalue()


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def feedback_export(uow: UnitOfWork, team_id: str, user_id: str) -> dict[str, object] | None:
    """What feedback holds about the person (for /whoswho export), inside the caller's unit of
    work; None when nothing."""
    prompts = uow.feedback.prompts_of(team_id, user_id)
    opted_out = bool(uow.feedback.opted_out(team_id, [user_id]))
    if not prompts and not opted_out:
        return None
    answers = []
    for prompt in prompts:
        subject = prompt.subject
        event = uow.events.get(team_id, subject.id) if subject.kind is SubjectKind.EVENT else None
        given = prompt.answers
        answers.append(
            {
                "about": subject.kind.value,
                "event": event.title if event else None,
                "mentoring_group": subject.id
                if subject.kind is SubjectKind.MENTORING_GROUP
                else None,
                "asked_at": prompt.asked_at.isoformat(),
                "answered_at": prompt.answered_at.isoformat() if prompt.answered_at else None,
                "rating": given.rating,
                "statements": {m.value: ("agree" if a else "disagree") for m, a in given.measures},
                "what_worked": given.what_worked,
                "could_be_better": given.could_be_better,
                "anonymous": given.anonymous,
                "follow_up": [o.value for o in prompt.follow_up]
                if prompt.follow_up_answered_at
                else None,
            }
        )
    return {"asked_not_to_be_asked": opted_out, "answers": answers}
