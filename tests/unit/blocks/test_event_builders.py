"""Invariants and behaviour of the event builders, in every significant state.

Each state is built from the domain's own dataclasses; each payload is then held to Slack's
documented limits (api.slack.com/reference/block-kit), to `handlers.ids`, and to the rule that
text people typed can never ping anyone. Then what people see, state by state.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.calendar import google_calendar_url, outlook_calendar_url
from bot.domain.events import (
    MAX_DESCRIPTION,
    MAX_TITLE,
    MAX_URL,
    MAX_VENUE,
    Change,
    Event,
    EventDetails,
    EventMode,
    EventStatus,
    RsvpStatus,
    changes_between,
)
from bot.services.directory import ProfileStatus
from handlers.events.blocks.announcement import (
    announcement_message,
    calendar_links_message,
    event_details_message,
    rsvp_reply_message,
)
from handlers.events.blocks.direct import (
    cancelled_message,
    changed_message,
    promoted_message,
    reminder_message,
)
from handlers.events.blocks.form import cancel_confirm_view, event_form_view
from handlers.events.blocks.home import MAX_HOME_EVENTS, events_home_blocks
from handlers.events.blocks.lists import MAX_LISTED_EVENTS, event_list_message
from handlers.events.blocks.pieces import counts_text
from handlers.events.blocks.reports import (
    channel_links_message,
    event_help_message,
    link_result_message,
    not_allowed_message,
    posting_report_message,
)
from handlers.home.blocks import home_view
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from handlers.ui.time import when_plain, when_text
from tests.support.fake_slack import block_kit_problems, message_problems, view_problems
from tests.support.payloads import elements_of, mrkdwn_texts, text_objects, walk

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STARTS = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
HOSTILE = "<!channel> <!here> <@U123> <!subteam^S1> <http://x|y> & co"
HOSTILE_BITS = ("<!channel>", "<!here>", "<@U123>", "<!subteam^S1>", "<http://x|y>")
ONLINE_URL = "https://meet.example.org/leeds?pwd=a&b=c"
REGISTRATION_URL = "https://tickets.example.org/e/42"
LONG_URL = "https://example.org/" + "a&b" * ((MAX_URL - 20) // 3)
REGIONS = [
    ("TLC", "North East"),
    ("TLD", "North West"),
    ("TLE", "Yorkshire and The Humber"),
    ("TLL", "Wales"),
]
WHERE = "Leeds, West Yorkshire"

# Slack's limits (api.slack.com/reference/block-kit), kept apart from the builders' own.
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
MODAL_TITLE = 24
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
BUTTON_URL = 3000
OPTION_TEXT = 75
OPTION_VALUE = 150
OVERFLOW_OPTIONS = (2, 5)
INPUT_LABEL = 2000
PLACEHOLDER = 150
PLAIN_INPUT_MAX = 3000
IDENTIFIER = 255
PRIVATE_METADATA = 3000

BLOCK_IDS = {member.value for member in BlockId}
CALLBACK_IDS = {member.value for member in CallbackId}
ACTION_IDS = {member.value for member in ActionId}
INPUT_IDS = {member.value for member in InputId}

# The only live markup a builder may make: a date, the organiser, a channel, a checked link.
DATE = re.compile(r"^<!date\^\d{9,11}\^\{(date_short_pretty\} at \{time|time)\}\|[^<>|]+>$")
ALLOWED_LINKS = {ONLINE_URL, REGISTRATION_URL, LONG_URL}
LIVE = re.compile(r"<[^>]*>")
BARE_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")


# Building states ---------------------------------------------------------------------------


def event(**changes: Any) -> Event:
    detail_changes = {k: changes.pop(k) for k in list(changes) if k in EventDetails.__slots__}
    details = EventDetails(
        title="Leeds data meetup",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=2),
        timezone="Europe/London",
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=2644688,
        region_code="TLE",
        online_url="",
        description="Talks, then coffee.\n\nBring a laptop.",
        capacity=None,
        registration_url="",
    )
    values: dict[str, Any] = {
        "id": 42,
        "team_id": "T0001",
        "organiser_id": "UORG",
        "details": replace(details, **detail_changes),
        "status": EventStatus.SCHEDULED,
        "created_at": NOW - timedelta(days=1),
        "updated_at": NOW - timedelta(days=1),
    }
    values.update(changes)
    return Event(**values)


EVENTS: dict[str, Event] = {
    "nobody going, no limit": event(),
    "eight going, no limit": event(going=8),
    "places left": event(capacity=15, going=12),
    "one place left": event(capacity=13, going=12),
    "full with a waitlist": event(capacity=12, going=12, waitlisted=4),
    "full, nobody waiting": event(capacity=12, going=12),
    "cancelled": event(status=EventStatus.CANCELLED, capacity=20, going=5),
    "online": event(mode=EventMode.ONLINE, venue="", place_id=None, online_url=ONLINE_URL),
    "hybrid with registration": event(
        mode=EventMode.HYBRID,
        online_url=ONLINE_URL,
        registration_url=REGISTRATION_URL,
        extra_channels=("C0DATA",),
        capacity=100,
        going=3,
    ),
    "hostile": event(
        title=HOSTILE,
        venue=HOSTILE,
        description=(HOSTILE + "\n") * 30,
        mode=EventMode.HYBRID,
        online_url="https://x.example/<!channel>|click",
        registration_url="javascript:alert(1)",
        capacity=5,
        going=5,
        waitlisted=2,
    ),
    "cancelled and hostile": event(
        title=HOSTILE, venue=HOSTILE, description=HOSTILE, status=EventStatus.CANCELLED
    ),
    "everything at its longest": event(
        title="&" * MAX_TITLE,
        venue="<" * MAX_VENUE,
        description="&" * MAX_DESCRIPTION,
        mode=EventMode.HYBRID,
        online_url=LONG_URL,
        registration_url=LONG_URL,
        capacity=100_000,
        going=99_999,
        waitlisted=12_345,
    ),
    "a long description in words": event(description=("Word " * 500).strip()),
    "three days in New York": event(
        timezone="America/New_York", ends_at=STARTS + timedelta(days=3), going=1
    ),
    "an unknown time zone": event(timezone="Mars/Olympus"),
    "already started": event(starts_at=NOW - timedelta(hours=1), going=3),
    "nothing optional": event(description="", venue="", capacity=None),
}
PLACES = {"a town": WHERE, "no town": "", "hostile town": HOSTILE, "a long town": "L" * 300}
CHANGES = (
    Change("when", f"{STARTS.isoformat()}/{(STARTS + timedelta(hours=1)).isoformat()}", "x"),
    Change("where", "Civic Hall & <!here>", "Quarry House"),
    Change("title", HOSTILE, "Leeds data meetup"),
    Change("capacity", "", "30"),
    Change("capacity", "30", ""),
    Change("description", "", ""),
    Change("mystery", "a", "b"),
    Change("when", "garbage", "x"),
)


def _page_value(page: int) -> str:
    return f'{{"p":{page}}}'


def _listed(count: int, *, where: str = WHERE) -> list[tuple[Event, str]]:
    names = list(EVENTS)
    return [(replace(EVENTS[names[i % len(names)]], id=i + 1), where) for i in range(count)]


def messages() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, item in EVENTS.items():
        for place_name, where in PLACES.items():
            yield f"announcement, {name}, {place_name}", announcement_message(item, where=where)
            yield f"details, {name}, {place_name}", event_details_message(item, where=where)
        yield f"reminder 24h, {name}", reminder_message(item, where=WHERE, hours_before=24)
        yield f"reminder 1h, {name}", reminder_message(item, where=HOSTILE, hours_before=1)
        yield f"promoted, {name}", promoted_message(item, where=WHERE)
        yield f"changed, {name}", changed_message(item, where=WHERE, changes=CHANGES)
        yield f"changed, nothing, {name}", changed_message(item, where="", changes=())
        yield f"cancelled DM, {name}", cancelled_message(item)
        yield (
            f"calendar links, {name}",
            calendar_links_message(
                item,
                google_url=google_calendar_url(item, WHERE),
                outlook_url=outlook_calendar_url(item, WHERE),
            ),
        )
        for status in RsvpStatus:
            for changed in (True, False):
                position = 3 if status is RsvpStatus.WAITLISTED else None
                yield (
                    f"rsvp, {name}, {status}, changed={changed}",
                    rsvp_reply_message(item, status, changed=changed, waitlist_position=position),
                )
        yield (
            f"posting report, {name}",
            posting_report_message(
                item,
                posted=["C0LEEDS", "C0YORKS"],
                not_posted=[("C0GONE", "is_archived"), ("C0NEW", "not_in_channel")],
                region_name="Yorkshire and The Humber",
                region_has_channels=True,
            ),
        )
    nobody = EVENTS["nobody going, no limit"]
    yield (
        "posting report, nowhere, hostile reasons",
        posting_report_message(
            nobody,
            posted=[],
            not_posted=[
                ("C0X", "something_new"),
                ("C0Y", HOSTILE),
                ("<!channel>", "I'm not a member & can't post"),
            ],
            region_name=HOSTILE,
            region_has_channels=False,
        ),
    )
    yield (
        "posting report, hundreds of channels",
        posting_report_message(
            nobody,
            posted=[f"C{i:05d}" for i in range(300)],
            not_posted=[(f"G{i:05d}", "channel_not_found") for i in range(300)],
            region_name="Wales",
            region_has_channels=False,
        ),
    )
    yield (
        "list, empty",
        event_list_message([], heading="Upcoming events", page=1, pages=1, page_value=_page_value),
    )
    for count, page, pages in ((1, 1, 1), (10, 1, 3), (MAX_LISTED_EVENTS, 2, 3), (40, 3, 3)):
        yield (
            f"list, {count} events, page {page} of {pages}",
            event_list_message(
                _listed(count),
                heading="Upcoming events",
                page=page,
                pages=pages,
                page_value=_page_value,
            ),
        )
    yield (
        "list, hostile",
        event_list_message(
            _listed(MAX_LISTED_EVENTS, where=HOSTILE),
            heading=HOSTILE,
            page=1,
            pages=2,
            page_value=_page_value,
        ),
    )
    for added, joined, removed, region in (
        (True, True, False, "Yorkshire and The Humber"),
        (True, False, False, "Wales"),
        (False, True, False, "Wales"),
        (False, True, True, "Wales, North West"),
        (False, True, True, ""),
        (True, True, False, HOSTILE),
    ):
        yield (
            f"link, added={added} joined={joined} removed={removed} {region[:10]}",
            link_result_message(
                channel_id="C0LEEDS",
                region_name=region,
                added=added,
                joined=joined,
                removed=removed,
            ),
        )
    yield (
        "link, no channel id",
        link_result_message(channel_id="", region_name="Wales", added=True, joined=True),
    )
    yield "channels, none", channel_links_message([])
    yield (
        "channels, some",
        channel_links_message(
            [
                ("C0LEEDS", "Yorkshire and The Humber"),
                ("C0YORK", "Yorkshire and The Humber"),
                ("C0CARDIFF", "Wales"),
            ]
        ),
    )
    yield (
        "channels, hostile and many",
        channel_links_message(
            [(f"C{i:05d}", f"{HOSTILE} {i % 70}") for i in range(3000)] + [("<!here>", "Wales")]
        ),
    )
    yield "help", event_help_message()
    yield "not allowed", not_allowed_message()


def _home(going: int, organising: int, *, can_organise: bool = True) -> dict[str, Any]:
    """The whole Home tab: the directory's part, then the events' part."""
    states = list(EVENTS.values())
    mine = [
        (replace(states[i % len(states)], id=i + 1), list(RsvpStatus)[i % 3], HOSTILE)
        for i in range(going)
    ]
    run = [(replace(states[i % len(states)], id=i + 1), WHERE) for i in range(organising)]
    directory = home_view(ProfileStatus(None, None), "Leeds")
    blocks = events_home_blocks(mine, run, now=NOW, can_organise=can_organise)
    return {"type": "home", "blocks": directory["blocks"] + blocks}


def views() -> Iterator[tuple[str, dict[str, Any]]]:
    yield (
        "event form, new",
        event_form_view(None, place_label=None, regions=REGIONS, now=NOW, timezone="Europe/London"),
    )
    yield (
        "event form, new, no regions",
        event_form_view(None, place_label=None, regions=[], now=NOW),
    )
    for name, item in EVENTS.items():
        yield (
            f"event form, editing {name}",
            event_form_view(item, place_label=WHERE, regions=REGIONS, now=NOW, place_region="TLE"),
        )
        yield f"cancel, {name}", cancel_confirm_view(item)
    yield (
        "event form, long place label",
        event_form_view(
            EVENTS["everything at its longest"],
            place_label="P" * 300,
            regions=REGIONS * 40,
            now=NOW,
        ),
    )
    yield (
        "event form, hostile place label",
        event_form_view(
            EVENTS["hostile"], place_label=HOSTILE, regions=[(HOSTILE, HOSTILE)], now=NOW
        ),
    )
    yield "home, nothing", _home(0, 0)
    yield "home, a few", _home(3, 2)
    yield "home, a member with many events", _home(50, 0, can_organise=False)
    yield "home, as many as there can be", _home(500, 500)


MESSAGES = dict(messages())
VIEWS = dict(views())
PAYLOADS = {**{f"message: {k}": v for k, v in MESSAGES.items()}, **VIEWS}
ALL = pytest.mark.parametrize("name", sorted(PAYLOADS))


# Walking payloads --------------------------------------------------------------------------


def shown(payload: dict[str, Any]) -> str:
    return "\n".join(mrkdwn_texts(payload))


def buttons_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [node for _, node in walk(payload) if node.get("type") == "button"]


def action_ids(payload: dict[str, Any]) -> list[str]:
    return [
        node["action_id"] for _, node in walk(payload) if node.get("type") in {"button", "overflow"}
    ]


def _allowed(markup: str) -> bool:
    if DATE.match(markup) or markup == "<@UORG>":
        return True
    if re.fullmatch(r"<#[CG][A-Z0-9]+>", markup):
        return True
    link = re.fullmatch(r"<([^|<>]+)\|[^|<>]+>", markup)
    return bool(link) and html.unescape(link.group(1)) in ALLOWED_LINKS


# Slack's limits ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_a_message_fits_slacks_limits(name):
    payload = MESSAGES[name]
    assert 0 < len(payload["blocks"]) <= MESSAGE_BLOCKS
    assert block_kit_problems(payload["blocks"], limit=MESSAGE_BLOCKS, where=name) == []
    assert message_problems(payload, "chat.postMessage") == []


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_message_has_fallback_text(name):
    text = MESSAGES[name]["text"]
    assert isinstance(text, str)
    assert text.strip()
    assert len(text) <= SECTION_TEXT


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_a_view_fits_slacks_limits(name):
    view = VIEWS[name]
    assert len(view["blocks"]) <= VIEW_BLOCKS
    assert view_problems(view, "views.open") == []
    if view["type"] == "modal":
        for key in ("title", "submit", "close"):
            assert 0 < len(view[key]["text"]) <= MODAL_TITLE, key
        assert len(view.get("private_metadata", "")) <= PRIVATE_METADATA


@ALL
def test_every_block_keeps_to_its_own_limits(name):
    for index, block in enumerate(PAYLOADS[name]["blocks"]):
        where = f"{name} block {index} ({block['type']})"
        kind = block["type"]
        if kind == "section":
            assert 0 < len(block["text"]["text"]) <= SECTION_TEXT, where
        elif kind == "header":
            assert block["text"]["type"] == "plain_text", where
            assert 0 < len(block["text"]["text"]) <= HEADER_TEXT, where
        elif kind == "context":
            assert 0 < len(block["elements"]) <= CONTEXT_ELEMENTS, where
            assert all(0 < len(e["text"]) <= SECTION_TEXT for e in block["elements"]), where
        elif kind == "actions":
            assert 0 < len(block["elements"]) <= ACTIONS_ELEMENTS, where
        elif kind == "input":
            assert 0 < len(block["label"]["text"]) <= INPUT_LABEL, where
            assert len(block.get("hint", {}).get("text", "")) <= INPUT_LABEL, where
        else:
            assert kind == "divider", where


@ALL
def test_every_text_object_is_well_formed(name):
    for path, node in text_objects(PAYLOADS[name]):
        assert isinstance(node["text"], str), path
        assert node["text"].strip(), f"{name}{path}: empty text"
        if node["type"] == "mrkdwn":
            assert "emoji" not in node, path


@ALL
def test_buttons_and_menus_keep_to_slacks_limits(name):
    for path, node in walk(PAYLOADS[name]):
        kind = node.get("type")
        if kind == "button":
            assert 0 < len(node["text"]["text"]) <= BUTTON_TEXT, path
            assert len(node.get("value", "")) <= BUTTON_VALUE, path
            assert len(node.get("url", "")) <= BUTTON_URL, path
            assert node.get("style") in {None, "primary", "danger"}, path
        elif kind == "overflow":
            low, high = OVERFLOW_OPTIONS
            assert low <= len(node["options"]) <= high, path
        if kind in {"overflow", "static_select", "radio_buttons", "external_select"}:
            for item in node.get("options", []):
                assert 0 < len(item["text"]["text"]) <= OPTION_TEXT, path
                assert 0 < len(item["value"]) <= OPTION_VALUE, path
            if "initial_option" in node and kind != "external_select":
                assert node["initial_option"] in node["options"], path
        if "placeholder" in node:
            assert len(node["placeholder"]["text"]) <= PLACEHOLDER, path


@ALL
def test_text_inputs_keep_to_their_own_limits(name):
    for path, node in walk(PAYLOADS[name]):
        if node.get("type") == "plain_text_input":
            assert 0 < node["max_length"] <= PLAIN_INPUT_MAX, path
            assert len(node.get("initial_value", "")) <= node["max_length"], path
        # Speed Connect's time is optional: its picker starts empty unless a time was chosen.
        if node.get("type") == "datetimepicker" and (
            node.get("action_id") != InputId.EVENT_SPEED_CONNECT or "initial_date_time" in node
        ):
            assert isinstance(node["initial_date_time"], int), path
            assert 10**9 <= node["initial_date_time"] < 10**10, path


# Identifiers -------------------------------------------------------------------------------


@ALL
def test_every_block_id_is_a_known_id_and_unique(name):
    block_ids = [b["block_id"] for b in PAYLOADS[name]["blocks"] if "block_id" in b]
    assert set(block_ids) <= BLOCK_IDS
    assert len(block_ids) == len(set(block_ids))


@ALL
def test_every_action_id_is_a_known_id_and_unique_in_its_block(name):
    for index, block in enumerate(PAYLOADS[name]["blocks"]):
        ids = [e["action_id"] for e in elements_of(block) if "action_id" in e]
        assert len(ids) == len(set(ids)), f"{name} block {index}"
        for action_id in ids:
            assert len(action_id) <= IDENTIFIER
            if action_id in INPUT_IDS:
                assert block["type"] == "input", action_id
                continue
            assert base_action(action_id) in ACTION_IDS, action_id
    for path, node in walk(PAYLOADS[name]):
        if node.get("type") in {
            "button",
            "overflow",
            "static_select",
            "external_select",
            "radio_buttons",
            "datetimepicker",
            "multi_conversations_select",
            "plain_text_input",
            "url_text_input",
        }:
            assert "action_id" in node, f"{name}{path}: Slack would make one up"


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_modal_has_a_known_callback_id(name):
    view = VIEWS[name]
    if view["type"] == "modal":
        assert view["callback_id"] in CALLBACK_IDS
    else:
        assert "callback_id" not in view


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_event_button_carries_its_event(name):
    for button in buttons_of(MESSAGES[name]):
        action = base_action(button["action_id"])
        if action in {ActionId.EVENT_LIST_PAGE, ActionId.EVENT_CREATE}:
            continue
        assert action.startswith("event."), button
        assert re.fullmatch(r"(?:link:)?\d+", button["value"]), button


# Text people typed never pings anyone ------------------------------------------------------


@ALL
def test_typed_text_is_never_a_live_mention_or_link(name):
    payload = PAYLOADS[name]
    live = [m for text in mrkdwn_texts(payload) for m in LIVE.findall(text) if not _allowed(m)]
    assert live == []
    for text in mrkdwn_texts(payload):
        rest = LIVE.sub("", text)
        assert "<" not in rest, f"{name}: a bare < in {text[:80]!r}"
        assert ">" not in rest, f"{name}: a bare > in {text[:80]!r}"
        assert not BARE_AMPERSAND.search(text), f"{name}: a bare & in {text[:80]!r}"


@pytest.mark.parametrize(
    "name",
    [
        "message: announcement, hostile, hostile town",
        "message: details, hostile, a town",
        "message: list, hostile",
        "message: changed, hostile",
        "message: cancelled DM, cancelled and hostile",
        "message: posting report, nowhere, hostile reasons",
        "home, as many as there can be",
    ],
)
def test_typed_mentions_are_shown_as_typed_not_dropped(name):
    text = shown(PAYLOADS[name])
    assert "&lt;!channel&gt;" in text
    for bit in HOSTILE_BITS:
        assert bit not in text


def test_links_that_were_not_checked_are_shown_inert():
    text = shown(event_details_message(EVENTS["hostile"], where=WHERE))
    assert "https://x.example/&lt;!channel&gt;|click" in text
    assert "javascript:alert(1)" in text
    assert "<javascript" not in text


def test_an_unexpected_channel_id_is_not_made_a_link():
    payload = MESSAGES["message: channels, hostile and many"[len("message: ") :]]
    assert "<!here>" not in shown(payload)


# The announcement ---------------------------------------------------------------------------


def _actions(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [block for block in payload["blocks"] if block["type"] == "actions"]


def test_an_announcement_offers_going_cant_go_calendar_details_and_the_organisers_menu():
    payload = announcement_message(EVENTS["places left"], where=WHERE)
    [row] = _actions(payload)
    elements = row["elements"]
    assert [e["action_id"] for e in elements] == [
        ActionId.EVENT_GOING,
        ActionId.EVENT_NOT_GOING,
        ActionId.EVENT_CALENDAR,
        ActionId.EVENT_DETAILS,
        ActionId.EVENT_WHOS_GOING,
        ActionId.EVENT_MANAGE,
    ]
    assert elements[0]["style"] == "primary"
    assert [e["value"] for e in elements[:5]] == ["42"] * 5
    assert [o["value"] for o in elements[5]["options"]] == ["edit:42", "cancel:42"]
    assert payload["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Leeds data meetup", "emoji": True},
    }


def test_an_announcement_says_what_when_where_and_who():
    payload = announcement_message(EVENTS["places left"], where=WHERE)
    text = shown(payload)
    start = int(STARTS.timestamp())
    assert f"<!date^{start}^{{date_short_pretty}} at {{time}}|Tue 1 Dec 2026, 18:00 GMT>" in text
    assert f"<!date^{start + 7200}^{{time}}|20:00 GMT>" in text
    assert "*Where:* Quarry House, Leeds, West Yorkshire" in text
    assert "*Organiser:* <@UORG>" in text
    assert "12 going · 3 places left" in text
    assert payload["text"] == "Leeds data meetup, Tue 1 Dec 2026, 18:00 GMT to 20:00 GMT"


@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("nobody going, no limit", "No one going yet"),
        ("eight going, no limit", "8 going"),
        ("places left", "12 going · 3 places left"),
        ("one place left", "12 going · 1 place left"),
        ("full with a waitlist", "Full · 4 on the waitlist"),
        ("full, nobody waiting", "Full · join the waitlist and you'll hear if a place comes free"),
    ],
)
def test_the_counts_say_how_many_are_going_and_what_is_left(name, counts):
    assert counts_text(EVENTS[name]) == counts
    payload = announcement_message(EVENTS[name], where=WHERE)
    assert counts in shown(payload)


def test_when_full_going_joins_the_waitlist():
    [row] = _actions(announcement_message(EVENTS["full with a waitlist"], where=WHERE))
    assert row["elements"][0]["text"]["text"] == "Join the waitlist"
    assert row["elements"][0]["action_id"] == ActionId.EVENT_GOING
    [row] = _actions(announcement_message(EVENTS["places left"], where=WHERE))
    assert row["elements"][0]["text"]["text"] == "Going"


def test_a_cancelled_announcement_says_so_and_takes_no_rsvps():
    payload = announcement_message(EVENTS["cancelled"], where=WHERE)
    assert payload["blocks"][0]["text"]["text"] == "Cancelled: Leeds data meetup"
    assert payload["text"].startswith("Cancelled: Leeds data meetup")
    assert _actions(payload) == []
    assert "cancelled" in payload["blocks"][-1]["elements"][0]["text"]
    assert ActionId.EVENT_GOING not in action_ids(
        event_details_message(EVENTS["cancelled"], where=WHERE)
    )


def test_a_long_description_is_cut_in_the_announcement_and_whole_in_the_details():
    item = EVENTS["a long description in words"]
    announced = shown(announcement_message(item, where=WHERE))
    assert "…" in announced
    assert "Press Details to read the rest." in announced
    details = event_details_message(item, where=WHERE)
    sections = [b["text"]["text"] for b in details["blocks"][2:] if b["type"] == "section"]
    assert " ".join(sections).split() == item.details.description.split()


def test_a_description_that_escapes_to_more_than_a_section_is_split_not_lost():
    item = EVENTS["everything at its longest"]
    details = event_details_message(item, where=WHERE)
    sections = [b["text"]["text"] for b in details["blocks"][2:] if b["type"] == "section"]
    assert len(sections) > 1
    assert html.unescape("".join(sections)) == item.details.description


def test_an_online_event_says_online_and_the_details_carry_the_link():
    item = EVENTS["online"]
    assert "*Where:* Online" in shown(announcement_message(item, where=""))
    details = shown(event_details_message(item, where=""))
    assert (
        "*Join online:* <https://meet.example.org/leeds?pwd=a&amp;b=c|meet.example.org>" in details
    )


def test_times_are_shown_in_the_events_own_zone_as_the_fallback():
    item = EVENTS["three days in New York"]
    assert when_plain(item) == "Tue 1 Dec 2026, 13:00 EST to Fri 4 Dec 2026, 13:00 EST"
    assert when_text(item).count("{date_short_pretty}") == 2
    assert "18:00 GMT" in when_plain(EVENTS["an unknown time zone"])


# What follows a click -----------------------------------------------------------------------


def test_replies_to_a_click_say_what_happened():
    item = EVENTS["places left"]
    going = rsvp_reply_message(item, RsvpStatus.GOING, changed=True, waitlist_position=None)
    again = rsvp_reply_message(item, RsvpStatus.GOING, changed=False, waitlist_position=None)
    waiting = rsvp_reply_message(item, RsvpStatus.WAITLISTED, changed=True, waitlist_position=2)
    gone = rsvp_reply_message(item, RsvpStatus.NOT_GOING, changed=True, waitlist_position=None)
    assert going["text"].startswith("You're going to *Leeds data meetup*")
    assert "Nothing changed" in again["text"]
    assert "waitlist (number 2)" in waiting["text"]
    assert "not going" in gone["text"]
    assert ActionId.EVENT_CALENDAR in action_ids(going)
    assert action_ids(gone) == []
    cancelled = rsvp_reply_message(
        EVENTS["cancelled"], RsvpStatus.GOING, changed=False, waitlist_position=None
    )
    assert "cancelled" in cancelled["text"]
    assert action_ids(cancelled) == []


def test_calendar_links_are_url_buttons_that_ask_nothing_of_the_app():
    item = EVENTS["places left"]
    payload = calendar_links_message(
        item, google_url="https://calendar.google.com/x", outlook_url="https://outlook.office.com/y"
    )
    buttons = buttons_of(payload)
    assert [b["url"] for b in buttons] == [
        "https://calendar.google.com/x",
        "https://outlook.office.com/y",
    ]
    assert [b["value"] for b in buttons] == ["link:42", "link:42"]
    assert [b["action_id"] for b in buttons] == ["event.calendar.0", "event.calendar.1"]


# Lists --------------------------------------------------------------------------------------


def test_a_list_offers_details_and_going_for_each_event_and_pages():
    payload = event_list_message(
        _listed(10), heading="Upcoming events", page=2, pages=3, page_value=_page_value
    )
    rows = _actions(payload)
    paging = rows[-1]["elements"]
    assert [e["action_id"] for e in paging] == ["event.list_page.0", "event.list_page.1"]
    assert [e["value"] for e in paging] == [_page_value(1), _page_value(3)]
    events = rows[:-1]
    assert len(events) == 10
    for row in events:
        assert row["elements"][0]["action_id"] == ActionId.EVENT_DETAILS
    first = event_list_message(_listed(3), heading="x", page=1, pages=2, page_value=_page_value)
    assert [e["value"] for e in _actions(first)[-1]["elements"]] == [_page_value(2)]
    assert "Page 1 of 2" in shown(first)


def test_a_list_longer_than_a_message_says_how_many_more():
    payload = event_list_message(
        _listed(40), heading="Upcoming events", page=1, pages=1, page_value=_page_value
    )
    assert len(payload["blocks"]) <= MESSAGE_BLOCKS
    assert f"and {40 - MAX_LISTED_EVENTS} more" in shown(payload)


def test_an_empty_list_says_how_to_announce_one():
    payload = MESSAGES["list, empty"]
    assert "No upcoming events" in shown(payload)
    assert "`/event`" in shown(payload)


# Telling the organiser -----------------------------------------------------------------------


def test_the_posting_report_says_where_it_went_and_where_not_and_why():
    payload = MESSAGES["posting report, places left"]
    text = shown(payload)
    assert "announced in <#C0LEEDS>, <#C0YORKS>" in text
    assert "<#C0GONE>: the channel is archived." in text
    assert "<#C0NEW>: I'm not a member." in text
    assert "/event link" not in text.split("Edit or cancel")[0]


def test_a_region_without_a_channel_is_told_how_to_link_one():
    payload = posting_report_message(
        EVENTS["places left"],
        posted=["C0DATA"],
        not_posted=[],
        region_name="Yorkshire and The Humber",
        region_has_channels=False,
    )
    text = shown(payload)
    assert "No channel is linked to *Yorkshire and The Humber*" in text
    assert "`/event link Yorkshire and The Humber`" in text


def test_reasons_may_come_as_slacks_codes_or_as_words():
    payload = MESSAGES["posting report, nowhere, hostile reasons"]
    text = shown(payload)
    assert "Slack said `something_new`." in text
    assert "I'm not a member &amp; can't post" in text
    assert "isn't announced anywhere yet" in text


def test_link_results_say_what_changed():
    linked = link_result_message(channel_id="C0LEEDS", region_name="Wales", added=True, joined=True)
    assert linked["text"] == "Done: events in *Wales* will be announced in <#C0LEEDS>."
    private = link_result_message(
        channel_id="C0LEEDS", region_name="Wales", added=True, joined=False
    )
    assert "/invite" in shown(private)
    again = link_result_message(channel_id="C0LEEDS", region_name="Wales", added=False, joined=True)
    assert "already" in again["text"]
    gone = link_result_message(
        channel_id="C0LEEDS", region_name="Wales", added=False, joined=True, removed=True
    )
    assert "won't get the events in *Wales*" in gone["text"]
    nothing = link_result_message(
        channel_id="C0LEEDS", region_name="", added=False, joined=True, removed=True
    )
    assert "nothing to unlink" in nothing["text"]


def test_the_channel_list_groups_channels_by_region():
    text = shown(MESSAGES["channels, some"])
    assert "*Yorkshire and The Humber*: <#C0LEEDS>, <#C0YORK>" in text
    assert "*Wales*: <#C0CARDIFF>" in text
    assert "/event link" in shown(MESSAGES["channels, none"])


def test_help_names_every_subcommand():
    text = shown(event_help_message())
    for usage in (
        "`/event`",
        "`/event list`",
        "`/event list Leeds`",
        "`/event link &lt;region or place&gt;`",
        "`/event unlink`",
        "`/event channels`",
        "`/event help`",
    ):
        assert usage in text


def test_a_refusal_is_polite_and_says_how_to_ask():
    text = shown(not_allowed_message())
    assert text.startswith("Sorry")
    assert "admins" in text


# Direct messages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "words"),
    [(24, "tomorrow"), (48, "in 2 days"), (1, "in an hour"), (3, "in 3 hours"), (0, "in an hour")],
)
def test_a_reminder_says_how_soon(hours, words):
    payload = reminder_message(EVENTS["online"], where="", hours_before=hours)
    assert f"starts {words}." in shown(payload)
    assert payload["text"].startswith("Reminder: Leeds data meetup")
    assert ONLINE_URL.replace("&", "&amp;") in shown(payload)


def test_a_change_says_what_changed_and_what_it_was():
    item = EVENTS["places left"]
    before = item.details
    after = replace(
        before,
        starts_at=before.starts_at + timedelta(days=1),
        ends_at=before.ends_at + timedelta(days=1),
        venue="Civic Hall",
        title="Leeds data meetup (moved)",
        capacity=30,
        description="New plan.",
    )
    # Where it was and is comes in words, with the town, as the outbox keeps it.
    where_was = f"Quarry House, {WHERE}"
    changes = tuple(
        replace(change, before=where_was, after=f"Civic Hall, {WHERE}")
        if change.field == "where"
        else change
        for change in changes_between(before, after)
    )
    moved = replace(item, details=after)
    text = shown(changed_message(moved, where=WHERE, changes=changes))
    new_start, old_start = int(after.starts_at.timestamp()), int(before.starts_at.timestamp())
    assert f"*When:* now <!date^{new_start}^" in text
    assert f"(was <!date^{old_start}^" in text
    assert f"*Where:* now Civic Hall, {WHERE} (was Quarry House, {WHERE})" in text
    assert "*Title:* now Leeds data meetup (moved) (was Leeds data meetup)" in text
    assert "*Places:* now 30 (was 15)" in text
    assert "The description has changed" in text


def test_an_unreadable_change_is_left_out_rather_than_shown_wrong():
    text = shown(
        changed_message(
            EVENTS["places left"], where=WHERE, changes=(Change("when", "garbage", "x"),)
        )
    )
    assert "*When:* now" in text
    assert "(was" not in text


def test_a_cancellation_names_the_event_and_who_cancelled_it():
    payload = cancelled_message(EVENTS["cancelled"])
    assert "*Leeds data meetup*" in shown(payload)
    assert "<@UORG>" in shown(payload)
    assert payload["text"].startswith("Cancelled: Leeds data meetup")
    assert action_ids(payload) == []


def test_promotion_says_a_place_came_free():
    payload = promoted_message(EVENTS["places left"], where=WHERE)
    assert "a place came free" in payload["text"]
    assert ActionId.EVENT_NOT_GOING in action_ids(payload)


# The form -----------------------------------------------------------------------------------


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def test_a_new_form_starts_sensibly():
    view = VIEWS["event form, new"]
    assert view["title"]["text"] == "New event"
    assert view["callback_id"] == CallbackId.EVENT_SUBMIT
    assert "private_metadata" not in view
    fields = _inputs(view)
    starts = datetime.fromtimestamp(fields[BlockId.EVENT_START]["initial_date_time"], UTC)
    ends = datetime.fromtimestamp(fields[BlockId.EVENT_END]["initial_date_time"], UTC)
    assert starts > NOW
    assert ends - starts == timedelta(hours=1)
    assert fields[BlockId.EVENT_MODE]["initial_option"]["value"] == EventMode.IN_PERSON
    assert [o["value"] for o in fields[BlockId.EVENT_MODE]["options"]] == [
        "in_person",
        "online",
        "hybrid",
    ]
    place = fields[BlockId.EVENT_PLACE]
    assert place["type"] == "external_select"
    assert place["action_id"] == ActionId.EVENT_PLACE_SELECT
    assert place["min_query_length"] == 2
    assert "initial_option" not in place
    assert [o["value"] for o in fields[BlockId.EVENT_REGION]["options"]] == [c for c, _ in REGIONS]
    assert "initial_option" not in fields[BlockId.EVENT_REGION]
    channels = fields[BlockId.EVENT_CHANNELS]
    assert channels["type"] == "multi_conversations_select"
    assert channels["max_selected_items"] == 10
    optional = {b["block_id"] for b in view["blocks"] if b.get("optional")}
    assert optional == {
        BlockId.EVENT_VENUE,
        BlockId.EVENT_PLACE,
        BlockId.EVENT_REGION,
        BlockId.EVENT_URL,
        BlockId.EVENT_DESCRIPTION,
        BlockId.EVENT_CAPACITY,
        BlockId.EVENT_REGISTRATION,
        BlockId.EVENT_CHANNELS,
        BlockId.EVENT_SPEED_CONNECT,
    }


def test_an_edit_form_shows_the_event_as_it_is():
    item = EVENTS["hybrid with registration"]
    view = event_form_view(item, place_label=WHERE, regions=REGIONS, now=NOW, place_region="TLD")
    assert view["title"]["text"] == "Edit event"
    assert view["private_metadata"] == '{"event_id":42}'
    fields = _inputs(view)
    assert fields[BlockId.EVENT_TITLE]["initial_value"] == item.title
    assert fields[BlockId.EVENT_START]["initial_date_time"] == int(item.starts_at.timestamp())
    assert fields[BlockId.EVENT_END]["initial_date_time"] == int(item.ends_at.timestamp())
    assert fields[BlockId.EVENT_MODE]["initial_option"]["value"] == "hybrid"
    assert fields[BlockId.EVENT_PLACE]["initial_option"] == {
        "text": {"type": "plain_text", "text": WHERE, "emoji": True},
        "value": "2644688",
    }
    assert fields[BlockId.EVENT_REGION]["initial_option"]["value"] == "TLE"
    assert fields[BlockId.EVENT_URL]["initial_value"] == ONLINE_URL
    assert fields[BlockId.EVENT_REGISTRATION]["initial_value"] == REGISTRATION_URL
    assert fields[BlockId.EVENT_CAPACITY]["initial_value"] == "100"
    assert fields[BlockId.EVENT_CHANNELS]["initial_conversations"] == ["C0DATA"]


def test_the_region_follows_the_town_unless_the_organiser_chose_it():
    item = EVENTS["places left"]  # region TLE, Leeds's own
    view = event_form_view(item, place_label=WHERE, regions=REGIONS, now=NOW, place_region="TLE")
    assert "initial_option" not in _inputs(view)[BlockId.EVENT_REGION]


def test_the_cancel_confirmation_names_the_event_and_carries_it():
    view = cancel_confirm_view(EVENTS["places left"])
    assert view["callback_id"] == CallbackId.EVENT_CANCEL_SUBMIT
    assert view["private_metadata"] == '{"event_id":42}'
    assert "*Leeds data meetup*" in shown(view)


# The Home tab -------------------------------------------------------------------------------


def test_the_home_tab_stays_within_slacks_limit_however_many_events():
    view = VIEWS["home, as many as there can be"]
    assert len(view["blocks"]) <= VIEW_BLOCKS
    text = shown(view)
    assert text.count(f"and {500 - MAX_HOME_EVENTS} more") == 2


def test_the_home_tab_shows_my_status_and_the_organisers_menu_only_for_live_events():
    going = [
        (EVENTS["places left"], RsvpStatus.GOING, WHERE),
        (EVENTS["full with a waitlist"], RsvpStatus.WAITLISTED, WHERE),
    ]
    organising = [
        (EVENTS["places left"], WHERE),
        (EVENTS["cancelled"], WHERE),
        (EVENTS["already started"], WHERE),
    ]
    blocks = events_home_blocks(going, organising, now=NOW)
    payload = {"type": "home", "blocks": blocks}
    text = shown(payload)
    assert "You're going" in text
    assert "You're on the waitlist" in text
    assert "cancelled" in text
    assert "happening now" in text
    menus = [n for _, n in walk(payload) if n.get("type") == "overflow"]
    assert len(menus) == 1
    assert [o["value"] for o in menus[0]["options"]] == ["edit:42", "cancel:42"]
    assert action_ids(payload)[-1] == ActionId.EVENT_CREATE


def test_a_member_who_cannot_organise_sees_only_their_own_events():
    blocks = events_home_blocks([], [(EVENTS["places left"], WHERE)], now=NOW, can_organise=False)
    payload = {"type": "home", "blocks": blocks}
    assert ActionId.EVENT_CREATE not in action_ids(payload)
    assert "Events you organise" not in shown(payload)
    assert "`/event list`" in shown(payload)


def test_builders_are_pure():
    item = EVENTS["hybrid with registration"]
    assert announcement_message(item, where=WHERE) == announcement_message(item, where=WHERE)
    first = event_form_view(item, place_label=WHERE, regions=REGIONS, now=NOW)
    assert event_form_view(item, place_label=WHERE, regions=REGIONS, now=NOW) == first
