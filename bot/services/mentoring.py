"""Self-organised mentoring groups: sign-ups, matches, cycles, introductions and check-ins.

Every message this feature sends goes through the outbox, written in the same transaction as
the decision behind it: a group's introduction when it is formed, each member's check-in when
its round opens, the thank-you when the cycle ends, and notes to people left waiting or paused.

- A match takes the workspace's match lease first (one match at a time, across replicas), reads
  everyone waiting (signed up, not paused, with an active profile, not in a group of the
  current cycle), forms groups with `bot.domain.mentoring.form_groups` and records them with
  their introductions, and tells anyone left waiting why. Running it again while everyone is
  grouped forms nothing.
- The tick (`tick`, run by the scheduler) ends cycles whose time is up and opens the check-in
  rounds that are due; a round is opened by one replica only (a compare-and-set on the group).
"""

from __future__ import annotations

import logging
import uuid
import zlib
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.errors import DomainError, NotAllowedError, NotFoundError
from bot.domain.feedback import CYCLE_END
from bot.domain.mentoring import (
    UNPLACED_NO_ROOM,
    Candidate,
    MatchSettings,
    form_groups,
)
from bot.domain.mentoring_programme import (
    GRADE_RANK,
    MISSED_CHECKINS_BEFORE_PAUSE,
    CheckIn,
    CheckInAnswer,
    Cycle,
    GroupMember,
    MentoringGroup,
    SignUp,
    SignUpDraft,
    WaitingReason,
    missed_in_a_row,
    pause_until,
    resumed,
    tidy_signup,
    unfamiliar_topics,
    with_pause,
)
from bot.domain.outbox import ScheduledMessage
from bot.services import outbox
from bot.services.place_scope import PlaceScope, read_scope

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from bot.clock import Clock
    from bot.domain.areas import Area
    from bot.domain.people import Profile
    from bot.domain.places import Gazetteer, Region
    from bot.domain.ports import AdminDirectory, GroupFeedback, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# Outbox kinds this feature schedules; the Slack edge renders each.
INTRODUCTION = "mentoring.introduction"  # to the group's own conversation
CHECKIN = "mentoring.checkin"  # to one member, with one-click answers
THANKS = "mentoring.thanks"  # to the group's conversation when the cycle ends

DEFAULT_CYCLE = timedelta(days=91)
DEFAULT_CHECKIN_EVERY = timedelta(days=14)
MATCH_LEASE = timedelta(minutes=10)
TICK_BATCH = 200
OVERVIEW_PAGE = 8  # groups per page of the organisers' view
PAST_CYCLES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class SignUpForm:
    """What the sign-up form needs: no profile means offer to create one first."""

    profile: Profile | None
    signup: SignUp | None
    suggested_topics: tuple[str, ...]  # from the profile, for a first sign-up

    @property
    def profile_hidden(self) -> bool:
        """Hidden from searches (the group still sees it when introduced: the form says so)."""
        return self.profile is not None and not self.profile.visible


@dataclass(frozen=True, slots=True)
class SignUpSaved:
    signup: SignUp
    created: bool
    unfamiliar_topics: tuple[str, ...]  # nobody else has chosen these yet
    grouped: bool  # already in a group of the current cycle


@dataclass(frozen=True, slots=True)
class MyMentoring:
    signup: SignUp | None
    paused: bool
    cycle: Cycle | None
    group: MentoringGroup | None


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


@dataclass(frozen=True, slots=True)
class CloseOutcome:
    cycle: Cycle
    groups: int
    people: int


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


@dataclass(frozen=True, slots=True)
class CheckInPrompt:
    group: MentoringGroup
    cycle: Cycle
    user_id: str
    round: int
    facilitator: str | None  # who facilitates the next session
    since: datetime  # what the question covers: since the introduction, or the round before


@dataclass(frozen=True, slots=True)
class CheckInAnswered:
    group: MentoringGroup
    answer: CheckInAnswer
    changed: bool  # False: the same answer was given before (a second click)
    facilitator: str | None


@dataclass(frozen=True, slots=True)
class TickReport:
    cycles_closed: int = 0
    rounds_opened: int = 0
    checkins_asked: int = 0
    paused_for_silence: int = 0


