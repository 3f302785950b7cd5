"""Forming self-organised mentoring groups: the pure group-forming algorithm.

Everyone waiting for a group is a `Candidate`. `form_groups` splits them into groups of
`MatchSettings.min_size` to `max_size` people (3 to 6 by default), sized towards what people said
they prefer, and lists anyone it cannot place in `MatchResult.unplaced` with a catalogue key that
says why. Nobody is dropped silently.

The objective
-------------
Hard constraints: every group's size is within the bounds, nobody is placed twice, and an odd
person joins a group (sizes differ by at most one) rather than being left out. Fewer than
`min_size` people form nothing: all of them are unplaced with `mentoring.unplaced.too_few`.

Among groupings that meet those, `score` ranks them lexicographically; lower is better and each
criterion matters only when the ones before it tie:

0. pairs of people who were grouped together in an earlier cycle (`past_pairs`): never repeat a
   pair when it can be avoided;
1. groups drawn from a single department, when a mix is possible;
2. groups with somebody who wants a mentor but no one who can mentor; minimising this count puts
   a mentor in every such group while mentors last;
3. region misfit of groups meeting in person: a group meets in person when any member asked to
   meet in person; it counts each member outside the group's most common region, and each member
   who asked to meet online only;
4. shared topics, counted as the number of times a topic is held by one more member of the group
   (a topic held by three members counts two), negated so that more sharing is lower;
5. the spread of grades where given: the number of distinct grades in a group beyond the first,
   negated likewise.

The tuple compares criterion by criterion, so no amount of a later criterion outweighs one unit
of an earlier one.

The algorithm
-------------
1. Sizes: the number of groups follows the median of people's preferred sizes (clamped to the
   bounds); the sizes then differ by at most one.
2. Greedy construction: people who can mentor seed the groups one each (spread out, so mentors
   last as long as possible); people who want a mentor are placed next, then everyone else. Each
   person joins, among a bounded sample of groups with room (groups in their region first), the
   one whose score gets least worse.
3. Local search: swaps of two people between two groups, accepted only when they strictly improve
   the two groups' combined score, within a bounded budget of tries; the sizes never change.
4. The result is compared with a random grouping of the same people into the same sizes under the
   same seed (`random_grouping`); the matcher never returns anything worse than that.

Everything is driven by `random.Random(settings.seed)` over the input in the given order, so the
same people, history and seed always give the same groups. The cost is roughly linear in the
number of people: the samples and the swap budget are bounded per person.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "UNPLACED_NO_ROOM",
    "UNPLACED_TOO_FEW",
    "Candidate",
    "Group",
    "MatchResult",
    "MatchSettings",
    "MeetingMode",
    "MentoringRole",
    "Score",
    "Unplaced",
    "form_groups",
    "random_grouping",
    "score",
]

UNPLACED_TOO_FEW = "mentoring.unplaced.too_few"
UNPLACED_NO_ROOM = "mentoring.unplaced.no_room"

SIZE_LIMIT_LOW = 3
SIZE_LIMIT_HIGH = 6
GREEDY_LOCAL_SAMPLE = 8  # groups in the person's own region looked at when placing them
GREEDY_RANDOM_SAMPLE = 4  # and groups anywhere
SWAP_TRIES_PER_PERSON = 8  # the local search budget, per person to be grouped
SWAP_TRIES_CAP = 80_000

Score: TypeAlias = tuple[int, int, int, int, int, int]
ZERO: Score = (0, 0, 0, 0, 0, 0)


class MentoringRole(StrEnum):
    WANT_MENTOR = "want_mentor"
    CAN_MENTOR = "can_mentor"
    PEER = "peer"


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One person waiting for a group. `topics` are normalised to lower case, without repeats."""

    user_id: str
    organisation: str
    region_code: str
    role: MentoringRole
    topics: tuple[str, ...] = ()
    mode: MeetingMode = MeetingMode.EITHER
    grade_rank: int | None = None
    preferred_min: int = 4
    preferred_max: int = 5

    def __post_init__(self) -> None:
        if not self.user_id:
            raise ValueError("a candidate needs a user id")
        if not (SIZE_LIMIT_LOW <= self.preferred_min <= self.preferred_max <= SIZE_LIMIT_HIGH):
            raise ValueError(f"preferred group size out of range for {self.user_id}")
        tidy = tuple(dict.fromkeys(t.strip().lower() for t in self.topics if t.strip()))
        object.__setattr__(self, "topics", tidy)


