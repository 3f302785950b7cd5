"""Signing up for mentoring: the form, saving it, pausing, resuming and leaving."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.errors import NotFoundError
from bot.domain.mentoring_programme import (
    Cycle,
    MentoringGroup,
    SignUp,
    SignUpDraft,
    WaitingReason,
    pause_until,
    resumed,
    tidy_signup,
    unfamiliar_topics,
    with_pause,
)
from bot.i18n import N_
from bot.services import outbox
from bot.services.mentoring.base import MentoringBase

if TYPE_CHECKING:
    from bot.domain.people import Profile

log = logging.getLogger(__name__)


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


class SignUps(MentoringBase):
    """Signing up, pausing, resuming and leaving (which erases the sign-up)."""

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
                raise NotFoundError(N_("mentoring.errors.no_profile"))
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
                raise NotFoundError(N_("mentoring.errors.not_signed_up"))
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
                        text_key=N_("mentoring.pause.over"),
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
                raise NotFoundError(N_("mentoring.errors.not_signed_up"))
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
