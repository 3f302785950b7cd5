"""How people phrase a place around its name, read before and after the gazetteer's lookup.

`/whoswho in Leeds data`, `Leeds area`, `central London`, `Leeds, UK`, `Newport, Isle of
Wight`, `Quarry House`, `Brum`, `Leedz`: the words around a place say where, not what about.
This module reads them, with the hand-kept data of bot.domain.place_data (aliases, government
sites, filler words; described in bot/data/ALIASES.md). An alias naming areas (counties, local
authorities by GSS code) needs the areas index; until one is given, such rows are reported by
`PhrasingReader.unresolved()` and the words fall through to the gazetteer as before.

Everything here is pure and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from bot.domain.place_after import TrailingReader
from bot.domain.place_data import (
    LEADING,
    Alias,
    AreaIndex,
    GazetteerAreas,
    GovernmentSite,
    load_aliases,
    load_sites,
    match_phrase,
)
from bot.domain.places import Place, PlaceQuery, has_words, normalise
from bot.domain.regions import REGIONS, Region

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bot.domain.places import Gazetteer

__all__ = ["PhrasingReader"]

_MAX_PHRASE_WORDS = 6  # the longest alias, site name or filler phrase, in words
_NEAR_MISS_MIN = 5  # a typo is read as a place only from this many letters
_NEAR_MISS_PREFIX = 3  # ...and with this many first letters as the name has them
_DOMINANT = 10  # one near miss this many times bigger than the others is the one meant


@dataclass(frozen=True, slots=True)
class _Target:
    """What an alias or site resolves to."""

    place: Place | None = None
    region: Region | None = None
    query: PlaceQuery | None = None  # from the areas index
    site: str | None = None


class PhrasingReader:
    """Reads everyday phrasing around the gazetteer's own reading of a query."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        aliases: Sequence[Alias] | None = None,
        sites: Sequence[GovernmentSite] | None = None,
        areas: AreaIndex | None = None,
    ) -> None:
        self._g = gazetteer
        self._aliases = tuple(load_aliases() if aliases is None else aliases)
        if areas is None:
            shipped = GazetteerAreas(gazetteer)
            codes = (ref for alias in self._aliases for ref in alias.means)
            areas = shipped if any(shipped.find(ref) for ref in codes) else None
        self._areas = areas
        self._sites = tuple(load_sites() if sites is None else sites)
        self._regions = {r.code: r for r in REGIONS}
        # The data files name places exactly as the gazetteer does, so no normalising here.
        self._places_by_name: dict[tuple[str, str], Place] = {}
        for place in gazetteer:
            self._places_by_name.setdefault((place.name, place.region_code), place)
        self._leading = sorted((normalise(w).split() for w in LEADING), key=len, reverse=True)

        self._targets: dict[str, _Target] = {}
        self._qualifiers: dict[str, Alias] = {}
        self._foreign: set[str] = set()
        self._unresolved: list[Alias] = []
        self._pending: dict[str, Alias] = {}  # unresolved aliases, answered with their regions
        self._index_aliases()
        self._after = TrailingReader(gazetteer, areas, self._qualifiers)
        self._site_list: list[tuple[str, GovernmentSite, Place]] = []
        for site in self._sites:
            at = self._place(site.place, site.region)
            if at is None:
                continue
            for name in (site.name, *site.other_names):
                key = normalise(name)
                self._targets[key] = _Target(place=at, site=site.name)
                self._site_list.append((key, site, at))

    def _index_aliases(self) -> None:
        for alias in self._aliases:
            key = normalise(alias.alias)
            if alias.kind == "foreign":
                self._foreign.add(key)
            elif alias.kind == "qualifier":
                # A qualifier row says more than an area row of the same name ("Cambs" reads
                # as the county council's area, and after a place as the ceremonial county).
                self._qualifiers[key] = alias
            else:
                target = self._resolve(alias)
                if target is None:
                    self._unresolved.append(alias)
                    self._pending.setdefault(key, alias)
                else:
                    self._targets.setdefault(key, target)
                if alias.kind == "area":
                    self._qualifiers.setdefault(key, alias)

    # What the data resolves to ------------------------------------------------------------

    def _place(self, name: str, region: str) -> Place | None:
        return self._places_by_name.get((name, region))

    def _resolve(self, alias: Alias) -> _Target | None:
        if alias.kind == "place" and alias.means and alias.regions:
            place = self._place(alias.means[0], alias.regions[0])
            return _Target(place=place) if place else None
        if alias.kind == "region" and len(alias.means) == 1:
            region = self._regions.get(alias.means[0])
            return _Target(region=region) if region else None
        if alias.kind == "area" and self._areas is not None:
            found = [self._areas.find(ref) for ref in alias.means]
            areas = [area for area in found if area is not None]
            if areas and len(areas) == len(found):
                query = self._areas.query(areas, alias.alias)
                return _Target(query=query) if query else None
        # Several regions at once, or areas without an index: not searchable yet.
        return None

    @property
    def has_areas(self) -> bool:
        """Whether an areas index was given, so that area aliases can be searched."""
        return self._areas is not None

    def unresolved(self) -> list[Alias]:
        """Aliases that name nothing the app can search yet (areas with no index, several
        regions at once, a place missing from the gazetteer)."""
        return list(self._unresolved)

    def sites(self) -> list[tuple[GovernmentSite, Place | None]]:
        return [(site, self._place(site.place, site.region)) for site in self._sites]

    # Reading ------------------------------------------------------------------------------

    def read(self, text: str, plain: Callable[[str], PlaceQuery]) -> PlaceQuery:
        """Read `text` as the gazetteer would (`plain`), with the phrasing around it understood.

        Never raises; without everyday phrasing the answer is plain's own.
        """
        words = text.split()
        if not words or not has_words(text):
            return plain(text)
        keys = [normalise(w) for w in words[:_MAX_PHRASE_WORDS]]
        lead = match_phrase(keys, self._leading)
        if lead and lead < len(words):
            whole = self._read_words(words, plain)
            # "Greater London", "City of London", "Near Sawrey": the filler is part of a name.
            if whole.kind != "unknown" and _word_count(whole.place_text) > lead:
                return self._tidy(whole)
            rest = self._read_words(words[lead:], plain)
            # The place text keeps every word before the topics, "in" included.
            typed = " ".join([*words[:lead], rest.place_text]).strip()
            return self._tidy(replace(rest, place_text=typed))
        return self._tidy(self._read_words(words, plain))

    def _read_words(self, words: Sequence[str], plain: Callable[[str], PlaceQuery]) -> PlaceQuery:
        query = plain(" ".join(words))
        exact = query.kind != "unknown" and self._is_exact(query)
        taken = _word_count(query.place_text) if exact else 0
        n, target = self._lookup(words)
        if target is not None and n >= taken:
            return self._from_target(words, n, target, query)
        pending, alias = self._pending_alias(words)
        if alias is not None and (not exact or taken < pending):
            # An area the app cannot search yet ("Thames Valley" without the areas index, "the
            # Midlands" across two regions): never a same-sounding town; offer its regions.
            regions = tuple(self._regions[code] for code in alias.regions if code in self._regions)
            return PlaceQuery(
                "unknown",
                None,
                None,
                (),
                regions,
                " ".join(words[:pending]),
                tuple(words[pending:]),
            )
        foreign = self._foreign_words(words)
        if foreign and (not exact or taken < foreign):
            return PlaceQuery(
                "unknown",
                None,
                None,
                (),
                (),
                " ".join(words[:foreign]),
                tuple(words[foreign:]),
                outside_uk=True,
            )
        if query.kind == "unknown":
            return self._near_miss(words, query)
        if not exact:
            return replace(query, corrected=True)
        return query

    def _lookup(self, words: Sequence[str]) -> tuple[int, _Target | None]:
        for n in range(min(len(words), _MAX_PHRASE_WORDS), 0, -1):
            target = self._targets.get(normalise(" ".join(words[:n])))
            if target is not None:
                return n, target
        return 0, None

    def _pending_alias(self, words: Sequence[str]) -> tuple[int, Alias | None]:
        for n in range(min(len(words), _MAX_PHRASE_WORDS), 0, -1):
            alias = self._pending.get(normalise(" ".join(words[:n])))
            if alias is not None:
                return n, alias
        return 0, None

    def _foreign_words(self, words: Sequence[str]) -> int:
        for n in range(min(len(words), 3), 0, -1):
            if normalise(" ".join(words[:n])) in self._foreign:
                return n
        return 0

    def _from_target(
        self, words: Sequence[str], n: int, target: _Target, plain: PlaceQuery
    ) -> PlaceQuery:
        text, rest = " ".join(words[:n]), tuple(words[n:])
        if target.query is not None:
            return replace(target.query, place_text=text, topic_words=rest)
        if target.region is not None:
            return PlaceQuery("region", None, target.region, (), (), text, rest)
        place = target.place
        assert place is not None  # noqa: S101 - a _Target holds one of the three
        others: tuple[Place, ...] = ()
        if plain.kind == "place" and plain.place is not None and target.site is None:
            others = tuple(p for p in (plain.place, *plain.alternatives) if p.id != place.id)
        return PlaceQuery("place", place, None, others, (), text, rest, site=target.site)

    def _is_exact(self, query: PlaceQuery) -> bool:
        """Whether the words read as the place are one of its names (not a fuzzy match)."""
        key = normalise(query.place_text)
        if query.region is not None and query.kind == "region":
            names = {normalise(n) for n in query.region.names}
        elif query.place is not None:
            names = {normalise(n) for n in (query.place.name, *query.place.alt_names)}
        else:
            return True  # a reading of another kind (an area): the gazetteer's own
        return any(key == name or key.startswith(name + " ") for name in names)

    def _near_miss(self, words: Sequence[str], query: PlaceQuery) -> PlaceQuery:
        """An unknown reading whose closest name is one letter away is read as that place.

        One letter changed, added, dropped or two swapped ("Leedz", "Swansee", "Aberdene"),
        after the first few letters typed right (a slip at the start is as likely another
        name: "Lerds", "Manch" for March), in a word of at least five letters, and no other
        name as close unless it is a tenth of the size: the person meant it. The other
        suggestions stay, as alternatives.
        """
        n = _word_count(query.place_text)
        key = normalise(" ".join(words[:n]))
        if len(key.replace(" ", "")) < _NEAR_MISS_MIN:
            return query
        close = [
            item
            for item in query.suggestions
            if isinstance(item, Place)
            and any(_near(key, normalise(name)) for name in (item.name, *item.alt_names))
        ]
        if not close:
            return query
        pick = max(close, key=lambda p: (p.population, -p.id))
        if any(p is not pick and pick.population < _DOMINANT * max(p.population, 1) for p in close):
            return query
        others = tuple(
            item for item in query.suggestions if isinstance(item, Place) and item is not pick
        )
        return PlaceQuery(
            "place", pick, None, others, (), query.place_text, query.topic_words, corrected=True
        )

    def _tidy(self, query: PlaceQuery) -> PlaceQuery:
        return self._after.tidy(query)

    def label(self, place: Place) -> str:
        """The gazetteer's label, with a same-name place told apart by its county or local
        authority once memberships are known ("Newport, Isle of Wight", "Newport, Essex")."""
        plain = self._g.label(place)
        if plain == place.name or self._areas is None:
            return plain
        own = self._area_label(place)
        if own is None:
            return plain
        key = normalise(place.name)
        rivals = [
            p for p in self._g.places_named(key) if p.id != place.id and normalise(p.name) == key
        ]
        if any(self._area_label(p) == own for p in rivals):
            return plain
        return f"{place.name}, {own}"

    def _area_label(self, place: Place) -> str | None:
        assert self._areas is not None  # noqa: S101 - only asked with an index
        found = [area for code in place.areas if (area := self._areas.find(code)) is not None]
        county = next((area for area in found if area.kind == "county"), None)
        district = found[0] if found else None
        pick = county or district
        if pick is None or normalise(pick.name) == normalise(place.name):
            return None
        return pick.name

    # Typeahead ----------------------------------------------------------------------------

    def complete(self, typed: str, limit: int = 5) -> list[tuple[Place, str]]:
        """Sites and short names that start with the typed text, for a place typeahead:
        each with the place it resolves to and a label naming both ("Quarry House, Leeds")."""
        key = normalise(typed[:100])
        if len(key) < 2:
            return []
        found: list[tuple[Place, str]] = []
        seen: set[str] = set()
        for name_key, site, place in self._site_list:
            if name_key.startswith(key) and site.name not in seen:
                seen.add(site.name)
                found.append((place, f"{site.name}, {self._g.label(place)}"))
        for alias in self._aliases:
            target = self._targets.get(normalise(alias.alias)) if alias.kind == "place" else None
            if target is None or target.place is None or not normalise(alias.alias).startswith(key):
                continue
            if alias.alias not in seen:
                seen.add(alias.alias)
                found.append((target.place, f"{alias.alias}, {self._g.label(target.place)}"))
        return found[:limit]


def _near(typed: str, name: str) -> bool:
    """One slip apart, with the first letters the same."""
    start = _NEAR_MISS_PREFIX
    return typed[:start] == name[:start] and OSA.distance(typed, name, score_cutoff=1) <= 1


def _word_count(text: str) -> int:
    return len(text.split())
