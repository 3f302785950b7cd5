"""What a place typed outside the directory search means: `/event list`, `/event link`,
`/mentoring match`, the CSV import and the place typeaheads all read it here, with the same
resolver as `/whoswho` (bot.domain.places and place_phrasing), so "in Leeds", "Brum",
"Quarry House", "Kent", "Sir Benfro" and "LS1" mean the same wherever they are typed.

Each feature then decides what the kind of place means to it:

- a town (or a site, an alias) is a point: events near it; its region for links and matches;
- a region or nation is itself;
- an ONS area ("Kent", "West Yorkshire") holds the places inside it, by membership; where a
  feature works by region (channel links), the region the area lies in;
- a postcode is a point like a town (its centre), and is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from bot.domain.places import COMMUTING_RADIUS_KM, Place, Region

if TYPE_CHECKING:
    from bot.domain.areas import Area, Postcode
    from bot.domain.places import Gazetteer, PlaceQuery

__all__ = ["NoPlace", "PlaceScope", "place_choices", "read_scope", "scope_by_id"]

MAX_TYPED = 200  # more than any place's name with its qualifier: the rest is not read
MAX_SHOWN = 80  # how much of what was typed an answer repeats


@dataclass(frozen=True, slots=True)
class PlaceScope:
    """Where typed words point: a place, a region, an ONS area or a postcode."""

    kind: Literal["place", "region", "area", "postcode"]
    name: str  # "Leeds", "Yorkshire and The Humber", "Kent", "LS1"
    region: Region | None  # the region it is or lies in, or most of it (None: not known)
    place: Place | None = None
    area: Area | None = None
    postcode: Postcode | None = None
    site: str | None = None  # the government site typed ("Quarry House"), read as its place
    topic_words: tuple[str, ...] = ()  # words after the place, which these features ignore
    alternatives: tuple[Place, ...] = ()  # other places of the same name, most likely first
    corrected: bool = False  # the place was read from a misspelling ("Leedz")
    # Every region an area reaches into, `region` first: one for most, several for an
    # informal area ("the Midlands", "Home Counties").
    regions: tuple[Region, ...] = ()

    def place_ids(self, gazetteer: Gazetteer) -> list[int] | None:
        """The places it covers: near a town or postcode (commuting distance), inside an
        area (membership); None for a region, which is matched by its code."""
        if self.place is not None:
            return [p.id for p, _ in gazetteer.nearby(self.place, COMMUTING_RADIUS_KM)]
        if self.area is not None:
            return [p.id for p in gazetteer.places_in_area(self.area.code)]
        if self.postcode is not None:
            point = self.postcode
            near = gazetteer.near_point(point.latitude, point.longitude, COMMUTING_RADIUS_KM)
            return [p.id for p, _ in near]
        return None

    @property
    def is_region(self) -> bool:
        return self.kind == "region"


@dataclass(frozen=True, slots=True)
class NoPlace:
    """Words that name no place the app knows: what was typed, and names like it."""

    text: str  # as typed, shortened
    suggestions: tuple[str, ...]  # closest names, most likely first
    outside_uk: bool = False  # a place abroad ("Paris")


def read_scope(gazetteer: Gazetteer, text: str) -> PlaceScope | NoPlace:
    """Read what was typed with the directory's resolver. Never raises: very long text,
    emoji, control characters and postcode-shaped words that are no postcode are NoPlace."""
    typed = _printable(text)[:MAX_TYPED]
    query = gazetteer.read_query(typed)
    scope = _scope(gazetteer, query)
    if scope is not None:
        return scope
    return NoPlace(
        text=(query.place_text or typed).strip()[:MAX_SHOWN],
        suggestions=tuple(_suggestion(gazetteer, item) for item in query.suggestions),
        outside_uk=query.outside_uk,
    )


def scope_by_id(
    gazetteer: Gazetteer,
    *,
    place_id: int | None = None,
    region_code: str | None = None,
    area_code: str | None = None,
    postcode: str | None = None,
) -> PlaceScope | None:
    """A scope a button carried, by the ids it was read as; None when it is gone."""
    if place_id is not None:
        place = gazetteer.get(place_id)
        return None if place is None else _scope_of_place(gazetteer, place)
    if region_code is not None:
        region = _region(gazetteer, region_code)
        return None if region is None else PlaceScope("region", region.name, region)
    if area_code is not None:
        area = gazetteer.area(area_code)
        return None if area is None else _scope_of_area(gazetteer, area)
    if postcode is not None:
        point = gazetteer.postcode(postcode)
        return None if point is None else _scope_of_postcode(gazetteer, point)
    return None


def _scope(gazetteer: Gazetteer, query: PlaceQuery) -> PlaceScope | None:
    topics = query.topic_words
    scope: PlaceScope | None = None
    if query.kind == "place" and query.place is not None:
        scope = _scope_of_place(gazetteer, query.place, site=query.site)
    elif query.kind == "region" and query.region is not None:
        scope = PlaceScope("region", query.region.name, query.region)
    elif query.kind == "area" and query.area is not None:
        scope = _scope_of_area(gazetteer, query.area)
    elif query.kind == "postcode" and query.postcode is not None:
        scope = _scope_of_postcode(gazetteer, query.postcode)
    if scope is None:
        return None
    return replace(
        scope, topic_words=topics, alternatives=query.alternatives, corrected=query.corrected
    )


def _scope_of_place(gazetteer: Gazetteer, place: Place, site: str | None = None) -> PlaceScope:
    region = _region(gazetteer, place.region_code)
    return PlaceScope("place", gazetteer.label(place), region, place=place, site=site)


def _scope_of_area(gazetteer: Gazetteer, area: Area) -> PlaceScope:
    """An area, with the regions it reaches into, the one holding most of its places first."""
    reached = [r for code in area.parents if (r := _region(gazetteer, code)) is not None]
    if len(reached) > 1:
        sizes: dict[str, int] = {}
        for place in gazetteer.places_in_area(area.code):
            sizes[place.region_code] = sizes.get(place.region_code, 0) + 1
        reached.sort(key=lambda region: -sizes.get(region.code, 0))
    return PlaceScope(
        "area", area.name, reached[0] if reached else None, area=area, regions=tuple(reached)
    )


def _scope_of_postcode(gazetteer: Gazetteer, postcode: Postcode) -> PlaceScope:
    district = gazetteer.area(postcode.district)
    region = _region_of(gazetteer, district) if district is not None else None
    return PlaceScope("postcode", postcode.code, region, postcode=postcode)


def _region_of(gazetteer: Gazetteer, area: Area) -> Region | None:
    """The region or nation a district lies in (every area names it among its parents)."""
    return next((r for code in area.parents if (r := _region(gazetteer, code)) is not None), None)


def _region(gazetteer: Gazetteer, code: str) -> Region | None:
    return next((region for region in gazetteer.regions() if region.code == code), None)


def _suggestion(gazetteer: Gazetteer, item: Place | Region) -> str:
    if isinstance(item, Region):
        return item.name
    return gazetteer.phrasing.label(item)


def _printable(text: str) -> str:
    """Control characters (a pasted tab, a NUL) read as spaces, as a person means them."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def place_choices(gazetteer: Gazetteer, typed: str, limit: int = 50) -> list[tuple[int, str]]:
    """Places for a typeahead: (id, label) pairs, likeliest first. Government sites and short
    names that start with the text come first ("Quarry House, Leeds", "Brum, Birmingham"),
    each standing for its place: what the menu gives back is always a gazetteer place."""
    typed = _printable(typed)
    places = gazetteer.complete(typed, limit)
    listed = {place.id for place in places}
    # Each option's value is a place id, and values must differ: a site or short name whose
    # place is listed anyway is left out ("Brum" lists Birmingham already).
    named: list[tuple[int, str]] = []
    for place, label in gazetteer.phrasing.complete(typed):
        if place.id not in listed:
            listed.add(place.id)
            named.append((place.id, label))
    plain = [(place.id, gazetteer.label(place)) for place in places]
    return (named + plain)[: max(limit, 0)]
