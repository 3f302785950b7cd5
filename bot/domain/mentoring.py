"""Forming self-organised mentoring groups: the pure group-forming algorithm.

Everyone waiting for a group is a `Candidate`. `form_groups` splits them into groups of
`MatchSettings.min_size` to `max_size` people (3 to 6 by default), sized towards what people said
they prefer, and lists anyone it cannot place in `MatchResult.unplaced` with a catalogue key that
says why. Nobody is dropped silently.

How good a grouping is, `score`, is defined in `bot.domain.mentoring_score`; what goes in and
comes out in `bot.domain.mentoring_match`.

The algorithm
-------------
1. Sizes: the number of groups follows the median of people's preferred sizes (clamped to the
   bounds); the sizes then differ by at most one, and no step below changes them (a person moves
   only between groups whose sizes differ by one, which leaves the same sizes overall).
2. Greedy construction: people who can mentor seed the groups one each (spread out, so mentors
   last as long as possible); people who want a mentor are placed next, then everyone else. Each
   person joins, among a bounded sample of groups with room (groups in their region first), the
   one whose score gets least worse.
3. Random descent: a bounded number of tries per person (capped), each a swap of two random
   people in two random groups or a move between them, kept unless the two groups' score gets
   worse (so the grouping drifts along plateaus and never gets worse).
4. Repair: each group still failing one of criteria 0 to 3 tries the best swap or move with
   many other groups (one lacking a mentor tries the groups with a mentor to spare first), kept
   when the two groups' score improves. Random tries rarely meet the one group among thousands
   that can mend another; this looks for it.
5. Small instances, up to `REFINE_MAX_GROUPS` groups, where the criteria conflict most and a
   near miss is plain to see:
   a. repeats alone: a tabu search over swaps and moves of people in a repeated pair, keeping
      count of each person's earlier partners in each group, so each candidate step costs a few
      additions; it reaches the fewest repeats the sizes allow in nearly every case;
   b. iterated local search: settle (make the best swap or move between a pair of groups while
      one improves), kick (a few random swaps; in a phase for one of criteria 1 to 3, half of
      them from a group failing it), settle again, carry on from the result when it is at least
      as good, and keep the best grouping seen. For each of criteria 1 to 3 still above 0, a
      phase compares only the criteria up to it, so that later ones cannot hold a grouping in
      place; a last phase compares them all; a final polish tries every way to share each pair
      of groups' people. The work is bounded by `REFINE_BUDGET` looks (scaled down in
      proportion above `REFINE_FULL_GROUPS` groups), and a phase ends early after many kicks
      without a gain.
6. The result is compared with a random grouping of the same people into the same sizes under the
   same seed (`random_grouping`); the matcher never returns anything worse than that.

Everything is driven by `random.Random(settings.seed)` over the input in the given order, so the
same people, history and seed always give the same groups. The cost is roughly linear in the
number of people (the samples and the descent are bounded per person and capped), plus, for
small instances, the bounded searches of step 5: about a second for 24 to 160 people, a few
seconds for 10,000. `benchmarks/mentoring_groups.py` measures it, and compares the groups with
random grouping and, on small instances, with the exact optimum from an integer program.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from typing import TYPE_CHECKING

from bot.domain.mentoring_match import (
    UNPLACED_NO_ROOM,
    UNPLACED_TOO_FEW,
    Group,
    MatchResult,
    MatchSettings,
    MeetingMode,
    MentoringRole,
    Unplaced,
)
from bot.domain.mentoring_refine import (
    REFINE_BUDGET,
    REFINE_FULL_GROUPS,
    REFINE_MAX_GROUPS,
    Refiner,
    RepeatSearch,
)
from bot.domain.mentoring_score import people_of, total_score
from bot.domain.mentoring_search import (
    DESCENT_TRIES_CAP,
    DESCENT_TRIES_PER_PERSON,
    construct,
    descend,
    repair,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.domain.mentoring_match import Candidate
    from bot.domain.mentoring_score import Person

__all__ = ["DEFAULT_SETTINGS", "form_groups", "random_grouping"]

DEFAULT_SETTINGS = MatchSettings()


def _group_sizes(people: Sequence[Candidate], settings: MatchSettings) -> list[int]:
    """Sizes differing by at most one, towards the median preference, all within the bounds."""
    n = len(people)
    low, high = settings.min_size, settings.max_size
    wishes = [(c.preferred_min + c.preferred_max) / 2 for c in people]
    target = min(max(statistics.median(wishes), low), high)
    count = max(round(n / target), 1)
    count = min(max(count, -(-n // high)), n // low)  # enough groups for everyone, none too small
    placed = min(n, count * high)  # fewer than n only when the bounds leave no room for some
    base, extra = divmod(placed, count)
    return [base + 1] * extra + [base] * (count - extra)


def _chunk(people: Sequence[Candidate], sizes: Sequence[int]) -> list[list[Candidate]]:
    groups: list[list[Candidate]] = []
    start = 0
    for size in sizes:
        groups.append(list(people[start : start + size]))
        start += size
    return groups


def random_grouping(
    candidates: Sequence[Candidate], *, settings: MatchSettings = DEFAULT_SETTINGS
) -> list[list[Candidate]]:
    """What a pairing bot does: shuffle under the seed and cut into the matcher's group sizes."""
    if len(candidates) < settings.min_size:
        return []
    people = list(candidates)
    random.Random(settings.seed).shuffle(people)  # noqa: S311 - reproducible, not secret
    return _chunk(people, _group_sizes(people, settings))


