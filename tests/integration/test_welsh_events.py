"""A Welsh-speaking organiser and attendee through events, end to end, beside English ones: the
form, the posting report, RSVP replies, Who's going, a profile card, the calendar file,
`/event list` and `/event help` in Welsh for the Welsh readers and in English for the others;
the announcement in each channel's own language whoever posted it.

People choose Welsh on the Home tab, as a person would. Welsh is recognised through the Welsh
catalogue (`with use_language(WELSH): t(key)`), never by words written here, and each key
compared is checked to differ from its English, so no test can pass on English."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from babel.dates import format_date
from icalendar import Calendar

from bot.i18n import BABEL_LOCALES, ENGLISH, WELSH, long_date, use_language
from handlers.ids import ActionId, CallbackId, base_action
from tests.integration.conftest import TEAM, World
from tests.integration.test_events import click as click_at
from tests.integration.test_events import dms_to, drain
from tests.integration.test_person_language import choose_on_home
from tests.integration.test_welcomes import event_command
from tests.integration.test_whoswho import add_person
from tests.support.fake_slack import message_problems
from tests.support.forms import event_form_values
from tests.support.payloads import walk
from tests.support.welsh import (
    english,
    said,
    welsh,
    welsh_words,  # noqa: F401 - the fixture
    words,
)

pytestmark = pytest.mark.usefixtures("welsh_words")

ORGANISER = "U0TREFNYDD"  # reads Welsh
CYMRO = "U0CYMRO"  # an attendee who reads Welsh
SAM = "U0SAM"  # an attendee who reads English
WALES = "C0WALES"  # linked to Wales: bilingual
LEEDS = "C0LEEDS"  # linked to Yorkshire: English


# Words ----------------------------------------------------------------------------------------


def in_welsh(payload: Any, *keys: str) -> None:
    text = said(payload)
    for key in keys:
        assert welsh(key, gapped=True) in text, key
        assert english(key, gapped=True) not in text, key
    assert "<!date^" not in text  # Welsh dates are written out in words
    assert "[cy]" not in text  # no key fell back to English


def in_english(payload: Any, *keys: str) -> None:
    text = said(payload)
    for key in keys:
        assert english(key, gapped=True) in text, key
        assert words(WELSH, key, gapped=True) not in text, key


def welsh_then_english(payload: Any, key: str) -> bool:
    text = said(payload)
    cy, en = welsh(key, gapped=True), english(key, gapped=True)
    return cy in text and en in text and text.index(cy) < text.rindex(en)


def welsh_day(world: World, days: int = 7) -> str:
    """The day of the event (a week away unless said), as Babel writes it in Welsh: the
    weekday's and the month's Welsh names ("Llun 9 Tach 2026")."""
    day = (world.clock.now() + timedelta(days=days)).date()
    with use_language(WELSH):
        found = long_date(day, short=True)
    assert found != format_date(day, "EEE d MMM y", locale=BABEL_LOCALES[ENGLISH])
    return found


# The people and the channels ------------------------------------------------------------------


def becomes(world: World, user: str, language: str) -> None:
    """The person chooses a language on their Home tab (and it is published again)."""
    before = len(published_to(world, user))
    choose_on_home(world, language, user=user)
    world.fake.wait_for(
        "views.publish",
        count=before + 1,
        where=lambda call: call.params.get("user_id") == user,
    )


def published_to(world: World, user: str) -> list[Any]:
    return [c for c in world.fake.calls_to("views.publish") if c.params.get("user_id") == user]


@pytest.fixture
def cymru(world: World) -> World:
    return people_and_channels(world)


def people_and_channels(world: World) -> World:
    """An organiser and an attendee who read Welsh, one who reads English; a channel linked to
    Wales and one to Leeds."""
    world.fake.add_user(
        ORGANISER, team_id=TEAM, is_admin=True, tz="Europe/London", real_name="Gwen Prys"
    )
    for user in (CYMRO, SAM):
        world.fake.add_user(user, team_id=TEAM, tz="Europe/London")
    event_command(world, "link Wales", channel=WALES, user=ORGANISER)
    event_command(world, "link Leeds", channel=LEEDS, user=ORGANISER)
    add_person(world, CYMRO, place="Cardiff", can_help="ystadegau", job_title="Ystadegydd")
    add_person(world, SAM, can_help="statistics", job_title="Statistician")
    becomes(world, ORGANISER, WELSH)
    becomes(world, CYMRO, WELSH)
    return world


def town(world: World, name: str) -> int:
    found = world.runtime.services.directory.gazetteer.read_query(name).place
    assert found is not None
    return found.id


def submit_event(world: World, *, event_id: int | None = None, **fields: Any) -> dict[str, Any]:
    """The organiser submits the event form: in Cardiff a week away, announced in Leeds too."""
    start = fields.pop("start", world.clock.now() + timedelta(days=7))
    values = event_form_values(
        place_id=fields.pop("place_id", None) or town(world, fields.pop("town", "Cardiff")),
        start=start,
        channels=fields.pop("channels", [LEEDS]),
        **fields,
    )
    metadata = {"tz": "Europe/London", **({"event_id": event_id} if event_id else {})}
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT, values, user_id=ORGANISER, private_metadata=json.dumps(metadata)
    )
    answer: dict[str, Any] = response.json()
    assert answer["response_action"] == "update"
    return answer


def announce(world: World, **fields: Any) -> dict[str, dict[str, Any]]:
    """A new event; its announcement in each channel."""
    submit_event(world, **fields)
    posts = {}
    for channel in (WALES, LEEDS):
        [post] = world.fake.wait_for(
            "chat.postMessage", where=lambda call, c=channel: call.params.get("channel") == c
        )
        assert message_problems(post.params, "chat.postMessage") == []
        posts[channel] = post.params
    return posts


def click(world: World, payload: dict[str, Any], action: ActionId, user: str) -> dict[str, Any]:
    """A button pressed; what the app answered the person who pressed it."""
    path = f"{user}-{action}-{len(world.fake.calls_to('response_url'))}"
    reply: dict[str, Any] = click_at(world, payload, action, user, path)
    return reply


def command(world: World, text: str, *, user: str, channel: str = "C0ANY") -> dict[str, Any]:
    """`/event <text>`; what the app answered only the person."""
    return event_command(world, text, channel=channel, user=user)


def the_event_id(world: World) -> int:
    return world.runtime.services.events.list_upcoming(TEAM, None).events[0].id


# Posting ------------------------------------------------------------------------------------


def test_the_organiser_gets_the_form_and_the_report_in_welsh_each_channel_its_own_language(
    cymru: World,
):
    world = cymru
    world.slack.command("/event", "", user_id=ORGANISER)
    [opened] = world.fake.wait_for("views.open")
    form = opened.params["view"]
    assert form["title"]["text"] == welsh("event.form.title_new")
    in_welsh(form, "event.form.title", "event.form.start")

    posts = announce(world)

    [report] = world.fake.wait_for("chat.postMessage", where=to(ORGANISER))
    in_welsh(report.params, "event.report.posted", "event.report.manage_hint")
    assert f"<#{WALES}>" in said(report.params)
    assert f"<#{LEEDS}>" in said(report.params)
    in_english(posts[LEEDS], "event.counts.nobody")
    assert welsh_then_english(posts[WALES], "event.counts.nobody")
    assert welsh_day(world) in said(posts[WALES])


def to(user: str):
    return lambda call: call.params.get("channel") == user


# RSVPs ----------------------------------------------------------------------------------------


def test_each_attendee_is_answered_in_their_own_language_waitlist_and_place_freed_too(
    cymru: World,
):
    world = cymru
    posts = announce(world, capacity="1")
    going = click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM)
    in_english(going, "event.rsvp.going")

    waiting = click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    in_welsh(waiting, "event.rsvp.waitlisted")

    # Sam drops out (an English request): the place freed is offered to Cymro in Welsh.
    dropped = click(world, posts[LEEDS], ActionId.EVENT_NOT_GOING, SAM)
    in_english(dropped, "event.rsvp.not_going")
    drain(world)
    [promoted] = dms_to(world, CYMRO)
    in_welsh(promoted, "event.promoted.text")
    assert welsh_day(world) in said(promoted)

    not_going = click(world, posts[WALES], ActionId.EVENT_NOT_GOING, CYMRO)
    in_welsh(not_going, "event.rsvp.not_going")
    going = click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)
    in_welsh(going, "event.rsvp.going")
    assert welsh_day(world) in said(going)


def test_whos_going_and_a_profile_card_are_welsh_for_the_welsh_reader(cymru: World):
    world = cymru
    posts = announce(world)
    click(world, posts[LEEDS], ActionId.EVENT_GOING, SAM)
    click(world, posts[WALES], ActionId.EVENT_GOING, CYMRO)

    mine = click(world, posts[WALES], ActionId.EVENT_WHOS_GOING, CYMRO)
    theirs = click(world, posts[LEEDS], ActionId.EVENT_WHOS_GOING, SAM)
    in_welsh(mine, "event.attendees.heading", "event.attendees.hint")
    assert welsh("event.attendees.count", 2, gapped=True) in said(mine)
    in_english(theirs, "event.attendees.heading", "event.attendees.hint")
    assert f"<@{SAM}>" in said(mine)
    assert f"<@{CYMRO}>" in said(theirs)

    [card_button] = [
        node
        for _, node in walk(mine["blocks"])
        if isinstance(node.get("action_id"), str)
        and base_action(node["action_id"]) == ActionId.EVENT_ATTENDEE
        and SAM in str(node.get("value"))
    ]
    world.slack.block_action(card_button["action_id"], value=card_button["value"], user_id=CYMRO)
    [card] = world.fake.wait_for("views.open")
    view = card.params["view"]
    assert view["title"]["text"] == welsh("event.attendees.profile.title")
    in_welsh(view, "event.attendees.profile.can_help")
    assert "statistics" in said(view)  # what Sam wrote stays as Sam wrote it


# Calendar -------------------------------------------------------------------------------------


def calendar_file(world: World, post: dict[str, Any], user: str) -> tuple[dict[str, Any], Any]:
    """Add to calendar pressed: the answer, and the one event of the .ics file sent."""
    before = set(world.fake.uploads)
    reply = click(world, post, ActionId.EVENT_CALENDAR, user)
    world.fake.wait_for(
        "files.completeUploadExternal",
        count=len(before) + 1,
    )
    [data] = [data for name, data in world.fake.uploads.items() if name not in before]
    [entry] = Calendar.from_ical(data).walk("VEVENT")
    return reply, entry


def test_the_calendar_file_is_worded_in_the_readers_language_and_valid(cymru: World):
    world = cymru
    posts = announce(world, mode="hybrid", url="https://meet.example.org/data")

    reply, entry = calendar_file(world, posts[WALES], CYMRO)
    in_welsh(reply, "event.calendar.heading", "event.calendar.ics_sent")
    description = str(entry.get("DESCRIPTION"))
    assert welsh("event.calendar.online", gapped=True) in description
    assert english("event.calendar.online", gapped=True) not in description
    assert "https://meet.example.org/data" in description
    assert welsh("event.calendar.organiser", gapped=True) in description
    assert "Gwen Prys" in description  # a name a calendar can show, not a Slack id
    assert ORGANISER not in description
    assert str(entry.get("SUMMARY")) == "Data meet-up"  # the organiser's own words
    assert entry.decoded("DTSTART").date() == (world.clock.now() + timedelta(days=7)).date()

    reply, entry = calendar_file(world, posts[LEEDS], SAM)
    in_english(reply, "event.calendar.heading")
    assert english("event.calendar.online", gapped=True) in str(entry.get("DESCRIPTION"))


# Lists and help -------------------------------------------------------------------------------


def test_list_and_help_in_welsh_with_welsh_dates_and_english_for_others(cymru: World):
    world = cymru
    announce(world, title="Cyfarfod data")
    mine = command(world, "rhestr", user=CYMRO)
    in_welsh(mine, "event.list.heading_all")
    assert "Cyfarfod data" in said(mine)
    assert welsh_day(world) in said(mine)
    theirs = command(world, "list", user=SAM)
    in_english(theirs, "event.list.heading_all")

    help_words = command(world, "help", user=CYMRO)
    in_welsh(help_words, "event.help.text")
    in_english(command(world, "help", user=SAM), "event.help.text")
