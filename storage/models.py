"""SQLAlchemy 2 typed models. Every change here comes with an Alembic migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
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


# The outbox ------------------------------------------------------------------------------------

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


class EventRow(Base):
    """An event an organiser announced, in one workspace. Times in UTC."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_team_status_starts", "team_id", "status", "starts_at"),
        Index("ix_events_team_organiser", "team_id", "organiser_id"),
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


# Mentoring groups ------------------------------------------------------------------------------


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


# Post-session feedback -------------------------------------------------------------------------


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


# Slack's deliveries ------------------------------------------------------------------------------


class SlackDeliveryRow(Base):
    """An Events API delivery already taken in, by its event_id (unique across workspaces), so
    that Slack's retries and duplicate deliveries are processed once, whichever replica they
    reach. Kept a day: Slack retries for minutes, not days."""

    __tablename__ = "slack_deliveries"
    __table_args__ = (Index("ix_slack_deliveries_received_at", "received_at"),)

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


# Installations (many workspaces) ----------------------------------------------------------------
# The tables of slack_sdk's SQLAlchemy installation and OAuth state stores, column for column, so
# that Bolt's OAuth flow keeps its installations in our database (through our migrations). Two
# differences: token columns are Text, since tokens are stored encrypted (and longer for it),
# and their times are naive UTC, as those stores write them.


class SlackInstallationRow(Base):
    """One installation of the app (by a workspace or an Enterprise Grid organisation); the
    newest row per workspace holds its current tokens, encrypted."""

    __tablename__ = "slack_installations"
    __table_args__ = (
        Index(
            "slack_installations_idx",
            "client_id",
            "enterprise_id",
            "team_id",
            "user_id",
            "installed_at",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(String(32))
    app_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    enterprise_name: Mapped[str | None] = mapped_column(String(200))
    enterprise_url: Mapped[str | None] = mapped_column(String(200))
    team_id: Mapped[str | None] = mapped_column(String(32))
    team_name: Mapped[str | None] = mapped_column(String(200))
    bot_token: Mapped[str | None] = mapped_column(Text)
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_scopes: Mapped[str | None] = mapped_column(String(1000))
    bot_refresh_token: Mapped[str | None] = mapped_column(Text)
    bot_token_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    user_id: Mapped[str] = mapped_column(String(32))
    user_token: Mapped[str | None] = mapped_column(Text)
    user_scopes: Mapped[str | None] = mapped_column(String(1000))
    user_refresh_token: Mapped[str | None] = mapped_column(Text)
    user_token_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    incoming_webhook_url: Mapped[str | None] = mapped_column(Text)
    incoming_webhook_channel: Mapped[str | None] = mapped_column(String(200))
    incoming_webhook_channel_id: Mapped[str | None] = mapped_column(String(200))
    incoming_webhook_configuration_url: Mapped[str | None] = mapped_column(String(200))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    token_type: Mapped[str | None] = mapped_column(String(32))
    installed_at: Mapped[datetime] = mapped_column(DateTime)


class SlackBotRow(Base):
    """The bot of an installation: what every request and scheduled message is sent with."""

    __tablename__ = "slack_bots"
    __table_args__ = (
        Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(String(32))
    app_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    enterprise_name: Mapped[str | None] = mapped_column(String(200))
    team_id: Mapped[str | None] = mapped_column(String(32))
    team_name: Mapped[str | None] = mapped_column(String(200))
    bot_token: Mapped[str | None] = mapped_column(Text)
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_scopes: Mapped[str | None] = mapped_column(String(1000))
    bot_refresh_token: Mapped[str | None] = mapped_column(Text)
    bot_token_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    installed_at: Mapped[datetime] = mapped_column(DateTime)


class SlackOAuthStateRow(Base):
    """A pending install's `state` (the OAuth flow's defence against forged redirects)."""

    __tablename__ = "slack_oauth_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(200))
    expire_at: Mapped[datetime] = mapped_column(DateTime)


class SlackWorkspaceRow(Base):
    """Each workspace the app has served, with its Enterprise Grid organisation (if any): how
    work done later without a request (scheduled messages) finds an organisation-wide
    installation's token for one of its workspaces. `uninstalled_at`: when the workspace
    removed the app; its data is erased once UNINSTALLED_RETENTION_DAYS have passed."""

    __tablename__ = "slack_workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SlackTokenLockRow(Base):
    """A lease on one installation's token rotation, so that one replica alone spends the
    single-use refresh token; the others wait for its result."""

    __tablename__ = "slack_token_locks"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(100))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


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
