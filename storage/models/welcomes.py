"""Welcomes in channels linked to a region: one record per person per workspace, ever."""

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


class WelcomeRow(Base):
    """Someone joined a linked channel and was (or is about to be) welcomed, once ever in the
    workspace; or said "don't welcome me again" (`declined`). Written in the same transaction
    as the welcome's outbox row: the unique (team, user) is what stops two replicas, or two
    channels joined at once, from welcoming anyone twice. Times in UTC: `welcomed_at` when the
    welcome was decided, `sent_at` when it reached Slack (none: not sent, or not yet)."""

    __tablename__ = "welcomes"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", name="uq_welcomes_team_user"),
        Index("ix_welcomes_team_welcomed_at", "team_id", "welcomed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    welcomed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined: Mapped[bool] = mapped_column(Boolean, default=False)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
