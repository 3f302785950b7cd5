"""A channel's language, end to end: a channel linked to Wales gets the app's posts in Welsh
and English (Welsh first) with one set of buttons that work; other channels get English; an
organiser can choose English, Welsh or both with `/event language` (`/event iaith`)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from handlers.ids import ActionId, CallbackId, base_action
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_events import click
from tests.integration.test_welcomes import ADMIN, event_command
from tests.support.fake_slack import message_problems
from tests.support.forms import event_form_values
from tests.support.welsh import (
    english,
    welsh,
    welsh_words,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.usefixtures("welsh_words")

WALES = "C0WALES"
LEEDS = "C0LEEDS"


@pytest.fixture
def wales_world(world: World) -> World:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    event_command(world, "link Wales", channel=WALES)
    event_command(world, "link Leeds", channel=LEEDS)
    return world


def shown(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def place(world: World, name: str) -> int:
    found = world.runtime.services.directory.gazetteer.read_query(name).place
    assert found is not None
    return found.id


def event_form(world: World, town: str, **fields: Any) -> dict[str, Any]:
    start = world.clock.now() + timedelta(days=7)
    return event_form_values(place_id=place(world, town), start=start, **fields)


def announce(world: World, town: str, channel: str) -> dict[str, Any]:
    """An event in `town`, submitted by the organiser: its announcement in `channel`."""
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        event_form(world, town),
        user_id=ADMIN,
        private_metadata=json.dumps({"tz": "Europe/London"}),
    )
    assert response.json()["response_action"] == "update"
    [post] = world.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == channel
    )
    assert message_problems(post.params, "chat.postMessage") == []
    return post.params


def elements(payload: dict[str, Any], action: ActionId) -> list[dict[str, Any]]:
    return [
        element
        for block in payload["blocks"]
        for element in [*(block.get("elements") or []), block.get("accessory")]
        if isinstance(element, dict)
        and isinstance(element.get("action_id"), str)
        and base_action(element["action_id"]) == action
    ]


def click_going(world: World, post: dict[str, Any], user: str) -> None:
    assert len(elements(post, ActionId.EVENT_GOING)) == 1
    click(world, post, ActionId.EVENT_GOING, user, f"going-{user}")


def updated(world: World, channel: str, has: str) -> dict[str, Any]:
    """The first update of the channel's announcement showing `has`."""
    [call] = world.fake.wait_for(
        "chat.update",
        where=lambda call: call.params.get("channel") == channel and has in shown(call.params),
    )
    assert message_problems(call.params, "chat.update") == []
    return call.params


def welsh_then_english(payload: dict[str, Any], key: str, **params: Any) -> bool:
    words = shown(payload["blocks"])
    cy, en = welsh(key, **params), english(key, **params)
    return cy in words and en in words and words.index(cy) < words.rindex(en)


def only_event_id(world: World) -> int:
    return world.runtime.services.events.list_upcoming(TEAM, None).events[0].id


# Bilingual in Wales ---------------------------------------------------------------------------


def test_a_channel_linked_to_wales_gets_welsh_then_english_with_one_set_of_working_buttons(
    wales_world: World,
):
    world = wales_world
    post = announce(world, "Cardiff", WALES)
    assert welsh_then_english(post, "event.counts.nobody")
    assert len(elements(post, ActionId.EVENT_GOING)) == 1
    assert len(elements(post, ActionId.EVENT_MANAGE)) == 1
    # Going, from the bilingual post: counted, and the post's counts stay bilingual
    click_going(world, post, ME)
    assert world.runtime.services.events.get_event(TEAM, only_event_id(world)).going == 1
    update = updated(world, WALES, english("event.counts.going", going=1))
    assert welsh_then_english(update, "event.counts.going", going=1)
    assert len(elements(update, ActionId.EVENT_GOING)) == 1


def test_an_edit_in_wales_is_shown_in_both_languages(wales_world: World):
    world = wales_world
    announce(world, "Cardiff", WALES)
    event_id = only_event_id(world)
    world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        event_form(world, "Cardiff", title="Cardiff data meetup", venue="Tŷ'r Cwmnïau"),
        user_id=ADMIN,
        private_metadata=json.dumps({"event_id": event_id, "tz": "Europe/London"}),
    )
    edited = updated(world, WALES, "Cwmnïau")
    assert welsh_then_english(edited, "event.counts.nobody")
    assert len(elements(edited, ActionId.EVENT_GOING)) == 1


