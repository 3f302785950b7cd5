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

import functools
import itertools
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
DESCENT_TRIES_PER_PERSON = 200  # random swaps and moves tried, per person to be grouped
DESCENT_TRIES_CAP = 400_000
MOVE_SHARE = 0.2  # of tries between groups of different sizes, the share that are moves
REPAIR_PARTNERS = 64  # groups a group failing an early criterion tries to mend itself with
REFINE_MAX_GROUPS = 40  # the iterated local search runs up to this many groups
REFINE_FULL_GROUPS = 8  # with its full budget up to this many
REFINE_BUDGET = 1_200_000  # looks at a way to share two groups' people, in all phases
PHASE_SHARE = 4  # a phase for one of criteria 1 to 3 may use this share of the budget (1/4)
REFINE_STALL = 900  # kicks in a row without a gain that end a phase, at most
STALL_PER_PAIR = 60  # and per pair of groups (fewer groups, fewer different kicks)
REFINE_PATIENCE = 400_000  # and looks since the last gain that do
KICK_SWAPS = (2, 3, 4)  # random swaps in a kick
FINAL_SPLITS = 100_000  # looks the final polish may always use
CACHE_LIMIT = 200_000  # group scores remembered by the local search before it forgets them
TABU_STEPS = 3_000  # steps of the search on repeats, at most
TABU_STALL = 1_000  # and steps without a gain
TABU_TENURE = 5  # a person may not return to a group for 5 to 9 steps

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


@dataclass(slots=True, eq=False)
class _Person:
    """A candidate with what the objective reads as small integers and bit sets."""

    candidate: Candidate
    index: int
    org: int
    region: int
    mentor: bool
    mentee: bool
    in_person: bool
    online: bool
    topics: int  # one bit per topic
    topic_count: int
    grade: int  # one bit for the grade, 0 when not given
    partners: frozenset[int]  # indexes of people grouped with this one in an earlier cycle


def _people(candidates: Sequence[Candidate], past_pairs: Iterable[frozenset[str]]) -> list[_Person]:
    index: dict[str, int] = {}
    for c in candidates:
        index.setdefault(c.user_id, len(index))
    seen: defaultdict[int, set[int]] = defaultdict(set)
    for pair in past_pairs:
        if len(pair) == 2:
            a, b = (index.get(user) for user in pair)
            if a is not None and b is not None:
                seen[a].add(b)
                seen[b].add(a)
    orgs: dict[str, int] = {}
    regions: dict[str, int] = {}
    topics: dict[str, int] = {}
    grades: dict[int, int] = {}
    people = []
    for c in candidates:
        mask = 0
        for t in c.topics:
            mask |= 1 << topics.setdefault(t, len(topics))
        i = index[c.user_id]
        people.append(
            _Person(
                candidate=c,
                index=i,
                org=orgs.setdefault(c.organisation, len(orgs)),
                region=regions.setdefault(c.region_code, len(regions)),
                mentor=c.role is MentoringRole.CAN_MENTOR,
                mentee=c.role is MentoringRole.WANT_MENTOR,
                in_person=c.mode is MeetingMode.IN_PERSON,
                online=c.mode is MeetingMode.ONLINE,
                topics=mask,
                topic_count=len(c.topics),
                grade=0
                if c.grade_rank is None
                else 1 << grades.setdefault(c.grade_rank, len(grades)),
                partners=frozenset(seen.get(i, ())),
            )
        )
    return people


def _group_score(members: Sequence[_Person]) -> Score:
    if not members:
        return ZERO
    repeats = 0
    org = members[0].org
    single_department = len(members) > 1
    mentor = mentee = in_person = False
    online = held = topics = grades = 0
    for i, p in enumerate(members):
        if p.partners:
            for q in members[i + 1 :]:
                if q.index in p.partners:
                    repeats += 1
        if p.org != org:
            single_department = False
        mentor = mentor or p.mentor
        mentee = mentee or p.mentee
        in_person = in_person or p.in_person
        online += p.online
        held += p.topic_count
        topics |= p.topics
        grades |= p.grade
    misfit = 0
    if in_person:
        regions: dict[int, int] = {}
        for p in members:
            regions[p.region] = regions.get(p.region, 0) + 1
        misfit = online + len(members) - max(regions.values())
    shared = held - topics.bit_count()  # each topic counts once more for every extra holder
    spread = max(grades.bit_count() - 1, 0)
    return (repeats, int(single_department), int(mentee and not mentor), misfit, -shared, -spread)


def _add(a: Score, b: Score) -> Score:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4], a[5] + b[5])


def _sub(a: Score, b: Score) -> Score:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3], a[4] - b[4], a[5] - b[5])


