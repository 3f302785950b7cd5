"""The attendee builders ("Who's going", the DM after the event, one attendee's profile), the
profile form's sharing options and the feedback form's way into mentoring: Slack's limits,
`handlers.ids`, text that cannot ping, and what the buttons carry read back strictly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.errors import DomainError
from bot.domain.events import Event, EventDetails, EventMode, EventStatus
from bot.domain.feedback import Subject
from bot.domain.people import Profile
from bot.services.attendees import ATTENDEES_PAGE_SIZE, Attendee, AttendeeList
from handlers.events.blocks.announcement import announcement_message
from handlers.events.blocks.attendees import (
    PAGE_BUTTONS,
    SEE_EVERYONE,
    after_event_message,
    attendee_profile_view,
    attendees_value,
    read_attendees_value,
    read_person_value,
    whos_going_message,
)
from handlers.feedback.blocks.details import JOIN_MENTORING, details_view
from handlers.feedback.forms import wants_mentoring
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from handlers.ui.profile import ANNOUNCE_IN_DIGEST, LISTED_TO_ATTENDEES, profile_view
from tests.support.fake_slack import message_problems, view_problems
from tests.support.payloads import walk
from tests.unit.blocks.test_feedback_blocks import prompt_view

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOSTILE = "<!channel> <@U123> & co"


def event(title: str = "Leeds data meet-up") -> Event:
    starts = NOW + timedelta(days=3)
    details = EventDetails(
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        timezone="Europe/London",
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=2644688,
        region_code="TLE",
        online_url="",
        description="",
        capacity=None,
        registration_url="",
    )
    return Event(42, "T0001", "UORG", details, EventStatus.SCHEDULED, NOW, NOW, going=3)


def profile(user: str, **changes: Any) -> Profile:
    values: dict[str, Any] = {
        "team_id": "T0001",
        "user_id": user,
        "place_id": 2644688,
        "organisation": "Home Office",
        "job_title": "Analyst",
        "created_at": NOW,
        "updated_at": NOW,
        "confirmed_at": NOW,
        "can_help": ("data", "SQL"),
        "want_to_learn": ("policy",),
    }
    values.update(changes)
    return Profile(**values)


def listing(
    count: int, *, page: int = 1, unlisted: int = 0, others: bool = False, title: str = "Meet-up"
) -> AttendeeList:
    people = tuple(
        Attendee(profile(f"U0P{n:03d}"), "Leeds") for n in range(min(count, ATTENDEES_PAGE_SIZE))
    )
    pages = max(1, -(-count // ATTENDEES_PAGE_SIZE))
    return AttendeeList(event(title), people, page, pages, count, unlisted, others)


def ids_in(payload: dict[str, Any]) -> list[str]:
    return [
        node["action_id"]
        for _, node in walk(payload.get("blocks", []))
        if isinstance(node.get("action_id"), str)
    ]


def check(payload: dict[str, Any]) -> None:
    assert message_problems(payload, "chat.postMessage") == []
    for action_id in ids_in(payload):
        assert base_action(action_id) in {a.value for a in ActionId}, action_id


def test_the_announcement_has_a_whos_going_button():
    message = announcement_message(event(), where="Leeds")
    [button] = [
        node
        for _, node in walk(message["blocks"])
        if node.get("action_id") == ActionId.EVENT_WHOS_GOING
    ]
    assert read_attendees_value(button["value"]) == (42, 1, False)
    check(message)


@pytest.mark.parametrize("count", [0, 1, 5, ATTENDEES_PAGE_SIZE, 500])
def test_every_page_fits_slacks_limits(count: int):
    for others in (False, True):
        attendees = listing(count, unlisted=7, others=others)
        check(whos_going_message(attendees))
        if count:
            check(after_event_message(attendees))


def test_the_list_names_each_person_counts_the_rest_and_pings_nobody():
    hostile = Attendee(
        profile("U0HOSTILE", job_title=HOSTILE, organisation=HOSTILE, can_help=(HOSTILE,)),
        HOSTILE,
    )
    attendees = AttendeeList(event(HOSTILE), (hostile,), 1, 1, 1, 2, False)
    for payload in (whos_going_message(attendees), after_event_message(attendees)):
        said = str(payload)
        assert "<@U0HOSTILE>" in said
        assert "<!channel>" not in said
        assert "<@U123>" not in said
        assert "2 more people going haven't shared a profile here" in said
    view = attendee_profile_view(hostile, "Meet-up")
    assert view_problems(view, "views.open") == []
    assert "<!channel>" not in str(view)
    assert "submit" not in view
    assert view["callback_id"] == CallbackId.NOTICE


def test_pages_turn_in_place_and_the_dm_offers_everyone_below_it():
    first = whos_going_message(listing(45))
    assert [i for i in ids_in(first) if base_action(i) == ActionId.EVENT_WHOS_GOING] == [
        PAGE_BUTTONS[1]
    ]
    middle = whos_going_message(listing(45, page=2))
    assert [i for i in ids_in(middle) if base_action(i) == ActionId.EVENT_WHOS_GOING] == list(
        PAGE_BUTTONS
    )
    dm = after_event_message(listing(45, others=True))
    [more] = [
        node
        for _, node in walk(dm["blocks"])
        if node.get("action_id") == SEE_EVERYONE  # a new list, the DM stays
    ]
    assert read_attendees_value(more["value"]) == (42, 2, True)


def test_nobody_listed_says_so():
    message = whos_going_message(listing(0, unlisted=1))
    assert "Nobody going has shared their profile here yet" in str(message)
    assert "1 more person going hasn't shared a profile here" in str(message)


@pytest.mark.parametrize(
    ("value", "read"),
    [("42", (42, 1, False)), ("42:3", (42, 3, False)), ("42:2:o", (42, 2, True))],
)
def test_list_values_read_back(value: str, read: tuple[int, int, bool]):
    assert read_attendees_value(value) == read
    assert attendees_value(read[0], read[1], others=read[2]) == value


@pytest.mark.parametrize("value", [None, "", "0", "x", "42:", "42:2:x", "9" * 12, "-1", "1:1:1"])
def test_forged_list_values_read_as_expired(value: object):
    with pytest.raises(DomainError) as raised:
        read_attendees_value(value)
    assert raised.value.key == "errors.expired"


@pytest.mark.parametrize(
    "value", [None, "", "42", "42:u0abc", "42:C0CHANNEL", "0:U0ME", "42:<!here>"]
)
def test_forged_person_values_read_as_expired(value: object):
    with pytest.raises(DomainError):
        read_person_value(value)


def test_person_values_read_back():
    assert read_person_value("42:U0FRIEND") == (42, "U0FRIEND")


# The profile form's sharing options -------------------------------------------------------------


def sharing(view: dict[str, Any]) -> dict[str, Any]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == BlockId.SHARING]
    return block


def test_a_new_profile_is_shown_to_attendees_and_not_announced_unless_ticked():
    block = sharing(profile_view(None, None))
    assert block["element"]["action_id"] == InputId.SHARING
    assert [o["value"] for o in block["element"]["options"]] == [
        LISTED_TO_ATTENDEES,
        ANNOUNCE_IN_DIGEST,
    ]
    assert [o["value"] for o in block["element"]["initial_options"]] == [LISTED_TO_ATTENDEES]
    assert "weekly digest" in str(block)


def test_an_existing_profile_shows_its_choices_and_none_ticked_sends_no_initial_options():
    chosen = profile("U0ME", listed_to_attendees=False, announce_in_digest=True)
    block = sharing(profile_view(chosen, "Leeds"))
    assert [o["value"] for o in block["element"]["initial_options"]] == [ANNOUNCE_IN_DIGEST]
    neither = profile("U0ME", listed_to_attendees=False, announce_in_digest=False)
    assert "initial_options" not in sharing(profile_view(neither, "Leeds"))["element"]
    assert view_problems(profile_view(chosen, "Leeds"), "views.open") == []


# The feedback form's way into mentoring ----------------------------------------------------------


def test_the_event_feedback_form_offers_mentoring_and_a_groups_does_not():
    form = details_view(prompt_view())
    assert any(b.get("block_id") == BlockId.FEEDBACK_MENTORING for b in form["blocks"])
    assert view_problems(form, "views.open") == []
    group_form = details_view(prompt_view(subject=Subject.group(7, 1)))
    assert not any(b.get("block_id") == BlockId.FEEDBACK_MENTORING for b in group_form["blocks"])


def test_the_mentoring_box_reads_back_when_ticked_only():
    def state(chosen: list[str] | None) -> dict[str, Any]:
        element: dict[str, Any] = {"type": "checkboxes"}
        if chosen is not None:
            element["selected_options"] = [{"value": value} for value in chosen]
        block = {BlockId.FEEDBACK_MENTORING: {InputId.FEEDBACK_MENTORING: element}}
        return {"state": {"values": block}}

    assert wants_mentoring(state([JOIN_MENTORING])) is True
    assert wants_mentoring(state([])) is False
    assert wants_mentoring(state(None)) is False
    assert wants_mentoring(state(["something else"])) is False
    assert wants_mentoring({"state": {"values": {}}}) is False