@dataclass(frozen=True, slots=True)
class MatchSettings:
    min_size: int = SIZE_LIMIT_LOW
    max_size: int = SIZE_LIMIT_HIGH
    seed: int = 0

    def __post_init__(self) -> None:
        if not (2 <= self.min_size <= self.max_size):
            raise ValueError("group size bounds must satisfy 2 <= min_size <= max_size")


@dataclass(frozen=True, slots=True)
class Group:
    """A formed group and why it makes sense, for the introduction and the organisers' view."""

    member_ids: tuple[str, ...]
    shared_topics: tuple[str, ...]
    has_mentor: bool
    mode: MeetingMode
    region_code: str | None  # the group's most common region; None when it meets online
    departments: int


@dataclass(frozen=True, slots=True)
class Unplaced:
    user_id: str
    reason: str  # a catalogue key


@dataclass(frozen=True, slots=True)
class MatchResult:
    groups: tuple[Group, ...]
    unplaced: tuple[Unplaced, ...]
    score: Score = field(default=ZERO)


# --- scoring -------------------------------------------------------------------------------


Partners: TypeAlias = dict[str, frozenset[str]]


def _partners(past_pairs: Iterable[frozenset[str]]) -> Partners:
    seen: defaultdict[str, set[str]] = defaultdict(set)
    for pair in past_pairs:
        if len(pair) == 2:
            a, b = pair
            seen[a].add(b)
            seen[b].add(a)
    return {user: frozenset(others) for user, others in seen.items()}


def _meets_in_person(members: Sequence[Candidate]) -> bool:
    return any(c.mode is MeetingMode.IN_PERSON for c in members)


def _group_score(members: Sequence[Candidate], partners: Partners) -> Score:
    repeats = 0
    if partners:
        for i, a in enumerate(members):
            known = partners.get(a.user_id)
            if known:
                repeats += sum(1 for b in members[i + 1 :] if b.user_id in known)
    single_department = int(len(members) > 1 and len({c.organisation for c in members}) == 1)
    roles = {c.role for c in members}
    mentorless = int(MentoringRole.WANT_MENTOR in roles and MentoringRole.CAN_MENTOR not in roles)
    misfit = 0
    if _meets_in_person(members):
        regions: dict[str, int] = {}
        for c in members:
            regions[c.region_code] = regions.get(c.region_code, 0) + 1
            if c.mode is MeetingMode.ONLINE:
                misfit += 1
        misfit += len(members) - max(regions.values())
    held = [t for c in members for t in c.topics]
    shared = len(held) - len(set(held))  # each topic counts once more for every extra holder
    grades = {c.grade_rank for c in members if c.grade_rank is not None}
    spread = max(len(grades) - 1, 0)
    return (repeats, single_department, mentorless, misfit, -shared, -spread)


def _add(a: Score, b: Score) -> Score:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4], a[5] + b[5])


def _sub(a: Score, b: Score) -> Score:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3], a[4] - b[4], a[5] - b[5])


def score(
    groups: Iterable[Sequence[Candidate]], past_pairs: Iterable[frozenset[str]] = frozenset()
) -> Score:
    """The objective of a grouping (see the module docstring): compare tuples, lower is better."""
    partners = _partners(past_pairs)
    total = ZERO
    for members in groups:
        total = _add(total, _group_score(members, partners))
    return total


# --- sizes ---------------------------------------------------------------------------------


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
    candidates: Sequence[Candidate], *, settings: MatchSettings = MatchSettings()
) -> list[list[Candidate]]:
    """What a pairing bot does: shuffle under the seed and cut into the matcher's group sizes."""
    if len(candidates) < settings.min_size:
        return []
    people = list(candidates)
    random.Random(settings.seed).shuffle(people)  # noqa: S311 - reproducible, not secret
    return _chunk(people, _group_sizes(people, settings))


# --- construction and improvement -------------------------------------------------------------


