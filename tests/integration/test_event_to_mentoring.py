"""From an event into mentoring: the feedback form after an event offers "I'd like to join a
mentoring group"; ticked, the form, once saved, becomes the mentoring sign-up form (its topics
suggested from the profile), or the profile form first for someone without one, going on to
the sign-up when saved. Through signed requests, on SQLite or PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.feedback.blocks.details import JOIN_MENTORING
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_feedback_prompts import (
    ORGANISER,
    STAYED_HOME,
    after,
    answers_of,
    details,
    elements,
    new_event,
    open_form,
    said,
    submit,
    the_only_question,
)
from tests.integration.test_mentoring_signup import signup_values
from tests.integration.test_whoswho import add_person, form_values, leeds
from tests.support.slack_client import checkboxes_value

FRIEND, THIRD = "U0FRIEND", "U0THIRD"


@pytest.fixture
def mentoring_world(world: World) -> World:
    world.fake.add_user(ORGANISER, team_id=TEAM, is_admin=True)
    for user in (FRIEND, THIRD, STAYED_HOME):
        world.fake.add_user(user, team_id=TEAM)
    return world


def the_form(world: World, user: str = ME) -> tuple[int, dict[str, Any]]:
    """The event that has just ended, and `user`'s "tell us more" form about it."""
    event = new_event(world, going=(ME, FRIEND))
    after(world, event)
    question = the_only_question(world, user)
    return event.id, open_form(world, elements(question, ActionId.FEEDBACK_MORE)[0], user=user)


def with_mentoring(values: dict[str, Any], *, ticked: bool = True) -> dict[str, Any]:
    chosen = [JOIN_MENTORING] if ticked else []
    return {
        **values,
        BlockId.FEEDBACK_MENTORING: {InputId.FEEDBACK_MENTORING: checkboxes_value(chosen)},
    }


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    [found] = [b for b in view["blocks"] if b.get("block_id") == block_id]
    return found


def test_the_form_offers_to_join_a_mentoring_group(mentoring_world: World):
    _, form = the_form(mentoring_world)
    offer = block(form, BlockId.FEEDBACK_MENTORING)
    assert "I'd like to join a mentoring group" in said(offer)
    assert offer["optional"] is True
    assert "initial_options" not in offer["element"]  # never ticked for them


def test_ticked_the_saved_form_becomes_the_sign_up_with_topics_from_the_profile(
    mentoring_world: World,
):
    world = mentoring_world
    add_person(world, ME, can_help="data, SQL", want_to_learn="policy")
    event_id, form = the_form(world)
    response = submit(
        world,
        CallbackId.FEEDBACK_DETAILS_SUBMIT,
        with_mentoring(details(measures={"learned": "agree"}, worked="The talks")),
        form,
        user_id=ME,
    )
    body = response.json()
    assert body["response_action"] == "update"
    signup = body["view"]
    assert signup["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT
    topics = block(signup, BlockId.MENTORING_TOPICS)
    assert topics["element"]["initial_value"] == "policy, data, SQL"
    assert answers_of(world, event_id, ME).answers.what_worked == "The talks"  # saved first

    signed = world.slack.view_submission(
        CallbackId.MENTORING_SIGNUP_SUBMIT, signup_values(topics="policy, data"), user_id=ME
    )
    assert signed.json() == {}
    assert world.runtime.services.mentoring.status(TEAM, ME).signup is not None
    assert world.fake.violations == []


def test_without_a_profile_the_profile_form_comes_first_then_the_sign_up(
    mentoring_world: World,
):
    world = mentoring_world
    _, form = the_form(world)
    body = submit(
        world, CallbackId.FEEDBACK_DETAILS_SUBMIT, with_mentoring(details(rating="4")), form
    ).json()
    assert body["response_action"] == "update"
    profile_form = body["view"]
    assert profile_form["callback_id"] == CallbackId.PROFILE_SUBMIT
    assert "mentoring sign-up" in said(profile_form)

    saved = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT,
        form_values(leeds(world), can_help="housing", want_to_learn="data"),
        user_id=ME,
        private_metadata=profile_form["private_metadata"],
    ).json()
    assert saved["response_action"] == "update"
    assert saved["view"]["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT
    topics = block(saved["view"], BlockId.MENTORING_TOPICS)
    assert topics["element"]["initial_value"] == "data, housing"


def test_unticked_the_form_simply_closes(mentoring_world: World):
    world = mentoring_world
    add_person(world, ME, can_help="data")
    _, form = the_form(world)
    for values in (details(rating="5"), with_mentoring(details(rating="5"), ticked=False)):
        response = submit(world, CallbackId.FEEDBACK_DETAILS_SUBMIT, values, form)
        assert response.status == 200
        assert response.body in ("", "{}") or "response_action" not in response.json()
    assert world.runtime.services.mentoring.status(TEAM, ME).signup is None


def test_a_mistake_in_the_form_is_shown_and_the_sign_up_waits(mentoring_world: World):
    world = mentoring_world
    add_person(world, ME, can_help="data")
    _, form = the_form(world)
    body = submit(
        world, CallbackId.FEEDBACK_DETAILS_SUBMIT, with_mentoring(details(rating="9")), form
    ).json()
    assert body["response_action"] == "errors"
    assert BlockId.FEEDBACK_RATING in body["errors"]


def test_someone_already_signed_up_gets_their_sign_up_to_edit(mentoring_world: World):
    world = mentoring_world
    add_person(world, ME, can_help="data")
    world.slack.view_submission(
        CallbackId.MENTORING_SIGNUP_SUBMIT, signup_values(topics="gardening"), user_id=ME
    )
    _, form = the_form(world)
    body = submit(
        world, CallbackId.FEEDBACK_DETAILS_SUBMIT, with_mentoring(details(rating="5")), form
    ).json()
    assert body["view"]["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT
    assert block(body["view"], BlockId.MENTORING_TOPICS)["element"]["initial_value"] == "gardening"
