"""Mentoring groups: sign-ups, cycles, groups, members, check-ins and the match lock."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


class MentoringSignupRow(Base):
    """One person's sign-up for mentoring groups: an opt-in, erased when they leave."""

    __tablename__ = "mentoring_signups"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_mentoring_signups_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16))
    size_min: Mapped[int] = mapped_column(Integer)
    size_max: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(16))
    hopes: Mapped[str] = mapped_column(Text, default="")
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waiting_reason: Mapped[str | None] = mapped_column(String(16))  # why the last match left them
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


# At most one open cycle per workspace, whatever races: both databases enforce a partial
# unique index, whose condition is written out literally for both.
MENTORING_OPEN_CYCLE_SQL = "closed_at IS NULL"


class MentoringCycleRow(Base):
    """A round of groups: from a match until it ends (ends_at) or an organiser closes it."""

    __tablename__ = "mentoring_cycles"
    __table_args__ = (
        UniqueConstraint("team_id", "number", name="uq_mentoring_cycles_team_number"),
        Index(
            "ix_mentoring_cycles_one_open",
            "team_id",
            unique=True,
            sqlite_where=text(MENTORING_OPEN_CYCLE_SQL),
            postgresql_where=text(MENTORING_OPEN_CYCLE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(32))


class MentoringGroupRow(Base):
    """One group of a cycle. `met_round` is the last check-in round someone said it met in."""

    __tablename__ = "mentoring_groups"
    __table_args__ = (
        Index("ix_mentoring_groups_cycle", "cycle_id"),
        Index("ix_mentoring_groups_next_checkin", "next_checkin_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("mentoring_cycles.id", ondelete="CASCADE"))
    shared_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str | None] = mapped_column(String(8))
    meetings: Mapped[int] = mapped_column(Integer, default=0)
    met_round: Mapped[int] = mapped_column(Integer, default=0)
    rounds: Mapped[int] = mapped_column(Integer, default=0)
    next_checkin_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MentoringMemberRow(Base):
    """A person in a group; earlier cycles' members are the history of who has met whom."""

    __tablename__ = "mentoring_members"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id", name="uq_mentoring_members_group_user"),
        Index("ix_mentoring_members_team_user", "team_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("mentoring_groups.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)


class MentoringCheckinRow(Base):
    """One check-in asked of one member, and their answer."""

    __tablename__ = "mentoring_checkins"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id", "round", name="uq_mentoring_checkins_ask"),
        Index("ix_mentoring_checkins_team_user", "team_id", "user_id", "asked_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("mentoring_groups.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    round: Mapped[int] = mapped_column(Integer)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MentoringMatchLockRow(Base):
    """One match at a time per workspace: a lease, taken atomically, released at the end."""

    __tablename__ = "mentoring_match_locks"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(100))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
