"""Slack's rate limits (429 with Retry-After), end to end: a listener never sleeps them out.

What the person waits for (a form to open, whether they may organise) fails fast and politely
while Slack says wait, without calling Slack again; what nobody waits for (the Home tab, an
announcement's counts, a DM) goes to the outbox, in the database, and is sent once the wait is
over, once, by whichever process is running then; the listener goes on at once, so other
people's requests are answered meanwhile.
"""

from __future__ import annotations

import time
import urllib.request
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import func, select

from bot.app import build_services
from bot.domain.events import EventDraft
from bot.domain.outbox import OutboxStatus
from bot.domain.people import ProfileDraft
from bot.i18n import t
from handlers.ids import ActionId, CallbackId
from handlers.slack.calls import GatedWebClient, SlackCalls, deferrable
from handlers.slack.outbox_kinds import HELD_KINDS, POST_AS_IS
from storage.models import OutboxRow
from tests.integration.conftest import ME, TEAM, World, make_settings
from tests.support.fake_slack import iter_texts

ADMIN = "U0ADMIN"
NEWCOMER = "U0NEWADMIN"
FRIEND, OTHER = "U0FRIEND", "U0OTHER"
CHANNEL = "C0LEEDS"
BUSY = t("errors.slack_busy")


def texts(payload: dict[str, Any]) -> str:
    return " ".join(iter_texts(payload))


def calls_hub(world: World) -> SlackCalls:
    client = world.runtime.app.client
    assert isinstance(client, GatedWebClient)
    return client.calls


def metric(world: World, name: str, **labels: str) -> float:
    """A value from GET /metrics, as Prometheus would scrape it (0 when absent)."""
    with urllib.request.urlopen(f"{world.base_url}/metrics", timeout=10) as answer:  # noqa: S310
        lines = answer.read().decode().splitlines()
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in lines:
        if line.startswith(f"{name}{{"):
            found = line[len(name) + 1 : line.index("}")]
            if ",".join(sorted(found.split(","))) == wanted:
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def held(world: World, count: int, *, timeout: float = 10) -> None:
    """Wait until the outbox holds `count` calls Slack held back, waiting to be sent (the
    listeners run on their own threads after Slack was answered)."""
    deadline = time.monotonic() + timeout
    while True:
        with world.runtime.engine.connect() as connection:
            pending = connection.scalar(
                select(func.count()).where(
                    OutboxRow.status == OutboxStatus.PENDING.value,
                    OutboxRow.kind.in_([POST_AS_IS, *HELD_KINDS.values()]),
                )
            )
        if pending == count:
            return
        assert time.monotonic() < deadline, f"{pending} messages held, not {count}"
        time.sleep(0.02)


def after_the_wait(world: World, seconds: float) -> int:
    """Slack's wait passes (on the outbox's clock) and the outbox's tick runs: how many it sent."""
    world.clock.advance(seconds=seconds)
    return world.runtime.services.outbox.drain_due().sent


def add_person(world: World, user: str) -> None:
    place = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    assert place is not None
    world.runtime.services.directory.save_profile(
        TEAM,
        user,
        ProfileDraft(place_id=place.id, organisation="Home Office", job_title="Analyst"),
    )


# What the person waits for: fails fast ----------------------------------------------------------


def test_a_form_slack_holds_back_is_answered_busy_and_slack_is_not_asked_again(world: World):
    world.fake.fail_next("views.open", status=429, retry_after=30)
    refused = metric(world, "whoswho_slack_api_refused_total", method="views.open")

    first = world.slack.command("/whoswho", "me", response_url=world.fake.response_url("one"))
    assert first.status == 200
    [told] = world.fake.wait_for("response_url", where=lambda c: c.params["_path"] == "one")
    assert BUSY in texts(told.params)
    assert told.params["response_type"] == "ephemeral"

    world.slack.command("/whoswho", "me", response_url=world.fake.response_url("two"))
    [again] = world.fake.wait_for("response_url", where=lambda c: c.params["_path"] == "two")
    assert BUSY in texts(again.params)
    # The second form was refused here, not by Slack: Slack was asked once.
    assert [call.status for call in world.fake.calls_to("views.open")] == [429]
    assert metric(world, "whoswho_slack_api_refused_total", method="views.open") == refused + 1


