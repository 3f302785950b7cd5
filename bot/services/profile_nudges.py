"""The yearly check on profiles: people whose profile is a year old are asked to confirm it
(a DM through the outbox), and those who never answer are hidden, and told."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.outbox import ScheduledMessage
from bot.i18n import N_
from bot.services import outbox

if TYPE_CHECKING:
    from datetime import datetime, timedelta

    from bot.clock import Clock
    from bot.domain.people import Profile
    from bot.domain.ports import UnitOfWorkFactory

BATCH = 200

# The yearly check's DM asking the person to confirm their profile, rendered when it is sent
# (handlers.directory.outbox). Payload: {"user": Slack user id}.
NUDGE = "directory.nudge"


def profile_nudge(profile: Profile, stamp: str, *, now: datetime) -> ScheduledMessage:
    """The outbox message nudging `profile`'s person (`stamp` names this round of checks)."""
    return ScheduledMessage(
        team_id=profile.team_id,
        kind=NUDGE,
        key=f"profile:{profile.user_id}:nudge:{stamp}",
        due_at=now,
        payload={"user": profile.user_id},
    )


@dataclass(frozen=True, slots=True)
class NudgeReport:
    nudged: int
    hidden: int


class ProfileNudges:
    """The yearly check, as part of the directory's service (its base)."""

    _uow: UnitOfWorkFactory
    _clock: Clock
    _stale_after: timedelta
    _nudge_grace: timedelta

    def nudge_stale_profiles(self, *, limit: int = BATCH) -> NudgeReport:
        """Ask people whose profile is a year old to confirm it; hide the ones who never answer.

        Each nudge is claimed in the database and written to the outbox in the same
        transaction, so two processes running this at once never nudge the same person twice,
        and a process that stops before the DM is sent loses nothing: the outbox sends it.
        """
        now = self._clock.now()
        nudged = hidden = 0
        stamp = f"{now:%Y%m%dT%H%M%S}"
        with self._uow() as uow:
            stale = uow.profiles.stale_unnudged(
                confirmed_before=now - self._stale_after, limit=limit
            )
        for profile in stale:
            with self._uow() as uow:
                if not uow.profiles.mark_nudged(profile.team_id, profile.user_id, now=now):
                    continue
                outbox.schedule(uow, profile_nudge(profile, stamp, now=now), now=now)
                uow.commit()
            nudged += 1
        with self._uow() as uow:
            unanswered = uow.profiles.nudged_unanswered(
                nudged_before=now - self._nudge_grace, limit=limit
            )
            for profile in unanswered:
                if not uow.profiles.hide_unanswered(profile.team_id, profile.user_id):
                    continue
                told = outbox.direct_message(
                    profile.team_id,
                    profile.user_id,
                    f"profile:{profile.user_id}:hidden:{stamp}",
                    text_key=N_("nudge.hidden"),
                    due_at=now,
                )
                outbox.schedule(uow, told, now=now)
                hidden += 1
            uow.commit()
        return NudgeReport(nudged=nudged, hidden=hidden)
