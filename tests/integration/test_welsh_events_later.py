"""What reaches people later about an event, each in the reader's own language whoever's request
made it: reminders (in the language chosen when they are sent), what an edit changed, a
cancellation, Speed Connect, the DM after the event and the weekly digest; the announcements
they update in each channel's own language. And refusals and mistakes, explained in Welsh."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.i18n import ENGLISH, WELSH, use_language
from bot.scheduler import queue_digests
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_events import dms_to, drain, element
from tests.integration.test_welsh_events import (
    CYMRO,
    LEEDS,
    ORGANISER,
    SAM,
    WALES,
    announce,
    becomes,
    click,
    command,
    in_english,
    in_welsh,
    people_and_channels,
    published_to,
    submit_event,
    the_event_id,
    town,
    welsh_day,
    welsh_then_english,
)
from tests.support.fake_slack import message_problems
from tests.support.forms import event_form_values
from tests.support.welsh import (
    english,
    said,
    welsh,
    welsh_words,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.usefixtures("welsh_words")


@pytest.fixture
def cymru(world: World) -> World:
    return people_and_channels(world)


def updated(world: World, channel: str, has: str) -> dict[str, Any]:
    """The first update of the channel's announcement showing `has`."""
    calls = world.fake.wait_for(
        "chat.update",
        where=lambda call: call.params.get("channel") == channel and has in said(call.params),
    )
    assert message_problems(calls[0].params, "chat.update") == []
    return calls[0].params


def from_the_menu(world: World, post: dict[str, Any], option: str) -> dict[str, Any]:
    """The organiser picks `option` ("edit", "cancel") from the post's menu: the view it opens."""
    menu = element(post, ActionId.EVENT_MANAGE)
    chosen = next(o for o in menu["options"] if o["value"].startswith(option))
    world.slack.block_action(
        menu["action_id"],
        action={"type": "overflow", "selected_option": chosen},
        user_id=ORGANISER,
    )
    [opened] = world.fake.wait_for("views.open")
    view: dict[str, Any] = opened.params["view"]
    return view


# Reminders ------------------------------------------------------------------------------------


def test_reminders_are_in_the_language_each_reader_has_when_they_are_sent(cymru: World):
    world = cymru
    world.fake.add_user(ME, team_id=TEAM, tz="Europe/London")
    posts = announce(world)
    for user in (CYMRO, SAM, ME):
        click(world, posts[LEEDS], ActionId.EVENT_GOING, user)
    becomes(world, SAM, WELSH)  # after the reminders were queued, before they are due

    world.clock.advance(days=6, hours=1)  # 23 hours before it starts
    drain(world)

    for reader in (CYMRO, SAM):
        [reminder] = dms_to(world, reader)
        in_welsh(reminder, "event.reminder.text", "event.facts.when")
        assert welsh_day(world, days=1) in said(reminder)
    [reminder] = dms_to(world, ME)
    in_english(reminder, "event.reminder.text", "event.facts.when")


# Edits and cancellations ----------------------------------------------------------------------


def test_what_an_edit_changed_reaches_each_reader_in_their_own_language(cymru: World):
    world = cymru
    posts = announce(world)
    click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM)
    drain(world)

    # The Welsh organiser moves it a day later, to another venue.
    submit_event(
        world,
        event_id=the_event_id(world),
        start=world.clock.now() + timedelta(days=8),
        venue="Tŷ Hywel",
    )

    english_post = updated(world, LEEDS, "Tŷ Hywel")
    in_english(english_post, "event.counts.going")
    assert welsh_then_english(updated(world, WALES, "Tŷ Hywel"), "event.counts.going")
    drain(world)
    [to_cymro] = dms_to(world, CYMRO)
    in_welsh(to_cymro, "event.changed.text", "event.changed.when", "event.changed.where")
    in_welsh(to_cymro, "event.changed.calendar_hint")
    assert welsh_day(world, days=8) in said(to_cymro)
    assert "Tŷ Hywel" in said(to_cymro)
    [to_sam] = dms_to(world, SAM)
    in_english(to_sam, "event.changed.text", "event.changed.when", "event.changed.where")


