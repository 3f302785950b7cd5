"""UK places: the shipped gazetteer, reading what people type, typeahead and distances.

The gazetteer (bot/data/gazetteer.csv.gz, built by scripts/build_gazetteer.py from GeoNames
data) lists about 5,900 UK towns, villages and London districts, each with its ITL1 region or
nation and the alternative names people might type (Welsh, Gaelic and Irish forms, short forms
such as "Newcastle", other spellings). Misspellings are matched fuzzily when a query is read.

Everything here is pure Python and deterministic, so the handlers can call it freely.
"""

from __future__ import annotations

import bisect
import csv
import functools
import gzip
import heapq
import importlib.resources
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz, process

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
from bot.domain.regions import REGIONS, Region, short_name

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from bot.domain.place_phrasing import PhrasingReader

__all__ = [
    "COMMUTING_RADIUS_KM",
    "Gazetteer",
    "Place",
    "PlaceQuery",
    "Region",
    "distance_km",
    "normalise",
]

COMMUTING_RADIUS_KM: float = 40.0
EARTH_RADIUS_KM = 6371.0088

MAX_ALTERNATIVES = 5
MAX_SUGGESTIONS = 5
MAX_PLACE_WORDS = 5  # the longest place name or alias is fewer words than this
MAX_AREA_WORDS = 8  # "London Borough of Kensington and Chelsea"
FUZZY_WORDS = 3
ACRONYM_LETTERS = 4
CONFIDENT_SCORE = 88.0  # "Edinbrugh" scores 88.9 against "edinburgh"
OVERRIDE_SCORE = 90.0  # a longer misspelt name ("Milton Keynez") beats a shorter exact one
CLEAR_MARGIN = 3.0  # a rival this close makes a fuzzy match unclear...
DOMINANT_FACTOR = 10  # ...unless one of them is this many times bigger
SHORT_FORM_FACTOR = 10  # "Newcastle" is Newcastle upon Tyne, not the town of 7,000 in County Down
SUGGESTION_SCORE = 60.0
PREFIX_SUGGESTION_SCORE = 85.0
SIMILAR_LIMIT = 16
SIMILAR_CACHE_SIZE = 4096
MAX_COMPLETE_CHARS = 100
COMPLETE_CACHE_SIZE = 4096
# How much a typeahead match counts, times the population, by how the text matched: the
# place's own name, another of its names, a later word of its own name, of another name.
_COMPLETE_WEIGHTS = (1.0, 0.05, 0.1, 0.005)
EXACT_NAME_WEIGHT = 10.0
_GAZETTEER = ("bot", "data/gazetteer.csv.gz")

_APOSTROPHES = re.compile(r"['’‘`]")
_PUNCT = re.compile(r"[^\w\s]+|_")
# Slack's emoji as typed (":smile:", ":+1:", ":flag-gb:"): pictures, not words.
_SHORTCODE = re.compile(r":[\w+'-]+:")


