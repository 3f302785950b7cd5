"""/event end to end: signed requests in; announcements, RSVPs, reminders and DMs out."""

from __future__ import annotations

import json
from datetime import UTC, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from handlers.ids import ActionId, BlockId, CallbackId, base_action
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import ME, TEAM, World
from tests.support.forms import event_form_values
from tests.support.payloads import mrkdwn_texts, walk

ADMIN = "U0ADMIN"
CHANNEL = "C0LEEDS"
FRIEND, OTHER = "U0FRIEND", "U0OTHER"


@pytest.fixture
def events_world(world: World) -> World:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    for user in (FRIEND, OTHER):
        world.fake.add_user(user, team_id=TEAM)
    world.slack.command("/event", "link Leeds", user_id=ADMIN, channel_id=CHANNEL)
    world.responses()
    return world


def leeds_id(world: World) -> int:
    place = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    assert place is not None
    return place.id


def form(world: World, **fields: Any) -> dict[str, dict[str, dict[str, Any]]]:
    start = fields.pop("start", world.clock.now() + timedelta(days=7))
    place = fields.pop("place", leeds_id(world))
    return event_form_values(place_id=place, start=start, **fields)


def announce(world: World, **fields: Any) -> dict[str, Any]:
    """Submit the event form as ADMIN; the announcement posted in CHANNEL."""
    metadata = json.dumps({"tz": "Europe/London"})
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT, form(world, **fields), user_id=ADMIN, private_metadata=metadata
    )
    assert response.json()["response_action"] == "update"
    [post] = world.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == CHANNEL
    )
    return post.params


def element(payload: dict[str, Any], action: ActionId) -> dict[str, Any]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("action_id"), str) and base_action(node["action_id"]) == action:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload.get("blocks", []))
    assert found, f"no {action} in the payload"
    return found[0]


def click(world: World, announcement: dict[str, Any], action: ActionId, user: str, path: str):
    button = element(announcement, action)
    world.slack.block_action(
        button["action_id"],
        value=button["value"],
        user_id=user,
        response_url=world.fake.response_url(path),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def dms_to(world: World, user: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and not call.failed
    ]


def drain(world: World) -> None:
    world.runtime.services.outbox.drain_due()


# Channels ---------------------------------------------------------------------------------


def test_linking_a_channel_joins_it_and_says_which_region(world: World):
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
    world.slack.command("/event", "link Leeds", user_id=ADMIN, channel_id=CHANNEL)
    [reply] = world.responses()
    assert "Yorkshire" in text(reply)
    assert CHANNEL in world.fake.joined
    world.slack.command(
        "/event", "channels", user_id=ADMIN, response_url=world.fake.response_url("list")
    )
    [listing] = world.responses(where=lambda call: call.params.get("_path") == "list")
    assert f"<#{CHANNEL}>" in text(listing)


def test_a_private_channel_is_told_how_to_invite_the_app(world: World):
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
    world.slack.command("/event", "link Wales", user_id=ADMIN, channel_id="G0PRIVATE")
    [reply] = world.responses()
    assert "invite" in text(reply).lower()


def test_people_who_are_not_organisers_are_refused_politely(events_world: World):
    world = events_world
    world.slack.command("/event", "", user_id=ME, response_url=world.fake.response_url("me"))
    [reply] = world.responses(where=lambda call: call.params.get("_path") == "me")
    assert "organis" in text(reply).lower()
    world.fake.assert_no_call("views.open")
    world.slack.command(
        "/event", "link Leeds", user_id=ME, response_url=world.fake.response_url("x")
    )
    [refused] = world.responses(where=lambda call: call.params.get("_path") == "x")
    assert "organis" in text(refused).lower()


# Announcing -------------------------------------------------------------------------------


def test_an_organiser_gets_the_form_in_their_time_zone(events_world: World):
    world = events_world
    world.slack.command("/event", "", user_id=ADMIN, trigger_id="t-1")
    [opened] = world.fake.wait_for("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == CallbackId.EVENT_SUBMIT
    assert json.loads(view["private_metadata"])["tz"] == "Europe/London"


def test_the_form_opens_when_no_channel_is_linked_to_any_region(world: World):
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    world.slack.command("/event", "", user_id=ADMIN, trigger_id="t-1")
    [opened] = world.fake.wait_for("views.open")
    assert not opened.failed
    assert world.fake.violations == []


def test_the_form_opens_without_a_region_menu_when_there_are_no_regions(
    events_world: World, monkeypatch: pytest.MonkeyPatch
):
    world = events_world
    monkeypatch.setattr(world.runtime.services.directory.gazetteer, "regions", tuple)
    world.slack.command("/event", "", user_id=ADMIN, trigger_id="t-1")
    [opened] = world.fake.wait_for("views.open")
    assert not opened.failed
    assert world.fake.violations == []
    view = opened.params["view"]
    shown = {block.get("block_id") for block in view["blocks"]}
    assert BlockId.EVENT_REGION not in shown
    assert BlockId.EVENT_PLACE in shown
    # An online event needs a region; with no menu to choose one, the form says so where it can.
    values = form(world, mode="online", url="https://meet.example.org/x", venue=None, place="")
    del values[BlockId.EVENT_REGION]
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        values,
        user_id=ADMIN,
        private_metadata=view["private_metadata"],
        blocks=view["blocks"],
    )
    body = response.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) <= shown