def test_an_answer_needed_now_fails_fast_while_slack_says_wait(world: World):
    world.fake.add_user(NEWCOMER, team_id=TEAM, is_admin=True)
    world.fake.fail_next("users.info", status=429, retry_after=30)

    world.slack.command("/event", "", user_id=NEWCOMER, response_url=world.fake.response_url("a"))
    [told] = world.fake.wait_for("response_url", where=lambda c: c.params["_path"] == "a")
    assert BUSY in texts(told.params)

    world.slack.command("/event", "", user_id=NEWCOMER, response_url=world.fake.response_url("b"))
    [again] = world.fake.wait_for("response_url", where=lambda c: c.params["_path"] == "b")
    assert BUSY in texts(again.params)
    assert len(world.fake.calls_to("users.info")) == 1
    world.fake.assert_no_call("views.open")


def test_a_form_submitted_while_slack_says_wait_is_answered_in_the_form(world: World):
    """The event form checks who may organise (users.info) before it answers: a 429 there is
    said in the form itself."""
    world.fake.add_user(NEWCOMER, team_id=TEAM, is_admin=True)
    world.fake.fail_next("users.info", status=429, retry_after=30)

    answer = world.slack.view_submission(CallbackId.EVENT_SUBMIT, {}, user_id=NEWCOMER)

    body = answer.json()
    assert body["response_action"] == "update"
    assert BUSY in texts(body["view"])


# What nobody waits for: sent later, once, by the outbox ------------------------------------------


def test_the_home_tab_slack_holds_back_is_published_once_after_the_wait(world: World):
    world.fake.fail_next("views.publish", status=429, retry_after=1)
    deferred = metric(
        world, "whoswho_slack_api_deferred_total", method="views.publish", outcome="deferred"
    )

    assert world.slack.app_home_opened(ME).status == 200

    world.fake.wait_for("views.publish")
    held(world, 1)
    assert world.runtime.services.outbox.drain_due().sent == 0  # not before Slack's wait
    assert after_the_wait(world, 1) == 1
    assert after_the_wait(world, 60) == 0  # sent once, not again
    first, second = world.fake.calls_to("views.publish")
    assert (first.status, second.status) == (429, 200)
    assert second.params["user_id"] == ME
    assert (
        metric(
            world, "whoswho_slack_api_deferred_total", method="views.publish", outcome="deferred"
        )
        == deferred + 1
    )


def test_listeners_go_on_at_once_while_their_dms_wait_for_slack(world: World):
    """Each export's DM waits for Slack's 5 seconds in the outbox: every export is answered,
    and a search typed after them all is answered too, while the DMs still wait (a listener
    sleeping them out would hold every listener thread meanwhile). Then each DM is sent, once."""
    add_person(world, ME)
    exports = 6  # more than the listeners' threads
    world.fake.fail_next("chat.postMessage", status=429, retry_after=5)
    deferred = metric(
        world, "whoswho_slack_api_deferred_total", method="chat.postMessage", outcome="deferred"
    )

    for number in range(exports):
        url = world.fake.response_url(f"export-{number}")
        world.slack.command("/whoswho", "export", response_url=url)
        if number == 0:  # Slack has said wait before the others start
            world.fake.wait_for("chat.postMessage")
    world.slack.command("/whoswho", "Leeds", response_url=world.fake.response_url("search"))

    replies = world.fake.wait_for("response_url", count=exports + 1)
    assert any(call.params["_path"] == "search" for call in replies)
    assert sum(t("privacy.export.sent") in texts(call.params) for call in replies) == exports
    held(world, exports)
    # Slack was not asked again while it said wait: each DM waits in the outbox.
    assert [call.status for call in world.fake.calls_to("chat.postMessage")] == [429]
    assert (
        metric(
            world,
            "whoswho_slack_api_deferred_total",
            method="chat.postMessage",
            outcome="deferred",
        )
        == deferred + exports
    )
    assert after_the_wait(world, 5) == exports
    assert after_the_wait(world, 60) == 0
    sent = [call for call in world.fake.calls_to("chat.postMessage") if call.status == 200]
    assert len(sent) == exports
    assert {call.params["channel"] for call in sent} == {ME}


