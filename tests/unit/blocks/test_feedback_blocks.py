"""The feedback builders participants see, held to Slack's documented limits, to
`handlers.ids` and to the rule that typed text pings nobody; their button values and form
metadata read back exactly, and anything else is refused."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain import feedback as domain
from bot.domain.errors import DomainError, InvalidInputError
from bot.domain.events import Event, EventDetails, EventMode, EventStatus
from bot.domain.feedback import (
    CYCLE_END,
    MAX_COMMENT,
    MEASURES,
    Answers,
    DetailsDraft,
    FeedbackPrompt,
    FeedbackRound,
    FollowUpOutcome,
    Measure,
    Subject,
    tidy_details,
)
from bot.i18n import t
from bot.services.feedback import Answered, PromptView
from handlers.feedback.blocks.details import details_view
from handlers.feedback.blocks.follow_up import (
    follow_up_answered_message,
    follow_up_message,
    follow_up_view,
)
from handlers.feedback.blocks.labels import MEASURE_STATEMENTS
from handlers.feedback.blocks.prompt import (
    answered_message,
    notice_message,
    opted_in_message,
    opted_out_message,
    prompt_message,
)
from handlers.feedback.blocks.prompt_pieces import plain_date, slack_date
from handlers.feedback.blocks.values import (
    FORM_NONE,
    FORM_OPEN,
    Origin,
    form_metadata,
    read_follow_up_value,
    read_prompt_value,
    read_rating_value,
)
from handlers.feedback.forms import (
    FormContext,
    details_draft,
    details_form_errors,
    origin_of,
    read_form_metadata,
)
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action, measure_block
from tests.support.fake_slack import message_problems, view_problems
from tests.support.payloads import mrkdwn_texts, walk

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
HOSTILE = "<!channel> <!here> <@U0VICTIM> <!subteam^S1> <http://x|y> & co"
HOSTILE_BITS = ("<!channel>", "<!here>", "<@U0VICTIM>", "<!subteam^S1>", "<http://x|y>")
ACTION_IDS = {member.value for member in ActionId}
DATE = re.compile(r"^<!date\^\d{9,11}\^[^|<>]+\|[^<>|]+>$")
LIVE = re.compile(r"<[^>]*>")
STATEMENTS = {
    Measure.LEARNED: "I learned something I will put into practice",
    Measure.DEVELOPED: "I developed personally or professionally",
    Measure.EQUIPPED: "I am better equipped with skills, tools or knowledge",
    Measure.PUBLIC_SECTOR: "I know more about the public sector where I work",
    Measure.MOBILITY: "I am more likely to move between departments or progress",
}


def event(title: str = "Leeds data meet-up") -> Event:
    starts = NOW - timedelta(days=1)
    details = EventDetails(
        title=title,
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
    return Event(42, "T0001", "UORG", details, EventStatus.SCHEDULED, NOW, NOW)


def prompt_view(
    *,
    title: str = "Leeds data meet-up",
    subject: Subject | None = None,
    answers: Answers | None = None,
    is_open: bool = True,
    prompt_id: int = 17,
    **prompt_changes: Any,
) -> PromptView:
    subject = subject or Subject.event(42)
    closes = NOW + timedelta(days=7)
    round_ = FeedbackRound(5, "T0001", subject, "UORG", NOW, closes)
    answered = answers is not None
    prompt = FeedbackPrompt(
        id=prompt_id,
        round=round_,
        user_id="U0ME",
        asked_at=NOW,
        answered_at=NOW if answered else None,
        answers=answers or Answers(),
        **prompt_changes,
    )
    found = event(title) if subject.kind is domain.SubjectKind.EVENT else None
    return PromptView(prompt, found, closes, is_open)


def live_markup(payload: dict[str, Any]) -> list[str]:
    """Markup Slack would act on, other than the dates made here."""
    return [
        found
        for text in mrkdwn_texts(payload)
        for found in LIVE.findall(text)
        if not DATE.match(found)
    ]


def check(payload: dict[str, Any]) -> None:
    assert message_problems(payload, "chat.postMessage") == []
    for _, node in walk(payload["blocks"]):
        if isinstance(node.get("action_id"), str):
            assert base_action(node["action_id"]) in ACTION_IDS
    assert live_markup(payload) == []
    for bit in HOSTILE_BITS:
        assert all(bit not in text for text in mrkdwn_texts(payload))


def check_view(view: dict[str, Any]) -> None:
    assert view_problems(view, "views.open") == []
    for bit in HOSTILE_BITS:
        assert all(bit not in text for text in mrkdwn_texts(view))


def texts(payload: dict[str, Any]) -> str:
    return "\n".join(mrkdwn_texts(payload))


def elements(payload: dict[str, Any], action: ActionId) -> list[dict[str, Any]]:
    return [
        node
        for _, node in walk(payload["blocks"])
        if isinstance(node.get("action_id"), str) and base_action(node["action_id"]) == action
    ]


def labels(payload: dict[str, Any], action: ActionId) -> list[str]:
    return [node["text"]["text"] for node in elements(payload, action)]


# The question --------------------------------------------------------------------------------


def test_the_question_offers_five_ratings_tell_us_more_and_a_way_to_stop():
    payload = prompt_message(prompt_view())
    check(payload)
    shown = texts(payload)
    assert "How useful was *Leeds data meet-up*?" in shown
    assert "It was <!date^" in shown  # when it was, in each reader's own zone
    assert f"closes {slack_date(NOW + timedelta(days=7))}" in shown
    assert payload["text"] == "How useful was *Leeds data meet-up*?"

    ratings = elements(payload, ActionId.FEEDBACK_RATE)
    assert [b["text"]["text"] for b in ratings] == ["1", "2", "3", "4", "5"]
    assert len({b["action_id"] for b in ratings}) == 5
    assert [read_rating_value(b["value"]) for b in ratings] == [(17, r) for r in range(1, 6)]
    [more] = elements(payload, ActionId.FEEDBACK_MORE)
    assert more["text"]["text"] == "Tell us more"
    assert read_prompt_value(more["value"]) == 17
    [stop] = elements(payload, ActionId.FEEDBACK_OPT_OUT)
    assert stop["text"]["text"] == "Don't ask me for feedback"
    assert stop["confirm"]["confirm"]["text"] == "Stop asking me"
    assert "Reminder" not in payload["text"]


def test_the_reminder_says_it_is_a_gentle_one():
    payload = prompt_message(prompt_view(), reminder=True)
    check(payload)
    assert "A gentle reminder" in texts(payload)
    assert payload["text"] == "Reminder: How useful was *Leeds data meet-up*?"
    assert len(elements(payload, ActionId.FEEDBACK_RATE)) == 5


def test_a_hostile_or_huge_event_title_pings_nobody_and_fits():
    title = (HOSTILE + " ") * 20
    payload = prompt_message(prompt_view(title=title))
    check(payload)
    assert "&lt;!channel&gt;" in texts(payload)
    assert "<!channel>" not in payload["text"]
    answered = Answered(prompt_view(title=title, answers=Answers(rating=3)), True, True)
    check(answered_message(answered))
    check(follow_up_message(prompt_view(title=title)))
    check_view(details_view(prompt_view(title=title)))
    check_view(follow_up_view(17, prompt_view(title=title)))


@pytest.mark.parametrize(
    ("occasion", "asked"),
    [
        (CYCLE_END, "How useful has your mentoring group been?"),
        (2, "How useful was your group's last session?"),
    ],
)
def test_a_mentoring_group_is_asked_about_the_group_or_its_last_session(occasion, asked):
    view = prompt_view(subject=Subject.group(7, occasion))
    payload = prompt_message(view)
    check(payload)
    assert payload["text"] == asked
    assert "It was" not in texts(payload)
    assert len(elements(payload, ActionId.FEEDBACK_RATE)) == 5


# Answered ------------------------------------------------------------------------------------


def test_a_rating_is_thanked_and_can_be_changed_or_added_to():
    view = prompt_view(answers=Answers(rating=4))
    payload = answered_message(Answered(view, changed=True, first=True))
    check(payload)
    assert payload["text"] == "Thanks, you rated *Leeds data meet-up* 4/5."
    ratings = elements(payload, ActionId.FEEDBACK_RATE)
    assert [b.get("style") for b in ratings] == [None, None, None, "primary", None]
    assert labels(payload, ActionId.FEEDBACK_MORE) == ["Tell us more"]
    assert "Changed your mind? Pick another rating" in texts(payload)

    again = answered_message(Answered(view, changed=False, first=False))
    assert again["text"] == "You'd already rated *Leeds data meet-up* 4/5, so nothing changed."


def test_details_are_thanked_saying_how_comments_will_be_shown():
    answers = Answers(rating=5, what_worked="The talks", anonymous=True)
    view = prompt_view(answers=answers, details_at=NOW)
    payload = answered_message(Answered(view, True, False), details=True)
    check(payload)
    shown = texts(payload)
    assert "Thanks for telling us more about *Leeds data meet-up*." in shown
    assert "Your rating: 5/5." in shown
    assert "without your name" in shown
    assert labels(payload, ActionId.FEEDBACK_MORE) == ["Edit your answers"]

    named = replace(answers, anonymous=False)
    again = answered_message(
        Answered(prompt_view(answers=named, details_at=NOW), False, False), details=True
    )
    assert "were already recorded" in again["text"]
    assert "with your name" in texts(again)


def test_an_answer_to_a_closed_question_offers_no_more_buttons():
    view = prompt_view(answers=Answers(rating=2), is_open=False)
    payload = answered_message(Answered(view, True, True))
    check(payload)
    assert elements(payload, ActionId.FEEDBACK_RATE) == []
    assert "This question has closed." in texts(payload)


def test_a_group_answer_names_the_group_not_an_event():
    view = prompt_view(subject=Subject.group(7, 3), answers=Answers(rating=5))
    payload = answered_message(Answered(view, True, True))
    assert payload["text"] == "Thanks, you rated your group's last session 5/5."


# Values and metadata -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, "", "17", "17:0", "17:6", "0:3", "-1:3", "x:3", "17:3:U0ME", " 17:3", "1" * 13 + ":3"],
)
def test_odd_rating_values_read_as_expired(value):
    with pytest.raises(DomainError) as raised:
        read_rating_value(value)
    assert raised.value.key == "errors.expired"


@pytest.mark.parametrize("value", [None, "", "0", "-2", "1.5", "17:3", "<!channel>", "1" * 13])
def test_odd_prompt_values_read_as_expired(value):
    with pytest.raises(DomainError) as raised:
        read_prompt_value(value)
    assert raised.value.key == "errors.expired"


@pytest.mark.parametrize("value", [None, "", "17", "17:maybe", "0:none", "17:none:x"])
def test_odd_follow_up_values_read_as_expired(value):
    with pytest.raises(DomainError) as raised:
        read_follow_up_value(value)
    assert raised.value.key == "errors.expired"


def test_form_metadata_reads_back_and_forgeries_read_as_expired():
    origin = Origin("D0ME", "1700000000.000100")
    for context in (
        FormContext(17, origin),
        FormContext(17, None),
        FormContext(17, None, from_home=True),
    ):
        raw = json.dumps(
            form_metadata(context.prompt_id, context.origin, from_home=context.from_home)
        )
        assert read_form_metadata(raw) == context
    odd_origin = json.dumps({"p": 3, "c": "<!channel>", "t": "1.2"})
    assert read_form_metadata(odd_origin) == FormContext(3, None)
    for forged in (None, "", "[]", "{}", '{"p": "3"}', '{"p": 0}', '{"p": true}', "x" * 600):
        with pytest.raises(DomainError) as raised:
            read_form_metadata(forged)
        assert raised.value.key == "errors.expired"


def test_the_message_clicked_is_remembered_only_when_it_can_be_updated():
    body = {"container": {"type": "message", "channel_id": "D0ME", "message_ts": "17.5"}}
    assert origin_of(body) == Origin("D0ME", "17.5")
    ephemeral = {"container": {**body["container"], "is_ephemeral": True}}
    assert origin_of(ephemeral) is None
    assert origin_of({"container": {"type": "view", "view_id": "V1"}}) is None
    assert origin_of({}) is None


# The "tell us more" form ---------------------------------------------------------------------


def test_the_form_asks_each_measure_as_the_programme_words_it():
    view = details_view(prompt_view(), Origin("D0ME", "17.5"))
    check_view(view)
    assert view["callback_id"] == CallbackId.FEEDBACK_DETAILS_SUBMIT
    assert view["title"]["text"] == "Tell us more"
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    for measure in MEASURES:
        block = inputs[measure_block(measure.value)]
        assert block["label"]["text"] == STATEMENTS[measure]
        assert block["optional"] is True
        assert block["element"]["action_id"] == InputId.FEEDBACK_MEASURE
        assert [o["value"] for o in block["element"]["options"]] == ["agree", "disagree"]
        assert "initial_option" not in block["element"]
    rating = inputs[BlockId.FEEDBACK_RATING]["element"]
    assert [o["value"] for o in rating["options"]] == ["1", "2", "3", "4", "5"]
    for block_id in (BlockId.FEEDBACK_WORKED, BlockId.FEEDBACK_BETTER):
        element = inputs[block_id]["element"]
        assert element["multiline"] is True
        assert element["max_length"] == MAX_COMMENT
    anonymous = inputs[BlockId.FEEDBACK_ANONYMOUS]["element"]
    assert [o["text"]["text"] for o in anonymous["options"]] == ["Answer anonymously"]
    assert all(block["optional"] for block in inputs.values())
    assert read_form_metadata(view["private_metadata"]) == FormContext(17, Origin("D0ME", "17.5"))


def test_the_form_is_filled_in_with_what_was_said_and_skips_a_given_rating():
    answers = Answers(
        rating=4,
        measures=((Measure.LEARNED, True), (Measure.MOBILITY, False)),
        what_worked="Meeting people",
        could_be_better="Longer breaks",
        anonymous=True,
    )
    view = details_view(prompt_view(answers=answers))
    check_view(view)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert BlockId.FEEDBACK_RATING not in inputs
    assert "You rated it 4/5" in texts(view)
    assert inputs[measure_block("learned")]["element"]["initial_option"]["value"] == "agree"
    assert inputs[measure_block("mobility")]["element"]["initial_option"]["value"] == "disagree"
    assert "initial_option" not in inputs[measure_block("developed")]["element"]
    assert inputs[BlockId.FEEDBACK_WORKED]["element"]["initial_value"] == "Meeting people"
    assert inputs[BlockId.FEEDBACK_BETTER]["element"]["initial_value"] == "Longer breaks"
    assert inputs[BlockId.FEEDBACK_ANONYMOUS]["element"]["initial_options"][0]["value"] == (
        "anonymous"
    )


def _state(view: dict[str, Any], **choices: Any) -> dict[str, Any]:
    """A submitted form's state: `choices` by block id."""
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        action = block["element"]["action_id"]
        chosen = choices.get(block["block_id"])
        kind = block["element"]["type"]
        if kind == "radio_buttons":
            state = {"type": kind, "selected_option": {"value": chosen} if chosen else None}
        elif kind == "checkboxes":
            state = {"type": kind, "selected_options": [{"value": v} for v in chosen or []]}
        else:
            state = {"type": kind, "value": chosen}
        values[block["block_id"]] = {action: state}
    return {**view, "state": {"values": values}}


