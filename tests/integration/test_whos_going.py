"""Who's going, and keeping in touch: the announcement's "Who's going" button shows the person
who clicked (only them) the people going who share their profile; after the event each person
who went gets one DM listing the others, each with their profile a click away. Anyone can hide
themselves from these lists in their profile. Through signed requests, on SQLite or PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.services.event_messages import ATTENDEES
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from handlers.ui.profile import ANNOUNCE_IN_DIGEST
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_events import announce, click
from tests.integration.test_whoswho import add_person, form_values
from tests.support.payloads import walk
from tests.support.slack_client import checkboxes_value

ADMIN = "U0ADMIN"
CHANNEL = "C0LEEDS"
FRIEND, THIRD, HIDDEN, NO_PROFILE, STAYED_HOME = (
    "U0FRIEND",
    "U0THIRD",
    "U0HIDDEN",
    "U0NOPROFILE",
    "U0STAYED",
)
VIEWER = "U0VIEWER"


@pytest.fixture
def going_world(world: World) -> World:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    for user in (FRIEND, THIRD, HIDDEN, NO_PROFILE, STAYED_HOME, VIEWER):
        world.fake.add_user(user, team_id=TEAM)
    world.slack.command("/event", "link Leeds", user_id=ADMIN, channel_id=CHANNEL)
    world.responses()
    add_person(world, ME, job_title="Data scientist", organisation="Home Office", can_help="SQL, R")
    add_person(world, FRIEND, job_title="Policy lead", organisation="HM Revenue and Customs")
    add_person(world, THIRD, job_title="Economist <!channel>", want_to_learn="housing")
    add_person(world, HIDDEN, job_title="Secret agent", listed_to_attendees=False)
    add_person(world, STAYED_HOME, job_title="Stayed at home")
    return world


# Helpers --------------------------------------------------------------------------------------


def text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def elements(payload: dict[str, Any], action: ActionId) -> list[dict[str, Any]]:
    return [
        node
        for _, node in walk(payload.get("blocks", []))
        if isinstance(node.get("action_id"), str) and base_action(node["action_id"]) == action
    ]


def event_id_of(post: dict[str, Any]) -> int:
    return int(elements(post, ActionId.EVENT_GOING)[0]["value"])


def latest_announcement(world: World) -> dict[str, Any]:
    posts = [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == CHANNEL
    ]
    return posts[-1]


def rsvp(world: World, event_id: int, user: str, *, going: bool = True) -> None:
    world.runtime.services.events.rsvp(TEAM, event_id, user, going=going)


def everyone_answers(world: World, event_id: int) -> None:
    for user in (ME, FRIEND, THIRD, HIDDEN, NO_PROFILE):
        rsvp(world, event_id, user)
    rsvp(world, event_id, STAYED_HOME)
    rsvp(world, event_id, STAYED_HOME, going=False)


def press(world: World, button: dict[str, Any], *, user: str, path: str) -> dict[str, Any]:
    world.slack.block_action(
        button["action_id"],
        value=button["value"],
        user_id=user,
        response_url=world.fake.response_url(path),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def dms_to(world: World, user: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and not call.failed
    ]


def keep_in_touch_dms(world: World, user: str) -> list[dict[str, Any]]:
    return [dm for dm in dms_to(world, user) if "Keep in touch" in dm.get("text", "")]


def after_the_event(world: World, event_id: int) -> None:
    """The clock past the event's end, and the scheduler's work done (twice: a second tick,
    or a second replica, sends nothing again)."""
    event = world.runtime.services.events.get_event(TEAM, event_id)
    world.clock.set(event.ends_at + timedelta(minutes=5))
    for _ in range(2):
        world.runtime.services.feedback.tick()
        world.runtime.services.outbox.drain_due()


def mentioned(payload: dict[str, Any]) -> set[str]:
    found = set()
    for user in (ME, FRIEND, THIRD, HIDDEN, NO_PROFILE, STAYED_HOME, VIEWER):
        if f"<@{user}>" in text(payload):
            found.add(user)
    return found


def forget(world: World, user: str) -> None:
    world.slack.command(
        "/whoswho", "forget", user_id=user, response_url=world.fake.response_url(f"ask{user}")
    )
    world.responses(where=lambda call: call.params.get("_path") == f"ask{user}")
    world.slack.block_action(
        ActionId.FORGET_CONFIRM,
        value="forget",
        user_id=user,
        response_url=world.fake.response_url(f"gone{user}"),
    )
    world.responses(where=lambda call: call.params.get("_path") == f"gone{user}")


def uow(world: World) -> SqlAlchemyUnitOfWorkFactory:
    return SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))


# Who's going ------------------------------------------------------------------------------------


def test_whos_going_shows_only_the_clicker_those_going_who_share_their_profile(
    going_world: World,
):
    world = going_world
    post = announce(world, title="Leeds data meet-up")
    assert elements(post, ActionId.EVENT_WHOS_GOING)
    everyone_answers(world, event_id_of(post))
    reply = click(world, post, ActionId.EVENT_WHOS_GOING, VIEWER, "who")
    assert reply["response_type"] == "ephemeral"
    assert reply["replace_original"] is False  # the announcement stays as it is
    assert mentioned(reply) == {ME, FRIEND, THIRD}  # not the hidden, not the one staying home
    said = text(reply)
    for shown in ("Data scientist", "Home Office", "Policy lead", "SQL", "housing"):
        assert shown in said
    assert "3 people share their profile" in said
    assert "2 more people going haven't shared a profile here" in said  # hidden, no profile
    assert "Secret agent" not in said
    assert "<!channel>" not in said  # what anyone typed cannot ping
    assert len(reply["blocks"]) <= 50
    assert world.fake.violations == []


def test_whos_going_with_nobody_going_says_so(going_world: World):
    world = going_world
    post = announce(world, title="Quiet meet-up")
    reply = click(world, post, ActionId.EVENT_WHOS_GOING, VIEWER, "who")
    assert "Nobody going has shared their profile here yet" in text(reply)
    assert mentioned(reply) == set()


def test_a_long_list_pages_within_slacks_limits(going_world: World):
    world = going_world
    post = announce(world, title="Big meet-up")
    event_id = event_id_of(post)
    crowd = [f"U0CROWD{n:02d}" for n in range(23)]
    for user in crowd:
        world.fake.add_user(user, team_id=TEAM)
        add_person(world, user, job_title=f"Officer {user}")
        rsvp(world, event_id, user)
    first = click(world, post, ActionId.EVENT_WHOS_GOING, VIEWER, "p1")
    assert len(elements(first, ActionId.EVENT_ATTENDEE)) == 20
    assert "Page 1 of 2" in text(first)
    [next_page] = elements(first, ActionId.EVENT_WHOS_GOING)
    second = press(world, next_page, user=VIEWER, path="p2")
    assert second["replace_original"] is True  # the list turns its page in place
    assert len(elements(second, ActionId.EVENT_ATTENDEE)) == 3
    shown = {b["value"].split(":")[1] for b in elements(first, ActionId.EVENT_ATTENDEE)}
    shown |= {b["value"].split(":")[1] for b in elements(second, ActionId.EVENT_ATTENDEE)}
    assert shown == set(crowd)


def test_a_forged_whos_going_value_is_answered_politely(going_world: World):
    world = going_world
    world.slack.block_action(
        ActionId.EVENT_WHOS_GOING, value="42:x", response_url=world.fake.response_url("bad")
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == "bad")
    assert "expired" in text(reply).lower() or "try again" in text(reply).lower()


def test_the_profile_button_opens_the_profile_until_the_person_hides_it(going_world: World):
    world = going_world
    post = announce(world, title="Leeds data meet-up")
    everyone_answers(world, event_id_of(post))
    reply = click(world, post, ActionId.EVENT_WHOS_GOING, VIEWER, "who")
    [friend] = [b for b in elements(reply, ActionId.EVENT_ATTENDEE) if FRIEND in b["value"]]
    world.slack.block_action(
        friend["action_id"], value=friend["value"], user_id=VIEWER, response_url=None
    )
    [opened] = world.fake.wait_for("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == CallbackId.NOTICE
    assert "submit" not in view  # read-only
    assert "Policy lead" in text(view)
    assert f"<@{FRIEND}>" in text(view)

    # FRIEND unticks "show me to the others going" in their profile form
    values = form_values(world.runtime.services.directory.gazetteer.read_query("Leeds").place.id)
    values[BlockId.SHARING] = {InputId.SHARING: checkboxes_value([])}
    answer = world.slack.view_submission(CallbackId.PROFILE_SUBMIT, values, user_id=FRIEND)
    assert answer.status == 200
    again = click(world, post, ActionId.EVENT_WHOS_GOING, VIEWER, "again")
    assert FRIEND not in mentioned(again)
    world.slack.block_action(
        friend["action_id"],
        value=friend["value"],
        user_id=VIEWER,
        response_url=world.fake.response_url("stale"),
    )
    [refused] = world.responses(where=lambda call: call.params.get("_path") == "stale")
    assert "no longer shares their profile" in text(refused)
    assert len(world.fake.calls_to("views.open")) == 1


def test_a_forged_profile_button_is_answered_politely(going_world: World):
    world = going_world
    post = announce(world, title="Leeds data meet-up")
    event_id = event_id_of(post)
    everyone_answers(world, event_id)
    for value, path in ((f"{event_id}:{STAYED_HOME}", "home"), (f"{event_id}:{HIDDEN}", "hid")):
        world.slack.block_action(
            ActionId.EVENT_ATTENDEE, value=value, response_url=world.fake.response_url(path)
        )
        [reply] = world.responses(where=lambda call, p=path: call.params.get("_path") == p)
        assert "no longer shares their profile" in text(reply)
    world.slack.block_action(
        ActionId.EVENT_ATTENDEE, value="1:<!here>", response_url=world.fake.response_url("f")
    )
    world.responses(where=lambda call: call.params.get("_path") == "f")
    assert world.fake.calls_to("views.open") == []


# After the event -------------------------------------------------------------------------------


def test_after_the_event_each_person_who_went_gets_one_dm_listing_the_others(
    going_world: World,
):
    world = going_world
    post = announce(world, title="Leeds data meet-up")
    event_id = event_id_of(post)
    everyone_answers(world, event_id)
    rsvp(world, event_id, ME)  # a second click changes nothing
    after_the_event(world, event_id)
    [mine] = keep_in_touch_dms(world, ME)
    assert mentioned(mine) == {FRIEND, THIRD}  # the others, never the hidden
    profile_buttons = elements(mine, ActionId.EVENT_ATTENDEE)
    assert len(profile_buttons) == 2
    [hidden] = keep_in_touch_dms(world, HIDDEN)  # hidden from others, still told of them
    assert mentioned(hidden) == {ME, FRIEND, THIRD}
    [no_profile] = keep_in_touch_dms(world, NO_PROFILE)
    assert mentioned(no_profile) == {ME, FRIEND, THIRD}
    assert keep_in_touch_dms(world, STAYED_HOME) == []
    assert keep_in_touch_dms(world, VIEWER) == []
    assert len(keep_in_touch_dms(world, FRIEND)) == 1

    # its profile button works after the event too
    [third] = [b for b in profile_buttons if THIRD in b["value"]]
    world.slack.block_action(third["action_id"], value=third["value"], user_id=ME)
    [opened] = world.fake.wait_for("views.open")
    assert "housing" in text(opened.params["view"])
    assert world.fake.violations == []


def test_nobody_gets_an_empty_dm(going_world: World):
    world = going_world
    post = announce(world, title="Small meet-up")
    event_id = event_id_of(post)
    for user in (ME, NO_PROFILE, HIDDEN):
        rsvp(world, event_id, user)
    after_the_event(world, event_id)
    assert keep_in_touch_dms(world, ME) == []  # the others there share nothing
    [told] = keep_in_touch_dms(world, NO_PROFILE)
    assert mentioned(told) == {ME}
    [hidden] = keep_in_touch_dms(world, HIDDEN)
    assert mentioned(hidden) == {ME}


def test_dropping_out_or_a_cancelled_event_sends_nothing(going_world: World):
    world = going_world
    dropped = announce(world, title="First meet-up")
    event_id = event_id_of(dropped)
    everyone_answers(world, event_id)
    rsvp(world, event_id, FRIEND, going=False)
    rsvp(world, event_id, THIRD, going=False)
    rsvp(world, event_id, THIRD)  # changed their mind again: one DM still
    after_the_event(world, event_id)
    assert keep_in_touch_dms(world, FRIEND) == []
    assert len(keep_in_touch_dms(world, THIRD)) == 1
    assert FRIEND not in mentioned(keep_in_touch_dms(world, ME)[0])

    announce(world, title="Cancelled meet-up")  # the next event, cancelled before it is on
    second = event_id_of(latest_announcement(world))
    everyone_answers(world, second)
    world.runtime.services.events.cancel_event(TEAM, ADMIN, second)
    before = {user: len(keep_in_touch_dms(world, user)) for user in (ME, THIRD)}
    after_the_event(world, second)
    assert {user: len(keep_in_touch_dms(world, user)) for user in (ME, THIRD)} == before


def test_a_person_who_asked_to_be_forgotten_is_in_no_list_and_gets_no_dm(going_world: World):
    world = going_world
    post = announce(world, title="Leeds data meet-up")
    event_id = event_id_of(post)
    everyone_answers(world, event_id)
    forget(world, FRIEND)
    with uow(world)() as work:  # nothing scheduled names them
        assert work.outbox.erase_person(TEAM, FRIEND) == 0
    reply = click(world, post, ActionId.EVENT_WHOS_GOING, VIEWER, "who")
    assert FRIEND not in mentioned(reply)
    after_the_event(world, event_id)
    assert keep_in_touch_dms(world, FRIEND) == []
    assert FRIEND not in mentioned(keep_in_touch_dms(world, ME)[0])


def test_the_dm_after_the_event_is_a_scheduled_message_in_the_export(going_world: World):
    world = going_world
    post = announce(world, title="Leeds data meet-up")
    rsvp(world, event_id_of(post), ME)
    world.slack.command("/whoswho", "export", response_url=world.fake.response_url("x"))
    world.responses(where=lambda call: call.params.get("_path") == "x")
    [export] = dms_to(world, ME)
    assert ATTENDEES in text(export)


# The profile's sharing options -----------------------------------------------------------------


def test_the_profile_form_shows_and_saves_both_sharing_options(going_world: World):
    world = going_world
    world.slack.command("/whoswho", "me", user_id=VIEWER)
    [opened] = world.fake.wait_for("views.open")
    [sharing] = [b for b in opened.params["view"]["blocks"] if b.get("block_id") == BlockId.SHARING]
    assert [o["value"] for o in sharing["element"]["initial_options"]] == ["attendees"]
    place = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    values = form_values(place.id)
    values[BlockId.SHARING] = {InputId.SHARING: checkboxes_value([ANNOUNCE_IN_DIGEST])}
    answer = world.slack.view_submission(CallbackId.PROFILE_SUBMIT, values, user_id=VIEWER)
    assert answer.status == 200
    profile = world.runtime.services.directory.profile_status(TEAM, VIEWER).profile
    assert profile is not None
    assert profile.listed_to_attendees is False
    assert profile.announce_in_digest is True

    # a form without the boxes (opened before they existed) keeps what was chosen
    answer = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT, form_values(place.id), user_id=VIEWER
    )
    assert answer.status == 200
    profile = world.runtime.services.directory.profile_status(TEAM, VIEWER).profile
    assert profile is not None
    assert (profile.listed_to_attendees, profile.announce_in_digest) == (False, True)

    world.slack.command("/whoswho", "me", user_id=VIEWER)
    [_, reopened] = world.fake.wait_for("views.open", count=2)
    [sharing] = [
        b for b in reopened.params["view"]["blocks"] if b.get("block_id") == BlockId.SHARING
    ]
    assert [o["value"] for o in sharing["element"]["initial_options"]] == [ANNOUNCE_IN_DIGEST]

    world.slack.command(
        "/whoswho", "export", user_id=VIEWER, response_url=world.fake.response_url("x")
    )
    world.responses(where=lambda call: call.params.get("_path") == "x")
    [export] = dms_to(world, VIEWER)
    said = "".join(block["text"]["text"] for block in export["blocks"])
    assert '"listed_to_attendees": false' in said
    assert '"announce_in_digest": true' in said


def test_new_and_existing_profiles_take_the_defaults(going_world: World):
    profile = going_world.runtime.services.directory.profile_status(TEAM, ME).profile
    assert profile is not None
    assert profile.listed_to_attendees is True
    assert profile.announce_in_digest is False
