"""RSVPs: each person's answer to an event, and its waitlist in the order people joined it."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from bot.domain.events import RsvpStatus
from storage.models import RsvpRow
from storage.sql import SessionRepository

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime


QUEUE_STEP = timedelta(microseconds=1)  # the least gap between two places on a waitlist


class SqlAlchemyRsvpRepository(SessionRepository):
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
        if status is not RsvpStatus.GOING:
            changes["speed_connect"] = False  # no longer going: out of Speed Connect too
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
