"""The Speed Connect repository port (re-exported by bot.domain.ports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.feedback import Gathering


@dataclass(frozen=True, slots=True)
class SpeedConnectGroup:
    id: int
    team_id: str
    event_id: int
    number: int
    question: str  # a catalogue key
    member_ids: tuple[str, ...]
    created_at: datetime
    region_code: str = ""  # the event's region when the group was formed


class SpeedConnectRepository(Protocol):
    """Who opted in to an event's Speed Connect, its claim, and the groups it formed."""

    def set_opt_in(self, event_id: int, user_id: str, *, on: bool) -> bool:
        """Opt in (only someone going) or out; True when it changed."""

    def is_opted_in(self, event_id: int, user_id: str) -> bool: ...

    def has_run(self, event_id: int) -> bool: ...

    def due(self, *, now: datetime, since: datetime) -> list[tuple[str, int]]:
        """(team, event) of scheduled events whose Speed Connect time is between `since` and
        `now` and that have not run."""

    def claim(self, event_id: int, *, now: datetime) -> bool:
        """Mark the event's Speed Connect run: True only for the one caller that did."""

    def opted_in(self, event_id: int) -> list[str]:
        """People going who opted in, in the order they answered."""

    def past_pairs(self, team_id: str, user_ids: Sequence[str]) -> frozenset[frozenset[str]]:
        """Pairs among `user_ids` who were in a Speed Connect or mentoring group together."""

    def add_group(
        self,
        team_id: str,
        event_id: int,
        number: int,
        member_ids: Sequence[str],
        *,
        region_code: str,
        question: str,
        now: datetime,
    ) -> SpeedConnectGroup: ...

    def group(self, team_id: str, group_id: int) -> SpeedConnectGroup | None: ...

    def groups_of(self, team_id: str, user_id: str) -> list[SpeedConnectGroup]: ...

    def opted_in_events(self, team_id: str, user_id: str) -> list[int]:
        """The events the person opted in to Speed Connect for."""

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Delete the person's places in groups (the groups stay, as counts)."""

    def report_groups(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[Gathering]:
        """Groups formed in [start, end) (of one workspace, or every one), with the region of
        their event and their members, for the impact report."""
