"""The gazetteer's typeahead (`Gazetteer.complete`) and its fuzzy name matching.

A mixin of bot.domain.places.Gazetteer, which builds the indexes declared here.
"""

from __future__ import annotations

import bisect
import heapq
import math
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.domain.place_model import _APOSTROPHES, _PUNCT, Place, _by_size, has_words, normalise

if TYPE_CHECKING:
    from collections.abc import Sequence

SUGGESTION_SCORE = 60.0
SIMILAR_LIMIT = 16
SIMILAR_CACHE_SIZE = 4096
MAX_COMPLETE_CHARS = 100
COMPLETE_CACHE_SIZE = 4096
# How much a typeahead match counts, times the population, by how the text matched: the
# place's own name, another of its names, a later word of its own name, of another name.
_COMPLETE_WEIGHTS = (1.0, 0.05, 0.1, 0.005)
EXACT_NAME_WEIGHT = 10.0


class GazetteerTypeahead:
    """Typeahead and "names like this" over the gazetteer's names."""

    _by_id: dict[int, Place]
    _by_size: tuple[Place, ...]
    _keys: dict[int, str]
    _exact: dict[str, tuple[Place, ...]]
    _fuzzy_keys: list[str]
    _fuzzy_lengths: list[int]
    _longest_key: int
    _similar_cache: dict[str, list[tuple[str, float]]]
    _prefixes: list[tuple[str, int, int]]
    _complete_cache: dict[tuple[str, int, bool], list[Place]]

    def _index_prefixes(self) -> None:
        # Typeahead: every name from each of its words on, sorted for prefix search. The kind
        # says how the text matched: 0 own name, 1 other name, 2 and 3 a later word of either.
        entries: set[tuple[str, int, int]] = set()
        for key, matches in self._exact.items():
            for place in matches:
                other = 0 if key == self._keys[place.id] else 1
                entries.add((key, other, place.id))
                for start in _word_starts(key):
                    entries.add((key[start:], 2 + other, place.id))
        self._prefixes = sorted(entries)
        self._complete_cache = {}

    # Typeahead ----------------------------------------------------------------------------

    def complete(self, prefix: str, limit: int = 20) -> list[Place]:
        """Places for a typeahead menu: names starting with the text, biggest places first.

        Case, accents and punctuation are ignored. A place's own name counts most, then its
        other names ("Caerdydd" finds Cardiff), then later words ("Keynes"); a place named
        exactly what was typed is lifted ("Wick" before Wickford). When nothing starts with
        the text, the names closest to it. Empty text: the biggest places.
        """
        if limit <= 0:
            return []
        text = prefix[:MAX_COMPLETE_CHARS]
        if text.strip() and not has_words(text):
            # Emoji, shortcodes or punctuation typed: they start no place's name, and offering
            # the biggest cities (what empty text offers) would answer something not asked.
            return []
        key = normalise(text)
        # "St" being typed may be the start of Stoke as well as short for Saint. That depends
        # on the text as typed, not only its normal form ("saint" and "st" normalise alike),
        # so it is part of what the cache is keyed on.
        raw = _PUNCT.sub(" ", _APOSTROPHES.sub("", text.casefold())).split()
        typing_st = bool(raw) and raw[-1] == "st" and not text[-1:].isspace()
        cache_key = (key, limit, typing_st)
        cached = self._complete_cache.get(cache_key)
        if cached is not None:
            return list(cached)
        if not key:
            found = list(self._by_size[:limit])
        else:
            found = self._complete_prefix(key, limit)
            if typing_st and key.endswith("saint"):
                plain = key[: -len("saint")] + "st"
                found = self._complete_prefix(plain, limit, also=found)
            found = found or self._complete_fuzzy(key, limit)
        if len(self._complete_cache) >= COMPLETE_CACHE_SIZE:
            self._complete_cache.clear()
        self._complete_cache[cache_key] = found
        return list(found)

    def _complete_prefix(self, key: str, limit: int, also: Sequence[Place] = ()) -> list[Place]:
        weights: dict[int, float] = {p.id: _COMPLETE_WEIGHTS[0] for p in also}
        start = bisect.bisect_left(self._prefixes, (key,))
        for index in range(start, len(self._prefixes)):
            name, kind, place_id = self._prefixes[index]
            if not name.startswith(key):
                break
            weight = _COMPLETE_WEIGHTS[kind]
            if kind == 0 and name == key:
                weight = EXACT_NAME_WEIGHT
            if weight > weights.get(place_id, 0.0):
                weights[place_id] = weight
        return heapq.nsmallest(
            limit,
            (self._by_id[i] for i in weights),
            key=lambda p: (-(p.population + 1) * weights[p.id], p.name, p.id),
        )

    def _complete_fuzzy(self, key: str, limit: int) -> list[Place]:
        found: dict[int, tuple[float, Place]] = {}
        for choice, score in self._similar(key):
            for place in self._exact.get(choice, ())[:3]:
                if place.id not in found or found[place.id][0] < score:
                    found[place.id] = (score, place)
        ranked = sorted(found.values(), key=lambda sp: (-sp[0], *_by_size(sp[1])))
        return [p for _, p in ranked[:limit]]

    def _similar(self, key: str) -> list[tuple[str, float]]:
        """Names most like `key` (fuzz.ratio at least SUGGESTION_SCORE), best first."""
        size = len(key)
        if not key or size > self._longest_key * 3:
            # Nothing so long can score enough; and text this long is not worth remembering.
            return []
        cached = self._similar_cache.get(key)
        if cached is not None:
            return cached
        # ratio = 2 * common / (len(a) + len(b)), so lengths far apart cannot reach the cutoff.
        cut = SUGGESTION_SCORE
        lo = bisect.bisect_left(self._fuzzy_lengths, math.floor(size * cut / (200 - cut)))
        hi = bisect.bisect_right(self._fuzzy_lengths, math.ceil(size * (200 - cut) / cut))
        found = [
            (choice, score)
            for choice, score, _ in process.extract(
                key,
                self._fuzzy_keys[lo:hi],
                scorer=fuzz.ratio,
                limit=SIMILAR_LIMIT,
                score_cutoff=cut,
            )
        ]
        if len(self._similar_cache) >= SIMILAR_CACHE_SIZE:
            self._similar_cache.clear()
        self._similar_cache[key] = found
        return found


def _word_starts(key: str) -> list[int]:
    return [i + 1 for i, ch in enumerate(key) if ch == " "]
