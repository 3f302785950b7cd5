"""The UK's nine English regions and three other nations (ITL1), with the names people type.

Codes are the ONS International Territorial Level 1 codes. Aliases are compared after the same
normalisation as place names (case, accents and punctuation ignored), so "yorkshire & the
humber" and "Yorkshire and The Humber" are one alias.

Each has its Welsh name too, as the ONS publishes them beside the English ones: a person who
reads the app in Welsh sees "Swydd Efrog a'r Humber", and anyone may type it. `name` is the name
in the language in force; `english_name` is the one the data and the command line use.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import WELSH, current_language


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # "TLE"
    english_name: str  # "Yorkshire and The Humber"
    kind: str  # "region" (English region) or "nation" (Wales, Scotland, Northern Ireland)
    aliases: tuple[str, ...]  # what people type: "Yorkshire", "The Humber", ...
    welsh_name: str = ""  # "Swydd Efrog a'r Humber"

    @property
    def name(self) -> str:
        """The name as the reader's language writes it."""
        if self.welsh_name and current_language() == WELSH:
            return self.welsh_name
        return self.english_name

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it is known by, in both languages, for reading what people type."""
        welsh = (self.welsh_name,) if self.welsh_name else ()
        return (self.english_name, *welsh, *self.aliases)


REGIONS: tuple[Region, ...] = (
    Region(
        "TLC",
        "North East",
        "region",
        ("North East", "North East England", "The North East", "NE England"),
        welsh_name="Gogledd Ddwyrain Lloegr",
    ),
    Region(
        "TLD",
        "North West",
        "region",
        ("North West", "North West England", "The North West", "NW England"),
        welsh_name="Gogledd Orllewin Lloegr",
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
        welsh_name="Swydd Efrog a'r Humber",
    ),
    Region(
        "TLF",
        "East Midlands",
        "region",
        ("East Midlands", "The East Midlands", "East Mids", "E Mids", "E Midlands"),
        welsh_name="Dwyrain Canolbarth Lloegr",
    ),
    Region(
        "TLG",
        "West Midlands",
        "region",
        ("West Midlands", "The West Midlands", "West Mids", "W Mids", "W Midlands"),
        welsh_name="Gorllewin Canolbarth Lloegr",
    ),
    Region(
        "TLH",
        "East of England",
        "region",
        ("East of England", "East England", "Eastern England", "East Anglia"),
        welsh_name="Dwyrain Lloegr",
    ),
    Region("TLI", "London", "region", ("London", "Greater London"), welsh_name="Llundain"),
    Region(
        "TLJ",
        "South East",
        "region",
        ("South East", "South East England", "The South East", "SE England"),
        welsh_name="De Ddwyrain Lloegr",
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
        welsh_name="De Orllewin Lloegr",
    ),
    Region("TLL", "Wales", "nation", ("Wales", "Cymru"), welsh_name="Cymru"),
    Region("TLM", "Scotland", "nation", ("Scotland", "Alba", "Yr Alban"), welsh_name="Yr Alban"),
    Region(
        "TLN",
        "Northern Ireland",
        "nation",
        ("Northern Ireland", "N Ireland", "NI", "Tuaisceart Éireann"),
        welsh_name="Gogledd Iwerddon",
    ),
)

REGION_CODES: frozenset[str] = frozenset(r.code for r in REGIONS)
ENGLISH_REGION_CODES: frozenset[str] = frozenset(r.code for r in REGIONS if r.kind == "region")

# Short forms for labels that must stay short ("Newport, Yorkshire").
SHORT_NAMES: dict[str, str] = {"TLE": "Yorkshire"}
WELSH_SHORT_NAMES: dict[str, str] = {"TLE": "Swydd Efrog"}


def short_name(region: Region) -> str:
    short = WELSH_SHORT_NAMES if current_language() == WELSH else SHORT_NAMES
    return short.get(region.code, region.name)