def _construct(
    people: list[Candidate], sizes: list[int], partners: Partners, rng: random.Random
) -> list[list[Candidate]]:
    groups: list[list[Candidate]] = [[] for _ in sizes]
    scores: list[Score] = [ZERO for _ in sizes]
    room = list(sizes)
    open_ids: list[int] = list(range(len(sizes)))
    by_region: defaultdict[str, list[int]] = defaultdict(list)
    region_of: dict[int, str] = {}

    def place(person: Candidate, gid: int, new_score: Score) -> None:
        groups[gid].append(person)
        scores[gid] = new_score
        room[gid] -= 1
        if gid not in region_of:
            region_of[gid] = person.region_code
            by_region[person.region_code].append(gid)
        if room[gid] == 0:
            open_ids.remove(gid)
            by_region[region_of[gid]].remove(gid)

    mentors = [c for c in people if c.role is MentoringRole.CAN_MENTOR]
    mentees = [c for c in people if c.role is MentoringRole.WANT_MENTOR]
    peers = [c for c in people if c.role is MentoringRole.PEER]
    # One mentor to a group while they last; the rest are placed like everyone else.
    for gid, mentor in enumerate(mentors[: len(sizes)]):
        place(mentor, gid, _group_score([mentor], partners))
    for person in mentees + peers + mentors[len(sizes) :]:
        local = by_region.get(person.region_code, [])
        if len(local) > GREEDY_LOCAL_SAMPLE:
            local = rng.sample(local, GREEDY_LOCAL_SAMPLE)
        anywhere = (
            rng.sample(open_ids, GREEDY_RANDOM_SAMPLE)
            if len(open_ids) > GREEDY_RANDOM_SAMPLE
            else list(open_ids)
        )
        best: tuple[Score, int, Score] | None = None
        for gid in dict.fromkeys(local + anywhere):
            new = _group_score([*groups[gid], person], partners)
            option = (_sub(new, scores[gid]), gid, new)
            if best is None or option[:2] < best[:2]:
                best = option
        if best is None:  # cannot happen: the sizes add up to the people placed
            raise AssertionError("no group with room")
        place(person, best[1], best[2])
    return groups


def _improve(
    groups: list[list[Candidate]], partners: Partners, rng: random.Random, budget: int
) -> None:
    """Swap people between groups while a swap strictly improves the two groups' score."""
    if len(groups) < 2:
        return
    scores = [_group_score(g, partners) for g in groups]
    tries = 0
    while tries < budget:
        # Work on the groups that fail an early criterion first, then on everyone.
        troubled = [i for i, s in enumerate(scores) if s[:4] != (0, 0, 0, 0)]
        order = troubled + list(range(len(groups)))
        improved = False
        for a in order:
            if tries >= budget:
                break
            b = rng.randrange(len(groups) - 1)
            b = b + 1 if b >= a else b
            group_a, group_b = groups[a], groups[b]
            before = _add(scores[a], scores[b])
            for i in range(len(group_a)):
                j = rng.randrange(len(group_b))
                tries += 1
                new_a = [*group_a[:i], group_b[j], *group_a[i + 1 :]]
                new_b = [*group_b[:j], group_a[i], *group_b[j + 1 :]]
                score_a = _group_score(new_a, partners)
                score_b = _group_score(new_b, partners)
                if _add(score_a, score_b) < before:
                    groups[a], groups[b] = new_a, new_b
                    scores[a], scores[b] = score_a, score_b
                    improved = True
                    break
        if not improved and not troubled:
            # A whole pass without a gain: sample again only while the budget lasts.
            budget = min(budget, tries + len(groups) * 2)


def _describe(members: Sequence[Candidate]) -> Group:
    topics = Counter(t for c in members for t in c.topics)
    in_person = _meets_in_person(members)
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


def form_groups(
    candidates: Sequence[Candidate],
    *,
    past_pairs: frozenset[frozenset[str]] = frozenset(),
    settings: MatchSettings = MatchSettings(),
) -> MatchResult:
    """Group everyone waiting; anyone who cannot be placed is listed with the reason."""
    if len({c.user_id for c in candidates}) != len(candidates):
        raise ValueError("each candidate may appear once")
    if len(candidates) < settings.min_size:
        return MatchResult(
            groups=(), unplaced=tuple(Unplaced(c.user_id, UNPLACED_TOO_FEW) for c in candidates)
        )
    rng = random.Random(settings.seed)  # noqa: S311 - reproducible, not secret
    partners = _partners(past_pairs)
    people = list(candidates)
    rng.shuffle(people)
    sizes = _group_sizes(people, settings)
    placed_count = sum(sizes)
    placed, left_over = people[:placed_count], people[placed_count:]

    groups = _construct(placed, sizes, partners, rng)
    budget = min(SWAP_TRIES_PER_PERSON * placed_count, SWAP_TRIES_CAP)
    _improve(groups, partners, rng, budget)
    best = score(groups, past_pairs)
    if not left_over:
        baseline = random_grouping(candidates, settings=settings)
        baseline_score = score(baseline, past_pairs)
        if baseline_score < best:  # rare; the matcher must never do worse than chance
            groups, best = baseline, baseline_score
    ordered = sorted(
        (sorted(g, key=lambda c: c.user_id) for g in groups), key=lambda g: g[0].user_id
    )
    return MatchResult(
        groups=tuple(_describe(g) for g in ordered),
        unplaced=tuple(Unplaced(c.user_id, UNPLACED_NO_ROOM) for c in left_over),
        score=best,
    )
