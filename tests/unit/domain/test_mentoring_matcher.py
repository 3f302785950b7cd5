"""Forming mentoring groups: the objective's priorities and the matcher's invariants."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.mentoring import (
    UNPLACED_TOO_FEW,
    Candidate,
    MatchSettings,
    MeetingMode,
    MentoringRole,
    form_groups,
    random_grouping,
    score,
)

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
def populations(draw: st.DrawFn) -> list[Candidate]:
    rows = draw(st.lists(candidates, max_size=60))
    return [Candidate(f"U{i}", *row) for i, row in enumerate(rows)]


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Candidate], frozenset[frozenset[str]]]:
    people = draw(populations())
    ids = [c.user_id for c in people]
    past = (
        draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=40))
        if ids
        else []
    )
    return people, frozenset(frozenset(p) for p in past if p[0] != p[1])


@settings(max_examples=60, deadline=None, derandomize=True)
@given(histories(), st.integers(0, 1000))
def test_everyone_is_placed_once_or_told_why(
    history: tuple[list[Candidate], frozenset[frozenset[str]]], seed: int
) -> None:
    people, past = history
    match = MatchSettings(seed=seed)
    result = form_groups(people, past_pairs=past, settings=match)
    placed = [m for group in result.groups for m in group.member_ids]
    assert len(placed) == len(set(placed))
    unplaced = [u.user_id for u in result.unplaced]
    assert all(u.reason.startswith("mentoring.unplaced.") for u in result.unplaced)
    assert sorted(placed + unplaced) == sorted(c.user_id for c in people)
    assert all(match.min_size <= len(g.member_ids) <= match.max_size for g in result.groups)
    if len(people) >= match.min_size:
        assert unplaced == []


@settings(max_examples=60, deadline=None, derandomize=True)
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


@settings(max_examples=30, deadline=None, derandomize=True)
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