def test_cancelling_from_the_bilingual_post_menu_marks_it_cancelled_in_both_languages(
    wales_world: World,
):
    world = wales_world
    post = announce(world, "Cardiff", WALES)
    [menu] = elements(post, ActionId.EVENT_MANAGE)
    cancel = next(o for o in menu["options"] if o["value"].startswith("cancel"))
    world.slack.block_action(
        menu["action_id"], action={"type": "overflow", "selected_option": cancel}, user_id=ADMIN
    )
    [confirm] = world.fake.wait_for("views.open")
    view = confirm.params["view"]
    world.slack.view_submission(
        CallbackId.EVENT_CANCEL_SUBMIT, {}, user_id=ADMIN, private_metadata=view["private_metadata"]
    )
    cancelled = updated(world, WALES, english("event.announce.cancelled_note"))
    assert welsh_then_english(cancelled, "event.announce.cancelled_note")
    assert elements(cancelled, ActionId.EVENT_GOING) == []


def test_a_channel_linked_to_another_region_stays_english(wales_world: World):
    world = wales_world
    post = announce(world, "Leeds", LEEDS)
    words = shown(post)
    assert english("event.counts.nobody") in words
    assert welsh("event.counts.nobody") not in words


# Choosing the language ------------------------------------------------------------------------


def test_choosing_welsh_then_english_changes_the_next_update(wales_world: World):
    world = wales_world
    post = announce(world, "Cardiff", WALES)
    reply = event_command(world, "language cymraeg", channel=WALES)
    assert english("event.language.name.cy") in shown(reply)
    click_going(world, post, ME)
    welsh_only = updated(world, WALES, welsh("event.counts.going", going=1))
    assert english("event.counts.going", going=1) not in shown(welsh_only["blocks"])
    assert len(elements(welsh_only, ActionId.EVENT_GOING)) == 1
    reply = event_command(world, "iaith english", channel=WALES)
    assert english("event.language.name.en") in shown(reply)
    world.fake.add_user("U0FRIEND", team_id=TEAM)
    click_going(world, post, "U0FRIEND")
    english_only = updated(world, WALES, english("event.counts.going", going=2))
    assert welsh("event.counts.going", going=2) not in shown(english_only["blocks"])


def test_channels_lists_each_channels_language(wales_world: World):
    world = wales_world
    listing = shown(event_command(world, "channels", channel=LEEDS))
    assert f"<#{WALES}> ({english('event.language.name.bilingual')})" in listing
    assert f"<#{LEEDS}> ({english('event.language.name.en')})" in listing


def test_someone_who_may_not_link_channels_cannot_change_the_language(wales_world: World):
    world = wales_world
    refused = event_command(world, "language english", channel=WALES, user=ME)
    assert "organis" in shown(refused).lower()
    assert world.runtime.services.events.channel_language(TEAM, WALES).language == "bilingual"


def test_a_language_word_after_the_place_chooses_the_language_and_wales_is_still_a_place(
    wales_world: World,
):
    world = wales_world
    reply = event_command(world, "link Cardiff cymraeg", channel="C0CYMRAEG")
    assert english("event.language.name.cy") in shown(reply)
    assert world.runtime.services.events.channel_language(TEAM, "C0CYMRAEG").language == "cy"
    reply = event_command(world, "link Wales", channel="C0CYMRU")
    assert "Wales" in shown(reply)
    assert english("event.language.name.bilingual") in shown(reply)
    reply = event_command(world, "link Leeds bilingual", channel="C0YORKS")
    assert "Yorkshire" in shown(reply)
    assert world.runtime.services.events.channel_language(TEAM, "C0YORKS").language == "bilingual"


def test_the_language_command_outside_a_linked_channel_says_to_link_it_first(wales_world: World):
    world = wales_world
    reply = event_command(world, "language cymraeg", channel="C0NOTLINKED")
    assert "/event link" in shown(reply)
    usage = event_command(world, "language klingon", channel=WALES)
    assert "/event language cymraeg" in shown(usage)
