"""The impact report: what the programme achieved in a period, readable with no other tool.

It counts *quality interactions* — people attending events, mentoring groups formed, group
meetings confirmed, and feedback answers — and says how many crossed departments (an event
whose people came from more than one organisation, a group whose members did), how people
rated what they took part in against the programme's basket of measures, and how many
answered when asked. Everything can be broken down by region, organisation or month, and is
set against the programme's annual target, pro rata for the period.

`ReportService.impact` reads the facts through the repository and `build_report` aggregates
them (a pure function); `as_table`, `as_csv` and `as_png` turn the result into what a programme
manager reads. Rates over fewer than SMALL_SLICE answers are not shown, as in the organisers'
summaries. Dates are UTC days; `until` is included.
"""

from __future__ import annotations

import csv
import io
import math
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot.domain.feedback import (
    MEASURES,
    SMALL_SLICE,
    Gathering,
    Measure,
    crosses_departments,
    is_small,
)
from bot.domain.people import normalise
from bot.domain.regions import REGIONS
from bot.i18n import plural

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from bot.clock import Clock
    from bot.domain.feedback import MeetingFact, PromptFact
    from bot.domain.ports import UnitOfWorkFactory

DEFAULT_ANNUAL_TARGET = 30_000
DAYS_A_YEAR = 365
CHART_SLICES = 20  # bars in the chart; the rest are added up as "Everything else"

# Spreadsheet programs run cells that start with these as formulas: keep them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The report's words (it is read in a terminal, a spreadsheet or as a picture).
MEASURE_STATEMENTS: dict[Measure, str] = {
    Measure.LEARNED: "I learned something I will put into practice",
    Measure.DEVELOPED: "I developed personally or professionally",
    Measure.EQUIPPED: "I am better equipped with skills, tools or knowledge",
    Measure.PUBLIC_SECTOR: "I know more about the public sector where I work",
    Measure.MOBILITY: "I am more likely to move between departments or progress",
}
MEASURE_HEADINGS: dict[Measure, str] = {
    Measure.LEARNED: "Learned",
    Measure.DEVELOPED: "Developed",
    Measure.EQUIPPED: "Equipped",
    Measure.PUBLIC_SECTOR: "Public sector",
    Measure.MOBILITY: "Mobility",
}
NO_REGION = "Online or no region"
UNKNOWN_ORGANISATION = "Organisation not known"
TOTAL = "Total"
EVERYTHING_ELSE = "Everything else"
PNG_EXTRA_HINT = (
    "The PNG chart needs the optional 'report' extra (it adds the Pillow imaging library). "
    "Install it with:  pip install 'whoswho-locally[report]'  (or: pip install pillow), "
    "or choose --format table or --format csv."
)


def safe_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


class Breakdown(StrEnum):
    REGION = "region"
    ORGANISATION = "organisation"
    MONTH = "month"


class ChartUnavailableError(RuntimeError):
    """The PNG needs a library that is not installed; the message says how to install it."""


