"""Events, RSVPs, announcements and channel links: SQL in, domain dataclasses out."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.domain.events import (
    ERASED_ORGANISER,
    Announcement,
    ChannelLink,
    Event,
    EventDetails,
    EventMode,
    EventStatus,
    RsvpStatus,
)
from storage.models import AnnouncementRow, Base, ChannelLinkRow, EventRow, RsvpRow

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy import ColumnElement, Select
    from sqlalchemy.orm import Session


QUEUE_STEP = timedelta(microseconds=1)  # the least gap between two places on a waitlist


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
    }


class SqlAlchemyEventRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _insert(self, table: type[Base]) -> Any:
        """INSERT with ON CONFLICT, in the dialect of the database at hand."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        return insert(table)

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

    # RSVPs --------------------------------------------------------------------------------

    def rsvp_status(self, event_id: int, user_id: str) -> RsvpStatus | None:
        status = self._session.scalar(
            select(RsvpRow.status).where(RsvpRow.event_id == event_id, RsvpRow.user_id == user_id)
        )
        return RsvpStatus(status) if status else None

    def set_rsvp(self, event_id: int, user_id: str, status: RsvpStatus, *, now: datetime) -> None:
        queued = self._end_of_waitlist(event_id, now) if status is RsvpStatus.WAITLISTED else now
        statement = self._insert(RsvpRow).values(
            event_id=event_id,
            user_id=user_id,
            status=status.value,
            queued_at=queued,
            updated_at=now,
        )
        changes: dict[str, object] = {"status": statement.excluded.status, "updated_at": now}
        if status is RsvpStatus.WAITLISTED:
            changes["queued_at"] = queued  # (re)joining the waitlist goes to its end
        self._session.execute(
            statement.on_conflict_do_update(index_elements=["event_id", "user_id"], set_=changes)
        )

    def _end_of_waitlist(self, event_id: int, now: datetime) -> datetime:
        """When someone joining the waitlist now is queued: `now`, or just after the last one
        waiting if that is later (a clock read before the event's lock was taken, a replica
        whose clock is a little behind, the same instant twice), so that the order of the
        waitlist is the order in which people joined it, under the event's lock."""
        last = self._session.scalar(
            select(func.max(RsvpRow.queued_at)).where(
                RsvpRow.event_id == event_id, RsvpRow.status == RsvpStatus.WAITLISTED.value
            )
        )
        if last is None:
            return now
        return max(now, last + QUEUE_STEP)

    def waitlist(self, event_id: int) -> list[str]:
        return list(
            self._session.scalars(
                select(RsvpRow.user_id)
                .where(RsvpRow.event_id == event_id, RsvpRow.status == RsvpStatus.WAITLISTED.value)
                .order_by(RsvpRow.queued_at, RsvpRow.id)
            )
        )

    def people(self, event_id: int, statuses: Sequence[RsvpStatus]) -> list[tuple[str, RsvpStatus]]:
        rows = self._session.execute(
            select(RsvpRow.user_id, RsvpRow.status)
            .where(RsvpRow.event_id == event_id, RsvpRow.status.in_([s.value for s in statuses]))
            .order_by(RsvpRow.queued_at, RsvpRow.id)
        )
        return [(user, RsvpStatus(status)) for user, status in rows]

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

    # Announcements and channels -------------------------------------------------------------

    def add_announcement(self, team_id: str, event_id: int, channel_id: str, ts: str) -> None:
        statement = self._insert(AnnouncementRow).values(
            team_id=team_id, event_id=event_id, channel_id=channel_id, ts=ts, moved=False
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["event_id", "channel_id"],
                set_={"ts": statement.excluded.ts, "moved": False},
            )
        )

    def announcements(self, event_id: int) -> list[Announcement]:
        rows = self._session.scalars(
            select(AnnouncementRow)
            .where(AnnouncementRow.event_id == event_id)
            .order_by(AnnouncementRow.id)
        )
        return [Announcement(row.event_id, row.channel_id, row.ts, row.moved) for row in rows]

    def set_announcements_moved(
        self, event_id: int, channel_ids: Sequence[str], *, moved: bool
    ) -> None:
        if not channel_ids:
            return
        self._session.execute(
            update(AnnouncementRow)
            .where(
                AnnouncementRow.event_id == event_id,
                AnnouncementRow.channel_id.in_(list(channel_ids)),
            )
            .values(moved=moved)
            .execution_options(synchronize_session=False)
        )

    def link_channel(
        self, team_id: str, channel_id: str, region_code: str, user_id: str, *, now: datetime
    ) -> bool:
        statement = self._insert(ChannelLinkRow).values(
            team_id=team_id,
            channel_id=channel_id,
            region_code=region_code,
            linked_by=user_id,
            created_at=now,
        )
        result = self._session.execute(
            statement.on_conflict_do_nothing(
                index_elements=["team_id", "channel_id", "region_code"]
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def unlink_channel(self, team_id: str, channel_id: str) -> list[str]:
        codes = list(
            self._session.scalars(
                select(ChannelLinkRow.region_code).where(
                    ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id
                )
            )
        )
        self._session.execute(
            delete(ChannelLinkRow).where(
                ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id
            )
        )
        return codes

    def channel_links(self, team_id: str) -> list[ChannelLink]:
        rows = self._session.scalars(
            select(ChannelLinkRow)
            .where(ChannelLinkRow.team_id == team_id)
            .order_by(ChannelLinkRow.region_code, ChannelLinkRow.created_at, ChannelLinkRow.id)
        )
        return [
            ChannelLink(row.team_id, row.channel_id, row.region_code, row.linked_by, row.created_at)
            for row in rows
        ]

    def channels_for_region(self, team_id: str, region_code: str) -> list[str]:
        return list(
            self._session.scalars(
                select(ChannelLinkRow.channel_id)
                .where(ChannelLinkRow.team_id == team_id, ChannelLinkRow.region_code == region_code)
                .order_by(ChannelLinkRow.created_at, ChannelLinkRow.id)
            )
        )