def _sum(scores: Iterable[Score]) -> Score:
    total = ZERO
    for s in scores:
        total = _add(total, s)
    return total


def _total(groups: Iterable[Sequence[_Person]]) -> Score:
    return _sum(_group_score(members) for members in groups)


def score(
    groups: Iterable[Sequence[Candidate]], past_pairs: Iterable[frozenset[str]] = frozenset()
) -> Score:
    """The objective of a grouping (see the module docstring): compare tuples, lower is better."""
    listed = [list(members) for members in groups]
    people = iter(_people([c for members in listed for c in members], past_pairs))
    return _total([[next(people) for _ in members] for members in listed])


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


def _construct(people: list[_Person], sizes: list[int], rng: random.Random) -> list[list[_Person]]:
    groups: list[list[_Person]] = [[] for _ in sizes]
    scores: list[Score] = [ZERO for _ in sizes]
    room = list(sizes)
    open_ids: list[int] = list(range(len(sizes)))
    by_region: defaultdict[int, list[int]] = defaultdict(list)
    region_of: dict[int, int] = {}

    def place(person: _Person, gid: int, new_score: Score) -> None:
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
        place(mentor, gid, _group_score([mentor]))
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
            new = _group_score([*groups[gid], person])
            option = (_sub(new, scores[gid]), gid, new)
            if best is None or option[:2] < best[:2]:
                best = option
        if best is None:  # cannot happen: the sizes add up to the people placed
            raise AssertionError("no group with room")
        place(person, best[1], best[2])
    return groups


def _descend(groups: list[list[_Person]], rng: random.Random, tries: int) -> None:
    """Random swaps and moves between two groups, kept unless they make the pair's score worse.

    Keeping the ones that leave it as it was lets the grouping drift along plateaus, where a
    later try can improve it. The grouping never gets worse, so the last one is the best.
    """
    count = len(groups)
    if count < 2:
        return
    scores = [_group_score(g) for g in groups]
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
        score_a, score_b = _group_score(new_a), _group_score(new_b)
        if _add(score_a, score_b) <= _add(scores[a], scores[b]):
            groups[a], groups[b] = new_a, new_b
            scores[a], scores[b] = score_a, score_b


def _spares_a_mentor(members: list[_Person]) -> bool:
    mentors = sum(p.mentor for p in members)
    return mentors > 1 or (mentors == 1 and not any(p.mentee for p in members))


def _repair(groups: list[list[_Person]], rng: random.Random) -> None:
    """Each group failing one of criteria 0 to 3 tries the best swap or move with many others.

    Random tries rarely meet the one group among thousands that can mend another; this looks
    for it directly. A group lacking a mentor tries first the groups with a mentor to spare
    (two of them, or nobody wanting one), so that mentors go round while they last. A change
    must improve the two groups together.
    """
    count = len(groups)
    if count < 2:
        return
    scores = [_group_score(g) for g in groups]
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
            found = _best_split(
                groups[a], groups[b], _add(scores[a], scores[b]), len(ZERO), True, None
            )
            if found is not None:
                groups[a], groups[b], scores[a], scores[b] = found


