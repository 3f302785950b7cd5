"""Feedback prompts: who was asked in a round, and what they answered (the rating, the
measures, the comments and the follow-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, or_, select, update

from storage.feedback_rows import feedback_prompt, feedback_round, subject_is
from storage.models import FeedbackPromptRow, FeedbackRoundRow
from storage.sql import SessionRepository

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.feedback import Answers, FeedbackPrompt, FollowUpOutcome, Subject


class SqlAlchemyFeedbackPromptRepository(SessionRepository):
    def _prompts(self, query: Any) -> list[FeedbackPrompt]:
        return [
            feedback_prompt(prompt, feedback_round(round_))
            for prompt, round_ in self._session.execute(
                query.join(FeedbackRoundRow, FeedbackRoundRow.id == FeedbackPromptRow.round_id)
            )
        ]

    def _select(self) -> Any:
        return select(FeedbackPromptRow, FeedbackRoundRow)

    def add_prompt(
        self,
        round_id: int,
        team_id: str,
        user_id: str,
        *,
        asked_at: datetime,
        remind_at: datetime | None,
    ) -> FeedbackPrompt | None:
        written = self._inserted(
            self._insert(FeedbackPromptRow)
            .values(
                round_id=round_id,
                team_id=team_id,
                user_id=user_id,
                asked_at=asked_at,
                remind_at=remind_at,
                measures={},
                anonymous=False,
                follow_up=[],
                updated_at=asked_at,
            )
            .on_conflict_do_nothing(index_elements=["round_id", "user_id"]),
            FeedbackPromptRow.id,
        )
        if not written:
            return None
        found = self._prompts(
            self._select().where(
                FeedbackPromptRow.round_id == round_id, FeedbackPromptRow.user_id == user_id
            )
        )
        return found[0] if found else None

    def prompt(self, team_id: str, prompt_id: int) -> FeedbackPrompt | None:
        found = self._prompts(
            self._select().where(
                FeedbackPromptRow.team_id == team_id, FeedbackPromptRow.id == prompt_id
            )
        )
        return found[0] if found else None

    def prompt_of(self, team_id: str, subject: Subject, user_id: str) -> FeedbackPrompt | None:
        found = self._prompts(
            self._select().where(
                FeedbackPromptRow.team_id == team_id,
                FeedbackPromptRow.user_id == user_id,
                *subject_is(subject),
            )
        )
        return found[0] if found else None

    def delete_prompt(self, prompt_id: int) -> bool:
        """Forget a prompt that was never sent nor answered (its question was withdrawn)."""
        result = self._session.execute(
            delete(FeedbackPromptRow).where(
                FeedbackPromptRow.id == prompt_id, FeedbackPromptRow.answered_at.is_(None)
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def prompts(self, round_id: int) -> list[FeedbackPrompt]:
        return self._prompts(
            self._select()
            .where(FeedbackPromptRow.round_id == round_id)
            .order_by(FeedbackPromptRow.id)
        )

    def prompts_of(self, team_id: str, user_id: str) -> list[FeedbackPrompt]:
        return self._prompts(
            self._select()
            .where(FeedbackPromptRow.team_id == team_id, FeedbackPromptRow.user_id == user_id)
            .order_by(FeedbackPromptRow.asked_at, FeedbackPromptRow.id)
        )

    def awaiting(self, team_id: str, user_id: str, *, now: datetime) -> list[FeedbackPrompt]:
        return self._prompts(
            self._select()
            .where(
                FeedbackPromptRow.team_id == team_id,
                FeedbackPromptRow.user_id == user_id,
                FeedbackPromptRow.answered_at.is_(None),
                FeedbackRoundRow.opened_at <= now,  # asked ahead of time: not until then
                FeedbackRoundRow.closes_at > now,
                FeedbackRoundRow.withdrawn_at.is_(None),
            )
            .order_by(FeedbackPromptRow.asked_at, FeedbackPromptRow.id)
        )

    def save_answers(
        self, prompt_id: int, answers: Answers, *, now: datetime, details: bool
    ) -> bool:
        values: dict[str, Any] = {
            "rating": answers.rating,
            "measures": {m.value: agreed for m, agreed in answers.measures},
            "what_worked": answers.what_worked,
            "could_be_better": answers.could_be_better,
            "anonymous": answers.anonymous,
            "answered_at": func.coalesce(FeedbackPromptRow.answered_at, now),
            "updated_at": now,
        }
        if details:
            values["details_at"] = now
        result = self._session.execute(
            update(FeedbackPromptRow)
            .where(FeedbackPromptRow.id == prompt_id, FeedbackPromptRow.user_id.is_not(None))
            .values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def mark_reminded(self, prompt_id: int, *, now: datetime) -> bool:
        result = self._session.execute(
            update(FeedbackPromptRow)
            .where(FeedbackPromptRow.id == prompt_id, FeedbackPromptRow.reminded_at.is_(None))
            .values(reminded_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def set_follow_up_due(self, prompt_id: int, due_at: datetime) -> bool:
        result = self._session.execute(
            update(FeedbackPromptRow)
            .where(
                FeedbackPromptRow.id == prompt_id,
                FeedbackPromptRow.follow_up_due_at.is_(None),
            )
            .values(follow_up_due_at=due_at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def follow_up_due_between(
        self, team_id: str, user_id: str, *, start: datetime, end: datetime
    ) -> bool:
        found = self._session.scalar(
            select(func.count())
            .select_from(FeedbackPromptRow)
            .where(
                FeedbackPromptRow.team_id == team_id,
                FeedbackPromptRow.user_id == user_id,
                FeedbackPromptRow.follow_up_due_at >= start,
                FeedbackPromptRow.follow_up_due_at <= end,
            )
        )
        return bool(found)

    def answer_follow_up(
        self, prompt_id: int, outcomes: Sequence[FollowUpOutcome], *, now: datetime
    ) -> bool:
        result = self._session.execute(
            update(FeedbackPromptRow)
            .where(FeedbackPromptRow.id == prompt_id, FeedbackPromptRow.user_id.is_not(None))
            .values(
                follow_up=[o.value for o in outcomes],
                follow_up_answered_at=func.coalesce(FeedbackPromptRow.follow_up_answered_at, now),
                updated_at=now,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def delete_comments(self, *, before: datetime) -> int:
        result = self._session.execute(
            update(FeedbackPromptRow)
            .where(
                FeedbackPromptRow.details_at < before,
                or_(
                    FeedbackPromptRow.what_worked.is_not(None),
                    FeedbackPromptRow.could_be_better.is_not(None),
                ),
            )
            .values(what_worked=None, could_be_better=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
