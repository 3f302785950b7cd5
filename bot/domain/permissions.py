"""Who may organise, and whose events they may manage: one rule for every feature.

Organisers are the workspace's admins and owners, plus the people the ORGANISERS setting names
(`*`: everyone). Organising lets someone announce events, run mentoring and read the feedback
on every event: the programme's organisers learn from all of it. Managing an event (changing
or cancelling it) is for its own organiser and for admins, or for everyone when ORGANISERS is
`*`: being named lets a person organise, not change other organisers' events.

Whether someone is an admin is a question to Slack, so the policy takes it as a callable and
asks it only when the setting alone does not decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from bot.domain.ports import AdminDirectory

__all__ = ["EVERYONE", "AdminCheck", "Organisers", "Permissions"]

EVERYONE = "*"

AdminCheck: TypeAlias = "Callable[[], bool]"
"""Whether the person is a workspace admin or owner; asked at most once, and only if needed."""


@dataclass(frozen=True, slots=True)
class Organisers:
    """The people ORGANISERS names, or everyone."""

    named: frozenset[str] = frozenset()
    everyone: bool = False

    @classmethod
    def from_setting(cls, ids: Iterable[str]) -> Organisers:
        """From the setting's user ids; `*` among them means everyone."""
        named = frozenset(ids)
        return cls(named - {EVERYONE}, EVERYONE in named)

    def may_organise(self, user_id: str, is_admin: AdminCheck) -> bool:
        """Anyone ORGANISERS names (or everyone, for `*`); otherwise admins and owners."""
        return self.everyone or user_id in self.named or is_admin()

    def may_read_feedback(
        self, organiser_id: str | None, user_id: str, is_admin: AdminCheck
    ) -> bool:
        """One event's feedback: its own organiser, or any organiser."""
        return user_id == organiser_id or self.may_organise(user_id, is_admin)

    def may_manage_all(self, is_admin: AdminCheck) -> bool:
        """Every event, whoever organised it: admins and owners, or everyone for `*`."""
        return self.everyone or is_admin()

    def may_manage(self, organiser_id: str | None, user_id: str, is_admin: AdminCheck) -> bool:
        """One event: its own organiser, or whoever may manage every event."""
        return user_id == organiser_id or self.may_manage_all(is_admin)


class Permissions:
    """The policy for one process, asking the workspace's directory who is an admin."""

    def __init__(self, organisers: Organisers, admins: AdminDirectory) -> None:
        self._organisers = organisers
        self._admins = admins

    def _is_admin(self, team_id: str, user_id: str) -> AdminCheck:
        return lambda: self._admins.is_admin(team_id, user_id)

    def may_organise(self, team_id: str, user_id: str) -> bool:
        return self._organisers.may_organise(user_id, self._is_admin(team_id, user_id))

    def may_manage_all(self, team_id: str, user_id: str) -> bool:
        return self._organisers.may_manage_all(self._is_admin(team_id, user_id))

    def may_read_feedback(self, team_id: str, user_id: str, organiser_id: str | None) -> bool:
        return self._organisers.may_read_feedback(
            organiser_id, user_id, self._is_admin(team_id, user_id)
        )

    def may_manage(self, team_id: str, user_id: str, organiser_id: str | None) -> bool:
        return self._organisers.may_manage(organiser_id, user_id, self._is_admin(team_id, user_id))
