"""Scoring the place test set (tests/places/place_queries.csv): what counts as a right answer.

Used by tests/places/test_place_accuracy.py and benchmarks/place_accuracy.py alike.

The interface assumed of the resolver's answer (bot.domain.places.PlaceQuery), read
defensively so that the reading of places can grow without this module changing:

- `kind`: "place", "region", "area", "postcode" or "unknown" (another kind is scored by what it
  carries: a place or point, an area, a region);
- `place`: for a place, an object with `latitude` and `longitude` (degrees, WGS84); it may carry
  its area memberships as `memberships`, `areas` or `area_codes`: GSS codes (strings) or objects
  with a `.code`;
- `region`: for a region or nation, an object with `.code`, its ITL1 code ("TLE");
- `area`: for an administrative or informal area, an object with `.code`, its ONS GSS code
  ("E10000016" for Kent, "E47000009" for the West of England), and `.name`; an area with no
  code of its own (an informal area such as the Black Country) may say which local authority
  districts it covers as `lad_codes`, `members` or `memberships` (GSS codes of districts,
  counties, unitary authorities, regions: districts are compared), or give the code of an
  area that is the same thing;
- `postcode`: for a postcode (unit, sector, district or area), an object with `latitude` and
  `longitude` of the point it names, or with a `point`/`place` that has them;
- `topic_words`: the words left over, in order.

What is right, by the row's `expect` (see tests/places/SOURCES.md for where answers come from):

- `point` (towns, Welsh/Gaelic/Irish names, typos, places with topics, everyday phrasing,
  qualified names, postcodes, government sites): the query resolves to a place or a point
  within `radius_km` of the row's position; or to an area or region listed in `also` (London
  the city is also London the region; Leeds the city, the City of Leeds district); or, for a
  government site, a place whose memberships hold the site's local authority (`answer_code`).
  A same-name place elsewhere is wrong.
- `region`: kind region with the ITL1 code, or an area with that region's or nation's GSS code
  (E12000003, W92000004, ...) or a code listed in `also`.
- `area`: kind area with `answer_code` or a code in `also`; or, where the row lists `members`
  (informal areas), an area covering nearly the same districts (Jaccard index at least 0.8);
  or, where the row has a position (an area named like its main town: Wakefield, Caerdydd), a
  place or point within `radius_km` of it.
- `unknown`: kind "unknown".

Every row but `unknown` also needs its topic words: the row's `topics` (compared word by word,
case and punctuation ignored), and none where it has none, so "Leeds, West Yorkshire" read as
Leeds with the topic words "West Yorkshire" is wrong.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TEST_SET = HERE / "place_queries.csv"
FLOOR_FILE = HERE / "accuracy_floor.json"

# The order of the table: the categories of issue 13's table, then bad input.
CATEGORIES = (
    "town",
    "welsh_gaelic_irish",
    "typo",
    "place_topic",
    "region",
    "phrasing",
    "qualifier",
    "admin_area",
    "combined_authority",
    "informal",
    "postcode",
    "government_site",
    "unknown",
)
MEMBERS_JACCARD = 0.8
EARTH_RADIUS_KM = 6371.0088

ITL1_TO_GSS = {
    "TLC": "E12000001", "TLD": "E12000002", "TLE": "E12000003", "TLF": "E12000004",
    "TLG": "E12000005", "TLH": "E12000006", "TLI": "E12000007", "TLJ": "E12000008",
    "TLK": "E12000009", "TLL": "W92000004", "TLM": "S92000003", "TLN": "N92000002",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Case:
    category: str
    query: str
    expect: str  # "point", "region", "area" or "unknown"
    answer_code: str
    latitude: float | None
    longitude: float | None
    radius_km: float | None
    also: frozenset[str]
    members: frozenset[str]
    topics: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    right: bool
    got: str  # what the resolver answered, for reading failures


def load_cases(path: Path = TEST_SET) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [_case(row) for row in csv.DictReader(handle)]


def _case(row: dict[str, str]) -> Case:
    def number(key: str) -> float | None:
        return float(row[key]) if row[key] else None

    def codes(key: str) -> frozenset[str]:
        return frozenset(c for c in row[key].split("|") if c)

    return Case(
        category=row["category"],
        query=row["query"],
        expect=row["expect"],
        answer_code=row["answer_code"],
        latitude=number("latitude"),
        longitude=number("longitude"),
        radius_km=number("radius_km"),
        also=codes("also"),
        members=codes("members"),
        topics=_words(row["topics"]),
        source=row["source"],
    )


def _words(text: str | Any) -> tuple[str, ...]:
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return tuple(re.sub(r"[^\w\s]+|_", " ", bare).split())


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# Reading the resolver's answer -----------------------------------------------------------------


def _point(obj: Any) -> tuple[float, float] | None:
    """A latitude and longitude from an object that has them, or holds something that has."""
    if obj is None:
        return None
    if isinstance(obj, tuple | list) and len(obj) == 2:
        try:
            return float(obj[0]), float(obj[1])
        except (TypeError, ValueError):
            return None
    lat, lon = getattr(obj, "latitude", None), getattr(obj, "longitude", None)
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return float(lat), float(lon)
    for inner in ("point", "place", "centre", "center"):
        found = getattr(obj, inner, None)
        if found is not None and found is not obj:
            point = _point(found)
            if point is not None:
                return point
    return None


def resolved_point(query: Any) -> tuple[float, float] | None:
    """Where a place, postcode or site answer points; None for a region, an area or nothing."""
    kind = getattr(query, "kind", None)
    if kind in ("region", "area", "unknown"):
        return None
    for attr in ("place", "postcode", "site", "point"):
        point = _point(getattr(query, attr, None))
        if point is not None:
            return point
    return None


def _codes(values: Any) -> set[str]:
    if values is None or isinstance(values, str):
        return {values} if isinstance(values, str) else set()
    found = set()
    try:
        for value in values:
            code = value if isinstance(value, str) else getattr(value, "code", None)
            if isinstance(code, str):
                found.add(code)
    except TypeError:
        return set()
    return found


def memberships(obj: Any) -> set[str]:
    """The GSS codes of the areas a place (or area) says it lies in or covers."""
    found: set[str] = set()
    for attr in ("memberships", "areas", "area_codes", "lad_codes", "members"):
        found |= _codes(getattr(obj, attr, None))
    return found


def _area_code(query: Any) -> str | None:
    if getattr(query, "kind", None) != "area":
        return None
    code = getattr(getattr(query, "area", None), "code", None)
    return code if isinstance(code, str) else None


def _region_code(query: Any) -> str | None:
    if getattr(query, "kind", None) != "region":
        return None
    code = getattr(getattr(query, "region", None), "code", None)
    return code if isinstance(code, str) else None


def describe(query: Any) -> str:
    """A short account of an answer, for the list of wrong ones."""
    kind = getattr(query, "kind", "?")
    topics = " ".join(getattr(query, "topic_words", ()) or ())
    rest = f" + [{topics}]" if topics else ""
    if kind == "region":
        return f"region {_region_code(query)}{rest}"
    if kind == "area":
        area = getattr(query, "area", None)
        return f"area {getattr(area, 'code', '?')} {getattr(area, 'name', '')}{rest}"
    point = resolved_point(query)
    name = getattr(getattr(query, "place", None), "name", None) or kind
    if point is not None:
        return f"{kind} {name} ({point[0]:.3f}, {point[1]:.3f}){rest}"
    return f"{kind}{rest}"


# Judging --------------------------------------------------------------------------------------


def _near(case: Case, point: tuple[float, float] | None) -> bool:
    if point is None or case.latitude is None or case.longitude is None:
        return False
    radius = case.radius_km if case.radius_km is not None else 5.0
    return _distance_km(case.latitude, case.longitude, *point) <= radius


def _place_right(case: Case, query: Any) -> bool:
    area, region = _area_code(query), _region_code(query)
    if area is not None and area in case.also:
        return True
    if region is not None and region in case.also:
        return True
    if _near(case, resolved_point(query)):
        return True
    if case.category == "government_site" and case.answer_code:
        held = memberships(getattr(query, "place", None))
        return getattr(query, "kind", None) != "unknown" and case.answer_code in held
    return False


def _region_right(case: Case, query: Any) -> bool:
    region, area = _region_code(query), _area_code(query)
    if region is not None:
        return region == case.answer_code or region in case.also
    if area is not None:
        return area == ITL1_TO_GSS.get(case.answer_code) or area in case.also
    return False


def _area_right(case: Case, query: Any) -> bool:
    area, region = _area_code(query), _region_code(query)
    accepted = case.also | ({case.answer_code} if case.answer_code else set())
    if area is not None and area in accepted:
        return True
    if region is not None and region in accepted:
        return True
    if area is not None and case.members:
        covers = memberships(getattr(query, "area", None))
        union = covers | case.members
        if union and len(covers & case.members) / len(union) >= MEMBERS_JACCARD:
            return True
    return _near(case, resolved_point(query))


_JUDGES = {"point": _place_right, "region": _region_right, "area": _area_right}


def judge(case: Case, query: Any) -> bool:
    """Whether the resolver's answer to the case's query is right."""
    if case.expect == "unknown":
        return getattr(query, "kind", None) == "unknown"
    if _words(" ".join(getattr(query, "topic_words", ()) or ())) != case.topics:
        return False
    return _JUDGES[case.expect](case, query)


def score(cases: list[Case], read: Any) -> list[Outcome]:
    """Read every case's query with `read` (text -> PlaceQuery) and judge the answers."""
    outcomes = []
    for case in cases:
        answer = read(case.query)
        outcomes.append(Outcome(case, judge(case, answer), describe(answer)))
    return outcomes


