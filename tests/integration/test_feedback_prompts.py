"""Post-session feedback as participants live it, end to end: an event ends, the scheduler's
tick decides who is asked, the outbox sends each question to the loopback Slack, and people
answer through signed requests (one-click ratings, the "tell us more" form, "don't ask me",
the follow-up weeks later), with the controlled clock for the days in between."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.domain.events import EventDraft, EventMode, RsvpStatus
from bot.domain.feedback import CYCLE_END, MAX_COMMENT, FollowUpOutcome, Measure, Subject
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action, measure_block
from handlers.slack.outbox_base import OUTBOX_EVENT_TYPE
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_mentoring_groups import join, matched
from tests.support.payloads import walk
from tests.support.slack_client import checkboxes_value, plain_value

ORGANISER = "U0ORGANISER"
FRIEND, THIRD, STAYED_HOME, NEVER_SAID = "U0FRIEND", "U0THIRD", "U0STAYED", "U0NEVER"
GOING = (ME, FRIEND, THIRD)
TITLE = "Data <!channel> meet-up & <@U0VICTIM>"


@pytest.fixture
def feedback_world(world: World) -> World:
    world.fake.add_user(ORGANISER, team_id=TEAM, is_admin=True)
    for user in (FRIEND, THIRD, STAYED_HOME, NEVER_SAID):
        world.fake.add_user(user, team_id=TEAM)
    return world


# Helpers --------------------------------------------------------------------------------------


def new_event(world: World, going=GOING, *, title: str = TITLE, starts_in_days: int = 1):
    """An event by ORGANISER that `going` said they would go to (and STAYED_HOME said not)."""
    services = world.runtime.services
    leeds = services.directory.gazetteer.read_query("Leeds").place
    assert leeds is not None
    start = world.clock.now() + timedelta(days=starts_in_days)
    draft = EventDraft(
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=leeds.id,
    )
    event = services.events.create_event(TEAM, ORGANISER, draft).event
    for user in going:
        services.events.rsvp(TEAM, event.id, user, going=True)
    services.events.rsvp(TEAM, event.id, STAYED_HOME, going=True)
    services.events.rsvp(TEAM, event.id, STAYED_HOME, going=False)
    return event


def drain(world: World) -> None:
    world.runtime.services.outbox.drain_due()


def tick(world: World) -> None:
    """The scheduler's work: decide what is due, then send it."""
    world.runtime.services.feedback.tick()
    drain(world)


def after(world: World, event, **later: float) -> None:
    """The clock just past the event's end (and `later`), and the scheduler's work done."""
    world.clock.set(event.ends_at + timedelta(minutes=1, **later))
    tick(world)


def dms_to(world: World, user: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and not call.failed
    ]


def elements(payload: dict[str, Any], action: ActionId) -> list[dict[str, Any]]:
    return [
        node
        for _, node in walk(payload.get("blocks", []))
        if isinstance(node.get("action_id"), str) and base_action(node["action_id"]) == action
    ]


def questions_to(world: World, user: str, *, reminders: bool = True) -> list[dict[str, Any]]:
    """The feedback questions (and their reminders) the outbox DMed to `user`."""
    return [
        dm
        for dm in dms_to(world, user)
        if (dm.get("metadata") or {}).get("event_type") == OUTBOX_EVENT_TYPE  # not a thank-you
        and elements(dm, ActionId.FEEDBACK_RATE)
        and (reminders or not dm["text"].startswith("Reminder"))
    ]


def follow_ups_to(world: World, user: str) -> list[dict[str, Any]]:
    return [dm for dm in dms_to(world, user) if elements(dm, ActionId.FEEDBACK_FOLLOW_UP)]


