"""The app within the scopes a workspace granted it, end to end: a mentoring group's
introduction whose answer was lost is looked for in the group DM (mpim:history) and not posted
twice; a workspace that installed the app before it asked for a scope is told what to do, and
nothing is lost; a post without its scope fails, recorded, and is not retried."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.domain.outbox import OutboxStatus
from handlers.slack.outbox_base import OUTBOX_EVENT_TYPE
from tests.integration.conftest import TEAM, World
from tests.integration.test_mentoring_groups import ORGANISER, formed_groups, join, matched, people
from tests.integration.test_outbox import row, schedule_dm
from tests.support.fake_slack import Chaos
from tests.support.slack_scopes import manifest_bot_scopes

TOKEN = "xoxb-test-token"  # the single workspace's bot token (conftest's settings)
SAM = "U0SAM"


@pytest.fixture
def organised(world: World) -> World:
    """An organiser, four people waiting for a group, and a loopback Slack that stamps messages
    by the test's clock (as Slack and the app agree on the time)."""
    world.fake.now = lambda: world.clock.now().timestamp()
    world.fake.add_user(ORGANISER, team_id=TEAM, is_admin=True)
    for user in people("GROUP", 4):
        join(world, user)
    return world


def tick(world: World):
    """The scheduler's outbox tick."""
    return world.runtime.services.outbox.drain_due()


def introduce_and_lose_the_answer(world: World) -> str:
    """`/mentoring match`; the tick posts the introduction in the group DM, but Slack's answer
    is lost (a 500 after the post): the outbox cannot tell it was posted. The group DM's id."""
    matched(world)
    world.fake.chaos(Chaos(lost_answer_rate=1.0))  # every post is done, its answer lost
    report = tick(world)
    world.fake.chaos(None)
    assert (report.sent, report.retried) == (0, 1)
    [members] = formed_groups(world, people("GROUP", 4)).values()
    [channel] = world.fake.group_dms.values()
    assert sorted(world.fake.group_dm_members(channel)) == sorted(members)
    assert len(introductions(world, channel)) == 1  # it did reach the group
    return channel


def introductions(world: World, channel: str) -> list[dict[str, Any]]:
    return [
        message
        for message in world.fake.posted.get(channel, [])
        if (message.get("metadata") or {}).get("event_type") == OUTBOX_EVENT_TYPE
    ]


def test_an_introduction_whose_answer_was_lost_is_found_in_the_group_dm_not_posted_twice(
    organised: World,
):
    world = organised
    channel = introduce_and_lose_the_answer(world)

    world.clock.advance(minutes=1)
    report = tick(world)

    assert (report.already_sent, report.sent) == (1, 0)
    [check] = world.fake.calls_to("conversations.history")
    assert check.params["channel"] == channel
    assert not check.failed
    assert len(introductions(world, channel)) == 1
    assert list(world.fake.outbox_deliveries().values()) == [1]
    assert tick(world).claimed == 0


def test_a_workspace_that_never_granted_mpim_history_gets_the_introduction_again_and_is_told(
    organised: World, caplog: pytest.LogCaptureFixture
):
    """Installed before the app asked for mpim:history: the check is refused. Not sending
    could lose the introduction, so it is sent again (the group may see it twice), and the
    log names the scope and what an admin does: reinstall the app."""
    world = organised
    world.fake.grant(TOKEN, [s for s in manifest_bot_scopes() if s != "mpim:history"])
    channel = introduce_and_lose_the_answer(world)

    world.clock.advance(minutes=1)
    with caplog.at_level(logging.WARNING, logger="handlers.slack.outbox"):
        report = tick(world)

    assert report.sent == 1
    [check] = world.fake.calls_to("conversations.history")
    assert check.failed
    assert len(introductions(world, channel)) == 2  # nothing lost; seen twice
    [warning] = [r.getMessage() for r in caplog.records if r.name == "handlers.slack.outbox"]
    assert "mpim:history" in warning
    assert TEAM in warning
    assert "reinstall" in warning


def test_a_post_without_its_scope_fails_recorded_and_is_not_retried(world: World):
    world.fake.now = lambda: world.clock.now().timestamp()
    world.fake.add_user(SAM, team_id=TEAM)
    world.fake.grant(TOKEN, [s for s in manifest_bot_scopes() if s != "chat:write"])
    schedule_dm(world, "unscoped", user=SAM)

    assert tick(world).failed == 1
    world.clock.advance(days=1)
    assert tick(world).claimed == 0

    failed = row(world, "unscoped")
    assert failed.status is OutboxStatus.FAILED
    assert failed.last_error == "missing_scope chat:write (chat.postMessage)"
    [refused] = world.fake.calls_to("chat.postMessage")
    assert refused.failed
    assert world.fake.posted == {}