def normalise(text: str) -> str:
    """How names are compared: casefolded, accents dropped, punctuation as spaces, "St" as "Saint".

    >>> normalise("Dùn Èideann")
    'dun eideann'
    >>> normalise("St. Albans")
    'saint albans'
    >>> normalise("King's Lynn")
    'kings lynn'
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = _PUNCT.sub(" ", _APOSTROPHES.sub("", bare)).split()
    return " ".join("saint" if w == "st" else w for w in words)


def has_words(text: str) -> bool:
    """Whether the text holds any letter or digit once emoji, their shortcodes and punctuation
    are set aside: only then can it name (or start naming) a place.

    >>> has_words("Leeds"), has_words("😀 :smile: !!")
    (True, False)
    """
    return bool(normalise(_SHORTCODE.sub(" ", text)))


# The most words a region's name or alias has ("Yorkshire and The Humber").
_REGION_WORDS = max(len(normalise(a).split()) for r in REGIONS for a in (r.name, *r.aliases))


@dataclass(frozen=True, slots=True)
class Place:
    id: int  # GeoNames id
    name: str
    region_code: str
    latitude: float
    longitude: float
    population: int
    alt_names: tuple[str, ...]
    # The ONS areas it lies in (bot.domain.areas): its local authority district first, then
    # that district's county, combined authority, region... as GSS and ITL1 codes.
    areas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceQuery:
    """The result of reading what a person typed after /whoswho."""

    kind: Literal["place", "region", "area", "postcode", "unknown"]
    place: Place | None  # kind == "place": the most likely match
    region: Region | None  # kind == "region"
    alternatives: tuple[Place, ...]  # other places the words could mean, most likely first
    suggestions: tuple[Place | Region, ...]  # kind == "unknown": closest names, at most 5
    place_text: str  # the words that named (or were read as) the place, as typed
    topic_words: tuple[str, ...]  # the remaining words, in order
    # Everyday phrasing (bot.domain.place_phrasing): the government site the words named,
    # whether the place was read from a misspelling, and whether they name a place abroad.
    site: str | None = None
    corrected: bool = False
    outside_uk: bool = False
    # Administrative geography (bot.domain.areas): kind == "area", the ONS area the words
    # named ("Kent", "Sir Benfro"); kind == "postcode", the postcode and the point it stands for.
    area: Area | None = None
    postcode: Postcode | None = None


def distance_km(a: Place, b: Place) -> float:
    """Great-circle (haversine) distance between two places."""
    return _haversine(a.latitude, a.longitude, b.latitude, b.longitude)


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _by_size(place: Place) -> tuple[int, str, int]:
    return (-place.population, place.name, place.id)


Target = Place | Region


class Gazetteer:
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
            for alias in (region.name, *region.aliases):
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

        # Typeahead: every name from each of its words on, sorted for prefix search. The kind
        # says how the text matched: 0 own name, 1 other name, 2 and 3 a later word of either.
        entries: set[tuple[str, int, int]] = set()
        for key, matches in self._exact.items():
            for place in matches:
                other = 0 if key == self._keys[place.id] else 1
                entries.add((key, other, place.id))
                for start in _word_starts(key):
                    entries.add((key[start:], 2 + other, place.id))
        self._prefixes: list[tuple[str, int, int]] = sorted(entries)
        self._complete_cache: dict[tuple[str, int, bool], list[Place]] = {}

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
        return f"{place.name}, near {self._nearest_town(place)}"

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

    def read_plain(self, text: str) -> PlaceQuery:
        """Read "<place> [topic words]": the longest leading run of words naming a place or region.

        Exact names first (regions before places, a place's own name before its other names);
        failing that, a clear fuzzy match of the first few words ("Manchster"); failing that,
        kind "unknown" with the closest names as suggestions, reading the words that came
        closest as the place text. A region or nation right after a place's name that holds a
        place of that name says which is meant ("Newport, Wales"), not topics. Never raises.
        """
        words = text.split()
        if not words or not has_words(text):
            # Emoji or punctuation alone name no place and are like none: no suggestions.
            return PlaceQuery("unknown", None, None, (), (), text.strip(), ())
        administrative = self._read_administrative(words)
        if administrative is not None:
            return administrative
        head = words[:MAX_PLACE_WORDS]
        keys = [normalise(" ".join(head[:n])) for n in range(1, len(head) + 1)]
        for n in range(len(head), 0, -1):
            key = keys[n - 1]
            region = self._region_aliases.get(key)
            places = self._exact.get(key, ())
            if region is None and not places:
                continue
            longer = self._confident_fuzzy(keys, first=n + 1, threshold=OVERRIDE_SCORE)
            # A longer misspelt name beats the exact one ("Milton Keynez"), but not the same
            # name with a topic word after it ("Stoke-on-Trent HR", "Northern Ireland HR").
            if longer is not None and longer[2] not in keys[:n] and not _acronym(words[n]):
                return self._found(words, *longer)
            return self._found(words, n, region or places[0], key)

        fuzzy = self._confident_fuzzy(keys, first=1, threshold=CONFIDENT_SCORE)
        if fuzzy is not None:
            return self._found(words, *fuzzy)
        return self._unknown(words, keys)

    def _read_administrative(self, words: Sequence[str]) -> PlaceQuery | None:
        """A postcode ("SW1A 2AA", "LS1 4", "LS1", "LS") or an ONS area's name at the start.

        A postcode-shaped start that is no postcode is "unknown", with no suggestions: it is
        not a misspelt town. An area is read only when no longer or equal run of the words is
        a town's or a region's name, so "Leeds" stays the town and "Kensington and Chelsea" is
        the borough, not Kensington with topic words.
        """
        head = words[:MAX_AREA_WORDS]
        keys = [normalise(" ".join(head[:n])) for n in range(1, len(head) + 1)]
        named = any(
            key in self._exact or key in self._region_aliases or key in self._area_names
            for key in keys
        )  # "NE England" is a region, not the postcode area NE with a topic word
        shape = read_postcode_shape(
            words, bare_area=not named and self._areas.is_postcode_area(words[0])
        )
        if shape is not None:
            typed, topics = " ".join(words[: shape.words]), tuple(words[shape.words :])
            postcode = self._areas.postcode(shape)
            if postcode is None:
                return PlaceQuery("unknown", None, None, (), (), typed, topics)
            return PlaceQuery("postcode", None, None, (), (), typed, topics, postcode=postcode)
        for n in range(len(head), 0, -1):
            key = keys[n - 1]
            if key in self._region_aliases:
                return None
            area = self._area_names.get(key) if key not in self._exact else self._shared(key)
            if key in self._exact and area is None:
                return None
            if area is not None:
                return PlaceQuery(
                    "area", None, None, (), (), " ".join(words[:n]), tuple(words[n:]), area=area
                )
        return None

    def _shared(self, key: str) -> Area | None:
        """The district a name means when a town has the name too: the district, when the
        biggest place of that name lies outside it (Merton in Devon is not the London
        borough) or has the name only as another name that its own does not hold (Saint
        Peters is "Thanet"; the City of Westminster is "Westminster" too, and stays the
        place). Otherwise the town: "Leeds", "Cardiff", "Barnet"."""
        area = self._district_named.get(key)
        if area is None:
            return None
        top = self._exact[key][0]
        inside = top.areas[:1] == (area.code,)
        named = f" {key} " in f" {self._keys[top.id]} "
        return None if inside and named else area

    def _found(self, words: Sequence[str], n: int, target: Target, key: str) -> PlaceQuery:
        """A place or region named by the first n words, matched through the name `key`."""
        same = self._exact.get(key, ())
        candidates = same if isinstance(target, Region) else (target, *same)
        qualified = self._qualified(words, n, candidates)
        if qualified is not None:
            target, n = qualified
        if isinstance(target, Region):
            alternatives = same[:MAX_ALTERNATIVES]
            return PlaceQuery(
                "region", None, target, alternatives, (), " ".join(words[:n]), tuple(words[n:])
            )
        others = tuple(p for p in same if p.id != target.id)[:MAX_ALTERNATIVES]
        return PlaceQuery("place", target, None, others, (), " ".join(words[:n]), tuple(words[n:]))

    def _qualified(
        self, words: Sequence[str], n: int, candidates: Sequence[Place]
    ) -> tuple[Place, int] | None:
        """Read a region or nation after a place's name as saying which place is meant.

        "Newport, Wales" and "Wales, Yorkshire" (labels the app itself shows) pick the place of
        that name in that region, most likely first, and the region's words are not topic
        words. A region that holds no place of the name ("Leeds Wales") leaves them as topics.
        """
        most = min(len(words) - n, _REGION_WORDS)
        for m in range(most, 0, -1):
            region = self._region_aliases.get(normalise(" ".join(words[n : n + m])))
            if region is None:
                continue
            inside = [p for p in candidates if p.region_code == region.code]
            if inside:
                return inside[0], n + m
        return None

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

    def _confident_fuzzy(
        self, keys: Sequence[str], *, first: int, threshold: float
    ) -> tuple[int, Target, str] | None:
        """The clear best fuzzy match of the first `first`..FUZZY_WORDS+ words, if there is one.

        Only names with as many words as the run are compared, so "Leeds data" is never read
        as a two-word place. A rival within CLEAR_MARGIN makes the match unclear, unless one
        of the two is DOMINANT_FACTOR times bigger ("Bristl" is Bristol, not Briston).
        """
        found: list[tuple[float, int, Target, str]] = []
        last = min(len(keys), max(FUZZY_WORDS, first))
        for n in range(first, last + 1):
            key = keys[n - 1]
            words = key.count(" ") + 1
            for choice, score in self._similar(key):
                if score < threshold - CLEAR_MARGIN:
                    break
                if abs(choice.count(" ") + 1 - words) <= 1:
                    found.append((score, n, self._target(choice), choice))
        if not found:
            return None
        found.sort(key=lambda item: (-item[0], -_size(item[2]), -item[1]))
        top_score = found[0][0]
        close: list[tuple[float, int, Target, str]] = []
        for item in found:
            if item[0] >= top_score - CLEAR_MARGIN and all(item[2] != c[2] for c in close):
                close.append(item)
        pick = max(close, key=lambda item: _size(item[2]))
        dominant = all(
            _size(pick[2]) >= DOMINANT_FACTOR * max(_size(item[2]), 1)
            for item in close
            if item is not pick
        )
        if len(close) > 1 and not dominant:
            return None
        score, n, target, key = pick
        return (n, target, key) if score >= threshold else None

    def _similar(self, key: str) -> list[tuple[str, float]]:
        """Names most like `key` (fuzz.ratio at least SUGGESTION_SCORE), best first."""
        size = len(key)
        if not key or size > self._longest_key * 3:
            # Nothing so long can score enough; and text this long is not worth remembering.
            return []
        cached = self._similar_cache.get(key)
        if cached is not None:
            return cached
        # ratio = 2 * common / (len(a) + len(b)), so lengths far apart cannot reach the cutoff.
        cut = SUGGESTION_SCORE
        lo = bisect.bisect_left(self._fuzzy_lengths, math.floor(size * cut / (200 - cut)))
        hi = bisect.bisect_right(self._fuzzy_lengths, math.ceil(size * (200 - cut) / cut))
        found = [
            (choice, score)
            for choice, score, _ in process.extract(
                key,
                self._fuzzy_keys[lo:hi],
                scorer=fuzz.ratio,
                limit=SIMILAR_LIMIT,
                score_cutoff=cut,
            )
        ]
        if len(self._similar_cache) >= SIMILAR_CACHE_SIZE:
            self._similar_cache.clear()
        self._similar_cache[key] = found
        return found

    def _target(self, key: str) -> Target:
        region = self._region_aliases.get(key)
        if region is not None:
            return region
        return self._exact[key][0]

    def _unknown(self, words: Sequence[str], keys: Sequence[str]) -> PlaceQuery:
        """No clear match: suggest names that start with the words, then names like them."""
        scored: dict[int | str, tuple[float, int, Target]] = {}  # target -> score, run length

        def offer(target: Target, score: float, n: int) -> None:
            ident: int | str = target.code if isinstance(target, Region) else target.id
            if score > scored.get(ident, (-1.0, 0, target))[0]:
                scored[ident] = (score, n, target)

        for n in range(1, min(len(keys), FUZZY_WORDS) + 1):
            key = keys[n - 1]
            if len(key) >= 3:
                # Names the words begin ("manch" for Manchester) rank as a good match would.
                for rank, place in enumerate(self._complete_prefix(key, MAX_SUGGESTIONS)):
                    offer(place, PREFIX_SUGGESTION_SCORE - rank / 10, n)
            for choice, score in self._similar(key):
                offer(self._target(choice), score, n)
        ranked = sorted(scored.values(), key=lambda item: (-item[0], -_size(item[2]), -item[1]))[
            :MAX_SUGGESTIONS
        ]
        n = ranked[0][1] if ranked else 1
        return PlaceQuery(
            "unknown",
            None,
            None,
            (),
            tuple(target for _, _, target in ranked),
            " ".join(words[:n]),
            tuple(words[n:]),
        )

    # Typeahead ----------------------------------------------------------------------------

    def complete(self, prefix: str, limit: int = 20) -> list[Place]:
        """Places for a typeahead menu: names starting with the text, biggest places first.

        Case, accents and punctuation are ignored. A place's own name counts most, then its
        other names ("Caerdydd" finds Cardiff), then later words ("Keynes"); a place named
        exactly what was typed is lifted ("Wick" before Wickford). When nothing starts with
        the text, the names closest to it. Empty text: the biggest places.
        """
        if limit <= 0:
            return []
        text = prefix[:MAX_COMPLETE_CHARS]
        if text.strip() and not has_words(text):
            # Emoji, shortcodes or punctuation typed: they start no place's name, and offering
            # the biggest cities (what empty text offers) would answer something not asked.
            return []
        key = normalise(text)
        # "St" being typed may be the start of Stoke as well as short for Saint. That depends
        # on the text as typed, not only its normal form ("saint" and "st" normalise alike),
        # so it is part of what the cache is keyed on.
        raw = _PUNCT.sub(" ", _APOSTROPHES.sub("", text.casefold())).split()
        typing_st = bool(raw) and raw[-1] == "st" and not text[-1:].isspace()
        cache_key = (key, limit, typing_st)
        cached = self._complete_cache.get(cache_key)
        if cached is not None:
            return list(cached)
        if not key:
            found = list(self._by_size[:limit])
        else:
            found = self._complete_prefix(key, limit)
            if typing_st and key.endswith("saint"):
                plain = key[: -len("saint")] + "st"
                found = self._complete_prefix(plain, limit, also=found)
            found = found or self._complete_fuzzy(key, limit)
        if len(self._complete_cache) >= COMPLETE_CACHE_SIZE:
            self._complete_cache.clear()
        self._complete_cache[cache_key] = found
        return list(found)

    def _complete_prefix(self, key: str, limit: int, also: Sequence[Place] = ()) -> list[Place]:
        weights: dict[int, float] = {p.id: _COMPLETE_WEIGHTS[0] for p in also}
        start = bisect.bisect_left(self._prefixes, (key,))
        for index in range(start, len(self._prefixes)):
            name, kind, place_id = self._prefixes[index]
            if not name.startswith(key):
                break
            weight = _COMPLETE_WEIGHTS[kind]
            if kind == 0 and name == key:
                weight = EXACT_NAME_WEIGHT
            if weight > weights.get(place_id, 0.0):
                weights[place_id] = weight
        return heapq.nsmallest(
            limit,
            (self._by_id[i] for i in weights),
            key=lambda p: (-(p.population + 1) * weights[p.id], p.name, p.id),
        )

    def _complete_fuzzy(self, key: str, limit: int) -> list[Place]:
        found: dict[int, tuple[float, Place]] = {}
        for choice, score in self._similar(key):
            for place in self._exact.get(choice, ())[:3]:
                if place.id not in found or found[place.id][0] < score:
                    found[place.id] = (score, place)
        ranked = sorted(found.values(), key=lambda sp: (-sp[0], *_by_size(sp[1])))
        return [p for _, p in ranked[:limit]]

    # Distances ----------------------------------------------------------------------------

    def near_point(
        self, latitude: float, longitude: float, radius_km: float
    ) -> list[tuple[Place, float]]:
        """Every place within radius_km of a point (a postcode's centre), nearest first."""
        radius = min(radius_km if radius_km >= 0 else 0.0, 2000.0)
        band = radius / 111.0 + 0.01
        lo = bisect.bisect_left(self._latitudes, latitude - band)
        hi = bisect.bisect_right(self._latitudes, latitude + band)
        found = [
            (other, km)
            for other in self._by_latitude[lo:hi]
            if (km := _haversine(latitude, longitude, other.latitude, other.longitude)) <= radius
        ]
        return sorted(found, key=lambda pk: (pk[1], *_by_size(pk[0])))

    def nearby(self, place: Place, radius_km: float) -> list[tuple[Place, float]]:
        """Every place within radius_km of place, nearest first; the place itself first at 0.0."""
        radius = radius_km if radius_km >= 0 else 0.0  # also catches NaN
        radius = min(radius, 2000.0)
        band = radius / 111.0 + 0.01  # degrees of latitude, with a little slack
        lo = bisect.bisect_left(self._latitudes, place.latitude - band)
        hi = bisect.bisect_right(self._latitudes, place.latitude + band)
        found: list[tuple[Place, float]] = [(place, 0.0)]
        for other in self._by_latitude[lo:hi]:
            if other.id == place.id:
                continue
            km = distance_km(place, other)
            if km <= radius:
                found.append((other, km))
        found[1:] = sorted(found[1:], key=lambda pk: (pk[1], *_by_size(pk[0])))
        return found


def _size(target: Target) -> int:
    if isinstance(target, Region):
        return 10**9  # a region outweighs any place that shares its name
    return target.population


def _acronym(word: str) -> bool:
    """A short word in capitals ("HR", "DDaT", "UX"): a topic, never the end of a name."""
    letters = [ch for ch in word if ch.isalpha()]
    return 0 < len(letters) <= ACRONYM_LETTERS and sum(ch.isupper() for ch in letters) >= 2


def _word_starts(key: str) -> list[int]:
    return [i + 1 for i, ch in enumerate(key) if ch == " "]


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