def test_the_forms_state_reads_into_a_draft_and_mistakes_land_beside_their_fields():
    view = details_view(prompt_view())
    submitted = _state(
        view,
        **{
            BlockId.FEEDBACK_RATING: "4",
            measure_block("learned"): "agree",
            measure_block("equipped"): "maybe",
            BlockId.FEEDBACK_WORKED: "x" * (MAX_COMMENT + 1),
            BlockId.FEEDBACK_ANONYMOUS: ["anonymous"],
        },
    )
    draft = details_draft(submitted)
    assert draft.rating == "4"
    assert draft.measures["learned"] == "agree"
    assert draft.measures["developed"] is None
    assert draft.anonymous is True
    with pytest.raises(InvalidInputError) as raised:
        tidy_details(draft, current=Answers())
    errors = details_form_errors(raised.value.fields, submitted)
    assert errors == {
        measure_block("equipped"): "Please choose agree or disagree, or leave it blank.",
        BlockId.FEEDBACK_WORKED: "That's longer than this box allows: please shorten it a little.",
    }
    # A field the form does not show is reported beside its first field.
    assert details_form_errors({"forged": "feedback.errors.measure_unknown"}, submitted) == {
        BlockId.FEEDBACK_RATING: t("feedback.errors.measure_unknown")
    }
    assert details_draft({}) == DetailsDraft(measures={m.value: None for m in MEASURES})


