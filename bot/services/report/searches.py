"""The directory's searches, counted for the impact report's growth: one upsert per search
into its region's tally for the week. Counts only: no person, no words typed, no place finer
than a region."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.growth import monday

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.places import Gazetteer
    from bot.domain.ports import UnitOfWorkFactory
    from bot.services.directory_search import SearchTarget

NO_REGION = ""  # a search whose place was not understood, or lies in no one region


def search_region(places: Gazetteer, target: SearchTarget) -> str:
    """The region a search was about: its place's, the region itself, or the region an area
    or postcode lies in; NO_REGION when there is none."""
    known = {region.code for region in places.regions()}
    if target.place_id is not None:
        place = places.get(target.place_id)
        return place.region_code if place is not None and place.region_code else NO_REGION
    if target.region_code:
        return target.region_code if target.region_code in known else NO_REGION
    area = None
    if target.area_code:
        area = places.area(target.area_code)
    elif target.postcode:
        postcode = places.postcode(target.postcode)
        area = places.area(postcode.district) if postcode is not None else None
    if area is None:
        return NO_REGION
    return next((code for code in (area.code, *area.parents) if code in known), NO_REGION)


def record_search(
    uow_factory: UnitOfWorkFactory, team_id: str, region_code: str, *, found: bool, now: datetime
) -> None:
    """Count one search in its region's tally for the week of `now` (its own transaction)."""
    with uow_factory() as uow:
        uow.digests.count_search(team_id, monday(now), region_code, found=found)
        uow.commit()
