"""Everyday phrasing around a place: fillers, qualifiers, aliases, government sites, typos."""

from __future__ import annotations

import csv
import importlib.resources
import io

import pytest

from bot.domain.place_data import load_aliases, load_sites, parse_aliases, parse_sites
from bot.domain.place_phrasing import PhrasingReader
from bot.domain.places import Gazetteer, PlaceQuery
from bot.domain.regions import REGION_CODES


def where(gazetteer: Gazetteer, text: str) -> str:
    """What a query was read as, in a word: a place's label, a region's name, or "unknown"."""
    query = gazetteer.read_query(text)
    if query.kind == "place" and query.place is not None:
        return gazetteer.label(query.place)
    if query.kind == "region" and query.region is not None:
        return query.region.name
    return query.kind


# Everyday phrasing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "topics"),
    [
        ("in Leeds data", "Leeds", ("data",)),
        ("near Bath", "Bath", ()),
        ("around Bristol policy", "Bristol", ("policy",)),
        ("close to York", "York", ()),
        ("based in Cardiff digital", "Cardiff", ("digital",)),
        ("Leeds area", "Leeds", ()),
        ("Leeds area data", "Leeds", ("data",)),
        ("Edinburgh city centre", "Edinburgh", ()),
        ("Leeds city centre user research", "Leeds", ("user", "research")),
        ("greater Leeds", "Leeds", ()),
        ("central Manchester", "Manchester", ()),
        ("Leeds, UK", "Leeds", ()),
        ("Leeds, England", "Leeds", ()),
        ("Cardiff, Wales data", "Cardiff", ("data",)),
        ("Leeds.", "Leeds", ()),
        ("Leeds!", "Leeds", ()),
        ("in Leeds, UK, data", "Leeds", ("data",)),
    ],
)
def test_words_around_a_place_say_where_not_what_about(
    gazetteer: Gazetteer, text: str, place: str, topics: tuple[str, ...]
):
    query = gazetteer.read_query(text)
    assert query.kind == "place"
    assert query.place is not None
    assert query.place.name == place
    assert query.topic_words == topics


def test_a_filler_that_is_part_of_a_name_stays_part_of_it(gazetteer: Gazetteer):
    assert where(gazetteer, "Greater London") == "London"
    query = gazetteer.read_query("City of London")
    assert query.place is not None
    assert query.place.name == "City of London"


def test_central_before_a_region_still_reads_the_region(gazetteer: Gazetteer):
    assert where(gazetteer, "central London") == "London"


def test_a_region_with_its_country_after_it_is_still_the_region(gazetteer: Gazetteer):
    query = gazetteer.read_query("Yorkshire, England")
    assert query.kind == "region"
    assert query.topic_words == ()


def test_real_topic_words_after_the_filler_are_kept(gazetteer: Gazetteer):
    query = gazetteer.read_query("in Leeds data science")
    assert query.topic_words == ("data", "science")
    assert query.place_text == "in Leeds"


# Qualifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("Newport, Isle of Wight", "Newport", "TLJ"),
        ("Newport Shropshire", "Newport", "TLG"),
        ("Richmond North Yorkshire", "Richmond", "TLE"),
        ("St Ives Cornwall", "St Ives", "TLK"),
        ("Gillingham Dorset", "Gillingham", "TLK"),
        ("Gillingham, Kent", "Gillingham", "TLJ"),
        ("Newport, Wales", "Newport", "TLL"),
        ("Leeds, West Yorkshire", "Leeds", "TLE"),
    ],
)
def test_a_county_or_region_after_a_place_picks_the_one_there(
    gazetteer: Gazetteer, text: str, name: str, region: str
):
    query = gazetteer.read_query(text)
    assert query.kind == "place"
    assert query.place is not None
    assert query.place.name == name
    assert query.place.region_code == region
    assert query.topic_words == ()


def test_a_qualifier_is_never_topic_words_and_topics_after_it_are(gazetteer: Gazetteer):
    query = gazetteer.read_query("Leeds, West Yorkshire data")
    assert query.place is not None
    assert query.place.name == "Leeds"
    assert query.topic_words == ("data",)