class _RepeatSearch:
    """Tabu search on repeats alone (criterion 0); `run` leaves the fewest repeats it found.

    Only people in a repeated pair move: each step makes the best swap, or move between groups
    whose sizes differ by one, of such a person (ties broken at random), even a worsening one,
    except one that sends a person back to a group they recently left, unless it beats the best
    found. `conflicts[person][group]` counts the person's earlier partners in that group, so each
    candidate costs a few additions. The groups change only if repeats go down.
    """

    MOVE = -1  # in place of the other person's position: a move rather than a swap

    def __init__(self, groups: list[list[_Person]], rng: random.Random) -> None:
        self.groups = groups
        self.rng = rng
        count = len(groups)
        self.conflicts = {p.index: [0] * count for g in groups for p in g}
        for g, members in enumerate(groups):
            for p in members:
                for q in p.partners:
                    if q in self.conflicts:
                        self.conflicts[q][g] += 1
        self.repeats = (
            sum(self.conflicts[p.index][g] for g, members in enumerate(groups) for p in members)
            // 2
        )
        self.tabu: dict[tuple[int, int], int] = {}  # (person, group): the step it may return

    def steps(self, a: int, i: int, b: int) -> list[tuple[int, int]]:
        """(change in repeats, position in b or MOVE) for each step of groups[a][i] to b."""
        members, others = self.groups[a], self.groups[b]
        x = members[i]
        cx = self.conflicts[x.index]
        base = cx[b] - cx[a]
        found = []
        for j, y in enumerate(others):
            cy = self.conflicts[y.index]
            found.append((base + cy[a] - cy[b] - 2 * (y.index in x.partners), j))
        if len(members) == len(others) + 1:
            found.append((base, self.MOVE))
        return found

    def choose(self, step: int, best: int) -> tuple[int, list[tuple[int, int, int, int]]]:
        low = len(self.conflicts) ** 2  # more than any change in repeats
        chosen: list[tuple[int, int, int, int]] = []
        for a, members in enumerate(self.groups):
            for i, x in enumerate(members):
                if not self.conflicts[x.index][a]:
                    continue
                for b, others in enumerate(self.groups):
                    if b == a:
                        continue
                    x_tabu = self.tabu.get((x.index, b), -1) > step
                    for delta, j in self.steps(a, i, b):
                        if delta > low:
                            continue
                        y_tabu = j != self.MOVE and self.tabu.get((others[j].index, a), -1) > step
                        if (x_tabu or y_tabu) and self.repeats + delta >= best:
                            continue
                        if delta < low:
                            low, chosen = delta, []
                        chosen.append((a, i, b, j))
        return low, chosen

    def make(self, step: int, a: int, i: int, b: int, j: int) -> None:
        x = self.groups[a][i]
        moved = [(x, a, b)]
        if j == self.MOVE:
            self.groups[b].append(self.groups[a].pop(i))
        else:
            y = self.groups[b][j]
            self.groups[a][i], self.groups[b][j] = y, x
            moved.append((y, b, a))
        for p, left, joined in moved:
            for q in p.partners:
                if q in self.conflicts:
                    self.conflicts[q][left] -= 1
                    self.conflicts[q][joined] += 1
            self.tabu[(p.index, left)] = step + TABU_TENURE + self.rng.randrange(TABU_TENURE)

    def run(self) -> None:
        best, best_groups, improved_at = self.repeats, [g.copy() for g in self.groups], 0
        for step in range(TABU_STEPS):
            if best == 0 or step - improved_at > TABU_STALL:
                break
            delta, chosen = self.choose(step, best)
            if not chosen:
                break
            self.make(step, *self.rng.choice(chosen))
            self.repeats += delta
            if self.repeats < best:
                best, best_groups, improved_at = self.repeats, [g.copy() for g in self.groups], step
        self.groups[:] = best_groups


