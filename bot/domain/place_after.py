"""The words after a place that say where it is, not what about (bot.domain.place_phrasing).

"Leeds area", "Newport, Isle of Wight", "Whitchurch, Cardiff", "Wellington Place Leeds",
"Newcastle City Council", "Bromley, Kent", "Leeds, UK": fillers go, a county, area, region or
nation picks among same-name places, a council means its area, and none of them is a topic
word. Pure and deterministic.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.domain.areas import COUNCIL_SUFFIXES
from bot.domain.place_data import TRAILING, match_phrase
from bot.domain.places import MAX_ALTERNATIVES, Place, PlaceQuery, normalise
from bot.domain.regions import REGIONS, Region

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from bot.domain.areas import Area
    from bot.domain.place_data import Alias, AreaIndex
    from bot.domain.places import Gazetteer

__all__ = ["TrailingReader"]

_MAX_PHRASE_WORDS = 6  # the longest qualifier or filler phrase, in words
_MAX_TIDY_STEPS = 12  # fillers and qualifiers read after a place, at most


class TrailingReader:
    """Reads what follows a place, a region or an area in a query."""

    def __init__(
        self, gazetteer: Gazetteer, areas: AreaIndex | None, qualifiers: Mapping[str, Alias]
    ) -> None:
        self._g = gazetteer
        self._areas = areas
        self._qualifiers = qualifiers
        self._region_names: dict[str, Region] = {}
        for region in REGIONS:
            for name in region.names:
                self._region_names.setdefault(normalise(name), region)
        self._trailing = sorted((normalise(w).split() for w in TRAILING), key=len, reverse=True)
        self._councils = sorted((w.split() for w in COUNCIL_SUFFIXES), key=len, reverse=True)

    def tidy(self, query: PlaceQuery) -> PlaceQuery:
        """Words after the place that only say where it is are neither topics nor ignored:
        a qualifier picks among same-name places; "area", "city centre", "UK" go."""
        if query.kind == "unknown" or not query.topic_words:
            return query
        topics = list(query.topic_words)
        text = query.place_text
        # Real phrasing has a few such words; a wall of them ("Leeds " * 20,000) is topics.
        for _ in range(_MAX_TIDY_STEPS):
            if not topics:
                break
            keys = [normalise(w) for w in topics[:_MAX_PHRASE_WORDS]]
            if keys and not keys[0]:
                # Punctuation alone (a stray comma or dash) between the place and the rest.
                text, topics = f"{text} {topics[0]}", topics[1:]
                continue
            filler = match_phrase(keys, self._trailing)
            if filler:
                text, topics = f"{text} {' '.join(topics[:filler])}", topics[filler:]
                continue
            council = self._council(query, keys)
            if council is not None:
                m, query = council
                text, topics = f"{text} {' '.join(topics[:m])}", topics[m:]
                continue
            picked = self._qualify(query, keys)
            if picked is None:
                break
            m, query = picked
            text, topics = f"{text} {' '.join(topics[:m])}", topics[m:]
        if len(topics) == len(query.topic_words):
            return query
        return replace(query, place_text=text, topic_words=tuple(topics))

    def _council(self, query: PlaceQuery, keys: Sequence[str]) -> tuple[int, PlaceQuery] | None:
        """ "Council" after a town ("Newcastle City Council", "Hull City Council") means the
        council's area: the district the town lies in, or for a county council its county."""
        m = match_phrase(keys, self._councils)
        place = query.place
        if not m or query.kind != "place" or place is None or self._areas is None:
            return None
        found = [area for code in place.areas if (area := self._areas.find(code)) is not None]
        county = next((a for a in found if a.kind == "county"), None)
        area = (
            county if county is not None and "county" in keys[:m] else found[0] if found else None
        )
        if area is None:
            return None
        return m, PlaceQuery(
            "area", None, None, (), (), query.place_text, query.topic_words, area=area
        )

    def _qualify(self, query: PlaceQuery, keys: Sequence[str]) -> tuple[int, PlaceQuery] | None:
        """The words naming a county, area, region or nation the place lies in (or the place's
        own name again: "Wellington Place Leeds"), and the query with the same-name place that
        lies there."""
        for m in range(len(keys), 0, -1):
            key = " ".join(keys[:m])
            region = self._region_names.get(key)
            alias = self._qualifiers.get(key)
            named: tuple[Area, ...] = ()
            if query.kind == "area" and query.area is not None:
                if self._holds(query.area, key, region, alias):
                    return m, query  # "Bromley, Kent": the area's own county says nothing more
                continue
            if region is None and alias is None:
                if query.kind != "place" or query.place is None:
                    continue
                if _names(query.place, key):
                    return m, query
                # Any ONS area by its name, a town's name too ("Whitchurch, Cardiff").
                named = self._g.areas_named(key) if self._areas is not None else ()
                if not named:
                    continue
            if query.kind == "region" and query.region is not None:
                # "Yorkshire, England": a region's own nation or country adds nothing.
                if alias is not None and (not alias.regions or query.region.code in alias.regions):
                    return m, query
                continue
            if query.kind != "place" or query.place is None:
                # An area's reading from the areas index: leave its words as they are.
                return None
            candidates = self._same_name(query)
            inside = [p for p in candidates if self._inside(p, region, alias, named)]
            if inside:
                pick = inside[0]
                others = tuple(p for p in candidates if p.id != pick.id)[:MAX_ALTERNATIVES]
                return m, replace(query, place=pick, alternatives=others)
        return None

    def _holds(self, area: Area, key: str, region: Region | None, alias: Alias | None) -> bool:
        """Whether the words after an area name a region, county or area it lies in."""
        if region is not None:
            return region.code in area.parents
        if alias is not None and not alias.means:  # "UK", "England"
            return not alias.regions or bool(set(alias.regions) & set(area.parents))
        outer = {
            *(alias.means if alias is not None else ()),
            *(a.code for a in self._g.areas_named(key)),
        }
        return bool(outer & {area.code, *area.parents})

    def _inside(
        self, place: Place, region: Region | None, alias: Alias | None, named: Sequence[Area] = ()
    ) -> bool:
        if region is not None:
            return place.region_code == region.code
        if named and self._areas is not None:
            return any(self._areas.contains(area, place) for area in named)
        if alias is None:
            return False
        if not alias.regions and not alias.means:
            return True  # "UK", "Britain": anywhere
        if self._areas is not None and alias.means and place.areas:
            areas = [self._areas.find(ref) for ref in alias.means]
            known = [area for area in areas if area is not None]
            if known:
                return any(self._areas.contains(area, place) for area in known)
        # Until the areas index is there, a county says which region the place is in.
        return place.region_code in alias.regions

    def _same_name(self, query: PlaceQuery) -> list[Place]:
        """The place read and every other place of that name, most likely first."""
        assert query.place is not None  # noqa: S101 - only called for a place
        seen = {query.place.id}
        found = [query.place, *query.alternatives]
        words = query.place_text.split()
        for n in range(len(words), 0, -1):
            for place in self._g.places_named(" ".join(words[:n])):
                if place.id not in seen:
                    seen.add(place.id)
                    found.append(place)
        head = found[: 1 + len(query.alternatives)]
        tail = sorted(found[len(head) :], key=lambda p: (-p.population, p.id))
        return [*head, *tail]


def _names(place: Place, key: str) -> bool:
    """Whether `key` (normalised) is the place's name or one of its other names."""
    return any(normalise(name) == key for name in (place.name, *place.alt_names))
