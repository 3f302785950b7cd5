"""Growth in the impact report: the weekly sums on their own (pure), then over a real database
(searches counted as people search, profiles, welcomes), then in the table, CSV and PNG."""

from __future__ import annotations

import csv
import io
import struct
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.feedback import Gathering, SubjectKind
from bot.domain.growth import ProfileFact, SearchTally, WelcomeFact, monday
from bot.domain.people import ProfileDraft
from bot.services.directory import DirectoryService
from bot.services.report.aggregate import Breakdown, build_report, period_bounds
from bot.services.report.chart import as_png
from bot.services.report.csv_export import GROWTH_COLUMNS, as_csv
from bot.services.report.growth import NO_REGION, TOTAL, build_growth
from bot.services.report.service import ReportService
from bot.services.report.table import as_table
from storage.db import make_session_factory
from storage.models import ChannelLinkRow, WeeklySearchesRow, WelcomeRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.clock import FixedClock

T = "T0001"
SINCE, UNTIL = date(2026, 3, 2), date(2026, 3, 15)  # two weeks, from a Monday
WEEK1 = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
WEEK2 = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
PLACES = {1: "TLE", 2: "TLL", 3: None}


def growth(**facts):
    start, end = period_bounds(SINCE, UNTIL)
    values = {
        "since": SINCE,
        "until": UNTIL,
        "start": start,
        "end": end,
        "profiles": [],
        "searches": [],
        "welcomes": [],
        "groups": [],
        "region_of_place": PLACES.get,
    }
    values.update(facts)
    return build_growth(**values)


def test_profiles_created_and_confirmed_count_in_their_week_and_region():
    found = growth(
        profiles=[
            ProfileFact(T, 1, WEEK1, WEEK1),  # created (its creation is no confirmation)
            ProfileFact(T, 2, WEEK2, WEEK2 + timedelta(hours=2)),  # created, saved again that day
            ProfileFact(T, 1, WEEK1 - timedelta(days=60), WEEK2),  # confirmed, made long ago
            ProfileFact(T, 3, WEEK2, WEEK2),  # a place in no region
        ]
    )
    assert [(w.label, w.profiles_created, w.profiles_confirmed) for w in found.weeks] == [
        ("2026-03-02", 1, 0),
        ("2026-03-09", 2, 1),
    ]
    yorkshire = found.region("Yorkshire and The Humber")
    assert yorkshire is not None
    assert (yorkshire.profiles_created, yorkshire.profiles_confirmed) == (1, 1)
    wales, scotland = found.region("Wales"), found.region("Scotland")
    assert wales is not None
    assert (wales.profiles_created, wales.profiles_confirmed) == (1, 0)
    assert scotland is not None
    assert scotland.empty
    assert found.region(NO_REGION) is not None
    assert (found.total.profiles_created, found.total.label) == (3, TOTAL)


def test_the_share_of_searches_that_found_someone_and_welcomes_that_became_profiles():
    found = growth(
        searches=[
            SearchTally(T, monday(WEEK1), "TLE", 10, 7),
            SearchTally(T, monday(WEEK1), None, 2, 0),  # a place nobody could read
            SearchTally(T, monday(WEEK2), "TLE", 4, 1),
        ],
        welcomes=[
            WelcomeFact(T, WEEK1, "TLE", joined=True),
            WelcomeFact(T, WEEK1, "TLE", joined=False),
            WelcomeFact(T, WEEK2, None, joined=True),
            WelcomeFact(T, WEEK1 - timedelta(days=30), "TLE", joined=True),  # before the period
        ],
        groups=[Gathering(T, SubjectKind.MENTORING_GROUP, 1, "TLE", WEEK2, ("UA", "UB", "UC"))],
    )
    total = found.total
    assert (total.searches, total.searches_found) == (16, 8)
    assert total.found_share == pytest.approx(0.5)
    assert (total.welcomes, total.welcomes_joined) == (3, 2)
    assert total.introductions == 1
    first = found.week("2026-03-02")
    assert first is not None
    assert first.found_share == pytest.approx(7 / 12)
    no_region = found.region(NO_REGION)
    assert no_region is not None
    assert (no_region.searches, no_region.welcomes) == (2, 1)
    assert growth().total.found_share is None  # no searches: no share, not 0%


def test_the_existing_figures_are_the_same_with_growth_beside_them():
    plain = build_report(
        since=SINCE,
        until=UNTIL,
        by=Breakdown.REGION,
        team_id=None,
        events=[Gathering(T, SubjectKind.EVENT, 1, "TLE", WEEK1, ("UA", "UB"))],
        groups=[],
        meetings=[],
        prompts=[],
        organisations={},
        generated_at=WEEK2,
    )
    grown = build_report(
        since=SINCE,
        until=UNTIL,
        by=Breakdown.REGION,
        team_id=None,
        events=[Gathering(T, SubjectKind.EVENT, 1, "TLE", WEEK1, ("UA", "UB"))],
        groups=[],
        meetings=[],
        prompts=[],
        organisations={},
        generated_at=WEEK2,
        growth=growth(profiles=[ProfileFact(T, 1, WEEK1, WEEK1)]),
    )
    assert grown.overall == plain.overall
    assert grown.rows == plain.rows
    assert as_table(grown).startswith(as_table(plain).split("\nNotes")[0])
    plain_csv = list(csv.DictReader(io.StringIO(as_csv(plain))))
    grown_csv = list(csv.DictReader(io.StringIO(as_csv(grown))))
    for before, after in zip(plain_csv, grown_csv, strict=True):
        kept = [key for key in before if key not in GROWTH_COLUMNS]
        assert {key: after[key] for key in kept} == {key: before[key] for key in kept}


