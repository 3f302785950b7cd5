"""The event form read back from view_submission payloads shaped as Slack sends them.

Shapes follow Slack's reference for `view.state.values`: a datetimepicker gives
`selected_date_time` (Unix seconds), radio buttons and selects `selected_option` (or null),
a multi_conversations_select `selected_conversations`, and text inputs `value` (or null).
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import InvalidInputError
from bot.domain.events import (
    Event,
    EventDetails,
    EventDraft,
    EventMode,
    EventStatus,
    tidy_event,
)
from bot.i18n import t
from handlers.events.blocks.form import event_form_view
from handlers.events.forms import (
    EVENT_FIELD_BLOCKS,
    action_choice,
    event_choice,
    event_draft,
    event_form_errors,
    event_id_of,
    event_metadata,
)
from handlers.ids import ActionId, BlockId, InputId

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STARTS = 1_796_148_000  # 2026-12-01 18:00 UTC
LEEDS = 2644688
REGIONS = [("TLE", "Yorkshire and The Humber"), ("TLD", "North West")]


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text, "emoji": True}, "value": value}


def submission(**overrides: Any) -> dict[str, Any]:
    """A whole `view` from a view_submission, every box filled, as Slack sends it."""
    values: dict[str, dict[str, Any]] = {
        BlockId.EVENT_TITLE: {
            InputId.EVENT_TITLE: {"type": "plain_text_input", "value": "Leeds data meetup"}
        },
        BlockId.EVENT_START: {
            InputId.EVENT_START: {"type": "datetimepicker", "selected_date_time": STARTS}
        },
        BlockId.EVENT_END: {
            InputId.EVENT_END: {"type": "datetimepicker", "selected_date_time": STARTS + 7200}
        },
        BlockId.EVENT_MODE: {
            InputId.EVENT_MODE: {
                "type": "radio_buttons",
                "selected_option": _option("Hybrid: in person and online", "hybrid"),
            }
        },
        BlockId.EVENT_VENUE: {
            InputId.EVENT_VENUE: {"type": "plain_text_input", "value": "Quarry House, Room 4"}
        },
        BlockId.EVENT_PLACE: {
            ActionId.EVENT_PLACE_SELECT: {
                "type": "external_select",
                "selected_option": _option("Leeds, West Yorkshire", str(LEEDS)),
            }
        },
        BlockId.EVENT_REGION: {
            InputId.EVENT_REGION: {
                "type": "static_select",
                "selected_option": _option("North West", "TLD"),
            }
        },
        BlockId.EVENT_URL: {
            InputId.EVENT_URL: {"type": "url_text_input", "value": "https://meet.example.org/x"}
        },
        BlockId.EVENT_DESCRIPTION: {
            InputId.EVENT_DESCRIPTION: {
                "type": "plain_text_input",
                "value": "Talks, then coffee.\n\nBring a laptop.",
            }
        },
        BlockId.EVENT_CAPACITY: {
            InputId.EVENT_CAPACITY: {"type": "plain_text_input", "value": "40"}
        },
        BlockId.EVENT_REGISTRATION: {
            InputId.EVENT_REGISTRATION: {
                "type": "url_text_input",
                "value": "https://tickets.example.org/e/1",
            }
        },
        BlockId.EVENT_CHANNELS: {
            InputId.EVENT_CHANNELS: {
                "type": "multi_conversations_select",
                "selected_conversations": ["C0DATA", "G0PRIVATE"],
            }
        },
    }
    for block_id, element in overrides.items():
        block = BlockId[block_id.upper()]
        [action_id] = values[block]
        if element is None:
            del values[block]
        else:
            values[block] = {action_id: element}
    return {
        "id": "V0001",
        "team_id": "T0001",
        "type": "modal",
        "callback_id": "event.submit",
        "private_metadata": "",
        "state": {"values": values},
        "hash": "1700000000.abcdef",
    }


# Reading the form --------------------------------------------------------------------------


def test_a_filled_form_reads_as_a_draft():
    draft = event_draft(submission(), timezone="Europe/London")
    assert draft == EventDraft(
        title="Leeds data meetup",
        starts_at=datetime(2026, 12, 1, 18, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 1, 20, 0, tzinfo=UTC),
        timezone="Europe/London",
        mode="hybrid",
        venue="Quarry House, Room 4",
        place_id=LEEDS,
        region_code="TLD",
        online_url="https://meet.example.org/x",
        description="Talks, then coffee.\n\nBring a laptop.",
        capacity_text="40",
        registration_url="https://tickets.example.org/e/1",
        extra_channels=("C0DATA", "G0PRIVATE"),
    )
    assert draft.starts_at is not None
    assert draft.starts_at.utcoffset() == timedelta(0)


def test_the_organisers_time_zone_rides_along():
    assert event_draft(submission(), timezone="America/New_York").timezone == "America/New_York"


def test_what_slack_leaves_empty_reads_as_absent():
    view = submission(
        event_start={"type": "datetimepicker", "selected_date_time": None},
        event_mode={"type": "radio_buttons", "selected_option": None},
        event_place={"type": "external_select", "selected_option": None},
        event_region={"type": "static_select", "selected_option": None},
        event_venue={"type": "plain_text_input", "value": None},
        event_url={"type": "url_text_input", "value": None},
        event_capacity={"type": "plain_text_input", "value": None},
        event_channels={"type": "multi_conversations_select", "selected_conversations": []},
    )
    draft = event_draft(view, timezone="Europe/London")
    assert draft.starts_at is None
    assert draft.mode == ""
    assert draft.place_id is None
    assert draft.region_code is None
    assert (draft.venue, draft.online_url, draft.capacity_text) == ("", "", "")
    assert draft.extra_channels == ()


@pytest.mark.parametrize(
    "view",
    [
        {},
        {"state": None},
        {"state": {"values": None}},
        {"state": {"values": []}},
        {"state": {"values": {BlockId.EVENT_TITLE: "oops"}}},
        {"state": {"values": {BlockId.EVENT_TITLE: {InputId.EVENT_TITLE: ["x"]}}}},
    ],
)
def test_a_missing_or_broken_state_reads_as_an_empty_draft(view):
    draft = event_draft(view, timezone="Europe/London")
    assert draft.title == ""
    assert draft.starts_at is None
    assert draft.ends_at is None
    assert draft.extra_channels == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (STARTS, datetime(2026, 12, 1, 18, 0, tzinfo=UTC)),
        (str(STARTS), datetime(2026, 12, 1, 18, 0, tzinfo=UTC)),
        (float(STARTS), datetime(2026, 12, 1, 18, 0, tzinfo=UTC)),
        (STARTS + 0.5, None),
        (True, None),
        (0, None),
        (-5, None),
        (10**15, None),
        ("soon", None),
        ("", None),
        ([STARTS], None),
        ({"ts": STARTS}, None),
    ],
)
def test_a_picked_time_is_unix_seconds_or_nothing(raw, expected):
    view = submission(event_start={"type": "datetimepicker", "selected_date_time": raw})
    assert event_draft(view, timezone="Europe/London").starts_at == expected


@pytest.mark.parametrize(
    "value", ["Leeds", "-1", "", "12.5", "1" * 40, None, 7, {"id": 1}, "２６４４６８８"]
)
def test_a_town_that_is_not_a_gazetteer_id_reads_as_none(value):
    view = submission(event_place={"type": "external_select", "selected_option": {"value": value}})
    assert event_draft(view, timezone="Europe/London").place_id is None


def test_channels_keep_only_real_channel_ids_once_each():
    view = submission(
        event_channels={
            "type": "multi_conversations_select",
            "selected_conversations": [
                "C1AB",
                "C1AB",
                "D0DM",
                "U0PERSON",
                5,
                None,
                "<!here>",
                "G2",
            ],
        }
    )
    assert event_draft(view, timezone="Europe/London").extra_channels == ("C1AB",)


def test_too_many_channels_are_passed_on_for_the_domain_to_refuse():
    chosen = [f"C{i:04d}" for i in range(40)]
    view = submission(
        event_channels={"type": "multi_conversations_select", "selected_conversations": chosen}
    )
    draft = event_draft(view, timezone="Europe/London")
    assert len(draft.extra_channels) == 11
    with pytest.raises(InvalidInputError) as caught:
        tidy_event(draft, now=NOW, known_place=True, place_region="TLE")
    assert "extra_channels" in caught.value.fields


def test_a_value_of_the_wrong_type_is_ignored_not_trusted():
    view = submission(
        event_title={"type": "plain_text_input", "value": 12},
        event_capacity={"type": "plain_text_input", "value": ["40"]},
        event_channels={"type": "multi_conversations_select", "selected_conversations": "C1"},
    )
    draft = event_draft(view, timezone="Europe/London")
    assert (draft.title, draft.capacity_text, draft.extra_channels) == ("", "", ())


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=30), inner),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(
    values=st.dictionaries(
        st.sampled_from([*BlockId, "x"]),
        st.dictionaries(st.sampled_from([*InputId, *ActionId, "y"]), JSON, max_size=3) | JSON,
        max_size=14,
    )
)
def test_no_submission_can_make_reading_the_form_fail(values):
    draft = event_draft({"state": {"values": values}}, timezone="Europe/London")
    assert isinstance(draft, EventDraft)
    fields: dict[str, str] = {}
    try:
        tidy_event(draft, now=NOW, known_place=True, place_region="TLE")
    except InvalidInputError as error:
        fields = error.fields
    assert set(event_form_errors(fields)) <= {b.value for b in BlockId}


# The form as built reads back as the event it shows ----------------------------------------


def _filled_from_initial_values(view: dict[str, Any]) -> dict[str, Any]:
    """What Slack submits when nobody touches the form: each element's initial value."""
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        state: dict[str, Any] = {"type": element["type"]}
        if element["type"] == "datetimepicker":
            state["selected_date_time"] = element.get("initial_date_time")
        elif element["type"] in {"radio_buttons", "static_select", "external_select"}:
            state["selected_option"] = element.get("initial_option")
        elif element["type"] == "multi_conversations_select":
            state["selected_conversations"] = element.get("initial_conversations", [])
        else:
            state["value"] = element.get("initial_value")
        values[block["block_id"]] = {element["action_id"]: state}
    return {"state": {"values": values}, "private_metadata": view.get("private_metadata", "")}


