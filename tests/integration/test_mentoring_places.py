"""`/mentoring match <place>` reads the place as /whoswho does, end to end.

Groups are formed by region: a region or nation is matched as itself, and a town, a site, a
short name or a postcode (each a point) match the region they are in, said in the answer. An
ONS area ("Kent", "West Yorkshire") has edges of its own: the people whose town lies inside
it are matched, by membership. Words that name no place get the usual hint, with names like
them, and never an error.
"""

from __future__ import annotations

import pytest

from tests.integration.conftest import TEAM, World
from tests.integration.test_mentoring_groups import (
    ORGANISER,
    formed_groups,
    group_of,
    join,
    matched,
    organise,
    people,
    said,
)


@pytest.fixture
def counties(world: World) -> World:
    """People waiting in Kent (Maidstone, Canterbury), in Brighton (the same region, outside
    the county) and in Leeds."""
    world.fake.add_user(ORGANISER, team_id=TEAM, is_admin=True)
    for user in people("KENT", 2):
        join(world, user, place="Maidstone")
    for user in people("CANT", 2):
        join(world, user, place="Canterbury")
    for user in people("BRIGHTON", 4):
        join(world, user, place="Brighton")
    for user in people("LEEDS", 4):
        join(world, user, place="Leeds")
    return world


def test_a_match_in_an_area_groups_the_people_whose_town_lies_inside_it(counties: World):
    world = counties
    kent = [*people("KENT", 2), *people("CANT", 2)]

    result = matched(world, "match Kent")

    assert "Matched in *Kent* only" in said(result)
    assert all(group_of(world, user) is not None for user in kent)
    assert formed_groups(world, people("BRIGHTON", 4)) == {}
    assert formed_groups(world, people("LEEDS", 4)) == {}


def test_a_match_in_a_combined_authority_reads_its_name(counties: World):
    world = counties

    result = matched(world, "match West Yorkshire")

    assert "Matched in *West Yorkshire* only" in said(result)
    assert all(group_of(world, user) is not None for user in people("LEEDS", 4))
    assert formed_groups(world, people("BRIGHTON", 4)) == {}


@pytest.mark.parametrize(
    ("typed", "named"), [("LS1", "LS1"), ("Quarry House", "Leeds"), ("in Leeds", "Leeds")]
)
def test_a_postcode_or_site_matches_the_region_it_is_in_and_says_so(
    counties: World, typed: str, named: str
):
    world = counties

    result = matched(world, f"match {typed}")

    shown = said(result)
    assert "Matched in *Yorkshire and The Humber* only." in shown
    assert f"Groups are formed by region, and {named} is there." in shown
    assert all(group_of(world, user) is not None for user in people("LEEDS", 4))
    assert formed_groups(world, people("KENT", 2)) == {}


def test_a_postcode_is_said_back_as_a_region_before_the_match(counties: World):
    progress, _ = organise(counties, "match LS1 4", path="progress", replies=2)
    assert "Yorkshire and The Humber" in progress["text"]


def test_an_area_in_the_progress_message_is_named(counties: World):
    progress, _ = organise(counties, "match Kent", path="progress", replies=2)
    assert "*Kent*" in progress["text"]


def test_a_misspelt_place_gets_the_hint_with_names_like_it(counties: World):
    [reply] = organise(counties, "match Leedz data", path="typo")
    shown = said(reply)
    assert "couldn't find a region or nation called" in shown
    assert "Did you mean" in shown
    assert "Leeds" in shown
    assert formed_groups(counties, people("LEEDS", 4)) == {}


@pytest.mark.parametrize(
    "typed",
    [
        "x" * 3000,
        "😀🎉",
        ":tada:",
        "\x00\x07\x1b[2J",
        "!!! ???",
        "ZZ9 9ZZ",
        "QQ1 1QQ",
        "Paris",
        "<!channel> Atlantis",
    ],
)
def test_words_that_name_no_place_get_the_hint_and_match_nobody(counties: World, typed: str):
    [reply] = organise(counties, f"match {typed}", path="odd")
    shown = said(reply)
    assert "couldn't find a region or nation called" in shown
    assert "Yorkshire and The Humber" in shown  # the regions it knows
    assert "<!channel>" not in shown
    assert formed_groups(counties, people("LEEDS", 4)) == {}


def test_a_match_in_an_informal_area_groups_the_people_in_the_districts_it_covers(
    counties: World,
):
    world = counties
    for user in people("CARDIFF", 4):
        join(world, user, place="Cardiff")
    for user in people("WREXHAM", 4):
        join(world, user, place="Wrexham")

    result = matched(world, "match South Wales")

    assert "Matched in *South Wales* only" in said(result)
    assert all(group_of(world, user) is not None for user in people("CARDIFF", 4))
    assert formed_groups(world, people("WREXHAM", 4)) == {}
    assert formed_groups(world, people("LEEDS", 4)) == {}
