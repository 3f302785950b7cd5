"""Feedback: rounds of asking, the prompts and answers of each, opt-outs, and the impact
report's facts. SQL in, dataclasses out.

The rounds live here; each other part is a repository of its own, and this one is all of them
together, as the unit of work's `feedback`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update

from bot.domain.events import ERASED_ORGANISER, EventStatus
from bot.domain.feedback import FeedbackRound, SubjectKind
from storage.event_repository import SqlAlchemyEventRepository
from storage.feedback_opt_out_repository import SqlAlchemyFeedbackOptOutRepository
from storage.feedback_prompt_repository import SqlAlchemyFeedbackPromptRepository
from storage.feedback_rows import feedback_round, subject_is
from storage.impact_report_repository import SqlAlchemyImpactReportRepository
from storage.models import EventRow, FeedbackOptOutRow, FeedbackPromptRow, FeedbackRoundRow

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.events import Event
    from bot.domain.feedback import Subject


class SqlAlchemyFeedbackRepository(
    SqlAlchemyFeedbackPromptRepository,
    SqlAlchemyFeedbackOptOutRepository,
    SqlAlchemyImpactReportRepository,
):
    # Rounds ---------------------------------------------------------------------------------

    def events_to_ask(
        self,
        *,
        ended_after: datetime,
        ended_before: datetime,
        limit: int,
        started_by: datetime | None = None,
    ) -> list[Event]:
        asked = (
            select(FeedbackRoundRow.id)
            .where(
                FeedbackRoundRow.team_id == EventRow.team_id,
                FeedbackRoundRow.subject_kind == SubjectKind.EVENT.value,
                FeedbackRoundRow.subject_id == EventRow.id,
                FeedbackRoundRow.occasion == 0,
            )
            .exists()
        )
        ids = list(
            self._session.scalars(
                select(EventRow.id)
                .where(
                    EventRow.status == EventStatus.SCHEDULED.value,
                    EventRow.ends_at > ended_after,
                    EventRow.ends_at <= ended_before,
                    EventRow.starts_at <= (ended_before if started_by is None else started_by),
                    ~asked,
                )
                .order_by(EventRow.ends_at, EventRow.id)
                .limit(limit)
            )
        )
        if not ids:
            return []
        events = SqlAlchemyEventRepository(self._session)
        rows = self._session.execute(
            select(EventRow.team_id, EventRow.id).where(EventRow.id.in_(ids))
        )
        teams = {int(event_id): str(team) for team, event_id in rows}
        found = (events.get(teams[event_id], event_id) for event_id in ids)
        return [event for event in found if event is not None]

    def open_round(
        self,
        team_id: str,
        subject: Subject,
        *,
        organiser_id: str | None,
        now: datetime,
        closes_at: datetime,
    ) -> FeedbackRound | None:
        written = self._inserted(
            self._insert(FeedbackRoundRow)
            .values(
                team_id=team_id,
                subject_kind=subject.kind.value,
                subject_id=subject.id,
                occasion=subject.occasion,
                # An event whose organiser was erased has nobody to hear its summary.
                organiser_id=None if organiser_id == ERASED_ORGANISER else organiser_id,
                opened_at=now,
                closes_at=closes_at,
            )
            .on_conflict_do_nothing(
                index_elements=["team_id", "subject_kind", "subject_id", "occasion"]
            ),
            FeedbackRoundRow.id,
        )
        return self.round(team_id, subject) if written else None

    def round(self, team_id: str, subject: Subject) -> FeedbackRound | None:
        row = self._session.scalars(
            select(FeedbackRoundRow).where(
                FeedbackRoundRow.team_id == team_id, *subject_is(subject)
            )
        ).one_or_none()
        return feedback_round(row) if row else None

    def round_by_id(self, team_id: str, round_id: int) -> FeedbackRound | None:
        row = self._session.scalars(
            select(FeedbackRoundRow).where(
                FeedbackRoundRow.team_id == team_id, FeedbackRoundRow.id == round_id
            )
        ).one_or_none()
        return feedback_round(row) if row else None

    def rounds_to_close(self, *, now: datetime, limit: int) -> list[FeedbackRound]:
        rows = self._session.scalars(
            select(FeedbackRoundRow)
            .where(FeedbackRoundRow.closed_at.is_(None), FeedbackRoundRow.closes_at <= now)
            .order_by(FeedbackRoundRow.closes_at, FeedbackRoundRow.id)
            .limit(limit)
        )
        return [feedback_round(row) for row in rows]

    def close_round(self, round_id: int, *, now: datetime) -> bool:
        result = self._session.execute(
            update(FeedbackRoundRow)
            .where(FeedbackRoundRow.id == round_id, FeedbackRoundRow.closed_at.is_(None))
            .values(closed_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def withdraw_round(self, round_id: int, *, now: datetime) -> bool:
        result = self._session.execute(
            update(FeedbackRoundRow)
            .where(FeedbackRoundRow.id == round_id, FeedbackRoundRow.withdrawn_at.is_(None))
            .values(withdrawn_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def event_rounds(
        self, team_id: str, *, organiser_id: str | None, limit: int
    ) -> list[FeedbackRound]:
        query = select(FeedbackRoundRow).where(
            FeedbackRoundRow.team_id == team_id,
            FeedbackRoundRow.subject_kind == SubjectKind.EVENT.value,
            FeedbackRoundRow.withdrawn_at.is_(None),
        )
        if organiser_id is not None:
            query = query.where(FeedbackRoundRow.organiser_id == organiser_id)
        rows = self._session.scalars(
            query.order_by(FeedbackRoundRow.opened_at.desc(), FeedbackRoundRow.id.desc()).limit(
                limit
            )
        )
        return [feedback_round(row) for row in rows]

    # A person's data ------------------------------------------------------------------------

    def erase_person(self, team_id: str, user_id: str) -> int:
        """The person's answers lose their name and their words (the ratings, agree/disagree
        answers and follow-up choices stay, anonymously, in the totals); rounds they organised
        have nobody to tell; their "don't ask me" goes. How many rows changed."""
        prompts = self._session.execute(
            update(FeedbackPromptRow)
            .where(FeedbackPromptRow.team_id == team_id, FeedbackPromptRow.user_id == user_id)
            .values(user_id=None, what_worked=None, could_be_better=None, anonymous=True)
            .execution_options(synchronize_session=False)
        )
        rounds = self._session.execute(
            update(FeedbackRoundRow)
            .where(FeedbackRoundRow.team_id == team_id, FeedbackRoundRow.organiser_id == user_id)
            .values(organiser_id=None)
            .execution_options(synchronize_session=False)
        )
        opt_out = self._session.execute(
            delete(FeedbackOptOutRow).where(
                FeedbackOptOutRow.team_id == team_id, FeedbackOptOutRow.user_id == user_id
            )
        )
        counts: list[int] = [
            result.rowcount  # type: ignore[attr-defined]
            for result in (prompts, rounds, opt_out)
        ]
        return sum(counts)
