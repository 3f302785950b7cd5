"""Feedback for people who read Welsh, end to end: the question after an event is DMed in Welsh
(written when it is sent, so a switch after it was queued counts), a click's answer, the "tell
us more" form, its mistakes and the thanks are Welsh; the organiser's summary (`/event adborth`,
and the DM when answers close) is Welsh for an organiser who reads Welsh, with Welsh's plural
forms for the numbers, and English for one who reads English.

People choose their language on the Home tab, as a person would. Welsh is recognised through
the Welsh catalogue, each key checked to differ from its English."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.events import Event
from handlers.ids import ActionId, BlockId, CallbackId
from tests.integration.conftest import ME, World
from tests.integration.test_feedback_prompts import (
    FRIEND,
    GOING,
    ORGANISER,
    THIRD,
    click,
    details,
    drain,
    elements,
    feedback_world,  # noqa: F401 (a fixture)
    follow_ups_to,
    new_event,
    open_form,
    questions_to,
    submit,
)
from tests.integration.test_person_language import make
from tests.support.welsh import GAP, english, reads_as, said, welsh, words

PLAIN_TITLE = "Data meet-up"


def asked_and_sent(world: World) -> Event:
    """A past event whose feedback questions were queued and sent."""
    event: Event = new_event(world, title=PLAIN_TITLE)
    asked(world, event)
    drain(world)
    return event


def asked(world: World, event: Event) -> None:
    """The clock just past the event's end and the feedback tick done: questions queued."""
    world.clock.set(event.ends_at + timedelta(minutes=1))
    world.runtime.services.feedback.tick()


def ratings(language: str, count: int) -> str:
    return words(language, "feedback.summary.ratings", count)


def summary_for(world: World, user: str, words: str, path: str) -> dict[str, Any]:
    response = world.slack.command(
        "/event", words, user_id=user, response_url=world.fake.response_url(path)
    )
    assert response.status == 200
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def rate(world: World, user: str, rating: int, path: str) -> dict[str, Any]:
    [question] = questions_to(world, user)
    return click(
        world, elements(question, ActionId.FEEDBACK_RATE)[rating - 1], user=user, path=path
    )


# Asked, answering, thanked ---------------------------------------------------------------------


def test_the_question_queued_in_english_is_sent_in_welsh_and_answered_in_welsh(
    feedback_world: World,  # noqa: F811
) -> None:
    world = feedback_world
    event = new_event(world, title=PLAIN_TITLE)
    asked(world, event)  # queued while everyone read English
    make(world, ME, "cy", 1)
    drain(world)

    [question] = questions_to(world, ME)
    shown = said(question)
    assert reads_as(shown, "cy", "feedback.prompt.question.event", title=GAP)
    assert not reads_as(shown, "en", "feedback.prompt.question.event", title=GAP)
    more = elements(question, ActionId.FEEDBACK_MORE)[0]
    assert more["text"]["text"] == welsh("feedback.prompt.more")
    assert "<!date^" not in shown  # when answers close, in Welsh words
    [theirs] = questions_to(world, FRIEND)
    assert reads_as(said(theirs), "en", "feedback.prompt.question.event", title=GAP)
    assert "<!date^" in said(theirs)

    answered = rate(world, ME, 4, "rated")
    assert reads_as(said(answered), "cy", "feedback.answer.rated", subject=GAP, rating=4)
    assert not reads_as(said(answered), "en", "feedback.answer.rated", subject=GAP, rating=4)

    form = open_form(world, more)
    assert form["callback_id"] == CallbackId.FEEDBACK_DETAILS_SUBMIT
    assert form["title"]["text"] == welsh("feedback.form.title")
    assert welsh("feedback.form.what_worked") in said(form)
    assert english("feedback.form.what_worked") not in said(form)

    wrong = submit(
        world,
        CallbackId.FEEDBACK_DETAILS_SUBMIT,
        details(rating="7", measures={"equipped": "sort of"}),
        form,
    ).json()
    assert wrong["response_action"] == "errors"
    assert wrong["errors"][BlockId.FEEDBACK_RATING] == welsh("feedback.errors.rating")
    assert welsh("feedback.errors.measure_choice") in wrong["errors"].values()

    values = details(rating="5", worked="Cwrdd â phobl", anonymous=True)
    assert submit(world, CallbackId.FEEDBACK_DETAILS_SUBMIT, values, form).json() == {}
    [thanks] = world.fake.wait_for(
        "chat.postMessage",
        where=lambda call: (
            call.params.get("channel") == ME
            and reads_as(said(call.params), "cy", "feedback.answer.details", subject=GAP)
        ),
    )
    assert welsh("feedback.answer.your_rating", rating=5) in said(thanks.params)
    assert welsh("feedback.answer.anonymous") in said(thanks.params)


