"""What a who's who search is about and what it found (the directory service's results)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.people import Profile


@dataclass(frozen=True, slots=True)
class PersonHit:
    profile: Profile
    place_label: str
    distance_km: float
    matched: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchTarget:
    """What a search is about, in a form a button can carry and replay exactly."""

    place_id: int | None = None
    region_code: str | None = None
    topics: tuple[str, ...] = ()
    area_code: str | None = None  # an ONS area's GSS code: the people whose place lies in it
    # A postcode as typed, normalised ("LS1 4"): the people near its centre. It lives only in
    # the search and its buttons, never in the database or the log.
    postcode: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    label: str
    target: SearchTarget


@dataclass(frozen=True, slots=True)
class SearchResult:
    target: SearchTarget
    area_label: str  # "Leeds" or "Yorkshire and The Humber"
    is_region: bool
    wider: Suggestion | None  # the region around a place, to widen an empty search
    hits: tuple[PersonHit, ...]
    page: int
    pages: int
    total: int
    # With topic words: how many searchable people the same area holds regardless of topic.
    total_ignoring_topics: int | None
    alternatives: tuple[Suggestion, ...] = ()
    site: str | None = None  # the government site typed ("Quarry House"), searched by its place
    typed: str | None = None  # the misspelling the place was read from ("Leedz")


@dataclass(frozen=True, slots=True)
class UnknownPlace:
    text: str
    suggestions: tuple[Suggestion, ...]
    outside_uk: bool = False  # the text names a place abroad ("Paris")