# The follow-up -------------------------------------------------------------------------------


def test_the_follow_up_asks_three_things_with_one_click_for_none():
    payload = follow_up_message(prompt_view(answers=Answers(rating=4)))
    check(payload)
    shown = texts(payload)
    assert "A few weeks ago you went to *Leeds data meet-up*" in shown
    for words in ("applied what you learned", "collaborated with someone you met", "moved role"):
        assert words in shown
    buttons = elements(payload, ActionId.FEEDBACK_FOLLOW_UP)
    assert [b["text"]["text"] for b in buttons] == ["Tell us", "None of these yet"]
    assert [read_follow_up_value(b["value"]) for b in buttons] == [
        (17, FORM_OPEN),
        (17, FORM_NONE),
    ]
    assert len(elements(payload, ActionId.FEEDBACK_OPT_OUT)) == 1

    group = follow_up_message(prompt_view(subject=Subject.group(7)))
    check(group)
    assert "your mentoring group's cycle ended" in texts(group)


def test_the_follow_up_form_and_its_thanks():
    view = prompt_view(follow_up=(FollowUpOutcome.MOVED,))
    form = follow_up_view(17, view)
    check_view(form)
    assert form["callback_id"] == CallbackId.FEEDBACK_FOLLOW_UP_SUBMIT
    [box] = [b for b in form["blocks"] if b["type"] == "input"]
    assert box["block_id"] == BlockId.FEEDBACK_FOLLOW_UP
    assert [o["value"] for o in box["element"]["options"]] == ["applied", "collaborated", "moved"]
    assert [o["value"] for o in box["element"]["initial_options"]] == ["moved"]
    assert "the session we asked about" in texts(follow_up_view(17, None))

    chosen = prompt_view(follow_up=(FollowUpOutcome.APPLIED, FollowUpOutcome.COLLABORATED))
    thanks = follow_up_answered_message(Answered(chosen, True, True))
    assert thanks["text"] == (
        "Thanks, recorded: you applied what you learned; you collaborated with someone you met."
    )
    none = follow_up_answered_message(Answered(prompt_view(), True, True))
    assert none["text"].startswith("Thanks, recorded: none of these yet.")
    again = follow_up_answered_message(Answered(chosen, False, False))
    assert again["text"] == "That answer was already recorded, so nothing changed."


# Opting out, and back in ---------------------------------------------------------------------


def test_opting_out_says_so_and_offers_the_way_back():
    payload = opted_out_message(new=True)
    check(payload)
    assert "I won't ask you for feedback any more" in payload["text"]
    assert labels(payload, ActionId.FEEDBACK_OPT_IN) == ["Ask me for feedback again"]
    assert "already" in opted_out_message(new=False)["text"]
    back = opted_in_message(was_out=True)
    check(back)
    assert "I'll ask you for feedback again" in back["text"]
    assert "already" in opted_in_message(was_out=False)["text"]
    check(notice_message(t("feedback.errors.closed")))


# Dates and the catalogue ---------------------------------------------------------------------


def test_dates_show_in_each_readers_zone_with_a_uk_fallback():
    moment = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert plain_date(moment) == "Wed 1 Jul 2026 at 09:00 (UK time)"
    assert DATE.match(slack_date(moment))


def test_the_export_refusal_says_how_many_answers_it_needs():
    assert "7" in t("feedback.errors.too_few_to_export", needed=7)


def test_the_measures_are_worded_as_the_programme_words_them():
    assert {m: t(MEASURE_STATEMENTS[m]) for m in MEASURES} == STATEMENTS
