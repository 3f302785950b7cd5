"""Post-session feedback: rounds, prompts (with their answers) and opt-outs."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


class FeedbackRoundRow(Base):
    """One occasion of asking for feedback: an event, or a mentoring group's check-in or cycle
    end. Its unique subject is the marker that the prompts went out, taken by one replica."""

    __tablename__ = "feedback_rounds"
    __table_args__ = (
        UniqueConstraint(
            "team_id", "subject_kind", "subject_id", "occasion", name="uq_feedback_rounds_subject"
        ),
        CheckConstraint("subject_kind IN ('event', 'mentoring_group')", name="subject_kind"),
        Index("ix_feedback_rounds_closing", "closed_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    occasion: Mapped[int] = mapped_column(Integer, default=0)
    organiser_id: Mapped[str | None] = mapped_column(String(32))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FeedbackPromptRow(Base):
    """One person asked in one round, and what they answered. `user_id` is emptied (and the
    comments deleted) when the person is erased; the numbers stay for anonymous totals."""

    __tablename__ = "feedback_prompts"
    __table_args__ = (
        UniqueConstraint("round_id", "user_id", name="uq_feedback_prompts_round_user"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        Index("ix_feedback_prompts_team_user", "team_id", "user_id"),
        Index("ix_feedback_prompts_details_at", "details_at"),
        Index("ix_feedback_prompts_answered_at", "answered_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("feedback_rounds.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(32))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    details_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rating: Mapped[int | None] = mapped_column(Integer)
    measures: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    what_worked: Mapped[str | None] = mapped_column(Text)
    could_be_better: Mapped[str | None] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    follow_up_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    follow_up: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedbackOptOutRow(Base):
    """Someone who said "don't ask me for feedback": asked nothing, anywhere, until they undo it."""

    __tablename__ = "feedback_opt_outs"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
