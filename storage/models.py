"""SQLAlchemy 2 typed models. Every change here comes with an Alembic migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProfileRow(Base):
    """One person's directory profile in one workspace."""

    __tablename__ = "profiles"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", name="uq_profiles_team_user"),
        Index("ix_profiles_confirmed_at", "confirmed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    place_id: Mapped[int] = mapped_column(Integer)
    organisation: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200))
    profession: Mapped[str | None] = mapped_column(String(100))
    grade: Mapped[str | None] = mapped_column(String(32))
    can_help: Mapped[list[str]] = mapped_column(JSON, default=list)
    want_to_learn: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    open_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    search_text: Mapped[str] = mapped_column(Text, default="")
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    hidden_reason: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# Directory search: the searchable people at a set of places, each place's most recently
# updated first. Counting them reads only this index, and a page of one place reads its first
# entries in order; topic words are matched against search_text in the index itself (the
# domain keeps it under PostgreSQL's limit on an index entry). The condition matches the
# repository's `_searchable` exactly, as both databases require to use a partial index.
_SEARCHABLE = ProfileRow.visible.is_(True) & ProfileRow.active.is_(True)
Index(
    "ix_profiles_searchable",
    ProfileRow.team_id,
    ProfileRow.place_id,
    ProfileRow.updated_at.desc(),
    ProfileRow.id,
    ProfileRow.search_text,
    sqlite_where=_SEARCHABLE,
    postgresql_where=_SEARCHABLE,
)