def said(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def rating_button(question: dict[str, Any], rating: int) -> dict[str, Any]:
    return elements(question, ActionId.FEEDBACK_RATE)[rating - 1]


def click(
    world: World, button: dict[str, Any], *, user: str, path: str, value: str | None = None
) -> dict[str, Any]:
    """A click on a button of a DM; what the person is shown in answer."""
    world.slack.block_action(
        button["action_id"],
        value=button["value"] if value is None else value,
        user_id=user,
        response_url=world.fake.response_url(path),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def the_only_question(world: World, user: str) -> dict[str, Any]:
    [question] = questions_to(world, user)
    return question


def answers_of(world: World, event_id: int, user: str):
    with world.runtime.services.feedback._uow() as uow:
        prompt = uow.feedback.prompt_of(TEAM, Subject.event(event_id), user)
    assert prompt is not None
    return prompt


def responses_counted(world: World, event_id: int) -> int:
    return world.runtime.services.feedback.summary(TEAM, ORGANISER, event_id).tally.responses


def open_form(
    world: World, button: dict[str, Any], *, user: str = ME, payload: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Click a button that opens a form; the form Slack was asked to open."""
    before = len(world.fake.calls_to("views.open"))
    if payload is None:
        world.slack.block_action(
            button["action_id"],
            value=button["value"],
            user_id=user,
            response_url=world.fake.response_url("form"),
        )
    else:
        post_interaction(world, payload)
    opened = world.fake.wait_for("views.open", count=before + 1)[-1]
    view = opened.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def post_interaction(world: World, payload: dict[str, Any]) -> None:
    body = urlencode({"payload": json.dumps(payload)})
    response = world.slack.post(body, "application/x-www-form-urlencoded")
    assert response.status == 200


def click_in_dm(button: dict[str, Any], *, user: str, channel: str, ts: str) -> dict[str, Any]:
    """A click on a button of a message the app posted in a DM, as Slack sends it."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "deprecated-verification-token",
        "trigger_id": f"trigger.dm.{time.monotonic_ns()}",
        "container": {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "channel": {"id": channel, "name": "directmessage"},
        "response_url": "",
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "block_id": "b",
                "value": button["value"],
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def radio(value: str | None) -> dict[str, Any]:
    return {"type": "radio_buttons", "selected_option": {"value": value} if value else None}


def details(
    *,
    rating: str | None = None,
    measures: dict[str, str] | None = None,
    worked: str | None = None,
    better: str | None = None,
    anonymous: bool = False,
) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, dict[str, Any]]] = {
        BlockId.FEEDBACK_RATING: {InputId.FEEDBACK_RATING: radio(rating)},
        BlockId.FEEDBACK_WORKED: {InputId.FEEDBACK_WORKED: plain_value(worked)},
        BlockId.FEEDBACK_BETTER: {InputId.FEEDBACK_BETTER: plain_value(better)},
        BlockId.FEEDBACK_ANONYMOUS: {
            InputId.FEEDBACK_ANONYMOUS: checkboxes_value(["anonymous"] if anonymous else [])
        },
    }
    for measure, choice in (measures or {}).items():
        values[measure_block(measure)] = {InputId.FEEDBACK_MEASURE: radio(choice)}
    return values


def submit(world: World, callback: str, values: dict[str, Any], form: dict[str, Any], **kw: Any):
    return world.slack.view_submission(
        callback, values, private_metadata=form["private_metadata"], **kw
    )


# Asking ---------------------------------------------------------------------------------------


def test_everyone_going_gets_exactly_one_question_and_nobody_else_any(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    world.clock.set(event.ends_at - timedelta(minutes=1))
    tick(world)
    assert all(questions_to(world, user) == [] for user in GOING)  # not before it ends

    after(world, event)
    tick(world)  # a second tick (or replica) asks nobody again

    for user in GOING:
        question = the_only_question(world, user)
        text = said(question)
        assert "How useful was *Data &lt;!channel&gt; meet-up &amp; &lt;@U0VICTIM&gt;*?" in text
        assert "<!channel>" not in text
        assert "<@U0VICTIM>" not in text
        assert [b["text"]["text"] for b in elements(question, ActionId.FEEDBACK_RATE)] == [
            "1",
            "2",
            "3",
            "4",
            "5",
        ]
        assert [b["text"]["text"] for b in elements(question, ActionId.FEEDBACK_MORE)] == [
            "Tell us more"
        ]
        [stop] = elements(question, ActionId.FEEDBACK_OPT_OUT)
        assert stop["text"]["text"] == "Don't ask me for feedback"
        assert "confirm" in stop
        assert "This question closes <!date^" in text
    for user in (STAYED_HOME, NEVER_SAID, ORGANISER):
        assert questions_to(world, user) == []
    assert world.fake.violations == []


def test_a_cancelled_event_asks_nobody(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    world.runtime.services.events.cancel_event(TEAM, ORGANISER, event.id)
    after(world, event)
    after(world, event, days=3)
    for user in GOING:
        assert questions_to(world, user) == []


# One-click ratings ----------------------------------------------------------------------------


def test_a_rating_is_recorded_in_one_click_and_shown_in_place_of_the_question(
    feedback_world: World,
):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    question = the_only_question(world, ME)

    reply = click(world, rating_button(question, 4), user=ME, path="rate")

    assert reply["replace_original"] is True
    assert reply["text"] == (
        "Thanks, you rated *Data &lt;!channel&gt; meet-up &amp; &lt;@U0VICTIM&gt;* 4/5."
    )
    assert elements(reply, ActionId.FEEDBACK_MORE)  # tell us more is still there
    assert [b.get("style") for b in elements(reply, ActionId.FEEDBACK_RATE)][3] == "primary"
    assert answers_of(world, event.id, ME).answers.rating == 4
    assert responses_counted(world, event.id) == 1


def test_a_double_click_counts_once_and_another_rating_changes_it(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    question = the_only_question(world, ME)

    click(world, rating_button(question, 4), user=ME, path="first")
    again = click(world, rating_button(question, 4), user=ME, path="again")
    assert again["text"].startswith("You'd already rated")
    assert responses_counted(world, event.id) == 1

    changed = click(world, rating_button(again, 2), user=ME, path="changed")
    assert "you rated" in changed["text"]
    assert "2/5" in changed["text"]
    assert answers_of(world, event.id, ME).answers.rating == 2
    assert responses_counted(world, event.id) == 1


def test_a_click_on_someone_elses_question_is_refused_to_them_alone(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    mine = the_only_question(world, ME)

    reply = click(world, rating_button(mine, 1), user=FRIEND, path="foreign")

    assert reply["response_type"] == "ephemeral"
    assert reply["replace_original"] is False
    assert "sent to someone else" in reply["text"]
    assert not answers_of(world, event.id, ME).answered
    assert not answers_of(world, event.id, FRIEND).answered


def test_a_rating_from_someone_not_down_as_going_is_refused_politely(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    question = the_only_question(world, ME)
    with world.runtime.services.feedback._uow() as uow:  # the register corrected afterwards
        uow.events.set_rsvp(event.id, ME, RsvpStatus.NOT_GOING, now=world.clock.now())
        uow.commit()

    reply = click(world, rating_button(question, 5), user=ME, path="absent")

    assert reply["response_type"] == "ephemeral"
    assert "you weren't down as going" in reply["text"]
    assert responses_counted(world, event.id) == 0


def test_a_forged_value_is_answered_politely(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    button = rating_button(the_only_question(world, ME), 3)

    for path, value in (("nine", button["value"][:-1] + "9"), ("junk", "<!channel>")):
        reply = click(world, button, user=ME, path=path, value=value)
        assert reply["response_type"] == "ephemeral"
        assert "expired" in reply["text"]
    assert not answers_of(world, event.id, ME).answered


def test_a_late_click_after_the_window_says_it_has_closed(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    question = the_only_question(world, ME)

    world.clock.advance(days=8)
    reply = click(world, rating_button(question, 5), user=ME, path="late")

    assert reply["replace_original"] is True
    assert "this question has closed" in reply["text"]
    assert elements(reply, ActionId.FEEDBACK_RATE) == []
    assert not answers_of(world, event.id, ME).answered

    more = click(world, elements(question, ActionId.FEEDBACK_MORE)[0], user=ME, path="late-more")
    assert "this question has closed" in more["text"]
    world.fake.assert_no_call("views.open", settle=0)


def test_a_click_after_the_person_asked_to_be_forgotten_says_it_is_gone(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    question = the_only_question(world, ME)

    world.runtime.services.directory.forget(TEAM, ME)
    reply = click(world, rating_button(question, 5), user=ME, path="erased")

    assert "isn't there any more" in reply["text"]
    assert "perhaps you asked me to forget you" in reply["text"]
    assert responses_counted(world, event.id) == 0
    more = click(world, elements(question, ActionId.FEEDBACK_MORE)[0], user=ME, path="erased-2")
    assert "isn't there any more" in more["text"]

    # Nothing more is sent to them: no reminder, no follow-up.
    before = len(dms_to(world, ME))
    after(world, event, days=3)
    assert len(dms_to(world, ME)) == before


# Tell us more ---------------------------------------------------------------------------------


def test_tell_us_more_opens_the_form_and_explains_each_mistake_beside_its_field(
    feedback_world: World,
):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    question = the_only_question(world, ME)
    form = open_form(world, elements(question, ActionId.FEEDBACK_MORE)[0])

    assert form["callback_id"] == CallbackId.FEEDBACK_DETAILS_SUBMIT
    shown = said(form)
    assert "I learned something I will put into practice" in shown
    assert "I am more likely to move between departments or progress" in shown
    assert "Answer anonymously" in shown
    assert "&lt;!channel&gt;" in shown

    response = submit(
        world,
        CallbackId.FEEDBACK_DETAILS_SUBMIT,
        details(
            rating="7",
            measures={"learned": "agree", "equipped": "sort of"},
            worked="x" * (MAX_COMMENT + 20),
        ),
        form,
    )
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        BlockId.FEEDBACK_RATING: "Please pick a rating from 1 to 5.",
        measure_block("equipped"): "Please choose agree or disagree, or leave it blank.",
        BlockId.FEEDBACK_WORKED: "That's longer than this box allows: please shorten it a little.",
    }
    assert not answers_of(world, event.id, ME).answered  # nothing saved, nothing lost


def test_a_valid_form_is_saved_once_and_thanked_anonymously(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    question = the_only_question(world, ME)
    form = open_form(world, elements(question, ActionId.FEEDBACK_MORE)[0])
    values = details(
        rating="5",
        measures={"learned": "agree", "mobility": "disagree"},
        worked="Meeting people from <!here> other departments",
        better="Longer breaks",
        anonymous=True,
    )

    response = submit(world, CallbackId.FEEDBACK_DETAILS_SUBMIT, values, form)
    assert response.status == 200
    assert response.json() == {}  # the form closes

    [thanks] = world.fake.wait_for(
        "chat.postMessage",
        where=lambda call: (
            call.params.get("channel") == ME and "telling us more" in str(call.params.get("text"))
        ),
    )
    assert "Your rating: 5/5." in said(thanks.params)
    assert "without your name" in said(thanks.params)
    prompt = answers_of(world, event.id, ME)
    assert prompt.answers.rating == 5
    assert prompt.answers.anonymous is True
    assert prompt.answers.agreements == {Measure.LEARNED: True, Measure.MOBILITY: False}
    assert prompt.answers.what_worked == "Meeting people from <!here> other departments"

    # Sent twice (a double click on Send): counted once, and thanked once.
    again = submit(world, CallbackId.FEEDBACK_DETAILS_SUBMIT, values, form)
    assert again.json() == {}
    assert responses_counted(world, event.id) == 1
    time.sleep(0.2)
    thanked = [dm for dm in dms_to(world, ME) if "telling us more" in str(dm.get("text"))]
    assert len(thanked) == 1


def test_the_form_sent_from_the_question_updates_the_question_itself(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    question = the_only_question(world, FRIEND)
    click(world, rating_button(question, 3), user=FRIEND, path="rated")
    more = elements(question, ActionId.FEEDBACK_MORE)[0]
    form = open_form(
        world,
        more,
        payload=click_in_dm(more, user=FRIEND, channel="D0FRIEND", ts="1800000000.000100"),
    )
    assert "You rated it 3/5" in said(form)

    values = details(measures={"developed": "agree"}, better="More time for questions")
    response = submit(world, CallbackId.FEEDBACK_DETAILS_SUBMIT, values, form, user_id=FRIEND)
    assert response.json() == {}

    [update] = world.fake.wait_for("chat.update")
    assert update.params["channel"] == "D0FRIEND"
    assert update.params["ts"] == "1800000000.000100"
    assert "Thanks for telling us more" in said(update.params)
    assert "with your name" in said(update.params)
    assert answers_of(world, event.id, FRIEND).answers.rating == 3  # kept from the click


def test_a_form_sent_after_the_window_closed_says_so(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    form = open_form(world, elements(the_only_question(world, ME), ActionId.FEEDBACK_MORE)[0])

    world.clock.advance(days=8)
    response = submit(world, CallbackId.FEEDBACK_DETAILS_SUBMIT, details(rating="4"), form)

    answer = response.json()
    assert answer["response_action"] == "update"
    assert "this question has closed" in said(answer["view"])
    assert not answers_of(world, event.id, ME).answered


def test_the_home_tab_answer_button_opens_the_form_and_refreshes_the_tab(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    more = elements(the_only_question(world, ME), ActionId.FEEDBACK_MORE)[0]
    world.slack.block_action(more["action_id"], value=more["value"], view={"type": "home"})
    [opened] = world.fake.wait_for("views.open")
    form = opened.params["view"]
    form = json.loads(form) if isinstance(form, str) else form

    response = submit(world, CallbackId.FEEDBACK_DETAILS_SUBMIT, details(rating="4"), form)
    assert response.json() == {}
    world.fake.wait_for("views.publish", where=lambda call: call.params.get("user_id") == ME)
    assert answers_of(world, event.id, ME).answers.rating == 4


# The reminder ---------------------------------------------------------------------------------


def test_one_gentle_reminder_after_three_days_only_to_those_who_have_not_answered(
    feedback_world: World,
):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    click(world, rating_button(the_only_question(world, ME), 5), user=ME, path="me")
    third = the_only_question(world, THIRD)
    form = open_form(world, elements(third, ActionId.FEEDBACK_MORE)[0], user=THIRD)
    submit(
        world, CallbackId.FEEDBACK_DETAILS_SUBMIT, details(worked="All of it"), form, user_id=THIRD
    )

    after(world, event, days=3)
    after(world, event, days=5)

    assert len(questions_to(world, ME)) == 1
    assert len(questions_to(world, THIRD)) == 1  # the form alone is an answer
    first, reminder = questions_to(world, FRIEND)
    assert "A gentle reminder" in said(reminder)
    assert reminder["text"].startswith("Reminder: How useful was")
    assert "gentle reminder" not in said(first)
    # The reminder's buttons work like the question's.
    reply = click(world, rating_button(reminder, 3), user=FRIEND, path="from-reminder")
    assert "3/5" in reply["text"]


# "Don't ask me for feedback" ------------------------------------------------------------------


def test_dont_ask_me_is_honoured_until_the_person_opts_in_again(feedback_world: World):
    world = feedback_world
    first = new_event(world)
    after(world, first)
    question = the_only_question(world, FRIEND)

    reply = click(world, elements(question, ActionId.FEEDBACK_OPT_OUT)[0], user=FRIEND, path="stop")
    assert reply["replace_original"] is True
    assert "I won't ask you for feedback any more" in reply["text"]
    [way_back] = elements(reply, ActionId.FEEDBACK_OPT_IN)
    assert way_back["text"]["text"] == "Ask me for feedback again"
    assert world.runtime.services.feedback.is_opted_out(TEAM, FRIEND)

    after(world, first, days=3)  # no reminder
    assert len(questions_to(world, FRIEND)) == 1

    second = new_event(world, starts_in_days=1)
    after(world, second)
    assert len(questions_to(world, FRIEND)) == 1  # not asked about the next event
    assert len(questions_to(world, ME, reminders=False)) == 2

    back = click(world, way_back, user=FRIEND, path="back")
    assert "I'll ask you for feedback again" in back["text"]
    assert not world.runtime.services.feedback.is_opted_out(TEAM, FRIEND)

    third = new_event(world, starts_in_days=1)
    after(world, third)
    assert len(questions_to(world, FRIEND)) == 2


# The follow-up --------------------------------------------------------------------------------


def test_weeks_later_people_who_answered_are_asked_what_came_of_it(feedback_world: World):
    world = feedback_world
    event = new_event(world)
    after(world, event)
    asked_at = world.clock.now()
    click(world, rating_button(the_only_question(world, ME), 4), user=ME, path="me")
    click(world, rating_button(the_only_question(world, THIRD), 2), user=THIRD, path="third")

    world.clock.set(asked_at + timedelta(weeks=8) - timedelta(hours=1))
    tick(world)
    assert follow_ups_to(world, ME) == []

    world.clock.set(asked_at + timedelta(weeks=8, minutes=1))
    tick(world)
    [follow_up] = follow_ups_to(world, ME)
    assert follow_ups_to(world, FRIEND) == []  # never answered: not followed up
    text = said(follow_up)
    for words in ("applied what you learned", "collaborated with someone you met", "moved role"):
        assert words in text
    assert "&lt;!channel&gt;" in text
    assert "<!channel>" not in text

    tell, none = elements(follow_up, ActionId.FEEDBACK_FOLLOW_UP)
    form = open_form(world, tell)
    assert form["callback_id"] == CallbackId.FEEDBACK_FOLLOW_UP_SUBMIT
    chosen = {
        BlockId.FEEDBACK_FOLLOW_UP: {
            InputId.FEEDBACK_FOLLOW_UP: checkboxes_value(["applied", "moved"])
        }
    }
    response = submit(world, CallbackId.FEEDBACK_FOLLOW_UP_SUBMIT, chosen, form)
    assert response.json() == {}
    [thanks] = world.fake.wait_for(
        "chat.postMessage",
        where=lambda call: (
            call.params.get("channel") == ME and "recorded" in str(call.params.get("text"))
        ),
    )
    assert thanks.params["text"] == (
        "Thanks, recorded: you applied what you learned; you moved role or between departments."
    )
    prompt = answers_of(world, event.id, ME)
    assert prompt.follow_up == (FollowUpOutcome.APPLIED, FollowUpOutcome.MOVED)

    again = submit(world, CallbackId.FEEDBACK_FOLLOW_UP_SUBMIT, chosen, form)
    assert again.json() == {}

    # THIRD answers "none of these yet" in one click.
    [theirs] = follow_ups_to(world, THIRD)
    reply = click(world, elements(theirs, ActionId.FEEDBACK_FOLLOW_UP)[1], user=THIRD, path="none")
    assert reply["replace_original"] is True
    assert reply["text"].startswith("Thanks, recorded: none of these yet.")
    assert answers_of(world, event.id, THIRD).follow_up_answered_at is not None

    # Someone else's follow-up is not theirs to answer; a bad choice is refused beside it.
    foreign = click(world, none, user=FRIEND, path="foreign")
    assert "sent to someone else" in foreign["text"]
    odd = {BlockId.FEEDBACK_FOLLOW_UP: {InputId.FEEDBACK_FOLLOW_UP: checkboxes_value(["rich"])}}
    refused = submit(world, CallbackId.FEEDBACK_FOLLOW_UP_SUBMIT, odd, form).json()
    assert refused["response_action"] == "errors"
    assert BlockId.FEEDBACK_FOLLOW_UP in refused["errors"]


# Mentoring groups -----------------------------------------------------------------------------


def test_a_mentoring_group_is_asked_about_its_session_and_about_the_group(
    feedback_world: World,
):
    world = feedback_world
    members = [f"U0MEMBER{n}" for n in range(4)]
    for user in members:
        join(world, user)
    matched(world)
    drain(world)
    group = world.runtime.services.mentoring.status(TEAM, members[0]).group
    assert group is not None
    feedback = world.runtime.services.feedback

    feedback.open_for_mentoring_group(TEAM, group.id, group.member_ids, occasion=1)
    drain(world)
    for user in group.member_ids:
        [question] = questions_to(world, user)
        assert question["text"] == "How useful was your group's last session?"

    user = group.member_ids[0]
    reply = click(world, rating_button(questions_to(world, user)[0], 5), user=user, path="g")
    assert reply["text"] == "Thanks, you rated your group's last session 5/5."

    feedback.open_for_mentoring_group(TEAM, group.id, group.member_ids, occasion=CYCLE_END)
    drain(world)
    latest = questions_to(world, user)[-1]
    assert latest["text"] == "How useful has your mentoring group been?"
    assert world.fake.violations == []
