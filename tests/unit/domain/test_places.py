"""Reading what people type as UK places, typeahead and distances, over the shipped gazetteer."""

from __future__ import annotations

import math
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.domain.places import (
    COMMUTING_RADIUS_KM,
    MAX_ALTERNATIVES,
    MAX_SUGGESTIONS,
    Gazetteer,
    Place,
    PlaceQuery,
    distance_km,
)
from bot.domain.regions import REGION_CODES, REGIONS, Region

# Each region or nation, with a city everyone agrees is in it.
CITY_IN_EACH_REGION = {
    "TLC": "Newcastle upon Tyne",
    "TLD": "Manchester",
    "TLE": "Leeds",
    "TLF": "Nottingham",
    "TLG": "Birmingham",
    "TLH": "Cambridge",
    "TLI": "Croydon",
    "TLJ": "Brighton",
    "TLK": "Bristol",
    "TLL": "Cardiff",
    "TLM": "Edinburgh",
    "TLN": "Belfast",
}


def place_named(gazetteer: Gazetteer, name: str) -> Place:
    """The biggest place whose own name is exactly `name`."""
    found = [p for p in gazetteer if p.name == name]
    assert found, f"no place called {name!r} in the gazetteer"
    return max(found, key=lambda p: p.population)


def read_place(gazetteer: Gazetteer, text: str) -> Place:
    query = gazetteer.read_query(text)
    assert query.kind == "place", f"{text!r} read as {query.kind}"
    assert query.place is not None
    return query.place


def read_region(gazetteer: Gazetteer, text: str) -> Region:
    query = gazetteer.read_query(text)
    assert query.kind == "region", f"{text!r} read as {query.kind}"
    assert query.region is not None
    assert query.place is None
    return query.region


def names(places: list[Place] | tuple[Place, ...]) -> list[str]:
    return [p.name for p in places]


# Reading a query: places ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Leeds", "leeds", "LEEDS", "lEeDs", "  Leeds  "])
def test_a_place_is_read_in_any_case(gazetteer, text):
    query = gazetteer.read_query(text)
    assert query.kind == "place"
    assert query.place == place_named(gazetteer, "Leeds")
    assert query.place_text == text.strip()
    assert query.topic_words == ()
    assert query.suggestions == ()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Edinbrugh", "Edinburgh"),
        ("Manchestre", "Manchester"),
        ("Bristl", "Bristol"),
        ("Sheffeld", "Sheffield"),
        ("Notingham", "Nottingham"),
        ("Birmingam", "Birmingham"),
        ("Liverpol", "Liverpool"),
        ("Sotuhampton", "Southampton"),
        ("Cardif", "Cardiff"),
        ("edinbrugh", "Edinburgh"),
    ],
)
def test_a_misspelt_place_is_read_as_the_place_meant(gazetteer, typed, meant):
    query = gazetteer.read_query(typed)
    assert query.kind == "place"
    assert query.place == place_named(gazetteer, meant)
    assert query.place_text == typed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Caerdydd", "Cardiff"),  # Welsh
        ("caerdydd", "Cardiff"),
        ("Abertawe", "Swansea"),
        ("Casnewydd", "Newport"),
        ("Caerfyrddin", "Carmarthen"),
        ("Dùn Èideann", "Edinburgh"),  # Scottish Gaelic
        ("Dun Eideann", "Edinburgh"),  # the same without the accents
        ("Glaschu", "Glasgow"),
        ("Obar Dheathain", "Aberdeen"),
        ("Inbhir Nis", "Inverness"),
        ("Béal Feirste", "Belfast"),  # Irish
        ("Beal Feirste", "Belfast"),
        ("Doire", "Derry"),
        ("Londonderry", "Derry"),
    ],
)
def test_another_language_name_is_read_as_the_place(gazetteer, typed, meant):
    place = read_place(gazetteer, typed)
    assert place == place_named(gazetteer, meant)


