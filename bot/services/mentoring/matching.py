"""Matching rounds: who a match takes in, forming groups and telling those left waiting why.

A match takes the workspace's match lease first (one match at a time, across replicas), reads
everyone waiting (signed up, not paused, with an active profile, not in a group of the current
cycle), forms groups with `bot.domain.mentoring.form_groups` and records them with their
introductions, and tells anyone left waiting why. Running it again while everyone is grouped
forms nothing.
"""

from __future__ import annotations

import logging
import uuid
import zlib
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError
from bot.domain.mentoring import form_groups
from bot.domain.mentoring_match import UNPLACED_NO_ROOM, Candidate, MatchSettings
from bot.domain.mentoring_programme import (
    GRADE_RANK,
    Cycle,
    GroupMember,
    MentoringGroup,
    SignUp,
    WaitingReason,
)
from bot.domain.outbox import ScheduledMessage
from bot.i18n import N_
from bot.services import outbox
from bot.services.mentoring.cycles import Cycles
from bot.services.mentoring.messages import INTRODUCTION
from bot.services.place_scope import PlaceScope, read_scope

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from bot.domain.areas import Area
    from bot.domain.people import Profile
    from bot.domain.places import Region

log = logging.getLogger(__name__)

MATCH_LEASE = timedelta(minutes=10)
# What someone left out of a cycle's groups is told, by why
WAITING_MESSAGES = {
    WaitingReason.TOO_FEW: N_("mentoring.waiting.too_few"),
    WaitingReason.NO_ROOM: N_("mentoring.waiting.no_room"),
}


@dataclass(frozen=True, slots=True)
class Waiting:
    user_id: str
    reason: WaitingReason
    until: datetime | None = None  # for PAUSED: when the pause ends (None: until they resume)


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    team_id: str
    cycle: Cycle | None  # None when no cycle is open and none was started (nobody placed)
    region: Region | None
    new_cycle: bool
    groups: tuple[MentoringGroup, ...]
    waiting: tuple[Waiting, ...]  # left waiting by this match, with why
    considered: int  # people waiting before the match
    already_grouped: int  # in a group of the current cycle already
    # Matched inside an ONS area ("Kent"): the people whose place lies in it (`region` is
    # the region it lies in). Or the town, site or postcode typed whose region was matched.
    area: Area | None = None
    via: str | None = None

    @property
    def placed(self) -> int:
        return sum(len(g.members) for g in self.groups)


