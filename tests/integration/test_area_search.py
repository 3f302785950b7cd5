"""/whoswho over ONS areas and postcodes, end to end through signed HTTP requests."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import MetaData, select

from bot.domain.people import ProfileDraft
from bot.logs import OWN_LOGGERS
from handlers.ids import ActionId
from tests.integration.conftest import TEAM, World
from tests.integration.test_whoswho import action_ids, button_value, texts


def add_person_at(world: World, user: str, name: str, region: str, **changes: Any) -> None:
    """A profile at the place of that name in that region (names alone can be ambiguous)."""
    gazetteer = world.runtime.services.directory.gazetteer
    [place] = [p for p in gazetteer if p.name == name and p.region_code == region]
    values: dict[str, Any] = {
        "place_id": place.id,
        "organisation": "Department for Work and Pensions",
        "job_title": "Work coach",
        "can_help": "gardening",
    }
    values.update(changes)
    world.runtime.services.directory.save_profile(TEAM, user, ProfileDraft(**values))


def search(world: World, text: str) -> str:
    world.slack.command("/whoswho", text)
    [reply] = world.responses()
    world.fake.calls.clear()
    return texts(reply)


def test_kent_lists_the_people_inside_kent(world: World):
    add_person_at(world, "U0KENT1", "Maidstone", "TLJ")
    add_person_at(world, "U0KENT2", "Canterbury", "TLJ")
    add_person_at(world, "U0SUSX", "Brighton", "TLJ")  # near, but in East Sussex
    reply = search(world, "Kent")
    assert "People in Kent" in reply
    assert "<@U0KENT1>" in reply
    assert "<@U0KENT2>" in reply
    assert "<@U0SUSX>" not in reply


def test_greater_manchester_with_topic_words(world: World):
    add_person_at(world, "U0SALF", "Salford", "TLD", can_help="data, SQL")
    add_person_at(world, "U0BOLT", "Bolton", "TLD")
    add_person_at(world, "U0LEED", "Leeds", "TLE", can_help="data")
    reply = search(world, "Greater Manchester data")
    assert "People in Greater Manchester who mention" in reply
    assert "<@U0SALF>" in reply
    assert "<@U0BOLT>" not in reply
    assert "<@U0LEED>" not in reply


def test_kensington_and_chelsea_is_the_london_borough(world: World):
    add_person_at(world, "U0KENL", "Kensington", "TLI")
    add_person_at(world, "U0KENM", "Kensington", "TLD")  # Kensington in Liverpool
    reply = search(world, "Kensington and Chelsea")
    assert "People in Kensington and Chelsea" in reply
    assert "<@U0KENL>" in reply
    assert "<@U0KENM>" not in reply


def test_west_of_england_is_bristols_combined_authority(world: World):
    add_person_at(world, "U0BRIS", "Bristol", "TLK")
    add_person_at(world, "U0CAMB", "Cambridge", "TLH")
    reply = search(world, "West of England")
    assert "People in West of England" in reply
    assert "East of England" not in reply
    assert "<@U0BRIS>" in reply
    assert "<@U0CAMB>" not in reply


def test_sir_benfro_is_pembrokeshire(world: World):
    add_person_at(world, "U0HWST", "Haverfordwest", "TLL")
    add_person_at(world, "U0CARD", "Cardiff", "TLL")
    reply = search(world, "Sir Benfro")
    assert "People in Pembrokeshire" in reply
    assert "<@U0HWST>" in reply
    assert "<@U0CARD>" not in reply


def test_an_area_search_pages_with_buttons_that_keep_the_area(world: World):
    for index in range(10):
        world.clock.advance(seconds=1)
        add_person_at(world, f"U0K{index:03d}", "Maidstone", "TLJ")
    add_person_at(world, "U0SUSX", "Brighton", "TLJ")
    world.slack.command("/whoswho", "Kent")
    [first] = world.responses()
    assert "Page 1 of 2" in texts(first)
    world.slack.block_action(
        ActionId.SEARCH_PAGE,
        value=button_value(first, ActionId.SEARCH_PAGE),
        response_url=world.fake.response_url("page2"),
    )
    [second] = world.responses(where=lambda call: call.params.get("_path") == "page2")
    assert "Page 2 of 2" in texts(second)
    assert "People in Kent" in texts(second)
    assert "<@U0SUSX>" not in texts(second)


def test_a_postcode_district_finds_the_people_around_it(world: World):
    add_person_at(world, "U0LEED", "Leeds", "TLE")
    add_person_at(world, "U0BRAD", "Bradford", "TLE")
    add_person_at(world, "U0LOND", "London", "TLI")
    reply = search(world, "LS1")
    assert "People in and around LS1" in reply
    assert "<@U0LEED>" in reply
    assert "<@U0BRAD>" in reply
    assert "<@U0LOND>" not in reply
    assert reply.index("<@U0LEED>") < reply.index("<@U0BRAD>")  # nearest first


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the app would log: its own modules down to DEBUG, libraries from INFO (libraries'
    DEBUG lines carry whole request bodies and are never let out: bot.logs.OWN_LOGGERS)."""
    caplog.set_level(logging.DEBUG)
    return caplog.records


def shown(records: list[logging.LogRecord]) -> str:
    return "\n".join(
        f"{record.getMessage()} {record.__dict__}"
        for record in records
        if record.levelno >= logging.INFO or record.name.split(".")[0] in OWN_LOGGERS
    )


def everything_stored(world: World) -> str:
    metadata = MetaData()
    metadata.reflect(world.runtime.engine)
    found: list[str] = []
    with world.runtime.engine.connect() as connection:
        for table in metadata.sorted_tables:
            found.extend(repr(tuple(row)) for row in connection.execute(select(table)))
    return "\n".join(found)


def test_a_full_postcode_is_searched_and_never_stored_or_logged(
    world: World, logged: list[logging.LogRecord]
):
    add_person_at(world, "U0WEST", "City of Westminster", "TLI")
    world.slack.command("/whoswho", "sw1a 2aa")
    [reply] = world.responses()
    assert "People in and around SW1A 2AA" in texts(reply)
    assert "<@U0WEST>" in texts(reply)
    for where in (everything_stored(world), shown(logged)):
        assert "SW1A" not in where.upper()


def test_a_postcode_shape_that_is_no_postcode_gets_a_polite_unknown(world: World):
    world.slack.command("/whoswho", "ZZ9 9ZZ")
    [reply] = world.responses()
    assert "couldn't find a place called *ZZ9 9ZZ*" in texts(reply)
    assert ActionId.SEARCH_PLACE not in action_ids(reply)
