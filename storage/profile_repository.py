"""Profiles: SQL in, domain dataclasses out (ORM rows never leave this module), with the
search tallies the database keeps beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    any_,
    bindparam,
    delete,
    func,
    literal_column,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY

from bot.domain.people import Profile
from bot.domain.reference import OpenTo
from storage.models import (
    ProfilePlaceCountRow,
    ProfileRow,
    ProfileTermRow,
    SearchTermRow,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from datetime import datetime

    from sqlalchemy.orm import InstrumentedAttribute, Session

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

_PAGE_STREAM = 500
# A topic search reads the people with a word containing its stems when the stems name at
# most this many words; a stem in more ("e") reads every person's text as before.
_MAX_TERMS = 64
_OPEN_TO = frozenset(item.value for item in OpenTo)


def _to_profile(row: ProfileRow) -> Profile:
    return Profile(
        team_id=row.team_id,
        user_id=row.user_id,
        place_id=row.place_id,
        organisation=row.organisation,
        job_title=row.job_title,
        profession=row.profession,
        grade=row.grade,
        can_help=tuple(row.can_help or ()),
        want_to_learn=tuple(row.want_to_learn or ()),
        languages=tuple(row.languages or ()),
        open_to=tuple(OpenTo(item) for item in row.open_to or () if item in _OPEN_TO),
        visible=row.visible,
        active=row.active,
        hidden_reason=row.hidden_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        confirmed_at=row.confirmed_at,
        nudged_at=row.nudged_at,
        listed_to_attendees=row.listed_to_attendees,
        announce_in_digest=row.announce_in_digest,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def profile_values(profile: Profile) -> dict[str, Any]:
    """A profile as the columns of its row (also for bulk loads)."""
    return {
        "team_id": profile.team_id,
        "user_id": profile.user_id,
        "place_id": profile.place_id,
        "organisation": profile.organisation,
        "job_title": profile.job_title,
        "profession": profile.profession,
        "grade": profile.grade,
        "can_help": list(profile.can_help),
        "want_to_learn": list(profile.want_to_learn),
        "languages": list(profile.languages),
        "open_to": [item.value for item in profile.open_to],
        "search_text": profile.search_text(),
        "visible": profile.visible,
        "active": profile.active,
        "hidden_reason": profile.hidden_reason,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
        "confirmed_at": profile.confirmed_at,
        "nudged_at": profile.nudged_at,
        "listed_to_attendees": profile.listed_to_attendees,
        "announce_in_digest": profile.announce_in_digest,
    }


class SqlAlchemyProfileRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, team_id: str, user_id: str) -> ProfileRow | None:
        return self._session.scalar(
            select(ProfileRow).where(ProfileRow.team_id == team_id, ProfileRow.user_id == user_id)
        )

    def get(self, team_id: str, user_id: str) -> Profile | None:
        row = self._row(team_id, user_id)
        return _to_profile(row) if row else None

    def save(self, profile: Profile) -> None:
        """Insert or replace in one statement, so two saves racing never collide."""
        values = profile_values(profile)
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(ProfileRow).values(**values)
        changes = {key: statement.excluded[key] for key in values if key != "created_at"}
        self._session.execute(
            statement.on_conflict_do_update(index_elements=["team_id", "user_id"], set_=changes)
        )

    def delete(self, team_id: str, user_id: str) -> bool:
        result = self._session.execute(
            delete(ProfileRow).where(ProfileRow.team_id == team_id, ProfileRow.user_id == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def _update(
        self, team_id: str, user_id: str, *extra: ColumnElement[bool], **values: object
    ) -> bool:
        result = self._session.execute(
            update(ProfileRow)
            .where(ProfileRow.team_id == team_id, ProfileRow.user_id == user_id, *extra)
            .values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def set_visibility(
        self, team_id: str, user_id: str, *, visible: bool, reason: str | None
    ) -> bool:
        return self._update(team_id, user_id, visible=visible, hidden_reason=reason)

    def set_active(self, team_id: str, user_id: str, *, active: bool) -> bool:
        return self._update(team_id, user_id, active=active)

    def confirm(self, team_id: str, user_id: str, *, now: datetime) -> bool:
        """Mark the profile current; one hidden for staleness (never by choice) comes back."""
        found = self._update(team_id, user_id, confirmed_at=now, nudged_at=None)
        self._update(
            team_id, user_id, ProfileRow.hidden_reason == "stale", visible=True, hidden_reason=None
        )
        return found

    def _searchable(self, team_id: str, stems: Sequence[str]) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = [
            ProfileRow.team_id == team_id,
            ProfileRow.visible.is_(True),
            ProfileRow.active.is_(True),
        ]
        if stems:
            clauses.append(
                or_(
                    *(
                        ProfileRow.search_text.like(f"%{_escape_like(stem)}%", escape="\\")
                        for stem in stems
                    )
                )
            )
        return clauses

    def _at_places(
        self,
        place_ids: Sequence[int],
        column: ColumnElement[int] | InstrumentedAttribute[int] | None = None,
    ) -> ColumnElement[bool]:
        column = ProfileRow.place_id if column is None else column
        ids = [int(place_id) for place_id in place_ids]
        if self._session.get_bind().dialect.name == "postgresql":
            # One array parameter rather than one per place (a region has hundreds): the
            # statement stays short, is converted once and can be prepared.
            return column == any_(bindparam("place_ids", ids, type_=ARRAY(Integer())))
        return column.in_(ids)

    def count_by_place(
        self, team_id: str, place_ids: Sequence[int], stems: Sequence[str]
    ) -> dict[int, int]:
        """Searchable people per place (those with none left out). Without topic words the
        database's own tally answers, one row per place; with them, the people are read."""
        if not place_ids:
            return {}
        if not stems:
            tally = ProfilePlaceCountRow
            query = select(tally.place_id, tally.people).where(
                tally.team_id == team_id, self._at_places(place_ids, tally.place_id)
            )
            return {int(row[0]): int(row[1]) for row in self._session.execute(query) if row[1]}
        terms = self._terms(team_id, stems, len(place_ids))
        if terms is not None:
            return self._count_postings(team_id, place_ids, terms) if terms else {}
        query = (
            select(ProfileRow.place_id, func.count())
            .where(*self._searchable(team_id, stems), self._at_places(place_ids))
            .group_by(ProfileRow.place_id)
        )
        return {int(row[0]): int(row[1]) for row in self._session.execute(query)}

    def _terms(self, team_id: str, stems: Sequence[str], places: int) -> dict[str, bool] | None:
        """The words of searchable profiles that contain any of the stems, each with whether
        fewer people use it than there are places to count (a rare word: its entries are
        read in one go rather than place by place); None when the words cannot answer: a stem
        with a space or a "|" (which span words, or the gap between parts) or one in too many
        words to be worth it."""
        if any(" " in stem or "|" in stem for stem in stems):
            return None
        posting = ProfileTermRow
        # Its first `places` entries at most, so a word thousands use costs no more to weigh.
        first = (
            select(literal_column("1"))
            .where(posting.team_id == SearchTermRow.team_id, posting.term == SearchTermRow.term)
            .limit(places)
            .correlate(SearchTermRow)
            .subquery()
        )
        used = select(func.count()).select_from(first).scalar_subquery()
        found = self._session.execute(
            select(SearchTermRow.term, used)
            .where(
                SearchTermRow.team_id == team_id,
                or_(
                    *(
                        SearchTermRow.term.like(f"%{_escape_like(stem)}%", escape="\\")
                        for stem in stems
                    )
                ),
            )
            .limit(_MAX_TERMS + 1)
        ).all()
        if len(found) > _MAX_TERMS:
            return None
        return {str(term): int(uses) < places for term, uses in found}

    def _count_postings(
        self, team_id: str, place_ids: Sequence[int], terms: Mapping[str, bool]
    ) -> dict[int, int]:
        """Searchable people per place with any of the words. A common word is looked up
        place by place; a rare one (a place's name, a typo) is read whole and its entries
        kept when at one of the places, which saves a look-up per place for each."""
        posting = ProfileTermRow
        if self._session.get_bind().dialect.name == "postgresql":
            # PostgreSQL's estimate for a union of rare words is far too high, and it starts
            # parallel workers whose start-up (several ms) costs more than the read (measured:
            # "Bristol net zero" 8 ms in parallel, 2 ms without). One statement, this
            # transaction only.
            self._session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        common = [term for term, rare in terms.items() if not rare]
        rare = [term for term, is_rare in terms.items() if is_rare]
        parts = []
        if common:
            parts.append(
                select(posting.place_id, posting.profile_id).where(
                    posting.team_id == team_id,
                    posting.term.in_(common),
                    self._at_places(place_ids, posting.place_id),
                )
            )
        if rare:
            # `+ 0` keeps the places out of the index look-up: filtered, not probed.
            parts.append(
                select(posting.place_id, posting.profile_id).where(
                    posting.team_id == team_id,
                    posting.term.in_(rare),
                    self._at_places(place_ids, posting.place_id + 0),
                )
            )
        found = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
        # One row per word and person: a person with two of the words counts once.
        people = func.count(found.c.profile_id.distinct()) if len(terms) > 1 else func.count()
        query = select(found.c.place_id, people).group_by(found.c.place_id)
        return {int(row[0]): int(row[1]) for row in self._session.execute(query)}

    def list_at_place(
        self, team_id: str, place_id: int, stems: Sequence[str], *, offset: int, limit: int
    ) -> list[Profile]:
        rows = self._session.scalars(
            select(ProfileRow)
            .where(*self._searchable(team_id, stems), ProfileRow.place_id == place_id)
            .order_by(ProfileRow.updated_at.desc(), ProfileRow.id)
            .offset(offset)
            .limit(limit)
        )
        return [_to_profile(row) for row in rows]

    def listed_to_attendees(self, team_id: str, user_ids: Sequence[str]) -> list[Profile]:
        """The profiles among `user_ids` an event's other attendees may see: shown in the
        directory (visible and active) and not hidden from attendee lists by their person."""
        wanted = list(dict.fromkeys(user_ids))
        found: list[Profile] = []
        for start in range(0, len(wanted), _PAGE_STREAM):
            rows = self._session.scalars(
                select(ProfileRow).where(
                    ProfileRow.team_id == team_id,
                    ProfileRow.user_id.in_(wanted[start : start + _PAGE_STREAM]),
                    ProfileRow.visible.is_(True),
                    ProfileRow.active.is_(True),
                    ProfileRow.listed_to_attendees.is_(True),
                )
            )
            found.extend(_to_profile(row) for row in rows)
        return found

    def iter_team(self, team_id: str) -> Iterator[Profile]:
        last_id = 0
        while True:
            rows = list(
                self._session.scalars(
                    select(ProfileRow)
                    .where(ProfileRow.team_id == team_id, ProfileRow.id > last_id)
                    .order_by(ProfileRow.id)
                    .limit(_PAGE_STREAM)
                )
            )
            if not rows:
                return
            yield from (_to_profile(row) for row in rows)
            last_id = rows[-1].id

    def stale_unnudged(self, *, confirmed_before: datetime, limit: int) -> list[Profile]:
        rows = self._session.scalars(
            select(ProfileRow)
            .where(
                ProfileRow.confirmed_at < confirmed_before,
                ProfileRow.nudged_at.is_(None),
                ProfileRow.visible.is_(True),
                ProfileRow.active.is_(True),
            )
            .order_by(ProfileRow.confirmed_at, ProfileRow.id)
            .limit(limit)
        )
        return [_to_profile(row) for row in rows]

    def mark_nudged(self, team_id: str, user_id: str, *, now: datetime) -> bool:
        return self._update(team_id, user_id, ProfileRow.nudged_at.is_(None), nudged_at=now)

    def release_nudge(self, team_id: str, user_id: str) -> None:
        self._update(team_id, user_id, nudged_at=None)

    def hide_unanswered(self, team_id: str, user_id: str) -> bool:
        return self._update(
            team_id,
            user_id,
            ProfileRow.visible.is_(True),
            ProfileRow.nudged_at.is_not(None),
            visible=False,
            hidden_reason="stale",
        )

    def nudged_unanswered(self, *, nudged_before: datetime, limit: int) -> list[Profile]:
        rows = self._session.scalars(
            select(ProfileRow)
            .where(
                ProfileRow.nudged_at < nudged_before,
                ProfileRow.visible.is_(True),
            )
            .order_by(ProfileRow.nudged_at, ProfileRow.id)
            .limit(limit)
        )
        return [_to_profile(row) for row in rows]
