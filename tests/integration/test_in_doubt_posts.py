"""Posts whose fate is unknown, end to end: a DM Slack answered 5xx (posted or not) is never
resent by the listener; the outbox looks for it in the DM and posts it only if it is not there,
under Slack's usual history limits and under the limits for apps distributed outside the Slack
Marketplace (one conversations.history call a minute, 15 messages a page)."""

from __future__ import annotations

from collections import Counter

import pytest
from slack_sdk import WebClient

from bot.domain.outbox import Delivered, OutboxStatus, RetryLater
from bot.i18n import t
from bot.services import outbox
from handlers.slack.answers import POST_EVENT_TYPE
from handlers.slack.outbox import SlackDispatcher
from handlers.slack.outbox_base import OUTBOX_EVENT_TYPE
from handlers.slack.outbox_history import HISTORY_PAGE, HISTORY_PAGES
from handlers.slack.outbox_kinds import build_renderers
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_outbox import client_for, drain, message, row, schedule_dm
from tests.integration.test_rate_limits import add_person, texts
from tests.support.fake_slack import HISTORY_LIMITED_PAGE, FakeSlack

MY_DM = "D" + ME[1:]
SAM, SAMS_DM = "U0SAM", "D0SAM"
LATER_MESSAGES = 40  # newer than the one in doubt, in its window: several limited pages


@pytest.fixture
def in_step(world: World) -> World:
    """The loopback Slack stamps messages by the test's clock, as Slack and the app agree."""
    world.fake.now = lambda: world.clock.now().timestamp()
    world.fake.add_user(SAM, team_id=TEAM, real_name="Sam Example")
    add_person(world, ME)
    return world


def export(world: World) -> None:
    """`/whoswho export`: the person's data comes to them in DMs sent by the listener."""
    world.slack.command("/whoswho", "export", response_url=world.fake.response_url("export"))
    [said] = world.fake.wait_for("response_url", where=lambda c: c.params["_path"] == "export")
    assert t("privacy.export.sent") in texts(said.params)


def copies(world: World, conversation: str) -> Counter[str]:
    """How many times each text was posted in a conversation."""
    return Counter(message["text"] for message in world.fake.posted.get(conversation, []))


def post_ids(world: World, conversation: str) -> Counter[str]:
    return Counter(
        str(message["metadata"]["event_payload"]["post_id"])
        for message in world.fake.posted.get(conversation, [])
        if (message.get("metadata") or {}).get("event_type") == POST_EVENT_TYPE
    )


# A listener's DM answered 5xx ------------------------------------------------------------------


def test_a_dm_slack_posted_but_whose_answer_was_lost_is_found_and_not_posted_again(in_step):
    world = in_step
    world.fake.lose_next_answer("chat.postMessage")

    export(world)

    first = world.fake.calls_to("chat.postMessage")[0]
    assert first.status == 500
    # Not resent by the listener: the first part is in the DM once, its fate unknown to the app.
    assert [c.params["text"] for c in world.fake.calls_to("chat.postMessage")].count(
        first.params["text"]
    ) == 1
    world.clock.advance(minutes=1)
    report = drain(world)

    assert (report.already_sent, report.sent) == (1, 0)
    assert set(copies(world, MY_DM).values()) == {1}
    assert set(post_ids(world, MY_DM).values()) == {1}
    assert first.params["text"] in copies(world, MY_DM)
    assert drain(world).claimed == 0


def test_a_dm_slack_did_not_post_after_a_5xx_is_posted_once_by_the_outbox(in_step):
    world = in_step
    world.fake.fail_next("chat.postMessage", status=500, retry_after=None)

    export(world)

    first = world.fake.calls_to("chat.postMessage")[0]
    assert first.status == 500
    assert first.params["text"] not in copies(world, MY_DM)  # not resent by the listener
    world.clock.advance(minutes=1)
    report = drain(world)

    assert (report.already_sent, report.sent) == (0, 1)
    assert copies(world, MY_DM)[first.params["text"]] == 1
    assert set(copies(world, MY_DM).values()) == {1}
    assert set(post_ids(world, MY_DM).values()) == {1}
    assert drain(world).claimed == 0


# The in-doubt check under both history regimes ------------------------------------------------


def in_doubt_dm_with_later_messages(world: World, *, posted: bool) -> None:
    """A scheduled DM to Sam whose post Slack answered 5xx (having posted it, or not), then
    LATER_MESSAGES other messages in Sam's DM, newer than it and inside its window."""
    schedule_dm(world, "doubt")
    if posted:
        world.fake.lose_next_answer("chat.postMessage")
    else:
        world.fake.fail_next("chat.postMessage", status=503, retry_after=None)
    assert drain(world).retried == 1
    assert row(world, "doubt").in_doubt
    other = WebClient(token="xoxb-test-token", base_url=world.fake.base_url, retry_handlers=[])
    for number in range(LATER_MESSAGES):
        other.chat_postMessage(channel=SAM, text=f"later {number}")


def drain_until_finished(world: World, rounds: int) -> int:
    """Ticks a minute apart until the row is finished; how many ticks it took."""
    for tick in range(1, rounds + 1):
        world.clock.advance(seconds=61)
        drain(world)
        if row(world, "doubt").status is not OutboxStatus.PENDING:
            return tick
    raise AssertionError(f"still pending after {rounds} ticks: {row(world, 'doubt')}")