def test_the_welsh_newport_is_the_one_casnewydd_means(gazetteer):
    assert read_place(gazetteer, "Casnewydd").region_code == "TLL"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Milton Keynes", "Milton Keynes"),
        ("milton keynes", "Milton Keynes"),
        ("St Albans", "St Albans"),
        ("St. Albans", "St Albans"),
        ("Saint Albans", "St Albans"),
        ("Newcastle upon Tyne", "Newcastle upon Tyne"),
        ("Newcastle-upon-Tyne", "Newcastle upon Tyne"),
        ("Kingston upon Hull", "Kingston upon Hull"),
        ("Stoke-on-Trent", "Stoke-on-Trent"),
        ("King's Lynn", "King's Lynn"),
        ("Kings Lynn", "King's Lynn"),
    ],
)
def test_a_place_of_several_words_is_read_whole(gazetteer, typed, meant):
    query = gazetteer.read_query(typed)
    assert query.kind == "place"
    assert query.place == place_named(gazetteer, meant)
    assert query.place_text == typed
    assert query.topic_words == ()


def test_a_place_of_several_words_is_read_whole_before_topic_words(gazetteer):
    query = gazetteer.read_query("Milton Keynes user research")
    assert query.place == place_named(gazetteer, "Milton Keynes")
    assert query.place_text == "Milton Keynes"
    assert query.topic_words == ("user", "research")


def test_a_misspelt_longer_name_beats_a_shorter_exact_one(gazetteer):
    # "Milton" alone is a place too; "Milton Keynez" means Milton Keynes.
    query = gazetteer.read_query("Milton Keynez")
    assert query.place == place_named(gazetteer, "Milton Keynes")
    assert query.topic_words == ()


@pytest.mark.parametrize(
    ("short", "meant"),
    [
        ("Newcastle", "Newcastle upon Tyne"),
        ("Hull", "Kingston upon Hull"),
        ("Stoke", "Stoke-on-Trent"),
    ],
)
def test_a_short_form_means_the_big_place_not_the_small_one_of_that_name(gazetteer, short, meant):
    query = gazetteer.read_query(short)
    assert query.place == place_named(gazetteer, meant)


def test_the_small_newcastle_is_offered_when_newcastle_is_typed(gazetteer):
    query = gazetteer.read_query("Newcastle")
    assert query.place == place_named(gazetteer, "Newcastle upon Tyne")
    assert any(p.name == "Newcastle" and p.region_code == "TLN" for p in query.alternatives)


def test_an_ambiguous_name_reads_as_the_most_likely_place_and_offers_the_others(gazetteer):
    newports = [p for p in gazetteer if p.name == "Newport"]
    assert len(newports) >= 3  # the data really is ambiguous
    query = gazetteer.read_query("Newport")
    assert query.kind == "place"
    assert query.place is not None
    assert query.place == max(newports, key=lambda p: p.population)
    assert query.place.region_code == "TLL"  # the city in Wales
    assert query.place not in query.alternatives
    assert 2 <= len(query.alternatives) <= MAX_ALTERNATIVES
    assert all(p.name == "Newport" for p in query.alternatives)
    populations = [p.population for p in query.alternatives]
    assert populations == sorted(populations, reverse=True)


@pytest.mark.parametrize(
    ("typed", "name", "region_code", "topics"),
    [
        ("Newport, Wales", "Newport", "TLL", ()),
        ("Newport Yorkshire", "Newport", "TLE", ()),
        ("Newport, South East", "Newport", "TLJ", ()),
        ("Newport Yorkshire and the Humber policy", "Newport", "TLE", ("policy",)),
        ("Bangor Wales", "Bangor", "TLL", ()),
        ("Bangor, Northern Ireland data", "Bangor", "TLN", ("data",)),
        ("Richmond, Yorkshire", "Richmond", "TLE", ()),
    ],
)
def test_a_region_after_a_shared_name_says_which_place_is_meant(
    gazetteer, typed, name, region_code, topics
):
    query = gazetteer.read_query(typed)
    in_region = [p for p in gazetteer if p.name == name and p.region_code == region_code]
    assert query.place == max(in_region, key=lambda p: p.population)
    assert query.topic_words == topics
    assert query.place not in query.alternatives
    assert query.alternatives  # the other places of that name are still offered