@dataclass(frozen=True, slots=True)
class ImpactRow:
    """One slice of the report (or the whole of it)."""

    label: str
    attendances: int = 0
    groups_formed: int = 0
    meetings: int = 0
    feedback_answers: int = 0
    crossing: int = 0  # of the interactions above, those that crossed departments
    asked: int = 0  # people asked for feedback in the period
    responded: int = 0  # of those, how many answered
    rated: int = 0  # answers in the period with a rating
    rating_total: int = 0
    agreed: Mapping[Measure, int] = field(default_factory=dict)
    answered: Mapping[Measure, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.attendances + self.groups_formed + self.meetings + self.feedback_answers

    @property
    def crossing_share(self) -> float | None:
        return self.crossing / self.total if self.total else None

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.asked if self.asked else None

    @property
    def average_rating(self) -> float | None:
        return None if is_small(self.rated) else self.rating_total / self.rated

    def agree_rate(self, measure: Measure) -> float | None:
        answered = self.answered.get(measure, 0)
        return None if is_small(answered) else self.agreed.get(measure, 0) / answered


@dataclass(frozen=True, slots=True)
class ImpactReport:
    since: date
    until: date  # included
    by: Breakdown | None
    team_id: str | None  # None: every workspace in the database
    overall: ImpactRow
    rows: tuple[ImpactRow, ...]  # one per slice when broken down
    annual_target: int
    generated_at: datetime

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def period_target(self) -> int:
        return max(1, round(self.annual_target * self.days / DAYS_A_YEAR))

    @property
    def target_share(self) -> float:
        return self.overall.total / self.period_target


# Aggregation -----------------------------------------------------------------------------------


@dataclass
class _Slice:
    attendances: int = 0
    groups_formed: int = 0
    meetings: int = 0
    feedback_answers: int = 0
    crossing: int = 0
    asked: int = 0
    responded: int = 0
    rated: int = 0
    rating_total: int = 0
    agreed: Counter[Measure] = field(default_factory=Counter)
    answered: Counter[Measure] = field(default_factory=Counter)

    def frozen(self, label: str) -> ImpactRow:
        return ImpactRow(
            label=label,
            attendances=self.attendances,
            groups_formed=self.groups_formed,
            meetings=self.meetings,
            feedback_answers=self.feedback_answers,
            crossing=self.crossing,
            asked=self.asked,
            responded=self.responded,
            rated=self.rated,
            rating_total=self.rating_total,
            agreed=dict(self.agreed),
            answered=dict(self.answered),
        )


class _Organisations:
    """Each person's organisation, spelled as most people in it spell it."""

    def __init__(self, organisations: Mapping[tuple[str, str], str]) -> None:
        self._of = {person: normalise(org) for person, org in organisations.items() if org.strip()}
        spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for person, org in organisations.items():
            if org.strip():
                spellings[self._of[person]][org.strip()] += 1
        self._label = {
            key: min(counts, key=lambda s: (-counts[s], s)) for key, counts in spellings.items()
        }

    def key(self, team_id: str, user_id: str | None) -> str | None:
        return self._of.get((team_id, user_id)) if user_id else None

    def label(self, key: str | None) -> str:
        return self._label.get(key, UNKNOWN_ORGANISATION) if key else UNKNOWN_ORGANISATION

    def crosses(self, gathering: Gathering) -> bool:
        return crosses_departments(self.key(gathering.team_id, p) for p in gathering.people)

    def labels_of(self, gathering: Gathering) -> list[str]:
        keys = {self.key(gathering.team_id, p) for p in gathering.people}
        return sorted({self.label(k) for k in keys}) or [UNKNOWN_ORGANISATION]


def _region_label(code: str | None, names: Mapping[str, str]) -> str:
    return names.get(code, NO_REGION) if code else NO_REGION


def _month(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def build_report(
    *,
    since: date,
    until: date,
    by: Breakdown | None,
    team_id: str | None,
    events: Sequence[Gathering],
    groups: Sequence[Gathering],
    meetings: Sequence[MeetingFact],
    prompts: Sequence[PromptFact],
    organisations: Mapping[tuple[str, str], str],
    annual_target: int = DEFAULT_ANNUAL_TARGET,
    generated_at: datetime,
) -> ImpactReport:
    """Aggregate the facts of a period into the report (pure: no database, no clock)."""
    start, end = _bounds(since, until)
    orgs = _Organisations(organisations)
    names = {region.code: region.name for region in REGIONS}
    overall = _Slice()
    slices: defaultdict[str, _Slice] = defaultdict(_Slice)

    def add(labels: Iterable[str], apply: Callable[[_Slice], None]) -> None:
        apply(overall)
        if by is not None:
            for label in labels:
                apply(slices[label])

    def gathering_labels(gathering: Gathering, at: datetime) -> list[str]:
        if by is Breakdown.REGION:
            return [_region_label(gathering.region_code, names)]
        if by is Breakdown.MONTH:
            return [_month(at)]
        return orgs.labels_of(gathering)

    for event in events:
        crossed = int(orgs.crosses(event))
        for person in event.people:
            if by is Breakdown.ORGANISATION:
                labels = [orgs.label(orgs.key(event.team_id, person))]
            else:
                labels = gathering_labels(event, event.at)

            def attend(s: _Slice, crossed: int = crossed) -> None:
                s.attendances += 1
                s.crossing += crossed

            add(labels, attend)
    for group in groups:
        crossed = int(orgs.crosses(group))

        def formed(s: _Slice, crossed: int = crossed) -> None:
            s.groups_formed += 1
            s.crossing += crossed

        add(gathering_labels(group, group.at), formed)
    for meeting in meetings:
        crossed = int(orgs.crosses(meeting.group))

        def met(s: _Slice, crossed: int = crossed) -> None:
            s.meetings += 1
            s.crossing += crossed

        add(gathering_labels(meeting.group, meeting.confirmed_at), met)
    for fact in prompts:
        _count_prompt(fact, start, end, by, orgs, names, add)
    rows = _ordered(slices, by, names)
    return ImpactReport(
        since=since,
        until=until,
        by=by,
        team_id=team_id,
        overall=overall.frozen(TOTAL),
        rows=rows,
        annual_target=annual_target,
        generated_at=generated_at,
    )


def _count_prompt(
    fact: PromptFact,
    start: datetime,
    end: datetime,
    by: Breakdown | None,
    orgs: _Organisations,
    names: Mapping[str, str],
    add: Callable[[Iterable[str], Callable[[_Slice], None]], None],
) -> None:
    def labels(at: datetime) -> list[str]:
        if by is Breakdown.REGION:
            return [_region_label(fact.subject.region_code, names)]
        if by is Breakdown.MONTH:
            return [_month(at)]
        return [orgs.label(orgs.key(fact.team_id, fact.user_id))]

    if start <= fact.asked_at < end:
        answered = int(fact.answered_at is not None)

        def asked(s: _Slice) -> None:
            s.asked += 1
            s.responded += answered

        add(labels(fact.asked_at), asked)
    if fact.answered_at is not None and start <= fact.answered_at < end:
        crossed = int(orgs.crosses(fact.subject))

        def answer(s: _Slice) -> None:
            s.feedback_answers += 1
            s.crossing += crossed
            if fact.rating is not None:
                s.rated += 1
                s.rating_total += fact.rating
            for measure, agreed in fact.measures.items():
                s.answered[measure] += 1
                s.agreed[measure] += int(agreed)

        add(labels(fact.answered_at), answer)


def _ordered(
    slices: Mapping[str, _Slice], by: Breakdown | None, names: Mapping[str, str]
) -> tuple[ImpactRow, ...]:
    if by is None:
        return ()
    if by is Breakdown.REGION:
        order = [*names.values(), NO_REGION]
        labels = [label for label in order if label in slices or label != NO_REGION]
        return tuple((slices.get(label) or _Slice()).frozen(label) for label in labels)
    if by is Breakdown.MONTH:
        return tuple(slices[label].frozen(label) for label in sorted(slices))
    rows = [s.frozen(label) for label, s in slices.items()]
    return tuple(sorted(rows, key=lambda r: (r.label == UNKNOWN_ORGANISATION, -r.total, r.label)))


def _bounds(since: date, until: date) -> tuple[datetime, datetime]:
    start = datetime.combine(since, time(0), tzinfo=UTC)
    return start, datetime.combine(until + timedelta(days=1), time(0), tzinfo=UTC)


class ReportService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        annual_target: int = DEFAULT_ANNUAL_TARGET,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._target = annual_target

    def impact(
        self,
        *,
        since: date,
        until: date | None = None,
        by: Breakdown | None = None,
        team_id: str | None = None,
    ) -> ImpactReport:
        """The report for the UTC days `since` to `until` (included; default today), of one
        workspace or (None) every workspace in the database."""
        now = self._clock.now()
        until = until or now.astimezone(UTC).date()
        if until < since:
            raise ValueError("the report's end comes before its start")
        start, end = _bounds(since, until)
        happened = min(end, now)  # an event counts once it has ended
        with self._uow() as uow:
            repo = uow.feedback
            events = (
                repo.report_events(team_id, start=start, end=happened) if happened > start else []
            )
            groups = repo.report_groups(team_id, start=start, end=end)
            meetings = repo.report_meetings(team_id, start=start, end=end)
            prompts = repo.report_prompts(team_id, start=start, end=end)
            organisations = repo.report_organisations(team_id)
        return build_report(
            since=since,
            until=until,
            by=by,
            team_id=team_id,
            events=events,
            groups=groups,
            meetings=meetings,
            prompts=prompts,
            organisations=organisations,
            annual_target=self._target,
            generated_at=now,
        )


# Formats ---------------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    if value is None:
        return "—"
    if 0 < value < 0.005:
        return "<1%"
    return f"{value:.0%}"


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _headline(report: ImpactReport) -> list[str]:
    where = f"workspace {report.team_id}" if report.team_id else "all workspaces"
    days = plural("report.days", report.days)
    return [
        f"Period: {_day(report.since)} to {_day(report.until)} ({days}), {where}",
        f"Quality interactions: {report.overall.total:,} against a target of "
        f"{report.period_target:,} for the period ({report.annual_target:,} a year, pro rata): "
        f"{_percent(report.target_share)} of target",
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
            ["Crossed departments", _percent(total.crossing_share)],
            [
                "Feedback response rate",
                f"{_percent(total.response_rate)} ({total.responded:,} of {total.asked:,} asked)",
            ],
            ["Average rating (1 to 5)", _rating(total.average_rating)],
        ]
    )
    lines += ["", "Agree-rates: of those who answered each statement, how many agreed"]
    lines += _columns(
        [
            [
                f"  {MEASURE_STATEMENTS[m]}",
                _percent(total.agree_rate(m)),
                f"of {total.answered.get(m, 0):,}",
            ]
            for m in MEASURES
        ]
    )
    if report.by is not None and report.rows:
        heading = {"region": "Region", "organisation": "Organisation", "month": "Month"}[report.by]
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
                        _percent(r.crossing_share),
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
                        _percent(r.response_rate),
                        _rating(r.average_rating),
                        *(_percent(r.agree_rate(m)) for m in MEASURES),
                    ]
                    for r in rows
                ),
            ]
        )
    notes = [
        "A quality interaction is a person attending an event, a mentoring group formed, a "
        "group meeting confirmed by a member, or an answer to a feedback question.",
        "Crossed departments: the event's people, or the group's members, came from more than "
        "one organisation (by their profiles).",
        f'"—": fewer than {SMALL_SLICE} answers, too few to show a rate without singling '
        "anyone out.",
    ]
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


