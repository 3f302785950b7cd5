"""The ports the services speak through; storage and the Slack edge implement them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from datetime import datetime
    from types import TracebackType

    from bot.domain.people import Profile


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

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Notifier(Protocol):
    """Messages the services send on their own (not in reply to a request)."""

    def profile_nudge(self, profile: Profile) -> bool:
        """Ask the person to confirm their profile; False if it could not be delivered."""

    def profile_hidden_as_stale(self, profile: Profile) -> bool: ...


class PeopleLookup(Protocol):
    """Who a person is in the workspace, for imports."""

    def user_id_for_email(self, team_id: str, email: str) -> str | None: ...

    def user_exists(self, team_id: str, user_id: str) -> bool: ...
