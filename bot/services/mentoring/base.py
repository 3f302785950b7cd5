"""The mentoring service's shared part: its collaborators, who may organise, and places."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import NotAllowedError
from bot.domain.permissions import Organisers, Permissions

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.clock import Clock
    from bot.domain.mentoring_programme import (
        MentoringGroup,
    )
    from bot.domain.people import Profile
    from bot.domain.places import Gazetteer
    from bot.domain.ports import AdminDirectory, GroupFeedback, UnitOfWork, UnitOfWorkFactory


DEFAULT_CYCLE = timedelta(days=91)
DEFAULT_CHECKIN_EVERY = timedelta(days=14)


class MentoringBase:
    """What every mentoring use case shares: its collaborators, who may organise, places."""

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
        self._permissions = Permissions(Organisers.from_setting(organisers), admins)
        self._cycle_length = cycle_length
        self._checkin_every = checkin_every
        self._worker = worker_id or uuid.uuid4().hex
        self._feedback = feedback

    def now(self) -> datetime:
        return self._clock.now()

    def can_organise(self, team_id: str, user_id: str) -> bool:
        """See bot.domain.permissions."""
        return self._permissions.may_organise(team_id, user_id)

    def _require_organiser(self, team_id: str, user_id: str) -> None:
        if not self.can_organise(team_id, user_id):
            raise NotAllowedError("mentoring.errors.not_organiser")

    def place_label(self, place_id: int) -> str | None:
        place = self._places.get(place_id)
        return self._places.label(place) if place else None

    def _region_of(self, profile: Profile) -> str:
        place = self._places.get(profile.place_id)
        return place.region_code if place else ""

    def _place_of(self, profile: Profile | None) -> str | None:
        return self.place_label(profile.place_id) if profile else None

    @staticmethod
    def _cycle_end(uow: UnitOfWork, group: MentoringGroup) -> datetime | None:
        cycle = uow.mentoring.open_cycle(group.team_id)
        return cycle.ends_at if cycle and cycle.id == group.cycle_id else None
