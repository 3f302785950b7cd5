"""The gazetteer's reading of "<place> [topic words]" (`Gazetteer.read_plain`).

A mixin of bot.domain.places.Gazetteer, which builds the indexes declared here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.areas import read_postcode_shape
from bot.domain.place_model import (
    MAX_ALTERNATIVES,
    MAX_SUGGESTIONS,
    Place,
    PlaceQuery,
    Target,
    has_words,
    normalise,
)
from bot.domain.place_typeahead import GazetteerTypeahead
from bot.domain.regions import REGIONS, Region

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.domain.areas import Area, Areas

MAX_PLACE_WORDS = 5  # the longest place name or alias is fewer words than this
MAX_AREA_WORDS = 8  # "London Borough of Kensington and Chelsea"
FUZZY_WORDS = 3
ACRONYM_LETTERS = 4
CONFIDENT_SCORE = 88.0  # "Edinbrugh" scores 88.9 against "edinburgh"
OVERRIDE_SCORE = 90.0  # a longer misspelt name ("Milton Keynez") beats a shorter exact one
CLEAR_MARGIN = 3.0  # a rival this close makes a fuzzy match unclear...
DOMINANT_FACTOR = 10  # ...unless one of them is this many times bigger
PREFIX_SUGGESTION_SCORE = 85.0

# The most words a region's name or alias has ("Yorkshire and The Humber").
_REGION_WORDS = max(len(normalise(a).split()) for r in REGIONS for a in r.names)


class GazetteerReading(GazetteerTypeahead):
    """Reading a place, region, area or postcode at the start of what was typed."""

    _region_aliases: dict[str, Region]
    _areas: Areas
    _area_names: dict[str, Area]
    _district_named: dict[str, Area]

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


def _size(target: Target) -> int:
    if isinstance(target, Region):
        return 10**9  # a region outweighs any place that shares its name
    return target.population


def _acronym(word: str) -> bool:
    """A short word in capitals ("HR", "DDaT", "UX"): a topic, never the end of a name."""
    letters = [ch for ch in word if ch.isalpha()]
    return 0 < len(letters) <= ACRONYM_LETTERS and sum(ch.isupper() for ch in letters) >= 2
