"""A reminder says how soon the event starts from the time left when it is sent, and the answer
to Going promises a reminder only when one is still to come."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.events import Event, EventDetails, EventMode, EventStatus, RsvpStatus
from handlers.events.blocks.announcement import rsvp_reply_message
from handlers.events.blocks.direct import reminder_message
from tests.support.payloads import mrkdwn_texts

START = datetime(2026, 11, 9, 9, 30, tzinfo=UTC)
EVENT = Event(
    id=7,
    team_id="T0001",
    organiser_id="U0ORG",
    details=EventDetails(
        title="Leeds data meetup",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        timezone="Europe/London",
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=None,
        region_code="YH",
        online_url="",
        description="",
        capacity=None,
        registration_url="",
    ),
    status=EventStatus.SCHEDULED,
    created_at=START - timedelta(days=7),
    updated_at=START - timedelta(days=7),
    going=3,
    waitlisted=0,
)


def shown(payload: dict[str, object]) -> str:
    return "\n".join(mrkdwn_texts(payload))


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (timedelta(hours=24), "tomorrow"),
        (timedelta(hours=23, minutes=59, seconds=55), "tomorrow"),  # sent a moment late
        (timedelta(hours=19), "in 19 hours"),  # held up by an outage
        (timedelta(hours=1), "in an hour"),
        (timedelta(minutes=58), "in an hour"),
        (timedelta(minutes=25), "in 25 minutes"),
        (timedelta(seconds=40), "in a minute"),
        (timedelta(hours=48), "in 2 days"),
    ],
)
def test_a_reminder_is_worded_from_the_time_left_when_sent(left: timedelta, words: str):
    payload = reminder_message(EVENT, where="Leeds", hours_before=24, left=left)
    assert f"starts {words}." in shown(payload)


def test_going_promises_a_reminder_only_when_one_is_to_come():
    coming = rsvp_reply_message(EVENT, RsvpStatus.GOING, changed=True, waitlist_position=None)
    assert "reminder" in shown(coming)
    soon = rsvp_reply_message(
        EVENT, RsvpStatus.GOING, changed=True, waitlist_position=None, reminder_coming=False
    )
    assert "reminder" not in shown(soon)
    assert "Leeds data meetup" in shown(soon)
