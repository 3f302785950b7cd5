"""The impact report's facts: events and who went, groups and their members, meetings
confirmed, feedback asked and answered, and each person's organisation, in a period."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select

from bot.domain.events import EventStatus, RsvpStatus
from bot.domain.feedback import Gathering, MeetingFact, PromptFact, SubjectKind
from bot.domain.growth import ProfileFact, SearchTally, WelcomeFact
from bot.domain.mentoring_programme import CheckInAnswer
from storage.feedback_rows import measures
from storage.models import (
    ChannelLinkRow,
    EventRow,
    FeedbackPromptRow,
    FeedbackRoundRow,
    MentoringCheckinRow,
    MentoringGroupRow,
    MentoringMemberRow,
    ProfileRow,
    RsvpRow,
    WeeklySearchesRow,
    WelcomeRow,
)
from storage.sql import SessionRepository, chunks

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable
    from datetime import date, datetime

    from sqlalchemy import ColumnElement


def _team(column: Any, team_id: str | None) -> list[ColumnElement[bool]]:
    return [] if team_id is None else [column == team_id]


class SqlAlchemyImpactReportRepository(SessionRepository):
    def _going(self, event_ids: Collection[int]) -> dict[int, tuple[str, ...]]:
        people: defaultdict[int, list[str]] = defaultdict(list)
        for chunk in chunks(event_ids):
            rows = self._session.execute(
                select(RsvpRow.event_id, RsvpRow.user_id)
                .where(RsvpRow.event_id.in_(chunk), RsvpRow.status == RsvpStatus.GOING.value)
                .order_by(RsvpRow.event_id, RsvpRow.queued_at, RsvpRow.id)
            )
            for event_id, user_id in rows:
                people[int(event_id)].append(str(user_id))
        return {event_id: tuple(users) for event_id, users in people.items()}

    def _members(self, group_ids: Collection[int]) -> dict[int, tuple[str, ...]]:
        people: defaultdict[int, list[str]] = defaultdict(list)
        for chunk in chunks(group_ids):
            rows = self._session.execute(
                select(MentoringMemberRow.group_id, MentoringMemberRow.user_id)
                .where(MentoringMemberRow.group_id.in_(chunk))
                .order_by(MentoringMemberRow.group_id, MentoringMemberRow.position)
            )
            for group_id, user_id in rows:
                people[int(group_id)].append(str(user_id))
        return {group_id: tuple(users) for group_id, users in people.items()}

    def _events(self, rows: Iterable[EventRow]) -> list[Gathering]:
        found = list(rows)
        going = self._going([row.id for row in found])
        return [
            Gathering(
                team_id=row.team_id,
                kind=SubjectKind.EVENT,
                id=row.id,
                region_code=row.region_code or None,
                at=row.ends_at,
                people=going.get(row.id, ()),
            )
            for row in found
        ]

    def _groups(self, rows: Iterable[MentoringGroupRow]) -> list[Gathering]:
        found = list(rows)
        members = self._members([row.id for row in found])
        return [
            Gathering(
                team_id=row.team_id,
                kind=SubjectKind.MENTORING_GROUP,
                id=row.id,
                region_code=row.region_code,
                at=row.created_at,
                people=members.get(row.id, ()),
            )
            for row in found
        ]

    def report_events(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[Gathering]:
        rows = self._session.scalars(
            select(EventRow)
            .where(
                *_team(EventRow.team_id, team_id),
                EventRow.status == EventStatus.SCHEDULED.value,
                EventRow.ends_at >= start,
                EventRow.ends_at < end,
            )
            .order_by(EventRow.ends_at, EventRow.id)
        )
        return self._events(rows)

    def report_groups(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[Gathering]:
        rows = self._session.scalars(
            select(MentoringGroupRow)
            .where(
                *_team(MentoringGroupRow.team_id, team_id),
                MentoringGroupRow.created_at >= start,
                MentoringGroupRow.created_at < end,
            )
            .order_by(MentoringGroupRow.created_at, MentoringGroupRow.id)
        )
        return self._groups(rows)

    def report_meetings(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[MeetingFact]:
        first = (
            select(
                MentoringCheckinRow.group_id,
                MentoringCheckinRow.round,
                func.min(MentoringCheckinRow.answered_at).label("confirmed_at"),
            )
            .where(
                *_team(MentoringCheckinRow.team_id, team_id),
                MentoringCheckinRow.answer == CheckInAnswer.MET.value,
                MentoringCheckinRow.answered_at.is_not(None),
            )
            .group_by(MentoringCheckinRow.group_id, MentoringCheckinRow.round)
            .subquery()
        )
        found = self._session.execute(
            select(first.c.group_id, first.c.round, first.c.confirmed_at)
            .where(first.c.confirmed_at >= start, first.c.confirmed_at < end)
            .order_by(first.c.confirmed_at, first.c.group_id, first.c.round)
        ).all()
        if not found:
            return []
        ids = {int(row[0]) for row in found}
        groups: dict[int, Gathering] = {}
        for chunk in chunks(ids):
            for gathering in self._groups(
                self._session.scalars(
                    select(MentoringGroupRow).where(MentoringGroupRow.id.in_(chunk))
                )
            ):
                groups[gathering.id] = gathering
        return [
            MeetingFact(groups[int(group_id)], int(round_), when)
            for group_id, round_, when in found
            if int(group_id) in groups
        ]

    def report_prompts(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[PromptFact]:
        in_period = or_(
            and_(FeedbackPromptRow.asked_at >= start, FeedbackPromptRow.asked_at < end),
            and_(FeedbackPromptRow.answered_at >= start, FeedbackPromptRow.answered_at < end),
        )
        rows = self._session.execute(
            select(FeedbackPromptRow, FeedbackRoundRow)
            .join(FeedbackRoundRow, FeedbackRoundRow.id == FeedbackPromptRow.round_id)
            .where(
                *_team(FeedbackPromptRow.team_id, team_id),
                FeedbackRoundRow.withdrawn_at.is_(None),
                in_period,
            )
            .order_by(FeedbackPromptRow.id)
        ).all()
        if not rows:
            return []
        subjects = self._subjects({(SubjectKind(r.subject_kind), r.subject_id) for _, r in rows})
        facts = []
        for prompt, round_ in rows:
            subject = subjects.get((SubjectKind(round_.subject_kind), round_.subject_id))
            if subject is None:  # its event or group was deleted
                continue
            facts.append(
                PromptFact(
                    team_id=prompt.team_id,
                    subject=subject,
                    user_id=prompt.user_id,
                    asked_at=prompt.asked_at,
                    answered_at=prompt.answered_at,
                    rating=prompt.rating,
                    measures=dict(measures(prompt.measures)),
                )
            )
        return facts

    def _subjects(
        self, keys: set[tuple[SubjectKind, int]]
    ) -> dict[tuple[SubjectKind, int], Gathering]:
        events = [i for kind, i in keys if kind is SubjectKind.EVENT]
        groups = [i for kind, i in keys if kind is SubjectKind.MENTORING_GROUP]
        found: dict[tuple[SubjectKind, int], Gathering] = {}
        for chunk in chunks(events):
            rows = self._session.scalars(
                select(EventRow).where(
                    EventRow.id.in_(chunk), EventRow.status == EventStatus.SCHEDULED.value
                )
            )
            found.update({(g.kind, g.id): g for g in self._events(rows)})
        for chunk in chunks(groups):
            rows_ = self._session.scalars(
                select(MentoringGroupRow).where(MentoringGroupRow.id.in_(chunk))
            )
            found.update({(g.kind, g.id): g for g in self._groups(rows_)})
        return found

    def report_organisations(self, team_id: str | None) -> dict[tuple[str, str], str]:
        rows = self._session.execute(
            select(ProfileRow.team_id, ProfileRow.user_id, ProfileRow.organisation).where(
                *_team(ProfileRow.team_id, team_id)
            )
        )
        return {(str(team), str(user)): str(org) for team, user, org in rows}

    # Growth ---------------------------------------------------------------------------------

    def report_profiles(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[ProfileFact]:
        """Profiles created, or last confirmed, in [start, end)."""
        rows = self._session.execute(
            select(
                ProfileRow.team_id,
                ProfileRow.place_id,
                ProfileRow.created_at,
                ProfileRow.confirmed_at,
            )
            .where(
                *_team(ProfileRow.team_id, team_id),
                or_(
                    and_(ProfileRow.created_at >= start, ProfileRow.created_at < end),
                    and_(ProfileRow.confirmed_at >= start, ProfileRow.confirmed_at < end),
                ),
            )
            .order_by(ProfileRow.id)
        )
        return [
            ProfileFact(str(team), int(place), created, confirmed)
            for team, place, created, confirmed in rows
        ]

    def report_searches(
        self, team_id: str | None, *, first_week: date, last_day: date
    ) -> list[SearchTally]:
        """The weekly search tallies of the weeks starting from `first_week` to `last_day`."""
        rows = self._session.execute(
            select(
                WeeklySearchesRow.team_id,
                WeeklySearchesRow.week_start,
                WeeklySearchesRow.region_code,
                WeeklySearchesRow.searches,
                WeeklySearchesRow.found,
            )
            .where(
                *_team(WeeklySearchesRow.team_id, team_id),
                WeeklySearchesRow.week_start >= first_week,
                WeeklySearchesRow.week_start <= last_day,
            )
            .order_by(WeeklySearchesRow.week_start, WeeklySearchesRow.region_code)
        )
        return [
            SearchTally(str(team), week, str(region) or None, int(searches), int(found))
            for team, week, region, searches, found in rows
        ]

    def report_welcomes(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[WelcomeFact]:
        """Welcomes sent (decided in [start, end)), each with its channel's region and whether
        its person created a profile after it."""
        rows = self._session.execute(
            select(WelcomeRow.team_id, WelcomeRow.channel_id, WelcomeRow.welcomed_at, ProfileRow.id)
            .outerjoin(
                ProfileRow,
                and_(
                    ProfileRow.team_id == WelcomeRow.team_id,
                    ProfileRow.user_id == WelcomeRow.user_id,
                    ProfileRow.created_at > WelcomeRow.welcomed_at,
                ),
            )
            .where(
                *_team(WelcomeRow.team_id, team_id),
                WelcomeRow.sent_at.is_not(None),
                WelcomeRow.welcomed_at >= start,
                WelcomeRow.welcomed_at < end,
            )
            .order_by(WelcomeRow.id)
        ).all()
        regions: dict[tuple[str, str], str] = {}
        links = self._session.execute(
            select(ChannelLinkRow.team_id, ChannelLinkRow.channel_id, ChannelLinkRow.region_code)
            .where(*_team(ChannelLinkRow.team_id, team_id))
            .order_by(ChannelLinkRow.created_at.desc(), ChannelLinkRow.id.desc())
        )
        for team, channel, region in links:  # the channel's first link wins
            regions[(str(team), str(channel))] = str(region)
        return [
            WelcomeFact(
                str(team), welcomed, regions.get((str(team), str(channel))), profile is not None
            )
            for team, channel, welcomed, profile in rows
        ]
