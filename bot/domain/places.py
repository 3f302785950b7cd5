"""UK places: the shipped gazetteer, reading what people type, typeahead and distances.

The gazetteer (bot/data/gazetteer.csv.gz, built by scripts/build_gazetteer.py from GeoNames
data) lists about 5,900 UK towns, villages and London districts, each with its ITL1 region or
nation and the alternative names people might type (Welsh, Gaelic and Irish forms, short forms
such as "Newcastle", other spellings). Misspellings are matched fuzzily when a query is read.

Everything here is pure Python and deterministic, so the handlers can call it freely.
Reading a query lives in place_reading, typeahead in place_typeahead, and the values
(Place, PlaceQuery, normalise) in place_model: Gazetteer is built from those mixins.
"""

from __future__ import annotations

import bisect
import csv
import functools
import gzip
import importlib.resources
import io
import math
from typing import TYPE_CHECKING

from bot.domain.areas import (
    AREA_PREFIXES,
    AREA_SUFFIXES,
    DISTRICT_KINDS,
    Area,
    Areas,
    Postcode,
    load_areas,
    load_place_areas,
    read_postcode_shape,
)
from bot.domain.place_model import (
    COMMUTING_RADIUS_KM,
    EARTH_RADIUS_KM,
    MAX_ALTERNATIVES,
    MAX_SUGGESTIONS,
    Place,
    PlaceQuery,
    _by_size,
    _haversine,
    distance_km,
    has_words,
    normalise,
)
from bot.domain.place_reading import GazetteerReading
from bot.domain.regions import REGIONS, Region, short_name
from bot.i18n import t

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from bot.domain.place_phrasing import PhrasingReader

__all__ = [
    "COMMUTING_RADIUS_KM",
    "MAX_ALTERNATIVES",
    "MAX_SUGGESTIONS",
    "Gazetteer",
    "Place",
    "PlaceQuery",
    "Region",
    "distance_km",
    "has_words",
    "normalise",
]

SHORT_FORM_FACTOR = 10  # "Newcastle" is Newcastle upon Tyne, not the town of 7,000 in County Down
_GAZETTEER = ("bot", "data/gazetteer.csv.gz")