class Matching(Cycles):
    """Matching rounds: forming groups from everyone waiting, by hand or on the schedule."""

    def read_scope(self, text: str) -> PlaceScope | None:
        """Who `/mentoring match <words>` matches, read as /whoswho reads a place. None for no
        words; DomainError (with suggestions) for words that name nothing known.

        Groups are formed by region, so a region or nation is matched as itself, and a town
        (a site, a short name) or a postcode, which name a point, match the region they are
        in. An ONS area (a county, council area, combined authority: "Kent", "Sir Benfro")
        has edges of its own: the people whose place lies inside it, by membership.
        """
        if not text.strip():
            return None
        scope = read_scope(self._places, text)
        if isinstance(scope, PlaceScope):
            if not scope.topic_words and (scope.kind == "area" or scope.region is not None):
                return scope
            suggestions = scope.name  # "Leeds data": the place, without the other words
        else:
            suggestions = ", ".join(scope.suggestions[:3])
        shown = text.strip()[:80]
        raise DomainError("mentoring.errors.unknown_region", text=shown, suggestions=suggestions)

    def _inside(self, scope: PlaceScope) -> Callable[[Profile | None], bool]:
        """Whether a person's town is in the scope: inside an area by membership (an informal
        area through the districts it covers), otherwise in the region."""
        if scope.kind == "area":
            inside = frozenset(scope.place_ids(self._places) or ())
            return lambda profile: profile is not None and profile.place_id in inside
        code = scope.region.code if scope.region is not None else None
        return lambda profile: profile is not None and self._region_of(profile) == code

    def match(
        self, team_id: str, by: str | None, *, region_text: str = "", scheduled: bool = False
    ) -> MatchOutcome:
        """Form groups from everyone waiting (where `region_text` says, when given: see
        read_scope)."""
        if not scheduled and by is not None:
            self._require_organiser(team_id, by)
        scope = self.read_scope(region_text)
        now = self.now()
        holder = f"{self._worker}:{uuid.uuid4().hex[:8]}"
        with self._uow() as uow:
            taken = uow.mentoring.try_lock(team_id, holder, now=now, until=now + MATCH_LEASE)
            uow.commit()
        if not taken:
            raise DomainError(N_("mentoring.errors.match_running"))
        try:
            return self._match(team_id, scope, now)
        finally:
            with self._uow() as uow:
                uow.mentoring.unlock(team_id, holder)
                uow.commit()

    def _match(self, team_id: str, scope: PlaceScope | None, now: datetime) -> MatchOutcome:
        with self._uow() as uow:
            cycle = uow.mentoring.open_cycle(team_id)
            if cycle is not None and cycle.is_over(now):
                self._close(uow, cycle, now=now, by=None)
                cycle = None
            new_cycle = cycle is None
            grouped = uow.mentoring.grouped_in(cycle.id) if cycle else set()
            profiles = {p.user_id: p for p in uow.profiles.iter_team(team_id)}
            considered, candidates, waiting = self._waiting_now(
                uow.mentoring.signups(team_id), profiles, grouped, scope, now
            )
            past = uow.mentoring.past_pairs(team_id, [c.user_id for c in candidates])
            seed = zlib.crc32(f"{team_id}:{cycle.number if cycle else 0}:{len(grouped)}".encode())
            result = form_groups(candidates, past_pairs=past, settings=MatchSettings(seed=seed))
            if result.groups and cycle is None:
                cycle = uow.mentoring.add_cycle(team_id, now=now, ends_at=now + self._cycle_length)
            # Each person hears "you're waiting" once per cycle (the one to come, if none is open).
            latest = uow.mentoring.cycles(team_id, limit=1)
            told_for = cycle.number if cycle else (latest[0].number + 1 if latest else 1)
            by_id = {c.user_id: c for c in candidates}
            groups: list[MentoringGroup] = []
            first_checkin = now + self._checkin_every
            for formed in result.groups:
                if cycle is None:  # for the type checker: a cycle exists when groups do
                    raise AssertionError("groups need a cycle")
                members = [GroupMember(uid, by_id[uid].role) for uid in formed.member_ids]
                group = uow.mentoring.add_group(
                    team_id,
                    cycle.id,
                    members,
                    shared_topics=formed.shared_topics,
                    mode=formed.mode,
                    region_code=formed.region_code,
                    now=now,
                    next_checkin_at=first_checkin if first_checkin < cycle.ends_at else None,
                )
                groups.append(group)
                outbox.schedule(
                    uow,
                    ScheduledMessage(
                        team_id=team_id,
                        kind=INTRODUCTION,
                        key=f"mentoring:g{group.id}:intro",
                        due_at=now,
                        payload={"group_id": group.id},
                    ),
                    now=now,
                )
            for unplaced in result.unplaced:
                reason = (
                    WaitingReason.NO_ROOM
                    if unplaced.reason == UNPLACED_NO_ROOM
                    else WaitingReason.TOO_FEW
                )
                waiting.append(Waiting(unplaced.user_id, reason))
                outbox.schedule(
                    uow,
                    outbox.direct_message(
                        team_id,
                        unplaced.user_id,
                        f"mentoring:c{told_for}:waiting:{unplaced.user_id}",
                        text_key=WAITING_MESSAGES[reason],
                        due_at=now,
                    ),
                    now=now,
                )
            reasons: dict[str, WaitingReason | None] = {
                uid: None for group in groups for uid in group.member_ids
            }
            reasons.update({w.user_id: w.reason for w in waiting})
            uow.mentoring.set_waiting(team_id, reasons)
            uow.commit()
        log.info(
            "mentoring match",
            extra={"team_id": team_id, "groups": len(groups), "waiting": len(waiting)},
        )
        return MatchOutcome(
            team_id=team_id,
            cycle=cycle,
            region=scope.region if scope is not None else None,
            new_cycle=new_cycle and cycle is not None,
            groups=tuple(groups),
            waiting=tuple(waiting),
            considered=considered,
            already_grouped=len(grouped),
            area=scope.area if scope is not None else None,
            via=scope.name if scope is not None and scope.kind in {"place", "postcode"} else None,
        )

    def _waiting_now(
        self,
        signups: Sequence[SignUp],
        profiles: dict[str, Profile],
        grouped: set[str],
        scope: PlaceScope | None,
        now: datetime,
    ) -> tuple[int, list[Candidate], list[Waiting]]:
        """Of those signed up and not grouped (in the scope, when given): how many, who can be
        placed now, and who cannot and why."""
        candidates: list[Candidate] = []
        waiting: list[Waiting] = []
        considered = 0
        inside = self._inside(scope) if scope is not None else None
        for signup in signups:
            profile = profiles.get(signup.user_id)
            if signup.user_id in grouped:
                continue
            if inside is not None and not inside(profile):
                continue
            considered += 1
            if signup.is_paused(now):
                waiting.append(Waiting(signup.user_id, WaitingReason.PAUSED, signup.paused_until))
            elif profile is None or not profile.active:
                waiting.append(Waiting(signup.user_id, WaitingReason.INACTIVE))
            else:
                candidates.append(self._candidate(signup, profile))
        return considered, candidates, waiting

    def _candidate(self, signup: SignUp, profile: Profile) -> Candidate:
        choices = signup.choices
        return Candidate(
            user_id=signup.user_id,
            organisation=profile.organisation.casefold(),
            region_code=self._region_of(profile),
            role=choices.role,
            topics=choices.topics,
            mode=choices.mode,
            grade_rank=GRADE_RANK.get(profile.grade or ""),
            preferred_min=choices.size_min,
            preferred_max=choices.size_max,
        )

    def scheduled_match(self) -> list[MatchOutcome]:
        """The configured schedule's run: every workspace where anyone is signed up."""
        with self._uow() as uow:
            teams = uow.mentoring.teams()
        outcomes: list[MatchOutcome] = []
        for team_id in teams:
            try:
                outcomes.append(self.match(team_id, None, scheduled=True))
            except DomainError as error:  # another replica is matching this workspace
                log.info("scheduled mentoring match skipped: %s", error.key)
        return outcomes