def test_the_labels_the_app_shows_read_back_as_the_same_places(gazetteer):
    for place in (p for p in gazetteer if p.name in {"Newport", "Bangor", "Richmond", "Wales"}):
        label = gazetteer.label(place)
        if ", near " in label:
            continue  # "near" labels are for reading, not typing
        assert gazetteer.read_query(label).place == place, label


def test_a_region_holding_no_place_of_that_name_stays_a_topic_word(gazetteer):
    query = gazetteer.read_query("Leeds Wales")
    assert query.place == place_named(gazetteer, "Leeds")
    assert query.topic_words == ("Wales",)


# Reading a query: regions and nations -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Yorkshire", "TLE"),
        ("yorkshire", "TLE"),
        ("Yorkshire and the Humber", "TLE"),
        ("Yorkshire & The Humber", "TLE"),
        ("Wales", "TLL"),
        ("Cymru", "TLL"),
        ("North West", "TLD"),
        ("north east", "TLC"),
        ("East Midlands", "TLF"),
        ("West Midlands", "TLG"),
        ("East of England", "TLH"),
        ("South West", "TLK"),
        ("West Country", "TLK"),
        ("Scotland", "TLM"),
        ("Alba", "TLM"),
        ("Northern Ireland", "TLN"),
        ("Tuaisceart Éireann", "TLN"),
        ("London", "TLI"),
    ],
)
def test_region_and_nation_names_are_read_as_regions(gazetteer, typed, code):
    query = gazetteer.read_query(typed)
    assert query.kind == "region"
    assert query.region is not None
    assert query.region.code == code
    assert query.place is None
    assert query.suggestions == ()
    assert query.topic_words == ()


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r.code)
def test_every_region_is_read_from_its_name_and_every_alias(gazetteer, region):
    for alias in (region.name, *region.aliases):
        assert read_region(gazetteer, alias) == region, alias
        assert read_region(gazetteer, alias.upper()) == region, alias


def test_topic_words_after_a_region_are_kept(gazetteer):
    query = gazetteer.read_query("North West digital data")
    assert read_region(gazetteer, "North West digital data").code == "TLD"
    assert query.place_text == "North West"
    assert query.topic_words == ("digital", "data")


def test_a_misspelt_region_is_read_as_the_region(gazetteer):
    assert read_region(gazetteer, "Scotlnd").code == "TLM"
    assert read_region(gazetteer, "Yorkshir").code == "TLE"


def test_a_region_also_offers_the_place_that_shares_its_name(gazetteer):
    query = gazetteer.read_query("Wales")
    assert query.region is not None
    assert query.region.code == "TLL"
    village = place_named(gazetteer, "Wales")
    assert village.region_code == "TLE"  # a village near Sheffield
    assert query.alternatives == (village,)


def test_a_place_named_like_a_region_is_labelled_with_its_own_region(gazetteer):
    assert gazetteer.label(place_named(gazetteer, "Wales")) == "Wales, Yorkshire"
    assert gazetteer.read_query("Wales, Yorkshire").place == place_named(gazetteer, "Wales")


# Reading a query: topic words, nonsense and nothing ---------------------------------------


def test_topic_words_follow_the_place_in_order(gazetteer):
    query = gazetteer.read_query("Leeds data science")
    assert query.kind == "place"
    assert query.place == place_named(gazetteer, "Leeds")
    assert query.place_text == "Leeds"
    assert query.topic_words == ("data", "science")


def test_topic_words_follow_a_misspelt_place(gazetteer):
    query = gazetteer.read_query("Edinbrugh policy")
    assert query.place == place_named(gazetteer, "Edinburgh")
    assert query.place_text == "Edinbrugh"
    assert query.topic_words == ("policy",)


def test_topic_words_keep_what_was_typed(gazetteer):
    query = gazetteer.read_query("Leeds <!here> & <@U123>")
    assert query.place == place_named(gazetteer, "Leeds")
    assert query.topic_words == ("<!here>", "&", "<@U123>")


