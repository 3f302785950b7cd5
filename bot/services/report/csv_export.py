"""The impact report as CSV, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from bot.domain.feedback import MEASURES

if TYPE_CHECKING:
    from bot.services.report.aggregate import ImpactReport

# Spreadsheet programs run cells that start with these as formulas: keep them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _rate_cell(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def as_csv(report: ImpactReport) -> str:
    """One row per slice and a last row for the total, for a spreadsheet. Rates are
    fractions (0.625), empty where too few answered to show one."""
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
            ]
        )
    return out.getvalue()