def _rating(value: float | None) -> str:
    # Half up, as people round (4.25 is 4.3), not as binary floating point does.
    return "—" if value is None else f"{math.floor(value * 10 + 0.5) / 10:.1f}"


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
            rest = _Slice()
            for row in rows[CHART_SLICES - 1 :]:
                rest.attendances += row.attendances
                rest.groups_formed += row.groups_formed
                rest.meetings += row.meetings
                rest.feedback_answers += row.feedback_answers
            rows = [*rows[: CHART_SLICES - 1], rest.frozen(EVERYTHING_ELSE)]
        if report.by is None:
            total = report.overall
            rows = [
                ImpactRow(name, attendances=count)
                for (name, _), count in zip(_KINDS, _parts(total), strict=True)
            ]
        self.rows = rows

    def height(self) -> int:
        return 350 + _ROW * (len(self.rows) + len(MEASURES))

    def draw(self, draw: Any, fonts: Mapping[int, Any]) -> None:
        report = self.report
        total = report.overall
        y = _MARGIN
        title = f"Quality interactions, {_day(report.since)} to {_day(report.until)}"
        draw.text((_MARGIN, y), title, fill=_INK, font=fonts[30])
        y += 46
        where = f"Workspace {report.team_id}" if report.team_id else "All workspaces"
        detail = (
            f"{where}. {_percent(total.crossing_share)} crossed departments. "
            f"Feedback response rate {_percent(total.response_rate)}; "
            f"average rating {_rating(total.average_rating)} out of 5."
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
        draw.text(
            (_MARGIN, y),
            f"{total.total:,} of a target of {report.period_target:,} for "
            f"{plural('report.days', report.days)} ({_percent(report.target_share)}; "
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
        self._rates(draw, fonts, y)

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

    def _rates(self, draw: Any, fonts: Mapping[int, Any], y: int) -> None:
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
