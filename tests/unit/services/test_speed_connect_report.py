"""Speed Connect in the impact report: groups formed by week and region in the growth, and
each group's introduction a quality interaction; figures without Speed Connect unchanged."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from bot.domain.feedback import Gathering, SubjectKind
from bot.services.report.aggregate import Breakdown, build_report, period_bounds
from bot.services.report.csv_export import as_csv
from bot.services.report.growth import NO_REGION, TOTAL, build_growth
from bot.services.report.table import as_table

T = "T0001"
SINCE, UNTIL = date(2026, 3, 2), date(2026, 3, 15)  # two weeks, from a Monday
WEEK1 = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
WEEK2 = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
ORGS = {(T, "U1"): "DWP", (T, "U2"): "HMRC", (T, "U3"): "DWP", (T, "U4"): "DWP"}


def pair(number: int, at: datetime, region: str | None, *people: str) -> Gathering:
    return Gathering(T, SubjectKind.SPEED_CONNECT_GROUP, number, region, at, people)


PAIRS = [
    pair(1, WEEK1, "TLE", "U1", "U2"),  # across departments
    pair(2, WEEK1, "TLE", "U3", "U4"),  # one department
    pair(3, WEEK2, None, "U1", "U3", "U2"),  # a trio, online
]
EVENT = Gathering(T, SubjectKind.EVENT, 9, "TLE", WEEK1, ("U1", "U2"))


def growth(**facts):
    start, end = period_bounds(SINCE, UNTIL)
    return build_growth(
        since=SINCE,
        until=UNTIL,
        start=start,
        end=end,
        profiles=[],
        searches=[],
        welcomes=[],
        groups=[],
        region_of_place=lambda _: None,
        **facts,
    )


def report(**facts):
    values = {
        "since": SINCE,
        "until": UNTIL,
        "by": None,
        "team_id": T,
        "events": [EVENT],
        "groups": [],
        "meetings": [],
        "prompts": [],
        "organisations": ORGS,
        "generated_at": WEEK2,
    }
    values.update(facts)
    return build_report(**values)


def test_groups_formed_count_by_week_and_region():
    found = growth(speed_connect=PAIRS)
    assert found.total.speed_connect_groups == 3
    assert [w.speed_connect_groups for w in found.weeks] == [2, 1]
    assert found.region("Yorkshire and The Humber").speed_connect_groups == 2
    assert found.region(NO_REGION).speed_connect_groups == 1
    assert not found.total.empty
    assert found.total.label == TOTAL


def test_introductions_are_quality_interactions_and_cross_departments_when_they_do():
    without = report()
    with_pairs = report(speed_connect=PAIRS)
    assert with_pairs.overall.total == without.overall.total + 3
    assert with_pairs.overall.speed_connects == 3
    assert with_pairs.overall.crossing == without.overall.crossing + 2  # pairs 1 and 3
    by_week = report(speed_connect=PAIRS, by=Breakdown.WEEK)
    assert [row.speed_connects for row in by_week.rows] == [2, 1]


def test_without_speed_connect_the_figures_are_as_before():
    plain = report()
    assert plain.overall.speed_connects == 0
    assert plain.overall.total == 2  # two people went to the event
    assert growth().total.speed_connect_groups == 0


def test_the_table_and_csv_show_them():
    found = report(speed_connect=PAIRS, growth=growth(speed_connect=PAIRS))
    table = as_table(found)
    assert "Speed Connect groups formed" in table
    assert "Speed Connect pair or trio introduced" in " ".join(table.split())
    rows = list(csv.DictReader(io.StringIO(as_csv(found))))
    total = rows[-1]
    assert total["speed_connect_introductions"] == "3"
    assert total["speed_connect_groups"] == "3"
    assert total["quality_interactions"] == "5"