def test_the_other_same_name_places_stay_on_offer_after_a_qualifier(gazetteer: Gazetteer):
    query = gazetteer.read_query("Newport, Isle of Wight")
    assert query.place is not None
    assert {p.region_code for p in query.alternatives} >= {"TLL", "TLG"}


def test_a_county_that_holds_no_place_of_the_name_stays_topic_words(gazetteer: Gazetteer):
    query = gazetteer.read_query("Leeds Cornwall")
    assert query.place is not None
    assert query.place.name == "Leeds"
    assert query.topic_words == ("Cornwall",)


def test_a_bare_ambiguous_name_answers_the_likeliest_and_offers_the_others(
    gazetteer: Gazetteer,
):
    query = gazetteer.read_query("Newport")
    assert query.place is not None
    assert query.place.region_code == "TLL"
    assert len(query.alternatives) >= 3


# Aliases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Brum", "Birmingham"),
        ("Manc", "Manchester"),
        ("Sheff", "Sheffield"),
        ("Soton", "Southampton"),
        ("MK", "Milton Keynes"),
        ("Donny", "Doncaster"),
        ("Pompey", "Portsmouth"),
    ],
)
def test_well_used_short_names_are_their_places(gazetteer: Gazetteer, text: str, place: str):
    query = gazetteer.read_query(f"{text} data")
    assert query.place is not None
    assert query.place.name == place
    assert query.topic_words == ("data",)


def test_yorks_is_yorkshire(gazetteer: Gazetteer):
    assert where(gazetteer, "Yorks") == "Yorkshire and The Humber"


@pytest.mark.parametrize(
    ("text", "wrong"),
    [("Thames Valley", "Thame"), ("Home Counties", "Holme"), ("Lake District", "Old Leake")],
)
def test_an_informal_area_is_never_a_same_sounding_town(
    gazetteer: Gazetteer, text: str, wrong: str
):
    query = gazetteer.read_query(text)
    assert query.place is None or query.place.name != wrong
    assert query.place_text == text


def test_an_area_across_regions_not_yet_searchable_offers_its_regions(gazetteer: Gazetteer):
    query = gazetteer.read_query("the Midlands data")
    if query.kind == "unknown":
        assert {getattr(s, "code", None) for s in query.suggestions} == {"TLF", "TLG"}
        assert query.topic_words == ("data",)


# Government sites --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "site"),
    [
        ("Quarry House", "Leeds", "Quarry House"),
        ("Marsham Street", "City of Westminster", "2 Marsham Street"),
        ("2 Marsham Street", "City of Westminster", "2 Marsham Street"),
        ("102 Petty France", "City of Westminster", "102 Petty France"),
        ("Caxton House", "City of Westminster", "Caxton House"),
        ("1 Horse Guards Road", "City of Westminster", "1 Horse Guards Road"),
        ("10 South Colonnade", "Canary Wharf", "10 South Colonnade"),
        ("Cathays Park", "Cardiff", "Cathays Park"),
        ("Crown Buildings", "Cardiff", "Cathays Park"),
        ("Victoria Quay", "Edinburgh", "Victoria Quay"),
        ("St Andrew's House", "Edinburgh", "St Andrew's House"),
        ("Atlantic Quay", "Glasgow", "Atlantic Quay"),
        ("Stormont", "Belfast", "Stormont"),
        ("Holyrood", "Edinburgh", "Holyrood"),
        ("Whitehall", "City of Westminster", "Whitehall"),
        ("Wellington Place", "Leeds", "Wellington Place"),
        ("3 Arena Central", "Birmingham", "Arena Central"),
        ("Darlington Economic Campus", "Darlington", "Feethams House"),
        ("i9", "Wolverhampton", "i9"),
        ("Ty William Morgan", "Cardiff", "Tŷ William Morgan"),
    ],
)
def test_government_sites_are_where_they_are(
    gazetteer: Gazetteer, text: str, place: str, site: str
):
    query = gazetteer.read_query(text)
    assert query.kind == "place"
    assert query.place is not None
    assert query.place.name == place
    assert query.site == site
    assert query.topic_words == ()


