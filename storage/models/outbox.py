"""The outbox: time-based messages, and who each one names."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime

# Rows a worker may still have to act on. Written out literally, here and in the claim query,
# because both databases use a partial index only for a query whose condition matches it.
OUTBOX_UNFINISHED_SQL = "status IN ('pending', 'sending')"


class OutboxRow(Base):
    """One time-based message: decided earlier, sent when due, exactly once.

    `available_at` is when a worker may next take the row: for a pending row its due time (or
    the end of a retry's wait), for a sending row the end of the claim's lease. The claim query
    reads one partial index in that order.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_outbox_team_key"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'skipped', 'failed', 'cancelled')",
            name="status",
        ),
        Index(
            "ix_outbox_claimable",
            "available_at",
            "id",
            sqlite_where=text(OUTBOX_UNFINISHED_SQL),
            postgresql_where=text(OUTBOX_UNFINISHED_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    available_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    throttled: Mapped[int] = mapped_column(Integer, default=0)
    in_doubt: Mapped[bool] = mapped_column(Boolean, default=False)
    first_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


# Who each scheduled message names ---------------------------------------------------------------


class OutboxPersonRow(Base):
    """A person a scheduled message is to or about: each id its payload names, wherever it
    stands there (under any key, in a list of people for a group conversation, as a key),
    written with the message. Erasing a person finds every message that names them by this
    index, without reading payloads; the rows go with their message."""

    __tablename__ = "outbox_people"
    __table_args__ = (Index("ix_outbox_people_team_user", "team_id", "user_id"),)

    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