def test_the_form_explains_each_mistake_beside_its_field(events_world: World):
    world = events_world
    start = world.clock.now() - timedelta(days=1)
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        form(
            world, start=start, end=start - timedelta(hours=1), capacity="lots", place="999999999"
        ),
        user_id=ADMIN,
        private_metadata="{}",
    )
    body = response.json()
    assert body["response_action"] == "errors"
    assert {
        BlockId.EVENT_START,
        BlockId.EVENT_END,
        BlockId.EVENT_CAPACITY,
        BlockId.EVENT_PLACE,
    } <= set(body["errors"])
    world.fake.assert_no_call("chat.postMessage")


def test_an_announcement_goes_to_the_regions_channels_once_and_the_organiser_hears_where(
    events_world: World,
):
    world = events_world
    post = announce(world, title="<!channel> Data meet-up", capacity="2")
    # Plain text (the header) never pings; the fallback and every mrkdwn text must be inert.
    assert "<!channel>" not in post["text"]
    assert "<!channel>" not in text(mrkdwn_texts(post))
    for action in (ActionId.EVENT_GOING, ActionId.EVENT_NOT_GOING, ActionId.EVENT_CALENDAR):
        element(post, action)
    assert "<!date^" in text(post)
    [report] = world.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == ADMIN
    )
    assert f"<#{CHANNEL}>" in text(report.params)
    posted = [c for c in world.fake.calls_to("chat.postMessage") if c.params["channel"] == CHANNEL]
    assert len(posted) == 1


def test_a_region_with_no_channel_is_reported_to_the_organiser(events_world: World):
    world = events_world
    world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        form(world, region="TLM"),
        user_id=ADMIN,
        private_metadata="{}",
    )
    [report] = world.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == ADMIN
    )
    assert "/event link" in text(report.params)


# RSVPs ------------------------------------------------------------------------------------


def test_going_then_a_double_click_counts_once_and_updates_the_announcement(events_world: World):
    world = events_world
    post = announce(world)
    first = click(world, post, ActionId.EVENT_GOING, ME, "g1")
    assert first["replace_original"] is False
    click(world, post, ActionId.EVENT_GOING, ME, "g2")
    [update] = world.fake.wait_for("chat.update")
    assert update.params["channel"] == CHANNEL
    assert "1 going" in text(update.params)
    event = world.runtime.services.events.list_upcoming(TEAM, None).events[0]
    assert event.going == 1


def test_when_full_going_joins_the_waitlist_and_a_dropout_promotes_the_first(events_world: World):
    world = events_world
    post = announce(world, capacity="1")
    click(world, post, ActionId.EVENT_GOING, ME, "a")
    waiting = click(world, post, ActionId.EVENT_GOING, FRIEND, "b")
    assert "waitlist" in text(waiting).lower()
    click(world, post, ActionId.EVENT_NOT_GOING, ME, "c")
    drain(world)
    [promoted] = dms_to(world, FRIEND)
    assert "place" in text(promoted).lower()
    event = world.runtime.services.events.list_upcoming(TEAM, None).events[0]
    assert (event.going, event.waitlisted) == (1, 0)


def test_reminders_go_to_those_going_only_and_never_late(events_world: World):
    world = events_world
    post = announce(world)
    click(world, post, ActionId.EVENT_GOING, ME, "a")
    click(world, post, ActionId.EVENT_GOING, FRIEND, "b")
    click(world, post, ActionId.EVENT_NOT_GOING, FRIEND, "c")
    world.clock.advance(days=6, hours=1)  # 23 hours before the start
    drain(world)
    assert len(dms_to(world, ME)) == 1
    assert dms_to(world, FRIEND) == []
    world.clock.advance(hours=23, minutes=30)  # past the start: the 1-hour reminder is no use
    drain(world)
    assert len(dms_to(world, ME)) == 1


# Organisers -------------------------------------------------------------------------------


