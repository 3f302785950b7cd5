"""Events, RSVPs, announcements and the channels linked to regions."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


class EventRow(Base):
    """An event an organiser announced, in one workspace. Times in UTC."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_team_status_starts", "team_id", "status", "starts_at"),
        Index("ix_events_team_organiser", "team_id", "organiser_id"),
        Index("ix_events_speed_connect_at", "speed_connect_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    organiser_id: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    venue: Mapped[str] = mapped_column(String(250), default="")
    place_id: Mapped[int | None] = mapped_column(Integer)
    region_code: Mapped[str] = mapped_column(String(8))
    online_url: Mapped[str] = mapped_column(String(600), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    registration_url: Mapped[str] = mapped_column(String(600), default="")
    extra_channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Speed Connect (migration 0015): when it runs (None: the event has none), and when it ran.
    speed_connect_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    speed_connect_ran_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RsvpRow(Base):
    """One person's answer to one event; the waitlist is ordered by queued_at."""

    __tablename__ = "rsvps"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_rsvps_event_user"),
        Index("ix_rsvps_event_status", "event_id", "status", "queued_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Opted in to the event's Speed Connect (migration 0015); cleared when no longer going.
    speed_connect: Mapped[bool] = mapped_column(Boolean, default=False)


class AnnouncementRow(Base):
    """Where an event was announced: the message to update as RSVPs and details change."""

    __tablename__ = "announcements"
    __table_args__ = (
        UniqueConstraint("event_id", "channel_id", name="uq_announcements_event_channel"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    # The event moved to another region since: this post now says where it went.
    moved: Mapped[bool] = mapped_column(Boolean, default=False)


class ChannelLinkRow(Base):
    """A channel where a region's events are announced."""

    __tablename__ = "channel_links"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "region_code", name="uq_channel_links"),
        Index("ix_channel_links_team_region", "team_id", "region_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(String(8))
    linked_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Whether the weekly regional digest is posted here (`/event digest off|on`, set on every
    # region's link of the channel at once; migration 0014).
    digest: Mapped[bool] = mapped_column(Boolean, default=True)
    # Whether people who join the channel get the app's welcome (`/event welcomes off|on`,
    # set on every region's link of the channel at once; migration 0012).
    welcomes: Mapped[bool] = mapped_column(Boolean, default=True)
    # The language of what the app posts here: "en", "cy" or "bilingual" (Welsh first); null:
    # bilingual when the channel is linked to Wales, else English (`/event link`, set on every
    # region's link of the channel at once; migration 0016).
    language: Mapped[str | None] = mapped_column(String(16))
