"""Feedback rounds, prompts, opt-outs and the impact report's facts: SQL in, dataclasses out."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.domain.events import ERASED_ORGANISER, EventStatus, RsvpStatus
from bot.domain.feedback import (
    MEASURES,
    Answers,
    FeedbackPrompt,
    FeedbackRound,
    FollowUpOutcome,
    Gathering,
    MeetingFact,
    PromptFact,
    Subject,
    SubjectKind,
)
from bot.domain.mentoring_programme import CheckInAnswer
from storage.event_repository import SqlAlchemyEventRepository
from storage.models import (
    Base,
    EventRow,
    FeedbackOptOutRow,
    FeedbackPromptRow,
    FeedbackRoundRow,
    MentoringCheckinRow,
    MentoringGroupRow,
    MentoringMemberRow,
    ProfileRow,
    RsvpRow,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence
    from datetime import datetime

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from bot.domain.events import Event

IN_CHUNK = 500  # ids per IN (...) list: well inside both databases' limits on parameters


def _round(row: FeedbackRoundRow) -> FeedbackRound:
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


def _measures(stored: dict[str, bool] | None) -> tuple[tuple[Any, bool], ...]:
    found = stored or {}
    return tuple((m, bool(found[m.value])) for m in MEASURES if m.value in found)


def _prompt(row: FeedbackPromptRow, round_: FeedbackRound) -> FeedbackPrompt:
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
            measures=_measures(row.measures),
            what_worked=row.what_worked,
            could_be_better=row.could_be_better,
            anonymous=row.anonymous,
        ),
        follow_up_due_at=row.follow_up_due_at,
        follow_up_answered_at=row.follow_up_answered_at,
        follow_up=tuple(FollowUpOutcome(o) for o in row.follow_up or ()),
    )


def _subject_is(subject: Subject) -> list[ColumnElement[bool]]:
    return [
        FeedbackRoundRow.subject_kind == subject.kind.value,
        FeedbackRoundRow.subject_id == subject.id,
        FeedbackRoundRow.occasion == subject.occasion,
    ]


def _chunks(items: Collection[int]) -> list[list[int]]:
    ordered = sorted(items)
    return [ordered[i : i + IN_CHUNK] for i in range(0, len(ordered), IN_CHUNK)]


def _team(column: Any, team_id: str | None) -> list[ColumnElement[bool]]:
    return [] if team_id is None else [column == team_id]


class SqlAlchemyFeedbackRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _insert(self, table: type[Base]) -> Any:
        """INSERT with ON CONFLICT, in the dialect of the database at hand."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        return insert(table)

    def _inserted(self, statement: Any, column: Any) -> bool:
        """Run an INSERT ... ON CONFLICT DO NOTHING; whether it wrote its row. (psycopg gives
        no row count for an INSERT, so the row is asked back where the database can.)"""
        if self._session.get_bind().dialect.insert_returning:
            return self._session.execute(statement.returning(column)).first() is not None
        return bool(self._session.execute(statement).rowcount)  # type: ignore[attr-defined]

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
                FeedbackRoundRow.team_id == team_id, *_subject_is(subject)
            )
        ).one_or_none()
        return _round(row) if row else None

    def round_by_id(self, team_id: str, round_id: int) -> FeedbackRound | None:
        row = self._session.scalars(
            select(FeedbackRoundRow).where(
                FeedbackRoundRow.team_id == team_id, FeedbackRoundRow.id == round_id
            )
        ).one_or_none()
        return _round(row) if row else None

    def rounds_to_close(self, *, now: datetime, limit: int) -> list[FeedbackRound]:
        rows = self._session.scalars(
            select(FeedbackRoundRow)
            .where(FeedbackRoundRow.closed_at.is_(None), FeedbackRoundRow.closes_at <= now)
            .order_by(FeedbackRoundRow.closes_at, FeedbackRoundRow.id)
            .limit(limit)
        )
        return [_round(row) for row in rows]

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
        return [_round(row) for row in rows]

    # Prompts --------------------------------------------------------------------------------

    def _prompts(self, query: Any) -> list[FeedbackPrompt]:
        return [
            _prompt(prompt, _round(round_))
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
                *_subject_is(subject),
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

    # Opt-outs -------------------------------------------------------------------------------

    def opt_out(self, team_id: str, user_id: str, *, now: datetime) -> bool:
        return self._inserted(
            self._insert(FeedbackOptOutRow)
            .values(team_id=team_id, user_id=user_id, created_at=now)
            .on_conflict_do_nothing(index_elements=["team_id", "user_id"]),
            FeedbackOptOutRow.user_id,
        )

    def opt_in(self, team_id: str, user_id: str) -> bool:
        result = self._session.execute(
            delete(FeedbackOptOutRow).where(
                FeedbackOptOutRow.team_id == team_id, FeedbackOptOutRow.user_id == user_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def opted_out(self, team_id: str, user_ids: Collection[str]) -> set[str]:
        found: set[str] = set()
        ordered = sorted(user_ids)
        for start in range(0, len(ordered), IN_CHUNK):
            found.update(
                self._session.scalars(
                    select(FeedbackOptOutRow.user_id).where(
                        FeedbackOptOutRow.team_id == team_id,
                        FeedbackOptOutRow.user_id.in_(ordered[start : start + IN_CHUNK]),
                    )
                )
            )
        return found

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

    # The impact report ----------------------------------------------------------------------

    def _going(self, event_ids: Collection[int]) -> dict[int, tuple[str, ...]]:
        people: defaultdict[int, list[str]] = defaultdict(list)
        for chunk in _chunks(event_ids):
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
        for chunk in _chunks(group_ids):
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
        for chunk in _chunks(ids):
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
                    measures=dict(_measures(prompt.measures)),
                )
            )
        return facts

    def _subjects(
        self, keys: set[tuple[SubjectKind, int]]
    ) -> dict[tuple[SubjectKind, int], Gathering]:
        events = [i for kind, i in keys if kind is SubjectKind.EVENT]
        groups = [i for kind, i in keys if kind is SubjectKind.MENTORING_GROUP]
        found: dict[tuple[SubjectKind, int], Gathering] = {}
        for chunk in _chunks(events):
            rows = self._session.scalars(
                select(EventRow).where(
                    EventRow.id.in_(chunk), EventRow.status == EventStatus.SCHEDULED.value
                )
            )
            found.update({(g.kind, g.id): g for g in self._events(rows)})
        for chunk in _chunks(groups):
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