def test_only_the_organiser_or_an_admin_may_use_the_menu(events_world: World):
    world = events_world
    post = announce(world)
    menu = element(post, ActionId.EVENT_MANAGE)
    cancel = next(o for o in menu["options"] if o["value"].startswith("cancel"))
    world.slack.block_action(
        menu["action_id"],
        action={"type": "overflow", "selected_option": cancel},
        user_id=ME,
        response_url=world.fake.response_url("no"),
    )
    [refused] = world.responses(where=lambda call: call.params.get("_path") == "no")
    assert "organis" in text(refused).lower()
    world.fake.assert_no_call("views.open")


def test_cancelling_marks_every_announcement_and_tells_everyone(events_world: World):
    world = events_world
    post = announce(world, capacity="1")
    click(world, post, ActionId.EVENT_GOING, ME, "a")
    click(world, post, ActionId.EVENT_GOING, FRIEND, "b")  # waitlisted
    menu = element(post, ActionId.EVENT_MANAGE)
    cancel = next(o for o in menu["options"] if o["value"].startswith("cancel"))
    world.slack.block_action(
        menu["action_id"], action={"type": "overflow", "selected_option": cancel}, user_id=ADMIN
    )
    [confirm] = world.fake.wait_for("views.open")
    view = confirm.params["view"]
    assert view["callback_id"] == CallbackId.EVENT_CANCEL_SUBMIT
    world.slack.view_submission(
        CallbackId.EVENT_CANCEL_SUBMIT, {}, user_id=ADMIN, private_metadata=view["private_metadata"]
    )
    # The cancelled announcement: no Going button any more.
    world.fake.wait_for(
        "chat.update", where=lambda call: ActionId.EVENT_GOING not in text(call.params)
    )
    drain(world)
    assert len(dms_to(world, ME)) == 1
    assert len(dms_to(world, FRIEND)) == 1
    late = click(world, post, ActionId.EVENT_GOING, OTHER, "late")
    assert "cancelled" in text(late).lower()
    world.clock.advance(days=7)
    drain(world)
    assert len(dms_to(world, ME)) == 1  # no reminder for a cancelled event


def test_an_edit_updates_announcements_and_tells_those_going_what_changed(events_world: World):
    world = events_world
    post = announce(world)
    click(world, post, ActionId.EVENT_GOING, ME, "a")
    event = world.runtime.services.events.list_upcoming(TEAM, None).events[0]
    start = world.clock.now() + timedelta(days=8)
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        form(world, start=start, venue="Civic Hall"),
        user_id=ADMIN,
        private_metadata=json.dumps({"event_id": event.id, "tz": "Europe/London"}),
    )
    assert response.json()["response_action"] == "update"
    world.fake.wait_for("chat.update", where=lambda call: "Civic Hall" in text(call.params))
    drain(world)
    [told] = dms_to(world, ME)
    assert "Civic Hall" in text(told) or "changed" in text(told).lower()
    world.clock.set(start - timedelta(hours=23))
    drain(world)
    assert len(dms_to(world, ME)) == 2  # the reminder moved with the event


# Finding events ---------------------------------------------------------------------------


def test_list_near_a_place_and_everywhere(events_world: World):
    world = events_world
    announce(world, title="Leeds data meet-up")
    world.slack.command("/event", "list Bradford", response_url=world.fake.response_url("near"))
    [near] = world.responses(where=lambda call: call.params.get("_path") == "near")
    assert "Leeds data meet-up" in text(near)
    world.slack.command("/event", "list Cardiff", response_url=world.fake.response_url("far"))
    [far] = world.responses(where=lambda call: call.params.get("_path") == "far")
    assert "Leeds data meet-up" not in text(far)


def test_list_near_brighton_and_hove_typed_with_an_ampersand(events_world: World):
    world = events_world
    query = world.runtime.services.directory.gazetteer.read_query("Brighton")
    assert query.place is not None
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        form(world, title="Seaside data meet-up", place=query.place.id),
        user_id=ADMIN,
        private_metadata="{}",
    )
    assert response.json()["response_action"] == "update"
    world.slack.command(
        "/event", "list Brighton & Hove", response_url=world.fake.response_url("brighton")
    )
    [near] = world.responses(where=lambda call: call.params.get("_path") == "brighton")
    shown = text(near)
    assert "Seaside data meet-up" in shown
    assert "Brighton" in shown
    assert "amp;" not in shown.replace("&amp;", "&")


def test_calendar_links_carry_the_right_times(events_world: World):
    world = events_world
    post = announce(world)
    reply = click(world, post, ActionId.EVENT_CALENDAR, ME, "cal")
    assert "calendar.google.com" in text(reply)
    assert "outlook" in text(reply)
    [complete] = world.fake.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D" + ME[1:]
    [data] = world.fake.uploads.values()
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(UTC) == world.clock.now() + timedelta(days=7)