class MentoringService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        gazetteer: Gazetteer,
        clock: Clock,
        admins: AdminDirectory,
        *,
        organisers: Sequence[str] = (),
        cycle_length: timedelta = DEFAULT_CYCLE,
        checkin_every: timedelta = DEFAULT_CHECKIN_EVERY,
        worker_id: str = "",
        feedback: GroupFeedback | None = None,
    ) -> None:
        self._uow = uow_factory
        self._places = gazetteer
        self._clock = clock
        self._admins = admins
        self._organisers = frozenset(organisers)
        self._cycle_length = cycle_length
        self._checkin_every = checkin_every
        self._worker = worker_id or uuid.uuid4().hex
        self._feedback = feedback

    def now(self) -> datetime:
        return self._clock.now()

    def can_organise(self, team_id: str, user_id: str) -> bool:
        if "*" in self._organisers or user_id in self._organisers:
            return True
        return self._admins.is_admin(team_id, user_id)

    def _require_organiser(self, team_id: str, user_id: str) -> None:
        if not self.can_organise(team_id, user_id):
            raise NotAllowedError("mentoring.errors.not_organiser")

    def place_label(self, place_id: int) -> str | None:
        place = self._places.get(place_id)
        return self._places.label(place) if place else None

    def _region_of(self, profile: Profile) -> str:
        place = self._places.get(profile.place_id)
        return place.region_code if place else ""

    # Signing up -------------------------------------------------------------------------------

    def signup_form(self, team_id: str, user_id: str) -> SignUpForm:
        with self._uow() as uow:
            profile = uow.profiles.get(team_id, user_id)
            signup = uow.mentoring.get_signup(team_id, user_id)
        suggested = (*profile.want_to_learn, *profile.can_help) if profile else ()
        return SignUpForm(profile, signup, tuple(dict.fromkeys(suggested))[:8])

    def save_signup(self, team_id: str, user_id: str, draft: SignUpDraft) -> SignUpSaved:
        choices = tidy_signup(draft)
        now = self.now()
        with self._uow() as uow:
            if uow.profiles.get(team_id, user_id) is None:
                raise NotFoundError("mentoring.errors.no_profile")
            existing = uow.mentoring.get_signup(team_id, user_id)
            signup = (
                replace(existing, choices=choices, updated_at=now)
                if existing
                else SignUp(team_id, user_id, choices, created_at=now, updated_at=now)
            )
            if existing is None:
                signup = replace(signup, waiting_reason=WaitingReason.NEW)
            uow.mentoring.save_signup(signup)
            known = uow.mentoring.topics_in_use(team_id, except_user=user_id)
            cycle = uow.mentoring.open_cycle(team_id)
            grouped = bool(cycle and uow.mentoring.group_of(team_id, user_id, cycle.id))
            uow.commit()
        return SignUpSaved(
            signup=signup,
            created=existing is None,
            unfamiliar_topics=unfamiliar_topics(choices.topics, known),
            grouped=grouped,
        )

    def status(self, team_id: str, user_id: str) -> MyMentoring:
        now = self.now()
        with self._uow() as uow:
            signup = uow.mentoring.get_signup(team_id, user_id)
            cycle = uow.mentoring.open_cycle(team_id)
            group = uow.mentoring.group_of(team_id, user_id, cycle.id) if cycle else None
        return MyMentoring(
            signup=signup,
            paused=bool(signup and signup.is_paused(now)),
            cycle=cycle,
            group=group,
        )

    def pause(self, team_id: str, user_id: str, text: str, *, timezone: str | None) -> SignUp:
        """`/mentoring pause [until DATE]`: skip matching until then (or until they resume)."""
        now = self.now()
        try:
            zone = ZoneInfo(timezone or "Europe/London")
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("Europe/London")
        until = pause_until(text, now=now, today=now.astimezone(zone))
        with self._uow() as uow:
            signup = uow.mentoring.get_signup(team_id, user_id)
            if signup is None:
                raise NotFoundError("mentoring.errors.not_signed_up")
            paused = with_pause(signup, now=now, until=until)
            uow.mentoring.save_signup(paused)
            outbox.cancel(uow, team_id, key_prefix=f"mentoring:resume:{user_id}:", now=now)
            if until is not None:
                outbox.schedule(
                    uow,
                    outbox.direct_message(
                        team_id,
                        user_id,
                        f"mentoring:resume:{user_id}:{int(until.timestamp())}",
                        text_key="mentoring.pause.over",
                        due_at=until,
                    ),
                    now=now,
                )
            uow.commit()
        return paused

    def resume(self, team_id: str, user_id: str) -> SignUp:
        now = self.now()
        with self._uow() as uow:
            signup = uow.mentoring.get_signup(team_id, user_id)
            if signup is None:
                raise NotFoundError("mentoring.errors.not_signed_up")
            back = resumed(signup, now=now)
            uow.mentoring.save_signup(back)
            outbox.cancel(uow, team_id, key_prefix=f"mentoring:resume:{user_id}:", now=now)
            uow.commit()
        return back

    def leave(self, team_id: str, user_id: str) -> bool:
        """End the sign-up and erase it: the sign-up, groups and check-ins of the person, and
        every message still to be sent to them. False when they were not signed up."""
        now = self.now()
        with self._uow() as uow:
            erased = uow.mentoring.erase_person(team_id, user_id)
            outbox.cancel(uow, team_id, key_prefix=f"mentoring:resume:{user_id}:", now=now)
            messages = uow.outbox.erase_person(team_id, user_id)
            uow.commit()
        # As for /whoswho forget: what went is logged, never whose it was.
        log.info(
            "mentoring sign-up erased: mentoring_rows %d, messages %d",
            erased,
            messages,
            extra={"team_id": team_id, "mentoring_rows": erased, "messages": messages},
        )
        return erased > 0

    # Matching ---------------------------------------------------------------------------------

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
            raise DomainError("mentoring.errors.match_running")
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
                        text_key=f"mentoring.waiting.{reason.value}",
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

    # Ending a cycle ---------------------------------------------------------------------------

    def close(self, team_id: str, by: str) -> CloseOutcome:
        """`/mentoring close`: end the current cycle now."""
        self._require_organiser(team_id, by)
        now = self.now()
        with self._uow() as uow:
            cycle = uow.mentoring.open_cycle(team_id)
            if cycle is None:
                raise NotFoundError("mentoring.errors.no_cycle")
            outcome = self._close(uow, cycle, now=now, by=by)
            uow.commit()
        if outcome is None:
            raise NotFoundError("mentoring.errors.no_cycle")
        return outcome

    def _close(
        self, uow: UnitOfWork, cycle: Cycle, *, now: datetime, by: str | None
    ) -> CloseOutcome | None:
        if not uow.mentoring.close_cycle(cycle.id, now=now, by=by):
            return None
        groups = uow.mentoring.groups(cycle.id)
        for group in groups:
            outbox.cancel(uow, cycle.team_id, key_prefix=f"mentoring:g{group.id}:checkin:", now=now)
            if self._feedback is not None:  # how useful was the group, over the cycle?
                self._feedback.open_for_mentoring_group(
                    cycle.team_id, group.id, group.member_ids, occasion=CYCLE_END, uow=uow
                )
            outbox.schedule(
                uow,
                ScheduledMessage(
                    team_id=cycle.team_id,
                    kind=THANKS,
                    key=f"mentoring:g{group.id}:thanks",
                    due_at=now,
                    payload={"group_id": group.id},
                ),
                now=now,
            )
        # Everyone still signed up waits for the next match.
        uow.mentoring.set_waiting(
            cycle.team_id, {uid: WaitingReason.NEW for g in groups for uid in g.member_ids}
        )
        closed = replace(cycle, closed_at=now)
        return CloseOutcome(closed, len(groups), sum(len(g.members) for g in groups))

    # The scheduler's tick ---------------------------------------------------------------------

    def tick(self, *, limit: int = TICK_BATCH) -> TickReport:
        """End cycles whose time is up and ask the check-ins that are due."""
        now = self.now()
        closed = 0
        with self._uow() as uow:
            for cycle in uow.mentoring.ended_cycles(now=now, limit=limit):
                if self._close(uow, cycle, now=now, by=None) is not None:
                    closed += 1
            uow.commit()
        rounds = asked = paused = 0
        with self._uow() as uow:
            for group in uow.mentoring.due_checkins(now=now, limit=limit):
                cycle_end = self._cycle_end(uow, group)
                round_ = group.rounds + 1
                following = (group.next_checkin_at or now) + self._checkin_every
                next_at = following if cycle_end and following < cycle_end else None
                if not uow.mentoring.open_round(group.id, round_=round_, next_at=next_at):
                    continue  # another replica opened it
                rounds += 1
                a, p = self._ask_round(uow, group, round_, now=now, expires=next_at or cycle_end)
                asked += a
                paused += p
            uow.commit()
        return TickReport(closed, rounds, asked, paused)

    @staticmethod
    def _cycle_end(uow: UnitOfWork, group: MentoringGroup) -> datetime | None:
        cycle = uow.mentoring.open_cycle(group.team_id)
        return cycle.ends_at if cycle and cycle.id == group.cycle_id else None

    def _ask_round(
        self,
        uow: UnitOfWork,
        group: MentoringGroup,
        round_: int,
        *,
        now: datetime,
        expires: datetime | None,
    ) -> tuple[int, int]:
        asked = paused = 0
        team_id = group.team_id
        for user_id in group.member_ids:
            signup = uow.mentoring.get_signup(team_id, user_id)
            profile = uow.profiles.get(team_id, user_id)
            if signup is None or signup.is_paused(now) or profile is None or not profile.active:
                continue
            recent = uow.mentoring.recent_checkins(
                team_id, user_id, limit=MISSED_CHECKINS_BEFORE_PAUSE
            )
            if missed_in_a_row(recent) >= MISSED_CHECKINS_BEFORE_PAUSE:
                uow.mentoring.save_signup(with_pause(signup, now=now, until=None))
                outbox.schedule(
                    uow,
                    outbox.direct_message(
                        team_id,
                        user_id,
                        f"mentoring:g{group.id}:silent:{user_id}",
                        text_key="mentoring.checkin.paused_for_silence",
                        due_at=now,
                    ),
                    now=now,
                )
                paused += 1
                continue
            uow.mentoring.add_checkin(team_id, CheckIn(group.id, user_id, round_, asked_at=now))
            outbox.schedule(
                uow,
                ScheduledMessage(
                    team_id=team_id,
                    kind=CHECKIN,
                    key=f"mentoring:g{group.id}:checkin:{round_}:{user_id}",
                    due_at=now,
                    payload={"group_id": group.id, "round": round_, "user": user_id},
                    expires_at=expires,
                ),
                now=now,
            )
            asked += 1
        return asked, paused

    def answer_checkin(
        self, team_id: str, user_id: str, group_id: int, round_: int, answer: CheckInAnswer
    ) -> CheckInAnswered:
        """One click on a check-in. A second click with the same answer changes nothing; a
        different one replaces it everywhere: a "we met" taken back takes the round's meeting
        off the count (unless another member says it met) and withdraws the question about
        that session still on its way; said again, it counts and asks once more. Clicks on
        someone else's check-in, or on a round of a cycle that has ended, are refused
        politely."""
        now = self.now()
        with self._uow() as uow:
            asked = uow.mentoring.checkin(team_id, group_id, user_id, round_)
            group = uow.mentoring.group(team_id, group_id)
            if asked is None or group is None or user_id not in group.member_ids:
                raise NotFoundError("mentoring.errors.checkin_not_yours")
            cycle_end = self._cycle_end(uow, group)
            if cycle_end is None:
                raise DomainError("mentoring.errors.checkin_closed")
            changed = asked.answer is not answer
            if changed:
                self._replace_answer(uow, team_id, user_id, asked, answer, now=now)
            uow.commit()
        with self._uow() as uow:
            fresh = uow.mentoring.group(team_id, group_id) or group
        return CheckInAnswered(fresh, answer, changed, fresh.facilitator())

    def _replace_answer(
        self,
        uow: UnitOfWork,
        team_id: str,
        user_id: str,
        asked: CheckIn,
        answer: CheckInAnswer,
        *,
        now: datetime,
    ) -> None:
        """Record a new answer to a check-in, and what follows from it having (not) met."""
        group_id, round_ = asked.group_id, asked.round
        uow.mentoring.lock_group(group_id)  # answers to one group are counted in turn
        uow.mentoring.answer_checkin(team_id, group_id, user_id, round_, answer, now=now)
        was_met = asked.answer is CheckInAnswer.MET
        met = answer is CheckInAnswer.MET
        if was_met == met:
            return
        others = uow.mentoring.met_in_round(group_id, round_, except_user=user_id)
        if met:
            if not others:
                uow.mentoring.count_meeting(group_id, round_=round_)
            if self._feedback is not None:  # how useful was the session they met for?
                self._feedback.open_for_mentoring_group(
                    team_id, group_id, [user_id], occasion=round_, uow=uow
                )
            return
        if not others:
            uow.mentoring.uncount_meeting(group_id, round_=round_)
        if self._feedback is not None:
            self._feedback.withdraw_for_mentoring_member(
                uow, team_id, group_id, user_id, occasion=round_
            )

    # What the Slack edge renders ------------------------------------------------------------

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

    def _place_of(self, profile: Profile | None) -> str | None:
        return self.place_label(profile.place_id) if profile else None

    def checkin_prompt(
        self, team_id: str, group_id: int, round_: int, user_id: str
    ) -> CheckInPrompt | None:
        """None when the check-in should no longer be asked (answered, left, cycle over)."""
        now = self.now()
        with self._uow() as uow:
            asked = uow.mentoring.checkin(team_id, group_id, user_id, round_)
            group = uow.mentoring.group(team_id, group_id)
            signup = uow.mentoring.get_signup(team_id, user_id)
            if asked is None or group is None or asked.answer is not None or signup is None:
                return None
            if signup.is_paused(now) or user_id not in group.member_ids:
                return None
            cycle = uow.mentoring.open_cycle(team_id)
            before = uow.mentoring.round_asked_at(group_id, round_ - 1) if round_ > 1 else None
        if cycle is None or cycle.id != group.cycle_id:
            return None
        since = before or group.created_at
        return CheckInPrompt(group, cycle, user_id, round_, group.facilitator(), since)

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


