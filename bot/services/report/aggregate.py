"""The impact report's figures: the facts of a period added up, overall and by slice (pure: no
database, no clock, no output format)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.domain.feedback import Gathering, Measure, crosses_departments, is_small
from bot.domain.growth import weeks_between
from bot.domain.people import normalise
from bot.domain.regions import REGIONS
from bot.services.report.growth import week_label

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from bot.domain.feedback import MeetingFact, PromptFact
    from bot.services.report.growth import Growth

DEFAULT_ANNUAL_TARGET = 30_000
DAYS_A_YEAR = 365

NO_REGION = "Online or no region"
UNKNOWN_ORGANISATION = "Organisation not known"
TOTAL = "Total"


class Breakdown(StrEnum):
    REGION = "region"
    ORGANISATION = "organisation"
    MONTH = "month"
    WEEK = "week"  # by the Monday (UTC) of the week


@dataclass(frozen=True, slots=True)
class ImpactRow:
    """One slice of the report (or the whole of it)."""

    label: str
    attendances: int = 0
    groups_formed: int = 0
    meetings: int = 0
    feedback_answers: int = 0
    # Speed Connect pairs and trios introduced (each introduction is a quality interaction).
    speed_connects: int = 0
    crossing: int = 0  # of the interactions above, those that crossed departments
    asked: int = 0  # people asked for feedback in the period
    responded: int = 0  # of those, how many answered
    rated: int = 0  # answers in the period with a rating
    rating_total: int = 0
    agreed: Mapping[Measure, int] = field(default_factory=dict)
    answered: Mapping[Measure, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return (
            self.attendances
            + self.groups_formed
            + self.meetings
            + self.feedback_answers
            + self.speed_connects
        )

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
    growth: Growth | None = None  # week by week and by region (none: not read)

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def period_target(self) -> int:
        return max(1, round(self.annual_target * self.days / DAYS_A_YEAR))

    @property
    def target_share(self) -> float:
        return self.overall.total / self.period_target


@dataclass
class _Slice:
    attendances: int = 0
    groups_formed: int = 0
    meetings: int = 0
    feedback_answers: int = 0
    speed_connects: int = 0
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
            speed_connects=self.speed_connects,
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
    growth: Growth | None = None,
    speed_connect: Sequence[Gathering] = (),
) -> ImpactReport:
    """Aggregate the facts of a period into the report (pure: no database, no clock)."""
    start, end = period_bounds(since, until)
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
        if by is Breakdown.WEEK:
            return [week_label(at)]
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
    for pair in speed_connect:
        crossed = int(orgs.crosses(pair))

        def introduced(s: _Slice, crossed: int = crossed) -> None:
            s.speed_connects += 1
            s.crossing += crossed

        add(gathering_labels(pair, pair.at), introduced)
    for meeting in meetings:
        crossed = int(orgs.crosses(meeting.group))

        def met(s: _Slice, crossed: int = crossed) -> None:
            s.meetings += 1
            s.crossing += crossed

        add(gathering_labels(meeting.group, meeting.confirmed_at), met)
    for fact in prompts:
        _count_prompt(fact, start, end, by, orgs, names, add)
    if by is Breakdown.WEEK:  # every week of the period, quiet ones too
        for week in weeks_between(since, until):
            slices.setdefault(week.isoformat(), _Slice())
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
        growth=growth,
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
        if by is Breakdown.WEEK:
            return [week_label(at)]
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
    if by in {Breakdown.MONTH, Breakdown.WEEK}:
        return tuple(slices[label].frozen(label) for label in sorted(slices))
    rows = [s.frozen(label) for label, s in slices.items()]
    return tuple(sorted(rows, key=lambda r: (r.label == UNKNOWN_ORGANISATION, -r.total, r.label)))


def period_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """The first instant of `since` and the first after `until`, in UTC."""
    start = datetime.combine(since, time(0), tzinfo=UTC)
    return start, datetime.combine(until + timedelta(days=1), time(0), tzinfo=UTC)
