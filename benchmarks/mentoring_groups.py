"""How good and how fast is the mentoring group matcher, against chance and against the optimum?

Part 1, populations. Generated sign-ups of 100, 1,000 and 10,000 people (departments weighted as
in a real workspace, the UK's twelve ITL1 regions weighted by civil service headcount, roles,
meeting modes, topics and grades all varied; see `population`) are grouped for six cycles in a
row, the same people each time, which is the hardest case for repeats. After each cycle every
pair grouped together joins `past_pairs` for the next, exactly as the app does. The same is done
with `random_grouping` (shuffle and cut, what pairing bots do), which keeps its own history. For
each population and method it prints, over the six cycles:

- cross-department: the share of groups with members from more than one department;
- mentor coverage: of the groups with somebody who wants a mentor, the share that has somebody
  who can mentor, and beside it how many such groups could have had one, given the mentors there
  are (the smaller of those groups and the number of mentors);
- topic overlap: the mean number of topics shared by two or more members of a group;
- region fit: of the groups meeting in person (any member asked to), the share whose members are
  all in one region;
- grade spread: the mean number of distinct grades in a group (among members who gave one);
- repeat pairs: pairs grouped together again after an earlier cycle (target 0);
- time to form a cycle: median and maximum of the six (target: 10,000 people under 5 s).

Part 2, small instances against the exact optimum (needs PuLP:
`pip install -c constraints.txt -e '.[bench]'`; without it this part is skipped, saying
so). Each instance is 24 people from a few departments and regions, so the criteria
conflict. The instances take turns at being cycle 1 to 6 (the "cycle" column): the earlier
cycles are formed by the matcher, so repeats become ever harder to avoid, as in a small
community grouped again and again. The matcher's grouping
is compared with the lexicographic optimum over all groupings into the same group sizes (the
sizes follow people's preferences, not the objective), found by `solve_exact`:

- a set-partitioning integer program: one binary variable per possible group of each size
  needed (about 53,000 for 24 people in groups of 5 and 4), each person in exactly one chosen
  group, as many chosen groups of each size as needed. Each possible group is scored by
  `bot.domain.mentoring_score.score` itself, so the optimum is of exactly the objective the
  matcher reports, and a grouping's score is the sum of its groups' scores: every criterion is
  linear;
- sequential lexicographic solves with CBC: criterion k is minimised with criteria 0 to k-1
  held at their optimal values. This is exact, and avoids an equivalent single weighted sum:
  each criterion would need a weight above the whole range of the ones after it, giving
  objective values near 10^9 that must be told apart by 1, finer than a solver's usual
  tolerances. Criteria 0 to 3 are never negative, so when one's optimum is 0 it is held by
  leaving out the groups above 0;
- a criterion counts as optimal only when CBC proves it within the time limit; an instance
  where it does not is printed as "not proven" and left out of the figures, never counted as a
  match.

"Objective attained" for an instance is computed on the objective's own lexicographic terms.
Each criterion is read as a count of good things, higher being better: new pairs (pairs in the
grouping minus repeats), mixed-department groups, groups not lacking a mentor, members who fit
their in-person group (people minus misfits), shared topics and grade spread. If the matcher's
score equals the optimum's, the instance attains 100%. Otherwise, at the first criterion where
they differ (the matcher is then worse there, and everything before it ties), it attains the
matcher's count divided by the optimum's count on that criterion; later criteria are ignored,
as the objective ignores them. The same figure is printed for random grouping, as a scale.
"Avoidable repeats" are the matcher's repeats beyond the optimum's, which is the fewest any
grouping of those sizes can have (target 0; for the large populations no exact bound is known,
so their repeats themselves are the figure, also with target 0).

Figures are printed, nothing is asserted. Run it from the repository root:

    python -m benchmarks.mentoring_groups
    python -m benchmarks.mentoring_groups --sizes 100 1000 --small-instances 5 --seed 7
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import statistics
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.domain.mentoring import form_groups, random_grouping
from bot.domain.mentoring_match import (
    Candidate,
    MatchSettings,
    MeetingMode,
    MentoringRole,
    Score,
)
from bot.domain.mentoring_score import score
from bot.domain.reference import ORGANISATIONS, PROFESSIONS

if TYPE_CHECKING:
    from collections.abc import Sequence

    Grouping = Sequence[Sequence[Candidate]]
    Pairs = frozenset[frozenset[str]]

CYCLES = 6
SMALL_PEOPLE = 24
TARGET_SHARE = 0.98
TARGET_SECONDS_10K = 5.0

# Rough shares of civil service staff by ITL1 region (London largest, Northern Ireland smallest).
REGION_WEIGHTS: dict[str, float] = {
    "TLC": 5,
    "TLD": 11,
    "TLE": 8,
    "TLF": 5,
    "TLG": 7,
    "TLH": 5,
    "TLI": 20,
    "TLJ": 8,
    "TLK": 8,
    "TLL": 7,
    "TLM": 12,
    "TLN": 2,
}
THEMES = (
    "leadership",
    "career change",
    "line management",
    "wellbeing",
    "public speaking",
    "ai",
    "net zero",
    "promotion",
)
TOPICS = tuple(p.lower() for p in PROFESSIONS) + THEMES
ROLE_WEIGHTS = {MentoringRole.WANT_MENTOR: 35, MentoringRole.CAN_MENTOR: 15, MentoringRole.PEER: 50}
MODE_WEIGHTS = {MeetingMode.IN_PERSON: 25, MeetingMode.ONLINE: 20, MeetingMode.EITHER: 55}
GRADE_WEIGHTS = (2, 3, 6, 12, 15, 4, 15, 14, 8, 4, 1)  # apprentice .. SCS2, by rank
SIZE_WISHES = ((3, 4), (4, 5), (4, 6), (3, 5), (5, 6), (4, 4))


# --- generated people ------------------------------------------------------------------------


def _zipf(count: int, exponent: float = 1.0) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def population(
    n: int,
    rng: random.Random,
    *,
    departments: int | None = None,
    regions: int | None = None,
    topics: int | None = None,
    mentor_share: float | None = None,
) -> list[Candidate]:
    """`n` sign-ups; the keyword arguments narrow the variety, for small instances."""
    orgs = rng.sample(ORGANISATIONS, departments or len(ORGANISATIONS))
    org_weights = _zipf(len(orgs), 0.9)
    codes = sorted(REGION_WEIGHTS, key=lambda c: -REGION_WEIGHTS[c])
    codes = rng.sample(codes, regions) if regions else codes
    region_weights = [REGION_WEIGHTS[c] for c in codes]
    themes = rng.sample(TOPICS, topics or len(TOPICS))
    theme_weights = _zipf(len(themes), 0.8)
    roles = list(ROLE_WEIGHTS)
    role_weights = list(ROLE_WEIGHTS.values())
    if mentor_share is not None:
        role_weights = [(1 - mentor_share) * 0.45, mentor_share, (1 - mentor_share) * 0.55]
    people = []
    for i in range(n):
        held = {
            rng.choices(themes, theme_weights)[0] for _ in range(rng.choice((0, 1, 2, 2, 3, 4)))
        }
        low, high = rng.choice(SIZE_WISHES)
        people.append(
            Candidate(
                user_id=f"U{i:05d}",
                organisation=rng.choices(orgs, org_weights)[0],
                region_code=rng.choices(codes, region_weights)[0],
                role=rng.choices(roles, role_weights)[0],
                topics=tuple(sorted(held)),
                mode=rng.choices(list(MODE_WEIGHTS), list(MODE_WEIGHTS.values()))[0],
                grade_rank=(
                    None
                    if rng.random() < 0.15
                    else rng.choices(range(len(GRADE_WEIGHTS)), GRADE_WEIGHTS)[0]
                ),
                preferred_min=low,
                preferred_max=high,
            )
        )
    return people


def small_instance(rng: random.Random) -> list[Candidate]:
    return population(
        SMALL_PEOPLE,
        rng,
        departments=rng.randint(2, 6),
        regions=rng.randint(1, 4),
        topics=rng.randint(4, 12),
        mentor_share=rng.choice((0.1, 0.15, 0.25)),
    )


# --- measuring a grouping ------------------------------------------------------------------


def pairs_in(groups: Grouping) -> set[frozenset[str]]:
    return {
        frozenset((a.user_id, b.user_id)) for g in groups for a, b in itertools.combinations(g, 2)
    }


@dataclass
class Tally:
    """Counts over the cycles of one method on one population."""

    groups: int = 0
    cross_department: int = 0
    mentee_groups: int = 0
    mentored: int = 0
    coverable: int = 0
    shared_topics: int = 0
    in_person: int = 0
    region_fit: int = 0
    graded_groups: int = 0
    grades: int = 0
    repeats: int = 0
    unplaced: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, groups: Grouping, past: Pairs, unplaced: int, seconds: float) -> None:
        mentors = sum(c.role is MentoringRole.CAN_MENTOR for g in groups for c in g)
        mentee_groups = 0
        for g in groups:
            self.groups += 1
            self.cross_department += len({c.organisation for c in g}) > 1
            roles = {c.role for c in g}
            if MentoringRole.WANT_MENTOR in roles:
                mentee_groups += 1
                self.mentored += MentoringRole.CAN_MENTOR in roles
            held = Counter(t for c in g for t in c.topics)
            self.shared_topics += sum(1 for n in held.values() if n > 1)
            if any(c.mode is MeetingMode.IN_PERSON for c in g):
                self.in_person += 1
                self.region_fit += len({c.region_code for c in g}) == 1
            grades = {c.grade_rank for c in g if c.grade_rank is not None}
            if grades:
                self.graded_groups += 1
                self.grades += len(grades)
        self.mentee_groups += mentee_groups
        self.coverable += min(mentee_groups, mentors)
        self.repeats += len(pairs_in(groups) & past)
        self.unplaced += unplaced
        self.seconds.append(seconds)


def six_cycles(people: list[Candidate], seed: int, *, matcher: bool) -> Tally:
    tally = Tally()
    past: Pairs = frozenset()
    for cycle in range(CYCLES):
        settings = MatchSettings(seed=seed * 100 + cycle)
        started = time.perf_counter()
        if matcher:
            result = form_groups(people, past_pairs=past, settings=settings)
            seconds = time.perf_counter() - started
            by_id = {c.user_id: c for c in people}
            groups = [[by_id[m] for m in g.member_ids] for g in result.groups]
            unplaced = len(result.unplaced)
        else:
            groups = random_grouping(people, settings=settings)
            seconds = time.perf_counter() - started
            unplaced = len(people) - sum(len(g) for g in groups)
        tally.add(groups, past, unplaced, seconds)
        past = past | pairs_in(groups)
    return tally


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def _mean(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "-"


def print_populations(sizes: Sequence[int], seed: int) -> None:
    print(f"\n1. Populations, {CYCLES} cycles each (same people every cycle), seed {seed}")
    columns: list[tuple[int, str, Tally]] = []
    for n in sizes:
        people = population(n, random.Random(seed * 7919 + n))
        roles = Counter(c.role for c in people)
        modes = Counter(c.mode for c in people)
        print(
            f"   {n:,} people: {len({c.organisation for c in people})} departments, "
            f"{len({c.region_code for c in people})} regions, "
            f"{len({t for c in people for t in c.topics})} topics; "
            f"{roles[MentoringRole.WANT_MENTOR]:,} want a mentor, "
            f"{roles[MentoringRole.CAN_MENTOR]:,} can mentor; "
            f"{modes[MeetingMode.IN_PERSON]:,} in person, "
            f"{modes[MeetingMode.ONLINE]:,} online only",
            flush=True,
        )
        columns.append((n, "matcher", six_cycles(people, seed, matcher=True)))
        columns.append((n, "random", six_cycles(people, seed, matcher=False)))
    rows: list[tuple[str, list[str]]] = [
        ("groups per cycle", [f"{t.groups // CYCLES:,}" for _, _, t in columns]),
        ("unplaced per cycle", [f"{t.unplaced // CYCLES:,}" for _, _, t in columns]),
        ("cross-department", [_pct(t.cross_department, t.groups) for _, _, t in columns]),
        ("mentor coverage", [_pct(t.mentored, t.mentee_groups) for _, _, t in columns]),
        ("  covered/coverable", [f"{t.mentored}/{t.coverable}" for _, _, t in columns]),
        ("topic overlap /group", [_mean(t.shared_topics, t.groups) for _, _, t in columns]),
        ("in-person groups", [f"{t.in_person // CYCLES:,}" for _, _, t in columns]),
        ("  region fit", [_pct(t.region_fit, t.in_person) for _, _, t in columns]),
        ("grade spread /group", [_mean(t.grades, t.graded_groups) for _, _, t in columns]),
        (f"repeat pairs, {CYCLES} cycles", [f"{t.repeats:,}" for _, _, t in columns]),
        (
            "time/cycle median",
            [f"{statistics.median(t.seconds) * 1000:,.0f} ms" for _, _, t in columns],
        ),
        ("time/cycle max", [f"{max(t.seconds) * 1000:,.0f} ms" for _, _, t in columns]),
    ]
    width = 12
    head = "".join(f"{f'{n:,} people':>{width * 2}}" for n in sizes)
    print(f"\n   {'':<24}{head}")
    print(f"   {'':<24}" + "".join(f"{method:>{width}}" for _, method, _ in columns))
    for label, cells in rows:
        print(f"   {label:<24}" + "".join(f"{cell:>{width}}" for cell in cells))
    print()
    for n, method, tally in columns:
        if method != "matcher":
            continue
        verdict = "PASS" if tally.repeats == 0 else "MISS"
        line = f"   {n:,} people: repeat pairs {tally.repeats} (target 0): {verdict}"
        if n >= 10_000:
            slowest = max(tally.seconds)
            ok = "PASS" if slowest < TARGET_SECONDS_10K else "MISS"
            line += f"; slowest cycle {slowest:.2f} s (target < {TARGET_SECONDS_10K:.0f} s): {ok}"
        print(line)


# --- the exact optimum -------------------------------------------------------------------


@dataclass(frozen=True)
class Exact:
    """The lexicographic optimum, or as far as the solver proved it within the time limit."""

    groups: list[list[Candidate]] | None  # the last solution found, optimal or not
    score: Score | None  # None unless every criterion was proven optimal
    proven: int  # how many criteria, in order, were proven optimal
    columns: int  # possible groups considered
    seconds: float


def _columns(
    people: Sequence[Candidate], sizes: Sequence[int], past: Pairs
) -> list[tuple[tuple[int, ...], Score]]:
    """Every possible group of every size needed, with its exact score."""
    index = {c.user_id: i for i, c in enumerate(people)}
    known = [[False] * len(people) for _ in people]
    for pair in past:
        a, b = (index.get(u) for u in pair)
        if a is not None and b is not None:
            known[a][b] = known[b][a] = True
    columns = []
    for size in sorted(set(sizes)):
        for members in itertools.combinations(range(len(people)), size):
            # The criteria after the first need no history; the first is counted here, exactly
            # as `score` counts it (earlier pairs within the group).
            rest = score([[people[i] for i in members]])
            repeats = sum(known[a][b] for a, b in itertools.combinations(members, 2))
            columns.append((members, (repeats, *rest[1:])))
    return columns


def _binary(pulp: Any, model: Any, name: str) -> Any:
    add = getattr(model, "add_variable", None)  # PuLP 3 attaches variables to their model
    return add(name, cat="Binary") if add else pulp.LpVariable(name, cat="Binary")


def _solver(pulp: Any, seconds: float) -> Any:
    """CBC: an installed one if PuLP finds it, otherwise the one bundled with PuLP."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        installed = pulp.COIN_CMD(msg=False, timeLimit=seconds, threads=1)
        if installed.available():
            return installed
        return pulp.PULP_CBC_CMD(msg=False, timeLimit=seconds, threads=1)