def _describe(members: Sequence[Candidate]) -> Group:
    topics = Counter(t for c in members for t in c.topics)
    in_person = any(c.mode is MeetingMode.IN_PERSON for c in members)
    if in_person:
        mode = MeetingMode.IN_PERSON
    elif any(c.mode is MeetingMode.ONLINE for c in members):
        mode = MeetingMode.ONLINE
    else:
        mode = MeetingMode.EITHER
    region = Counter(c.region_code for c in members).most_common(1)[0][0]
    return Group(
        member_ids=tuple(c.user_id for c in members),
        shared_topics=tuple(sorted(t for t, n in topics.items() if n > 1)),
        has_mentor=any(c.role is MentoringRole.CAN_MENTOR for c in members),
        mode=mode,
        region_code=None if mode is MeetingMode.ONLINE else region,
        departments=len({c.organisation for c in members}),
    )


def search_groups(
    people: Sequence[Person],
    sizes: Sequence[int],
    rng: random.Random,
    *,
    refine_budget: int = REFINE_BUDGET,
) -> list[list[Person]]:
    """Groups of `sizes` for `people`, as good as the search finds: built greedily, improved by
    descent and repaired, then, for up to REFINE_MAX_GROUPS groups, searched for repeats and
    refined within `refine_budget` looks. Mentoring's matches and Speed Connect both use it."""
    groups = construct(list(people), list(sizes), rng)
    descend(groups, rng, min(DESCENT_TRIES_PER_PERSON * len(people), DESCENT_TRIES_CAP))
    repair(groups, rng)
    if 2 <= len(groups) <= REFINE_MAX_GROUPS:
        RepeatSearch(groups, rng).run()
        # The full budget up to REFINE_FULL_GROUPS groups, then less in proportion: larger
        # populations have more ways to meet every criterion, and the time stays about level.
        budget = refine_budget * min(len(groups), REFINE_FULL_GROUPS) // len(groups)
        groups = Refiner(groups, rng, budget).run()
    return groups


def form_groups(
    candidates: Sequence[Candidate],
    *,
    past_pairs: frozenset[frozenset[str]] = frozenset(),
    settings: MatchSettings = DEFAULT_SETTINGS,
) -> MatchResult:
    """Group everyone waiting; anyone who cannot be placed is listed with the reason."""
    if len({c.user_id for c in candidates}) != len(candidates):
        raise ValueError("each candidate may appear once")
    if len(candidates) < settings.min_size:
        return MatchResult(
            groups=(), unplaced=tuple(Unplaced(c.user_id, UNPLACED_TOO_FEW) for c in candidates)
        )
    rng = random.Random(settings.seed)  # noqa: S311 - reproducible, not secret
    people = people_of(candidates, past_pairs)
    rng.shuffle(people)
    sizes = _group_sizes(candidates, settings)
    placed_count = sum(sizes)
    placed, left_over = people[:placed_count], people[placed_count:]

    groups = search_groups(placed, sizes, rng)
    best = total_score(groups)
    if not left_over:
        by_id = {p.candidate.user_id: p for p in people}
        baseline = [
            [by_id[c.user_id] for c in g] for g in random_grouping(candidates, settings=settings)
        ]
        baseline_score = total_score(baseline)
        if baseline_score < best:  # rare; the matcher must never do worse than chance
            groups, best = baseline, baseline_score
    ordered = sorted(
        (sorted((p.candidate for p in g), key=lambda c: c.user_id) for g in groups),
        key=lambda g: g[0].user_id,
    )
    return MatchResult(
        groups=tuple(_describe(g) for g in ordered),
        unplaced=tuple(Unplaced(p.candidate.user_id, UNPLACED_NO_ROOM) for p in left_over),
        score=best,
    )
