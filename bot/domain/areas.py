"""The UK's administrative areas and postcode outlines, as the ONS publishes them.

Three files in bot/data, built by scripts/build_areas.py (see bot/data/AREAS.md):

- `areas.csv.gz`: every local authority district, county, metropolitan county and combined
  authority, with its GSS code ("E08000035"), kind, name, the other names people type (Welsh
  and Gaelic forms among them) and its parents, up to its ITL1 region or nation; and the areas
  with no ONS code that people name (South Wales, the Black Country, Berkshire), each with the
  districts it covers;
- `postcodes.csv.gz`: every postcode area ("LS"), district ("LS1") and sector ("LS1 4"), never a
  full postcode, with the centre of its postcodes and the district most of them lie in;
- `place_areas.csv.gz`: each gazetteer place's local authority district and region.

Everything here is pure and deterministic; the files are read once per process.
"""

from __future__ import annotations

import csv
import gzip
import importlib.resources
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = [
    "COUNCIL_SUFFIXES",
    "Area",
    "Areas",
    "Postcode",
    "PostcodeShape",
    "read_postcode_shape",
]

_PACKAGE = "bot"
_AREAS = "data/areas.csv.gz"
_POSTCODES = "data/postcodes.csv.gz"
_PLACE_AREAS = "data/place_areas.csv.gz"

# The kinds the lower tier takes: every place lies in exactly one of these.
DISTRICT_KINDS = frozenset(
    {
        "unitary authority",
        "non-metropolitan district",
        "metropolitan district",
        "London borough",
        "principal area",
        "council area",
        "district",
    }
)
# Which of several areas sharing a name a query means: the most local first.
_KIND_ORDER = (
    *sorted(DISTRICT_KINDS),
    "county",
    "metropolitan county",
    "combined authority",
    "ceremonial county",
    "former county",
    "informal",
)
# Areas with no ONS code of their own ("X-SOUTH-WALES", "X-BERKSHIRE"): informal areas and
# counties whose county council is gone, searched through the districts they cover.
SYNTHETIC_PREFIX = "X-"
# Words around an area's name that say the area is meant, not a town of the same name:
# "City of Leeds", "Leeds district", "London Borough of Lewisham", "Leeds City Council".
# Both in normal form (bot.domain.places.normalise), so a normalised name can take them.
AREA_PREFIXES = ("city of", "borough of", "county of", "london borough of", "royal borough of")
# "Leeds City Council", "Kent County Council", "Cardiff Council": the council is its area.
COUNCIL_SUFFIXES = (
    "council",
    "city council",
    "county council",
    "borough council",
    "district council",
    "metropolitan borough council",
    "metropolitan district council",
)
AREA_SUFFIXES = (
    "district",
    "borough",
    "county",
    "council area",
    "metropolitan borough",
    *COUNCIL_SUFFIXES,
)

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_FULL = re.compile(rf"({_OUTWARD}) ?([0-9])([A-Z]{{2}})")
_SECTOR = re.compile(rf"({_OUTWARD}) ([0-9])")
_DISTRICT = re.compile(_OUTWARD)
_AREA = re.compile(r"[A-Z]{1,2}")


@dataclass(frozen=True, slots=True)
class Area:
    code: str  # GSS code: "E08000035"
    kind: str  # "metropolitan district", "county", "combined authority", ...
    name: str  # "Leeds", "Kensington and Chelsea", "West of England"
    names: tuple[str, ...]  # other names people type: "Sir Benfro", "WECA"
    parents: tuple[str, ...]  # codes of the areas it lies in, the region or nation last
    # An area with no ONS code ("X-SOUTH-WALES"): the districts it covers. It is no
    # district's parent, so a place's memberships never hold it: search it through these.
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Postcode:
    """A postcode as typed, and the point it stands for (its sector's or district's centre)."""

    code: str  # normalised as typed: "SW1A 2AA", "LS1 4", "LS1", "LS"
    latitude: float
    longitude: float
    district: str  # the local authority district most of its postcodes lie in


@dataclass(frozen=True, slots=True)
class PostcodeShape:
    """Words that look like a postcode: how many, the postcode they spell, and the outlines
    to look it up by, most precise first (a full postcode by its sector, then its district)."""

    words: int
    code: str
    lookups: tuple[str, ...]