def solve_exact(
    people: Sequence[Candidate], sizes: Sequence[int], past: Pairs, *, time_limit: float
) -> Exact:
    """The lexicographic optimum over groupings into `sizes`, by sequential CBC solves.

    A set-partitioning model: one binary y per possible group (column), each person in exactly
    one chosen group, as many chosen groups of each size as `sizes` has. A grouping's score is
    the sum of its groups' scores, so every criterion is linear in y. Criterion k is minimised
    with the earlier ones held at their optimal values. Criteria 0 to 3 are never negative, so
    one whose optimum is 0 is held by dropping the columns above 0; and when the solution found
    already has 0 on such a criterion, that is its optimum without a solve.
    """
    import pulp

    started = time.perf_counter()
    columns = _columns(people, sizes, past)
    alive = list(range(len(columns)))
    held: list[tuple[int, int]] = []  # (criterion, optimum) kept as constraints
    proven = 0
    chosen: list[int] | None = None
    for k in range(6):
        if chosen is not None and k <= 3 and sum(columns[c][1][k] for c in chosen) == 0:
            alive = [c for c in alive if columns[c][1][k] == 0]
            proven += 1
            continue
        left = time_limit - (time.perf_counter() - started)
        if left <= 0:
            break
        model = pulp.LpProblem(f"criterion_{k}", pulp.LpMinimize)
        y = {c: _binary(pulp, model, f"y{c}") for c in alive}
        covers: list[list[tuple[Any, int]]] = [[] for _ in people]
        by_size: dict[int, list[tuple[Any, int]]] = {s: [] for s in set(sizes)}
        for c in alive:
            members, _ = columns[c]
            for i in members:
                covers[i].append((y[c], 1))
            by_size[len(members)].append((y[c], 1))
        for i, terms in enumerate(covers):
            model += pulp.LpAffineExpression(terms) == 1, f"person_{i}"
        for size, terms in by_size.items():
            model += pulp.LpAffineExpression(terms) == sizes.count(size), f"size_{size}"
        for j, best in held:
            terms = [(y[c], columns[c][1][j]) for c in alive if columns[c][1][j]]
            model += pulp.LpAffineExpression(terms) <= best, f"held_{j}"
        model.setObjective(
            pulp.LpAffineExpression([(y[c], columns[c][1][k]) for c in alive if columns[c][1][k]])
        )
        with warnings.catch_warnings():
            # PuLP 3 marks its bundled CBC deprecated (PuLP 4 will not bundle it); it still works.
            warnings.simplefilter("ignore", DeprecationWarning)
            model.solve(_solver(pulp, left))
        found = [c for c in alive if (y[c].value() or 0) > 0.5]
        if model.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
            chosen = found
        if model.sol_status != pulp.LpSolutionOptimal:
            break
        best = sum(columns[c][1][k] for c in found)
        if k <= 3 and best == 0:
            alive = [c for c in alive if columns[c][1][k] == 0]
        else:
            held.append((k, best))
        proven += 1
    groups = None if chosen is None else [[people[i] for i in columns[c][0]] for c in chosen]
    return Exact(
        groups=groups,
        score=score(groups, past) if proven == 6 and groups is not None else None,
        proven=proven,
        columns=len(columns),
        seconds=time.perf_counter() - started,
    )