def accuracy_by_category(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """category -> (right, total), in the table's order, with "overall" last."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        tally = counts[outcome.case.category]
        tally[0] += outcome.right
        tally[1] += 1
    ordered = [c for c in CATEGORIES if c in counts] + sorted(counts.keys() - set(CATEGORIES))
    table = {c: (counts[c][0], counts[c][1]) for c in ordered}
    table["overall"] = (sum(r for r, _ in table.values()), sum(n for _, n in table.values()))
    return table


def percent(right: int, total: int) -> float:
    return 100.0 * right / total if total else 0.0


def format_table(table: dict[str, tuple[int, int]], floors: dict[str, float] | None = None) -> str:
    """The accuracy table, with each category's floor beside it when given."""
    lines = [
        f"{'category':<20} {'right':>5} {'of':>5} {'accuracy':>9}" + ("  floor" if floors else "")
    ]
    for category, (right, total) in table.items():
        line = f"{category:<20} {right:>5} {total:>5} {percent(right, total):>8.1f}%"
        if floors is not None and category in floors:
            line += f"  {floors[category]:5.1f}%"
        lines.append(line)
    return "\n".join(lines)


def floors_from(table: dict[str, tuple[int, int]]) -> dict[str, float]:
    """Each category's accuracy, rounded down to 0.1%: the floor the test holds it to."""
    return {c: math.floor(percent(r, n) * 10 + 1e-9) / 10 for c, (r, n) in table.items()}
