"""The welcome in a linked channel: within Slack's limits in every state, its buttons the
app's own, and nothing anyone typed able to ping anyone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.services.directory_search import PersonHit
from bot.services.welcomes import Welcome
from handlers.directory.blocks.welcome import welcome_message
from handlers.ids import ActionId, base_action
from tests.support.fake_slack import message_problems
from tests.unit.blocks.test_builders import HOSTILE, HOSTILE_BITS, full_profile, hostile_profile
from tests.unit.blocks.test_event_builders import event

CHANNEL = "C0LEEDS"


def hits(*profiles: Any) -> tuple[PersonHit, ...]:
    return tuple(
        PersonHit(profile, "Leeds, West Yorkshire", 3.2, profile.can_help[:2])
        for profile in profiles
    )


def states() -> Iterator[tuple[str, Welcome]]:
    yield (
        "no profile, no event",
        Welcome(None, (), False, None, "", "Yorkshire and The Humber"),
    )
    yield (
        "people sharing topics and an event",
        Welcome(
            full_profile("UME"),
            hits(*(full_profile(f"UHIT{n}") for n in range(3))),
            True,
            event(),
            "Leeds",
            "Yorkshire and The Humber",
        ),
    )
    yield (
        "hostile words everywhere",
        Welcome(
            hostile_profile("UME"),
            hits(hostile_profile("UHIT1")),
            False,
            event(title=HOSTILE),
            HOSTILE,
            HOSTILE,
        ),
    )


@pytest.mark.parametrize(("name", "welcome"), list(states()), ids=[n for n, _ in states()])
def test_a_welcome_fits_slack_and_offers_the_profile_and_no_more_welcomes(
    name: str, welcome: Welcome
):
    message = welcome_message(welcome, CHANNEL)
    assert message_problems({**message}, "chat.postMessage") == []
    actions = [
        base_action(element["action_id"])
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert actions == [ActionId.PROFILE_OPEN, ActionId.WELCOME_DECLINE]
    shown = json.dumps(message)
    for bit in HOSTILE_BITS:
        assert bit not in shown


def test_the_welcome_names_the_people_it_suggests_and_no_one_else():
    _, welcome = list(states())[1]
    shown = json.dumps(welcome_message(welcome, CHANNEL))
    assert [f"<@UHIT{n}>" in shown for n in range(3)] == [True, True, True]
    assert "<@UME>" not in shown