def existing(**changes: Any) -> Event:
    details = EventDetails(
        title="Leeds data meetup",
        starts_at=datetime(2026, 12, 1, 18, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 1, 20, 0, tzinfo=UTC),
        timezone="Europe/London",
        mode=EventMode.HYBRID,
        venue="Quarry House",
        place_id=LEEDS,
        region_code="TLD",
        online_url="https://meet.example.org/x",
        description="Talks, then coffee.\n\nBring a laptop.",
        capacity=40,
        registration_url="https://tickets.example.org/e/1",
        extra_channels=("C0DATA",),
    )
    return Event(
        id=42,
        team_id="T0001",
        organiser_id="UORG",
        details=replace(details, **changes),
        status=EventStatus.SCHEDULED,
        created_at=NOW,
        updated_at=NOW,
    )


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"mode": EventMode.ONLINE, "venue": "", "place_id": None, "region_code": "TLE"},
        {"mode": EventMode.IN_PERSON, "online_url": "", "capacity": None, "extra_channels": ()},
        {"registration_url": "", "description": ""},
    ],
)
def test_an_untouched_edit_form_submits_the_event_unchanged(changes):
    event = existing(**changes)
    view = event_form_view(
        event, place_label="Leeds, West Yorkshire", regions=REGIONS, now=NOW, place_region="TLE"
    )
    submitted = _filled_from_initial_values(view)
    assert event_metadata(submitted) == 42
    draft = event_draft(submitted, timezone="Europe/London")
    place_region = "TLE" if draft.place_id else None
    details = tidy_event(draft, now=NOW, known_place=True, place_region=place_region, editing=True)
    assert details == event.details


