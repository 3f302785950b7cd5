"""Events, RSVPs, announcements and channel links: SQL in, domain dataclasses out.

The events themselves live here; RSVPs and the channels events are announced in are
repositories of their own, and this one is all of them together, as the unit of work's
`events`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import case, delete, func, or_, select, update

from bot.domain.events import (
    ERASED_ORGANISER,
    Event,
    EventDetails,
    EventMode,
    EventStatus,
    RsvpStatus,
)
from storage.event_channel_repository import SqlAlchemyEventChannelRepository
from storage.models import ChannelLinkRow, EventRow, RsvpRow
from storage.rsvp_repository import SqlAlchemyRsvpRepository

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy import ColumnElement, Select


def _details(row: EventRow) -> EventDetails:
    return EventDetails(
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        mode=EventMode(row.mode),
        venue=row.venue,
        place_id=row.place_id,
        region_code=row.region_code,
        online_url=row.online_url,
        description=row.description,
        capacity=row.capacity,
        registration_url=row.registration_url,
        extra_channels=tuple(row.extra_channels or ()),
        speed_connect_at=row.speed_connect_at,
    )


def _values(details: EventDetails) -> dict[str, object]:
    return {
        "title": details.title,
        "starts_at": details.starts_at,
        "ends_at": details.ends_at,
        "timezone": details.timezone,
        "mode": details.mode.value,
        "venue": details.venue,
        "place_id": details.place_id,
        "region_code": details.region_code,
        "online_url": details.online_url,
        "description": details.description,
        "capacity": details.capacity,
        "registration_url": details.registration_url,
        "extra_channels": list(details.extra_channels),
        "speed_connect_at": details.speed_connect_at,
    }


class SqlAlchemyEventRepository(SqlAlchemyRsvpRepository, SqlAlchemyEventChannelRepository):
    # Events -------------------------------------------------------------------------------

    def _counted(self) -> Select[Any]:
        going = func.coalesce(
            func.sum(case((RsvpRow.status == RsvpStatus.GOING.value, 1), else_=0)), 0
        )
        waiting = func.coalesce(
            func.sum(case((RsvpRow.status == RsvpStatus.WAITLISTED.value, 1), else_=0)), 0
        )
        return (
            select(EventRow, going, waiting)
            .outerjoin(RsvpRow, RsvpRow.event_id == EventRow.id)
            .group_by(EventRow.id)
        )

    @staticmethod
    def _event(row: EventRow, going: int, waiting: int) -> Event:
        return Event(
            id=row.id,
            team_id=row.team_id,
            organiser_id=row.organiser_id,
            details=_details(row),
            status=EventStatus(row.status),
            created_at=row.created_at,
            updated_at=row.updated_at,
            going=int(going),
            waitlisted=int(waiting),
        )

    def _events(self, query: Select[Any]) -> list[Event]:
        return [self._event(found[0], found[1], found[2]) for found in self._session.execute(query)]

    def add(
        self, team_id: str, organiser_id: str, details: EventDetails, *, now: datetime
    ) -> Event:
        row = EventRow(
            team_id=team_id,
            organiser_id=organiser_id,
            status=EventStatus.SCHEDULED.value,
            version=0,
            created_at=now,
            updated_at=now,
            **_values(details),
        )
        self._session.add(row)
        self._session.flush()
        return self._event(row, 0, 0)

    def get(self, team_id: str, event_id: int) -> Event | None:
        found = self._events(
            self._counted().where(EventRow.team_id == team_id, EventRow.id == event_id)
        )
        return found[0] if found else None

    def lock(self, team_id: str, event_id: int) -> Event | None:
        # A write first: PostgreSQL locks the row, SQLite takes the database's write lock, so
        # concurrent RSVPs to one event are decided one after another on both.
        result = self._session.execute(
            update(EventRow)
            .where(EventRow.team_id == team_id, EventRow.id == event_id)
            .values(version=EventRow.version + 1)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return None
        return self.get(team_id, event_id)

    def update_details(self, event_id: int, details: EventDetails, *, now: datetime) -> None:
        self._session.execute(
            update(EventRow)
            .where(EventRow.id == event_id)
            .values(updated_at=now, **_values(details))
        )

    def set_status(self, event_id: int, status: EventStatus, *, now: datetime) -> None:
        self._session.execute(
            update(EventRow)
            .where(EventRow.id == event_id)
            .values(status=status.value, updated_at=now)
        )

    def _upcoming_filter(
        self, team_id: str, now: datetime, region: str | None, place_ids: Sequence[int] | None
    ) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = [
            EventRow.team_id == team_id,
            EventRow.status == EventStatus.SCHEDULED.value,
            EventRow.ends_at > now,
        ]
        if place_ids is not None:
            online_here: ColumnElement[bool] = EventRow.place_id.is_(None)
            if region is not None:
                online_here = online_here & (EventRow.region_code == region)
            clauses.append(or_(EventRow.place_id.in_(list(place_ids)), online_here))
        elif region is not None:
            clauses.append(EventRow.region_code == region)
        return clauses

    def count_upcoming(
        self, team_id: str, *, now: datetime, region: str | None, place_ids: Sequence[int] | None
    ) -> int:
        query = (
            select(func.count())
            .select_from(EventRow)
            .where(*self._upcoming_filter(team_id, now, region, place_ids))
        )
        return int(self._session.scalar(query) or 0)

    def upcoming(
        self,
        team_id: str,
        *,
        now: datetime,
        region: str | None,
        place_ids: Sequence[int] | None,
        offset: int,
        limit: int,
    ) -> list[Event]:
        return self._events(
            self._counted()
            .where(*self._upcoming_filter(team_id, now, region, place_ids))
            .order_by(EventRow.starts_at, EventRow.id)
            .offset(offset)
            .limit(limit)
        )

    def for_person(
        self, team_id: str, user_id: str, *, now: datetime, limit: int | None = 50
    ) -> list[tuple[Event, RsvpStatus]]:
        found = self._session.execute(
            select(RsvpRow.event_id, RsvpRow.status)
            .join(EventRow, EventRow.id == RsvpRow.event_id)
            .where(
                EventRow.team_id == team_id,
                RsvpRow.user_id == user_id,
                RsvpRow.status.in_([RsvpStatus.GOING.value, RsvpStatus.WAITLISTED.value]),
                EventRow.ends_at > now,
                EventRow.status == EventStatus.SCHEDULED.value,
            )
            .order_by(EventRow.starts_at, EventRow.id)
            .limit(limit)
        )
        mine = {int(row[0]): str(row[1]) for row in found}
        if not mine:
            return []
        events = self._events(
            self._counted().where(EventRow.id.in_(list(mine))).order_by(EventRow.starts_at)
        )
        return [(event, RsvpStatus(mine[event.id])) for event in events]

    def organised_by(
        self, team_id: str, user_id: str, *, now: datetime, limit: int | None = 50
    ) -> list[Event]:
        return self._events(
            self._counted()
            .where(
                EventRow.team_id == team_id,
                EventRow.organiser_id == user_id,
                EventRow.ends_at > now,
                EventRow.status == EventStatus.SCHEDULED.value,
            )
            .order_by(EventRow.starts_at, EventRow.id)
            .limit(limit)
        )

    # A person's answers, and their data ------------------------------------------------------

    def replies_of(self, team_id: str, user_id: str) -> list[tuple[Event, RsvpStatus]]:
        """Every answer the person gave, past events too (for their export)."""
        found = self._session.execute(
            select(RsvpRow.event_id, RsvpRow.status)
            .join(EventRow, EventRow.id == RsvpRow.event_id)
            .where(EventRow.team_id == team_id, RsvpRow.user_id == user_id)
        )
        mine = {int(row[0]): str(row[1]) for row in found}
        if not mine:
            return []
        events = self._events(
            self._counted().where(EventRow.id.in_(list(mine))).order_by(EventRow.starts_at)
        )
        return [(event, RsvpStatus(mine[event.id])) for event in events]

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Remove the person's answers and their name on channel links and on the events they
        organised: those keep what, when and where (others' answers, feedback and the impact
        report refer to them) under ERASED_ORGANISER, without the description and links they
        wrote. How many rows changed."""
        ids = select(EventRow.id).where(EventRow.team_id == team_id).scalar_subquery()
        answers = self._session.execute(
            delete(RsvpRow)
            .where(RsvpRow.user_id == user_id, RsvpRow.event_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        links = self._session.execute(
            update(ChannelLinkRow)
            .where(ChannelLinkRow.team_id == team_id, ChannelLinkRow.linked_by == user_id)
            .values(linked_by="")
            .execution_options(synchronize_session=False)
        )
        organised = self._session.execute(
            update(EventRow)
            .where(EventRow.team_id == team_id, EventRow.organiser_id == user_id)
            .values(
                organiser_id=ERASED_ORGANISER,
                description="",
                online_url="",
                registration_url="",
                version=EventRow.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        counts: list[int] = [
            result.rowcount or 0  # type: ignore[attr-defined]
            for result in (answers, links, organised)
        ]
        return sum(counts)
