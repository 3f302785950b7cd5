"""Welcomes in channels linked to a region, as people receive them: someone joins a linked
channel (Events API member_joined_channel, signed, over HTTP) and gets one short private
welcome through the outbox, once per person per workspace, ever; organisers switch welcomes
off per channel; "Don't welcome me again" holds everywhere; `/whoswho forget` erases the record
and `/whoswho export` includes it. On SQLite, and on PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.domain.events import EventDraft, EventMode
from bot.domain.welcomes import WELCOME
from handlers.ids import ActionId, CallbackId
from storage.models import OutboxRow, WelcomeRow
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_whoswho import action_ids, add_person, leeds, texts

ADMIN = "U0ADMIN"
LEEDS_CHANNEL = "C0LEEDS"
YORK_CHANNEL = "C0YORK"
ELSEWHERE = "C0RANDOM"  # linked to no region


# Helpers --------------------------------------------------------------------------------------


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def as_admin(world: World) -> None:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)  # admins organise


def event_command(world: World, text: str, *, channel: str, user: str = ADMIN) -> dict[str, Any]:
    path = f"event-{time.monotonic_ns()}"
    world.slack.command(
        "/event", text, user_id=user, channel_id=channel, response_url=world.fake.response_url(path)
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def link(world: World, channel: str, place: str) -> None:
    reply = event_command(world, f"link {place}", channel=channel)
    assert "Done" in texts(reply), texts(reply)


def join(world: World, user: str, channel: str) -> None:
    response = world.slack.event(
        {
            "type": "member_joined_channel",
            "user": user,
            "channel": channel,
            "channel_type": "C",
            "team": TEAM,
            "event_ts": f"{time.time():.6f}",
        }
    )
    assert response.status == 200


def record(world: World, user: str = ME) -> Any:
    return world.runtime.services.welcomes.record_of(TEAM, user)


def joined_and_recorded(world: World, user: str, channel: str) -> None:
    join(world, user, channel)
    wait_until(lambda: record(world, user) is not None)


def settle() -> None:
    """Let a listener that should do nothing finish (it runs after the ack)."""
    time.sleep(0.4)


def send_due(world: World) -> None:
    world.runtime.services.outbox.drain_due()


def dms_to(world: World, user: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and not call.failed
    ]


def welcome_rows(world: World) -> list[Any]:
    with world.runtime.engine.connect() as connection:
        return list(connection.execute(select(WelcomeRow)).all())


def welcomes_queued(world: World, user: str) -> int:
    with world.runtime.engine.connect() as connection:
        return int(
            connection.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.kind == WELCOME, OutboxRow.key == f"welcome:{user}")
            )
            or 0
        )


def upcoming_event(world: World, title: str, *, days: int = 10) -> None:
    start = world.clock.now() + timedelta(days=days)
    world.runtime.services.events.create_event(
        TEAM,
        ADMIN,
        EventDraft(
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            mode=EventMode.IN_PERSON,
            venue="Quarry House",
            place_id=leeds(world),
        ),
    )


# Welcoming ------------------------------------------------------------------------------------


def test_joining_a_linked_channel_brings_one_private_welcome_with_a_profile_button(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    assert dms_to(world, ME) == []  # the listener only writes: the outbox sends
    send_due(world)
    [dm] = dms_to(world, ME)
    shown = texts(dm)
    assert "Who's Who Locally" in shown
    assert f"<#{LEEDS_CHANNEL}>" in shown
    assert "Create my profile" in shown
    assert "Yorkshire and The Humber" in shown or "Yorkshire" in shown
    assert {ActionId.PROFILE_OPEN, ActionId.WELCOME_DECLINE} <= set(action_ids(dm))
    assert world.fake.violations == []
    [row] = welcome_rows(world)
    assert (row.team_id, row.user_id, row.channel_id, row.declined) == (
        TEAM,
        ME,
        LEEDS_CHANNEL,
        False,
    )
    assert row.sent_at is not None
    assert row.welcomed_at.tzinfo is not None


def test_nobody_is_welcomed_twice_in_a_workspace_whatever_they_join(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    link(world, YORK_CHANNEL, "York")
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    send_due(world)
    join(world, ME, LEEDS_CHANNEL)  # left and came back
    join(world, ME, YORK_CHANNEL)  # another linked channel
    settle()
    send_due(world)
    send_due(world)  # a second tick (or replica) sends nothing more
    assert len(dms_to(world, ME)) == 1
    assert len(welcome_rows(world)) == 1
    assert welcomes_queued(world, ME) == 1


def test_two_replicas_told_of_the_same_join_welcome_once(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    link(world, YORK_CHANNEL, "York")
    welcomes = world.runtime.services.welcomes
    results: list[bool] = []
    start = threading.Barrier(4)

    def record_join(channel: str) -> None:
        start.wait()
        results.append(welcomes.record_join(TEAM, ME, channel, app_user_id="U0BOT"))

    threads = [
        threading.Thread(target=record_join, args=(channel,))
        for channel in (LEEDS_CHANNEL, YORK_CHANNEL, LEEDS_CHANNEL, YORK_CHANNEL)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert welcomes_queued(world, ME) == 1
    send_due(world)
    assert len(dms_to(world, ME)) == 1


def test_the_welcome_names_up_to_three_people_nearby_sharing_topics_never_you_or_the_hidden(
    world: World,
):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    add_person(world, ME, can_help="data visualisation", job_title="Analyst")
    sharing = ["U0DATA1", "U0DATA2", "U0DATA3", "U0DATA4"]
    for user in sharing:
        add_person(world, user, can_help="data visualisation")
    add_person(world, "U0HIDDEN", can_help="data visualisation")
    world.runtime.services.directory.set_visible(TEAM, "U0HIDDEN", visible=False)
    add_person(world, "U0OTHER", can_help="beekeeping", job_title="Beekeeper")
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    send_due(world)
    [dm] = dms_to(world, ME)
    shown = texts(dm)
    named = [user for user in sharing if f"<@{user}>" in shown]
    assert len(named) == 3
    assert f"<@{ME}>" not in shown
    assert "<@U0HIDDEN>" not in shown
    assert "<@U0OTHER>" not in shown
    assert "share your interests" in shown
    assert "Edit my profile" in shown  # they have one: review it


def test_the_welcome_gives_the_next_event_in_the_channel_region(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    upcoming_event(world, "Data breakfast", days=20)
    upcoming_event(world, "Policy walk", days=5)
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    send_due(world)
    [dm] = dms_to(world, ME)
    assert "Policy walk" in texts(dm)
    assert "Data breakfast" not in texts(dm)
    assert "<!date^" in texts(dm)


def test_nothing_to_show_still_makes_a_short_welcome(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    add_person(world, ME)  # a profile, nobody near, no events
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    send_due(world)
    [dm] = dms_to(world, ME)
    assert "No events are planned" in texts(dm)
    assert "People" not in texts(dm)


def test_unlinked_channels_bots_the_app_and_slackbot_are_never_welcomed(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    world.fake.add_user("U0ROBOT", team_id=TEAM, is_bot=True)
    join(world, ME, ELSEWHERE)  # not linked
    join(world, "U0BOT", LEEDS_CHANNEL)  # the app itself
    join(world, "USLACKBOT", LEEDS_CHANNEL)
    join(world, "B0NOTAUSER", LEEDS_CHANNEL)
    join(world, "U0ROBOT", LEEDS_CHANNEL)  # a bot: Slack refuses it a DM
    settle()
    send_due(world)
    assert dms_to(world, ME) == []
    assert dms_to(world, "U0BOT") == []
    assert dms_to(world, "USLACKBOT") == []
    assert dms_to(world, "U0ROBOT") == []
    assert {row.user_id for row in welcome_rows(world)} <= {"U0ROBOT"}
    assert all(row.sent_at is None for row in welcome_rows(world))  # never counted as sent


def test_organisers_switch_a_channels_welcomes_off_and_on(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    off = event_command(world, "welcomes off", channel=LEEDS_CHANNEL)
    assert "won't be welcomed" in texts(off)
    join(world, ME, LEEDS_CHANNEL)
    settle()
    send_due(world)
    assert dms_to(world, ME) == []
    assert record(world) is None  # not welcomed: still welcome elsewhere, or later
    link(world, LEEDS_CHANNEL, "Manchester")  # a region linked later leaves them off
    join(world, ME, LEEDS_CHANNEL)
    settle()
    assert record(world) is None
    world.fake.add_user("U0MEMBER", team_id=TEAM)
    refused = event_command(world, "welcomes on", channel=LEEDS_CHANNEL, user="U0MEMBER")
    assert "only organisers" in texts(refused)
    on = event_command(world, "welcomes on", channel=LEEDS_CHANNEL)
    assert "get a short welcome" in texts(on)
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    send_due(world)
    assert len(dms_to(world, ME)) == 1


def test_welcomes_off_in_an_unlinked_channel_says_to_link_it_first(world: World):
    as_admin(world)
    reply = event_command(world, "welcomes off", channel=ELSEWHERE)
    assert "isn't linked to a region" in texts(reply)


def test_event_help_mentions_welcomes(world: World):
    reply = event_command(world, "help", channel=ELSEWHERE, user=ME)
    assert "/event welcomes off" in texts(reply)


def test_dont_welcome_me_again_holds_in_every_channel(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    link(world, YORK_CHANNEL, "York")
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    send_due(world)
    for path in ("first", "second"):  # a second click is as harmless as the first
        world.slack.block_action(
            ActionId.WELCOME_DECLINE, response_url=world.fake.response_url(path)
        )
        [reply] = world.responses(where=lambda call, p=path: call.params.get("_path") == p)
        assert "won't welcome you" in texts(reply)
    [row] = welcome_rows(world)
    assert row.declined
    assert row.declined_at is not None
    join(world, ME, YORK_CHANNEL)
    settle()
    send_due(world)
    assert len(dms_to(world, ME)) == 1


def test_a_welcome_declined_before_it_is_sent_is_not_sent(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    world.slack.block_action(ActionId.WELCOME_DECLINE, response_url=world.fake.response_url("no"))
    world.responses(where=lambda call: call.params.get("_path") == "no")
    send_due(world)
    assert dms_to(world, ME) == []


def test_the_welcome_button_opens_the_profile_form(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    send_due(world)
    world.slack.block_action(ActionId.PROFILE_OPEN, value="open")
    [opened] = world.fake.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == CallbackId.PROFILE_SUBMIT


# Privacy ----------------------------------------------------------------------------------------


def forget(world: World) -> None:
    world.slack.command("/whoswho", "forget", response_url=world.fake.response_url("ask"))
    world.responses(where=lambda call: call.params.get("_path") == "ask")
    world.slack.block_action(
        ActionId.FORGET_CONFIRM, value="forget", response_url=world.fake.response_url("gone")
    )
    world.responses(where=lambda call: call.params.get("_path") == "gone")


def test_forget_erases_the_welcome_record_and_the_welcome_still_to_send(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    joined_and_recorded(world, "U0OTHER", LEEDS_CHANNEL)
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    assert welcomes_queued(world, ME) == 1
    forget(world)
    assert record(world) is None
    assert welcomes_queued(world, ME) == 0
    assert record(world, "U0OTHER") is not None  # others' records stay
    send_due(world)
    assert dms_to(world, ME) == []
    assert len(dms_to(world, "U0OTHER")) == 1


def test_export_includes_the_welcome_record(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    joined_and_recorded(world, ME, LEEDS_CHANNEL)
    send_due(world)
    world.slack.block_action(ActionId.WELCOME_DECLINE, response_url=world.fake.response_url("no"))
    world.responses(where=lambda call: call.params.get("_path") == "no")
    exported = world.runtime.services.directory.export(TEAM, ME)
    assert exported["welcome"] == {
        "channel": LEEDS_CHANNEL,
        "welcome_decided_at": record(world).welcomed_at.isoformat(),
        "welcome_sent_at": record(world).sent_at.isoformat(),
        "do_not_welcome_me_again": True,
        "declined_at": record(world).declined_at.isoformat(),
    }
    world.slack.command("/whoswho", "export")
    world.fake.wait_for(
        "chat.postMessage",
        where=lambda call: (
            call.params.get("channel") == ME
            and "welcome" in json.dumps(call.params)
            and "do_not_welcome_me_again" in json.dumps(call.params)
        ),
    )
