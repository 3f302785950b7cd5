"""Forming mentoring groups: the objective's priorities and the matcher's invariants."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.mentoring import form_groups, random_grouping
from bot.domain.mentoring_match import (
    UNPLACED_NO_ROOM,
    UNPLACED_TOO_FEW,
    Candidate,
    MatchResult,
    MatchSettings,
    MeetingMode,
    MentoringRole,
)
from bot.domain.mentoring_score import score

if TYPE_CHECKING:
    from collections.abc import Iterator

WANT = MentoringRole.WANT_MENTOR
CAN = MentoringRole.CAN_MENTOR
PEER = MentoringRole.PEER


def person(
    user_id: str,
    organisation: str = "dwp",
    region: str = "TLE",
    role: MentoringRole = PEER,
    topics: tuple[str, ...] = (),
    mode: MeetingMode = MeetingMode.EITHER,
    grade: int | None = None,
) -> Candidate:
    return Candidate(user_id, organisation, region, role, topics, mode, grade)


def pairs_of(member_ids: tuple[str, ...]) -> set[frozenset[str]]:
    return {frozenset(p) for p in itertools.combinations(member_ids, 2)}


def test_departments_are_mixed_when_possible() -> None:
    people = [person(f"a{i}", "hmrc") for i in range(4)] + [
        person(f"b{i}", "moj") for i in range(4)
    ]
    result = form_groups(people, settings=MatchSettings(seed=3))
    assert len(result.groups) == 2
    assert all(group.departments > 1 for group in result.groups)


def test_every_group_with_mentees_gets_a_mentor_while_mentors_last() -> None:
    people = [person(f"m{i}", f"org{i}", role=CAN) for i in range(3)] + [
        person(f"w{i}", f"org{i % 5}", role=WANT) for i in range(9)
    ]
    result = form_groups(people, settings=MatchSettings(seed=1))
    assert len(result.groups) == 3
    assert all(group.has_mentor for group in result.groups)


def test_scarce_mentors_are_spread_one_to_a_group() -> None:
    people = [person(f"m{i}", f"org{i}", role=CAN) for i in range(2)] + [
        person(f"w{i}", f"org{i % 4}", role=WANT) for i in range(10)
    ]
    result = form_groups(people, settings=MatchSettings(seed=2))
    assert sum(group.has_mentor for group in result.groups) == 2


def test_in_person_groups_share_a_region() -> None:
    people = [
        person(f"{region}{i}", f"org{i}", region, mode=MeetingMode.IN_PERSON)
        for region in ("TLE", "TLK")
        for i in range(4)
    ]
    result = form_groups(people, settings=MatchSettings(seed=5))
    by_id = {c.user_id: c for c in people}
    for group in result.groups:
        assert group.mode is MeetingMode.IN_PERSON
        assert {by_id[m].region_code for m in group.member_ids} == {group.region_code}


def test_shared_topics_bring_people_together() -> None:
    people = [person(f"d{i}", f"org{i}", topics=("Data",)) for i in range(4)] + [
        person(f"p{i}", f"org{i}", topics=("policy",)) for i in range(4)
    ]
    result = form_groups(people, settings=MatchSettings(seed=9))
    assert sorted(group.shared_topics for group in result.groups) == [("data",), ("policy",)]


def test_no_pair_is_repeated_when_avoidable() -> None:
    # Four groups of four last time: one person from each makes four groups of strangers.
    people = [person(f"u{i}", f"org{i % 3}") for i in range(16)]
    first = form_groups(people, settings=MatchSettings(seed=4))
    past = frozenset(p for group in first.groups for p in pairs_of(group.member_ids))
    second = form_groups(people, past_pairs=past, settings=MatchSettings(seed=4))
    assert second.score[0] == 0
    assert not any(pairs_of(group.member_ids) & past for group in second.groups)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_too_few_people_are_unplaced_with_a_reason(count: int) -> None:
    people = [person(f"u{i}", f"org{i}") for i in range(count)]
    result = form_groups(people)
    assert result.groups == ()
    assert [(u.user_id, u.reason) for u in result.unplaced] == [
        (f"u{i}", UNPLACED_TOO_FEW) for i in range(count)
    ]


def test_an_odd_person_joins_a_group_rather_than_being_left_out() -> None:
    people = [person(f"u{i}", f"org{i % 3}") for i in range(9)]
    result = form_groups(people, settings=MatchSettings(seed=6))
    assert result.unplaced == ()
    assert sorted(len(group.member_ids) for group in result.groups) == [4, 5]


def test_grouping_is_deterministic_under_a_seed() -> None:
    people = [
        person(f"u{i}", f"org{i % 4}", f"TL{'CDE'[i % 3]}", topics=(f"t{i % 5}",))
        for i in range(40)
    ]
    runs = [form_groups(people, settings=MatchSettings(seed=11)) for _ in range(2)]
    assert runs[0] == runs[1]


def test_the_same_person_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="once"):
        form_groups([person("u1"), person("u1"), person("u2")])


# --- properties ------------------------------------------------------------------------------

candidates = st.builds(
    lambda organisation, region, role, topics, mode, grade, low, extra: (
        organisation,
        region,
        role,
        tuple(topics),
        mode,
        grade,
        low,
        min(low + extra, 6),
    ),
    st.sampled_from(["dwp", "hmrc", "moj", "dfe"]),
    st.sampled_from(["TLC", "TLE", "TLK", "TLM"]),
    st.sampled_from(list(MentoringRole)),
    st.lists(st.sampled_from(["data", "policy", "digital", "finance"]), max_size=3),
    st.sampled_from(list(MeetingMode)),
    st.none() | st.integers(1, 7),
    st.integers(3, 6),
    st.integers(0, 3),
)


@st.composite
def populations(draw: st.DrawFn, min_size: int = 0, max_size: int = 30) -> list[Candidate]:
    rows = draw(st.lists(candidates, min_size=min_size, max_size=max_size))
    return [Candidate(f"U{i}", *row) for i, row in enumerate(rows)]


@st.composite
def histories(
    draw: st.DrawFn, min_size: int = 0, max_size: int = 30
) -> tuple[list[Candidate], frozenset[frozenset[str]]]:
    people = draw(populations(min_size, max_size))
    ids = [c.user_id for c in people]
    past = (
        draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=40))
        if ids
        else []
    )
    return people, frozenset(frozenset(p) for p in past if p[0] != p[1])


@st.composite
def bounds(draw: st.DrawFn) -> MatchSettings:
    low = draw(st.integers(2, 4))
    return MatchSettings(
        min_size=low, max_size=draw(st.integers(low, 7)), seed=draw(st.integers(0, 1000))
    )


def placed_ids(result: MatchResult) -> list[str]:
    return [m for group in result.groups for m in group.member_ids]


def cut(people: list[Candidate], sizes: list[int]) -> list[list[Candidate]]:
    groups, start = [], 0
    for size in sizes:
        groups.append(people[start : start + size])
        start += size
    return groups


def groupings(people: list[Candidate], sizes: list[int]) -> Iterator[list[list[Candidate]]]:
    """Every way to split `people` into groups of these sizes (each grouping once)."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for size in set(sizes):
        remaining = list(sizes)
        remaining.remove(size)
        for chosen in itertools.combinations(range(len(rest)), size - 1):
            group = [first, *(rest[i] for i in chosen)]
            others = [c for i, c in enumerate(rest) if i not in chosen]
            for tail in groupings(others, remaining):
                yield [group, *tail]