@pytest.mark.parametrize("text", ["Narnia", "Hogwarts", "Mordor", "Atlantis"])
def test_nonsense_is_unknown_with_a_few_suggestions(gazetteer, text):
    query = gazetteer.read_query(text)
    assert query.kind == "unknown"
    assert query.place is None
    assert query.region is None
    assert query.alternatives == ()
    assert 1 <= len(query.suggestions) <= MAX_SUGGESTIONS
    assert all(isinstance(s, Place | Region) for s in query.suggestions)
    assert len(set(query.suggestions)) == len(query.suggestions)
    assert query.place_text == text


def test_a_near_miss_suggests_the_place_meant(gazetteer):
    query = gazetteer.read_query("Lerds")
    assert query.kind == "unknown"
    assert place_named(gazetteer, "Leeds") in query.suggestions


def test_the_start_of_a_name_suggests_the_places_it_begins(gazetteer):
    query = gazetteer.read_query("Manch")
    assert query.kind == "unknown"
    assert query.suggestions[0] == place_named(gazetteer, "Manchester")


def test_unknown_words_are_split_into_the_place_tried_and_topics(gazetteer):
    query = gazetteer.read_query("Mordor data")
    assert query.kind == "unknown"
    assert query.place_text == "Mordor"
    assert query.topic_words == ("data",)


@pytest.mark.parametrize("text", ["zzz", "xqzzy", "123", "!!!", "<!channel>"])
def test_text_that_names_no_place_is_unknown(gazetteer, text):
    query = gazetteer.read_query(text)
    assert query.kind == "unknown"
    assert query.place is None
    assert query.region is None
    assert len(query.suggestions) <= MAX_SUGGESTIONS


@pytest.mark.parametrize("text", ["", " ", "   ", "\n\t ", "\u3000"])
def test_empty_text_is_unknown_with_nothing_to_suggest(gazetteer, text):
    assert gazetteer.read_query(text) == PlaceQuery("unknown", None, None, (), (), "", ())


# Typeahead --------------------------------------------------------------------------------


def test_typeahead_puts_the_biggest_place_first(gazetteer):
    found = gazetteer.complete("lee", 10)
    assert found[0] == place_named(gazetteer, "Leeds")
    assert {"Lee", "Leek", "Lees"} <= set(names(found))


@pytest.mark.parametrize("typed", ["lee", "Lee", "LEE", " lee"])
def test_typeahead_ignores_case(gazetteer, typed):
    assert gazetteer.complete(typed, 5) == gazetteer.complete("lee", 5)


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("caerd", "Cardiff"),
        ("Caerdydd", "Cardiff"),
        ("abertaw", "Swansea"),
        ("dùn èid", "Edinburgh"),
        ("milton k", "Milton Keynes"),
        ("keynes", "Milton Keynes"),
        ("st alb", "St Albans"),
        ("saint alb", "St Albans"),
        ("newc", "Newcastle upon Tyne"),
        ("Edinbrugh", "Edinburgh"),  # nothing starts so: the closest names
    ],
)
def test_typeahead_finds_the_place_meant_first(gazetteer, typed, first):
    assert gazetteer.complete(typed, 5)[0] == place_named(gazetteer, first)


def test_typeahead_lifts_a_place_named_exactly_what_was_typed(gazetteer):
    found = gazetteer.complete("wick", 5)
    assert found[0].name == "Wick"
    assert found[0].population < place_named(gazetteer, "Wickford").population


def test_typeahead_of_st_offers_saints_and_names_starting_st(gazetteer):
    found = names(gazetteer.complete("st", 20))
    assert "Stoke-on-Trent" in found
    assert "St Helens" in found


def test_typeahead_of_saint_offers_only_saints(gazetteer):
    found = gazetteer.complete("saint", 20)
    assert found
    assert "Stoke-on-Trent" not in names(found)


