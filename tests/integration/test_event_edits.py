"""/event edits end to end: what people are told changed, an event moved to another region,
the online link of an event met in person, and where `/event link` may be run."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from icalendar import Calendar

from handlers.ids import ActionId, CallbackId
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_events import (
    ADMIN,
    CHANNEL,
    FRIEND,
    announce,
    click,
    dms_to,
    drain,
    element,
    form,
    text,
)

WALES_CHANNEL = "C0WALES"
MEET_URL = "https://meet.example.org/leeds-data"


@pytest.fixture
def edits_world(world: World) -> World:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    world.fake.add_user(FRIEND, team_id=TEAM)
    world.slack.command("/event", "link Leeds", user_id=ADMIN, channel_id=CHANNEL)
    world.slack.command("/event", "link Wales", user_id=ADMIN, channel_id=WALES_CHANNEL)
    world.responses(count=2)
    return world


def place_id(world: World, name: str) -> int:
    place = world.runtime.services.directory.gazetteer.read_query(name).place
    assert place is not None
    return place.id


def only_event_id(world: World) -> int:
    return world.runtime.services.events.list_upcoming(TEAM, None).events[0].id


def edit(world: World, event_id: int, **fields: Any) -> None:
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        form(world, **fields),
        user_id=ADMIN,
        private_metadata=json.dumps({"event_id": event_id, "tz": "Europe/London"}),
    )
    assert response.json()["response_action"] == "update"


def posts_in(world: World, channel: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == channel and not call.failed
    ]


def updates_in(world: World, channel: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.update")
        if call.params.get("channel") == channel and not call.failed
    ]


def dates(shown: str) -> list[int]:
    return [int(stamp) for stamp in re.findall(r"<!date\^(\d+)\^", shown)]


# What changed -----------------------------------------------------------------------------


def test_an_edit_tells_each_person_every_change_as_it_was_and_as_it_is(edits_world: World):
    world = edits_world
    start = world.clock.now() + timedelta(days=7)
    post = announce(world, start=start, capacity="3", venue="Quarry House")
    click(world, post, ActionId.EVENT_GOING, ME, "going")
    moved = start + timedelta(days=1, hours=2)
    edit(world, only_event_id(world), start=moved, capacity="2", venue="Civic Hall")
    drain(world)
    [told] = dms_to(world, ME)
    lines = {
        line.split("*")[1]: line
        for block in told["blocks"]
        for line in str((block.get("text") or {}).get("text", "")).split("\n")
        if line.startswith("• *")
    }
    assert "now 2 (was 3)" in lines["Places:"]
    assert "no limit" not in lines["Places:"]
    when = lines["When:"]
    assert "(was " in when
    stamps = dates(when)
    assert int(moved.timestamp()) in stamps
    assert int(start.timestamp()) in stamps
    where = lines["Where:"]
    assert "Civic Hall" in where.split("(was")[0]
    assert "Quarry House" in where.split("(was")[1]


# Moving to another region -------------------------------------------------------------------


def test_moving_an_event_to_another_region_announces_it_there_and_the_old_post_says_so(
    edits_world: World,
):
    world = edits_world
    leeds_post = announce(world, title="Data meet-up", capacity="5")
    event_id = only_event_id(world)
    edit(world, event_id, title="Data meet-up", capacity="5", place=place_id(world, "Cardiff"))
    # The Yorkshire channel's post now says where the event went, with no RSVP buttons.
    [moved] = world.fake.wait_for(
        "chat.update", where=lambda call: call.params.get("channel") == CHANNEL
    )
    shown = text(moved.params)
    assert ActionId.EVENT_GOING not in shown
    assert ActionId.EVENT_NOT_GOING not in shown
    assert "Wales" in shown
    assert f"<#{WALES_CHANNEL}>" in shown
    # Announced in the channel linked to Wales, once, however often the outbox runs.
    drain(world)
    drain(world)
    [wales_post] = posts_in(world, WALES_CHANNEL)
    assert "Data meet-up" in text(wales_post)
    # RSVPs from the new announcement work, and its counts are kept up to date there.
    click(world, wales_post, ActionId.EVENT_GOING, FRIEND, "wales-going")
    world.fake.wait_for(
        "chat.update",
        where=lambda call: (
            call.params.get("channel") == WALES_CHANNEL and "1 going" in text(call.params)
        ),
    )
    # A click on the old post's button (sent before it moved) is still answered, and the
    # old post stays "moved".
    click(world, leeds_post, ActionId.EVENT_GOING, ME, "leeds-going")
    world.fake.wait_for(
        "chat.update",
        where=lambda call: (
            call.params.get("channel") == WALES_CHANNEL and "2 going" in text(call.params)
        ),
    )
    assert all(ActionId.EVENT_GOING not in text(u) for u in updates_in(world, CHANNEL))
    # Cancelling reaches the current announcement; the old one still says it moved.
    menu = element(wales_post, ActionId.EVENT_MANAGE)
    cancel = next(o for o in menu["options"] if o["value"].startswith("cancel"))
    world.slack.block_action(
        menu["action_id"], action={"type": "overflow", "selected_option": cancel}, user_id=ADMIN
    )
    [confirm] = world.fake.wait_for("views.open")
    world.slack.view_submission(
        CallbackId.EVENT_CANCEL_SUBMIT,
        {},
        user_id=ADMIN,
        private_metadata=confirm.params["view"]["private_metadata"],
    )
    world.fake.wait_for(
        "chat.update",
        where=lambda call: (
            call.params.get("channel") == WALES_CHANNEL and "Cancelled" in text(call.params)
        ),
    )
    assert all(ActionId.EVENT_GOING not in text(u) for u in updates_in(world, CHANNEL))
    assert all("Wales" in text(u) for u in updates_in(world, CHANNEL))
    drain(world)
    assert len(posts_in(world, WALES_CHANNEL)) == 1
    assert world.fake.violations == []


def test_moving_back_brings_the_first_announcement_back_without_posting_again(
    edits_world: World,
):
    world = edits_world
    announce(world, title="Data meet-up")
    event_id = only_event_id(world)
    edit(world, event_id, place=place_id(world, "Cardiff"))
    drain(world)
    assert len(posts_in(world, WALES_CHANNEL)) == 1
    edit(world, event_id, place=place_id(world, "Leeds"))
    world.fake.wait_for(
        "chat.update",
        where=lambda call: (
            call.params.get("channel") == CHANNEL and ActionId.EVENT_GOING in text(call.params)
        ),
    )
    world.fake.wait_for(
        "chat.update",
        where=lambda call: (
            call.params.get("channel") == WALES_CHANNEL
            and ActionId.EVENT_GOING not in text(call.params)
        ),
    )
    drain(world)
    assert len(posts_in(world, CHANNEL)) == 1
    assert len(posts_in(world, WALES_CHANNEL)) == 1


# The online link ------------------------------------------------------------------------------


def test_an_event_switched_to_in_person_no_longer_offers_its_online_link(edits_world: World):
    world = edits_world
    post = announce(world, mode="hybrid", url=MEET_URL)
    going = click(world, post, ActionId.EVENT_GOING, ME, "going")
    assert MEET_URL in text(going)
    edit(world, only_event_id(world), mode="in_person", url=MEET_URL)
    drain(world)
    [told] = dms_to(world, ME)
    assert MEET_URL not in text(told)
    again = click(world, post, ActionId.EVENT_GOING, ME, "again")
    assert MEET_URL not in text(again)
    assert "Join online" not in text(again)
    click(world, post, ActionId.EVENT_CALENDAR, ME, "calendar")
    world.fake.wait_for("files.completeUploadExternal")
    [data] = world.fake.uploads.values()
    [entry] = Calendar.from_ical(data).walk("VEVENT")
    assert MEET_URL not in entry.to_ical().decode()
    event = world.runtime.services.events.get_event(TEAM, only_event_id(world))
    assert event.details.online_url == ""


def test_an_in_person_event_created_with_a_link_typed_never_shows_it(edits_world: World):
    world = edits_world
    post = announce(world, mode="in_person", url=MEET_URL)
    assert MEET_URL not in text(post)
    going = click(world, post, ActionId.EVENT_GOING, ME, "going")
    assert MEET_URL not in text(going)
    details = click(world, post, ActionId.EVENT_DETAILS, ME, "details")
    assert MEET_URL not in text(details)


# Where /event link may be run ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel_id", "channel_name"),
    [
        ("D0ALEXDM", "directmessage"),
        ("G0GROUPDM", "mpdm-alex--sam--admin-1"),
        ("C0GROUPDM", "mpdm-alex--sam--admin-1"),
    ],
)
def test_linking_a_direct_message_is_refused_with_a_hint(
    world: World, channel_id: str, channel_name: str
):
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
    world.slack.command(
        "/event",
        "link Leeds",
        user_id=ADMIN,
        channel_id=channel_id,
        channel_name=channel_name,
        response_url=world.fake.response_url("dm"),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == "dm")
    assert reply.get("response_type") == "ephemeral"
    assert "channel" in text(reply).lower()
    assert "Done" not in text(reply)
    world.fake.assert_no_call("conversations.join")
    assert world.runtime.services.events.channel_links(TEAM) == ()


def test_a_private_channel_can_still_be_linked(world: World):
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
    world.slack.command(
        "/event", "link Wales", user_id=ADMIN, channel_id="G0PRIVATE", channel_name="wales-team"
    )
    [reply] = world.responses()
    assert "invite" in text(reply).lower()
    [(link, region)] = world.runtime.services.events.channel_links(TEAM)
    assert (link.channel_id, region.name) == ("G0PRIVATE", "Wales")
