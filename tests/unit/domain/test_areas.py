"""ONS administrative areas and postcodes, over the shipped data (bot/data/AREAS.md)."""

from __future__ import annotations

import pytest

from bot.domain.areas import Area, Areas, read_postcode_shape
from bot.domain.places import Gazetteer, Place


def area_of(gazetteer: Gazetteer, text: str) -> Area:
    query = gazetteer.read_query(text)
    assert query.kind == "area", f"{text!r} read as {query.kind}"
    assert query.area is not None
    return query.area


def place_named(gazetteer: Gazetteer, name: str, region: str) -> Place:
    [place] = [p for p in gazetteer if p.name == name and p.region_code == region]
    return place


# Areas ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("Kent", "E10000016", "county"),
        ("Greater Manchester", "E11000001", "metropolitan county"),
        ("Merseyside", "E11000002", "metropolitan county"),
        ("Tyne and Wear", "E11000007", "metropolitan county"),
        ("West of England", "E47000009", "combined authority"),
        ("Liverpool City Region", "E47000004", "combined authority"),
        ("Tees Valley", "E47000006", "combined authority"),
        ("York and North Yorkshire", "E47000012", "combined authority"),
        ("Kensington and Chelsea", "E09000020", "London borough"),
        ("Lewisham", "E09000023", "London borough"),
        ("Tower Hamlets", "E09000030", "London borough"),
        ("North Northamptonshire", "E06000061", "unitary authority"),
        ("West Northamptonshire", "E06000062", "unitary authority"),
        ("Cumberland", "E06000063", "unitary authority"),
        ("Westmorland and Furness", "E06000064", "unitary authority"),
        ("North Yorkshire", "E06000065", "unitary authority"),
        ("Somerset", "E06000066", "unitary authority"),
        ("Sir Benfro", "W06000009", "principal area"),
        ("Pembrokeshire", "W06000009", "principal area"),
        ("Bro Morgannwg", "W06000014", "principal area"),
        ("Vale of Glamorgan", "W06000014", "principal area"),
        ("Comhairle nan Eilean Siar", "S12000013", "council area"),
        ("Na h-Eileanan Siar", "S12000013", "council area"),
        ("Aberdeenshire", "S12000034", "council area"),
        ("Mid Ulster", "N09000009", "district"),
        ("Causeway Coast and Glens", "N09000004", "district"),
        ("City of Leeds", "E08000035", "metropolitan district"),
        ("Leeds district", "E08000035", "metropolitan district"),
        ("London Borough of Lewisham", "E09000023", "London borough"),
    ],
)
def test_areas_are_read_from_their_names(gazetteer: Gazetteer, text: str, code: str, kind: str):
    area = area_of(gazetteer, text)
    assert (area.code, area.kind) == (code, kind)


@pytest.mark.parametrize("text", ["Leeds", "Cardiff", "Caerdydd", "Newport", "Swansea"])
def test_a_town_named_like_its_area_stays_the_town(gazetteer: Gazetteer, text: str):
    assert gazetteer.read_query(text).kind == "place"


@pytest.mark.parametrize("text", ["West Midlands", "North East", "East Midlands", "Yorkshire"])
def test_a_region_named_like_an_area_stays_the_region(gazetteer: Gazetteer, text: str):
    assert gazetteer.read_query(text).kind == "region"


def test_topic_words_after_an_area_are_topics(gazetteer: Gazetteer):
    query = gazetteer.read_query("Greater Manchester data science")
    assert query.area is not None
    assert query.area.name == "Greater Manchester"
    assert query.topic_words == ("data", "science")


def test_kensington_and_chelsea_holds_kensington_in_london_not_liverpool(gazetteer: Gazetteer):
    area = area_of(gazetteer, "Kensington and Chelsea")
    inside = gazetteer.places_in_area(area.code)
    london = place_named(gazetteer, "Kensington", "TLI")
    liverpool = place_named(gazetteer, "Kensington", "TLD")
    assert london in inside
    assert liverpool not in inside


def test_west_of_england_holds_bristol_and_bath_not_the_east(gazetteer: Gazetteer):
    inside = {p.name for p in gazetteer.places_in_area(area_of(gazetteer, "West of England").code)}
    assert {"Bristol", "Bath", "Keynsham", "Yate"} <= inside
    assert not inside & {"Cambridge", "Norwich", "Ipswich"}


