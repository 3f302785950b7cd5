"""Events API deliveries that name no person the way Slack does (an empty or garbled user id,
one carrying a NUL byte, which PostgreSQL refuses to compare): acked, nothing published for
them, nothing changed, and no error. On SQLite, and on PostgreSQL when TEST_DATABASE_URL
names one."""

from __future__ import annotations

import logging
import time

import pytest

from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_whoswho import add_person

ODD_USERS = ("", " ", "U0\x00USER", "\x00", "<!channel>", "u0user1", "U0USER1\n", "U" * 40)


def settled(world: World, seconds: float = 0.4) -> None:
    """Give the listeners (which run after the ack) time to finish."""
    time.sleep(seconds)


@pytest.mark.parametrize("user", ODD_USERS)
def test_the_home_tab_of_no_one_in_particular_is_not_published(
    world: World, caplog: pytest.LogCaptureFixture, user: str
) -> None:
    caplog.set_level(logging.ERROR)

    answer = world.slack.app_home_opened(user)
    settled(world)

    assert answer.status == 200
    assert world.fake.calls_to("views.publish") == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_a_real_persons_home_tab_still_is(world: World) -> None:
    answer = world.slack.app_home_opened(ME)

    assert answer.status == 200
    [call] = world.fake.wait_for("views.publish")
    assert call.params["user_id"] == ME


@pytest.mark.parametrize("user", ODD_USERS)
def test_a_user_change_for_no_one_in_particular_changes_nothing(
    world: World, caplog: pytest.LogCaptureFixture, user: str
) -> None:
    caplog.set_level(logging.ERROR)
    add_person(world, ME)

    answer = world.slack.event(
        {"type": "user_change", "user": {"id": user, "team_id": TEAM, "deleted": True}}
    )
    settled(world)

    assert answer.status == 200
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    profile = world.runtime.services.directory.profile_status(TEAM, ME).profile
    assert profile is not None
    assert profile.active  # only a delivery naming them can hide them


def test_a_real_persons_deactivation_still_hides_them(world: World) -> None:
    add_person(world, ME)

    world.slack.event({"type": "user_change", "user": {"id": ME, "team_id": TEAM, "deleted": True}})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        profile = world.runtime.services.directory.profile_status(TEAM, ME).profile
        if profile is not None and not profile.active:
            break
        time.sleep(0.05)

    assert profile is not None
    assert not profile.active
