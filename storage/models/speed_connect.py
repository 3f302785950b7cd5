"""Speed Connect: the little groups formed among an event's attendees who opted in.

Whether an event has Speed Connect, and when, is `events.speed_connect_at`; who opted in is
`rsvps.speed_connect`; these are the groups formed, and their members (with mentoring groups'
members, the history of who has met whom).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


class SpeedConnectGroupRow(Base):
    """One pair or trio formed at an event's Speed Connect; kept, without members who asked
    to be forgotten, for the impact report's counts."""

    __tablename__ = "speed_connect_groups"
    __table_args__ = (
        UniqueConstraint("event_id", "number", name="uq_speed_connect_groups_event_number"),
        Index("ix_speed_connect_groups_team_created", "team_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[str] = mapped_column(String(8))
    question: Mapped[str] = mapped_column(String(64))  # a catalogue key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SpeedConnectMemberRow(Base):
    """A person in a Speed Connect group."""

    __tablename__ = "speed_connect_members"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id", name="uq_speed_connect_members_group_user"),
        Index("ix_speed_connect_members_team_user", "team_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("speed_connect_groups.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
