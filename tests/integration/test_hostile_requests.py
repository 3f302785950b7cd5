"""Proof 4: forged, tampered, unsigned and replayed (over five minutes old) requests are all
refused with 401, for every kind of request, and change nothing: not a row of any table, not a
call to Slack. The same requests genuinely signed are accepted and do change things, so the
refused ones were not harmless by accident. Through the real HTTP endpoint, on SQLite or
PostgreSQL. (`benchmarks/hostile_requests.py` sends many of each to `python -m bot`.)"""

from __future__ import annotations

import time

import pytest

from benchmarks.hostile_requests import KINDS, VARIANTS, Requests, differences, snapshot
from bot.services import outbox
from tests.integration.conftest import ME, SIGNING_SECRET, TEAM, World
from tests.integration.test_whoswho import add_person, leeds


@pytest.fixture
def requests(world: World) -> Requests:
    """Something to lose first: ME's profile and a scheduled message to them."""
    add_person(world, ME, job_title="Analyst")
    world.runtime.services.outbox.schedule(
        [
            outbox.direct_message(
                TEAM, ME, "hostile:1", text_key="directory.status.visible", due_at=world.clock.now()
            )
        ]
    )
    return Requests(world.slack, SIGNING_SECRET, world.fake.response_url, leeds(world), victim=ME)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_a_hostile_request_is_refused_and_changes_nothing(
    world: World, requests: Requests, kind: str, variant: str
):
    before = snapshot(world.runtime.engine)
    calls = len(world.fake.calls)  # Bolt checked the bot token with auth.test at start-up

    response = requests.send(kind, variant)

    assert response.status == 401
    assert response.json() == {"error": "invalid request"}
    time.sleep(0.3)  # anything processed after an ack would have landed by now
    assert differences(before, snapshot(world.runtime.engine)) == {}
    assert world.fake.calls[calls:] == []


def test_many_hostile_requests_at_once_change_nothing(world: World, requests: Requests):
    before = snapshot(world.runtime.engine)
    calls = len(world.fake.calls)

    statuses = [requests.send(kind, variant).status for kind in KINDS for variant in VARIANTS]

    assert set(statuses) == {401}
    time.sleep(0.3)
    after = snapshot(world.runtime.engine)
    assert differences(before, after) == {}
    assert len(after["profiles"]) == 1
    assert len(after["outbox"]) == 1
    assert world.fake.calls[calls:] == []


def wait_for_change(world: World, before, *tables: str, seconds: float = 5.0) -> dict[str, int]:
    """What changed since `before`, once every one of `tables` has (events are processed after
    their ack). Each table is read on its own, so a read taken while a transaction commits can
    see some of its tables changed and not yet the others: wait for all of them."""
    deadline = time.monotonic() + seconds
    changed: dict[str, int] = {}
    while time.monotonic() < deadline:
        changed = differences(before, snapshot(world.runtime.engine))
        if all(table in changed for table in tables):
            break
        time.sleep(0.05)
    return changed


def test_the_same_requests_genuinely_signed_are_accepted_and_do_change_things(
    world: World, requests: Requests
):
    command = requests.send("command")
    [reply] = world.fake.wait_for(
        "response_url", where=lambda call: call.params["_path"] == "genuine"
    )
    before = snapshot(world.runtime.engine)
    view = requests.send("view", job_title="Changed genuinely")
    after_view = differences(before, snapshot(world.runtime.engine))
    before = snapshot(world.runtime.engine)
    event = requests.send("event")
    after_event = wait_for_change(world, before, "profiles", "slack_deliveries")
    before = snapshot(world.runtime.engine)
    action = requests.send("action")
    after_action = wait_for_change(world, before, "profiles", "outbox")

    assert [command.status, view.status, event.status, action.status] == [200] * 4
    assert "erase" in str(reply.params).lower()
    assert "profiles" in after_view  # the profile was changed
    assert "profiles" in after_event  # the person was hidden as gone
    assert "slack_deliveries" in after_event  # and the delivery taken in
    assert "profiles" in after_action  # and then erased
    assert "outbox" in after_action  # with their scheduled message
