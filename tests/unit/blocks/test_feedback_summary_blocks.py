"""What organisers read of feedback, and the Home tab's feedback parts: the builders held to
Slack's documented limits and to the rule that typed text pings nobody, then read for what a
person notices (the numbers, the small-slice rule, the comments and the buttons)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.errors import DomainError
from bot.domain.events import Event, EventDetails, EventMode, EventStatus, RsvpStatus
from bot.domain.feedback import (
    MEASURES,
    Answers,
    FeedbackPrompt,
    FeedbackRound,
    FollowUpOutcome,
    Measure,
    Subject,
    tally,
)
from bot.services.directory import ProfileStatus
from bot.services.feedback import FeedbackSummary, PromptView, SummaryLine
from handlers.events.blocks.home import events_home_blocks
from handlers.feedback.blocks import summary as builders
from handlers.feedback.blocks.export import (
    export_comment,
    export_failed_message,
    export_sent_message,
)
from handlers.feedback.blocks.home import (
    HOME_PROMPTS,
    HOME_SUMMARIES,
    awaiting_home_blocks,
    summaries_home_blocks,
)
from handlers.feedback.blocks.pick import (
    feedback_help_block,
    no_match_message,
    none_yet_message,
    not_organiser_message,
    pick_message,
)
from handlers.feedback.blocks.summary import (
    COMMENTS_SHOWN,
    summary_dm_message,
    summary_message,
    summary_view,
)
from handlers.feedback.blocks.summary_pieces import read_event_value
from handlers.home.blocks import home_view
from handlers.ids import ActionId, base_action
from handlers.ui.common import Block, divider
from tests.support.fake_slack import message_problems, view_problems
from tests.support.payloads import mrkdwn_texts, walk

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
STARTS = NOW - timedelta(days=2)
ORGANISER = "U0ORGANISER"
ADMIN = "U0ADMIN"
HOSTILE = "<!channel> <!here> <@U0VICTIM> <!subteam^S1> <http://x|y> & co"
HOSTILE_BITS = ("<!channel>", "<!here>", "<@U0VICTIM>", "<!subteam^S1>", "<http://x|y>")
LIVE = re.compile(r"<[^>]*>")
ALLOWED_LIVE = re.compile(r"^<(@[UW][A-Z0-9]+|!date\^\d+\^\{[^<>|]+\|[^<>|]+)>$")


# Arranging ---------------------------------------------------------------------------------------


def event(**changes: Any) -> Event:
    starts = changes.pop("starts_at", STARTS)
    details = EventDetails(
        title=changes.pop("title", "Leeds data meet-up"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        timezone="Europe/London",
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=2644688,
        region_code="TLE",
        online_url="",
        description="",
        capacity=None,
        registration_url="",
    )
    values: dict[str, Any] = {
        "id": 42,
        "team_id": "T0001",
        "organiser_id": ORGANISER,
        "details": details,
        "status": EventStatus.SCHEDULED,
        "created_at": STARTS - timedelta(days=10),
        "updated_at": STARTS - timedelta(days=10),
        "going": 20,
    }
    values.update(changes)
    return Event(**values)


def a_round(*, closed: bool = False) -> FeedbackRound:
    opened = STARTS + timedelta(hours=2)
    closes = NOW - timedelta(hours=1) if closed else NOW + timedelta(days=5)
    return FeedbackRound(
        id=7,
        team_id="T0001",
        subject=Subject.event(42),
        organiser_id=ORGANISER,
        opened_at=opened,
        closes_at=closes,
        closed_at=closes if closed else None,
    )


def prompt(
    number: int,
    *,
    rating: int | None = None,
    measures: dict[Measure, bool] | None = None,
    worked: str | None = None,
    better: str | None = None,
    anonymous: bool = False,
    follow_up: tuple[FollowUpOutcome, ...] | None = None,
    answered: bool = True,
) -> FeedbackPrompt:
    asked = STARTS + timedelta(hours=2)
    at = asked + timedelta(minutes=number) if answered else None
    chosen = measures or {}
    return FeedbackPrompt(
        id=number,
        round=a_round(),
        user_id=f"U0P{number:04d}",
        asked_at=asked,
        answered_at=at,
        details_at=at if (worked or better or chosen) else None,
        answers=Answers(
            rating=rating,
            measures=tuple((m, chosen[m]) for m in MEASURES if m in chosen),
            what_worked=worked,
            could_be_better=better,
            anonymous=anonymous,
        ),
        follow_up_due_at=asked + timedelta(weeks=8) if follow_up is not None else None,
        follow_up_answered_at=asked + timedelta(weeks=8, days=1) if follow_up is not None else None,
        follow_up=follow_up or (),
    )


def summary_of(
    prompts: list[FeedbackPrompt], *, closed: bool = False, **event_changes: Any
) -> FeedbackSummary:
    now = NOW + timedelta(weeks=9) if any(p.follow_up_due_at for p in prompts) else NOW
    return FeedbackSummary(
        a_round(closed=closed), event(**event_changes), tally(prompts, now=now), closed
    )


def a_good_event() -> FeedbackSummary:
    """20 asked, 12 answered: ratings 5,5,5,5,5,4,4,4,4,3,3,2; 8 answered "learned" (6
    agreed); three comments, one of them anonymous."""
    ratings = [5, 5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 2]
    prompts = []
    for number, rating in enumerate(ratings, start=1):
        measures = {Measure.LEARNED: number <= 6} if number <= 8 else {}
        prompts.append(prompt(number, rating=rating, measures=measures))
    prompts[0] = replace(
        prompts[0],
        answers=replace(prompts[0].answers, what_worked="The data clinic", could_be_better=None),
        details_at=prompts[0].answered_at,
    )
    prompts[1] = replace(
        prompts[1],
        answers=replace(prompts[1].answers, could_be_better="A bigger room", anonymous=True),
        details_at=prompts[1].answered_at,
    )
    prompts[2] = replace(
        prompts[2],
        answers=replace(prompts[2].answers, what_worked="Meeting HMRC folk"),
        details_at=prompts[2].answered_at,
    )
    prompts += [prompt(100 + n, answered=False) for n in range(8)]
    return summary_of(prompts)


def many_comments(count: int = 200, text: str = "Comment") -> FeedbackSummary:
    prompts = [
        prompt(n, rating=4, worked=f"{text} {n}", better=f"Better {n}", anonymous=n % 2 == 0)
        for n in range(1, count + 1)
    ]
    return summary_of(prompts)


def a_small_slice() -> FeedbackSummary:
    """Five asked, two answered: one named comment, one anonymous."""
    prompts = [
        prompt(1, rating=5, measures={Measure.LEARNED: True}, worked="Named praise"),
        prompt(
            2, rating=1, measures={Measure.LEARNED: False}, better="Quiet grumble", anonymous=True
        ),
        *(prompt(10 + n, answered=False) for n in range(3)),
    ]
    return summary_of(prompts)


def line(
    event_id: int, *, responses: int = 5, average: float | None = 4.2, **changes: Any
) -> SummaryLine:
    return SummaryLine(
        a_round(),
        event(id=event_id, **changes),
        asked=10,
        responses=responses,
        average=average,
        closed=False,
    )


def texts(payload: dict[str, Any]) -> str:
    return "\n".join(mrkdwn_texts(payload))


def buttons(payload: Any, action: ActionId) -> list[dict[str, Any]]:
    return [
        node
        for _, node in walk(payload)
        if node.get("type") == "button" and base_action(str(node.get("action_id"))) == action
    ]


def check_message(payload: dict[str, Any]) -> None:
    assert message_problems(payload, "chat.postMessage") == []
    check_inert(payload)


def check_inert(payload: dict[str, Any]) -> None:
    for text in mrkdwn_texts(payload):
        for bit in HOSTILE_BITS:
            assert bit not in text
        for live in LIVE.findall(text):
            assert ALLOWED_LIVE.match(live), live


# One event's summary -----------------------------------------------------------------------------


def test_a_summary_shows_the_numbers_an_organiser_asked_for():
    payload = summary_message(a_good_event(), viewer=ORGANISER)
    check_message(payload)
    shown = texts(payload)
    assert "*12 of 20 answered* (60%)" in shown
    assert "*Average rating:* 4.1 out of 5, from 12 ratings" in shown
    bars = [row for row in shown.splitlines() if "★" in row]
    assert [row.split()[0] for row in bars] == ["5", "4", "3", "2", "1"]
    assert bars[0].endswith(" 5")
    assert bars[-1].endswith(" 0")
    assert bars[0].count("█") == builders.BAR_WIDTH  # the commonest rating has the longest bar
    assert "I learned something I will put into practice: *75%* (6 of 8)" in shown
    assert "Still open for answers until <!date^" in shown
    assert "Fewer than 3" not in shown
    [export] = buttons(payload, ActionId.FEEDBACK_EXPORT)
    assert export["value"] == "42"
    assert payload["text"] == "Feedback on Leeds data meet-up: 12 of 20 answered"


def test_named_comments_carry_a_mention_and_anonymous_ones_carry_no_name():
    shown = texts(summary_message(a_good_event(), viewer=ORGANISER))
    assert "*What worked:* The data clinic\n— <@U0P0001>" in shown
    assert "*Could be better:* A bigger room\n— _anonymous_" in shown
    assert "U0P0002" not in shown
    assert "*Comments* (3)" in shown


def test_the_latest_comments_come_first():
    shown = texts(summary_message(a_good_event(), viewer=ORGANISER))
    assert (
        shown.index("Meeting HMRC folk")
        < shown.index("A bigger room")
        < shown.index("The data clinic")
    )


def test_two_hundred_comments_stay_within_a_message_and_point_to_the_csv():
    payload = summary_message(many_comments(200), viewer=ORGANISER)
    check_message(payload)
    assert len(payload["blocks"]) <= 50
    shown = texts(payload)
    assert f"*Comments*: the latest {COMMENTS_SHOWN} of 200" in shown
    assert f"{200 - COMMENTS_SHOWN} more comments are in the CSV export" in shown
    assert "Comment 200\n" in shown  # the newest is shown
    assert "Comment 1\n" not in shown  # the oldest is in the CSV only
    assert buttons(payload, ActionId.FEEDBACK_EXPORT)


def test_comments_at_their_longest_keep_each_section_within_slack_limits():
    long = "&<" * 750  # 1,500 characters typed, each one escaped to several
    payload = summary_message(many_comments(30, text=long), viewer=ORGANISER)
    check_message(payload)
    for block in payload["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    assert "&amp;&lt;" in texts(payload)


def test_typed_text_pings_nobody():
    prompts = [
        prompt(n, rating=4, worked=HOSTILE, better=HOSTILE, anonymous=n == 1) for n in range(1, 5)
    ]
    summary = summary_of(prompts, title=HOSTILE)
    for payload in (
        summary_message(summary, viewer=ADMIN, others=[line(9, title=HOSTILE)]),
        summary_dm_message(summary),
        summary_view(summary, viewer=ORGANISER),
        pick_message([line(1, title=HOSTILE), line(2, title=HOSTILE)], HOSTILE),
        no_match_message(HOSTILE),
        export_sent_message(event(title=HOSTILE)),
        export_failed_message(HOSTILE),
        {"text": export_comment(event(title=HOSTILE))},
    ):
        check_inert(payload)
    assert "&lt;!channel&gt;" in texts(summary_message(summary, viewer=ORGANISER))


def test_an_admin_sees_who_organised_an_event_that_is_not_theirs():
    assert f"organised by <@{ORGANISER}>" in texts(summary_message(a_good_event(), viewer=ADMIN))
    assert "organised by" not in texts(summary_message(a_good_event(), viewer=ORGANISER))


def test_a_small_slice_shows_counts_but_no_average_and_no_named_comment():
    payload = summary_message(a_small_slice(), viewer=ORGANISER)
    check_message(payload)
    shown = texts(payload)
    assert "*2 of 5 answered* (40%)" in shown
    assert "Average" not in shown
    assert "★" not in shown
    assert "The average and how the ratings spread show once 3 people have rated it" in shown
    assert "Fewer than 3 people have answered, so only counts are shown" in shown
    assert "I learned something I will put into practice: 2 answered" in shown
    assert "%" not in shown.replace("(40%)", "")  # no agree-rate gives anyone away
    assert "Quiet grumble" in shown  # anonymous: nobody can be singled out by it
    assert "Named praise" not in shown
    assert "U0P0001" not in shown
    assert "1 comment with a name is held back while fewer than 3 people have answered" in shown
    assert buttons(payload, ActionId.FEEDBACK_EXPORT) == []
    assert "The CSV export opens once 3 people have answered." in shown


def test_nobody_answered_yet_and_nobody_asked_say_so():
    waiting = texts(summary_message(summary_of([prompt(1, answered=False)]), viewer=ORGANISER))
    assert "*Nobody has answered yet* (1 asked)." in waiting
    assert "Average" not in waiting
    empty = texts(summary_message(summary_of([]), viewer=ORGANISER))
    assert "Nobody was asked" in empty
    assert "export" not in empty.casefold()


def test_follow_up_outcomes_show_once_enough_people_answered_it():
    outcomes = (FollowUpOutcome.APPLIED, FollowUpOutcome.COLLABORATED)
    prompts = [prompt(n, rating=4, follow_up=outcomes if n < 3 else ()) for n in range(1, 5)]
    shown = texts(summary_message(summary_of(prompts), viewer=ORGANISER))
    assert "*Weeks later:* 4 of 4 asked said what came of it" in shown
    assert "• applied what they learned: 2" in shown
    assert "• moved role, or between departments: 0" in shown
    few = [prompt(n, rating=4, follow_up=outcomes if n < 3 else None) for n in range(1, 5)]
    shown = texts(summary_message(summary_of(few), viewer=ORGANISER))
    assert "*Weeks later:* 2 of 2 asked said what came of it" in shown
    assert "applied what they learned" not in shown
    assert "What each said shows once 3 have answered the follow-up." in shown


def test_a_closed_summary_says_the_numbers_are_final():
    prompts = [prompt(n, rating=3) for n in range(1, 4)]
    shown = texts(summary_message(summary_of(prompts, closed=True), viewer=ORGANISER))
    assert "Final numbers: answers closed <!date^" in shown


def test_the_latest_summary_offers_the_organisers_other_events():
    others = [line(n, title=f"Meet-up {n}") for n in range(42, 50)]
    payload = summary_message(a_good_event(), viewer=ORGANISER, others=others)
    check_message(payload)
    picks = buttons(payload, ActionId.FEEDBACK_SUMMARY_OPEN)
    assert [b["value"] for b in picks] == ["43", "44", "45", "46", "47"]  # not 42: it is shown
    assert len({b["action_id"] for b in picks}) == len(picks)


def test_the_summary_in_a_modal_is_a_valid_view():
    view = summary_view(many_comments(200), viewer=ORGANISER)
    assert view_problems(view, "views.open") == []
    assert buttons(view, ActionId.FEEDBACK_EXPORT)


# The summary sent when answers close --------------------------------------------------------------


def test_the_closing_summary_is_short_and_carries_the_export():
    payload = summary_dm_message(many_comments(200))
    check_message(payload)
    shown = texts(payload)
    assert "Answers about *Leeds data meet-up* have closed" in shown
    assert "*Comments*: the latest 3 of 200" in shown
    assert "197 more comments are in the CSV export" in shown
    assert "`/event feedback`" in shown
    assert buttons(payload, ActionId.FEEDBACK_EXPORT)
    assert len(payload["blocks"]) <= 15
    assert payload["text"].startswith("Feedback on Leeds data meet-up is in: 200 of 200 answered")


def test_the_closing_summary_of_a_small_slice_keeps_to_counts():
    shown = texts(summary_dm_message(a_small_slice()))
    assert "*2 of 5 answered*" in shown
    assert "Named praise" not in shown
    assert "Average" not in shown


# Choosing an event, and refusals ------------------------------------------------------------------


def test_several_matches_are_listed_to_pick_from():
    lines = [line(n, title=f"Data meet-up {n}") for n in range(1, 13)]
    lines[1] = line(2, title="Data meet-up 2", responses=2, average=None)
    payload = pick_message(lines, "data")
    check_message(payload)
    shown = texts(payload)
    assert "Several of your events match *data*" in shown
    picks = buttons(payload, ActionId.FEEDBACK_SUMMARY_OPEN)
    assert [b["value"] for b in picks] == [str(n) for n in range(1, 11)]
    assert "5 of 10 answered · average 4.2 out of 5 · open for answers" in shown
    assert "2 of 10 answered · the average shows once 3 have answered" in shown


def test_refusals_explain_themselves():
    assert "organise" in texts(not_organiser_message())
    assert "None of your events has feedback yet" in texts(none_yet_message())
    no_match = texts(no_match_message("budget day"))
    assert "None of your events with feedback has *budget day* in its title" in no_match
    assert "admins" in no_match
    assert "`/event feedback [event]`" in feedback_help_block()["text"]["text"]


def test_summary_button_values_are_read_back_strictly():
    assert read_event_value("42") == 42
    for forged in (None, "", "0", "-1", "4 2", "42abc", "9" * 11, str(2**31)):
        with pytest.raises(DomainError) as refused:
            read_event_value(forged)
        assert refused.value.key == "errors.expired"


# The App Home -------------------------------------------------------------------------------------


def awaiting_view(
    prompt_id: int, *, group: bool = False, title: str = "Leeds data meet-up"
) -> PromptView:
    subject = Subject.group(3) if group else Subject.event(42)
    round_ = replace(a_round(), subject=subject)
    asked = replace(prompt(prompt_id, answered=False), round=round_)
    return PromptView(asked, None if group else event(title=title), round_.closes_at, True)


def test_prompts_awaiting_an_answer_each_have_an_answer_button():
    blocks = awaiting_home_blocks([awaiting_view(17), awaiting_view(18, group=True)])
    shown = "\n".join(block["text"]["text"] for block in blocks if block["type"] == "section")
    assert "*Waiting for your answer*" in shown
    assert "How useful was *Leeds data meet-up*? Answers close <!date^" in shown
    assert "How is your mentoring group going?" in shown
    answers = buttons(blocks, ActionId.FEEDBACK_MORE)
    assert [(b["action_id"], b["value"]) for b in answers] == [
        (ActionId.FEEDBACK_MORE, "17"),
        (ActionId.FEEDBACK_MORE, "18"),
    ]
    assert awaiting_home_blocks([]) == []


def test_someone_who_asked_not_to_be_asked_is_offered_the_way_back():
    blocks = awaiting_home_blocks([], opted_out=True)
    assert "asked not to be asked for feedback" in blocks[1]["text"]["text"]
    [again] = buttons(blocks, ActionId.FEEDBACK_OPT_IN)
    assert again["text"]["text"] == "Ask me again"


def test_many_awaiting_prompts_are_cut_with_a_count():
    blocks = awaiting_home_blocks([awaiting_view(n) for n in range(1, 12)])
    assert len(buttons(blocks, ActionId.FEEDBACK_MORE)) == HOME_PROMPTS
    assert blocks[-1]["elements"][0]["text"] == "and 6 more"


def test_organisers_see_feedback_on_their_events_with_a_button_each():
    lines = [line(n, title=f"Meet-up {n}") for n in range(1, 9)]
    blocks = summaries_home_blocks(lines, viewer=ORGANISER, can_organise=True)
    opens = buttons(blocks, ActionId.FEEDBACK_SUMMARY_OPEN)
    assert [b["value"] for b in opens] == [str(n) for n in range(1, HOME_SUMMARIES + 1)]
    assert "*Feedback on your events*" in blocks[1]["text"]["text"]
    none = summaries_home_blocks([], viewer=ORGANISER, can_organise=True)
    assert "No feedback yet" in none[-1]["elements"][0]["text"]
    assert summaries_home_blocks([], viewer="U0MEMBER", can_organise=False) == []


def test_a_full_home_tab_stays_within_a_views_blocks():
    status = ProfileStatus(None, None)
    many = [event(id=n, title=HOSTILE, starts_at=NOW + timedelta(days=n)) for n in range(1, 30)]
    event_blocks = events_home_blocks(
        [(e, RsvpStatus.GOING, "Leeds") for e in many],
        [(e, "Leeds") for e in many],
        now=NOW,
        can_organise=True,
    )
    mentoring: list[Block] = [divider()] * 5  # mentoring's part: at most 5 blocks
    view = home_view(
        status,
        "Leeds",
        events=event_blocks,
        mentoring=mentoring,
        awaiting=awaiting_home_blocks([awaiting_view(n, title=HOSTILE) for n in range(1, 30)]),
        feedback=summaries_home_blocks(
            [line(n, title=HOSTILE) for n in range(1, 30)], viewer=ADMIN, can_organise=True
        ),
    )
    assert view_problems(view, "views.publish") == []
    check_inert(view)
    blocks = view["blocks"]
    assert len(blocks) <= 100
    # what awaits an answer comes before the profile; feedback follows the events
    headings = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert headings.index("*Waiting for your answer*") < 5
    assert headings.index("*Feedback on your events*") > headings.index("*Events you organise*")


def test_home_view_refuses_more_than_a_view_holds():
    with pytest.raises(ValueError, match="over Slack's 100"):
        home_view(ProfileStatus(None, None), None, events=[divider()] * 100)
