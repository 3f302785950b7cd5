"""The UK's nine English regions and three other nations (ITL1), with the names people type.

Codes are the ONS International Territorial Level 1 codes. Aliases are compared after the same
normalisation as place names (case, accents and punctuation ignored), so "yorkshire & the
humber" and "Yorkshire and The Humber" are one alias.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # "TLE"
    name: str  # "Yorkshire and The Humber"
    kind: str  # "region" (English region) or "nation" (Wales, Scotland, Northern Ireland)
    aliases: tuple[str, ...]  # what people type: "Yorkshire", "The Humber", ...


REGIONS: tuple[Region, ...] = (
    Region(
        "TLC",
        "North East",
        "region",
        ("North East", "North East England", "The North East", "NE England"),
    ),
    Region(
        "TLD",
        "North West",
        "region",
        ("North West", "North West England", "The North West", "NW England"),
    ),
    Region(
        "TLE",
        "Yorkshire and The Humber",
        "region",
        (
            "Yorkshire and The Humber",
            "Yorkshire & The Humber",
            "Yorkshire and Humber",
            "Yorkshire & Humber",
            "Yorks and Humber",
            "Yorks & Humber",
            "Y&H",
            "Y and H",
            "Yorkshire",
            "Yorks",
            "Humber",
            "The Humber",
            "Humberside",
        ),
    ),
    Region(
        "TLF",
        "East Midlands",
        "region",
        ("East Midlands", "The East Midlands", "East Mids", "E Mids", "E Midlands"),
    ),
    Region(
        "TLG",
        "West Midlands",
        "region",
        ("West Midlands", "The West Midlands", "West Mids", "W Mids", "W Midlands"),
    ),
    Region(
        "TLH",
        "East of England",
        "region",
        ("East of England", "East England", "Eastern England", "East Anglia"),
    ),
    Region("TLI", "London", "region", ("London", "Greater London")),
    Region(
        "TLJ",
        "South East",
        "region",
        ("South East", "South East England", "The South East", "SE England"),
    ),
    Region(
        "TLK",
        "South West",
        "region",
        (
            "South West",
            "South West England",
            "The South West",
            "SW England",
            "West Country",
            "The West Country",
        ),
    ),
    Region("TLL", "Wales", "nation", ("Wales", "Cymru")),
    Region("TLM", "Scotland", "nation", ("Scotland", "Alba", "Yr Alban")),
    Region(
        "TLN",
        "Northern Ireland",
        "nation",
        ("Northern Ireland", "N Ireland", "NI", "Tuaisceart Éireann"),
    ),
)

REGION_CODES: frozenset[str] = frozenset(r.code for r in REGIONS)
ENGLISH_REGION_CODES: frozenset[str] = frozenset(r.code for r in REGIONS if r.kind == "region")

# Short forms for labels that must stay short ("Newport, Yorkshire").
SHORT_NAMES: dict[str, str] = {"TLE": "Yorkshire"}


def short_name(region: Region) -> str:
    return SHORT_NAMES.get(region.code, region.name)