def mentoring_export(uow: UnitOfWork, team_id: str, user_id: str) -> dict[str, object] | None:
    """What mentoring holds about the person (for /whoswho export), inside the caller's unit
    of work; None when nothing."""
    signup = uow.mentoring.get_signup(team_id, user_id)
    memberships = uow.mentoring.memberships_of(team_id, user_id)
    checkins = uow.mentoring.recent_checkins(team_id, user_id, limit=1000)
    if signup is None and not memberships and not checkins:
        return None
    data: dict[str, object] = {"signed_up": signup is not None}
    if signup is not None:
        choices = signup.choices
        data["sign_up"] = {
            "role": choices.role.value,
            "topics": list(choices.topics),
            "how_to_meet": choices.mode.value,
            "group_size": [choices.size_min, choices.size_max],
            "how_often": choices.frequency.value,
            "hopes": choices.hopes,
            "paused_since": signup.paused_at.isoformat() if signup.paused_at else None,
            "paused_until": signup.paused_until.isoformat() if signup.paused_until else None,
            "created_at": signup.created_at.isoformat(),
            "updated_at": signup.updated_at.isoformat(),
        }
    data["groups"] = [
        {
            "cycle": cycle.number,
            "cycle_started_at": cycle.started_at.isoformat(),
            "cycle_ends_at": (cycle.closed_at or cycle.ends_at).isoformat(),
            "members": [uid for uid in group.member_ids if uid != user_id],
            "meetings_confirmed": group.meetings,
        }
        for cycle, group in memberships
    ]
    data["check_ins"] = [
        {
            "asked_at": c.asked_at.isoformat(),
            "answer": c.answer.value if c.answer else None,
            "answered_at": c.answered_at.isoformat() if c.answered_at else None,
        }
        for c in reversed(checkins)
    ]
    return data