def test_marsham_street_is_never_marsham_in_norfolk(gazetteer: Gazetteer):
    query = gazetteer.read_query("Marsham Street policy")
    assert query.place is not None
    assert query.place.region_code == "TLI"
    assert query.topic_words == ("policy",)


def test_marsham_alone_is_still_the_village(gazetteer: Gazetteer):
    query = gazetteer.read_query("Marsham")
    assert query.place is not None
    assert query.place.region_code == "TLH"
    assert query.site is None


def test_every_site_resolves_to_a_gazetteer_place(gazetteer: Gazetteer):
    missing = [site.name for site, place in gazetteer.phrasing.sites() if place is None]
    assert missing == []


# Typos and places abroad -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"), [("Leedz", "Leeds"), ("Swansee", "Swansea"), ("Aberdene", "Aberdeen")]
)
def test_a_clear_misspelling_is_read_as_the_place_and_marked(
    gazetteer: Gazetteer, text: str, place: str
):
    query = gazetteer.read_query(text)
    assert query.kind == "place"
    assert query.place is not None
    assert query.place.name == place
    assert query.corrected


def test_an_exact_name_is_not_marked_corrected(gazetteer: Gazetteer):
    assert not gazetteer.read_query("Leeds").corrected
    assert not gazetteer.read_query("Caerdydd").corrected


@pytest.mark.parametrize(
    "text", ["Paris", "New York", "Sydney", "Rome", "Dublin", "Berlin", "Toronto"]
)
def test_a_place_abroad_is_never_a_uk_one_nor_like_one(gazetteer: Gazetteer, text: str):
    query = gazetteer.read_query(text)
    assert query.kind == "unknown"
    assert query.place is None
    assert query.suggestions == ()
    assert query.outside_uk


@pytest.mark.parametrize("text", ["Atlantis", "Narnia", "Hogwarts", "Mordor"])
def test_a_made_up_place_is_never_a_uk_one(gazetteer: Gazetteer, text: str):
    query = gazetteer.read_query(text)
    assert query.kind == "unknown"
    assert query.place is None
    assert not query.corrected


def test_a_slip_at_the_start_of_a_name_is_only_suggested(gazetteer: Gazetteer):
    lerds = gazetteer.read_query("Lerds")
    assert lerds.kind == "unknown"
    assert any(getattr(s, "name", "") == "Leeds" for s in lerds.suggestions)
    manch = gazetteer.read_query("Manch")
    assert manch.place is None or manch.place.name != "March"


def test_a_uk_place_sharing_a_name_abroad_is_read_as_itself(gazetteer: Gazetteer):
    assert where(gazetteer, "Melbourne").startswith("Melbourne")
    assert where(gazetteer, "Wellington").startswith("Wellington")
    assert where(gazetteer, "Perth") == "Perth"


def test_a_place_abroad_is_said_to_be_abroad(gazetteer: Gazetteer):
    assert gazetteer.read_query("Paris").outside_uk
    assert gazetteer.read_query("Paris data").topic_words == ("data",)


def test_a_short_unclear_misspelling_stays_unknown(gazetteer: Gazetteer):
    assert gazetteer.read_query("Bth").kind == "unknown"


# Typeahead ---------------------------------------------------------------------------------


def test_the_typeahead_offers_sites_and_short_names(gazetteer: Gazetteer):
    [(place, label)] = gazetteer.phrasing.complete("Quarry Ho")
    assert place.name == "Leeds"
    assert label == "Quarry House, Leeds"
    assert gazetteer.phrasing.complete("soton")[0][0].name == "Southampton"
    assert gazetteer.phrasing.complete("x") == []


# The data files ----------------------------------------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    text = importlib.resources.files("bot").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_alias_row_has_a_kind_and_a_source():
    aliases = load_aliases()
    assert len(aliases) == len(_rows("place_aliases.csv"))
    assert all(alias.source for alias in aliases)


def test_alias_regions_are_itl1_codes():
    for alias in load_aliases():
        assert set(alias.regions) <= REGION_CODES, alias.alias
        if alias.kind == "region":
            assert set(alias.means) <= REGION_CODES, alias.alias


