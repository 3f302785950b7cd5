"""Calls nobody waits for (a DM, an announcement's update, the Home tab) that Slack holds back:
the listener is answered at once, and the call waits in the outbox (in the database) until
Slack's wait is over, then is sent once, in order with the calls before it to the same place,
the newest update of one message replacing older ones, with the outbox's bounded attempts.
Against the loopback Slack, with a real outbox on SQLite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prometheus_client import REGISTRY
from slack_sdk import WebClient

from bot.domain.outbox import Backoff, OutboxStatus
from bot.services.outbox_sender import OutboxService
from handlers.slack.answers import SlackBusyError
from handlers.slack.calls import GatedWebClient, SlackCalls, deferrable
from handlers.slack.outbox import SlackDispatcher
from handlers.slack.outbox_kinds import build_renderers, held_call_poster
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.clock import FixedClock
from tests.support.fake_slack import FakeSlack

TOKEN = "xoxb-one"
TEAM = "T0001"
HOME = {"type": "home", "blocks": []}


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("U0SAM", team_id=TEAM)
        yield fake


@pytest.fixture
def outbox(fake: FakeSlack, engine, clock: FixedClock) -> OutboxService:
    client = WebClient(token=TOKEN, base_url=fake.base_url, timeout=5, retry_handlers=[])
    return OutboxService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
        clock,
        SlackDispatcher(client, build_renderers(), clock=clock),
        worker_id="test",
        max_attempts=3,
        backoff=Backoff(base_seconds=1.0, jitter=0.0),
    )


@pytest.fixture
def calls(outbox: OutboxService, clock: FixedClock) -> SlackCalls:
    calls = SlackCalls()
    calls.hold = held_call_poster(outbox, clock)
    return calls


def client_of(fake: FakeSlack, calls: SlackCalls, team_id: str | None = TEAM) -> WebClient:
    gated = GatedWebClient(
        token=TOKEN,
        base_url=fake.base_url,
        timeout=5,
        retry_handlers=[],
        calls=calls,
        team_id=team_id,
    )
    return deferrable(gated)


def deferred(method: str, outcome: str) -> float:
    labels = {"method": method, "outcome": outcome}
    return REGISTRY.get_sample_value("whoswho_slack_api_deferred_total", labels) or 0.0


def after(outbox: OutboxService, clock: FixedClock, seconds: float) -> int:
    """`seconds` pass and the outbox's tick runs: how many messages it sent."""
    clock.advance(seconds=seconds)
    return outbox.drain_due().sent


def test_a_call_nobody_waits_for_is_answered_at_once_and_sent_once_after_the_wait(
    fake, calls, outbox, clock
):
    client = client_of(fake, calls)
    handed = deferred("views.publish", "deferred")
    fake.fail_next("views.publish", status=429, retry_after=1)

    answer = client.views_publish(user_id="U0SAM", view=HOME)

    assert answer["ok"]
    assert answer["deferred"]
    assert outbox.drain_due().sent == 0  # not before Slack's wait is over
    assert after(outbox, clock, 1) == 1
    assert after(outbox, clock, 60) == 0  # once
    first, second = fake.calls_to("views.publish")
    assert (first.status, second.status) == (429, 200)
    assert second.params["user_id"] == "U0SAM"
    assert deferred("views.publish", "deferred") == handed + 1


def test_a_newer_update_of_the_same_message_replaces_the_one_still_waiting(
    fake, calls, outbox, clock
):
    client = client_of(fake, calls)
    calls.gate.hold(client.workspace, "chat.update", 3)  # type: ignore[attr-defined]
    replaced = deferred("chat.update", "replaced")

    for count in (1, 2, 3):
        client.chat_update(channel="C0ONE", ts="1.000100", text=f"{count} going")
    client.chat_update(channel="C0ONE", ts="2.000200", text="another message")

    assert after(outbox, clock, 3) == 2
    assert after(outbox, clock, 60) == 0
    assert sorted(call.params["text"] for call in fake.calls_to("chat.update")) == [
        "3 going",
        "another message",
    ]
    assert deferred("chat.update", "replaced") == replaced + 2
    assert outbox.health().counts.get(OutboxStatus.CANCELLED) == 2