def test_a_reminder_and_a_dont_ask_me_come_in_welsh(feedback_world: World) -> None:  # noqa: F811
    world = feedback_world
    event = new_event(world, title=PLAIN_TITLE)
    make(world, ME, "cy", 1)
    asked(world, event)
    drain(world)
    world.clock.advance(days=3, hours=1)
    world.runtime.services.feedback.tick()
    drain(world)

    _, reminder = questions_to(world, ME)
    assert welsh("feedback.prompt.reminder") in said(reminder)
    opt_out = elements(reminder, ActionId.FEEDBACK_OPT_OUT)[0]
    assert opt_out["confirm"]["title"]["text"] == welsh("feedback.opt.confirm_title")
    reply = click(world, opt_out, user=ME, path="opt-out")
    assert welsh("feedback.opt.out") in said(reply)


def test_weeks_later_the_follow_up_its_form_and_its_answer_are_welsh(
    feedback_world: World,  # noqa: F811
) -> None:
    world = feedback_world
    asked_and_sent(world)
    rate(world, ME, 4, "rated")
    rate(world, THIRD, 3, "rated-third")
    make(world, ME, "cy", 1)

    world.clock.advance(weeks=8, minutes=2)
    world.runtime.services.feedback.tick()
    drain(world)

    [follow_up] = follow_ups_to(world, ME)
    assert "<!date^" not in said(follow_up)
    tell, none = elements(follow_up, ActionId.FEEDBACK_FOLLOW_UP)
    assert tell["text"]["text"] == welsh("feedback.follow_up.answer")
    assert none["text"]["text"] == welsh("feedback.follow_up.none")
    form = open_form(world, tell)
    assert form["title"]["text"] == welsh("feedback.follow_up.title")
    reply = click(world, none, user=ME, path="none-yet")
    assert reply["text"].startswith(welsh("feedback.follow_up.recorded_none"))
    [theirs] = follow_ups_to(world, THIRD)
    assert english("feedback.follow_up.answer") in said(theirs)


# The organiser's summary ------------------------------------------------------------------------


def test_the_summary_is_welsh_for_a_welsh_organiser_with_welsh_plural_forms(
    feedback_world: World,  # noqa: F811
) -> None:
    world = feedback_world
    asked_and_sent(world)
    make(world, ORGANISER, "cy", 1)
    for user, rating in zip(GOING[:2], (5, 3), strict=True):
        rate(world, user, rating, f"rated-{user}")

    two = summary_for(world, ORGANISER, "adborth", "two")
    assert reads_as(said(two), "cy", "feedback.summary.title", title=GAP)
    assert welsh("feedback.summary.responses", responses=2, asked=3, rate=GAP).split(GAP)[0] in (
        said(two)
    )
    # Two ratings take Welsh's "two" form, three its "few": neither is the English, nor each other
    assert ratings("cy", 2) != ratings("en", 2)
    assert ratings("cy", 2) != ratings("cy", 3).replace("3", "2")
    assert ratings("cy", 2) in said(two)
    assert ratings("en", 2) not in said(two)

    rate(world, THIRD, 4, "rated-third")
    three = summary_for(world, ORGANISER, "adborth", "three")
    assert ratings("cy", 3) != ratings("en", 3)
    assert ratings("cy", 3) in said(three)
    assert ratings("cy", 2) not in said(three)
    assert "<!date^" not in said(three)

    # The export: said in Welsh; the CSV itself keeps its English column names (data, not words)
    [export] = elements(three, ActionId.FEEDBACK_EXPORT)
    assert export["text"]["text"] == welsh("feedback.summary.export_button")
    told = click(world, export, user=ORGANISER, path="export")
    assert reads_as(said(told), "cy", "feedback.export.sent", title=GAP)
    [complete] = world.fake.wait_for("files.completeUploadExternal")
    assert reads_as(said(complete.params), "cy", "feedback.export.comment", title=GAP)
    [data] = world.fake.uploads.values()
    assert data.decode("utf-8").splitlines()[0].startswith("respondent,answered_at,rating,")

    make(world, ORGANISER, "en", 2)  # the same organiser, now reading English
    english_summary = summary_for(world, ORGANISER, "feedback", "english")
    assert reads_as(said(english_summary), "en", "feedback.summary.title", title=GAP)
    assert ratings("en", 3) in said(english_summary)
    assert ratings("cy", 3) not in said(english_summary)


def test_the_summary_dm_when_answers_close_is_in_the_organisers_language(
    feedback_world: World,  # noqa: F811
) -> None:
    world = feedback_world
    asked_and_sent(world)
    for user, rating in zip(GOING, (5, 4, 2), strict=True):
        rate(world, user, rating, f"rated-{user}")
    make(world, ORGANISER, "cy", 1)

    world.clock.advance(days=7)
    for _ in range(2):
        world.runtime.services.feedback.tick()
        drain(world)

    [dm] = [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == ORGANISER
    ]
    shown = said(dm)
    assert reads_as(shown, "cy", "feedback.summary.dm_intro", title=GAP)
    assert not reads_as(shown, "en", "feedback.summary.dm_intro", title=GAP)
    assert ratings("cy", 3) in shown
    export = elements(dm, ActionId.FEEDBACK_EXPORT)[0]
    assert export["text"]["text"] == welsh("feedback.summary.export_button")
