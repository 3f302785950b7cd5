"""RSVPs and the messages they cause, judged by the clock a person lives by: reminders worded
from the time really left, no reminder whose moment had passed, a true place on the waitlist
when many click at once, a list that stays as it was once the event has started, and feedback
questions that go when the event ends, not at the scheduler's next look."""

from __future__ import annotations

import json
import random
import re
import threading
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot import scheduler
from bot.domain.events import EventDraft, RsvpStatus
from handlers.ids import ActionId, CallbackId
from handlers.slack.outbox_base import OUTBOX_EVENT_TYPE
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_events import click, dms_to, element, text
from tests.support.forms import event_form_values

ADMIN = "U0ADMIN"
CHANNEL = "C0LEEDS"
FRIEND, OTHER = "U0FRIEND", "U0OTHER"
CROWD = tuple(f"U0CROWD{n}" for n in range(6))
DRAIN_EVERY = timedelta(seconds=5)  # the outbox tick


@pytest.fixture
def events_world(world: World) -> World:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    for user in (FRIEND, OTHER, *CROWD):
        world.fake.add_user(user, team_id=TEAM)
    world.slack.command("/event", "link Leeds", user_id=ADMIN, channel_id=CHANNEL)
    world.responses()
    return world


# Helpers --------------------------------------------------------------------------------------


def announce(world: World, **fields: Any) -> dict[str, Any]:
    """Submit the event form as ADMIN (a week ahead unless `start` says); the announcement."""
    place = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    assert place is not None
    start = fields.pop("start", world.clock.now() + timedelta(days=7))
    values = event_form_values(place_id=place.id, start=start, **fields)
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        values,
        user_id=ADMIN,
        private_metadata=json.dumps({"tz": "Europe/London"}),
    )
    assert response.json()["response_action"] == "update"
    [post] = world.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == CHANNEL
    )
    return post.params


def reminders_to(world: World, user: str) -> list[str]:
    """What the reminders DMed to `user` say, in order."""
    return [
        dm["text"] + " " + text(dm["blocks"])
        for dm in dms_to(world, user)
        if "Reminder" in dm["text"]
    ]


def drain(world: World) -> None:
    world.runtime.services.outbox.drain_due()


def the_event(world: World):
    [event] = world.runtime.services.events.list_upcoming(TEAM, None).events
    return event


# 1. Reminders: worded from the time left, none whose moment had passed -------------------------


@pytest.mark.parametrize(
    ("going_before", "expected"),
    [
        # said Going this long before the start -> the reminders, by when each was sent
        (timedelta(hours=23), [(timedelta(hours=1), "starts in an hour")]),
        (timedelta(minutes=65), [(timedelta(hours=1), "starts in an hour")]),
        (timedelta(minutes=59), []),
        (timedelta(minutes=30), []),
        (timedelta(minutes=3), []),
        (
            timedelta(hours=30),
            [(timedelta(hours=24), "starts tomorrow"), (timedelta(hours=1), "starts in an hour")],
        ),
    ],
)
def test_only_reminders_still_to_come_when_someone_says_going_are_sent(
    events_world: World, going_before: timedelta, expected: list[tuple[timedelta, str]]
):
    world = events_world
    post = announce(world)
    start = the_event(world).starts_at
    world.clock.set(start - going_before)
    reply = click(world, post, ActionId.EVENT_GOING, ME, "going")
    assert "going" in text(reply).lower()
    if not expected:  # the answer already says when it starts: no promise of a reminder
        assert "reminder" not in text(reply).lower()
    drain(world)
    assert reminders_to(world, ME) == [], "a reminder went at once, with the answer"
    sent: list[str] = []
    for before, _ in expected:
        world.clock.set(start - before)
        drain(world)
        sent = reminders_to(world, ME)
    world.clock.set(start)
    drain(world)
    sent = reminders_to(world, ME)
    assert len(sent) == len(expected)
    for said, (_, words) in zip(sent, expected, strict=True):
        assert words in said


def test_a_reminder_held_up_by_an_outage_says_how_long_is_really_left(events_world: World):
    world = events_world
    post = announce(world)
    start = the_event(world).starts_at
    click(world, post, ActionId.EVENT_GOING, ME, "going")
    world.clock.set(start - timedelta(hours=19))  # the app was down from 24 hours before
    drain(world)
    [late] = reminders_to(world, ME)
    assert "starts in 19 hours" in late
    assert "tomorrow" not in late


# 2. The waitlist: each person told their own place, however many click at once -----------------


def position_in(reply: dict[str, Any]) -> int:
    found = re.search(r"number (\d+)", text(reply))
    assert found, f"no place on the waitlist in {text(reply)}"
    return int(found.group(1))