def test_no_alias_is_listed_twice_for_the_same_use():
    seen = [(a.alias.casefold(), a.kind) for a in load_aliases()]
    assert len(seen) == len(set(seen))


def test_every_site_row_has_a_source_and_a_known_region():
    sites = load_sites()
    assert len(sites) == len(_rows("government_sites.csv"))
    for site in sites:
        assert site.source
        assert site.region in REGION_CODES, site.name


def test_place_aliases_name_gazetteer_places(gazetteer: Gazetteer):
    unresolved = [a.alias for a in gazetteer.phrasing.unresolved() if a.kind == "place"]
    assert unresolved == []


def test_a_bad_row_is_refused_with_its_line():
    with pytest.raises(ValueError, match="line 2"):
        parse_aliases([{"alias": "Brum", "kind": "nickname", "means": "", "source": "x"}])
    with pytest.raises(ValueError, match="line 2"):
        parse_sites([{"name": "Somewhere", "place": "", "region": "TLE", "source": "x"}])


def test_area_aliases_of_one_area_resolve_through_the_areas_index(gazetteer: Gazetteer):
    reader = gazetteer.phrasing
    if not reader.has_areas:
        pytest.skip("the areas index (bot/data/areas.csv.gz) is not in this build")
    pending = [a.alias for a in reader.unresolved() if a.kind == "area" and len(a.means) == 1]
    assert pending == ["Middx"]  # Middlesex has been no area since 1965: unresolved by design


def test_informal_areas_of_several_authorities_are_searched_as_one_area(gazetteer: Gazetteer):
    """South Wales, Tyneside, the Home Counties... name several authorities at once: each is an
    area with no ONS code of its own, whose places are its members' places."""
    if not gazetteer.phrasing.has_areas:
        pytest.skip("the areas index (bot/data/areas.csv.gz) is not in this build")
    # Middlesex is no area; East Anglia is the East of England region's own alias.
    assert [a.alias for a in gazetteer.phrasing.unresolved()] == ["Middx", "East Anglia"]
    query = gazetteer.read_query("South Wales data")
    assert query.kind == "area"
    assert query.area is not None
    assert query.area.code == "X-SOUTH-WALES"
    assert query.topic_words == ("data",)
    names = {p.name for p in gazetteer.places_in_area(query.area.code)}
    assert {"Cardiff", "Swansea", "Newport", "Pontypridd"} <= names
    assert "Bangor" not in names


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the Black Country", "X-BLACK-COUNTRY"),
        ("Home Counties", "X-HOME-COUNTIES"),
        ("the Midlands", "X-MIDLANDS"),
        ("the North", "X-NORTH"),
        ("Tyneside", "X-TYNESIDE"),
        ("the Lake District", "X-LAKE-DISTRICT"),
        ("Berkshire", "X-BERKSHIRE"),
        ("Northants", "X-NORTHAMPTONSHIRE"),
        ("Cumbria", "X-CUMBRIA"),
        ("Merseyside and Cheshire", "X-CHESHIRE-MERSEYSIDE"),
    ],
)
def test_an_informal_area_or_a_county_with_no_council_is_an_area(
    gazetteer: Gazetteer, text: str, code: str
):
    if not gazetteer.phrasing.has_areas:
        pytest.skip("the areas index (bot/data/areas.csv.gz) is not in this build")
    query = gazetteer.read_query(text)
    assert (query.kind, getattr(query.area, "code", None), query.topic_words) == ("area", code, ())


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Whitchurch, Cardiff", "W06000015"),
        ("Whitchurch Hampshire", "E07000084"),
        ("Wellington Somerset", "E06000066"),
        ("Bristol, Avon", "E06000023"),
        ("Peterborough, Cambs", "E06000031"),
        ("Bangor, County Down", "N09000011"),
    ],
)
def test_a_county_or_council_area_after_a_place_says_which(
    gazetteer: Gazetteer, text: str, district: str
):
    if not gazetteer.phrasing.has_areas:
        pytest.skip("the areas index (bot/data/areas.csv.gz) is not in this build")
    query = gazetteer.read_query(f"{text} data")
    assert query.place is not None
    assert query.place.areas[:1] == (district,)
    assert query.topic_words == ("data",)


