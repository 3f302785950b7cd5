"""What the place test set counts as right, tried on answers made up here."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.places.scoring import (
    Case,
    accuracy_by_category,
    floors_from,
    judge,
    load_cases,
    resolved_point,
    score,
)


def case(expect: str = "point", **fields: object) -> Case:
    values: dict[str, object] = {
        "category": "town",
        "query": "Leeds",
        "expect": expect,
        "answer_code": "E08000035",
        "latitude": 53.797,
        "longitude": -1.546,
        "radius_km": 5.0,
        "also": frozenset(),
        "members": frozenset(),
        "topics": (),
        "source": "",
    }
    values.update(fields)
    return Case(**values)  # type: ignore[arg-type]


def place(lat: float, lon: float, **more: object) -> SimpleNamespace:
    return SimpleNamespace(kind="place", place=SimpleNamespace(latitude=lat, longitude=lon, **more),
                           region=None, topic_words=())  # fmt: skip


def area(code: str, **more: object) -> SimpleNamespace:
    return SimpleNamespace(kind="area", place=None, region=None, topic_words=(),
                           area=SimpleNamespace(code=code, name="", **more))  # fmt: skip


def region(code: str) -> SimpleNamespace:
    return SimpleNamespace(kind="region", place=None, region=SimpleNamespace(code=code),
                           topic_words=())  # fmt: skip


UNKNOWN = SimpleNamespace(kind="unknown", place=None, region=None, topic_words=())


def test_a_town_is_right_nearby_and_wrong_elsewhere() -> None:
    assert judge(case(), place(53.80, -1.55))
    assert not judge(case(), place(51.46, -0.84))  # a same-name place far away
    assert not judge(case(), UNKNOWN)


def test_topic_words_must_match_and_none_may_be_left_over() -> None:
    with_topics = place(53.80, -1.55)
    with_topics.topic_words = ("West", "Yorkshire")
    assert not judge(case(), with_topics)
    assert judge(case(topics=("west", "yorkshire")), with_topics)


def test_an_area_listed_in_also_is_right_for_a_town() -> None:
    assert judge(case(also=frozenset({"E08000035"})), area("E08000035"))
    assert not judge(case(), area("E08000035"))


def test_a_region_by_its_itl1_or_gss_code() -> None:
    wanted = case("region", answer_code="TLE", latitude=None, longitude=None, radius_km=None)
    assert judge(wanted, region("TLE"))
    assert judge(wanted, area("E12000003"))
    assert not judge(wanted, region("TLH"))


def test_an_area_by_code_or_by_the_districts_it_covers() -> None:
    kent = case("area", answer_code="E10000016", latitude=None, longitude=None, radius_km=None)
    assert judge(kent, area("E10000016"))
    assert not judge(kent, area("E06000035"))
    covers = ["E08000027", "E08000028", "E08000030", "E08000031"]
    black_country = case("area", answer_code="", latitude=None, longitude=None, radius_km=None,
                         members=frozenset(covers))  # fmt: skip
    assert judge(black_country, area("X-BLACK-COUNTRY", lad_codes=covers))
    assert not judge(black_country, area("X-BLACK-COUNTRY", lad_codes=covers[:2]))


def test_a_government_site_by_its_local_authority_membership() -> None:
    site = case(category="government_site", answer_code="E09000030", radius_km=3.0,
                latitude=51.505, longitude=-0.019)  # fmt: skip
    assert not judge(site, place(51.507, -0.124))
    assert judge(site, place(51.507, -0.124, memberships=("E09000030", "TLI")))


def test_a_postcode_answer_points_through_its_own_attribute() -> None:
    answer = SimpleNamespace(kind="postcode", place=None, topic_words=(),
                             postcode=SimpleNamespace(latitude=53.8, longitude=-1.55))  # fmt: skip
    assert resolved_point(answer) == (53.8, -1.55)
    assert judge(case(), answer)


def test_unknown_is_right_only_for_unknown() -> None:
    wanted = case("unknown")
    assert judge(wanted, UNKNOWN)
    assert not judge(wanted, place(48.85, 2.35))


@pytest.mark.parametrize("category", ["town", "unknown"])
def test_the_table_counts_right_answers(category: str) -> None:
    cases = [c for c in load_cases() if c.category == category][:5]
    outcomes = score(cases, lambda _text: UNKNOWN)
    table = accuracy_by_category(outcomes)
    right = 5 if category == "unknown" else 0
    assert table[category] == (right, 5)
    assert table["overall"] == (right, 5)
    assert floors_from(table)[category] == right * 20.0