def test_an_untouched_new_form_is_valid_apart_from_what_only_the_organiser_knows():
    view = event_form_view(
        None, place_label=None, regions=REGIONS, now=NOW, timezone="Europe/London"
    )
    submitted = _filled_from_initial_values(view)
    assert event_metadata(submitted) is None
    draft = event_draft(submitted, timezone="Europe/London")
    assert draft.starts_at is not None
    assert draft.ends_at is not None
    assert draft.starts_at > NOW
    assert draft.mode == EventMode.IN_PERSON
    with pytest.raises(InvalidInputError) as caught:
        tidy_event(draft, now=NOW, known_place=False, place_region=None)
    assert set(caught.value.fields) == {"title", "place", "venue"}


# Errors beside the right box ---------------------------------------------------------------


def test_every_field_the_domain_names_has_a_box():
    fields = dict.fromkeys(EVENT_FIELD_BLOCKS, "event.errors.title_missing")
    errors = event_form_errors(fields)
    assert set(errors) == set(EVENT_FIELD_BLOCKS.values())
    assert set(EVENT_FIELD_BLOCKS.values()) <= {b.value for b in BlockId}


def _domain_errors() -> dict[str, str]:
    """Every field error the domain can raise, gathered by submitting bad drafts."""
    later = NOW + timedelta(days=3)
    bad = [
        EventDraft(title="", starts_at=None, ends_at=None, mode="party", capacity_text="lots"),
        EventDraft(title="x", starts_at=NOW - timedelta(hours=1), ends_at=NOW - timedelta(2)),
        EventDraft(
            title="x", starts_at=later, ends_at=later + timedelta(days=20), place_id=1, venue=""
        ),
        EventDraft(title="x", starts_at=later, ends_at=later, mode="online", online_url=""),
        EventDraft(
            title="x",
            starts_at=later,
            ends_at=later + timedelta(hours=1),
            mode="online",
            online_url="not a link",
            registration_url="ftp://x",
            extra_channels=tuple(f"C{i:03d}" for i in range(11)),
        ),
    ]
    found: dict[str, str] = {}
    for draft in bad:
        for known_place in (True, False):
            try:
                tidy_event(draft, now=NOW, known_place=known_place, place_region=None)
            except InvalidInputError as error:
                found.update({f"{field}:{key}": key for field, key in error.fields.items()})
    return found