def test_typeahead_of_st_and_a_space_offers_only_saints(gazetteer):
    found = gazetteer.complete("st ", 20)
    assert "Stoke-on-Trent" not in names(found)
    assert "St Helens" in names(found)


@pytest.mark.parametrize("order", [("st", "saint"), ("saint", "st"), ("st ", "st")])
def test_typeahead_answers_do_not_depend_on_what_was_asked_before(gazetteer, order):
    fresh = Gazetteer(gazetteer)
    answers = {typed: fresh.complete(typed, 10) for typed in order}
    for typed, answer in answers.items():
        assert answer == Gazetteer(gazetteer).complete(typed, 10), typed


def test_typeahead_of_nothing_offers_the_biggest_places(gazetteer):
    found = gazetteer.complete("", 10)
    biggest = sorted(gazetteer, key=lambda p: -p.population)[:10]
    assert found == biggest
    assert found[0] == place_named(gazetteer, "London")
    assert gazetteer.complete("   ", 10) == biggest


@pytest.mark.parametrize("limit", [1, 3, 20, 100])
def test_typeahead_gives_at_most_the_limit(gazetteer, limit):
    for typed in ("", "a", "lee", "new", "st", "Edinbrugh"):
        found = gazetteer.complete(typed, limit)
        assert len(found) <= limit
        assert len(set(found)) == len(found)
    assert len(gazetteer.complete("a", limit)) == limit


@pytest.mark.parametrize("limit", [0, -1])
def test_typeahead_with_no_room_gives_nothing(gazetteer, limit):
    assert gazetteer.complete("lee", limit) == []


def test_typeahead_of_nonsense_gives_nothing(gazetteer):
    assert gazetteer.complete("xqzzy", 10) == []


def test_typeahead_answer_is_the_callers_to_change(gazetteer):
    found = gazetteer.complete("lee", 5)
    found.clear()
    assert gazetteer.complete("lee", 5)[0] == place_named(gazetteer, "Leeds")


# Distances --------------------------------------------------------------------------------


def test_london_to_edinburgh_is_about_530_km(gazetteer):
    london = place_named(gazetteer, "London")
    edinburgh = place_named(gazetteer, "Edinburgh")
    assert 520 <= distance_km(london, edinburgh) <= 545
    assert distance_km(london, edinburgh) == pytest.approx(distance_km(edinburgh, london))


def test_a_place_is_no_distance_from_itself(gazetteer):
    leeds = place_named(gazetteer, "Leeds")
    assert distance_km(leeds, leeds) == 0.0


def test_leeds_to_bradford_is_a_short_commute(gazetteer):
    assert (
        10 <= distance_km(place_named(gazetteer, "Leeds"), place_named(gazetteer, "Bradford")) <= 16
    )


def test_nearby_starts_with_the_place_itself_then_nearest_first(gazetteer):
    leeds = place_named(gazetteer, "Leeds")
    ring = gazetteer.nearby(leeds, COMMUTING_RADIUS_KM)
    assert ring[0] == (leeds, 0.0)
    distances = [km for _, km in ring]
    assert distances == sorted(distances)
    assert all(km <= COMMUTING_RADIUS_KM for km in distances)
    around = {p.name: km for p, km in ring}
    assert around["Bradford"] < 40
    assert "Wakefield" in around
    assert "Manchester" not in around  # about 58 km away
    assert len({p.id for p, _ in ring}) == len(ring)


def test_nearby_holds_every_place_within_the_radius(gazetteer):
    leeds = place_named(gazetteer, "Leeds")
    expected = {p.id for p in gazetteer if distance_km(leeds, p) <= COMMUTING_RADIUS_KM}
    assert {p.id for p, _ in gazetteer.nearby(leeds, COMMUTING_RADIUS_KM)} == expected


