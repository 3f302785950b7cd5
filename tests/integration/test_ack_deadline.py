"""Every request is answered within Slack's 3 seconds, whatever the database or Slack is doing,
and the person still gets their result (or a polite word) afterwards.

The database is stalled by another connection holding its write lock (SQLite: BEGIN IMMEDIATE;
PostgreSQL: every table locked, so reads wait too), and Slack by the loopback stand-in holding
its answers (`FakeSlack.slow`). Each test asserts the order of things: the HTTP answer arrives
while the stall is still on; what the person asked for arrives after it ends.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from bot.i18n import t
from handlers.events.blocks.form import event_form_view
from handlers.ids import ActionId, BlockId, CallbackId
from storage.models import Base
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_whoswho import add_person, form_values, leeds, wait_until_active_is
from tests.support.fake_slack import iter_texts
from tests.support.forms import event_form_values
from tests.support.slack_client import Response

STILL_WORKING = t("errors.still_working")
NEWCOMER = "U0NEWADMIN"
HELD = 60.0  # seconds Slack holds a call: longer than any test, which lets go of it itself


@pytest.fixture
def slow(world: World) -> Iterator[World]:
    """The world, with whatever Slack still holds let go of at the end."""
    try:
        yield world
    finally:
        world.fake.release()


def texts(payload: Any) -> str:
    return " ".join(iter_texts(payload))


@contextmanager
def database_stalled(world: World) -> Iterator[None]:
    """Another connection holds the database's write lock (on PostgreSQL, every table's lock,
    so reads wait too) until the block ends."""
    engine = world.runtime.engine
    if engine.dialect.name == "sqlite":
        holder = sqlite3.connect(str(engine.url.database), timeout=5, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        return
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.connect() as holder:
        transaction = holder.begin()
        holder.execute(text(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"))
        try:
            yield
        finally:
            transaction.rollback()


def all_at_once(requests: list[Any]) -> list[Response]:
    """Send each request (a function) from its own thread, at once; their answers in order."""
    answers: list[Response | None] = [None] * len(requests)

    def send(index: int) -> None:
        answers[index] = requests[index]()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answer is not None for answer in answers)
    return [answer for answer in answers if answer is not None]


def path_is(path: str) -> Any:
    return lambda call: call.params.get("_path") == path


# The database stalled ---------------------------------------------------------------------------


def test_a_form_is_answered_in_time_and_shows_its_result_once_the_database_answers(world: World):
    with database_stalled(world):
        answer = world.slack.view_submission(CallbackId.PROFILE_SUBMIT, form_values(leeds(world)))
        assert answer.status == 200
        body = answer.json()
        assert body["response_action"] == "update"
        assert STILL_WORKING in texts(body["view"])
        assert world.fake.calls_to("views.update") == []  # nothing saved yet

    [update] = world.fake.wait_for("views.update", timeout=10)
    assert update.params["view_id"] == "V0MODAL"
    assert t("profile.saved", place="Leeds").split("*")[0] in texts(update.params["view"])
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is not None
    world.fake.wait_for("views.publish")  # and the Home tab shows it


def test_clicks_are_answered_in_time_even_with_every_listener_thread_waiting(world: World):
    """Seven people hide their profiles at once while the database is stalled: more than the
    listeners' threads, so some listeners cannot even start. Every click is answered while
    the stall is on; every person is told once it ends."""
    people = [f"U0HIDER{n}" for n in range(7)]
    for person in people:
        add_person(world, person)

    def hide(person: str) -> Any:
        return lambda: world.slack.block_action(
            ActionId.PROFILE_HIDE, user_id=person, response_url=world.fake.response_url(person)
        )

    with database_stalled(world):
        answers = all_at_once([hide(person) for person in people])
        assert [answer.status for answer in answers] == [200] * len(people)
        assert world.fake.calls_to("response_url") == []

    for person in people:
        [told] = world.fake.wait_for("response_url", where=path_is(person), timeout=15)
        assert t("profile.hidden") in texts(told.params)


def test_commands_are_answered_in_time_and_answered_in_full_after(world: World):
    add_person(world, ME)
    with database_stalled(world):
        answer = world.slack.command(
            "/whoswho", "forget", response_url=world.fake.response_url("forget")
        )
        assert answer.status == 200
        erase = world.slack.block_action(
            ActionId.FORGET_CONFIRM, response_url=world.fake.response_url("erase")
        )
        assert erase.status == 200
        erased = [call for call in world.fake.calls_to("response_url") if path_is("erase")(call)]
        assert erased == []  # nothing erased yet

    [done] = world.fake.wait_for("response_url", where=path_is("erase"), timeout=10)
    assert t("privacy.forget.done") in texts(done.params)
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is None


def test_events_are_acked_in_time_and_processed_once_after(world: World):
    add_person(world, "U0LEAVER")
    with database_stalled(world):
        left = world.slack.user_change({"id": "U0LEAVER", "team_id": TEAM, "deleted": True})
        opened = world.slack.app_home_opened(ME)
        assert (left.status, opened.status) == (200, 200)
        assert world.fake.calls_to("views.publish") == []

    world.fake.wait_for("views.publish", timeout=10)
    wait_until_active_is(world, "U0LEAVER", False)
    assert len(world.fake.calls_to("views.publish")) == 1


@pytest.mark.postgresql
def test_a_search_waiting_on_a_locked_table_is_acked_and_answered_after(world: World):
    """On PostgreSQL a table lock holds reads too: the search is acked, and answered after."""
    add_person(world, "U0FOUND")
    with database_stalled(world):
        answer = world.slack.command(
            "/whoswho", "Leeds", response_url=world.fake.response_url("search")
        )
        assert answer.status == 200
        assert world.fake.calls_to("response_url") == []
    [reply] = world.fake.wait_for("response_url", where=path_is("search"), timeout=10)
    assert "U0FOUND" in texts(reply.params)


# Slack slow -------------------------------------------------------------------------------------


def event_form(world: World, **fields: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The event form as Slack shows it (its blocks) and as submitted (its state)."""
    events = world.runtime.services.events
    view = event_form_view(
        None, place_label=None, regions=events.regions(), now=events.now(), timezone="UTC"
    )
    start = world.clock.now() + timedelta(days=7)
    place = events.place_choices("Leeds", limit=1)[0][0]
    values = event_form_values(
        place_id=place, start=start, title=fields.get("title", "Meet-up"), place_label="Leeds"
    )
    return view, values