def reference_score(
    groups: list[list[Candidate]], past: frozenset[frozenset[str]]
) -> tuple[int, ...]:
    """The objective as the module docstring states it, written plainly."""
    totals = [0] * 6
    for members in groups:
        ids = [c.user_id for c in members]
        totals[0] += sum(frozenset(p) in past for p in itertools.combinations(ids, 2))
        totals[1] += len(members) > 1 and len({c.organisation for c in members}) == 1
        roles = {c.role for c in members}
        totals[2] += WANT in roles and CAN not in roles
        if any(c.mode is MeetingMode.IN_PERSON for c in members):
            regions = Counter(c.region_code for c in members)
            online = sum(c.mode is MeetingMode.ONLINE for c in members)
            totals[3] += online + len(members) - max(regions.values())
        holders = Counter(t for c in members for t in c.topics)
        totals[4] -= sum(n - 1 for n in holders.values())
        grades = {c.grade_rank for c in members if c.grade_rank is not None}
        totals[5] -= max(len(grades) - 1, 0)
    return tuple(totals)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(histories(), st.data())
def test_score_is_the_objective_the_docstring_states(
    history: tuple[list[Candidate], frozenset[frozenset[str]]], data: st.DataObject
) -> None:
    people, past = history
    sizes = data.draw(st.lists(st.integers(0, 7), max_size=len(people) + 1))
    groups = cut(people, sizes)
    assert score(groups, past) == reference_score(groups, past)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(histories(), bounds())
def test_nobody_is_placed_twice(
    history: tuple[list[Candidate], frozenset[frozenset[str]]], match: MatchSettings
) -> None:
    people, past = history
    placed = placed_ids(form_groups(people, past_pairs=past, settings=match))
    assert len(placed) == len(set(placed))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(histories(), bounds())
def test_everyone_is_placed_or_told_why(
    history: tuple[list[Candidate], frozenset[frozenset[str]]], match: MatchSettings
) -> None:
    people, past = history
    result = form_groups(people, past_pairs=past, settings=match)
    unplaced = [u.user_id for u in result.unplaced]
    assert sorted(placed_ids(result) + unplaced) == sorted(c.user_id for c in people)
    assert all(u.reason in {UNPLACED_TOO_FEW, UNPLACED_NO_ROOM} for u in result.unplaced)
    if len(people) < match.min_size:
        assert {u.reason for u in result.unplaced} <= {UNPLACED_TOO_FEW}
    else:  # someone is left over only when the bounds leave no room: fewer than a group
        assert len(unplaced) < match.min_size
        assert {u.reason for u in result.unplaced} <= {UNPLACED_NO_ROOM}
    if len(people) >= match.min_size and match.max_size >= 2 * match.min_size - 1:
        assert unplaced == []  # with bounds this wide, any number can be shared out


