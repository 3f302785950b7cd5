"""The hand-kept place data read around the gazetteer: aliases, government sites, filler words.

Two data files beside the gazetteer, described in bot/data/ALIASES.md:

- `bot/data/place_aliases.csv`: short names (Brum), county abbreviations (Herts), informal
  areas (South Wales, Tyneside), counties read after a place's name to say which is meant
  (qualifiers), and well-known places outside the UK that must never be read as a UK one;
- `bot/data/government_sites.csv`: the government buildings and hubs people give as their
  office (Quarry House, 2 Marsham Street), each with the place it is in.

Also the words around a place that only say where ("in", "near", "area", "city centre"), and
the index of ONS areas (bot.domain.areas) that area aliases and county qualifiers resolve
through. bot.domain.place_phrasing reads queries with them. Pure and deterministic.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from bot.domain.places import Place, PlaceQuery, normalise

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from bot.domain.areas import Area
    from bot.domain.places import Gazetteer

__all__ = [
    "LEADING",
    "TRAILING",
    "Alias",
    "AliasKind",
    "AreaIndex",
    "GazetteerAreas",
    "GovernmentSite",
    "load_aliases",
    "load_sites",
    "match_phrase",
    "parse_aliases",
    "parse_sites",
]

AliasKind = Literal["place", "region", "area", "qualifier", "foreign"]
_KINDS: frozenset[str] = frozenset({"place", "region", "area", "qualifier", "foreign"})
_DATA = "bot"
_ALIASES = "data/place_aliases.csv"
_SITES = "data/government_sites.csv"


# Words before a place that only say where ("in Leeds", "close to Bath", "yn Abertawe").
# "greater", "central" and "the" go only when what follows is not itself a name ("Greater
# London", "The Potteries"): "the Leeds area" is Leeds.
LEADING: tuple[str, ...] = (
    "in and around",
    "in or around",
    "in or near",
    "based in",
    "based at",
    "based near",
    "based around",
    "based out of",
    "working in",
    "work in",
    "close to",
    "near to",
    "nearby",
    "around",
    "round",
    "near",
    "nr",
    "in",
    "at",
    "within",
    "from",
    "central",
    "centre of",
    "center of",
    "greater",
    "yn",
    "ger",
    "canol",
    "the",
)
# Words after a place that only say where ("Leeds area", "Edinburgh city centre", "Leeds, UK").
TRAILING: tuple[str, ...] = (
    "and surrounding areas",
    "and surrounding area",
    "and the surrounding area",
    "and surrounding",
    "and surrounds",
    "and around",
    "surrounding area",
    "surrounding areas",
    "city centre",
    "city center",
    "town centre",
    "town center",
    "centre",
    "center",
    "area",
    "areas",
    "city",
    "town",
    "region",
    "ardal",
)


@dataclass(frozen=True, slots=True)
class Alias:
    """One row of place_aliases.csv."""

    alias: str
    kind: AliasKind
    means: tuple[str, ...]  # a place's name, region codes, or areas (GSS codes or names)
    regions: tuple[str, ...]  # ITL1 regions it lies in; empty: anywhere in the UK
    source: str


@dataclass(frozen=True, slots=True)
class GovernmentSite:
    """One row of government_sites.csv."""

    name: str
    other_names: tuple[str, ...]
    place: str  # the gazetteer name of the place it is in
    region: str  # that place's ITL1 code, to tell same-name places apart
    note: str
    source: str


class AreaIndex(Protocol):
    """What the reader needs of an index of administrative areas (counties, authorities)."""

    def find(self, ref: str) -> Area | None:
        """The area with this GSS code, or None."""
        ...

    def contains(self, area: Area, place: Place) -> bool:
        """Whether the place lies inside the area."""
        ...

    def query(self, areas: Sequence[Area], label: str) -> PlaceQuery | None:
        """A query for people inside these areas (one, or several as one informal area)."""
        ...


class GazetteerAreas:
    """The ONS areas as the gazetteer holds them (bot.domain.areas), with each place's
    memberships: what area aliases and county qualifiers are resolved through."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._g = gazetteer

    def find(self, ref: str) -> Area | None:
        return self._g.area(ref)

    def contains(self, area: Area, place: Place) -> bool:
        if area.members:  # an area with no ONS code: by the district the place lies in
            return bool(place.areas) and place.areas[0] in area.members
        return area.code in place.areas

    def query(self, areas: Sequence[Area], label: str) -> PlaceQuery | None:
        if len(areas) == 1:
            return PlaceQuery("area", None, None, (), (), label, (), area=areas[0])
        # Several areas searched as one (an informal area such as South Wales) need an area
        # the gazetteer can search by membership; until it holds one, the alias waits.
        return None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _read_csv(name: str) -> list[dict[str, str]]:
    data = importlib.resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def parse_aliases(rows: Iterable[dict[str, str]]) -> tuple[Alias, ...]:
    """Aliases from CSV rows; ValueError naming the first bad row."""
    found: list[Alias] = []
    for number, row in enumerate(rows, start=2):
        kind = (row.get("kind") or "").strip()
        alias = (row.get("alias") or "").strip()
        if kind not in _KINDS or not normalise(alias) or not (row.get("source") or "").strip():
            raise ValueError(f"place_aliases.csv line {number}: needs alias, kind and source")
        found.append(
            Alias(
                alias=alias,
                kind=kind,  # type: ignore[arg-type]  # checked against _KINDS above
                means=_split(row.get("means") or ""),
                regions=_split(row.get("regions") or ""),
                source=row["source"].strip(),
            )
        )
    return tuple(found)


def parse_sites(rows: Iterable[dict[str, str]]) -> tuple[GovernmentSite, ...]:
    found: list[GovernmentSite] = []
    for number, row in enumerate(rows, start=2):
        cells = {key: (value or "").strip() for key, value in row.items() if key}
        if not all(cells.get(key) for key in ("name", "place", "region", "source")):
            raise ValueError(
                f"government_sites.csv line {number}: needs name, place, region, source"
            )
        found.append(
            GovernmentSite(
                name=cells["name"],
                other_names=_split(cells.get("other_names", "")),
                place=cells["place"],
                region=cells["region"],
                note=cells.get("note", ""),
                source=cells["source"],
            )
        )
    return tuple(found)


@functools.cache
def load_aliases() -> tuple[Alias, ...]:
    """The shipped aliases, read once per process."""
    return parse_aliases(_read_csv(_ALIASES))


@functools.cache
def load_sites() -> tuple[GovernmentSite, ...]:
    """The shipped government sites, read once per process."""
    return parse_sites(_read_csv(_SITES))


def match_phrase(keys: Sequence[str], phrases: Sequence[list[str]]) -> int:
    """How many of the first normalised words make one of the phrases (longest listed first)."""
    for phrase in phrases:
        if list(keys[: len(phrase)]) == phrase:
            return len(phrase)
    return 0
