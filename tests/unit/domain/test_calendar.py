"""An event as calendars read it: the .ics file parsed back, and the Google and Outlook links."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bot.domain.calendar import (
    MAX_LINK,
    event_location,
    event_uid,
    google_calendar_url,
    ics_calendar,
    outlook_calendar_url,
)
from bot.domain.events import Event, EventDetails, EventMode, EventStatus

CREATED = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
STARTS = datetime(2025, 3, 10, 18, 30, tzinfo=UTC)  # GMT in London: local time = UTC
SUMMER = datetime(2025, 7, 1, 17, 0, tzinfo=UTC)  # BST in London: 18:00 local
TRICKY = "Data, policy; and\nnew lines \\ back"


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
        description="Talks and coffee.",
        capacity=30,
        registration_url="",
    )
    values: dict[str, Any] = {
        "id": 42,
        "team_id": "T0001",
        "organiser_id": "UORG",
        "details": replace(details, **detail_changes),
        "status": EventStatus.SCHEDULED,
        "created_at": CREATED,
        "updated_at": CREATED,
    }
    values.update(changes)
    return Event(**values)


def parsed(data: bytes) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(data)
    [vevent] = calendar.walk("VEVENT")
    return calendar, vevent


def query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}


# The .ics file ----------------------------------------------------------------------------


def test_the_file_publishes_one_event_with_a_stable_uid():
    calendar, vevent = parsed(ics_calendar(event(), where="Leeds", organiser="Ann"))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "Who's Who Locally" in str(calendar["PRODID"])
    assert str(vevent["UID"]) == "event-42-T0001@whoswho-locally" == event_uid(event())
    assert vevent.decoded("DTSTAMP") == CREATED
    assert str(vevent["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("starts", "zone", "local_hour"),
    [
        (STARTS, "Europe/London", 18),
        (SUMMER, "Europe/London", 18),
        (SUMMER, "America/New_York", 13),
        (STARTS, "Asia/Kolkata", 0),  # 18:30 UTC is past midnight in India: the next day
        (SUMMER, "Australia/Sydney", 3),
    ],
)
def test_times_are_written_in_the_events_own_zone_and_mean_the_same_instant(
    starts, zone, local_hour
):
    happening = event(starts_at=starts, ends_at=starts + timedelta(hours=2), timezone=zone)
    data = ics_calendar(happening, where="Leeds", organiser="Ann")
    calendar, vevent = parsed(data)
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start.astimezone(UTC) == happening.starts_at
    assert end.astimezone(UTC) == happening.ends_at
    assert start.hour == local_hour
    assert vevent["DTSTART"].params["TZID"] == zone
    assert vevent["DTEND"].params["TZID"] == zone
    assert f"DTSTART;TZID={zone}:".encode() in data
    # Outlook needs the zone's rules in the file itself.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]


def test_the_zone_in_the_file_agrees_with_the_instant_on_both_sides_of_a_clock_change():
    # 30 March 2025: the UK's clocks go forward at 01:00 UTC. An event spanning the change.
    starts = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)
    happening = event(starts_at=starts, ends_at=starts + timedelta(hours=2))
    data = ics_calendar(happening, where="Leeds", organiser="Ann")
    assert b"DTSTART;TZID=Europe/London:20250330T003000" in data
    assert b"DTEND;TZID=Europe/London:20250330T033000" in data  # 02:30 UTC is 03:30 BST
    _, vevent = parsed(data)
    assert vevent.decoded("DTEND").astimezone(UTC) == happening.ends_at


def test_an_unknown_zone_falls_back_to_the_uks():
    data = ics_calendar(event(timezone="Mars/Olympus"), where="Leeds", organiser="Ann")
    _, vevent = parsed(data)
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert vevent.decoded("DTSTART").astimezone(UTC) == STARTS


def test_a_cancelled_event_says_so_and_outranks_the_earlier_file():
    scheduled = event()
    cancelled = event(status=EventStatus.CANCELLED, updated_at=CREATED + timedelta(days=2))
    _, before = parsed(ics_calendar(scheduled, where="Leeds", organiser="Ann"))
    _, after = parsed(ics_calendar(cancelled, where="Leeds", organiser="Ann"))
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"]) == 0


def test_every_edit_raises_the_sequence():
    sequences = [
        int(
            parsed(ics_calendar(event(updated_at=CREATED + step), where="", organiser=""))[1][
                "SEQUENCE"
            ]
        )
        for step in (timedelta(0), timedelta(seconds=1), timedelta(hours=3), timedelta(days=40))
    ]
    assert sequences == sorted(set(sequences))


def test_commas_semicolons_backslashes_and_new_lines_survive_the_round_trip():
    tricky = event(title=TRICKY, description=TRICKY, venue="Room 1, Floor 2; East")
    data = ics_calendar(tricky, where="Leeds; West Yorkshire", organiser="Ann, Bob")
    assert b"SUMMARY:Data\\, policy\\; and\\nnew lines \\\\ back" in data
    _, vevent = parsed(data)
    assert str(vevent["SUMMARY"]) == TRICKY
    assert str(vevent["DESCRIPTION"]).startswith(TRICKY)
    assert str(vevent["LOCATION"]) == "Room 1, Floor 2; East, Leeds; West Yorkshire"
    assert "Organised by Ann, Bob" in str(vevent["DESCRIPTION"])


def test_the_description_carries_the_links_and_the_url_points_somewhere_useful():
    hybrid = event(
        mode=EventMode.HYBRID,
        online_url="https://meet.example.org/leeds?pwd=a&b=c",
        registration_url="https://tickets.example.org/e/42",
    )
    _, vevent = parsed(ics_calendar(hybrid, where="Leeds", organiser="Ann"))
    description = str(vevent["DESCRIPTION"])
    assert "Talks and coffee." in description
    assert "Join online: https://meet.example.org/leeds?pwd=a&b=c" in description
    assert "Register: https://tickets.example.org/e/42" in description
    assert str(vevent["URL"]) == "https://tickets.example.org/e/42"
    assert str(vevent["LOCATION"]) == "Quarry House, Leeds, and online"
    _, linked = parsed(
        ics_calendar(hybrid, where="Leeds", organiser="Ann", details_url="https://x.example/e")
    )
    assert str(linked["URL"]) == "https://x.example/e"


def test_an_event_with_nothing_optional_leaves_those_lines_out():
    bare = event(description="", venue="", mode=EventMode.ONLINE, online_url="")
    _, vevent = parsed(ics_calendar(bare, where="", organiser=""))
    assert "DESCRIPTION" not in vevent
    assert "URL" not in vevent
    assert str(vevent["LOCATION"]) == "Online"


@settings(max_examples=60, deadline=None)
# icalendar alone would read a typed backslash-N as a line break.
@example(title="C:\\New \\N", description="\\N; \\, done")
@given(
    title=st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
        min_size=1,
        max_size=150,
    ).filter(lambda s: s.strip() == s and s),
    description=st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n"),
        max_size=400,
    ).filter(lambda s: s.strip() == s),
)
def test_any_typed_title_and_description_come_back_as_typed(title, description):
    typed = event(title=title, description=description)
    _, vevent = parsed(ics_calendar(typed, where="", organiser=""))
    assert str(vevent["SUMMARY"]) == title
    if description:
        assert str(vevent["DESCRIPTION"]) == description


# The links ---------------------------------------------------------------------------------


def test_the_google_link_carries_utc_times_and_the_details():
    url = google_calendar_url(event(starts_at=SUMMER, ends_at=SUMMER + timedelta(hours=1)), "Leeds")
    assert url.startswith("https://calendar.google.com/calendar/render?")
    values = query(url)
    assert values["action"] == "TEMPLATE"
    assert values["text"] == "Leeds data meetup"
    assert values["dates"] == "20250701T170000Z/20250701T180000Z"
    assert values["location"] == "Quarry House, Leeds"
    assert values["details"] == "Talks and coffee."


def test_the_outlook_link_carries_utc_times_and_the_details():
    zoned = event(timezone="America/New_York")
    url = outlook_calendar_url(zoned, "Leeds")
    assert url.startswith("https://outlook.office.com/calendar/0/deeplink/compose?")
    values = query(url)
    assert values["subject"] == "Leeds data meetup"
    assert values["startdt"] == "2025-03-10T18:30:00Z"
    assert values["enddt"] == "2025-03-10T20:30:00Z"
    assert values["body"] == "Talks and coffee."
    assert values["location"] == "Quarry House, Leeds"
    assert values["path"] == "/calendar/action/compose"
    assert values["rru"] == "addevent"


def test_links_escape_what_people_typed():
    tricky = event(title="Q&A: data? #1 <!channel>", description="a=b&c=d\nnext")
    for url in (google_calendar_url(tricky, "Leeds & Bradford"), outlook_calendar_url(tricky, "")):
        assert " " not in url
        assert "\n" not in url
        assert "<" not in url
        values = query(url)
        assert values.get("text", values.get("subject")) == "Q&A: data? #1 <!channel>"
        assert values.get("details", values.get("body")) == "a=b&c=d\nnext"


@pytest.mark.parametrize("link", [google_calendar_url, outlook_calendar_url])
def test_a_long_description_is_shortened_to_fit_a_button(link):
    long = event(
        title="Ü" * 150,
        description="Ünïcödé " * 400,
        mode=EventMode.HYBRID,
        online_url="https://meet.example.org/" + "x" * 400,
        registration_url="https://tickets.example.org/" + "y" * 400,
    )
    url = link(long, "Llanfair­pwllgwyngyll")
    assert len(url) <= MAX_LINK
    values = query(url)
    assert values.get("text", values.get("subject")) == "Ü" * 150
    assert "20250310T183000Z" in url or "2025-03-10T18:30:00Z" in values.get("startdt", "")


def test_where_is_the_venue_and_town_or_online():
    assert event_location(event(), "Leeds") == "Quarry House, Leeds"
    assert event_location(event(), "Quarry House, Leeds") == "Quarry House, Leeds"
    assert event_location(event(venue=""), "Leeds") == "Leeds"
    assert event_location(event(), "") == "Quarry House"
    assert event_location(event(mode=EventMode.ONLINE, venue=""), "") == "Online"
    assert (
        event_location(event(mode=EventMode.HYBRID), "Leeds") == "Quarry House, Leeds, and online"
    )
    assert event_location(event(mode=EventMode.HYBRID, venue=""), "") == "Online"