def submit(world: World, view: dict[str, Any], values: dict[str, Any], user: str) -> Response:
    """A view_submission as Slack sends it: the whole view, its blocks and state."""
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "deprecated-verification-token",
        "trigger_id": "trigger.form",
        "is_enterprise_install": False,
        "enterprise": None,
        "view": {
            **view,
            "id": "V0EVENTFORM",
            "team_id": TEAM,
            "private_metadata": json.dumps({"tz": "UTC"}),
            "state": {"values": values},
            "hash": "1700000000.abcdef",
            "app_id": "A0APP",
        },
        "response_urls": [],
    }
    return world.slack._interactive(payload)


def test_a_form_waiting_on_slack_is_answered_in_time_then_carries_on(slow: World):
    """The event form asks Slack whether the organiser is an admin before it can answer. With
    Slack holding that question, the form is answered while it is still held; once Slack
    answers, the window shows the event being posted, and the organiser gets the report."""
    world = slow
    world.fake.add_user(NEWCOMER, team_id=TEAM, is_admin=True)
    world.fake.slow("users.info", HELD)
    view, values = event_form(world)

    answer = submit(world, view, values, NEWCOMER)

    assert world.fake.held["users.info"] == 1  # answered while Slack still holds its call
    body = answer.json()
    assert body["response_action"] == "update"
    assert STILL_WORKING in texts(body["view"])
    world.fake.release()
    [update] = world.fake.wait_for("views.update", timeout=10)
    assert update.params["view_id"] == "V0EVENTFORM"
    assert t("event.modal.posting").split(".")[0] in texts(update.params["view"])
    world.fake.wait_for("chat.postMessage", where=lambda call: call.params["channel"] == NEWCOMER)


def test_a_form_with_mistakes_found_late_comes_back_as_typed_with_the_mistakes(slow: World):
    world = slow
    world.fake.add_user(NEWCOMER, team_id=TEAM, is_admin=True)
    world.fake.slow("users.info", HELD)
    view, values = event_form(world, title="")

    answer = submit(world, view, values, NEWCOMER)
    assert STILL_WORKING in texts(answer.json()["view"])
    world.fake.release()

    [update] = world.fake.wait_for("views.update", timeout=10)
    again = update.params["view"]
    assert again["callback_id"] == CallbackId.EVENT_SUBMIT  # the form itself, to send again
    assert t("event.errors.title_missing") in texts(again["blocks"][0])
    venue = next(b for b in again["blocks"] if b.get("block_id") == BlockId.EVENT_VENUE)
    assert venue["element"]["initial_value"] == "Quarry House"  # what was typed, kept
    assert len(again["blocks"]) == len(view["blocks"]) + 1
    world.fake.assert_no_call("chat.postMessage")


def test_every_listener_thread_waiting_on_slack_still_lets_requests_be_answered(slow: World):
    """As many forms being opened while Slack holds views.open as there are listener threads
    take every one of them; the next command, a click and an event are answered all the same,
    and done once Slack answers."""
    world = slow
    threads = world.runtime.listener_threads
    world.fake.slow("views.open", HELD)
    for number in range(threads):
        world.slack.command("/whoswho", "me", response_url=world.fake.response_url(f"me{number}"))
    world.fake.wait_until_held("views.open", count=threads, timeout=20)

    late = world.slack.command("/whoswho", "me", response_url=world.fake.response_url("me5"))
    click = world.slack.block_action(ActionId.HELP_SHOW, response_url=world.fake.response_url("h"))
    opened = world.slack.app_home_opened(ME)

    assert (late.status, click.status, opened.status) == (200, 200, 200)
    # All answered while Slack still held the forms.
    assert world.fake.held["views.open"] == threads
    assert world.fake.calls_to("views.open") == []
    world.fake.release()
    world.fake.wait_for("views.open", count=threads + 1, timeout=20)
    world.fake.wait_for("response_url", where=path_is("h"), timeout=10)
    world.fake.wait_for("views.publish", timeout=10)


def test_an_event_is_acked_while_slack_holds_the_home_tab(slow: World):
    world = slow
    world.fake.slow("views.publish", HELD)
    assert world.slack.app_home_opened(ME).status == 200
    world.fake.wait_until_held("views.publish")
    assert world.fake.calls_to("views.publish") == []
    world.fake.release()
    world.fake.wait_for("views.publish")
