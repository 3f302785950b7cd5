"""The mentoring repository port (re-exported by bot.domain.ports)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence
    from datetime import datetime

    from bot.domain.mentoring_match import MeetingMode
    from bot.domain.mentoring_programme import (
        CheckIn,
        CheckInAnswer,
        Cycle,
        GroupMember,
        MentoringGroup,
        SignUp,
        WaitingReason,
    )


class MentoringRepository(Protocol):
    """Mentoring sign-ups, cycles, groups and check-ins, per workspace."""

    def get_signup(self, team_id: str, user_id: str) -> SignUp | None: ...

    def save_signup(self, signup: SignUp) -> None:
        """Insert or replace the sign-up of (team_id, user_id)."""

    def signups(self, team_id: str) -> list[SignUp]: ...

    def topics_in_use(self, team_id: str, *, except_user: str) -> set[str]: ...

    def set_waiting(self, team_id: str, reasons: dict[str, WaitingReason | None]) -> None:
        """Record why each person was left waiting by a match (None: they were placed)."""

    def teams(self) -> list[str]:
        """Workspaces where anyone is signed up."""

    def try_lock(self, team_id: str, holder: str, *, now: datetime, until: datetime) -> bool:
        """Take the workspace's match lease if free or lapsed; True for the one that took it."""

    def unlock(self, team_id: str, holder: str) -> None: ...

    def open_cycle(self, team_id: str) -> Cycle | None: ...

    def add_cycle(self, team_id: str, *, now: datetime, ends_at: datetime) -> Cycle: ...

    def close_cycle(self, cycle_id: int, *, now: datetime, by: str | None) -> bool:
        """True for the one caller that closed it; its groups are asked nothing more."""

    def cycles(self, team_id: str, *, limit: int) -> list[Cycle]:
        """The latest cycles first."""

    def ended_cycles(self, *, now: datetime, limit: int) -> list[Cycle]: ...

    def add_group(
        self,
        team_id: str,
        cycle_id: int,
        members: Sequence[GroupMember],
        *,
        shared_topics: Sequence[str],
        mode: MeetingMode,
        region_code: str | None,
        now: datetime,
        next_checkin_at: datetime | None,
    ) -> MentoringGroup: ...

    def group(self, team_id: str, group_id: int) -> MentoringGroup | None: ...

    def groups(self, cycle_id: int) -> list[MentoringGroup]: ...

    def group_of(self, team_id: str, user_id: str, cycle_id: int) -> MentoringGroup | None: ...

    def grouped_in(self, cycle_id: int) -> set[str]: ...

    def past_pairs(self, team_id: str, user_ids: Collection[str]) -> frozenset[frozenset[str]]:
        """Every pair among `user_ids` who have been in a group together."""

    def due_checkins(self, *, now: datetime, limit: int) -> list[MentoringGroup]: ...

    def open_round(self, group_id: int, *, round_: int, next_at: datetime | None) -> bool:
        """True for the one caller that moved the group on to this check-in round."""

    def lock_group(self, group_id: int) -> None:
        """Hold the group until the transaction ends (answers to it are counted in turn)."""

    def met_in_round(self, group_id: int, round_: int, *, except_user: str) -> bool:
        """Whether anyone but `except_user` says the group met in this check-in round."""

    def count_meeting(self, group_id: int, *, round_: int) -> bool:
        """Count one meeting for the round, once whoever says so first."""

    def uncount_meeting(self, group_id: int, *, round_: int) -> bool:
        """Take the round's meeting off the count: nobody says it met any more."""

    def remove_member(self, team_id: str, user_id: str, group_id: int) -> bool: ...

    def add_checkin(self, team_id: str, checkin: CheckIn) -> None: ...

    def checkin(self, team_id: str, group_id: int, user_id: str, round_: int) -> CheckIn | None: ...

    def answer_checkin(
        self,
        team_id: str,
        group_id: int,
        user_id: str,
        round_: int,
        answer: CheckInAnswer,
        *,
        now: datetime,
    ) -> bool: ...

    def round_asked_at(self, group_id: int, round_: int) -> datetime | None: ...

    def recent_checkins(self, team_id: str, user_id: str, *, limit: int) -> list[CheckIn]:
        """Newest first."""

    def checkins_of_cycle(self, cycle_id: int) -> list[CheckIn]: ...

    def memberships_of(self, team_id: str, user_id: str) -> list[tuple[Cycle, MentoringGroup]]: ...

    def erase_person(self, team_id: str, user_id: str) -> int:
        """The sign-up, group memberships and check-ins of the person (how many), and their
        name on cycles they closed."""
