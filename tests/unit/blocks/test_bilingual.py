"""Bilingual messages (Welsh first, then English) from the real builders, and from oversized
content: one set of buttons and menus that works as the English one does, within every limit
Slack holds a message to (the loopback Slack's checks, and slack_sdk's own models)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block as SdkBlock

from bot.domain.digest import Digest, Newcomer, RegionDigest
from bot.domain.events import MAX_DESCRIPTION, MAX_TITLE, EventStatus
from bot.i18n import ENGLISH, WELSH, t, use_language
from handlers.events.blocks.announcement import announcement_message
from handlers.events.blocks.digest import digest_message
from handlers.ui.bilingual import merge, render_in
from handlers.ui.common import actions, button, header, message, section
from tests.support.fake_slack import message_problems
from tests.support.payloads import elements_of, text_objects, walk
from tests.support.welsh import welsh_words  # noqa: F401 - the fixture
from tests.unit.blocks.test_event_builders import WHERE, event

pytestmark = pytest.mark.usefixtures("welsh_words")

MESSAGE_BLOCKS = 50
BUTTON_TEXT = 75
OPTION_TEXT = 75
HEADER_TEXT = 150
SECTION_TEXT = 3000
FALLBACK_TEXT = 40_000
SINCE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def assert_slack_takes(payload: dict[str, Any]) -> None:
    """What Slack would refuse, by the loopback Slack's checks and by slack_sdk's models."""
    assert message_problems(payload, "chat.postMessage") == []
    for block in payload["blocks"]:
        SdkBlock.parse(block).validate_json()  # raises on anything over a limit
    for _, node in walk(payload["blocks"]):
        if node.get("type") == "button":
            assert len(node["text"]["text"]) <= BUTTON_TEXT
        for option in node.get("options") or []:
            assert len(option["text"]["text"]) <= OPTION_TEXT
    ids = [b["block_id"] for b in payload["blocks"] if "block_id" in b]
    assert len(ids) == len(set(ids))


def interactive(payload: dict[str, Any]) -> list[tuple[str, str, str]]:
    """What a listener reads from each element: its type, action_id and value (or options')."""
    found = []
    for block in payload["blocks"]:
        for element in elements_of(block):
            values = element.get("value") or ",".join(
                str(o.get("value")) for o in element.get("options") or []
            )
            found.append((element["type"], element.get("action_id", ""), values))
    return found


def shown(payload: dict[str, Any]) -> str:
    return json.dumps(payload["blocks"], ensure_ascii=False)


def in_welsh(key: str, **params: Any) -> str:
    with use_language(WELSH):
        return t(key, **params)


def in_english(key: str, **params: Any) -> str:
    with use_language(ENGLISH):
        return t(key, **params)


def digest(regions: int, events_each: int) -> Digest:
    people = tuple(
        Newcomer(f"U{n:04d}", "Data analyst", "Office for National Statistics", "Newport")
        for n in range(3)
    )
    listed = tuple(
        (replace(event(), id=100 + n, details=replace(event().details, title=f"Meetup {n}")), WHERE)
        for n in range(events_each)
    )
    return Digest(
        "T0001",
        "C0WALES",
        SINCE - timedelta(days=7),
        SINCE,
        tuple(
            RegionDigest(f"TL{n}", f"Region {n}", people, 0, 120, listed, 0) for n in range(regions)
        ),
        None,
    )


# The announcement -----------------------------------------------------------------------------


def test_an_announcement_shows_the_welsh_first_then_the_english_with_one_set_of_buttons():
    english = render_in(ENGLISH, lambda: announcement_message(event(), where=WHERE))
    both = render_in("bilingual", lambda: announcement_message(event(), where=WHERE))
    assert_slack_takes(both)
    words = shown(both)
    welsh_count, english_count = in_welsh("event.counts.nobody"), in_english("event.counts.nobody")
    assert welsh_count != english_count
    assert words.index(welsh_count) < words.index(english_count)
    # The buttons once, reaching the listeners exactly as the English ones do
    assert interactive(both) == interactive(english)
    assert [b["type"] for b in both["blocks"]].count("actions") == 1
    labels = [e["text"]["text"] for b in both["blocks"] for e in elements_of(b) if "text" in e]
    going = f"{in_welsh('event.buttons.going')} / {in_english('event.buttons.going')}"
    assert going in labels
    welsh = render_in(WELSH, lambda: announcement_message(event(), where=WHERE))
    assert both["text"] == f"{welsh['text']} / {english['text']}"


def test_the_event_title_both_languages_share_is_shown_once_at_the_top():
    both = render_in("bilingual", lambda: announcement_message(event(), where=WHERE))
    headers = [b for b in both["blocks"] if b["type"] == "header"]
    assert len(headers) == 1
    assert both["blocks"][0] == headers[0]


def test_the_manage_menu_keeps_its_values_and_takes_both_languages_words():
    english = render_in(ENGLISH, lambda: announcement_message(event(), where=WHERE))
    both = render_in("bilingual", lambda: announcement_message(event(), where=WHERE))
    menus = [e for _, e in walk(both["blocks"]) if e.get("type") == "overflow"]
    english_menus = [e for _, e in walk(english["blocks"]) if e.get("type") == "overflow"]
    assert len(menus) == len(english_menus) == 1
    [menu], [english_menu] = menus, english_menus
    assert [o["value"] for o in menu["options"]] == [o["value"] for o in english_menu["options"]]
    for option, original in zip(menu["options"], english_menu["options"], strict=True):
        with use_language(WELSH):
            welsh_menu = next(
                e
                for _, e in walk(announcement_message(event(), where=WHERE)["blocks"])
                if e.get("type") == "overflow"
            )
        welsh_words_shown = [o["text"]["text"] for o in welsh_menu["options"]]
        assert option["text"]["text"].endswith(" / " + original["text"]["text"])
        assert option["text"]["text"].split(" / ")[0] in welsh_words_shown


def test_a_cancelled_announcement_is_cancelled_in_both_languages_with_no_buttons():
    cancelled = event(status=EventStatus.CANCELLED)
    both = render_in("bilingual", lambda: announcement_message(cancelled, where=WHERE))
    assert_slack_takes(both)
    assert interactive(both) == []
    words = shown(both)
    note_cy, note_en = (
        in_welsh("event.announce.cancelled_note"),
        in_english("event.announce.cancelled_note"),
    )
    assert words.index(note_cy) < words.index(note_en)


def test_the_longest_announcement_fits_in_both_languages():
    longest = event(title="W" * MAX_TITLE, description="Disgrifiad hir. " * (MAX_DESCRIPTION // 16))
    both = render_in("bilingual", lambda: announcement_message(longest, where="Y" * 200))
    assert_slack_takes(both)


# The weekly digest ----------------------------------------------------------------------------


def test_a_small_digest_has_a_welsh_part_and_an_english_part_and_each_button_once():
    english = render_in(ENGLISH, lambda: digest_message(digest(1, 2)))
    both = render_in("bilingual", lambda: digest_message(digest(1, 2)))
    assert_slack_takes(both)
    assert interactive(both) == interactive(english)
    assert len(both["blocks"]) > len(english["blocks"])
    words = shown(both)
    assert words.index(in_welsh("digest.events")) < words.index(in_english("digest.events"))


def test_a_digest_too_big_for_two_parts_holds_both_languages_in_each_block():
    english = render_in(ENGLISH, lambda: digest_message(digest(4, 10)))
    assert len(english["blocks"]) > MESSAGE_BLOCKS // 2  # two parts would not fit
    both = render_in("bilingual", lambda: digest_message(digest(4, 10)))
    assert_slack_takes(both)
    assert len(both["blocks"]) == len(english["blocks"])
    assert interactive(both) == interactive(english)
    welsh, english_words = in_welsh("digest.events"), in_english("digest.events")
    together = [
        b["text"]["text"]
        for b in both["blocks"]
        if b["type"] == "section" and welsh in b["text"]["text"]
    ]
    assert together
    assert all(text.index(welsh) < text.rindex(english_words) for text in together)


# Oversized and odd content --------------------------------------------------------------------


def test_labels_too_long_for_both_languages_are_clipped_fairly():
    def built(words: str) -> dict[str, Any]:
        return message(
            words,
            [
                header(words * 20),
                section(words * 200, accessory=button(words * 10, "event_going:1", "v1")),
                actions(button(words * 10, "event_details", "42")),
            ],
        )

    both = merge(built("Ymunwch â ni "), built("Join us "))
    assert_slack_takes(both)
    for _, node in walk(both["blocks"]):
        if node.get("type") == "button":
            label = node["text"]["text"]
            assert label.startswith("Ymunwch")
            assert " / Join us" in label
            assert label.endswith("…")


def test_both_languages_too_long_for_one_section_each_keep_a_share():
    blocks_cy = [section("C" * 2900, block_id=f"b{n}") for n in range(30)]
    blocks_en = [section("E" * 2900, block_id=f"b{n}") for n in range(30)]
    both = merge(message("c", blocks_cy), message("e", blocks_en))
    assert_slack_takes(both)
    assert len(both["blocks"]) == 30
    for block in both["blocks"]:
        text = block["text"]["text"]
        assert len(text) <= SECTION_TEXT
        assert text.startswith("C")
        assert "\n\nE" in text


def test_a_context_of_ten_elements_in_each_language_stays_at_ten():
    def built(word: str) -> dict[str, Any]:
        elements = [{"type": "mrkdwn", "text": f"{word} {n}"} for n in range(10)]
        return message(word, [{"type": "context", "elements": elements} for _ in range(30)])

    both = merge(built("Cymraeg"), built("English"))
    assert_slack_takes(both)
    for block in both["blocks"]:
        assert len(block["elements"]) <= 10
        assert block["elements"][0]["text"] == "Cymraeg 0 / English 0"


def test_a_selected_option_stays_one_of_the_menus_options():
    def built(first: str, second: str) -> dict[str, Any]:
        options = [
            {"text": {"type": "plain_text", "text": first}, "value": "a"},
            {"text": {"type": "plain_text", "text": second}, "value": "b"},
        ]
        menu = {
            "type": "static_select",
            "action_id": "pick",
            "options": options,
            "initial_option": options[1],
            "placeholder": {"type": "plain_text", "text": first},
        }
        return message(first, [section(first, accessory=menu)])

    both = merge(built("Un", "Dau"), built("One", "Two"))
    assert_slack_takes(both)
    [menu] = [e for _, e in walk(both["blocks"]) if e.get("type") == "static_select"]
    assert menu["initial_option"] in menu["options"]
    assert menu["initial_option"]["text"]["text"] == "Dau / Two"


def test_messages_of_different_shapes_never_break_the_block_limit():
    welsh = message("c", [section(f"Cymraeg {n}") for n in range(40)])
    english = message("e", [section(f"English {n}") for n in range(35)])
    both = merge(welsh, english)
    assert_slack_takes(both)
    assert len(both["blocks"]) == MESSAGE_BLOCKS
    assert both["blocks"][-1]["text"]["text"] == "English 34"


def test_the_fallback_text_stays_within_slacks_limit():
    both = merge(message("C" * 30_000, []), message("E" * 30_000, []))
    assert len(both["text"]) <= FALLBACK_TEXT
    assert both["text"].startswith("C")
    assert both["text"].endswith("E…")


def test_a_message_with_no_welsh_yet_is_not_said_twice():
    english = message("Hello", [section("Hello")])
    assert merge(dict(english), english)["blocks"] == english["blocks"]


def test_one_language_renders_as_that_language_alone():
    english = render_in(ENGLISH, lambda: announcement_message(event(), where=WHERE))
    welsh = render_in(WELSH, lambda: announcement_message(event(), where=WHERE))
    assert in_welsh("event.counts.nobody") not in shown(english)
    assert in_welsh("event.counts.nobody") in shown(welsh)
    assert in_english("event.counts.nobody") not in shown(welsh)
    assert interactive(welsh) == interactive(english)
    assert all(" / " not in node["text"] for _, node in text_objects(welsh))
