"""/event reads places as /whoswho does, end to end through signed requests.

`/event list` takes everyday phrasing, short names and government sites (a place: events near
it), an ONS area (events at a place inside it), a postcode (events near it) or a region;
`/event link` links the region a town, area or postcode lies in and says so; the form's place
typeahead offers sites and short names as their town. Words that name no place get a polite
answer, never an error.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from handlers.ids import ActionId, CallbackId, base_action
from tests.integration.conftest import TEAM, World
from tests.integration.test_events import ADMIN, CHANNEL, form, text
from tests.support.payloads import walk

KENT_CHANNEL = "C0KENT"


@pytest.fixture
def events_world(world: World) -> World:
    """An organiser, and CHANNEL announcing the events in Yorkshire and The Humber."""
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    world.slack.command("/event", "link Leeds", user_id=ADMIN, channel_id=CHANNEL)
    world.responses()
    return world


def place_id(world: World, name: str) -> int:
    place = world.runtime.services.directory.gazetteer.read_query(name).place
    assert place is not None, name
    return place.id


def announce_at(world: World, title: str, place: str, *, days: int = 7) -> None:
    """Submit the event form as ADMIN for an event at `place`; wait for its report DM."""
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        form(
            world,
            title=title,
            place=place_id(world, place),
            start=world.clock.now() + timedelta(days=days),
        ),
        user_id=ADMIN,
        private_metadata="{}",
    )
    assert response.json()["response_action"] == "update"
    world.fake.wait_for(
        "chat.postMessage", where=lambda call: title in text(call.params.get("text", ""))
    )


def listed(world: World, typed: str, path: str) -> str:
    """What `/event list <typed>` answers, as JSON text."""
    response = world.slack.command(
        "/event", f"list {typed}".strip(), response_url=world.fake.response_url(path)
    )
    assert response.status == 200
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return text(reply)


@pytest.fixture
def three_events(events_world: World) -> World:
    world = events_world
    announce_at(world, "Leeds data meet-up", "Leeds")
    announce_at(world, "Maidstone policy lunch", "Maidstone")  # in Kent
    announce_at(world, "Brighton design crit", "Brighton")  # South East, not Kent
    return world


# /event list --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["in Leeds", "Quarry House", "Leeds, West Yorkshire", "LS1"])
def test_list_near_a_place_as_whoswho_reads_it(three_events: World, typed: str):
    shown = listed(three_events, typed, "near")
    assert "Leeds data meet-up" in shown
    assert "Maidstone policy lunch" not in shown
    assert "Brighton design crit" not in shown


def test_list_near_a_site_and_a_postcode_says_where(three_events: World):
    assert "Upcoming events in and around Leeds, near Quarry House" in listed(
        three_events, "Quarry House", "site"
    )
    assert "Upcoming events in and around LS1" in listed(three_events, "LS1", "postcode")


def test_list_in_an_area_is_the_events_at_places_inside_it(three_events: World):
    shown = listed(three_events, "Kent", "kent")
    assert "Upcoming events in Kent" in shown
    assert "Maidstone policy lunch" in shown
    assert "Brighton design crit" not in shown  # same region, outside the county
    assert "Leeds data meet-up" not in shown

    west_yorkshire = listed(three_events, "West Yorkshire", "wy")
    assert "Leeds data meet-up" in west_yorkshire
    assert "Maidstone policy lunch" not in west_yorkshire


def test_list_in_a_region_is_every_event_there(three_events: World):
    shown = listed(three_events, "South East", "se")
    assert "Maidstone policy lunch" in shown
    assert "Brighton design crit" in shown
    assert "Leeds data meet-up" not in shown


def test_an_area_list_pages_and_keeps_its_area(events_world: World):
    world = events_world
    for number in range(6):
        announce_at(world, f"Kent meet-up {number}", "Maidstone", days=number + 1)
    announce_at(world, "Brighton design crit", "Brighton")
    world.slack.command("/event", "list Kent", response_url=world.fake.response_url("p1"))
    [first] = world.responses(where=lambda call: call.params.get("_path") == "p1")
    [next_page] = [
        node
        for _, node in walk(first)
        if isinstance(node.get("action_id"), str)
        and base_action(node["action_id"]) == ActionId.EVENT_LIST_PAGE
    ]
    world.slack.block_action(
        next_page["action_id"], value=next_page["value"], response_url=world.fake.response_url("p2")
    )
    [second] = world.responses(where=lambda call: call.params.get("_path") == "p2")
    assert "Upcoming events in Kent" in text(second)
    assert "Kent meet-up 5" in text(second)
    assert "Brighton design crit" not in text(second)


def test_a_postcode_list_pages_and_keeps_its_postcode(events_world: World):
    world = events_world
    for number in range(6):
        announce_at(world, f"Leeds meet-up {number}", "Leeds", days=number + 1)
    world.slack.command("/event", "list LS1 4", response_url=world.fake.response_url("p1"))
    [first] = world.responses(where=lambda call: call.params.get("_path") == "p1")
    [next_page] = [
        node
        for _, node in walk(first)
        if isinstance(node.get("action_id"), str)
        and base_action(node["action_id"]) == ActionId.EVENT_LIST_PAGE
    ]
    assert json.loads(next_page["value"])["c"] == "LS1 4"
    world.slack.block_action(
        next_page["action_id"], value=next_page["value"], response_url=world.fake.response_url("p2")
    )
    [second] = world.responses(where=lambda call: call.params.get("_path") == "p2")
    assert "Upcoming events in and around LS1 4" in text(second)
    assert "Leeds meet-up 5" in text(second)


HOSTILE = [
    "x" * 3000,
    "😀🎉🚀",
    ":tada: :smile:",
    "Leeds\x00\x07\x1b[2J",
    "\x00\x01\x02",
    "!!! ??? ...",
    "ZZ9 9ZZ",
    "QQ1 1QQ",
    "<!channel> Atlantis",
]


@pytest.mark.parametrize("typed", HOSTILE)
def test_list_of_words_that_name_no_place_answers_politely(three_events: World, typed: str):
    shown = listed(three_events, typed, "odd")
    assert "Upcoming events" in shown or "upcoming events" in shown
    assert "<!channel>" not in shown
    assert "Something went wrong" not in shown


def test_list_of_an_unknown_place_offers_names_like_it(three_events: World):
    shown = listed(three_events, "Leedz Beckett", "typo")
    assert "Leeds" in shown


def test_list_of_a_place_abroad_says_so(three_events: World):
    shown = listed(three_events, "Paris", "abroad")
    assert "isn't in the UK" in shown
    assert "Leeds data meet-up" in shown  # and everything else instead


# /event link --------------------------------------------------------------------------------


def linked(world: World, typed: str, path: str, channel: str = KENT_CHANNEL) -> str:
    world.slack.command(
        "/event",
        f"link {typed}",
        user_id=ADMIN,
        channel_id=channel,
        response_url=world.fake.response_url(path),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return text(reply)


def test_linking_an_area_links_its_region_and_says_so(events_world: World):
    world = events_world
    shown = linked(world, "Kent", "kent")
    assert "*Kent* is in *South East*" in shown
    assert "events in *South East* will be announced" in shown
    links = world.runtime.services.events.channel_links(TEAM)
    assert any(link.channel_id == KENT_CHANNEL and region.code == "TLJ" for link, region in links)

    # An event in the county is then announced in the channel.
    announce_at(world, "Maidstone policy lunch", "Maidstone")
    world.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == KENT_CHANNEL
    )


def test_linking_an_area_across_regions_links_each_of_them(events_world: World):
    world = events_world
    shown = linked(world, "the Midlands", "midlands", channel="C0MIDLANDS")
    assert "East Midlands" in shown
    assert "West Midlands" in shown
    links = world.runtime.services.events.channel_links(TEAM)
    codes = {region.code for link, region in links if link.channel_id == "C0MIDLANDS"}
    assert codes == {"TLF", "TLG"}


def test_list_in_an_informal_area_is_the_events_in_the_districts_it_covers(events_world: World):
    world = events_world
    announce_at(world, "Cardiff data meet-up", "Cardiff")
    announce_at(world, "Wrexham policy lunch", "Wrexham")
    shown = listed(world, "South Wales", "south-wales")
    assert "Upcoming events in South Wales" in shown
    assert "Cardiff data meet-up" in shown
    assert "Wrexham policy lunch" not in shown  # North Wales


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("LS1", "Yorkshire and The Humber"),
        ("SW1A 2AA", "London"),
        ("Quarry House", "Yorkshire and The Humber"),
        ("Sir Benfro", "Wales"),
        ("Brum", "West Midlands"),
    ],
)
def test_linking_a_postcode_site_or_short_name_links_its_region(
    events_world: World, typed: str, region: str
):
    shown = linked(events_world, typed, "link")
    assert f"is in *{region}*" in shown
    assert f"events in *{region}* will be announced" in shown


def test_linking_a_region_says_nothing_more(events_world: World):
    shown = linked(events_world, "Wales", "wales")
    assert "is in" not in shown
    assert "events in *Wales* will be announced" in shown


@pytest.mark.parametrize(
    "typed", [*(t for t in HOSTILE if "Leeds" not in t), "Paris", "Atlantis", "Leeds data !!"]
)
def test_linking_words_that_name_no_place_answers_politely(events_world: World, typed: str):
    world = events_world
    shown = linked(world, typed, "odd", channel="C0ODD")
    assert "<!channel>" not in shown
    links = world.runtime.services.events.channel_links(TEAM)
    if "Leeds" in typed:  # the words after a place are not read: its region is linked
        assert "events in *Yorkshire and The Humber* will be announced" in shown
        return
    assert "couldn't find a region or place" in shown or "isn't in the UK" in shown
    assert all(link.channel_id != "C0ODD" for link, _ in links)


def test_linking_control_characters_around_a_town_links_its_region(events_world: World):
    shown = linked(events_world, "Leeds\x00\x07\x1b[2J", "ctrl", channel="C0CTRL")
    assert "events in *Yorkshire and The Humber* will be announced" in shown


# The form's place typeahead -----------------------------------------------------------------


def options(world: World, typed: str) -> list[dict[str, Any]]:
    response = world.slack.block_suggestion(ActionId.EVENT_PLACE_SELECT, typed)
    assert response.status == 200
    found: list[dict[str, Any]] = response.json()["options"]
    return found


def test_the_event_typeahead_offers_a_site_and_a_short_name_as_their_town(events_world: World):
    world = events_world
    [site, *_] = options(world, "Quarry Ho")
    assert site["text"]["text"] == "Quarry House, Leeds"
    assert site["value"] == str(place_id(world, "Leeds"))
    brum = options(world, "Brum")
    assert brum[0]["value"] == str(place_id(world, "Birmingham"))
    values = [option["value"] for option in options(world, "Wellington")]
    assert len(values) == len(set(values))

    # What it offers is a place the form accepts.
    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        form(world, title="At the hub", place=int(site["value"])),
        user_id=ADMIN,
        private_metadata="{}",
    )
    assert response.json()["response_action"] == "update"
    world.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == CHANNEL
    )


@pytest.mark.parametrize("typed", ["😀", "!!!", "\x00\x07", "x" * 500, "ZZ9 9ZZ"])
def test_the_event_typeahead_answers_odd_text_with_a_list(events_world: World, typed: str):
    found = options(events_world, typed)
    assert isinstance(found, list)
