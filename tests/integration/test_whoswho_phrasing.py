"""/whoswho with places as people phrase them, end to end through signed HTTP."""

from __future__ import annotations

from typing import Any

from handlers.ids import ActionId
from tests.integration.conftest import World
from tests.integration.test_whoswho import action_ids, add_person, button_value, texts


def search(world: World, text: str, path: str = "reply") -> dict[str, Any]:
    world.slack.command("/whoswho", text, response_url=world.fake.response_url(path))
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def test_in_leeds_data_searches_leeds_for_data(world: World):
    add_person(world, "U0DATA", "Leeds", can_help="data")
    add_person(world, "U0OTHER", "Leeds", can_help="finance")
    reply = search(world, "in Leeds data")
    assert "People in and around Leeds who mention “data”" in texts(reply)
    assert "<@U0DATA>" in texts(reply)
    assert "<@U0OTHER>" not in texts(reply)


def test_leeds_area_searches_leeds_with_no_topic(world: World):
    add_person(world, "U0LEEDS", "Leeds")
    reply = search(world, "Leeds area")
    assert "People in and around Leeds" in texts(reply)
    assert "mention" not in texts(reply)
    assert "<@U0LEEDS>" in texts(reply)


def test_a_county_after_a_same_name_place_picks_it(world: World):
    add_person(world, "U0IOW", "Newport, Isle of Wight")
    reply = search(world, "Newport, Isle of Wight")
    assert "<@U0IOW>" in texts(reply)
    assert "mention" not in texts(reply)
    # The other Newports stay one click away.
    assert ActionId.SEARCH_PLACE in action_ids(reply)


def test_leeds_west_yorkshire_is_leeds_not_a_topic_filter(world: World):
    add_person(world, "U0LEEDS", "Leeds", can_help="data")
    reply = search(world, "Leeds, West Yorkshire")
    assert "<@U0LEEDS>" in texts(reply)
    assert "mention" not in texts(reply)


def test_quarry_house_searches_leeds_and_says_so(world: World):
    add_person(world, "U0DWP", "Leeds")
    reply = search(world, "Quarry House")
    assert "People in and around Quarry House, Leeds" in texts(reply)
    assert "<@U0DWP>" in texts(reply)


def test_marsham_street_is_westminster_never_norfolk(world: World):
    add_person(world, "U0HO", "Westminster")
    add_person(world, "U0NORFOLK", "Marsham")
    reply = search(world, "Marsham Street")
    assert "2 Marsham Street" in texts(reply)
    assert "<@U0HO>" in texts(reply)
    assert "<@U0NORFOLK>" not in texts(reply)


def test_brum_is_birmingham(world: World):
    add_person(world, "U0BRUM", "Birmingham")
    reply = search(world, "Brum")
    assert "People in and around Birmingham" in texts(reply)
    assert "<@U0BRUM>" in texts(reply)


def test_a_clear_misspelling_is_searched_and_said(world: World):
    add_person(world, "U0LEEDS", "Leeds")
    reply = search(world, "Leedz")
    assert "No place is called *Leedz*, so showing *Leeds*" in texts(reply)
    assert "<@U0LEEDS>" in texts(reply)


def test_narnia_is_no_uk_place(world: World):
    reply = search(world, "Narnia")
    assert "couldn't find a place called *Narnia*" in texts(reply)


def test_a_place_abroad_is_said_to_be_abroad(world: World):
    reply = search(world, "Paris data")
    assert "*Paris* isn't in the UK" in texts(reply)
    assert ActionId.SEARCH_PLACE not in action_ids(reply)


def test_an_area_not_yet_searchable_offers_its_region_that_works(world: World):
    add_person(world, "U0NE", "Newcastle upon Tyne")
    reply = search(world, "Tyneside")
    if ActionId.SEARCH_PLACE in action_ids(reply):
        world.slack.block_action(
            ActionId.SEARCH_PLACE,
            value=button_value(reply, ActionId.SEARCH_PLACE),
            response_url=world.fake.response_url("pick"),
        )
        [picked] = world.responses(where=lambda call: call.params.get("_path") == "pick")
        assert "<@U0NE>" in texts(picked)
    else:  # read as an area once the areas index answers it
        assert "<@U0NE>" in texts(reply)


def test_the_typeahead_offers_a_government_site(world: World):
    response = world.slack.block_suggestion(ActionId.PLACE_SELECT, "Quarry Ho")
    options = response.json()["options"]
    assert options[0]["text"]["text"] == "Quarry House, Leeds"
    leeds = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    assert leeds is not None
    assert options[0]["value"] == str(leeds.id)


def test_the_typeahead_offers_a_short_name(world: World):
    response = world.slack.block_suggestion(ActionId.PLACE_SELECT, "Soton")
    options = response.json()["options"]
    assert options[0]["text"]["text"].startswith("Soton, Southampton")
    values = [option["value"] for option in options]
    assert len(values) == len(set(values))