@settings(max_examples=40, deadline=None, derandomize=True)
@given(histories(), bounds())
def test_group_sizes_are_within_the_bounds_and_differ_by_at_most_one(
    history: tuple[list[Candidate], frozenset[frozenset[str]]], match: MatchSettings
) -> None:
    people, past = history
    sizes = [len(g.member_ids) for g in form_groups(people, past_pairs=past, settings=match).groups]
    assert all(match.min_size <= size <= match.max_size for size in sizes)
    assert max(sizes, default=0) - min(sizes, default=0) <= 1


@settings(max_examples=25, deadline=None, derandomize=True)
@given(histories(max_size=16), st.integers(0, 1000))
def test_the_same_people_history_and_seed_give_the_same_groups(
    history: tuple[list[Candidate], frozenset[frozenset[str]]], seed: int
) -> None:
    people, past = history
    first = form_groups(people, past_pairs=past, settings=MatchSettings(seed=seed))
    again = form_groups(list(people), past_pairs=frozenset(past), settings=MatchSettings(seed=seed))
    assert first == again


@settings(max_examples=40, deadline=None, derandomize=True)
@given(histories(), st.integers(0, 1000))
def test_the_matcher_never_does_worse_than_random_grouping(
    history: tuple[list[Candidate], frozenset[frozenset[str]]], seed: int
) -> None:
    people, past = history
    match = MatchSettings(seed=seed)
    result = form_groups(people, past_pairs=past, settings=match)
    by_id = {c.user_id: c for c in people}
    ours = score([[by_id[m] for m in g.member_ids] for g in result.groups], past)
    assert ours == result.score
    assert ours <= score(random_grouping(people, settings=match), past)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(histories(min_size=3, max_size=9), st.integers(0, 1000))
def test_on_tiny_instances_the_matcher_finds_the_optimum(
    history: tuple[list[Candidate], frozenset[frozenset[str]]], seed: int
) -> None:
    # Brute force over every grouping into the same sizes: in particular no repeat is avoidable.
    people, past = history
    result = form_groups(people, past_pairs=past, settings=MatchSettings(seed=seed))
    sizes = [len(g.member_ids) for g in result.groups]
    assert result.score == min(score(g, past) for g in groupings(people, sizes))


@settings(max_examples=10, deadline=None, derandomize=True)
@given(populations(min_size=6, max_size=24), st.integers(1, 3), st.randoms(use_true_random=False))
def test_no_repeats_when_a_grouping_without_any_exists(
    people: list[Candidate], cycles: int, rng: random.Random
) -> None:
    # Earlier cycles grouped people at random, but never two of the same witness group, so
    # grouping by the witness repeats nobody: the matcher must find some grouping that doesn't.
    sizes = [len(g) for g in random_grouping(people)]  # the sizes the matcher uses too
    witness = cut(rng.sample(people, len(people)), sizes)
    past: set[frozenset[str]] = set()
    for _ in range(cycles):
        past |= pairs_of_groups(cut(rng.sample(people, len(people)), sizes))
    history = frozenset(past - pairs_of_groups(witness))
    result = form_groups(people, past_pairs=history, settings=MatchSettings(seed=cycles))
    assert result.score[0] == 0
    assert not any(pairs_of(group.member_ids) & history for group in result.groups)


def pairs_of_groups(groups: list[list[Candidate]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations([c.user_id for c in g], 2)}


@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.integers(2, 6), st.integers(0, 1000))
def test_no_repeat_pairs_when_last_cycles_groups_can_be_split_up(
    group_count: int, seed: int
) -> None:
    # Last cycle's groups were four people each; with at least as many groups as a group has
    # members, everyone can meet only strangers, so the matcher must find such a grouping.
    people = [person(f"g{g}m{m}", f"org{m}") for g in range(max(group_count, 4)) for m in range(4)]
    past = frozenset(
        frozenset((f"g{g}m{a}", f"g{g}m{b}"))
        for g in range(max(group_count, 4))
        for a, b in itertools.combinations(range(4), 2)
    )
    result = form_groups(people, past_pairs=past, settings=MatchSettings(seed=seed))
    assert result.score[0] == 0
    assert not any(pairs_of(group.member_ids) & past for group in result.groups)


# --- the benchmark's exact solver ------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
def test_the_benchmarks_exact_solver_agrees_with_brute_force(seed: int) -> None:
    pytest.importorskip("pulp")
    from benchmarks.mentoring_groups import population, solve_exact

    rng = random.Random(seed)
    people = population(9, rng, departments=2, regions=2, topics=4)
    ids = [c.user_id for c in people]
    past = frozenset(frozenset(rng.sample(ids, 2)) for _ in range(10))
    sizes = [3, 3, 3] if seed == 1 else [5, 4]
    exact = solve_exact(people, sizes, past, time_limit=60)
    assert exact.score == min(score(g, past) for g in groupings(people, sizes))