def test_an_areas_places_are_biggest_first_and_all_inside(gazetteer: Gazetteer):
    kent = area_of(gazetteer, "Kent")
    inside = gazetteer.places_in_area(kent.code)
    assert len(inside) > 50
    assert [p.population for p in inside] == sorted((p.population for p in inside), reverse=True)
    assert all(kent.code in p.areas for p in inside)
    assert {"Maidstone", "Canterbury", "Dartford"} <= {p.name for p in inside}
    assert "Brighton" not in {p.name for p in inside}


def test_every_place_has_a_district_and_its_parents_up_to_its_region(gazetteer: Gazetteer):
    for place in gazetteer:
        assert place.areas, place
        district = gazetteer.area(place.areas[0])
        assert district is not None
        assert place.areas[-1] == place.region_code


def test_memberships_of_a_metropolitan_district(gazetteer: Gazetteer):
    salford = place_named(gazetteer, "Salford", "TLD")
    assert salford.areas == ("E08000006", "E11000001", "E47000001", "TLD")


def test_boundary_villages_take_the_region_of_their_ons_district(gazetteer: Gazetteer):
    # Each was put in the wrong region by the nearest-town estimate (bot/data/AREAS.md).
    assert place_named(gazetteer, "Staithes", "TLE").areas[0] == "E06000065"  # North Yorkshire
    assert place_named(gazetteer, "Crick", "TLF").areas[0] == "E06000062"  # W Northamptonshire
    assert place_named(gazetteer, "Alderholt", "TLK").areas[0] == "E06000059"  # Dorset


def test_every_district_kind_is_there(gazetteer: Gazetteer):
    areas = [gazetteer.area(code) for code in ("E06000001", "E07000008", "E08000001")]
    assert all(area is not None for area in areas)
    counts: dict[str, int] = {}
    for place in gazetteer:
        counts[place.areas[0][:3]] = counts.get(place.areas[0][:3], 0) + 1
    assert set(counts) == {"E06", "E07", "E08", "E09", "W06", "S12", "N09"}


def test_an_unknown_code_is_none_and_has_no_places(gazetteer: Gazetteer):
    assert gazetteer.area("E99999999") is None
    assert gazetteer.places_in_area("E99999999") == []


def test_a_gazetteer_without_areas_still_reads_towns():
    place = Place(1, "Testtown", "TLE", 53.8, -1.5, 1000, ())
    gazetteer = Gazetteer([place])
    assert gazetteer.read_query("Testtown").place == place
    assert gazetteer.read_query("LS1").kind == "unknown"
    assert len(Areas.empty()) == 0


# Postcodes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "district"),
    [
        ("SW1A 2AA", "SW1A 2AA", "E09000033"),
        ("sw1a2aa", "SW1A 2AA", "E09000033"),
        ("LS1 4", "LS1 4", "E08000035"),
        ("LS1", "LS1", "E08000035"),
        ("LS", "LS", "E08000035"),
        ("CF10", "CF10", "W06000015"),
        ("EH1", "EH1", "S12000036"),
        ("BT7", "BT7", "N09000003"),
        ("BT7 1NN", "BT7 1NN", "N09000003"),
    ],
)
def test_postcodes_are_read_as_a_point(gazetteer: Gazetteer, text: str, code: str, district: str):
    query = gazetteer.read_query(text)
    assert query.kind == "postcode"
    assert query.postcode is not None
    assert (query.postcode.code, query.postcode.district) == (code, district)
    assert query.place_text == text


def test_a_full_postcode_resolves_through_its_sector(gazetteer: Gazetteer):
    full = gazetteer.read_query("LS1 4AP").postcode
    sector = gazetteer.read_query("LS1 4").postcode
    assert full is not None
    assert sector is not None
    assert (full.latitude, full.longitude) == (sector.latitude, sector.longitude)


def test_topic_words_follow_a_postcode(gazetteer: Gazetteer):
    query = gazetteer.read_query("SW1A 2AA user research")
    assert query.kind == "postcode"
    assert query.topic_words == ("user", "research")


@pytest.mark.parametrize("text", ["ZZ9 9ZZ", "QQ1", "XX99 1AB", "JE2 3AB"])
def test_a_postcode_shape_that_is_no_postcode_is_unknown_without_suggestions(
    gazetteer: Gazetteer, text: str
):
    query = gazetteer.read_query(text)
    assert query.kind == "unknown"
    assert query.suggestions == ()


def test_a_bare_postcode_area_must_be_typed_in_capitals(gazetteer: Gazetteer):
    assert gazetteer.read_query("ls").kind != "postcode"
    assert gazetteer.read_query("NE England").kind == "region"