def test_a_site_followed_by_its_own_town_is_the_site(gazetteer: Gazetteer):
    query = gazetteer.read_query("Wellington Place Leeds data")
    assert query.site == "Wellington Place"
    assert query.place is not None
    assert query.place.name == "Leeds"
    assert query.topic_words == ("data",)


def test_the_before_a_place_only_says_where(gazetteer: Gazetteer):
    assert where(gazetteer, "the Leeds area") == "Leeds"
    assert where(gazetteer, "The Potteries") == "Stoke-on-Trent"


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [("Herts", "county", "Hertfordshire"), ("Wearside", "metropolitan district", "Sunderland")],
)
def test_a_county_abbreviation_is_its_area(gazetteer: Gazetteer, text: str, kind: str, name: str):
    if not gazetteer.phrasing.has_areas:
        pytest.skip("the areas index (bot/data/areas.csv.gz) is not in this build")
    query = gazetteer.read_query(f"{text} data")
    assert query.kind == "area"
    assert query.area is not None
    assert (query.area.kind, query.area.name) == (kind, name)
    assert query.topic_words == ("data",)


def test_same_name_places_are_labelled_by_their_county_or_authority(gazetteer: Gazetteer):
    reader = gazetteer.phrasing
    if not reader.has_areas:
        pytest.skip("the areas index (bot/data/areas.csv.gz) is not in this build")
    labels = {reader.label(p) for p in gazetteer if p.name == "Newport"}
    assert {"Newport, Isle of Wight", "Newport, Essex", "Newport, Wales"} <= labels
    assert len(labels) == len([p for p in gazetteer if p.name == "Newport"])
    assert reader.label(gazetteer.read_query("Leeds").place) == "Leeds"  # type: ignore[arg-type]


def test_reading_without_any_phrasing_is_the_gazetteers_own(gazetteer: Gazetteer):
    reader = PhrasingReader(gazetteer, aliases=(), sites=())
    for text in ("Leeds", "Leeds data", "Newport", "Manchestre", "qwxzyv"):
        plain = gazetteer.read_plain(text)
        read = reader.read(text, gazetteer.read_plain)
        assert (read.kind, read.place, read.region, read.topic_words) == (
            plain.kind,
            plain.place,
            plain.region,
            plain.topic_words,
        ) or read.corrected


def test_the_reader_never_raises_on_odd_text(gazetteer: Gazetteer):
    for text in ("", "   ", "in", "near", ",", "in ,", "Leeds , , ,", "😀 in", "a" * 5000):
        assert isinstance(gazetteer.read_query(text), PlaceQuery)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Newcastle City Council", "E08000021"),
        ("Hull City Council", "E06000010"),
        ("Edinburgh Council", "S12000036"),
        ("London Borough of Bromley, Kent", "E09000006"),
        ("Kent, England", "E10000016"),
        ("South Wales, UK", "X-SOUTH-WALES"),
        ("West Yorks", "E11000006"),
        ("BANES", "E06000022"),
    ],
)
def test_a_council_after_a_town_or_a_county_after_an_area_is_no_topic(
    gazetteer: Gazetteer, text: str, code: str
):
    if not gazetteer.phrasing.has_areas:
        pytest.skip("the areas index (bot/data/areas.csv.gz) is not in this build")
    query = gazetteer.read_query(f"{text} data")
    assert (query.kind, getattr(query.area, "code", None)) == ("area", code)
    assert query.topic_words == ("data",)


def test_a_county_naming_another_county_after_an_area_stays_a_topic(gazetteer: Gazetteer):
    if not gazetteer.phrasing.has_areas:
        pytest.skip("the areas index (bot/data/areas.csv.gz) is not in this build")
    assert gazetteer.read_query("Kent Essex").topic_words == ("Essex",)
    assert gazetteer.read_query("Richmond, Surrey").topic_words == ()