# Over a real database --------------------------------------------------------------------------


@pytest.fixture
def world(engine, gazetteer):
    clock = FixedClock(WEEK1)
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
    directory = DirectoryService(uow_factory, gazetteer, clock)
    return clock, uow_factory, directory, gazetteer, engine


def test_searches_are_counted_by_week_and_region_and_hold_no_person(world):
    clock, _uow_factory, directory, gazetteer, engine = world
    leeds = gazetteer.read_query("Leeds").place
    directory.save_profile(T, "UA", ProfileDraft(leeds.id, "Home Office", "Analyst"))
    directory.search_text(T, "Leeds")  # found someone
    directory.search_text(T, "Leeds gardening")  # found nobody
    directory.search_text(T, "Cardiff")  # Wales, nobody there
    directory.search_text(T, "Xqzzvl")  # not a place
    clock.set(WEEK2)
    directory.search_text(T, "Yorkshire")
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                WeeklySearchesRow.week_start,
                WeeklySearchesRow.region_code,
                WeeklySearchesRow.searches,
                WeeklySearchesRow.found,
            ).order_by(WeeklySearchesRow.week_start, WeeklySearchesRow.region_code)
        ).all()
    assert [tuple(row) for row in rows] == [
        (date(2026, 3, 2), "", 1, 0),
        (date(2026, 3, 2), "TLE", 2, 1),
        (date(2026, 3, 2), "TLL", 1, 0),
        (date(2026, 3, 9), "TLE", 1, 1),
    ]
    # Counts only: the table has no column for a person, a word typed or a place.
    assert {column.name for column in WeeklySearchesRow.__table__.columns} == {
        "team_id",
        "week_start",
        "region_code",
        "searches",
        "found",
    }
    # Erasing someone leaves the counts (they name nobody).
    directory.erase(T, "UA")
    with engine.connect() as connection:
        assert connection.execute(select(WeeklySearchesRow.searches)).all()


def test_the_report_reads_growth_from_the_database(world, tmp_path):
    clock, uow_factory, directory, gazetteer, engine = world
    leeds = gazetteer.read_query("Leeds").place
    cardiff = gazetteer.read_query("Cardiff").place
    directory.save_profile(T, "UA", ProfileDraft(leeds.id, "Home Office", "Analyst"))
    directory.search_text(T, "Leeds")
    with engine.begin() as connection:
        connection.execute(
            ChannelLinkRow.__table__.insert().values(
                team_id=T,
                channel_id="C0LEEDS",
                region_code="TLE",
                linked_by="UORG",
                created_at=WEEK1 - timedelta(days=90),
            )
        )
        for user, sent in (("UW", WEEK1 - timedelta(hours=1)), ("UX", WEEK1), ("UY", None)):
            connection.execute(
                WelcomeRow.__table__.insert().values(
                    team_id=T,
                    user_id=user,
                    channel_id="C0LEEDS",
                    welcomed_at=WEEK1 - timedelta(hours=1),
                    sent_at=sent,
                    declined=False,
                )
            )
    directory.save_profile(T, "UW", ProfileDraft(cardiff.id, "HMRC", "Adviser"))  # after it
    clock.set(WEEK2)
    directory.confirm_current(T, "UA")
    service = ReportService(uow_factory, clock, gazetteer=gazetteer)

    found = service.impact(since=SINCE, until=UNTIL, by=Breakdown.REGION)
    assert found.growth is not None
    total = found.growth.total
    assert (total.profiles_created, total.profiles_confirmed) == (2, 1)
    assert (total.searches, total.searches_found) == (1, 1)
    assert (total.welcomes, total.welcomes_joined) == (2, 1)  # UY's was never sent
    wales = found.growth.region("Wales")
    assert wales is not None
    assert wales.profiles_created == 1

    table = as_table(found)
    assert "Growth week by week" in table
    assert "Growth by region" in table
    assert "100% found someone" in table
    rows = {row["region"]: row for row in csv.DictReader(io.StringIO(as_csv(found)))}
    assert set(GROWTH_COLUMNS) <= set(rows[TOTAL])
    assert rows["Yorkshire and The Humber"]["welcomes_sent"] == "2"
    assert rows["Yorkshire and The Humber"]["searches_found_share"] == "1.000"
    assert rows[TOTAL]["profiles_created"] == "2"

    weekly = service.impact(since=SINCE, until=UNTIL, by=Breakdown.WEEK)
    week_rows = list(csv.DictReader(io.StringIO(as_csv(weekly))))
    assert [(r["week"], r["profiles_created"]) for r in week_rows] == [
        ("2026-03-02", "2"),
        ("2026-03-09", "0"),
        (TOTAL, "2"),
    ]
    assert [r["profiles_confirmed"] for r in week_rows] == ["0", "1", "1"]


def test_the_chart_grows_a_row_a_week():
    pytest.importorskip("PIL")
    report = build_report(
        since=SINCE,
        until=UNTIL,
        by=None,
        team_id=None,
        events=[],
        groups=[],
        meetings=[],
        prompts=[],
        organisations={},
        generated_at=WEEK2,
        growth=growth(profiles=[ProfileFact(T, 1, WEEK1, WEEK1)]),
    )
    plain = build_report(
        since=SINCE,
        until=UNTIL,
        by=None,
        team_id=None,
        events=[],
        groups=[],
        meetings=[],
        prompts=[],
        organisations={},
        generated_at=WEEK2,
    )

    def height(data: bytes) -> int:
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        return int(struct.unpack(">II", data[16:24])[1])

    assert height(as_png(report)) == height(as_png(plain)) + 84 + 30 * 2
