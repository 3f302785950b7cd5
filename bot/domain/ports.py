"""The ports the services speak through; storage and the Slack edge implement them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, Self

from bot.domain.ports_digest import DigestRepository
from bot.domain.ports_events import EventRepository
from bot.domain.ports_feedback import FeedbackRepository
from bot.domain.ports_languages import LanguageRepository
from bot.domain.ports_mentoring import MentoringRepository
from bot.domain.ports_outbox import Dispatcher, OutboxRepository
from bot.domain.ports_speed_connect import SpeedConnectRepository

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from datetime import datetime
    from types import TracebackType

    from bot.domain.people import Profile
    from bot.domain.person_records import (
        ClosedCycle,
        InstallationMade,
        MessageNamingPerson,
        OrganisedEvent,
        OrganisedFeedbackRound,
    )
    from bot.domain.welcomes import WelcomeRepository

__all__ = [
    "AdminDirectory",
    "DeliveryRepository",
    "DigestRepository",
    "Dispatcher",
    "EventRepository",
    "FeedbackRepository",
    "GroupFeedback",
    "LanguageRepository",
    "MentoringRepository",
    "OutboxRepository",
    "PeopleLookup",
    "PersonRecordRepository",
    "ProfileRepository",
    "SpeedConnectRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "WorkspaceRepository",
]


class ProfileRepository(Protocol):
    def get(self, team_id: str, user_id: str) -> Profile | None: ...

    def save(self, profile: Profile) -> None:
        """Insert or replace the profile of (team_id, user_id)."""

    def delete(self, team_id: str, user_id: str) -> bool: ...

    def set_visibility(
        self, team_id: str, user_id: str, *, visible: bool, reason: str | None
    ) -> bool: ...

    def set_active(self, team_id: str, user_id: str, *, active: bool) -> bool: ...

    def confirm(self, team_id: str, user_id: str, *, now: datetime) -> bool: ...

    def count_by_place(
        self, team_id: str, place_ids: Sequence[int], stems: Sequence[str]
    ) -> dict[int, int]:
        """Searchable people per place among `place_ids`, matching any stem when stems given."""

    def list_at_place(
        self, team_id: str, place_id: int, stems: Sequence[str], *, offset: int, limit: int
    ) -> list[Profile]:
        """Searchable people at one place, most recently updated first."""

    def listed_to_attendees(self, team_id: str, user_ids: Sequence[str]) -> list[Profile]:
        """Profiles among `user_ids` shown in the directory and not hidden from attendees."""

    def iter_team(self, team_id: str) -> Iterator[Profile]: ...

    def stale_unnudged(self, *, confirmed_before: datetime, limit: int) -> list[Profile]: ...

    def mark_nudged(self, team_id: str, user_id: str, *, now: datetime) -> bool:
        """Claim a nudge: True only for the one caller that set nudged_at first."""

    def release_nudge(self, team_id: str, user_id: str) -> None: ...

    def nudged_unanswered(self, *, nudged_before: datetime, limit: int) -> list[Profile]: ...

    def hide_unanswered(self, team_id: str, user_id: str) -> bool:
        """Hide a nudged, still-visible profile; True only for the caller that hid it."""


class UnitOfWork(Protocol):
    @property
    def profiles(self) -> ProfileRepository: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def events(self) -> EventRepository: ...

    @property
    def mentoring(self) -> MentoringRepository: ...

    @property
    def feedback(self) -> FeedbackRepository: ...

    @property
    def deliveries(self) -> DeliveryRepository: ...

    @property
    def workspaces(self) -> WorkspaceRepository: ...

    @property
    def person_records(self) -> PersonRecordRepository: ...

    @property
    def digests(self) -> DigestRepository: ...

    @property
    def welcomes(self) -> WelcomeRepository: ...

    @property
    def speed_connect(self) -> SpeedConnectRepository: ...

    @property
    def languages(self) -> LanguageRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class PersonRecordRepository(Protocol):
    """What names a person beyond their profile, sign-up and answers (for their export)."""

    def events_organised(self, team_id: str, user_id: str) -> list[OrganisedEvent]: ...

    def feedback_rounds_organised(
        self, team_id: str, user_id: str
    ) -> list[OrganisedFeedbackRound]: ...

    def cycles_closed(self, team_id: str, user_id: str) -> list[ClosedCycle]: ...

    def messages_naming(self, team_id: str, user_id: str) -> list[MessageNamingPerson]: ...

    def installations_made(self, team_id: str, user_id: str) -> list[InstallationMade]: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class GroupFeedback(Protocol):
    """Asks a mentoring group's members for feedback about their group (the feedback feature)."""

    def open_for_mentoring_group(
        self,
        team_id: str,
        group_id: int,
        member_ids: Sequence[str],
        *,
        occasion: int,
        uow: UnitOfWork | None = None,
    ) -> object: ...

    def withdraw_for_mentoring_member(
        self, uow: UnitOfWork, team_id: str, group_id: int, user_id: str, *, occasion: int
    ) -> bool:
        """The member no longer says the group met for `occasion`: withdraw the question
        about that session still on its way to them, in the caller's transaction."""


class PeopleLookup(Protocol):
    """Who a person is in the workspace, for imports."""

    def user_id_for_email(self, team_id: str, email: str) -> str | None: ...

    def user_exists(self, team_id: str, user_id: str) -> bool: ...


class AdminDirectory(Protocol):
    """Whether a person administers or owns the workspace (they may organise)."""

    def is_admin(self, team_id: str, user_id: str) -> bool: ...


class DeliveryRepository(Protocol):
    """Events API deliveries already taken in, by event_id (Slack's retries and duplicates)."""

    def record(self, event_id: str, team_id: str | None, *, now: datetime) -> bool:
        """Record the delivery if it is new: True for the one caller, on any replica, that
        recorded it; False when it was recorded before."""

    def purge(self, *, before: datetime) -> int:
        """Forget deliveries received before `before`; how many."""


class WorkspaceRepository(Protocol):
    """The workspaces the app is installed in (many workspaces)."""

    def erase_installer(self, team_id: str, user_id: str) -> int:
        """Take the person's id off the installations they made (in this workspace, or for
        its whole organisation); how many."""