class Gazetteer(GazetteerReading):
    """The places the app knows, indexed for reading queries, typeahead and distances."""

    @classmethod
    def load(cls) -> Gazetteer:
        """The shipped gazetteer, read once per process."""
        return _load_shipped()

    def __init__(self, places: Iterable[Place], areas: Areas | None = None) -> None:
        self._places: tuple[Place, ...] = tuple(sorted(places, key=lambda p: p.id))
        self._by_id = {p.id: p for p in self._places}
        self._regions = {r.code: r for r in REGIONS}
        self._by_size = tuple(sorted(self._places, key=_by_size))

        self._region_aliases: dict[str, Region] = {}
        for region in REGIONS:
            for alias in region.names:
                self._region_aliases.setdefault(normalise(alias), region)

        # Exact names: each key's places, most likely first.
        primary: dict[str, list[Place]] = {}
        alternative: dict[str, list[Place]] = {}
        self._keys: dict[int, str] = {}
        for place in self._places:
            key = normalise(place.name)
            self._keys[place.id] = key
            primary.setdefault(key, []).append(place)
            for alt in place.alt_names:
                alt_key = normalise(alt)
                if alt_key and alt_key != key:
                    alternative.setdefault(alt_key, []).append(place)
        self._same_name = {k: tuple(sorted(v, key=_by_size)) for k, v in primary.items()}
        self._exact: dict[str, tuple[Place, ...]] = {}
        for key in primary.keys() | alternative.keys():
            self._exact[key] = self._rank_exact(key, primary.get(key, []), alternative.get(key, []))

        # Fuzzy matching runs over every distinct name and alias.
        # Sorted by length, so a comparison can skip names too short or long to score enough.
        self._fuzzy_keys: list[str] = sorted(
            self._exact.keys() | self._region_aliases.keys(), key=lambda k: (len(k), k)
        )
        self._fuzzy_lengths = [len(k) for k in self._fuzzy_keys]
        self._longest_key = max(self._fuzzy_lengths, default=0)
        self._similar_cache: dict[str, list[tuple[str, float]]] = {}
        self._index_prefixes()

        # Distances: places sorted by latitude, to cut a band before measuring.
        self._by_latitude = tuple(sorted(self._places, key=lambda p: (p.latitude, p.id)))
        self._latitudes = [p.latitude for p in self._by_latitude]
        self._near_labels: dict[int, str] = {}
        # Each region's places, biggest first: a region search needs them every time.
        in_region: dict[str, list[Place]] = {}
        for place in self._by_size:
            in_region.setdefault(place.region_code, []).append(place)
        self._in_region = {code: tuple(found) for code, found in in_region.items()}
        self._index_areas(areas or Areas.empty())

    def _index_areas(self, areas: Areas) -> None:
        """Administrative areas: each area's places (biggest first) and the names that mean
        the area. A name that is also a town's or a region's stays theirs ("Leeds" is the town
        and its commuting distance; "City of Leeds" or "Leeds district" the area)."""
        self._areas = areas
        in_area: dict[str, list[Place]] = {}
        for place in self._by_size:
            for code in place.areas:
                in_area.setdefault(code, []).append(place)
        # An area with no ONS code of its own (South Wales, Berkshire) holds its members' places.
        for area in areas:
            if area.members:
                inside = {p.id for code in area.members for p in in_area.get(code, ())}
                in_area[area.code] = [p for p in self._by_size if p.id in inside]
        self._in_area = {code: tuple(found) for code, found in in_area.items()}
        self._area_names: dict[str, Area] = {}
        # Every area by each of its names, a town's too: what a qualifier after a place may
        # name ("Whitchurch, Cardiff"); and districts by their own name, for a name a town
        # shares ("Merton", "Barnet").
        self._areas_named: dict[str, list[Area]] = {}
        self._district_named: dict[str, Area] = {}
        for area in areas:
            if area.kind in DISTRICT_KINDS:
                self._district_named.setdefault(normalise(area.name), area)
        for name, area in areas.names():
            base = normalise(name)
            self._areas_named.setdefault(base, []).append(area)
            variants = (
                base,
                *(f"{prefix} {base}" for prefix in AREA_PREFIXES),
                *(f"{base} {suffix}" for suffix in AREA_SUFFIXES),
            )
            for key in variants:
                if key and key not in self._exact and key not in self._region_aliases:
                    self._area_names.setdefault(key, area)

    # Lookups ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places)

    def get(self, place_id: int) -> Place | None:
        return self._by_id.get(place_id)

    def region(self, code: str) -> Region:
        """The region or nation with this ITL1 code; KeyError for an unknown code."""
        try:
            return self._regions[code]
        except KeyError:
            raise KeyError(f"no region {code!r}") from None

    def regions(self) -> tuple[Region, ...]:
        return REGIONS

    def area(self, code: str) -> Area | None:
        """The ONS area with this GSS code (None for an unknown code)."""
        return self._areas.get(code)

    def postcode(self, text: str) -> Postcode | None:
        """The postcode, sector, district or area typed, and its centre; None if it is none."""
        shape = read_postcode_shape(text.split(), bare_area=True)
        if shape is None or shape.words != len(text.split()):
            return None
        return self._areas.postcode(shape)

    def areas_named(self, text: str) -> tuple[Area, ...]:
        """Every area with this name or other name, the most local first ("Cardiff", "Avon")."""
        return tuple(self._areas_named.get(normalise(text), ()))

    def places_in_area(self, code: str) -> list[Place]:
        """The places inside the area (by membership, not distance), biggest first."""
        return list(self._in_area.get(code, ()))

    def places_in_region(self, code: str) -> list[Place]:
        """The region's places, biggest first (empty for an unknown code)."""
        return list(self._in_region.get(code, ()))

    def places_named(self, text: str) -> tuple[Place, ...]:
        """Every place with this name or other name, most likely first (case, accents and
        punctuation ignored); none when no place has it."""
        return self._exact.get(normalise(text), ())

    def label(self, place: Place) -> str:
        """A short name that tells the place apart: "Leeds", "Newport, Wales", "Newport, near X".

        A name several places share gets its region; if two of them share the region too, the
        biggest keeps the region and the others are placed near a bigger town. So does a place
        named like another region or nation: the village of Wales is "Wales, Yorkshire".
        """
        key = normalise(place.name)
        same = self._same_name.get(key, ())
        named_like = self._region_aliases.get(key)
        clashes = named_like is not None and named_like.code != place.region_code
        if not clashes and len(same) <= 1 and (not same or same[0].id == place.id):
            return place.name
        same_region = [p for p in same if p.region_code == place.region_code]
        if not same_region or same_region[0].id == place.id:
            region = self._regions.get(place.region_code)
            return f"{place.name}, {short_name(region)}" if region else place.name
        return t("directory.place.near", place=place.name, town=self._nearest_town(place))

    def _nearest_town(self, place: Place) -> str:
        if place.id not in self._near_labels:
            lower = max(place.population + 1, 5000)
            towns = [
                p
                for p in self._places
                if p.population >= lower and len(self._same_name.get(self._keys[p.id], ())) == 1
            ]
            nearest = min(towns, key=lambda p: (distance_km(place, p), p.id), default=None)
            self._near_labels[place.id] = nearest.name if nearest else place.region_code
        return self._near_labels[place.id]

    # Reading a query ----------------------------------------------------------------------

    @functools.cached_property
    def phrasing(self) -> PhrasingReader:
        """The reader of everyday phrasing around a place (aliases, sites, qualifiers)."""
        # Imported here: place_phrasing reads through this module's names.
        from bot.domain.place_phrasing import PhrasingReader  # noqa: PLC0415

        return PhrasingReader(self)

    def read_query(self, text: str) -> PlaceQuery:
        """Read what was typed, everyday phrasing included ("in Leeds", "Leeds, UK", "Brum",
        "Quarry House", "Newport, Isle of Wight"): see bot.domain.place_phrasing. Never raises."""
        return self.phrasing.read(text, self.read_plain)

    def _rank_exact(
        self, key: str, primary: Sequence[Place], alternative: Sequence[Place]
    ) -> tuple[Place, ...]:
        """The places a name means, most likely first.

        A place's own name beats another place's alternative name, except for a short form of
        a much bigger place's name: "Newcastle" is Newcastle upon Tyne before the Newcastle in
        County Down, and "Stoke" is Stoke-on-Trent.
        """
        own = sorted(primary, key=_by_size)
        others = sorted((p for p in alternative if p not in own), key=_by_size)
        biggest_own = own[0].population if own else 0
        short_forms = [
            p
            for p in others
            if self._keys[p.id].startswith(key + " ")
            and p.population >= SHORT_FORM_FACTOR * max(biggest_own, 1)
        ]
        rest = [p for p in others if p not in short_forms]
        return (*short_forms, *own, *rest)

    # Distances ----------------------------------------------------------------------------

    def near_point(
        self, latitude: float, longitude: float, radius_km: float
    ) -> list[tuple[Place, float]]:
        """Every place within radius_km of a point (a postcode's centre), nearest first."""
        found = self._within(latitude, longitude, radius_km)
        return sorted(found, key=lambda pk: (pk[1], *_by_size(pk[0])))

    def nearby(self, place: Place, radius_km: float) -> list[tuple[Place, float]]:
        """Every place within radius_km of place, nearest first; the place itself first at 0.0."""
        others = [
            (other, km)
            for other, km in self._within(place.latitude, place.longitude, radius_km)
            if other.id != place.id
        ]
        return [(place, 0.0), *sorted(others, key=lambda pk: (pk[1], *_by_size(pk[0])))]

    def _within(
        self, latitude: float, longitude: float, radius_km: float
    ) -> list[tuple[Place, float]]:
        """The places within radius_km of a point, in no order. Only those inside a box around
        it are measured: a band of latitude found by bisection, then of longitude (wider
        towards the pole, where its degrees are shorter)."""
        radius = radius_km if radius_km >= 0 else 0.0  # also catches NaN
        radius = min(radius, 2000.0)
        band = radius / 111.0 + 0.01  # degrees of latitude, with a little slack
        # A point r km away differs in longitude by at most 2·asin(sin(r/2R) / cos φ), φ the
        # highest latitude in the band (from the haversine formula); all of them near a pole.
        widest = math.cos(math.radians(min(90.0, abs(latitude) + band)))
        reach = math.sin(radius / (2 * EARTH_RADIUS_KM)) / widest if widest > 0 else 2.0
        across = math.degrees(2 * math.asin(reach)) + 0.01 if reach < 1 else 360.0
        lo = bisect.bisect_left(self._latitudes, latitude - band)
        hi = bisect.bisect_right(self._latitudes, latitude + band)
        return [
            (other, km)
            for other in self._by_latitude[lo:hi]
            if abs(other.longitude - longitude) <= across
            and (km := _haversine(latitude, longitude, other.latitude, other.longitude)) <= radius
        ]


def _read_places(
    data: bytes, areas: Areas | None = None, memberships: dict[int, tuple[str, str]] | None = None
) -> list[Place]:
    """The gazetteer's rows; with the ONS memberships, each place takes the region of the
    district it lies in (not the gazetteer's estimate) and that district's areas."""
    text = gzip.decompress(data).decode("utf-8")
    found = memberships or {}
    places = []
    for row in csv.DictReader(io.StringIO(text)):
        place_id = int(row["id"])
        district, region = found.get(place_id, ("", row["region"]))
        places.append(
            Place(
                id=place_id,
                name=row["name"],
                region_code=region,
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                population=int(row["population"]),
                alt_names=tuple(n for n in row["alt_names"].split("|") if n),
                areas=areas.lineage(district) if areas is not None and district else (),
            )
        )
    return places


@functools.cache
def _load_shipped() -> Gazetteer:
    package, path = _GAZETTEER
    data = importlib.resources.files(package).joinpath(path).read_bytes()
    areas = load_areas()
    return Gazetteer(_read_places(data, areas, load_place_areas()), areas)
