"""What an edit's DM says changed, read back from the outbox payload the service wrote."""

from __future__ import annotations

from typing import Any

from handlers.events.blocks.announcement import moved_announcement_message
from handlers.events.blocks.direct import changed_message
from handlers.events.outbox import read_changes
from handlers.ids import ActionId
from tests.support.fake_slack import message_problems
from tests.unit.blocks.test_event_builders import EVENTS, WHERE, action_ids, shown


def lines(payload: dict[str, Any]) -> str:
    return shown(changed_message(EVENTS["places left"], where=WHERE, changes=read_changes(payload)))


def test_places_say_no_limit_only_when_there_is_none():
    text = lines({"changes": [{"field": "capacity", "before": 3, "after": 2}]})
    assert "*Places:* now 2 (was 3)" in text
    assert "no limit" not in text
    text = lines({"changes": [{"field": "capacity", "before": None, "after": 20}]})
    assert "*Places:* now 20 (was no limit)" in text


def test_where_is_put_in_words_with_the_town_as_it_was_and_is():
    record = {
        "field": "where",
        "before": {"mode": "hybrid", "venue": "Quarry House", "place": WHERE},
        "after": {"mode": "online", "venue": "", "place": ""},
    }
    text = lines({"changes": [record]})
    assert f"*Where:* now Online (was Quarry House, {WHERE}, and online)" in text


def test_a_change_queued_by_an_older_release_says_what_it_is_now_without_guessing_the_was():
    text = lines({"fields": ["capacity", "where", "title"]})
    assert "*Places:* now 15" in text
    assert "(was" not in text


def test_a_post_left_behind_by_a_move_takes_no_answers_and_points_to_the_new_one():
    payload = moved_announcement_message(
        EVENTS["places left"], region_name="Wales", channels=["C0WALES"]
    )
    assert "<#C0WALES>" in shown(payload)
    assert "Wales" in payload["text"]
    assert action_ids(payload) == [ActionId.EVENT_DETAILS]
    assert message_problems(payload, "chat.update") == []
    unlinked = moved_announcement_message(EVENTS["places left"], region_name="Wales", channels=[])
    assert "/event list Wales" in shown(unlinked)