def test_a_dm_held_back_survives_the_process_stopping_and_is_sent_once_by_another(
    world: World, database_url
):
    """The DM waits in the database, not in the process: a process started afterwards on the
    same database (another replica, or this one restarted) sends it, once."""
    add_person(world, ME)
    world.fake.fail_next("chat.postMessage", status=429, retry_after=30)
    world.slack.command("/whoswho", "export", response_url=world.fake.response_url("export"))
    world.fake.wait_for("response_url", where=lambda c: c.params["_path"] == "export")
    held(world, 1)

    # This process stops here; another starts on the same database once Slack's wait is over.
    world.clock.advance(seconds=30)
    other = build_services(
        make_settings(world.fake, database_url),
        engine=world.runtime.engine,
        clock=world.clock,
        gazetteer=world.runtime.services.directory.gazetteer,
    )
    assert other.outbox.drain_due().sent == 1
    assert other.outbox.drain_due().sent == 0
    posts = world.fake.calls_to("chat.postMessage")
    assert [(call.status, call.params["channel"]) for call in posts] == [(429, ME), (200, ME)]
    assert posts[0].params["text"] == posts[1].params["text"]


def announced_event(world: World) -> int:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
    for user in (FRIEND, OTHER):
        world.fake.add_user(user, team_id=TEAM)
    events = world.runtime.services.events
    place = events.place_choices("Leeds", limit=1)[0][0]
    starts = world.clock.now() + timedelta(days=7)
    created = events.create_event(
        TEAM,
        ADMIN,
        EventDraft(
            title="Data meet-up",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue="Quarry House",
            place_id=place,
        ),
    )
    events.record_announcement(TEAM, created.event.id, CHANNEL, "1700000000.000100")
    return created.event.id


def test_announcement_updates_held_back_are_sent_once_with_the_latest_counts(world: World):
    event_id = announced_event(world)
    world.fake.fail_next("chat.update", status=429, retry_after=6)
    replaced = metric(
        world, "whoswho_slack_api_deferred_total", method="chat.update", outcome="replaced"
    )

    for number, user in enumerate((FRIEND, OTHER), start=1):
        world.slack.block_action(
            ActionId.EVENT_GOING,
            value=str(event_id),
            user_id=user,
            response_url=world.fake.response_url(user),
        )
        world.fake.wait_for("response_url", where=lambda c, u=user: c.params["_path"] == u)
        if number == 1:  # the first click's update has been refused: the second one's waits
            world.fake.wait_for("chat.update")
            held(world, 1)

    # Both clicks were answered at once; the announcement is updated once Slack allows, and
    # once only: the newer counts replaced the older ones while they waited.
    deadline = time.monotonic() + 10
    while (
        metric(world, "whoswho_slack_api_deferred_total", method="chat.update", outcome="replaced")
        < replaced + 1
    ):
        assert time.monotonic() < deadline, "the second update did not replace the first"
        time.sleep(0.02)
    held(world, 1)
    assert after_the_wait(world, 6) == 1
    assert after_the_wait(world, 60) == 0
    updates = world.fake.calls_to("chat.update")
    assert [call.status for call in updates] == [429, 200]
    assert updates[-1].params["channel"] == CHANNEL
    assert t("event.counts.going", going=2) in texts(updates[-1].params)


def test_a_dm_held_back_is_sent_in_order_after_the_wait(world: World):
    """Three DMs to one person while Slack says wait arrive once each, in the order sent."""
    add_person(world, ME)
    hub = calls_hub(world)
    world.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    app_client = world.runtime.app.client
    client = hub.client_like(
        WebClient(token=app_client.token, base_url=app_client.base_url, team_id=TEAM)
    )

    for number in range(3):
        answer = deferrable(client).chat_postMessage(channel=ME, text=f"part {number}")
        assert answer["ok"]
        assert answer["deferred"]
    assert after_the_wait(world, 1) == 3
    posts = world.fake.calls_to("chat.postMessage")
    assert [(call.params["text"], call.status) for call in posts] == [
        ("part 0", 429),  # refused: each then sent once, in order
        ("part 0", 200),
        ("part 1", 200),
        ("part 2", 200),
    ]
