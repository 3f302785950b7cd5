"""The impact report as CSV, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from bot.domain.feedback import MEASURES
from bot.services.report.aggregate import Breakdown

if TYPE_CHECKING:
    from bot.services.report.aggregate import ImpactReport
    from bot.services.report.growth import GrowthRow

# Spreadsheet programs run cells that start with these as formulas: keep them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _rate_cell(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


GROWTH_COLUMNS = (
    "profiles_created",
    "profiles_confirmed",
    "searches",
    "searches_found",
    "searches_found_share",
    "welcomes_sent",
    "welcomes_then_profile",
    "introductions",
    "speed_connect_groups",
)


def _growth_row(report: ImpactReport, label: str, *, is_total: bool) -> GrowthRow | None:
    """The growth of a slice: the total, a region or a week (none for a month or an
    organisation: growth is counted by week and region)."""
    growth = report.growth
    if growth is None:
        return None
    if is_total:
        return growth.total
    if report.by is Breakdown.REGION:
        return growth.region(label)
    if report.by is Breakdown.WEEK:
        return growth.week(label)
    return None


def _growth_cells(row: GrowthRow | None) -> list[str | int]:
    if row is None:
        return [""] * len(GROWTH_COLUMNS)
    return [
        row.profiles_created,
        row.profiles_confirmed,
        row.searches,
        row.searches_found,
        _rate_cell(row.found_share),
        row.welcomes,
        row.welcomes_joined,
        row.introductions,
        row.speed_connect_groups,
    ]


def as_csv(report: ImpactReport) -> str:
    """One row per slice and a last row for the total, for a spreadsheet. Rates are
    fractions (0.625), empty where too few answered to show one. The growth columns are
    filled for the total and for slices by region or week."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "since",
            "until",
            report.by.value if report.by else "slice",
            "event_attendances",
            "groups_formed",
            "meetings_confirmed",
            "feedback_answers",
            "speed_connect_introductions",
            "quality_interactions",
            "crossed_departments",
            "crossed_share",
            "asked_for_feedback",
            "answered",
            "response_rate",
            "average_rating",
            *(f"agree_rate_{m.value}" for m in MEASURES),
            "annual_target",
            "period_target",
            *GROWTH_COLUMNS,
        ]
    )
    for row in (*report.rows, report.overall):
        is_total = row is report.overall
        writer.writerow(
            [
                report.since.isoformat(),
                report.until.isoformat(),
                safe_cell(row.label),
                row.attendances,
                row.groups_formed,
                row.meetings,
                row.feedback_answers,
                row.speed_connects,
                row.total,
                row.crossing,
                _rate_cell(row.crossing_share),
                row.asked,
                row.responded,
                _rate_cell(row.response_rate),
                "" if row.average_rating is None else f"{row.average_rating:.2f}",
                *(_rate_cell(row.agree_rate(m)) for m in MEASURES),
                report.annual_target if is_total else "",
                report.period_target if is_total else "",
                *_growth_cells(_growth_row(report, row.label, is_total=is_total)),
            ]
        )
    return out.getvalue()