@pytest.mark.parametrize("posted", [True, False])
def test_an_in_doubt_dm_is_neither_posted_twice_nor_lost_under_the_limited_history(in_step, posted):
    world = in_step
    in_doubt_dm_with_later_messages(world, posted=posted)
    world.fake.limit_history()

    drain_until_finished(world, rounds=LATER_MESSAGES // HISTORY_LIMITED_PAGE + 3)

    done = row(world, "doubt")
    assert done.status is OutboxStatus.SENT
    assert list(world.fake.outbox_deliveries().values()) == [1]  # once, posted or found
    answered = [c for c in world.fake.calls_to("conversations.history") if c.status == 200]
    assert all(int(c.params["limit"]) >= HISTORY_LIMITED_PAGE for c in answered)
    # Each page read once: the check resumed where it stopped after each 429.
    assert len(answered) <= LATER_MESSAGES // HISTORY_LIMITED_PAGE + 1


@pytest.mark.parametrize("posted", [True, False])
def test_under_the_usual_history_limits_one_call_checks_the_same_conversation(in_step, posted):
    world = in_step
    in_doubt_dm_with_later_messages(world, posted=posted)

    world.clock.advance(minutes=1)
    report = drain(world)

    assert (report.already_sent, report.sent) == ((1, 0) if posted else (0, 1))
    [check] = world.fake.calls_to("conversations.history")
    assert int(check.params["limit"]) > LATER_MESSAGES
    assert float(check.params["oldest"]) < float(check.params["latest"])
    assert list(world.fake.outbox_deliveries().values()) == [1]


def test_an_in_doubt_check_held_back_by_slack_does_not_ask_again_before_the_wait(in_step):
    world = in_step
    in_doubt_dm_with_later_messages(world, posted=True)
    world.fake.limit_history()
    world.runtime.services.outbox.schedule(
        [
            outbox.direct_message(
                TEAM, ME, "other", text_key="nudge.hidden", due_at=world.clock.now()
            )
        ]
    )
    world.clock.advance(minutes=1)
    drain(world)  # one page read, the next one refused: the check waits for Slack's minute
    asked = len(world.fake.calls_to("conversations.history"))

    world.clock.advance(seconds=30)
    drain(world)

    assert len(world.fake.calls_to("conversations.history")) == asked
    assert row(world, "doubt").status is OutboxStatus.PENDING
    assert row(world, "other").status is OutboxStatus.SENT  # other messages go on meanwhile


# The loopback Slack itself --------------------------------------------------------------------


def test_the_loopback_slack_limits_history_as_slack_does_outside_the_marketplace():
    now = [1_800_000_000.0]
    with FakeSlack(now=lambda: now[0]) as fake:
        client = WebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[])
        for number in range(20):
            client.chat_postMessage(channel=SAM, text=f"m{number}")
        fake.limit_history()

        first = client.conversations_history(channel=SAMS_DM, limit=200)
        with pytest.raises(Exception) as refused:  # noqa: PT011 - SlackApiError, a 429
            client.conversations_history(channel=SAMS_DM, limit=200)
        now[0] += 60
        second = client.conversations_history(
            channel=SAMS_DM, limit=200, cursor=first["response_metadata"]["next_cursor"]
        )

    assert len(first["messages"]) == HISTORY_LIMITED_PAGE
    assert first["has_more"]
    assert refused.value.response.status_code == 429  # type: ignore[attr-defined]
    assert int(refused.value.response.headers["Retry-After"]) == 60  # type: ignore[attr-defined]
    assert len(second["messages"]) == 20 - HISTORY_LIMITED_PAGE


def test_a_long_conversation_is_read_through_across_ticks_never_again_from_the_top():
    """More messages in the window than one check reads (HISTORY_PAGES pages): the check
    stops, and the next one reads on from where it stopped until it finds the message."""
    first_attempt = message(in_doubt=True).first_attempt_at
    assert first_attempt is not None
    start = first_attempt.timestamp()
    ours = {
        "type": "message",
        "ts": f"{int(start) + 1}.000001",
        "text": "ours",
        "metadata": {"event_type": OUTBOX_EVENT_TYPE, "event_payload": {"outbox_id": 42}},
    }
    later = HISTORY_PAGES * HISTORY_PAGE + 50
    others = [
        {"type": "message", "ts": f"{int(start) + 2}.{n + 1:06d}", "text": f"later {n}"}
        for n in range(later)
    ]
    with FakeSlack() as fake:
        fake.posted[SAMS_DM] = [ours, *others]
        dispatcher = SlackDispatcher(client_for(fake.base_url), build_renderers())

        first = dispatcher.deliver(message(in_doubt=True))
        read_first = len(fake.calls_to("conversations.history"))
        second = dispatcher.deliver(message(in_doubt=True, attempts=3))
        history = fake.calls_to("conversations.history")

    assert isinstance(first, RetryLater)
    assert (first.maybe_delivered, first.method) == (True, "conversations.history")
    assert read_first == HISTORY_PAGES
    assert isinstance(second, Delivered)
    assert second.found
    assert len(history) == HISTORY_PAGES + 1  # read on from where it stopped: one more page
    assert fake.calls_to("chat.postMessage") == []
