"""Speed Connect pairing: sizes, departments, earlier partners and the odd ones out."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from bot.domain.speed_connect import (
    QUESTION_KEYS,
    UNPLACED_ALONE,
    Attendee,
    form_speed_connect,
    group_sizes,
    pairs_of,
    suggested_question,
)


def attendees(count: int, departments: int = 3) -> list[Attendee]:
    return [Attendee(f"U{i:04d}", f"org{i % departments}") for i in range(count)]


@pytest.mark.parametrize(
    ("count", "sizes"),
    [(0, []), (1, []), (2, [2]), (3, [3]), (4, [2, 2]), (5, [3, 2]), (301, [3] + [2] * 149)],
)
def test_sizes_are_pairs_with_one_trio_when_odd(count: int, sizes: list[int]) -> None:
    assert group_sizes(count) == sizes


def test_nobody_opted_in_forms_nothing() -> None:
    result = form_speed_connect([])
    assert result.groups == ()
    assert result.unplaced == ()


def test_one_person_is_told_nobody_else_joined() -> None:
    result = form_speed_connect(attendees(1))
    assert result.groups == ()
    assert [(u.user_id, u.reason) for u in result.unplaced] == [("U0000", UNPLACED_ALONE)]


def test_two_people_make_one_pair() -> None:
    result = form_speed_connect(attendees(2))
    assert result.groups == (("U0000", "U0001"),)
    assert result.unplaced == ()


@pytest.mark.parametrize("count", [3, 7, 301])
def test_everyone_placed_once_in_pairs_and_one_trio(count: int) -> None:
    result = form_speed_connect(attendees(count))
    members = [m for g in result.groups for m in g]
    assert sorted(members) == sorted(a.user_id for a in attendees(count))
    assert Counter(len(g) for g in result.groups) == Counter(group_sizes(count))
    assert result.unplaced == ()


def test_groups_mix_departments_when_possible() -> None:
    people = [Attendee(f"A{i}", "dwp") for i in range(6)] + [
        Attendee(f"B{i}", "hmrc") for i in range(6)
    ]
    result = form_speed_connect(people)
    org = {a.user_id: a.organisation for a in people}
    assert all(len({org[m] for m in g}) == 2 for g in result.groups)
    assert result.score[1] == 0


def test_single_department_still_pairs_everyone() -> None:
    people = [Attendee(f"A{i}", "dwp") for i in range(5)]
    result = form_speed_connect(people)
    assert sorted(len(g) for g in result.groups) == [2, 3]


def test_nobody_paired_again_with_an_earlier_partner_when_avoidable() -> None:
    people = attendees(10)
    history: frozenset[frozenset[str]] = frozenset()
    for seed in range(4):  # four rounds of ten people: 45 possible pairs, 20 used
        result = form_speed_connect(people, past_pairs=history, seed=seed)
        assert not pairs_of(result.groups) & history
        assert result.score[0] == 0
        history |= pairs_of(result.groups)


def test_repeats_only_when_unavoidable() -> None:
    people = attendees(2)
    history = pairs_of([("U0000", "U0001")])
    result = form_speed_connect(people, past_pairs=history)
    assert result.groups == (("U0000", "U0001"),)
    assert result.score[0] == 1


def test_same_input_same_groups() -> None:
    people = attendees(41, departments=5)
    assert form_speed_connect(people, seed=3) == form_speed_connect(people, seed=3)


def test_duplicate_attendees_are_refused() -> None:
    with pytest.raises(ValueError, match="once"):
        form_speed_connect([Attendee("U1", "dwp"), Attendee("U1", "dwp")])


def test_pairs_of_lists_every_pair_in_a_trio() -> None:
    assert pairs_of([("a", "b", "c")]) == {frozenset(p) for p in itertools.combinations("abc", 2)}


def test_suggested_question_is_deterministic_and_from_the_list() -> None:
    keys = {suggested_question(7, n) for n in range(1, 50)}
    assert keys <= set(QUESTION_KEYS)
    assert len(keys) > 1
    assert suggested_question(7, 3) == suggested_question(7, 3)
