"""The impact report as a PNG bar chart, drawn with Pillow (an optional dependency: the
'report' extra)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from bot.domain.feedback import MEASURES
from bot.i18n import plural
from bot.services.report.aggregate import Breakdown, ImpactRow
from bot.services.report.wording import MEASURE_STATEMENTS, day, percent, rating

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from bot.services.report.aggregate import ImpactReport
    from bot.services.report.growth import Growth

CHART_SLICES = 20  # bars in the chart; the rest are added up as "Everything else"
EVERYTHING_ELSE = "Everything else"
PNG_EXTRA_HINT = (
    "The PNG chart needs the optional 'report' extra (it adds the Pillow imaging library). "
    "Install it with:  pip install 'whoswho-locally[report]'  (or: pip install pillow), "
    "or choose --format table or --format csv."
)


class ChartUnavailableError(RuntimeError):
    """The PNG needs a library that is not installed; the message says how to install it."""


def as_png(report: ImpactReport) -> bytes:
    """A bar chart of the report as a PNG image: progress against the target, interactions by
    kind (stacked, per slice when broken down) and the agree-rates. ChartUnavailableError,
    saying how to install it, when the optional imaging library is missing."""
    try:
        from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415 - an optional dependency
    except ImportError as error:
        raise ChartUnavailableError(PNG_EXTRA_HINT) from error
    try:
        fonts = {size: ImageFont.load_default(size=size) for size in (30, 20, 17)}
    except (AttributeError, TypeError, ImportError) as error:  # a Pillow without FreeType
        raise ChartUnavailableError(PNG_EXTRA_HINT) from error
    chart = _Chart(report)
    image = Image.new("RGB", (CHART_WIDTH, chart.height()), "white")
    chart.draw(ImageDraw.Draw(image), fonts)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


CHART_WIDTH = 1400
_MARGIN = 40
_ROW = 30
_BAR = 20
_GROWTH_HEAD = 84  # the growth panel's gap, heading and totals line, above its rows
_INK = (11, 12, 12)
_GREY = (80, 90, 95)
_LIGHT = (222, 224, 226)
# Okabe and Ito's palette: told apart by people with any common colour-vision deficiency.
_KINDS: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("Event attendances", (0, 114, 178)),
    ("Groups formed", (230, 159, 0)),
    ("Meetings confirmed", (0, 158, 115)),
    ("Feedback answers", (204, 121, 167)),
)


def _parts(row: ImpactRow) -> tuple[int, int, int, int]:
    return (row.attendances, row.groups_formed, row.meetings, row.feedback_answers)


class _Chart:
    """Lays out and draws the PNG (Pillow's drawing calls, typed loosely to keep Pillow an
    optional import)."""

    def __init__(self, report: ImpactReport) -> None:
        self.report = report
        rows = list(report.rows)
        if report.by is Breakdown.ORGANISATION and len(rows) > CHART_SLICES:
            others = rows[CHART_SLICES - 1 :]
            rest = ImpactRow(
                EVERYTHING_ELSE,
                attendances=sum(row.attendances for row in others),
                groups_formed=sum(row.groups_formed for row in others),
                meetings=sum(row.meetings for row in others),
                feedback_answers=sum(row.feedback_answers for row in others),
            )
            rows = [*rows[: CHART_SLICES - 1], rest]
        if report.by is None:
            total = report.overall
            rows = [
                ImpactRow(name, attendances=count)
                for (name, _), count in zip(_KINDS, _parts(total), strict=True)
            ]
        self.rows = rows

    def height(self) -> int:
        growth = (
            0 if self.report.growth is None else _GROWTH_HEAD + _ROW * len(self.report.growth.weeks)
        )
        return 350 + _ROW * (len(self.rows) + len(MEASURES)) + growth

    def draw(self, draw: Any, fonts: Mapping[int, Any]) -> None:
        report = self.report
        total = report.overall
        y = _MARGIN
        title = f"Quality interactions, {day(report.since)} to {day(report.until)}"
        draw.text((_MARGIN, y), title, fill=_INK, font=fonts[30])
        y += 46
        where = f"Workspace {report.team_id}" if report.team_id else "All workspaces"
        detail = (
            f"{where}. {percent(total.crossing_share)} crossed departments. "
            f"Feedback response rate {percent(total.response_rate)}; "
            f"average rating {rating(total.average_rating)} out of 5."
        )
        draw.text((_MARGIN, y), detail, fill=_GREY, font=fonts[20])
        y += 44
        # Progress against the target for the period.
        left, right = _MARGIN, CHART_WIDTH - _MARGIN
        share = min(1.0, report.target_share)
        draw.rectangle((left, y, right, y + 34), fill=_LIGHT)
        if share > 0:
            draw.rectangle(
                (left, y, left + max(2, round((right - left) * share)), y + 34), fill=_KINDS[0][1]
            )
        y += 42
        days = plural("report.days", report.days)
        draw.text(
            (_MARGIN, y),
            f"{total.total:,} of a target of {report.period_target:,} for "
            f"{days} ({percent(report.target_share)}; "
            f"{report.annual_target:,} a year)",
            fill=_INK,
            font=fonts[20],
        )
        y += 48
        heading = f"By {report.by.value}" if report.by else "By kind"
        draw.text((_MARGIN, y), heading, fill=_INK, font=fonts[20])
        x = _MARGIN + 220
        for name, colour in _KINDS:
            draw.rectangle((x, y + 4, x + 16, y + 20), fill=colour)
            draw.text((x + 24, y + 1), name, fill=_GREY, font=fonts[17])
            x += 36 + round(draw.textlength(name, font=fonts[17]))
        y += 40
        y = self._bars(draw, fonts, y)
        y += 24
        draw.text(
            (_MARGIN, y),
            "Agree-rates: of those who answered each statement, how many agreed",
            fill=_INK,
            font=fonts[20],
        )
        y += 36
        y = self._rates(draw, fonts, y)
        if report.growth is not None:
            self._growth(draw, fonts, y + 24, report.growth)

    def _label_width(self, draw: Any, font: Any, labels: Iterable[str]) -> int:
        widest = max(float(draw.textlength(label, font=font)) for label in labels)
        return min(440, round(widest) + 16)

    @staticmethod
    def _fit(draw: Any, font: Any, text: str, width: int) -> str:
        if draw.textlength(text, font=font) <= width:
            return text
        while text and draw.textlength(text + "…", font=font) > width:
            text = text[:-1]
        return text + "…"

    def _bars(self, draw: Any, fonts: Mapping[int, Any], y: int) -> int:
        font = fonts[17]
        label_w = self._label_width(draw, font, (r.label for r in self.rows))
        x0 = _MARGIN + label_w
        x1 = CHART_WIDTH - _MARGIN - 110
        biggest = max([r.total for r in self.rows] + [1])
        for row in self.rows:
            draw.text(
                (_MARGIN, y + 1),
                self._fit(draw, font, row.label, label_w - 16),
                fill=_INK,
                font=font,
            )
            x = float(x0)
            if self.report.by is None:
                colours = [c for name, c in _KINDS if name == row.label] or [_KINDS[0][1]]
                segments = [(row.total, colours[0])]
            else:
                segments = [(n, c) for n, (_, c) in zip(_parts(row), _KINDS, strict=True)]
            for count, colour in segments:
                width = (x1 - x0) * count / biggest
                if count:
                    draw.rectangle(
                        (round(x), y + 2, round(x + max(width, 1)), y + 2 + _BAR), fill=colour
                    )
                x += width
            draw.text((round(x) + 8, y + 1), f"{row.total:,}", fill=_GREY, font=font)
            y += _ROW
        return y

    def _rates(self, draw: Any, fonts: Mapping[int, Any], y: int) -> int:
        font = fonts[17]
        total = self.report.overall
        labels = [MEASURE_STATEMENTS[m] for m in MEASURES]
        label_w = min(620, round(max(float(draw.textlength(t, font=font)) for t in labels)) + 26)
        x0 = _MARGIN + label_w
        x1 = CHART_WIDTH - _MARGIN - 230
        for measure, label in zip(MEASURES, labels, strict=True):
            draw.text(
                (_MARGIN, y + 1), self._fit(draw, font, label, label_w - 16), fill=_INK, font=font
            )
            draw.rectangle((x0, y + 2, x1, y + 2 + _BAR), fill=_LIGHT)
            rate = total.agree_rate(measure)
            answered = total.answered.get(measure, 0)
            if rate is None:
                note = f"too few answers ({answered})"
            else:
                if rate > 0:
                    draw.rectangle(
                        (x0, y + 2, x0 + max(1, round((x1 - x0) * rate)), y + 2 + _BAR),
                        fill=_KINDS[2][1],
                    )
                note = f"{rate:.0%} of {answered:,}"
            draw.text((x1 + 10, y + 1), note, fill=_GREY, font=font)
            y += _ROW
        return y

    def _growth(self, draw: Any, fonts: Mapping[int, Any], y: int, growth: Growth) -> None:
        """Week by week: profiles created as bars, with the week's other growth beside."""
        font = fonts[17]
        total = growth.total
        draw.text(
            (_MARGIN, y),
            "Growth week by week: profiles created (bars), searches, welcomes, introductions",
            fill=_INK,
            font=fonts[20],
        )
        y += 30
        draw.text(
            (_MARGIN, y),
            f"{total.profiles_created:,} profiles created, {total.profiles_confirmed:,} "
            f"confirmed; {total.searches:,} searches ({percent(total.found_share)} found "
            f"someone); {total.welcomes:,} welcomes ({total.welcomes_joined:,} then created a "
            f"profile); {total.introductions:,} introductions",
            fill=_GREY,
            font=font,
        )
        y += _GROWTH_HEAD - 30 - 24
        x0 = _MARGIN + 130
        x1 = x0 + 420
        biggest = max([row.profiles_created for row in growth.weeks] + [1])
        for row in growth.weeks:
            draw.text((_MARGIN, y + 1), row.label, fill=_INK, font=font)
            if row.profiles_created:
                width = max(1, round((x1 - x0) * row.profiles_created / biggest))
                draw.rectangle((x0, y + 2, x0 + width, y + 2 + _BAR), fill=_KINDS[0][1])
            note = (
                f"{row.profiles_created:,} created · {row.searches:,} searches "
                f"({percent(row.found_share)} found) · {row.welcomes:,} welcomed · "
                f"{row.introductions:,} introduced"
            )
            draw.text((x1 + 16, y + 1), note, fill=_GREY, font=font)
            y += _ROW