def test_postcode_shapes():
    assert read_postcode_shape(["Leeds"]) is None
    assert read_postcode_shape(["LS"]) is None  # a bare area only when asked
    shape = read_postcode_shape(["m1", "1ae", "data"])
    assert shape is not None
    assert (shape.words, shape.code, shape.lookups) == (2, "M1 1AE", ("M1 1", "M1"))


def test_searching_near_a_postcode_lists_places_nearest_first(gazetteer: Gazetteer):
    postcode = gazetteer.postcode("LS1")
    assert postcode is not None
    ring = gazetteer.near_point(postcode.latitude, postcode.longitude, 40.0)
    assert ring[0][0].name == "Leeds"
    assert [km for _, km in ring] == sorted(km for _, km in ring)
    assert gazetteer.postcode("ZZ9") is None
    assert gazetteer.postcode("LS1 data") is None


# Areas with no ONS code, councils, names a town shares ----------------------------------------


def test_an_area_with_no_ons_code_covers_its_members_and_no_place_lies_in_it(
    gazetteer: Gazetteer,
):
    berkshire = gazetteer.area("X-BERKSHIRE")
    assert berkshire is not None
    assert berkshire.kind == "ceremonial county"
    assert len(berkshire.members) == 6
    assert berkshire.parents == ("TLJ",)
    reading = place_named(gazetteer, "Reading", "TLJ")
    assert "X-BERKSHIRE" not in reading.areas  # searched through its members, not a parent
    inside = gazetteer.places_in_area("X-BERKSHIRE")
    assert reading in inside
    assert all(p.areas[0] in berkshire.members for p in inside)
    sizes = [p.population for p in inside]
    assert sizes == sorted(sizes, reverse=True)


def test_an_area_made_of_regions_covers_their_districts(gazetteer: Gazetteer):
    midlands = gazetteer.area("X-MIDLANDS")
    assert midlands is not None
    assert midlands.parents == ("TLF", "TLG")
    regions = {p.region_code for p in gazetteer.places_in_area("X-MIDLANDS")}
    assert regions == {"TLF", "TLG"}
    assert len(gazetteer.places_in_area("X-MIDLANDS")) == len(
        gazetteer.places_in_region("TLF")
    ) + len(gazetteer.places_in_region("TLG"))


def test_the_districts_an_area_covers():
    areas = Areas(
        [
            Area("E08000035", "metropolitan district", "Leeds", (), ("E11000006", "TLE")),
            Area("E08000036", "metropolitan district", "Wakefield", (), ("E11000006", "TLE")),
            Area("E11000006", "metropolitan county", "West Yorkshire", (), ("TLE",)),
            Area("X-LW", "informal", "Leeds and Wakefield", (), ("TLE",), ("E08000035",)),
        ],
        {},
    )
    assert areas.districts("E11000006") == {"E08000035", "E08000036"}
    assert areas.districts("E08000036") == {"E08000036"}
    assert areas.districts("X-LW") == {"E08000035"}
    assert areas.districts("nowhere") == frozenset()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Leeds City Council", "E08000035"),
        ("Kent County Council", "E10000016"),
        ("Durham County Council", "E06000047"),
        ("Cardiff Council", "W06000015"),
        ("City of Edinburgh Council", "S12000036"),
        ("Comhairle Baile Ghlaschu", "S12000049"),
    ],
)
def test_a_council_is_its_area(gazetteer: Gazetteer, text: str, code: str):
    query = gazetteer.read_query(f"{text} HR")
    assert (query.kind, getattr(query.area, "code", None)) == ("area", code)
    assert query.topic_words == ("HR",)


@pytest.mark.parametrize(("text", "code"), [("Merton", "E09000024"), ("Thanet", "E07000114")])
def test_a_district_named_like_a_town_elsewhere_is_the_district(
    gazetteer: Gazetteer, text: str, code: str
):
    assert area_of(gazetteer, text).code == code


@pytest.mark.parametrize(
    ("name", "region", "district"),
    [
        ("Treforest", "TLL", "W06000016"),
        ("Hay-on-Wye", "TLL", "W06000023"),
        ("Longbenton", "TLC", "E08000022"),
    ],
)
def test_places_geonames_lacks_come_from_the_supplement(
    gazetteer: Gazetteer, name: str, region: str, district: str
):
    place = place_named(gazetteer, name, region)
    assert place.areas[0] == district
    query = gazetteer.read_query(name)
    assert query.place == place


@pytest.mark.parametrize("text", ["Westminster", "Barnet", "City of London", "Gedling"])
def test_a_town_inside_the_district_of_its_name_stays_the_town(gazetteer: Gazetteer, text: str):
    assert gazetteer.read_query(text).kind == "place"