def test_every_error_the_domain_raises_lands_beside_its_own_box():
    found = _domain_errors()
    assert len(set(found.values())) >= 12
    fields = {name.split(":")[0] for name in found}
    assert fields - set(EVENT_FIELD_BLOCKS) == set()


def test_errors_land_beside_their_boxes_in_the_catalogues_words():
    errors = event_form_errors(
        {
            "ends_at": "event.errors.end_before_start",
            "capacity": "event.errors.capacity",
            "place": "event.errors.place_unknown",
            "starts_at": "event.errors.start_past",
        }
    )
    assert errors == {
        BlockId.EVENT_END: t("event.errors.end_before_start"),
        BlockId.EVENT_CAPACITY: t("event.errors.capacity"),
        BlockId.EVENT_PLACE: t("event.errors.place_unknown"),
        BlockId.EVENT_START: t("event.errors.start_past"),
    }


def test_an_unknown_field_or_key_still_gets_an_answer():
    errors = event_form_errors({"mystery": "event.errors.nonsense"})
    assert errors == {BlockId.EVENT_TITLE: t("errors.invalid_input")}


# Context the form and buttons carry --------------------------------------------------------


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ('{"event_id":42}', 42),
        ('{"event_id":42,"tz":"Europe/London"}', 42),
        ('{"event_id":null,"tz":"Europe/London"}', None),
        ("", None),
        (None, None),
        ("{}", None),
        ("null", None),
        ("42", None),
        ("[42]", None),
        ('{"event_id":"42"}', None),
        ('{"event_id":42.0}', None),
        ('{"event_id":true}', None),
        ('{"event_id":0}', None),
        ('{"event_id":-3}', None),
        (json.dumps({"event_id": 2**70}), None),
        ("{not json", None),
        ("x" * 4000, None),
    ],
)
def test_the_event_a_form_edits_is_read_from_its_metadata_and_forgeries_are_none(
    metadata, expected
):
    assert event_metadata({"private_metadata": metadata}) == expected


def test_the_form_carries_the_event_it_edits():
    view = event_form_view(existing(), place_label="Leeds", regions=REGIONS, now=NOW)
    assert event_metadata(view) == 42
    new = event_form_view(None, place_label=None, regions=REGIONS, now=NOW)
    assert event_metadata(new) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", ("", 42)),
        ("edit:42", ("edit", 42)),
        ("cancel:7", ("cancel", 7)),
        ("link:42", ("link", 42)),
        ("0", None),
        ("", None),
        (None, None),
        ("edit:", None),
        ("edit:abc", None),
        ("EDIT:42", None),
        ("edit:42:1", None),
        (" 42", None),
        ("-42", None),
        ("1" * 19, None),
    ],
)
def test_button_and_menu_values_name_their_event(value, expected):
    assert event_choice(value) == expected
    assert event_id_of(value) == (expected[1] if expected else None)


def test_what_was_clicked_is_read_from_a_button_or_an_overflow():
    button = {"actions": [{"action_id": "event.going", "type": "button", "value": "42"}]}
    overflow = {
        "actions": [
            {
                "action_id": "event.manage",
                "type": "overflow",
                "selected_option": _option("Cancel event", "cancel:42"),
            }
        ]
    }
    assert action_choice(button) == ("", 42)
    assert action_choice(overflow) == ("cancel", 42)
    for broken in ({}, {"actions": []}, {"actions": ["x"]}, {"actions": [{"value": 5}]}):
        assert action_choice(broken) is None
    assert action_choice(copy.deepcopy(overflow) | {"actions": [{"selected_option": None}]}) is None
