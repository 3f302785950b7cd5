"""Regions and nations in the reader's language: a person reading Welsh sees the Welsh names
the ONS publishes beside the English ones, anyone may type either, and the command line and
stored data keep the English."""

from __future__ import annotations

import pytest

from bot.domain.places import Gazetteer
from bot.domain.regions import REGIONS, short_name
from bot.i18n import use_language


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def by_code(code: str):
    return next(region for region in REGIONS if region.code == code)


def test_every_region_and_nation_has_a_welsh_name_of_its_own():
    for region in REGIONS:
        assert region.welsh_name, region.code
    assert {r.code for r in REGIONS if r.welsh_name == r.english_name} == set()


def test_the_name_follows_the_language_in_force():
    yorkshire = by_code("TLE")
    assert yorkshire.name == "Yorkshire and The Humber"
    with use_language("cy"):
        assert yorkshire.name == "Swydd Efrog a'r Humber"
        assert by_code("TLI").name == "Llundain"
        assert short_name(yorkshire) == "Swydd Efrog"
    assert short_name(yorkshire) == "Yorkshire"
    assert yorkshire.english_name == "Yorkshire and The Humber"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Swydd Efrog a'r Humber", "TLE"),
        ("Gogledd Ddwyrain Lloegr", "TLC"),
        ("De Orllewin Lloegr", "TLK"),
        ("Yr Alban", "TLM"),
        ("Gogledd Iwerddon", "TLN"),
    ],
)
def test_a_welsh_region_name_reads_as_that_region_in_either_language(gazetteer, typed, code):
    for language in ("en", "cy"):
        with use_language(language):
            read = gazetteer.read_query(typed)
        assert read.region is not None, (typed, language)
        assert read.region.code == code


def test_a_place_told_apart_by_a_nearby_town_says_near_in_the_readers_language(gazetteer):
    labels = {}
    for place in gazetteer:
        for language in ("en", "cy"):
            with use_language(language):
                labels[language] = gazetteer.label(place)
        if ", near " in labels["en"]:
            break
    else:
        pytest.skip("no place in the gazetteer needs a nearby town to tell it apart")
    assert labels["cy"] == labels["en"].replace(", near ", ", ger ")