def test_people_clicking_going_at_once_on_a_full_event_are_told_their_true_places(
    events_world: World, monkeypatch: pytest.MonkeyPatch
):
    world = events_world
    post = announce(world, capacity="1")
    click(world, post, ActionId.EVENT_GOING, ME, "me")  # the one place
    # Each request reads the time when it arrives, then waits its turn for the event: on a
    # busy server (or on replicas whose clocks differ by a little) the order of the readings
    # need not be the order of the turns.
    base = world.clock.now()
    jitter = random.Random(12)
    lock = threading.Lock()

    def now() -> datetime:
        with lock:
            return base + timedelta(milliseconds=jitter.randrange(0, 900))

    monkeypatch.setattr(world.clock, "now", now)
    button = element(post, ActionId.EVENT_GOING)
    told: dict[str, int] = {}

    def going(user: str) -> None:
        world.slack.block_action(
            button["action_id"],
            value=button["value"],
            user_id=user,
            response_url=world.fake.response_url(f"crowd-{user}"),
        )

    threads = [threading.Thread(target=going, args=(user,)) for user in CROWD]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for user in CROWD:
        [reply] = world.responses(
            where=lambda call, u=user: call.params.get("_path") == f"crowd-{u}"
        )
        told[user] = position_in(reply)
    assert sorted(told.values()) == list(range(1, len(CROWD) + 1)), told
    with world.runtime.services.events._uow() as uow:
        waitlist = uow.events.waitlist(the_event(world).id)
    assert waitlist == sorted(CROWD, key=told.__getitem__)
    # And a place that comes free goes to the one told they were number 1.
    first = min(told, key=told.__getitem__)
    monkeypatch.undo()
    world.clock.advance(seconds=1)
    click(world, post, ActionId.EVENT_NOT_GOING, ME, "me-out")
    drain(world)
    assert [dm for dm in dms_to(world, first) if "place" in text(dm).lower()]
    assert world.runtime.services.events.rsvp_status(the_event(world), first) is RsvpStatus.GOING


# 3. Once an event has started, the list stays as it was ----------------------------------------


def test_after_the_start_answers_stay_as_they_were_and_nobody_is_promoted(events_world: World):
    world = events_world
    post = announce(world, capacity="1", title="Leeds data meet-up")
    click(world, post, ActionId.EVENT_GOING, ME, "me")
    waiting = click(world, post, ActionId.EVENT_GOING, FRIEND, "friend")
    assert "waitlist" in text(waiting).lower()
    event = the_event(world)
    world.clock.set(event.starts_at + timedelta(minutes=20))
    for user, action, path in (
        (ME, ActionId.EVENT_NOT_GOING, "me-late"),
        (FRIEND, ActionId.EVENT_GOING, "friend-late"),
        (OTHER, ActionId.EVENT_GOING, "other-late"),
        (OTHER, ActionId.EVENT_NOT_GOING, "other-late-2"),
    ):
        reply = click(world, post, action, user, path)
        assert reply["response_type"] == "ephemeral"
        assert reply["replace_original"] is False
        assert "started" in text(reply).lower()
        assert "stays as it was" in text(reply).lower()
    drain(world)
    assert dms_to(world, FRIEND) == []  # no "a place came free" in the middle of it
    events = world.runtime.services.events
    with events._uow() as uow:
        assert uow.events.rsvp_status(event.id, ME) is RsvpStatus.GOING
        assert uow.events.rsvp_status(event.id, FRIEND) is RsvpStatus.WAITLISTED
        assert uow.events.rsvp_status(event.id, OTHER) is None
        counted = uow.events.get(TEAM, event.id)
    assert counted is not None
    assert (counted.going, counted.waitlisted) == (1, 1)
    # Those going at the start are asked for feedback when it ends; nobody else.
    world.clock.set(event.ends_at + timedelta(minutes=1))
    scheduler.feedback_tick(world.runtime.services.feedback)
    drain(world)
    assert questions_to(world, ME)
    assert questions_to(world, FRIEND) == []
    assert questions_to(world, OTHER) == []


def test_the_cant_go_button_of_a_reminder_after_the_start_changes_nothing(events_world: World):
    world = events_world
    post = announce(world)
    click(world, post, ActionId.EVENT_GOING, ME, "me")
    event = the_event(world)
    world.clock.set(event.starts_at - timedelta(hours=1))
    drain(world)
    [reminder] = [dm for dm in dms_to(world, ME) if "Reminder" in dm["text"]]
    world.clock.set(event.starts_at + timedelta(minutes=5))
    reply = click(world, reminder, ActionId.EVENT_NOT_GOING, ME, "dm-late")
    assert "started" in text(reply).lower()
    assert world.runtime.services.events.rsvp_status(event, ME) is RsvpStatus.GOING


