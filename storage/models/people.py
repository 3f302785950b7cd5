"""Directory profiles, and the tallies and terms that database triggers keep for search."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


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
    # Consents (migration 0013): shown to an event's other attendees (on unless unticked);
    # named in the region's weekly digest on joining (off unless ticked).
    listed_to_attendees: Mapped[bool] = mapped_column(Boolean, default=True)
    announce_in_digest: Mapped[bool] = mapped_column(Boolean, default=False)


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


class ProfilePlaceCountRow(Base):
    """How many searchable (visible and active) profiles each place holds, per workspace.

    Kept by the database itself: triggers on `profiles` (migration 0011) count every insert,
    delete and change of place or visibility, whoever writes the row (the app, an import, a
    bulk load). A search without topic words counts a ring of places from here, in one read
    per place, instead of reading every person in it.
    """

    __tablename__ = "profile_place_counts"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    place_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    people: Mapped[int] = mapped_column(Integer, default=0)


class ProfileTermRow(Base):
    """The words of each searchable profile's `search_text` (split at spaces, the " | "
    between its parts left out), kept by triggers on `profiles` like the counts above. A topic
    search finds the words that contain its stems in `search_terms`, then reads only the
    people with one of them, place by place, instead of matching every person's text."""

    __tablename__ = "profile_terms"
    __table_args__ = ({"sqlite_with_rowid": False},)

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    term: Mapped[str] = mapped_column(Text, primary_key=True)
    place_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class SearchTermRow(Base):
    """Each word searchable profiles use, once: a word goes when its last profile does (so
    nothing of an erased person stays here)."""

    __tablename__ = "search_terms"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    term: Mapped[str] = mapped_column(Text, primary_key=True)