def read_postcode_shape(words: Sequence[str], *, bare_area: bool = False) -> PostcodeShape | None:
    """Whether the first words look like a full postcode, a sector or a district.

    A bare postcode area ("LS") is read only when `bare_area` is set and it was typed in
    capitals: letters alone are more often a word.

    >>> read_postcode_shape(["sw1a", "2aa", "data"])
    PostcodeShape(words=2, code='SW1A 2AA', lookups=('SW1A 2', 'SW1A'))
    >>> read_postcode_shape(["LS1"])
    PostcodeShape(words=1, code='LS1', lookups=('LS1',))
    >>> read_postcode_shape(["Leeds"]) is None
    True
    """
    if not words:
        return None
    first = words[0].strip(".,;:!?()").upper()
    second = words[1].strip(".,;:!?()").upper() if len(words) > 1 else ""
    pair = f"{first} {second}"
    shape: PostcodeShape | None = None
    if (full := _FULL.fullmatch(first) or _FULL.fullmatch(pair)) is not None:
        outward, digit, letters = full.groups()
        used = 1 if full.string == first else 2
        shape = PostcodeShape(used, f"{outward} {digit}{letters}", (f"{outward} {digit}", outward))
    elif second and _SECTOR.fullmatch(pair):
        shape = PostcodeShape(2, pair, (pair, first))
    elif _DISTRICT.fullmatch(first):
        shape = PostcodeShape(1, first, (first,))
    elif bare_area and _AREA.fullmatch(raw := words[0].strip(".,;:!?()")):
        shape = PostcodeShape(1, raw, (raw,))
    return shape


class Areas:
    """The areas and postcode outlines, indexed by code and by the names people type."""

    @classmethod
    def empty(cls) -> Areas:
        return cls((), {})

    def __init__(
        self, areas: Iterable[Area], outlines: dict[str, tuple[float, float, str]]
    ) -> None:
        self._by_code = {area.code: area for area in areas}
        self._outlines = outlines
        self._lineage: dict[str, tuple[str, ...]] = {}
        self._districts: dict[str, frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Area]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Area | None:
        return self._by_code.get(code)

    def districts(self, code: str) -> frozenset[str]:
        """The local authority districts the area covers: its members, or every district whose
        lineage holds it (itself, for a district)."""
        found = self._districts.get(code)
        if found is None:
            area = self._by_code.get(code)
            if area is not None and area.members:
                found = frozenset(area.members)
            else:
                found = frozenset(
                    other.code
                    for other in self._by_code.values()
                    if other.kind in DISTRICT_KINDS and code in self.lineage(other.code)
                )
            self._districts[code] = found
        return found

    def lineage(self, code: str) -> tuple[str, ...]:
        """The area's code and every area it lies in, nearest first, without repeats."""
        found = self._lineage.get(code)
        if found is None:
            seen: dict[str, None] = {}
            todo = [code]
            while todo:
                current = todo.pop(0)
                if current in seen:
                    continue
                seen[current] = None
                area = self._by_code.get(current)
                if area is not None:
                    todo.extend(area.parents)
            found = self._lineage[code] = tuple(seen)
        return found

    def names(self) -> list[tuple[str, Area]]:
        """Every name and other name of every area, the most local area first where several
        share one (a reader adds AREA_PREFIXES and AREA_SUFFIXES to each)."""
        ranked = sorted(self._by_code.values(), key=_by_kind)
        return [(name, area) for area in ranked for name in (area.name, *area.names)]

    def postcode(self, shape: PostcodeShape) -> Postcode | None:
        """The point a postcode stands for: its sector's centre, or its district's, or None."""
        for key in shape.lookups:
            outline = self._outlines.get(key)
            if outline is not None:
                latitude, longitude, district = outline
                return Postcode(shape.code, latitude, longitude, district)
        return None

    def is_postcode_area(self, letters: str) -> bool:
        return letters.isalpha() and letters in self._outlines


def _by_kind(area: Area) -> tuple[int, str]:
    rank = _KIND_ORDER.index(area.kind) if area.kind in _KIND_ORDER else len(_KIND_ORDER)
    return (rank, area.code)


def _rows(path: str) -> list[dict[str, str]]:
    data = importlib.resources.files(_PACKAGE).joinpath(path).read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8"))))


def load_areas() -> Areas:
    """The shipped areas and postcode outlines (read each time: the gazetteer caches them)."""
    areas = [
        Area(
            code=row["code"],
            kind=row["kind"],
            name=row["name"],
            names=tuple(n for n in row["names"].split("|") if n),
            parents=tuple(p for p in row["parents"].split("|") if p),
            members=tuple(m for m in row.get("members", "").split("|") if m),
        )
        for row in _rows(_AREAS)
    ]
    data = importlib.resources.files(_PACKAGE).joinpath(_POSTCODES).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()[1:]  # no quoting in this file
    outlines = {
        code: (float(latitude), float(longitude), district)
        for code, latitude, longitude, district in (line.split(",") for line in lines)
    }
    return Areas(areas, outlines)


def load_place_areas() -> dict[int, tuple[str, str]]:
    """Each gazetteer place's (district code, region code), by place id."""
    return {
        int(row["id"]): (row["district"], row["region"])
        for row in _rows(_PLACE_AREAS)
        if row["district"]
    }