def test_the_home_tab_shows_my_events_and_the_ones_i_organise(events_world: World):
    world = events_world
    post = announce(world, title="Leeds data meet-up")
    click(world, post, ActionId.EVENT_GOING, ME, "a")
    world.slack.app_home_opened(ME)
    world.slack.app_home_opened(ADMIN)
    homes = world.fake.wait_for("views.publish", count=2)
    assert all("Leeds data meet-up" in text(h.params["view"]) for h in homes)
    assert world.fake.violations == []


def test_forget_erases_my_answers_and_export_shows_them_first(events_world: World):
    world = events_world
    post = announce(world, title="Leeds data meet-up")
    click(world, post, ActionId.EVENT_GOING, ME, "a")
    world.slack.command("/whoswho", "export", response_url=world.fake.response_url("x"))
    world.responses(where=lambda call: call.params.get("_path") == "x")
    [export] = dms_to(world, ME)
    assert "Leeds data meet-up" in text(export)
    world.slack.command("/whoswho", "forget", response_url=world.fake.response_url("f"))
    world.responses(where=lambda call: call.params.get("_path") == "f")
    world.slack.block_action(
        ActionId.FORGET_CONFIRM, value="forget", response_url=world.fake.response_url("y")
    )
    [done] = world.responses(where=lambda call: call.params.get("_path") == "y")
    assert "erased" in text(done)
    event = world.runtime.services.events.list_upcoming(TEAM, None).events[0]
    assert event.going == 0
    world.clock.advance(days=7)  # past both reminders' times: nothing goes to them
    drain(world)
    assert dms_to(world, ME) == [export]
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))
    with uow_factory() as uow:  # nothing left in the outbox names them
        assert uow.outbox.erase_person(TEAM, ME) == 0


def test_an_event_that_has_started_cannot_be_edited(events_world: World):
    world = events_world
    post = announce(world)
    world.clock.advance(days=7, minutes=30)
    menu = element(post, ActionId.EVENT_MANAGE)
    edit = next(o for o in menu["options"] if o["value"].startswith("edit"))
    world.slack.block_action(
        menu["action_id"],
        action={"type": "overflow", "selected_option": edit},
        user_id=ADMIN,
        response_url=world.fake.response_url("late"),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == "late")
    assert "started" in text(reply).lower()
    world.fake.assert_no_call("views.open")


def test_the_organiser_can_open_the_edit_form_from_the_home_tab(events_world: World):
    world = events_world
    announce(world, title="Leeds data meet-up")
    world.slack.app_home_opened(ADMIN)
    [home] = world.fake.wait_for("views.publish")
    menu = element(home.params["view"], ActionId.EVENT_MANAGE)
    edit = next(o for o in menu["options"] if o["value"].startswith("edit"))
    world.slack.block_action(
        menu["action_id"],
        action={"type": "overflow", "selected_option": edit},
        user_id=ADMIN,
        view={"type": "home", "id": "VHOME"},
    )
    [opened] = world.fake.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == CallbackId.EVENT_SUBMIT
    assert "Leeds data meet-up" in text(opened.params["view"])


def test_a_long_list_pages_with_buttons(events_world: World):
    world = events_world
    for number in range(7):
        announce_quietly(world, title=f"Meet-up {number}", days=number + 1)
    world.slack.command("/event", "list Leeds", response_url=world.fake.response_url("p1"))
    [first] = world.responses(where=lambda call: call.params.get("_path") == "p1")
    assert "Meet-up 0" in text(first)
    assert "Meet-up 6" not in text(first)
    buttons = [
        node
        for _, node in walk(first)
        if isinstance(node.get("action_id"), str)
        and base_action(node["action_id"]) == ActionId.EVENT_LIST_PAGE
    ]
    [next_page] = buttons
    world.slack.block_action(
        next_page["action_id"],
        value=next_page["value"],
        response_url=world.fake.response_url("p2"),
    )
    [second] = world.responses(where=lambda call: call.params.get("_path") == "p2")
    assert second["replace_original"] is True
    assert "Meet-up 6" in text(second)
    assert "Meet-up 0" not in text(second)


def announce_quietly(world: World, *, title: str, days: int) -> None:
    start = world.clock.now() + timedelta(days=days)
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        form(world, title=title, start=start),
        user_id=ADMIN,
        private_metadata="{}",
    )
    assert response.json()["response_action"] == "update"
    world.fake.wait_for(
        "chat.postMessage", where=lambda call: title in text(call.params.get("text", ""))
    )