def test_a_town_told_apart_by_a_bigger_one_is_named_in_each_readers_language(cymru: World):
    """A town whose name others share is told apart in words ("near"), which are the
    reader's: the edit DM names it when sent, the announcement in each channel's language."""
    world = cymru
    gazetteer = world.runtime.services.directory.gazetteer
    with use_language(ENGLISH):
        place = next(p for p in gazetteer.places_named("Clydach") if gazetteer.label(p) != p.name)
    labels = {}
    for language in (ENGLISH, WELSH):
        with use_language(language):
            labels[language] = gazetteer.label(place)
    posts = announce(world)
    click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM)

    submit_event(world, event_id=the_event_id(world), place_id=place.id, venue="Neuadd")

    in_leeds = updated(world, LEEDS, labels[ENGLISH])
    assert labels[WELSH] == labels[ENGLISH] or labels[WELSH] not in said(in_leeds)
    assert labels[WELSH] in said(updated(world, WALES, labels[WELSH]))
    drain(world)
    [to_cymro] = dms_to(world, CYMRO)
    [to_sam] = dms_to(world, SAM)
    assert labels[WELSH] in said(to_cymro)
    assert labels[ENGLISH] in said(to_sam)
    assert labels[WELSH] == labels[ENGLISH] or labels[WELSH] not in said(to_sam)


def test_a_cancellation_reaches_each_reader_in_their_own_language(cymru: World):
    world = cymru
    posts = announce(world, capacity="1")
    click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM)
    click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)  # waitlisted
    view = from_the_menu(world, posts[WALES], "cancel")
    in_welsh(view, "event.cancel.confirm")
    world.slack.view_submission(
        CallbackId.EVENT_CANCEL_SUBMIT,
        {},
        user_id=ORGANISER,
        private_metadata=view["private_metadata"],
    )

    in_english(
        updated(world, LEEDS, english("event.announce.cancelled_note", gapped=True)),
        "event.announce.cancelled_note",
    )
    assert welsh_then_english(
        updated(world, WALES, welsh("event.announce.cancelled_note", gapped=True)),
        "event.announce.cancelled_note",
    )
    drain(world)
    [to_cymro] = dms_to(world, CYMRO)
    in_welsh(to_cymro, "event.cancelled.text", "event.cancelled.hint")
    assert welsh_day(world) in said(to_cymro)
    [to_sam] = dms_to(world, SAM)
    in_english(to_sam, "event.cancelled.text", "event.cancelled.hint")


# Speed Connect, keeping in touch, the digest --------------------------------------------------


def speed_connect_post(world: World) -> dict[str, Any]:
    """An event whose Speed Connect is an hour after it starts: its post in Wales."""
    start = world.clock.now() + timedelta(days=7)
    moment = int((start + timedelta(hours=1)).timestamp())
    values = event_form_values(place_id=town(world, "Cardiff"), start=start, channels=[LEEDS])
    values[BlockId.EVENT_SPEED_CONNECT] = {
        InputId.EVENT_SPEED_CONNECT: {"type": "datetimepicker", "selected_date_time": moment}
    }
    answer = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        values,
        user_id=ORGANISER,
        private_metadata=json.dumps({"tz": "Europe/London"}),
    ).json()
    assert answer["response_action"] == "update"
    [post] = world.fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == WALES)
    return post.params


def test_speed_connect_is_offered_joined_and_introduced_in_welsh(cymru: World):
    world = cymru
    post = speed_connect_post(world)
    for user in (CYMRO, ORGANISER):
        going = click(world, post, ActionId.EVENT_GOING, user)
        in_welsh(going, "speed_connect.offer")
        joined = click(world, going, ActionId.EVENT_SPEED_CONNECT, user)
        in_welsh(joined, "speed_connect.joined")

    world.clock.advance(days=7, hours=1)
    world.runtime.services.speed_connect.tick()
    drain(world)

    [intro] = [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if str(call.params.get("channel", "")).startswith("G") and not call.failed
    ]
    assert set(world.fake.group_dm_members(intro["channel"])) >= {CYMRO, ORGANISER}
    in_welsh(intro, "speed_connect.intro.text", "speed_connect.intro.body")


def test_the_dm_after_the_event_is_in_each_readers_language(cymru: World):
    world = cymru
    posts = announce(world)
    click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM)
    event = world.runtime.services.events.get_event(TEAM, the_event_id(world))
    world.clock.set(event.ends_at + timedelta(minutes=5))
    drain(world)

    [to_cymro] = [
        dm
        for dm in dms_to(world, CYMRO)
        if welsh("event.attendees.after.intro", gapped=True) in said(dm)
    ]
    in_welsh(to_cymro, "event.attendees.after.intro", "event.attendees.hint")
    assert f"<@{SAM}>" in said(to_cymro)
    [to_sam] = [
        dm
        for dm in dms_to(world, SAM)
        if english("event.attendees.after.intro", gapped=True) in said(dm)
    ]
    in_english(to_sam, "event.attendees.after.intro")
    assert f"<@{CYMRO}>" in said(to_sam)