def goods(value: Score, people: int, sizes: Sequence[int]) -> tuple[int, ...]:
    """Each criterion as a count of good things, higher being better (see the docstring)."""
    pairs = sum(s * (s - 1) // 2 for s in sizes)
    groups = len(sizes)
    return (
        pairs - value[0],
        groups - value[1],
        groups - value[2],
        people - value[3],
        -value[4],
        -value[5],
    )


def attained(ours: Score, best: Score, people: int, sizes: Sequence[int]) -> float:
    """The share of the optimum attained at the first criterion where the two differ."""
    mine, theirs = goods(ours, people, sizes), goods(best, people, sizes)
    for a, b in zip(mine, theirs, strict=True):
        if a != b:
            return a / b if b > 0 else 1.0
    return 1.0


CRITERIA = ("repeats", "one-dept", "no mentor", "misfit", "-topics", "-spread")


def print_small_instances(count: int, seed: int, time_limit: float) -> None:
    print(
        f"\n2. Small instances: {count} of {SMALL_PEOPLE} people against the exact optimum, "
        f"seed {seed}"
    )
    try:
        import pulp
    except ImportError:
        print("   skipped: PuLP is not installed (pip install -c constraints.txt -e '.[bench]')")
        return
    solver = type(_solver(pulp, time_limit)).__name__
    print(
        f"   solver: CBC ({solver}) from PuLP {pulp.__version__}, sequential lexicographic "
        f"solves,\n   {time_limit:.0f} s limit per instance"
    )
    print(
        "   score = (repeats, one-department groups, groups lacking a mentor, region misfit,\n"
        "            -shared topics, -grade spread): lower is better, criterion by criterion.\n"
        "   attained = at the first criterion where a score differs from the optimum's, its\n"
        "            count of good things (new pairs, mixed groups, groups not lacking a mentor,\n"
        "            members who fit, shared topics, grade spread) over the optimum's; 100% if\n"
        "            equal."
    )
    print(
        f"\n   {'#':>3}{'cycle':>6}  {'sizes':<13}{'matcher':<21}{'optimum':<25}{'random':<21}"
        f"{'form':>7}{'solve':>7}{'attained: matcher':>19}{'random':>8}"
    )
    rng = random.Random(seed)
    mine_shares: list[float] = []
    random_shares: list[float] = []
    avoidable = exact_matches = 0
    forming: list[float] = []
    totals = {"matcher": [0] * 6, "optimum": [0] * 6, "random": [0] * 6}
    for number in range(count):
        people = small_instance(rng)
        history = number % CYCLES
        past: Pairs = frozenset()
        for cycle in range(history):
            earlier = form_groups(people, past_pairs=past, settings=MatchSettings(seed=cycle))
            past = past | {
                frozenset(p)
                for g in earlier.groups
                for p in itertools.combinations(g.member_ids, 2)
            }
        settings = MatchSettings(seed=seed + number)
        started = time.perf_counter()
        result = form_groups(people, past_pairs=past, settings=settings)
        forming.append(time.perf_counter() - started)
        sizes = sorted((len(g.member_ids) for g in result.groups), reverse=True)
        chance = score(random_grouping(people, settings=settings), past)
        exact = solve_exact(people, sizes, past, time_limit=time_limit)
        cells = (
            f"   {number + 1:>3}{history + 1:>6}  {'/'.join(map(str, sizes)):<13}"
            f"{_tuple(result.score):<21}"
        )
        timing = f"{forming[-1]:>6.2f}s{exact.seconds:>6.1f}s"
        if exact.score is None:
            what = f"not proven ({exact.proven}/6 done)"
            print(f"{cells}{what:<25}{_tuple(chance):<21}{timing}{'-':>19}{'-':>8}")
            continue
        mine = attained(result.score, exact.score, len(people), sizes)
        theirs = attained(chance, exact.score, len(people), sizes)
        mine_shares.append(mine)
        random_shares.append(theirs)
        avoidable += max(result.score[0] - exact.score[0], 0)
        exact_matches += result.score == exact.score
        for name, value in (
            ("matcher", result.score),
            ("optimum", exact.score),
            ("random", chance),
        ):
            totals[name] = [a + b for a, b in zip(totals[name], value, strict=True)]
        print(
            f"{cells}{_tuple(exact.score):<25}{_tuple(chance):<21}{timing}"
            f"{mine:>19.1%}{theirs:>8.1%}"
        )
    proven = len(mine_shares)
    print(
        f"\n   proven optimal: {proven} of {count} instances (not proven within the limit: "
        f"{count - proven})\n   matcher's time to form a grouping: median "
        f"{statistics.median(forming):.2f} s, max {max(forming):.2f} s"
    )
    if not proven:
        return
    print(f"   {'sums over proven instances':<28}" + "".join(f"{c:>13}" for c in CRITERIA))
    for name, values in totals.items():
        print(f"   {name:<28}" + "".join(f"{v:>13}" for v in values))
    mean = statistics.fmean(mine_shares)
    print(
        f"   matcher's score equals the optimum's on {exact_matches} of {proven}; objective "
        f"attained: mean {mean:.1%}, lowest {min(mine_shares):.1%}\n"
        f"   (random grouping: mean {statistics.fmean(random_shares):.1%}, "
        f"lowest {min(random_shares):.1%})"
    )
    print(
        f"   target: mean >= {TARGET_SHARE:.0%} of the optimum: "
        f"{'PASS' if mean >= TARGET_SHARE else 'MISS'}; avoidable repeats {avoidable} "
        f"(target 0): {'PASS' if avoidable == 0 else 'MISS'}"
    )


def _tuple(value: Score) -> str:
    return "(" + ",".join(str(v) for v in value) + ")"


# --- running -------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.mentoring_groups",
        description="Mentoring groups: matcher against random grouping and the exact optimum.",
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[100, 1_000, 10_000],
        help="population sizes (default 100 1000 10000; none to skip)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="for people and grouping")
    parser.add_argument(
        "--small-instances",
        type=int,
        default=20,
        help=f"instances of {SMALL_PEOPLE} people solved exactly (default 20; 0 to skip)",
    )
    parser.add_argument(
        "--time-limit", type=float, default=30.0, help="seconds per exact solve (default 30)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.monotonic()
    print(
        f"Mentoring groups benchmark: Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    if args.sizes:
        print_populations(args.sizes, args.seed)
    if args.small_instances > 0:
        print_small_instances(args.small_instances, args.seed, args.time_limit)
    print(f"\nTook {time.monotonic() - started:.0f}s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
