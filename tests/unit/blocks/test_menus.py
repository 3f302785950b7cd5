"""Every menu a builder makes has something to choose: Slack refuses a static_select or
multi_static_select with no options (and no option groups) with `invalid_blocks`, so a builder
given nothing to offer leaves the menu out rather than send an empty one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from handlers.directory.blocks.search import search_view
from handlers.events.blocks.form import event_form_view
from handlers.feedback.blocks.follow_up import follow_up_view
from handlers.ids import BlockId
from handlers.mentoring.blocks.signup import signup_view
from handlers.ui.profile import profile_view
from tests.support.fake_slack import STATIC_MENUS, view_problems
from tests.support.payloads import walk

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def views_from_empty_inputs() -> Iterator[tuple[str, dict[str, Any]]]:
    yield "event form, no regions", event_form_view(None, place_label=None, regions=[], now=NOW)
    yield (
        "event form, no regions, a time zone",
        event_form_view(None, place_label=None, regions=(), now=NOW, timezone="Europe/London"),
    )
    yield "profile form, new", profile_view(None, None)
    yield "mentoring sign-up, new", signup_view(None)
    yield "feedback follow-up, nothing known", follow_up_view(1, None)
    yield "search form", search_view()


VIEWS = dict(views_from_empty_inputs())


def menus(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [node for _, node in walk(view) if node.get("type") in STATIC_MENUS]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_no_menu_is_empty_when_a_builder_has_nothing_to_offer(name: str):
    view = VIEWS[name]
    for menu in menus(view):
        groups = menu.get("option_groups")
        if groups is not None:
            assert groups, menu["action_id"]
            assert all(group["options"] for group in groups), menu["action_id"]
        else:
            assert menu.get("options"), menu["action_id"]
    assert view_problems(view, "views.open") == []


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_slacks_own_models_accept_every_block(name: str):
    for block in VIEWS[name]["blocks"]:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()


def test_the_event_form_without_regions_has_no_region_menu_and_still_asks_for_the_town():
    view = VIEWS["event form, no regions"]
    block_ids = [block.get("block_id") for block in view["blocks"]]
    assert BlockId.EVENT_REGION not in block_ids
    assert BlockId.EVENT_PLACE in block_ids


def test_the_loopback_slack_refuses_an_empty_menu():
    empty = {
        "type": "input",
        "block_id": "b",
        "label": {"type": "plain_text", "text": "Pick"},
        "element": {"type": "static_select", "action_id": "a", "options": []},
    }
    view = {"type": "modal", "title": {"type": "plain_text", "text": "T"}, "blocks": [empty]}
    assert view_problems(view, "views.open")
    empty["element"] = {"type": "multi_static_select", "action_id": "a"}
    assert view_problems(view, "views.open")
    empty["element"] = {"type": "static_select", "action_id": "a", "option_groups": []}
    assert view_problems(view, "views.open")
