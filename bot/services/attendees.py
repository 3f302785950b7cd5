"""Who's going, and keeping in touch after: the people going to an event who share their
profile with the others there, shown privately to whoever asks ("Who's going") and, once the
event is over, to each of them in one DM.

Consent decides who is named: a person is listed only while their profile is shown in the
directory (visible and active) and they have not unticked "show me to the others going" in
it. Everyone else going is only counted. Each list is read when it is shown, so a person who
hides themselves, stops going or is erased is gone from it from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.errors import NotFoundError
from bot.domain.events import RsvpStatus
from bot.i18n import N_

if TYPE_CHECKING:
    from bot.domain.events import Event
    from bot.domain.people import Profile
    from bot.domain.places import Gazetteer
    from bot.domain.ports import UnitOfWorkFactory

ATTENDEES_PAGE_SIZE = 20  # people a page shows: one block each, well within a message's 50


@dataclass(frozen=True, slots=True)
class Attendee:
    profile: Profile
    place_label: str


@dataclass(frozen=True, slots=True)
class AttendeeList:
    """One page of the people going to `event` who are listed (`others`: without the viewer)."""

    event: Event
    people: tuple[Attendee, ...]
    page: int
    pages: int
    listed: int  # listed people in all (on every page)
    unlisted: int  # going, but without a profile they share here
    others: bool


class AttendeeService:
    def __init__(self, uow_factory: UnitOfWorkFactory, gazetteer: Gazetteer) -> None:
        self._uow = uow_factory
        self._places = gazetteer

    def _label(self, profile: Profile) -> str:
        place = self._places.get(profile.place_id)
        return self._places.label(place) if place else ""

    def who_is_going(
        self, team_id: str, event_id: int, viewer: str, *, page: int = 1, others: bool = False
    ) -> AttendeeList:
        """A page of the listed people going, in the order they said so; with `others`, the
        viewer left out (the DM after the event lists the others)."""
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
            if event is None:
                raise NotFoundError(N_("event.errors.gone"))
            going = [user for user, _ in uow.events.people(event_id, (RsvpStatus.GOING,))]
            if others:
                going = [user for user in going if user != viewer]
            shown = {p.user_id: p for p in uow.profiles.listed_to_attendees(team_id, going)}
        listed = [shown[user] for user in going if user in shown]
        pages = max(1, -(-len(listed) // ATTENDEES_PAGE_SIZE))
        page = max(1, min(page, pages))
        start = (page - 1) * ATTENDEES_PAGE_SIZE
        people = tuple(
            Attendee(profile, self._label(profile))
            for profile in listed[start : start + ATTENDEES_PAGE_SIZE]
        )
        return AttendeeList(
            event=event,
            people=people,
            page=page,
            pages=pages,
            listed=len(listed),
            unlisted=len(going) - len(listed),
            others=others,
        )

    def after_event(self, team_id: str, event_id: int, user_id: str) -> AttendeeList | None:
        """What the DM after the event shows `user_id`: the others listed, when the event took
        place, they went, and anyone else there shares their profile (None: no DM at all)."""
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
            went = uow.events.rsvp_status(event_id, user_id) is RsvpStatus.GOING
        if event is None or event.cancelled or not went:
            return None
        attendees = self.who_is_going(team_id, event_id, user_id, others=True)
        return attendees if attendees.listed else None

    def attendee(self, team_id: str, event_id: int, user_id: str) -> tuple[Event, Attendee]:
        """One person going to the event, as the others may see them; NotFoundError once they
        no longer go or no longer share their profile there."""
        with self._uow() as uow:
            going = uow.events.rsvp_status(event_id, user_id) is RsvpStatus.GOING
            event = uow.events.get(team_id, event_id)
            found = uow.profiles.listed_to_attendees(team_id, [user_id]) if going else []
        if event is None:
            raise NotFoundError(N_("event.errors.gone"))
        if not found:
            raise NotFoundError(N_("event.attendees.profile_gone"))
        return event, Attendee(found[0], self._label(found[0]))