def test_the_home_tab_published_again_replaces_the_one_waiting(fake, calls, outbox, clock):
    client = client_of(fake, calls)
    fake.fail_next("views.publish", status=429, retry_after=5)

    client.views_publish(user_id="U0SAM", view={**HOME, "private_metadata": "old"})
    client.views_publish(user_id="U0SAM", view={**HOME, "private_metadata": "new"})

    assert after(outbox, clock, 5) == 1
    assert [call.params["view"]["private_metadata"] for call in fake.calls_to("views.publish")] == [
        "old",  # the call Slack refused
        "new",
    ]


def test_messages_to_one_place_wait_behind_the_one_waiting_and_keep_their_order(
    fake, calls, outbox, clock
):
    client = client_of(fake, calls)
    fake.fail_next("chat.postMessage", status=429, retry_after=1)

    for number in range(3):
        client.chat_postMessage(channel="U0SAM", text=f"part {number}")
    client.chat_postMessage(channel="C0ELSEWHERE", text="not held")  # held too: same method

    assert after(outbox, clock, 1) == 4
    to_sam = [c.params["text"] for c in fake.calls_to("chat.postMessage") if c.status == 200]
    assert [text for text in to_sam if text.startswith("part")] == ["part 0", "part 1", "part 2"]
    assert len(fake.calls_to("chat.postMessage")) == 5  # one refused, then each once


def test_attempts_are_bounded_and_a_post_is_looked_for_before_it_is_sent_again(
    fake, calls, outbox, clock
):
    client = client_of(fake, calls)
    fake.fail_next("chat.update", status=429, retry_after=1)
    fake.fail_next("chat.update", status=503, retry_after=None, times=10)
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    fake.fail_next("chat.postMessage", status=503, retry_after=None, times=10)

    client.chat_update(channel="C0ONE", ts="1.000100", text="update")
    client.chat_postMessage(channel="U0SAM", text="post")
    for _ in range(10):
        after(outbox, clock, 600)

    counts = outbox.health().counts
    assert counts.get(OutboxStatus.FAILED) == 2
    assert len(fake.calls_to("chat.update")) == 4  # the listener's 429, then 3 attempts
    assert len(fake.calls_to("chat.postMessage")) == 4
    # Each post after a 5xx was looked for in the DM before it was sent again.
    assert len(fake.calls_to("conversations.history")) >= 2


def test_a_held_post_answered_5xx_is_looked_for_and_posted_once(fake, calls, outbox, clock):
    fake.now = lambda: clock.now().timestamp()  # Slack stamps messages as the app's clock reads
    client = client_of(fake, calls)
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    fake.lose_next_answer("chat.postMessage")  # posted, but the answer never came

    assert client.chat_postMessage(channel="U0SAM", text="later")["deferred"]
    for _ in range(5):
        after(outbox, clock, 60)

    assert [post["text"] for post in fake.posted.get("D0SAM", [])] == ["later"]
    assert outbox.health().counts.get(OutboxStatus.SENT) == 1


def test_without_the_outbox_or_a_workspace_a_held_call_fails_fast(fake, calls):
    fake.fail_next("chat.postMessage", status=429, retry_after=30, times=2)
    with pytest.raises(SlackBusyError):
        client_of(fake, SlackCalls()).chat_postMessage(channel="U0SAM", text="hello")
    with pytest.raises(SlackBusyError):
        client_of(fake, calls, team_id=None).chat_postMessage(channel="U0SAM", text="hello")
    assert [call.status for call in fake.calls_to("chat.postMessage")] == [429, 429]


def test_any_other_client_is_left_as_it_is():
    client = WebClient(token="xoxb-one")
    assert deferrable(client) is client
