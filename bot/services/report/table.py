"""The impact report as plain text with aligned columns, for a terminal or an email."""

from __future__ import annotations

import textwrap
from datetime import UTC
from typing import TYPE_CHECKING

from bot.domain.feedback import MEASURES, SMALL_SLICE
from bot.i18n import plural
from bot.services.report.aggregate import Breakdown
from bot.services.report.wording import (
    MEASURE_HEADINGS,
    MEASURE_STATEMENTS,
    day,
    percent,
    rating,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.services.report.aggregate import ImpactReport
    from bot.services.report.growth import Growth, GrowthRow


def _headline(report: ImpactReport) -> list[str]:
    where = f"workspace {report.team_id}" if report.team_id else "all workspaces"
    days = plural("report.days", report.days)
    return [
        f"Period: {day(report.since)} to {day(report.until)} ({days}), {where}",
        f"Quality interactions: {report.overall.total:,} against a target of "
        f"{report.period_target:,} for the period ({report.annual_target:,} a year, pro rata): "
        f"{percent(report.target_share)} of target",
    ]


def _columns(rows: Sequence[Sequence[str]], *, left: int = 1) -> list[str]:
    """Aligned plain-text columns: the first `left` columns to the left, numbers right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.ljust(widths[i]) if i < left else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def as_table(report: ImpactReport) -> str:
    """The report as plain text with aligned columns, for a terminal or an email."""
    total = report.overall
    lines = [
        "Who's Who Locally: impact report",
        *_headline(report),
        f"Generated {report.generated_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC",
        "",
    ]
    lines += _columns(
        [
            ["Event attendances", f"{total.attendances:,}"],
            ["Mentoring groups formed", f"{total.groups_formed:,}"],
            ["Group meetings confirmed", f"{total.meetings:,}"],
            ["Feedback answers", f"{total.feedback_answers:,}"],
            ["Quality interactions", f"{total.total:,}"],
            ["Crossed departments", percent(total.crossing_share)],
            [
                "Feedback response rate",
                f"{percent(total.response_rate)} ({total.responded:,} of {total.asked:,} asked)",
            ],
            ["Average rating (1 to 5)", rating(total.average_rating)],
        ]
    )
    lines += ["", "Agree-rates: of those who answered each statement, how many agreed"]
    lines += _columns(
        [
            [
                f"  {MEASURE_STATEMENTS[m]}",
                percent(total.agree_rate(m)),
                f"of {total.answered.get(m, 0):,}",
            ]
            for m in MEASURES
        ]
    )
    if report.by is not None and report.rows:
        heading = {
            "region": "Region",
            "organisation": "Organisation",
            "month": "Month",
            "week": "Week (from Monday)",
        }[report.by]
        rows = [*report.rows, total]
        lines += ["", f"Quality interactions by {report.by.value}"]
        lines += _columns(
            [
                [heading, "Attended", "Groups", "Meetings", "Answers", "Total", "Crossed"],
                *(
                    [
                        r.label,
                        f"{r.attendances:,}",
                        f"{r.groups_formed:,}",
                        f"{r.meetings:,}",
                        f"{r.feedback_answers:,}",
                        f"{r.total:,}",
                        percent(r.crossing_share),
                    ]
                    for r in rows
                ),
            ]
        )
        lines += ["", f"Feedback by {report.by.value}"]
        lines += _columns(
            [
                [heading, "Asked", "Response", "Rating", *(MEASURE_HEADINGS[m] for m in MEASURES)],
                *(
                    [
                        r.label,
                        f"{r.asked:,}",
                        percent(r.response_rate),
                        rating(r.average_rating),
                        *(percent(r.agree_rate(m)) for m in MEASURES),
                    ]
                    for r in rows
                ),
            ]
        )
    if report.growth is not None:
        lines += _growth(report.growth)
    notes = [
        "A quality interaction is a person attending an event, a mentoring group formed, a "
        "group meeting confirmed by a member, an answer to a feedback question, or a Speed "
        "Connect pair or trio introduced.",
        "Crossed departments: the event's people, or the group's members, came from more than "
        "one organisation (by their profiles).",
        f'"—": fewer than {SMALL_SLICE} answers, too few to show a rate without singling '
        "anyone out.",
    ]
    if report.growth is not None:
        notes += GROWTH_NOTES
    if report.by is Breakdown.ORGANISATION:
        notes.append(
            "A group formed or met counts once for each organisation among its members, so the "
            "organisations add up to more than the total."
        )
    lines += ["", "Notes"]
    lines += [
        textwrap.fill(note, 96, initial_indent="- ", subsequent_indent="  ") for note in notes
    ]
    return "\n".join(lines) + "\n"


GROWTH_NOTES = [
    "Growth: profiles created in the directory; profiles confirmed (saved again, or said to "
    "be still right, after the day they were created; only each profile's latest "
    "confirmation is kept); searches typed in the directory and the share that found someone "
    "(paging through results is not counted again; a place not understood counts under no "
    "region); welcomes sent in linked channels (by the channel's region) and how many of "
    "the people welcomed created a profile after; introductions: mentoring groups "
    "introduced in their own conversation; Speed Connect: pairs and trios formed among an "
    "event's attendees who opted in (by the event's region), each introduced in a group DM.",
]


def _growth_cells(row: GrowthRow) -> list[str]:
    return [
        row.label,
        f"{row.profiles_created:,}",
        f"{row.profiles_confirmed:,}",
        f"{row.searches:,}",
        percent(row.found_share),
        f"{row.welcomes:,}",
        f"{row.welcomes_joined:,}",
        f"{row.introductions:,}",
        f"{row.speed_connect_groups:,}",
    ]


_GROWTH_HEADINGS = [
    "Created",
    "Confirmed",
    "Searches",
    "Found",
    "Welcomed",
    "Then joined",
    "Introductions",
    "Speed Connect",
]


def _growth(growth: Growth) -> list[str]:
    """Growth: the totals, then week by week and by region."""
    total = growth.total
    lines = ["", "Growth of the directory and introductions"]
    lines += _columns(
        [
            ["Profiles created", f"{total.profiles_created:,}"],
            ["Profiles confirmed", f"{total.profiles_confirmed:,}"],
            [
                "Searches",
                f"{total.searches:,} ({percent(total.found_share)} found someone)",
            ],
            [
                "Welcomes sent",
                f"{total.welcomes:,} ({total.welcomes_joined:,} then created a profile: "
                f"{percent(total.joined_share)})",
            ],
            ["Introductions (mentoring groups)", f"{total.introductions:,}"],
            ["Speed Connect groups formed", f"{total.speed_connect_groups:,}"],
        ]
    )
    lines += ["", "Growth week by week (weeks from Monday, UTC)"]
    lines += _columns(
        [
            ["Week", *_GROWTH_HEADINGS],
            *(_growth_cells(row) for row in (*growth.weeks, total)),
        ]
    )
    lines += ["", "Growth by region"]
    lines += _columns(
        [
            ["Region", *_GROWTH_HEADINGS],
            *(_growth_cells(row) for row in (*growth.regions, total)),
        ]
    )
    return lines