def test_the_home_tab_buttons_after_the_start_change_nothing(events_world: World):
    world = events_world
    post = announce(world, title="Leeds data meet-up")
    click(world, post, ActionId.EVENT_GOING, ME, "me")
    event = the_event(world)
    world.clock.set(event.starts_at + timedelta(minutes=5))
    world.slack.app_home_opened(ME)
    [home] = world.fake.wait_for("views.publish")
    details = element(home.params["view"], ActionId.EVENT_DETAILS)
    world.slack.block_action(
        details["action_id"], value=details["value"], user_id=ME, view={"type": "home"}
    )
    [shown] = world.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == ME
    )
    reply = click(world, shown.params, ActionId.EVENT_NOT_GOING, ME, "home-late")
    assert "started" in text(reply).lower()
    assert world.runtime.services.events.rsvp_status(event, ME) is RsvpStatus.GOING


# 4. Feedback questions go when the event ends ---------------------------------------------------


def questions_to(world: World, user: str) -> list[dict[str, Any]]:
    return [
        dm
        for dm in dms_to(world, user)
        if (dm.get("metadata") or {}).get("event_type") == OUTBOX_EVENT_TYPE
        and "feedback" in text(dm).lower()
        and "Reminder" not in dm["text"]
    ]


def run_scheduler(world: World, until: datetime, *, phase: timedelta) -> dict[str, datetime]:
    """The scheduler's ticks from now until `until`: the outbox every five seconds, the
    feedback tick at its own interval (first at `phase`); when each person was first asked."""
    asked: dict[str, datetime] = {}
    next_feedback = world.clock.now() + phase
    while world.clock.now() <= until:
        if world.clock.now() >= next_feedback:
            scheduler.feedback_tick(world.runtime.services.feedback)
            next_feedback += scheduler.FEEDBACK_EVERY
        drain(world)
        for user in (ME, FRIEND, OTHER):
            if user not in asked and questions_to(world, user):
                asked[user] = world.clock.now()
        world.clock.advance(seconds=DRAIN_EVERY.total_seconds())
    return asked


@pytest.mark.parametrize("phase_seconds", [7, 130, 293])
def test_feedback_questions_go_when_the_event_ends(events_world: World, phase_seconds: int):
    world = events_world
    post = announce(world)
    click(world, post, ActionId.EVENT_GOING, ME, "me")
    click(world, post, ActionId.EVENT_GOING, FRIEND, "friend")
    event = the_event(world)
    world.clock.set(event.ends_at - timedelta(minutes=12))
    asked = run_scheduler(
        world, event.ends_at + timedelta(minutes=1), phase=timedelta(seconds=phase_seconds)
    )
    assert set(asked) == {ME, FRIEND}
    for when in asked.values():
        assert event.ends_at <= when < event.ends_at + DRAIN_EVERY, when - event.ends_at
    run_scheduler(world, event.ends_at + timedelta(minutes=15), phase=timedelta(seconds=1))
    assert len(questions_to(world, ME)) == 1  # once each, however many ticks look


def test_feedback_follows_an_edit_of_the_end_and_a_cancellation(events_world: World):
    world = events_world
    post = announce(world)
    click(world, post, ActionId.EVENT_GOING, ME, "me")
    event = the_event(world)
    events = world.runtime.services.events
    # The organiser moves the end an hour later before it starts.
    details = event.details
    draft = EventDraft(
        title=details.title,
        starts_at=details.starts_at,
        ends_at=details.ends_at + timedelta(hours=1),
        mode=details.mode,
        region_code=details.region_code,
        venue=details.venue,
        place_id=details.place_id,
        description=details.description,
    )
    moved = events.edit_event(TEAM, ADMIN, event.id, draft).event
    world.clock.set(event.ends_at - timedelta(minutes=12))
    asked = run_scheduler(world, moved.ends_at + timedelta(minutes=1), phase=timedelta(0))
    assert moved.ends_at <= asked[ME] < moved.ends_at + DRAIN_EVERY
    # Another event, cancelled while under way after its questions were queued: nobody asked.
    post = announce(world, title="Second meet-up", start=world.clock.now() + timedelta(days=2))
    click(world, post, ActionId.EVENT_GOING, FRIEND, "friend")
    second = next(e for e in events.list_upcoming(TEAM, None).events if e.title == "Second meet-up")
    world.clock.set(second.ends_at - timedelta(minutes=3))
    scheduler.feedback_tick(world.runtime.services.feedback)
    events.cancel_event(TEAM, ADMIN, second.id)
    world.clock.set(second.ends_at + timedelta(minutes=1))
    scheduler.feedback_tick(world.runtime.services.feedback)
    drain(world)
    assert questions_to(world, FRIEND) == []