def test_nearby_works_at_the_edges_of_the_map(gazetteer):
    for place in (
        max(gazetteer, key=lambda p: p.latitude),
        min(gazetteer, key=lambda p: p.latitude),
        min(gazetteer, key=lambda p: p.longitude),
    ):
        expected = {p.id for p in gazetteer if distance_km(place, p) <= 60}
        assert {p.id for p, _ in gazetteer.nearby(place, 60)} == expected


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    latitude=st.floats(min_value=48.0, max_value=62.0),
    longitude=st.floats(min_value=-9.0, max_value=3.0),
    radius=st.sampled_from([0.5, 5.0, COMMUTING_RADIUS_KM, 120.0, 600.0, 1500.0]),
)
@example(latitude=60.8, longitude=-0.9, radius=1500.0)  # the far north, the widest reach
def test_the_places_near_a_point_are_every_place_within_the_radius(
    gazetteer, latitude, longitude, radius
):
    """The box that spares measuring most places never leaves one out."""
    centre = Place(-1, "here", "", latitude, longitude, population=0, alt_names=())
    expected = {p.id for p in gazetteer if distance_km(centre, p) <= radius}
    assert {p.id for p, _ in gazetteer.near_point(latitude, longitude, radius)} == expected


@pytest.mark.parametrize("radius", [0.0, -5.0, math.nan])
def test_nearby_with_no_radius_is_the_place_alone(gazetteer, radius):
    leeds = place_named(gazetteer, "Leeds")
    assert gazetteer.nearby(leeds, radius)[0] == (leeds, 0.0)
    assert all(km == 0.0 for _, km in gazetteer.nearby(leeds, radius))


def test_nearby_with_a_huge_radius_stays_bounded(gazetteer):
    ring = gazetteer.nearby(place_named(gazetteer, "Leeds"), math.inf)
    assert len(ring) == len(gazetteer)


# Labels -----------------------------------------------------------------------------------


def test_a_unique_name_is_its_own_label(gazetteer):
    assert gazetteer.label(place_named(gazetteer, "Leeds")) == "Leeds"


def test_a_shared_name_is_labelled_with_its_region(gazetteer):
    assert gazetteer.label(place_named(gazetteer, "Newport")) == "Newport, Wales"
    labels = [gazetteer.label(p) for p in gazetteer if p.name == "Newport"]
    assert "Newport, Yorkshire" in labels
    assert any(label.startswith("Newport, near ") for label in labels)  # two in Wales


# The data ---------------------------------------------------------------------------------


def test_every_place_is_in_a_known_region(gazetteer):
    assert {p.region_code for p in gazetteer} <= REGION_CODES
    for place in gazetteer:
        assert gazetteer.region(place.region_code).code == place.region_code


def test_every_region_and_nation_has_many_places(gazetteer):
    counts = Counter(p.region_code for p in gazetteer)
    assert set(counts) == REGION_CODES
    assert min(counts.values()) >= 100, counts
    assert len(gazetteer) > 5000


@pytest.mark.parametrize(("code", "city"), sorted(CITY_IN_EACH_REGION.items()))
def test_cities_are_in_the_right_region(gazetteer, code, city):
    assert place_named(gazetteer, city).region_code == code
    assert place_named(gazetteer, city) in gazetteer.places_in_region(code)


def test_places_in_a_region_come_biggest_first(gazetteer):
    places = gazetteer.places_in_region("TLL")
    assert places[0] == place_named(gazetteer, "Cardiff")
    populations = [p.population for p in places]
    assert populations == sorted(populations, reverse=True)
    assert gazetteer.places_in_region("TLX") == []


def test_an_unknown_region_code_is_a_key_error(gazetteer):
    with pytest.raises(KeyError):
        gazetteer.region("TLX")


def test_every_place_is_in_the_uk_with_a_name_and_a_unique_id(gazetteer):
    ids = [p.id for p in gazetteer]
    assert len(ids) == len(set(ids))
    for place in gazetteer:
        assert place.name.strip() == place.name != ""
        assert 49.8 <= place.latitude <= 61.0, place
        assert -8.7 <= place.longitude <= 1.8, place
        assert place.population >= 0
        assert gazetteer.get(place.id) == place
        assert all(alt.strip() and "|" not in alt for alt in place.alt_names)
    assert gazetteer.get(-1) is None


