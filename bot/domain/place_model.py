"""UK places: the values the gazetteer deals in (Place, PlaceQuery) and how names are compared.

Split from bot.domain.places, which re-exports the public names here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bot.domain.regions import Region

if TYPE_CHECKING:
    from bot.domain.areas import Area, Postcode

COMMUTING_RADIUS_KM: float = 40.0
EARTH_RADIUS_KM = 6371.0088

MAX_ALTERNATIVES = 5
MAX_SUGGESTIONS = 5

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
