"""The rules of post-session feedback, apart from any database or Slack."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import DomainError, InvalidInputError
from bot.domain.feedback import (
    CYCLE_END,
    MAX_COMMENT,
    MEASURES,
    SMALL_SLICE,
    Answers,
    DetailsDraft,
    FeedbackPrompt,
    FeedbackRound,
    FollowUpOutcome,
    Measure,
    Subject,
    SubjectKind,
    Timing,
    crosses_departments,
    read_follow_up,
    read_rating,
    tally,
    tidy_details,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ROUND = FeedbackRound(
    id=1,
    team_id="T1",
    subject=Subject.event(7),
    organiser_id="UORG",
    opened_at=NOW,
    closes_at=NOW + timedelta(days=7),
)


def prompt(
    n: int,
    *,
    rating: int | None = None,
    answered: bool = True,
    agreed: dict[Measure, bool] | None = None,
    worked: str | None = None,
    anonymous: bool = False,
    user: str | None = "",
) -> FeedbackPrompt:
    return FeedbackPrompt(
        id=n,
        round=ROUND,
        user_id=f"U{n}" if user == "" else user,
        asked_at=NOW,
        answered_at=NOW + timedelta(hours=n) if answered else None,
        answers=Answers(
            rating=rating,
            measures=tuple((m, a) for m, a in (agreed or {}).items()),
            what_worked=worked,
            anonymous=anonymous,
        ),
    )


# Ratings and forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (5, 5), ("3", 3), (" 4 ", 4)])
def test_a_rating_is_one_to_five_from_a_button_or_a_form(value, expected):
    assert read_rating(value) == expected


@pytest.mark.parametrize("value", [0, 6, -1, "five", "", None, True, 3.5, "3.0"])
def test_anything_else_is_refused_politely(value):
    with pytest.raises(DomainError) as raised:
        read_rating(value)
    assert raised.value.key == "feedback.errors.rating"


def test_the_form_reads_agree_and_disagree_and_leaves_blanks_unanswered():
    answers = tidy_details(
        DetailsDraft(
            measures={"mobility": "disagree", "learned": "agree", "developed": ""},
            what_worked="  The  talks\n\n\n\nand the people  ",
            could_be_better="   ",
            anonymous=True,
        ),
        current=Answers(rating=4),
    )
    assert answers.rating == 4  # kept from the click before
    assert answers.measures == ((Measure.LEARNED, True), (Measure.MOBILITY, False))
    assert answers.what_worked == "The talks\n\nand the people"
    assert answers.could_be_better is None
    assert answers.anonymous


def test_the_form_names_each_bad_field():
    with pytest.raises(InvalidInputError) as raised:
        tidy_details(
            DetailsDraft(
                measures={"learned": "maybe", "bogus": "agree"},
                what_worked="x" * (MAX_COMMENT + 1),
                rating="9",
            ),
            current=Answers(),
        )
    assert raised.value.fields == {
        "learned": "feedback.errors.measure_choice",
        "bogus": "feedback.errors.measure_unknown",
        "what_worked": "feedback.errors.comment_too_long",
        "rating": "feedback.errors.rating",
    }


def test_the_form_may_change_the_rating():
    answers = tidy_details(DetailsDraft(rating="2"), current=Answers(rating=5))
    assert answers.rating == 2


def test_follow_up_answers_keep_their_order_and_none_is_an_answer():
    assert read_follow_up(["moved", "applied", "moved"]) == (
        FollowUpOutcome.APPLIED,
        FollowUpOutcome.MOVED,
    )
    assert read_follow_up([]) == ()
    with pytest.raises(InvalidInputError):
        read_follow_up(["promoted"])


# Subjects and timing --------------------------------------------------------------------------


def test_subjects_name_their_outbox_keys_and_whether_a_follow_up_applies():
    assert Subject.event(42).key == "event:42"
    assert Subject.group(7, 2).key == "group:7:2"
    assert Subject.group(7).occasion == CYCLE_END
    assert Subject.event(1).asks_follow_up
    assert Subject.group(7).asks_follow_up
    assert not Subject.group(7, 2).asks_follow_up
    assert Subject.group(1).kind is SubjectKind.MENTORING_GROUP


def test_the_reminder_falls_inside_the_window_or_not_at_all():
    timing = Timing(window=timedelta(days=7), reminder_after=timedelta(days=3))
    assert timing.reminder_at(NOW) == NOW + timedelta(days=3)
    assert (
        Timing(window=timedelta(days=3), reminder_after=timedelta(days=3)).reminder_at(NOW) is None
    )
    assert Timing(reminder_after=None).reminder_at(NOW) is None
    assert Timing(reminder_after=timedelta(0)).reminder_at(NOW) is None


def test_the_follow_up_is_optional_and_only_after_events_and_cycle_ends():
    timing = Timing(follow_up_after=timedelta(weeks=8))
    assert timing.follow_up_at(Subject.event(1), NOW) == NOW + timedelta(weeks=8)
    assert timing.follow_up_at(Subject.group(1, 3), NOW) is None
    assert Timing(follow_up_after=None).follow_up_at(Subject.event(1), NOW) is None


def test_a_window_must_be_open_for_some_time():
    with pytest.raises(ValueError, match="window"):
        Timing(window=timedelta(0))


def test_a_round_is_open_until_it_closes_unless_withdrawn():
    assert ROUND.is_open(NOW)
    assert not ROUND.is_open(ROUND.closes_at)
    withdrawn = replace(ROUND, withdrawn_at=NOW)
    assert not withdrawn.is_open(NOW)


# What an organiser may see --------------------------------------------------------------------


def test_a_slice_of_three_shows_averages_distribution_rates_and_named_comments():
    agreed = {Measure.LEARNED: True}
    prompts = [
        prompt(1, rating=5, agreed=agreed, worked="Great"),
        prompt(2, rating=4, agreed=agreed, worked="Useful", anonymous=True),
        prompt(3, rating=4, agreed={Measure.LEARNED: False}),
        prompt(4, answered=False),
    ]
    found = tally(prompts, now=NOW)
    assert (found.asked, found.responses, found.rated) == (4, 3, 3)
    assert found.response_rate == 0.75
    assert not found.small
    assert found.average == pytest.approx(13 / 3)
    assert found.distribution == (0, 0, 0, 2, 1)
    learned = found.measures[MEASURES.index(Measure.LEARNED)]
    assert (learned.agreed, learned.answered) == (2, 3)
    assert learned.rate == pytest.approx(2 / 3)
    developed = found.measures[MEASURES.index(Measure.DEVELOPED)]
    assert developed.rate is None  # nobody answered it
    assert [(c.what_worked, c.user_id) for c in found.comments] == [
        ("Great", "U1"),
        ("Useful", None),
    ]


def test_fewer_than_three_responses_show_counts_only():
    prompts = [
        prompt(1, rating=2, agreed={Measure.LEARNED: False}, worked="Too long"),
        prompt(2, rating=5, worked="Lovely", anonymous=True),
        prompt(3, answered=False),
    ]
    found = tally(prompts, now=NOW)
    assert found.small
    assert (found.asked, found.responses) == (3, 2)
    assert found.average is None
    assert found.distribution is None
    assert all(rate.rate is None for rate in found.measures)
    # The named comment is held back; the anonymous one has no name anyway.
    assert [(c.what_worked, c.user_id) for c in found.comments] == [("Lovely", None)]
    assert found.withheld_comments == 1


def test_three_answers_with_one_rating_do_not_show_that_rating():
    found = tally([prompt(1, rating=1), prompt(2, worked="a"), prompt(3, worked="b")], now=NOW)
    assert not found.small
    assert (found.rated, found.average, found.distribution) == (1, None, None)


def test_an_erased_person_s_comment_never_carries_a_name():
    found = tally(
        [prompt(1, rating=3, worked="x", user=None), prompt(2, rating=3), prompt(3, rating=3)],
        now=NOW,
    )
    assert found.comments[0].user_id is None


@given(
    st.lists(
        st.tuples(
            st.booleans(),  # answered
            st.none() | st.integers(min_value=1, max_value=5),
            st.booleans(),  # anonymous
            st.booleans(),  # has a comment
        ),
        max_size=12,
    )
)
def test_nothing_that_could_single_someone_out_shows_below_three_responses(rows):
    prompts = [
        prompt(i, answered=a, rating=r if a else None, anonymous=anon, worked="w" if c else None)
        for i, (a, r, anon, c) in enumerate(rows, start=1)
    ]
    found = tally(prompts, now=NOW)
    assert found.responses == sum(1 for a, *_ in rows if a)
    if found.responses < SMALL_SLICE:
        assert found.average is None
        assert found.distribution is None
        assert all(rate.rate is None for rate in found.measures)
        assert all(comment.user_id is None for comment in found.comments)
    if found.rated < SMALL_SLICE:
        assert found.average is None
        assert found.distribution is None
    else:
        assert found.distribution is not None
        assert sum(found.distribution) == found.rated
        assert found.average is not None
        assert 1 <= found.average <= 5
    assert len(found.comments) + found.withheld_comments == sum(1 for a, _, _, c in rows if a and c)


# Crossing departments -------------------------------------------------------------------------


def test_crossing_departments_needs_two_known_organisations():
    assert crosses_departments(["HMRC", "Home Office"])
    assert not crosses_departments(["HMRC", "hmrc ", None, ""])
    assert not crosses_departments([None, None])
    assert not crosses_departments([])
