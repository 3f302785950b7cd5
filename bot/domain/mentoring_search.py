"""The matcher's steps that build and mend a grouping: greedy construction, random descent,
and repair of groups failing an early criterion with the best swap or move among many others
(see the algorithm in `bot.domain.mentoring`). `best_split` is also the step of the small
instances' local search (`bot.domain.mentoring_refine`).
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from typing import TYPE_CHECKING

from bot.domain.mentoring_match import ZERO
from bot.domain.mentoring_score import add_scores, group_score, sub_scores

if TYPE_CHECKING:
    import random

    from bot.domain.mentoring_match import Score
    from bot.domain.mentoring_score import Person

__all__ = [
    "DESCENT_TRIES_CAP",
    "DESCENT_TRIES_PER_PERSON",
    "best_split",
    "construct",
    "descend",
    "repair",
    "splits",
]

GREEDY_LOCAL_SAMPLE = 8  # groups in the person's own region looked at when placing them
GREEDY_RANDOM_SAMPLE = 4  # and groups anywhere
DESCENT_TRIES_PER_PERSON = 200  # random swaps and moves tried, per person to be grouped
DESCENT_TRIES_CAP = 400_000
MOVE_SHARE = 0.2  # of tries between groups of different sizes, the share that are moves
REPAIR_PARTNERS = 64  # groups a group failing an early criterion tries to mend itself with


def construct(people: list[Person], sizes: list[int], rng: random.Random) -> list[list[Person]]:
    groups: list[list[Person]] = [[] for _ in sizes]
    scores: list[Score] = [ZERO for _ in sizes]
    room = list(sizes)
    open_ids: list[int] = list(range(len(sizes)))
    by_region: defaultdict[int, list[int]] = defaultdict(list)
    region_of: dict[int, int] = {}

    def place(person: Person, gid: int, new_score: Score) -> None:
        groups[gid].append(person)
        scores[gid] = new_score
        room[gid] -= 1
        if gid not in region_of:
            region_of[gid] = person.region
            by_region[person.region].append(gid)
        if room[gid] == 0:
            open_ids.remove(gid)
            by_region[region_of[gid]].remove(gid)

    mentors = [p for p in people if p.mentor]
    mentees = [p for p in people if p.mentee]
    peers = [p for p in people if not p.mentor and not p.mentee]
    # One mentor to a group while they last; the rest are placed like everyone else.
    for gid, mentor in enumerate(mentors[: len(sizes)]):
        place(mentor, gid, group_score([mentor]))
    for person in mentees + peers + mentors[len(sizes) :]:
        local = by_region.get(person.region, [])
        if len(local) > GREEDY_LOCAL_SAMPLE:
            local = rng.sample(local, GREEDY_LOCAL_SAMPLE)
        anywhere = (
            rng.sample(open_ids, GREEDY_RANDOM_SAMPLE)
            if len(open_ids) > GREEDY_RANDOM_SAMPLE
            else list(open_ids)
        )
        best: tuple[Score, int, Score] | None = None
        for gid in dict.fromkeys(local + anywhere):
            new = group_score([*groups[gid], person])
            option = (sub_scores(new, scores[gid]), gid, new)
            if best is None or option[:2] < best[:2]:
                best = option
        if best is None:  # cannot happen: the sizes add up to the people placed
            raise AssertionError("no group with room")
        place(person, best[1], best[2])
    return groups


def descend(groups: list[list[Person]], rng: random.Random, tries: int) -> None:
    """Random swaps and moves between two groups, kept unless they make the pair's score worse.

    Keeping the ones that leave it as it was lets the grouping drift along plateaus, where a
    later try can improve it. The grouping never gets worse, so the last one is the best.
    """
    count = len(groups)
    if count < 2:
        return
    scores = [group_score(g) for g in groups]
    uniform = rng.random  # int(uniform() * n) picks from range(n), much faster than randrange
    for _ in range(tries):
        a = int(uniform() * count)
        b = int(uniform() * (count - 1))
        b += b >= a
        group_a, group_b = groups[a], groups[b]
        i = int(uniform() * len(group_a))
        if len(group_a) > len(group_b) and uniform() < MOVE_SHARE:
            # A move between groups whose sizes differ by one keeps the same sizes overall.
            new_a = group_a[:i] + group_a[i + 1 :]
            new_b = [*group_b, group_a[i]]
        else:
            j = int(uniform() * len(group_b))
            new_a, new_b = group_a.copy(), group_b.copy()
            new_a[i], new_b[j] = group_b[j], group_a[i]
        score_a, score_b = group_score(new_a), group_score(new_b)
        if add_scores(score_a, score_b) <= add_scores(scores[a], scores[b]):
            groups[a], groups[b] = new_a, new_b
            scores[a], scores[b] = score_a, score_b


def _spares_a_mentor(members: list[Person]) -> bool:
    mentors = sum(p.mentor for p in members)
    return mentors > 1 or (mentors == 1 and not any(p.mentee for p in members))


def repair(groups: list[list[Person]], rng: random.Random) -> None:
    """Each group failing one of criteria 0 to 3 tries the best swap or move with many others.

    Random tries rarely meet the one group among thousands that can mend another; this looks
    for it directly. A group lacking a mentor tries first the groups with a mentor to spare
    (two of them, or nobody wanting one), so that mentors go round while they last. A change
    must improve the two groups together.
    """
    count = len(groups)
    if count < 2:
        return
    scores = [group_score(g) for g in groups]
    for a in range(count):
        if scores[a][:4] == ZERO[:4]:
            continue
        partners = [int(rng.random() * (count - 1)) for _ in range(REPAIR_PARTNERS)]
        partners = [b + (b >= a) for b in partners]
        if scores[a][2]:
            spare = [b for b, g in enumerate(groups) if b != a and _spares_a_mentor(g)]
            partners = rng.sample(spare, min(len(spare), REPAIR_PARTNERS)) + partners
        for b in partners:
            if scores[a][:4] == ZERO[:4]:
                break
            found = best_split(
                groups[a], groups[b], add_scores(scores[a], scores[b]), len(ZERO), True, None
            )
            if found is not None:
                groups[a], groups[b], scores[a], scores[b] = found


@functools.cache
def splits(
    pooled: int, size_a: int, size_b: int, swaps_only: bool
) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Ways to share two groups' people, numbered a's first, as two groups of the same sizes.

    Either group may take either size. All of them, or only those one swap or one move away
    from the groups as they are (the first of which is the groups as they are)."""
    splits = []
    for size in sorted({size_a, size_b}):
        for side in itertools.combinations(range(pooled), size):
            if size_a == size_b and not swaps_only and side[0] != 0:
                break  # the same splits again, with the two groups exchanged
            kept = sum(i < size_a for i in side)
            if swaps_only and kept < min(size, size_a) - (size == size_a):
                continue
            chosen = set(side)
            splits.append((side, tuple(i for i in range(pooled) if i not in chosen)))
    return tuple(splits)


def _cached_score(members: list[Person], cache: dict[int, Score] | None) -> Score:
    if cache is None:
        return group_score(members)
    key = 0
    for p in members:
        key |= 1 << p.index
    found = cache.get(key)
    if found is None:
        found = cache[key] = group_score(members)
    return found


def best_split(
    group_a: list[Person],
    group_b: list[Person],
    current: Score,
    depth: int,
    swaps_only: bool,
    cache: dict[int, Score] | None,
) -> tuple[list[Person], list[Person], Score, Score] | None:
    """The best of the splits, if better than `current` on the first `depth` criteria."""
    pool = group_a + group_b
    cut = min(depth, 4)
    best, found = current[:depth], None
    for side_a, side_b in splits(len(pool), len(group_a), len(group_b), swaps_only):
        new_a = [pool[i] for i in side_a]
        score_a = _cached_score(new_a, cache)
        if score_a[:cut] > best[:cut]:
            continue  # criteria 0 to 3 are never negative: the other group cannot make up
        new_b = [pool[i] for i in side_b]
        score_b = _cached_score(new_b, cache)
        total = add_scores(score_a, score_b)[:depth]
        if total < best:
            best, found = total, (new_a, new_b, score_a, score_b)
    return found
