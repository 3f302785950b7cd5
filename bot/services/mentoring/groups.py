"""Mentoring groups as they are shown: a group's introduction and thanks, and the organisers'
view of the current cycle and the latest ones."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.domain.mentoring_programme import (
    CheckIn,
    CheckInAnswer,
    Cycle,
    MentoringGroup,
    SignUp,
    WaitingReason,
)
from bot.services.mentoring.base import MentoringBase
from bot.services.mentoring.matching import Waiting

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.people import Profile
    from bot.domain.places import Region


OVERVIEW_PAGE = 8  # groups per page of the organisers' view
PAST_CYCLES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class GroupStatus:
    group: MentoringGroup
    inactive: tuple[str, ...]  # members whose Slack account has since been deactivated
    asked_last_round: int  # members asked in the latest round (paused people are not)
    answered_last_round: int
    met_last_round: bool


@dataclass(frozen=True, slots=True)
class CycleSummary:
    cycle: Cycle
    groups: int
    people: int
    groups_met: int  # groups someone said met at least once


@dataclass(frozen=True, slots=True)
class Overview:
    """The organisers' view of the current cycle (a page of its groups) and the latest ones."""

    cycle: Cycle | None
    groups: tuple[GroupStatus, ...]
    page: int
    pages: int
    total_groups: int
    grouped: int
    groups_met: int
    waiting: tuple[Waiting, ...]
    past: tuple[CycleSummary, ...]


@dataclass(frozen=True, slots=True)
class MemberCard:
    user_id: str
    profile: Profile | None
    place: str | None
    role: str
    is_facilitator: bool
    hopes: str = ""  # what they hope to get from it, from their sign-up


@dataclass(frozen=True, slots=True)
class Introduction:
    group: MentoringGroup
    cycle: Cycle
    members: tuple[MemberCard, ...]
    facilitator: str
    region: Region | None


class Groups(MentoringBase):
    """The groups as the Slack edge shows them: introductions, thanks, the organisers' view."""

    def introduction(self, team_id: str, group_id: int) -> Introduction | None:
        """A group's introduction as it is now; None when there is nothing to introduce any
        more (the cycle ended, or fewer than two members are still here)."""
        with self._uow() as uow:
            group = uow.mentoring.group(team_id, group_id)
            if group is None or self._cycle_end(uow, group) is None:
                return None
            cycle = uow.mentoring.open_cycle(team_id)
            profiles = {uid: uow.profiles.get(team_id, uid) for uid in group.member_ids}
            signups = {uid: uow.mentoring.get_signup(team_id, uid) for uid in group.member_ids}
        active = [m for m in group.members if (p := profiles[m.user_id]) is not None and p.active]
        if len(active) < 2 or cycle is None:
            return None
        group = replace(group, members=tuple(active))
        facilitator = group.facilitator(0) or active[0].user_id
        cards = tuple(
            MemberCard(
                user_id=m.user_id,
                profile=profiles[m.user_id],
                place=self._place_of(profiles[m.user_id]),
                role=m.role.value,
                is_facilitator=m.user_id == facilitator,
                hopes=signup.choices.hopes if (signup := signups[m.user_id]) else "",
            )
            for m in active
        )
        region = self._places.region(group.region_code) if group.region_code else None
        return Introduction(group, cycle, cards, facilitator, region)

    def thanks(self, team_id: str, group_id: int) -> tuple[MentoringGroup, Cycle] | None:
        with self._uow() as uow:
            group = uow.mentoring.group(team_id, group_id)
            if group is None:
                return None
            cycles = {c.id: c for c in uow.mentoring.cycles(team_id, limit=PAST_CYCLES_SHOWN)}
            profiles = {uid: uow.profiles.get(team_id, uid) for uid in group.member_ids}
        active = tuple(
            m for m in group.members if (p := profiles[m.user_id]) is not None and p.active
        )
        cycle = cycles.get(group.cycle_id)
        if len(active) < 2 or cycle is None:
            return None
        return replace(group, members=active), cycle

    # The organisers' view ---------------------------------------------------------------------

    def overview(self, team_id: str, by: str, *, page: int = 1) -> Overview:
        self._require_organiser(team_id, by)
        now = self.now()
        with self._uow() as uow:
            cycles = uow.mentoring.cycles(team_id, limit=PAST_CYCLES_SHOWN + 1)
            current = next((c for c in cycles if c.is_open), None)
            groups = uow.mentoring.groups(current.id) if current else []
            checkins = uow.mentoring.checkins_of_cycle(current.id) if current else []
            profiles = {p.user_id: p for p in uow.profiles.iter_team(team_id)}
            signups = uow.mentoring.signups(team_id)
            past = [self._summary(uow.mentoring.groups(c.id), c) for c in cycles if not c.is_open][
                :PAST_CYCLES_SHOWN
            ]
        grouped = {uid for g in groups for uid in g.member_ids}
        waiting = [
            self._waiting(s, profiles.get(s.user_id), now)
            for s in signups
            if s.user_id not in grouped
        ]
        pages = max(1, -(-len(groups) // OVERVIEW_PAGE))
        page = min(max(page, 1), pages)
        shown = groups[(page - 1) * OVERVIEW_PAGE : page * OVERVIEW_PAGE]
        statuses = tuple(self._group_status(g, checkins, profiles) for g in shown)
        return Overview(
            cycle=current,
            groups=statuses,
            page=page,
            pages=pages,
            total_groups=len(groups),
            grouped=len(grouped),
            groups_met=sum(1 for g in groups if g.meetings > 0),
            waiting=tuple(waiting),
            past=tuple(past),
        )

    @staticmethod
    def _summary(groups: Sequence[MentoringGroup], cycle: Cycle) -> CycleSummary:
        return CycleSummary(
            cycle=cycle,
            groups=len(groups),
            people=sum(len(g.members) for g in groups),
            groups_met=sum(1 for g in groups if g.meetings > 0),
        )

    @staticmethod
    def _waiting(signup: SignUp, profile: Profile | None, now: datetime) -> Waiting:
        """Why someone waits, as things are now: a pause or a deactivated account recorded
        at the last match that has since ended reads as "back since the last match"."""
        if signup.is_paused(now):
            return Waiting(signup.user_id, WaitingReason.PAUSED, signup.paused_until)
        if profile is None or not profile.active:
            return Waiting(signup.user_id, WaitingReason.INACTIVE)
        reason = signup.waiting_reason or WaitingReason.NEW
        if reason in {WaitingReason.PAUSED, WaitingReason.INACTIVE}:
            reason = WaitingReason.RETURNED
        return Waiting(signup.user_id, reason)

    @staticmethod
    def _group_status(
        group: MentoringGroup, checkins: Sequence[CheckIn], profiles: dict[str, Profile]
    ) -> GroupStatus:
        last = [c for c in checkins if c.group_id == group.id and c.round == group.rounds]
        inactive = tuple(
            uid for uid in group.member_ids if (p := profiles.get(uid)) is None or not p.active
        )
        return GroupStatus(
            group=group,
            inactive=inactive,
            asked_last_round=len(last),
            answered_last_round=sum(1 for c in last if c.answer is not None),
            met_last_round=any(c.answer is CheckInAnswer.MET for c in last),
        )
