"""Feedback's rows as domain dataclasses, and the conditions its repositories share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.feedback import (
    MEASURES,
    Answers,
    FeedbackPrompt,
    FeedbackRound,
    FollowUpOutcome,
    Subject,
    SubjectKind,
)
from storage.models import FeedbackRoundRow

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from storage.models import FeedbackPromptRow


def feedback_round(row: FeedbackRoundRow) -> FeedbackRound:
    return FeedbackRound(
        id=row.id,
        team_id=row.team_id,
        subject=Subject(SubjectKind(row.subject_kind), row.subject_id, row.occasion),
        organiser_id=row.organiser_id,
        opened_at=row.opened_at,
        closes_at=row.closes_at,
        closed_at=row.closed_at,
        withdrawn_at=row.withdrawn_at,
    )


def measures(stored: dict[str, bool] | None) -> tuple[tuple[Any, bool], ...]:
    found = stored or {}
    return tuple((m, bool(found[m.value])) for m in MEASURES if m.value in found)


def feedback_prompt(row: FeedbackPromptRow, round_: FeedbackRound) -> FeedbackPrompt:
    return FeedbackPrompt(
        id=row.id,
        round=round_,
        user_id=row.user_id,
        asked_at=row.asked_at,
        remind_at=row.remind_at,
        reminded_at=row.reminded_at,
        answered_at=row.answered_at,
        details_at=row.details_at,
        answers=Answers(
            rating=row.rating,
            measures=measures(row.measures),
            what_worked=row.what_worked,
            could_be_better=row.could_be_better,
            anonymous=row.anonymous,
        ),
        follow_up_due_at=row.follow_up_due_at,
        follow_up_answered_at=row.follow_up_answered_at,
        follow_up=tuple(FollowUpOutcome(o) for o in row.follow_up or ()),
    )


def subject_is(subject: Subject) -> list[ColumnElement[bool]]:
    return [
        FeedbackRoundRow.subject_kind == subject.kind.value,
        FeedbackRoundRow.subject_id == subject.id,
        FeedbackRoundRow.occasion == subject.occasion,
    ]