def test_the_weekly_digest_is_in_each_channels_language(cymru: World):
    world = cymru
    command(world, "language cymraeg", user=ORGANISER, channel=WALES)
    announce(world)
    submit_event(world, town="Leeds", channels=[], title="Leeds data meet-up")
    world.clock.advance(days=1)
    queue_digests(world.runtime.services)
    drain(world)

    digests = {
        channel: [
            call.params
            for call in world.fake.calls_to("chat.postMessage")
            if call.params.get("channel") == channel and not call.failed
        ][-1]
        for channel in (WALES, LEEDS)
    }
    in_welsh(digests[WALES], "digest.header", "digest.events")
    in_english(digests[LEEDS], "digest.header", "digest.events")


def test_more_room_made_by_the_welsh_organiser_is_offered_in_english_to_an_english_reader(
    cymru: World,
):
    world = cymru
    posts = announce(world, capacity="1")
    click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM)  # waitlisted
    form = from_the_menu(world, posts[WALES], "edit")
    in_welsh(form, "event.form.title_edit", "event.form.capacity")

    answer = submit_event(world, event_id=the_event_id(world), capacity="2")

    in_welsh(answer["view"], "event.modal.updated")
    drain(world)
    promoted, changed = sorted(
        dms_to(world, SAM),
        key=lambda dm: english("event.promoted.text", gapped=True) not in said(dm),
    )
    in_english(promoted, "event.promoted.text")
    in_english(changed, "event.changed.text", "event.changed.capacity")
    [to_cymro] = dms_to(world, CYMRO)
    in_welsh(to_cymro, "event.changed.text", "event.changed.capacity")


def test_an_organiser_who_leaves_has_their_events_cancelled_in_each_readers_language(
    cymru: World,
):
    world = cymru
    posts = announce(world)
    click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM)
    world.slack.block_action(
        ActionId.FORGET_CONFIRM,
        value="forget",
        user_id=ORGANISER,
        response_url=world.fake.response_url("gone"),
    )
    world.responses(where=lambda call: call.params.get("_path") == "gone")

    assert welsh_then_english(
        updated(world, WALES, welsh("event.announce.cancelled_note", gapped=True)),
        "event.announce.cancelled_note",
    )
    drain(world)
    [to_cymro] = dms_to(world, CYMRO)
    in_welsh(to_cymro, "event.cancelled.text_erased", "event.cancelled.hint")
    [to_sam] = dms_to(world, SAM)
    in_english(to_sam, "event.cancelled.text_erased")


def test_someone_left_without_a_partner_is_told_in_their_language(cymru: World):
    world = cymru
    post = speed_connect_post(world)
    going = click(world, post, ActionId.EVENT_GOING, CYMRO)
    click(world, going, ActionId.EVENT_SPEED_CONNECT, CYMRO)
    world.clock.advance(days=7, hours=1)
    world.runtime.services.speed_connect.tick()
    drain(world)
    [told] = dms_to(world, CYMRO)
    in_welsh(told, "speed_connect.unplaced.alone")


def test_the_home_tab_lists_my_events_in_welsh_with_welsh_dates(cymru: World):
    world = cymru
    posts = announce(world)
    click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    before = len(published_to(world, CYMRO))
    world.slack.app_home_opened(CYMRO)
    home = world.fake.wait_for(
        "views.publish",
        count=before + 1,
        where=lambda call: call.params.get("user_id") == CYMRO,
    )[-1]
    in_welsh(home.params["view"], "event.home.going_heading")
    assert welsh_day(world) in said(home.params["view"])


# Refusals and mistakes ------------------------------------------------------------------------


def test_refusals_and_mistakes_are_explained_in_welsh(cymru: World):
    world = cymru
    in_welsh(command(world, "", user=CYMRO), "event.not_allowed")
    in_english(command(world, "", user=SAM), "event.not_allowed")

    start = world.clock.now() + timedelta(days=7)
    values = event_form_values(
        place_id=town(world, "Cardiff"), start=start, end=start - timedelta(hours=1)
    )
    answer = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        values,
        user_id=ORGANISER,
        private_metadata=json.dumps({"tz": "Europe/London"}),
    ).json()
    assert answer["response_action"] == "errors"
    in_welsh(answer["errors"], "event.errors.end_before_start")

    posts = announce(world)
    world.runtime.services.events.cancel_event(TEAM, ORGANISER, the_event_id(world))
    late = click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    in_welsh(late, "event.errors.cancelled")
    in_english(click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM), "event.errors.cancelled")
