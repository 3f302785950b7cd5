"""The who's who directory: profiles, search, privacy, and the yearly check on profiles."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import InvalidInputError, NotFoundError
from bot.domain.people import (
    MAX_TOPIC,
    MAX_TOPICS,
    Profile,
    ProfileDraft,
    clean_text,
    distinct_topics,
    matched_topics,
    profile_from_draft,
    tidy_draft,
    topic_stems,
)
from bot.domain.places import COMMUTING_RADIUS_KM, Gazetteer, Place, Region
from bot.i18n import N_
from bot.services.directory_search import (
    PersonHit,
    SearchResult,
    SearchTarget,
    Suggestion,
    UnknownPlace,
)
from bot.services.events import EventService
from bot.services.export import person_export
from bot.services.place_scope import place_choices
from bot.services.profile_nudges import ProfileNudges
from bot.services.report.searches import NO_REGION, record_search, search_region

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.domain.ports import UnitOfWorkFactory
    from bot.services.events import Cancelled

__all__ = [
    "MAX_PAGES",
    "PAGE_SIZE",
    "DirectoryService",
    "Erasure",
    "PersonHit",
    "ProfileStatus",
    "SearchResult",
    "SearchTarget",
    "Suggestion",
    "UnknownPlace",
]

log = logging.getLogger(__name__)

PAGE_SIZE = 8
MAX_PAGES = 500


@dataclass(frozen=True, slots=True)
class ProfileStatus:
    profile: Profile | None
    place: Place | None


@dataclass(frozen=True, slots=True)
class Erasure:
    """What /whoswho forget did."""

    erased: bool  # anything was held about the person
    cancelled: tuple[Cancelled, ...]  # events they organised that had not started


class _NoAdmins:
    """Erasure never asks who administers the workspace."""

    def is_admin(self, team_id: str, user_id: str) -> bool:  # noqa: ARG002 - the port's signature
        return False


class DirectoryService(ProfileNudges):
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        gazetteer: Gazetteer,
        clock: Clock,
        *,
        stale_after: timedelta = timedelta(days=365),
        nudge_grace: timedelta = timedelta(days=30),
        events: EventService | None = None,
    ) -> None:
        self._uow = uow_factory
        self._places = gazetteer
        self._clock = clock
        self._stale_after = stale_after
        self._nudge_grace = nudge_grace
        # Erasure cancels the events the person organised as the events feature would (the
        # app passes its own, for its reminder settings).
        self._events = events or EventService(uow_factory, gazetteer, clock, _NoAdmins())

    @property
    def gazetteer(self) -> Gazetteer:
        return self._places

    def place_choices(self, typed: str, limit: int = 50) -> list[tuple[int, str]]:
        """Places for a typeahead: (id, label) pairs, likeliest first. Government sites and
        short names that start with the text come first ("Quarry House, Leeds")."""
        return place_choices(self._places, typed, limit)

    def place_label(self, place_id: int) -> str | None:
        place = self._places.get(place_id)
        return self._places.label(place) if place else None

    # Profiles -----------------------------------------------------------------------------

    def profile_status(self, team_id: str, user_id: str) -> ProfileStatus:
        with self._uow() as uow:
            profile = uow.profiles.get(team_id, user_id)
        place = self._places.get(profile.place_id) if profile else None
        return ProfileStatus(profile, place)

    def save_profile(self, team_id: str, user_id: str, draft: ProfileDraft) -> ProfileStatus:
        """Create or update a profile (the opt-in). Raises InvalidInputError naming bad fields."""
        draft = tidy_draft(draft)
        if draft.place_id is not None and self._places.get(draft.place_id) is None:
            raise InvalidInputError({"place": N_("profile.errors.place_unknown")})
        with self._uow() as uow:
            existing = uow.profiles.get(team_id, user_id)
            profile = profile_from_draft(
                team_id, user_id, draft, now=self._clock.now(), existing=existing
            )
            uow.profiles.save(profile)
            uow.commit()
        log.info("profile saved", extra={"team_id": team_id, "user_id": user_id})
        return ProfileStatus(profile, self._places.get(profile.place_id))

    def set_visible(self, team_id: str, user_id: str, *, visible: bool) -> ProfileStatus:
        with self._uow() as uow:
            found = uow.profiles.set_visibility(
                team_id, user_id, visible=visible, reason=None if visible else "self"
            )
            if not found:
                raise NotFoundError(N_("profile.errors.no_profile"))
            if visible:
                uow.profiles.confirm(team_id, user_id, now=self._clock.now())
            uow.commit()
        return self.profile_status(team_id, user_id)

    def confirm_current(self, team_id: str, user_id: str) -> ProfileStatus:
        with self._uow() as uow:
            if not uow.profiles.confirm(team_id, user_id, now=self._clock.now()):
                raise NotFoundError(N_("profile.errors.no_profile"))
            uow.commit()
        return self.profile_status(team_id, user_id)

    def set_active(self, team_id: str, user_id: str, *, active: bool) -> bool:
        """Slack says the person was deactivated (or came back): hide or restore them at once."""
        with self._uow() as uow:
            changed = uow.profiles.set_active(team_id, user_id, active=active)
            uow.commit()
        return changed

    # Privacy ------------------------------------------------------------------------------

    def forget(self, team_id: str, user_id: str) -> bool:
        """Erase everything held about the person in this workspace. True if there was any."""
        return self.erase(team_id, user_id).erased

    def erase(self, team_id: str, user_id: str) -> Erasure:
        """Erase the person from every table, in one transaction: their profile, answers,
        sign-up, groups, check-ins and every message to or about them go; the events they
        organised that have not started are cancelled (everyone going is told) and the others
        keep their facts under an anonymous organiser; their feedback keeps only its numbers.
        What others hold (their answers, groups, feedback) stays."""
        with self._uow() as uow:
            from_events = self._events.erase_person(uow, team_id, user_id)
            removed = {
                "profile": int(uow.profiles.delete(team_id, user_id)),
                "event_rows": from_events.rows,
                "events_cancelled": len(from_events.cancelled),
                "mentoring_rows": uow.mentoring.erase_person(team_id, user_id),
                "feedback_rows": uow.feedback.erase_person(team_id, user_id),
                "installations": uow.workspaces.erase_installer(team_id, user_id),
                "welcomes": uow.welcomes.erase_person(team_id, user_id),
                "speed_connect_rows": uow.speed_connect.erase_person(team_id, user_id),
                "language": uow.languages.erase(team_id, user_id),
                # Last: also what the steps above scheduled for them (their own event's notice).
                "messages": uow.outbox.erase_person(team_id, user_id),
            }
            uow.commit()
        # Once erased, nothing names the person, the log included: the workspace and the
        # counts of what went, never whose it was.
        log.info(
            "person erased: %s",
            ", ".join(f"{name} {count}" for name, count in removed.items()),
            extra={"team_id": team_id, **removed},
        )
        return Erasure(
            erased=any(count > 0 for count in removed.values()), cancelled=from_events.cancelled
        )

    def export(self, team_id: str, user_id: str) -> dict[str, object]:
        """Everything held about the person, as plain data (see bot.services.export)."""
        with self._uow() as uow:
            return person_export(uow, self._places, team_id, user_id)

    # Search -------------------------------------------------------------------------------

    def search_text(self, team_id: str, text: str) -> SearchResult | UnknownPlace:
        """Search from what was typed after /whoswho: a place or region, then topic words."""
        query = self._places.read_query(text)
        # Topic words as the search reads them: tidy, bounded, so a button can carry them.
        # The same word typed twice ("data Data") is searched, and shown, once.
        topics = distinct_topics(clean_text(word, MAX_TOPIC) for word in query.topic_words)
        query = replace(query, topic_words=topics[:MAX_TOPICS])
        if query.kind == "place" and query.place is not None:
            target = SearchTarget(place_id=query.place.id, topics=query.topic_words)
        elif query.kind == "region" and query.region is not None:
            target = SearchTarget(region_code=query.region.code, topics=query.topic_words)
        elif query.kind == "area" and query.area is not None:
            target = SearchTarget(area_code=query.area.code, topics=query.topic_words)
        elif query.kind == "postcode" and query.postcode is not None:
            target = SearchTarget(postcode=query.postcode.code, topics=query.topic_words)
        else:
            record_search(self._uow, team_id, NO_REGION, found=False, now=self._clock.now())
            return UnknownPlace(
                text=query.place_text or text.strip(),
                suggestions=tuple(
                    self._suggest(item, query.topic_words) for item in query.suggestions
                ),
                outside_uk=query.outside_uk,
            )
        alternatives = tuple(self._suggest(alt, query.topic_words) for alt in query.alternatives)
        if query.kind == "region" and query.place is not None:
            alternatives = (self._suggest(query.place, query.topic_words), *alternatives)
        result = self.search(team_id, target, page=1, alternatives=alternatives)
        # Counted for the impact report's growth: typed searches only (paging and the
        # buttons that refine a search are not counted again).
        region = search_region(self._places, target)
        record_search(self._uow, team_id, region, found=result.total > 0, now=self._clock.now())
        return replace(result, site=query.site, typed=query.place_text if query.corrected else None)

    def _suggest(self, item: Place | Region, topics: tuple[str, ...]) -> Suggestion:
        if isinstance(item, Region):
            return Suggestion(item.name, SearchTarget(region_code=item.code, topics=topics))
        # A same-name place's button names its county or authority when known.
        label = self._places.phrasing.label(item)
        return Suggestion(label, SearchTarget(place_id=item.id, topics=topics))

    def search(
        self,
        team_id: str,
        target: SearchTarget,
        *,
        page: int = 1,
        alternatives: tuple[Suggestion, ...] = (),
    ) -> SearchResult:
        """People near a place (that place first, then by distance) or a postcode (nearest
        first), or across a region or an ONS area (by membership, biggest places first)."""
        place = self._places.get(target.place_id) if target.place_id is not None else None
        region = (
            self._known_region(target.region_code) if place is None and target.region_code else None
        )
        area = self._places.area(target.area_code) if target.area_code else None
        postcode = self._places.postcode(target.postcode) if target.postcode else None
        named = ""  # the area's name or the postcode, for the heading
        if place is not None:
            ring = self._places.nearby(place, COMMUTING_RADIUS_KM)
        elif region is not None:
            ring = [(p, 0.0) for p in self._places.places_in_region(region.code)]
        elif area is not None:
            ring = [(p, 0.0) for p in self._places.places_in_area(area.code)]
            named = area.name
        elif postcode is not None:
            ring = self._places.near_point(
                postcode.latitude, postcode.longitude, COMMUTING_RADIUS_KM
            )
            named = postcode.code
        else:
            raise NotFoundError(N_("directory.errors.place_gone"))
        stems = topic_stems(list(target.topics))
        order = [p.id for p, _ in ring]
        with self._uow() as uow:
            counts = uow.profiles.count_by_place(team_id, order, stems)
            total = sum(counts.values())
            ignoring = (
                sum(uow.profiles.count_by_place(team_id, order, ()).values())
                if stems and total == 0
                else None
            )
            pages = max(1, min(MAX_PAGES, -(-total // PAGE_SIZE)))
            page = max(1, min(page, pages))
            hits: list[PersonHit] = []
            skip = (page - 1) * PAGE_SIZE
            for candidate, distance in ring:
                count = counts.get(candidate.id, 0)
                if count == 0:
                    continue
                if skip >= count:
                    skip -= count
                    continue
                label = self._places.label(candidate)
                hits.extend(
                    PersonHit(profile, label, distance, matched_topics(profile, stems))
                    for profile in uow.profiles.list_at_place(
                        team_id, candidate.id, stems, offset=skip, limit=PAGE_SIZE - len(hits)
                    )
                )
                skip = 0
                if len(hits) >= PAGE_SIZE:
                    break
        wider = (
            self._suggest(self._places.region(place.region_code), target.topics)
            if place is not None
            else None
        )
        if postcode is not None:
            around = self._places.area(postcode.district)
            codes = around.parents if around is not None else ()
            wider = next(
                (
                    self._suggest(self._places.region(code), target.topics)
                    for code in codes
                    if self._known_region(code) is not None
                ),
                None,
            )
        return SearchResult(
            target=target,
            area_label=self._places.label(place) if place else region.name if region else named,
            is_region=place is None and postcode is None,
            wider=wider,
            hits=tuple(hits),
            page=page,
            pages=pages,
            total=total,
            total_ignoring_topics=ignoring,
            alternatives=alternatives,
        )

    def _known_region(self, code: str) -> Region | None:
        return next((region for region in self._places.regions() if region.code == code), None)

    # The yearly check (bot.services.profile_nudges) ---------------------------------------

    def nudge_to_send(self, team_id: str, user_id: str) -> ProfileStatus | None:
        """The profile a nudge asks about, as it is now; None when there is nothing to ask
        any more (the person answered meanwhile, or is gone)."""
        status = self.profile_status(team_id, user_id)
        profile = status.profile
        if profile is None or profile.nudged_at is None:
            return None
        return status
