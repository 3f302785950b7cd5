"""Sign-ups, pauses, check-ins and facilitators: the rules around the matcher."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import InvalidInputError
from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import (
    GRADE_RANK,
    CheckIn,
    CheckInAnswer,
    Frequency,
    GroupMember,
    MentoringGroup,
    SignUpDraft,
    missed_in_a_row,
    pause_until,
    tidy_signup,
    unfamiliar_topics,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
LONDON = NOW.astimezone(ZoneInfo("Europe/London"))


def draft(**changes) -> SignUpDraft:
    values = {
        "role": "want_mentor",
        "topics": "Data; policy design, data",
        "mode": "in_person",
        "size_min": 4,
        "size_max": 5,
        "frequency": "fortnightly",
        "hopes": "  Learn\n how other\tdepartments work  ",
    }
    values.update(changes)
    return SignUpDraft(**values)


def test_a_sign_up_is_tidied():
    choices = tidy_signup(draft())
    assert choices.role is MentoringRole.WANT_MENTOR
    assert choices.topics == ("Data", "policy design")
    assert choices.mode is MeetingMode.IN_PERSON
    assert choices.frequency is Frequency.FORTNIGHTLY
    assert choices.hopes == "Learn how other departments work"


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"role": ""}, "role", "mentoring.errors.role_missing"),
        ({"mode": "by carrier pigeon"}, "mode", "mentoring.errors.mode_missing"),
        ({"frequency": "hourly"}, "frequency", "mentoring.errors.frequency_missing"),
        ({"size_min": 2, "size_max": 4}, "size", "mentoring.errors.size_range"),
        ({"size_min": 5, "size_max": 4}, "size", "mentoring.errors.size_range"),
        ({"size_min": 3, "size_max": 7}, "size", "mentoring.errors.size_range"),
        ({"topics": ""}, "topics", "mentoring.errors.topics_missing"),
        ({"topics": "x" * 80}, "topics", "mentoring.errors.topic_too_long"),
        (
            {"topics": ",".join(f"t{i}" for i in range(9))},
            "topics",
            "mentoring.errors.too_many_topics",
        ),
    ],
)
def test_each_bad_field_is_named(changes, field, key):
    with pytest.raises(InvalidInputError) as raised:
        tidy_signup(draft(**changes))
    assert raised.value.fields == {field: key}


def test_hopes_are_cut_to_their_limit():
    assert len(tidy_signup(draft(hopes="word " * 400)).hopes) == 500


@pytest.mark.parametrize(
    "text", ["2027-01-31", "until 2027-01-31", "31/01/2027", "31 January 2027", "31 Jan 2027"]
)
def test_pause_dates_in_several_shapes_mean_the_start_of_that_day_where_the_person_is(text):
    until = pause_until(text, now=NOW, today=LONDON)
    assert until == datetime(2027, 1, 31, 0, 0, tzinfo=UTC)  # London is on GMT in January


def test_a_pause_without_a_date_lasts_until_resumed():
    assert pause_until("", now=NOW, today=LONDON) is None
    assert pause_until("until", now=NOW, today=LONDON) is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("next blue moon", "mentoring.errors.pause_date_unreadable"),
        ("2027-02-30", "mentoring.errors.pause_date_unreadable"),
        ("2026-11-23", "mentoring.errors.pause_date_past"),
        ("2020-01-01", "mentoring.errors.pause_date_past"),
        ("2028-01-01", "mentoring.errors.pause_date_far"),
    ],
)
def test_bad_pause_dates_are_named(text, key):
    with pytest.raises(InvalidInputError) as raised:
        pause_until(text, now=NOW, today=LONDON)
    assert raised.value.fields == {"date": key}


def test_topics_nobody_else_chose_are_found_whatever_their_case_or_accents():
    assert unfamiliar_topics(["Data", "Gàidhlig", "Beekeeping"], ["data", "gaidhlig"]) == (
        "Beekeeping",
    )


def test_silence_is_counted_from_the_latest_check_in_back():
    def ask(answer):
        return CheckIn(1, "U1", 1, NOW, answer)

    assert missed_in_a_row([]) == 0
    assert missed_in_a_row([ask(None), ask(None), ask(CheckInAnswer.MET), ask(None)]) == 2
    assert missed_in_a_row([ask(None)] * 3) == 3


def test_facilitating_rotates_with_each_meeting():
    members = tuple(GroupMember(f"U{i}", MentoringRole.PEER) for i in range(3))
    group = MentoringGroup(1, "T1", 1, members, (), MeetingMode.ONLINE, None, NOW)
    assert group.facilitator() == "U0"
    assert [group.facilitator(session) for session in range(4)] == ["U0", "U1", "U2", "U0"]
    from dataclasses import replace

    assert replace(group, meetings=2).facilitator() == "U2"
    assert replace(group, members=()).facilitator() is None


def test_grades_are_ranked_by_seniority_and_undisclosed_ones_are_left_out():
    assert GRADE_RANK["eo"] < GRADE_RANK["g7"] < GRADE_RANK["scs1"]
    assert "prefer_not" not in GRADE_RANK
    assert "other" not in GRADE_RANK