@functools.cache
def _splits(
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


def _cached_score(members: list[_Person], cache: dict[int, Score] | None) -> Score:
    if cache is None:
        return _group_score(members)
    key = 0
    for p in members:
        key |= 1 << p.index
    found = cache.get(key)
    if found is None:
        found = cache[key] = _group_score(members)
    return found


def _best_split(
    group_a: list[_Person],
    group_b: list[_Person],
    current: Score,
    depth: int,
    swaps_only: bool,
    cache: dict[int, Score] | None,
) -> tuple[list[_Person], list[_Person], Score, Score] | None:
    """The best of the splits, if better than `current` on the first `depth` criteria."""
    pool = group_a + group_b
    cut = min(depth, 4)
    best, found = current[:depth], None
    for side_a, side_b in _splits(len(pool), len(group_a), len(group_b), swaps_only):
        new_a = [pool[i] for i in side_a]
        score_a = _cached_score(new_a, cache)
        if score_a[:cut] > best[:cut]:
            continue  # criteria 0 to 3 are never negative: the other group cannot make up
        new_b = [pool[i] for i in side_b]
        score_b = _cached_score(new_b, cache)
        total = _add(score_a, score_b)[:depth]
        if total < best:
            best, found = total, (new_a, new_b, score_a, score_b)
    return found


class _Refiner:
    """Iterated local search for small instances, keeping the best grouping it meets.

    Settling improves pairs of groups by the best swap or move between them until no pair
    improves; a kick swaps a few random people; the search restarts from the best grouping of
    the phase, also when a kick led somewhere only as good (so it wanders along plateaus), and
    stops when the budget of looks ends or many kicks in a row found nothing better. A phase
    compares only the first `depth` criteria.
    """

    def __init__(self, groups: list[list[_Person]], rng: random.Random, budget: int) -> None:
        self.groups = groups
        self.scores = [_group_score(g) for g in groups]
        self.rng = rng
        self.left = budget  # splits we may still look at
        self.depth = len(ZERO)
        self.cache: dict[int, Score] = {}
        self.best_total = _sum(self.scores)
        self.best = [g.copy() for g in groups]

    def settle(self, changed: Iterable[int], swaps_only: bool) -> None:
        """Improve every pair with a changed group until none improves (or the budget ends)."""
        count = len(self.groups)
        todo = {(min(a, b), max(a, b)) for a in changed for b in range(count) if a != b}
        while todo and self.left > 0:
            pairs = sorted(todo)
            self.rng.shuffle(pairs)
            todo = set()
            for a, b in pairs:
                if self.left <= 0:
                    break
                group_a, group_b = self.groups[a], self.groups[b]
                self.left -= len(
                    _splits(len(group_a) + len(group_b), len(group_a), len(group_b), swaps_only)
                )
                if len(self.cache) > CACHE_LIMIT:
                    self.cache.clear()
                found = _best_split(
                    group_a,
                    group_b,
                    _add(self.scores[a], self.scores[b]),
                    self.depth,
                    swaps_only,
                    self.cache,
                )
                todo.discard((a, b))
                if found is not None:
                    self.groups[a], self.groups[b], self.scores[a], self.scores[b] = found
                    todo |= {(min(g, o), max(g, o)) for g in (a, b) for o in range(count) if o != g}
                    todo.discard((a, b))
        total = _sum(self.scores)
        if total < self.best_total:
            self.best_total, self.best = total, [g.copy() for g in self.groups]

    def search(self, budget: int) -> None:
        """One phase: kick and settle from the phase's best until it stalls or the budget ends."""
        count = len(self.groups)
        stop = self.left - budget
        self.groups = [g.copy() for g in self.best]
        self.scores = [_group_score(g) for g in self.groups]
        self.settle(range(count), swaps_only=True)
        here = _sum(self.scores)[: self.depth]
        here_groups, here_scores = [g.copy() for g in self.groups], self.scores.copy()
        gained_at, stalled = self.left, 0  # the budget left at the last gain, kicks since
        patience = min(REFINE_STALL, STALL_PER_PAIR * count * (count - 1) // 2)
        while self.left > stop and stalled < patience and gained_at - self.left < REFINE_PATIENCE:
            self.groups, self.scores = [g.copy() for g in here_groups], here_scores.copy()
            kicked: set[int] = set()
            troubled = [g for g in range(count) if self.scores[g][self.depth - 1] > 0]
            for _ in range(self.rng.choice(KICK_SWAPS)):
                a, b = self.rng.sample(range(count), 2)
                if self.depth <= 4 and troubled and self.rng.random() < 0.5:
                    a = self.rng.choice(troubled)
                    b = self.rng.randrange(count - 1)
                    b += b >= a
                group_a, group_b = self.groups[a], self.groups[b]
                i, j = self.rng.randrange(len(group_a)), self.rng.randrange(len(group_b))
                group_a[i], group_b[j] = group_b[j], group_a[i]
                self.scores[a], self.scores[b] = _group_score(group_a), _group_score(group_b)
                kicked |= {a, b}
            self.settle(kicked, swaps_only=True)
            total = _sum(self.scores)[: self.depth]
            stalled += 1
            if total < here:
                gained_at, stalled = self.left, 0
            if total <= here:
                here = total
                here_groups, here_scores = [g.copy() for g in self.groups], self.scores.copy()

    def run(self) -> list[list[_Person]]:
        """Phases for criteria 1 to 3 while they are above 0, then all; then a last polish."""
        if len(self.groups) > 2:  # with two groups, the polish alone tries every grouping
            budget = self.left
            for k in range(1, 4):  # criterion 0, repeats, has had a search of its own
                if self.best_total[k] > 0:
                    self.depth = k + 1
                    self.search(budget // PHASE_SHARE)
            self.depth = len(ZERO)
            self.search(self.left)
        # Polish: every way to share each pair of groups' people, not only swaps and moves.
        self.groups = [g.copy() for g in self.best]
        self.scores = [_group_score(g) for g in self.groups]
        self.left = max(self.left, FINAL_SPLITS)
        self.settle(range(len(self.groups)), swaps_only=False)
        return self.best


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
    people = _people(candidates, past_pairs)
    rng.shuffle(people)
    sizes = _group_sizes(candidates, settings)
    placed_count = sum(sizes)
    placed, left_over = people[:placed_count], people[placed_count:]

    groups = _construct(placed, sizes, rng)
    _descend(groups, rng, min(DESCENT_TRIES_PER_PERSON * placed_count, DESCENT_TRIES_CAP))
    _repair(groups, rng)
    if 2 <= len(groups) <= REFINE_MAX_GROUPS:
        _RepeatSearch(groups, rng).run()
        # The full budget up to REFINE_FULL_GROUPS groups, then less in proportion: larger
        # populations have more ways to meet every criterion, and the time stays about level.
        budget = REFINE_BUDGET * min(len(groups), REFINE_FULL_GROUPS) // len(groups)
        groups = _Refiner(groups, rng, budget).run()
    best = _total(groups)
    if not left_over:
        by_id = {p.candidate.user_id: p for p in people}
        baseline = [
            [by_id[c.user_id] for c in g] for g in random_grouping(candidates, settings=settings)
        ]
        baseline_score = _total(baseline)
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