def test_the_shipped_gazetteer_is_read_once(gazetteer):
    assert Gazetteer.load() is Gazetteer.load()


# Whatever anyone types --------------------------------------------------------------------

any_character = st.characters(exclude_categories=())  # surrogates and controls included
place_words = st.sampled_from(
    [
        "Leeds",
        "Newport",
        "Wales",
        "Yorkshire",
        "and",
        "the",
        "Humber",
        "St",
        "St.",
        "Milton",
        "Keynes",
        "upon",
        "Dùn",
        "Èideann",
        "&",
        "<!here>",
        ",",
        "data",
    ]
)
odd_queries = st.one_of(
    st.text(any_character, max_size=300),
    st.lists(st.one_of(place_words, st.text(any_character, max_size=12)), max_size=12).map(
        " ".join
    ),
)
HUGE = [
    "a" * 100_000,
    "Leeds " * 20_000,
    "\ufdfa" * 5_000,  # one character that decomposes into eighteen
    "e" + "\u0301" * 50_000,  # one letter under fifty thousand accents
    "😀" * 10_000,
    "\ud800 Leeds \udfff",
    "\x00\x1b[31m Leeds",
    "\u202e sdeeL",
]


def _check_query(gazetteer: Gazetteer, text: str, query: PlaceQuery) -> None:
    assert query.kind in {"place", "region", "area", "postcode", "unknown"}
    assert (query.place is not None) == (query.kind == "place")
    assert (query.region is not None) == (query.kind == "region")
    assert (query.area is not None) == (query.kind == "area")
    assert (query.postcode is not None) == (query.kind == "postcode")
    assert len(query.alternatives) <= MAX_ALTERNATIVES
    assert len(query.suggestions) <= MAX_SUGGESTIONS
    assert query.kind == "unknown" or query.suggestions == ()
    assert query.place not in query.alternatives
    # Nothing is lost or invented: the place words and the topic words are what was typed.
    assert [*query.place_text.split(), *query.topic_words] == text.split()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=odd_queries)
@example(text="")
@example(text="Newport , Wales ,")
@example(text="st st st st st st")
def test_reading_any_text_never_fails_and_stays_bounded(gazetteer, text):
    _check_query(gazetteer, text, gazetteer.read_query(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=odd_queries, limit=st.integers(min_value=-3, max_value=60))
@example(text="st", limit=5)
@example(text="\ud800", limit=5)
def test_typeahead_of_any_text_never_fails_and_stays_bounded(gazetteer, text, limit):
    found = gazetteer.complete(text, limit)
    assert len(found) <= max(limit, 0)
    assert len({p.id for p in found}) == len(found)
    assert all(gazetteer.get(p.id) == p for p in found)


@pytest.mark.parametrize("text", HUGE, ids=range(len(HUGE)))
def test_huge_or_odd_text_is_answered_quickly(gazetteer, text):
    started = time.perf_counter()
    query = gazetteer.read_query(text)
    found = gazetteer.complete(text, 20)
    assert time.perf_counter() - started < 2.0
    _check_query(gazetteer, text, query)
    assert len(found) <= 20


@pytest.mark.parametrize(
    ("text", "topics"),
    [("Stoke-on-Trent HR", ("HR",)), ("Northern Ireland HR", ("HR",)), ("Leeds UX", ("UX",))],
)
def test_a_short_word_in_capitals_after_a_place_stays_a_topic(
    gazetteer: Gazetteer, text: str, topics: tuple[str, ...]
):
    query = gazetteer.read_query(text)
    assert query.kind in ("place", "region")
    assert query.topic_words == topics


@pytest.mark.parametrize(
    ("text", "code"),
    [("Y&H", "TLE"), ("Yorks and Humber", "TLE"), ("E Mids", "TLF"), ("West Mids", "TLG")],
)
def test_short_forms_of_regions(gazetteer: Gazetteer, text: str, code: str):
    query = gazetteer.read_query(text)
    assert (query.kind, getattr(query.region, "code", None)) == ("region", code)
