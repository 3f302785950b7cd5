"""The records that name a person outside their own profile, sign-up and answers, read for
their export (`/whoswho export`). Each read finds the person the way `/whoswho forget` does,
by the same column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import case, func, or_, select

from bot.domain.events import RsvpStatus
from bot.domain.person_records import (
    ClosedCycle,
    InstallationMade,
    MessageNamingPerson,
    OrganisedEvent,
    OrganisedFeedbackRound,
)
from storage.models import (
    EventRow,
    FeedbackPromptRow,
    FeedbackRoundRow,
    MentoringCycleRow,
    OutboxPersonRow,
    OutboxRow,
    RsvpRow,
    SlackInstallationRow,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class SqlAlchemyPersonRecordRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def events_organised(self, team_id: str, user_id: str) -> list[OrganisedEvent]:
        """Every event the person organised, whatever became of it, oldest first."""
        counts = (
            select(
                RsvpRow.event_id,
                func.sum(case((RsvpRow.status == RsvpStatus.GOING.value, 1), else_=0)).label(
                    "going"
                ),
                func.sum(case((RsvpRow.status == RsvpStatus.WAITLISTED.value, 1), else_=0)).label(
                    "waiting"
                ),
            )
            .group_by(RsvpRow.event_id)
            .subquery()
        )
        rows = self._session.execute(
            select(EventRow, counts.c.going, counts.c.waiting)
            .outerjoin(counts, counts.c.event_id == EventRow.id)
            .where(EventRow.team_id == team_id, EventRow.organiser_id == user_id)
            .order_by(EventRow.starts_at, EventRow.id)
        )
        return [
            OrganisedEvent(
                title=row.title,
                description=row.description,
                status=row.status,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                timezone=row.timezone,
                mode=row.mode,
                venue=row.venue,
                online_url=row.online_url,
                registration_url=row.registration_url,
                capacity=row.capacity,
                going=int(going or 0),
                waitlisted=int(waiting or 0),
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
            for row, going, waiting in rows
        ]

    def feedback_rounds_organised(self, team_id: str, user_id: str) -> list[OrganisedFeedbackRound]:
        """The feedback rounds whose summary is (or was) for the person, oldest first."""
        counts = (
            select(
                FeedbackPromptRow.round_id,
                func.count().label("asked"),
                func.count(FeedbackPromptRow.answered_at).label("answered"),
            )
            .group_by(FeedbackPromptRow.round_id)
            .subquery()
        )
        rows = self._session.execute(
            select(FeedbackRoundRow, counts.c.asked, counts.c.answered)
            .outerjoin(counts, counts.c.round_id == FeedbackRoundRow.id)
            .where(FeedbackRoundRow.team_id == team_id, FeedbackRoundRow.organiser_id == user_id)
            .order_by(FeedbackRoundRow.opened_at, FeedbackRoundRow.id)
        )
        return [
            OrganisedFeedbackRound(
                about=row.subject_kind,
                subject_id=row.subject_id,
                opened_at=row.opened_at,
                closes_at=row.closes_at,
                closed_at=row.closed_at,
                withdrawn_at=row.withdrawn_at,
                asked=int(asked or 0),
                answered=int(answered or 0),
            )
            for row, asked, answered in rows
        ]

    def cycles_closed(self, team_id: str, user_id: str) -> list[ClosedCycle]:
        rows = self._session.scalars(
            select(MentoringCycleRow)
            .where(MentoringCycleRow.team_id == team_id, MentoringCycleRow.closed_by == user_id)
            .order_by(MentoringCycleRow.number)
        )
        return [ClosedCycle(row.number, row.started_at, row.closed_at) for row in rows]

    def messages_naming(self, team_id: str, user_id: str) -> list[MessageNamingPerson]:
        """Every scheduled message to or about the person, sent or not: found as erasure finds
        them, by the people each message names (and, for a message written before that
        index, by the person it is to)."""
        named = select(OutboxPersonRow.outbox_id).where(
            OutboxPersonRow.team_id == team_id, OutboxPersonRow.user_id == user_id
        )
        rows = self._session.scalars(
            select(OutboxRow)
            .where(
                OutboxRow.team_id == team_id,
                or_(OutboxRow.id.in_(named), OutboxRow.payload["user"].as_string() == user_id),
            )
            .order_by(OutboxRow.due_at, OutboxRow.id)
        )
        return [
            MessageNamingPerson(row.kind, row.status, row.due_at, row.created_at, row.updated_at)
            for row in rows
        ]

    def installations_made(self, team_id: str, user_id: str) -> list[InstallationMade]:
        """The installations the person made, here or for the whole organisation (as
        erasure finds them); never their tokens."""
        rows = self._session.scalars(
            select(SlackInstallationRow)
            .where(
                SlackInstallationRow.user_id == user_id,
                or_(
                    SlackInstallationRow.team_id == team_id,
                    SlackInstallationRow.team_id.is_(None),
                ),
            )
            .order_by(SlackInstallationRow.installed_at, SlackInstallationRow.id)
        )
        return [
            InstallationMade(
                workspace=row.team_name or row.enterprise_name,
                organisation_wide=row.is_enterprise_install,
                installed_at=row.installed_at,
                bot_scopes=row.bot_scopes,
                user_scopes=row.user_scopes,
            )
            for row in rows
        ]
