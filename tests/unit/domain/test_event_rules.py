"""The rules of events, apart from any database or Slack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import InvalidInputError
from bot.domain.events import (
    EventDraft,
    EventMode,
    RsvpStatus,
    changes_between,
    decide_going,
    promotions,
    tidy_event,
    valid_timezone,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEEDS = 2644688


def draft(**changes: object) -> EventDraft:
    values: dict[str, object] = {
        "title": "Leeds data meet-up",
        "starts_at": NOW + timedelta(days=7),
        "ends_at": NOW + timedelta(days=7, hours=2),
        "mode": EventMode.IN_PERSON,
        "venue": "Quarry House",
        "place_id": LEEDS,
    }
    values.update(changes)
    return EventDraft(**values)  # type: ignore[arg-type]


def tidy(d: EventDraft, **options: object):
    settings: dict[str, object] = {"now": NOW, "known_place": True, "place_region": "TLE"}
    settings.update(options)
    return tidy_event(d, **settings)  # type: ignore[arg-type]


def errors_of(d: EventDraft, **options: object) -> dict[str, str]:
    with pytest.raises(InvalidInputError) as caught:
        tidy(d, **options)
    return caught.value.fields


def test_a_good_draft_takes_its_region_from_the_town():
    details = tidy(draft())
    assert details.region_code == "TLE"
    assert details.capacity is None
    assert details.mode is EventMode.IN_PERSON


def test_the_organiser_may_choose_another_region():
    assert tidy(draft(region_code="TLD")).region_code == "TLD"


def test_end_before_start_and_start_in_the_past_are_named():
    fields = errors_of(draft(starts_at=NOW - timedelta(hours=1), ends_at=NOW - timedelta(hours=2)))
    assert fields["starts_at"] == "event.errors.start_past"
    assert fields["ends_at"] == "event.errors.end_before_start"


def test_an_edit_may_keep_a_start_that_has_passed_only_when_editing():
    late = draft(starts_at=NOW - timedelta(minutes=5), ends_at=NOW + timedelta(hours=1))
    assert "starts_at" in errors_of(late)
    assert tidy(late, editing=True).starts_at == late.starts_at


@pytest.mark.parametrize("text", ["0", "-3", "lots", "12.5", "1e3", "100001"])
def test_capacity_must_be_a_positive_whole_number(text: str):
    assert errors_of(draft(capacity_text=text))["capacity"] == "event.errors.capacity"


def test_capacity_accepts_thousands_separators():
    assert tidy(draft(capacity_text=" 1,200 ")).capacity == 1200


def test_an_unknown_town_is_named():
    assert errors_of(draft(), known_place=False)["place"] == "event.errors.place_unknown"


def test_online_events_need_a_link_and_no_venue():
    fields = errors_of(draft(mode=EventMode.ONLINE, venue="", place_id=None, region_code="TLE"))
    assert fields == {"online_url": "event.errors.online_url_missing"}
    details = tidy(
        draft(
            mode=EventMode.ONLINE,
            place_id=None,
            region_code="TLE",
            online_url="https://meet.example/abc",
        )
    )
    assert details.venue == ""
    assert details.place_id is None


def test_links_must_be_web_addresses():
    fields = errors_of(draft(mode=EventMode.HYBRID, online_url="javascript:alert(1)"))
    assert fields["online_url"] == "event.errors.url"
    fields = errors_of(draft(registration_url="<!channel>"))
    assert fields["registration_url"] == "event.errors.url"


def test_text_is_tidied_and_bounded():
    details = tidy(draft(title="  A\x00 title  " + "x" * 400, description="one\n\n\n\ntwo"))
    assert details.title.startswith("A title")
    assert len(details.title) <= 150
    assert details.description == "one\n\ntwo"


def test_an_unknown_time_zone_falls_back_to_the_uks():
    assert valid_timezone("Mars/Olympus") == "Europe/London"
    assert valid_timezone("Europe/Paris") == "Europe/Paris"
    assert valid_timezone(None) == "Europe/London"


def test_going_when_full_joins_the_waitlist():
    assert decide_going(None, 500) is RsvpStatus.GOING
    assert decide_going(10, 9) is RsvpStatus.GOING
    assert decide_going(10, 10) is RsvpStatus.WAITLISTED


def test_freed_places_go_to_the_first_waiting():
    assert promotions(10, 9, ["a", "b"]) == ("a",)
    assert promotions(10, 10, ["a"]) == ()
    assert promotions(None, 3, ["a", "b"]) == ("a", "b")


def test_changes_name_what_those_going_would_want_to_know():
    before = tidy(draft())
    after = tidy(draft(starts_at=NOW + timedelta(days=8), ends_at=NOW + timedelta(days=8, hours=1)))
    assert [c.field for c in changes_between(before, after)] == ["when"]
    moved = tidy(draft(venue="Civic Hall", capacity_text="20"))
    assert [c.field for c in changes_between(before, moved)] == ["where", "capacity"]
    assert changes_between(before, before) == ()
