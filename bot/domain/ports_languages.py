"""The port for the languages people and channels read the app in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Collection
    from datetime import datetime

    from bot.domain.languages import LanguageChoice


class LanguageRepository(Protocol):
    def get(self, team_id: str, user_id: str) -> str | None:
        """The language the person chose; None when they chose none."""

    def choice(self, team_id: str, user_id: str) -> LanguageChoice | None:
        """The person's choice and when they made it (for their data export)."""

    def get_many(self, team_id: str, user_ids: Collection[str]) -> dict[str, str]:
        """The languages chosen by those of `user_ids` who chose one, by user id."""

    def set(self, team_id: str, user_id: str, language: str, *, now: datetime) -> None:
        """Store the person's choice, replacing any earlier one."""

    def erase(self, team_id: str, user_id: str) -> int:
        """Delete the person's choice; how many rows (0 or 1)."""
