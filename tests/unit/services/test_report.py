"""The impact report: the aggregation on its own (pure), then over a real database, then the
table, CSV and PNG a programme manager reads."""

from __future__ import annotations

import csv
import io
import struct
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.events import EventDraft, EventMode
from bot.domain.feedback import (
    DetailsDraft,
    Gathering,
    Measure,
    MeetingFact,
    PromptFact,
    SubjectKind,
    Timing,
)
from bot.domain.mentoring_programme import CheckInAnswer, SignUpDraft
from bot.domain.people import ProfileDraft
from bot.services.directory import DirectoryService
from bot.services.events import EventService
from bot.services.feedback import FeedbackService
from bot.services.mentoring import MentoringService
from bot.services.report.aggregate import (
    NO_REGION,
    TOTAL,
    UNKNOWN_ORGANISATION,
    Breakdown,
    ImpactRow,
    build_report,
)
from bot.services.report.chart import PNG_EXTRA_HINT, ChartUnavailableError, as_png
from bot.services.report.csv_export import as_csv
from bot.services.report.service import ReportService
from bot.services.report.table import as_table
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory

T = "T0001"
AT = datetime(2026, 5, 14, 12, 0, tzinfo=UTC)
GENERATED = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
ORGS = {
    (T, "UA"): "HM Revenue and Customs",
    (T, "UB"): "Home Office",
    (T, "UC"): "hm revenue and customs ",
    (T, "UD"): "HM Revenue and Customs",
}


def event(i: int, people: tuple[str, ...], region: str | None = "TLE", at: datetime = AT):
    return Gathering(T, SubjectKind.EVENT, i, region, at, people)


def group(i: int, people: tuple[str, ...], region: str | None = "TLI", at: datetime = AT):
    return Gathering(T, SubjectKind.MENTORING_GROUP, i, region, at, people)


def answer(user, subject, *, rating=None, measures=None, asked=AT, answered=AT):
    return PromptFact(T, subject, user, asked, answered, rating, measures or {})


def report(**facts):
    values = {
        "since": date(2026, 4, 1),
        "until": date(2026, 6, 30),
        "by": None,
        "team_id": None,
        "events": [],
        "groups": [],
        "meetings": [],
        "prompts": [],
        "organisations": ORGS,
        "generated_at": GENERATED,
    }
    values.update(facts)
    return build_report(**values)


# The aggregation ------------------------------------------------------------------------------


def test_quality_interactions_add_up_and_crossing_follows_organisations():
    crossing = event(1, ("UA", "UB"))  # two organisations
    same = event(2, ("UA", "UC", "UD"))  # one organisation, spelled two ways
    mixed_group = group(3, ("UA", "UB", "UX"))
    found = report(
        events=[crossing, same],
        groups=[mixed_group],
        meetings=[MeetingFact(mixed_group, 1, AT), MeetingFact(mixed_group, 2, AT)],
        prompts=[answer("UA", crossing, rating=4), answer("UC", same, rating=5)],
    )
    total = found.overall
    assert (total.attendances, total.groups_formed, total.meetings, total.feedback_answers) == (
        5,
        1,
        2,
        2,
    )
    assert total.total == 10
    # The crossing event's 2 attendances and 1 answer, the group and its 2 meetings.
    assert total.crossing == 6
    assert total.crossing_share == pytest.approx(0.6)
    assert found.rows == ()
    assert total.label == TOTAL


def test_the_target_is_pro_rata_for_the_period():
    found = report(since=date(2026, 1, 1), until=date(2026, 12, 31), annual_target=30_000)
    assert found.days == 365
    assert found.period_target == 30_000
    quarter = report(since=date(2026, 4, 1), until=date(2026, 6, 30), annual_target=36_500)
    assert quarter.days == 91
    assert quarter.period_target == 9_100
    assert quarter.target_share == 0


def test_response_rates_count_those_asked_in_the_period_and_agree_rates_need_three():
    subject = event(1, ("UA", "UB", "UC", "UD"))
    before = AT - timedelta(days=90)  # asked before the period, answered in it
    prompts = [
        answer("UA", subject, rating=5, measures={Measure.LEARNED: True}),
        answer("UB", subject, rating=4, measures={Measure.LEARNED: True}),
        answer("UC", subject, rating=2, measures={Measure.LEARNED: False, Measure.MOBILITY: True}),
        answer("UD", subject, answered=None),
        answer("UX", subject, rating=3, asked=before),
    ]
    total = report(events=[subject], prompts=prompts).overall
    assert (total.asked, total.responded) == (4, 3)
    assert total.response_rate == 0.75
    assert total.feedback_answers == 4
    assert total.average_rating == pytest.approx(3.5)
    assert total.agree_rate(Measure.LEARNED) == pytest.approx(2 / 3)
    assert total.agree_rate(Measure.MOBILITY) is None  # one answer: too few to show


def test_by_region_lists_every_region_in_order_and_groups_with_none_apart():
    found = report(
        by=Breakdown.REGION,
        events=[event(1, ("UA",), region="TLI")],
        groups=[group(2, ("UB", "UC"), region=None)],
    )
    labels = [row.label for row in found.rows]
    assert labels[0] == "North East"
    assert labels[-1] == NO_REGION
    assert len(labels) == 13
    rows = {row.label: row for row in found.rows}
    assert rows["London"].attendances == 1
    assert rows[NO_REGION].groups_formed == 1
    assert rows["Wales"].total == 0


def test_by_organisation_counts_a_group_once_for_each_organisation_in_it():
    shared = group(1, ("UA", "UB", "UC"))
    found = report(
        by=Breakdown.ORGANISATION,
        events=[event(2, ("UA", "UD", "UX"))],
        groups=[shared],
        prompts=[answer(None, shared, rating=4)],  # an erased person's answer
    )
    rows = {row.label: row for row in found.rows}
    assert set(rows) == {"HM Revenue and Customs", "Home Office", UNKNOWN_ORGANISATION}
    assert rows["HM Revenue and Customs"].attendances == 2
    assert rows["HM Revenue and Customs"].groups_formed == 1
    assert rows["Home Office"].groups_formed == 1
    assert rows[UNKNOWN_ORGANISATION].attendances == 1
    assert rows[UNKNOWN_ORGANISATION].feedback_answers == 1
    assert found.overall.groups_formed == 1
    assert [row.label for row in found.rows][-1] == UNKNOWN_ORGANISATION


def test_by_month_is_in_order_of_time():
    found = report(
        by=Breakdown.MONTH,
        events=[event(1, ("UA",), at=AT.replace(month=6)), event(2, ("UB",), at=AT)],
    )
    assert [(r.label, r.attendances) for r in found.rows] == [("2026-05", 1), ("2026-06", 1)]


# Over a database ------------------------------------------------------------------------------


class Admins:
    def is_admin(self, team_id: str, user_id: str) -> bool:
        return False


def test_the_report_reads_events_groups_meetings_and_answers_from_storage(engine, gazetteer, clock):
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
    directory = DirectoryService(uow_factory, gazetteer, clock)
    events = EventService(uow_factory, gazetteer, clock, Admins(), organisers=["UORG"])
    mentoring = MentoringService(
        uow_factory, gazetteer, clock, Admins(), organisers=["UORG"], worker_id="test"
    )
    feedback = FeedbackService(uow_factory, clock, Admins(), timing=Timing())
    leeds = gazetteer.read_query("Leeds").place
    cardiff = gazetteer.read_query("Cardiff").place
    orgs = ["HM Revenue and Customs", "Home Office", "Welsh Government"]
    for i, user in enumerate(["UA", "UB", "UC"]):
        directory.save_profile(
            T, user, ProfileDraft(place_id=leeds.id, organisation=orgs[i], job_title="Analyst")
        )
        mentoring.save_signup(T, user, SignUpDraft("peer", "data", "either", 3, 4, "monthly"))
    start = clock.now() + timedelta(days=1)

    def new_event(title: str, place_id: int) -> int:
        draft = EventDraft(
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            mode=EventMode.IN_PERSON,
            venue="Hall",
            place_id=place_id,
        )
        return events.create_event(T, "UORG", draft).event.id

    leeds_event = new_event("Leeds meet-up", leeds.id)
    cardiff_event = new_event("Cardiff meet-up", cardiff.id)
    cancelled = new_event("Called off", leeds.id)
    for user in ("UA", "UB", "UC"):
        events.rsvp(T, leeds_event, user, going=True)
        events.rsvp(T, cancelled, user, going=True)
    events.rsvp(T, cardiff_event, "UA", going=True)
    events.cancel_event(T, "UORG", cancelled)
    group = mentoring.match(T, "UORG").groups[0]
    clock.advance(days=14)
    mentoring.tick()
    mentoring.answer_checkin(T, "UA", group.id, 1, CheckInAnswer.MET)
    mentoring.answer_checkin(T, "UB", group.id, 1, CheckInAnswer.MET)  # the same meeting
    feedback.tick()  # the events ended long ago by now: outside the window, nobody asked
    clock.set(start + timedelta(hours=3))
    clock.advance(days=14)
    # Another event, this time asked about.
    start = clock.now() + timedelta(days=1)
    late = new_event("Leeds evening", leeds.id)
    for user in ("UA", "UB", "UC"):
        events.rsvp(T, late, user, going=True)
    clock.set(start + timedelta(hours=3))
    feedback.tick()
    with uow_factory() as uow:
        from bot.domain.feedback import Subject

        ids = {u: uow.feedback.prompt_of(T, Subject.event(late), u).id for u in ("UA", "UB")}
    feedback.submit_details(
        T, "UA", ids["UA"], DetailsDraft(measures={"learned": "agree"}, rating=5)
    )
    feedback.rate(T, "UB", ids["UB"], 3)

    service = ReportService(uow_factory, clock, annual_target=365)
    found = service.impact(since=date(2026, 1, 1), by=Breakdown.REGION)
    total = found.overall
    assert total.attendances == 7  # 3 + 1 + 3, the cancelled event not at all
    assert total.groups_formed == 1
    assert total.meetings == 1
    assert total.feedback_answers == 2
    assert (total.asked, total.responded) == (3, 2)
    # Both Leeds events, the group, its meeting and the answers; Cardiff's one person did not.
    assert total.crossing == 3 + 3 + 1 + 1 + 2
    rows = {row.label: row for row in found.rows}
    assert rows["Yorkshire and The Humber"].attendances == 6
    assert rows["Wales"].attendances == 1
    assert found.until == clock.now().date()
    assert found.period_target == found.days
    assert service.impact(since=date(2026, 1, 1), team_id="TOTHER").overall.total == 0
    with pytest.raises(ValueError, match="before its start"):
        service.impact(since=date(2026, 2, 1), until=date(2026, 1, 1))


# Formats --------------------------------------------------------------------------------------


@pytest.fixture
def sample():
    subject = event(1, ("UA", "UB", "UC"))
    return report(
        by=Breakdown.REGION,
        events=[subject, event(2, ("UD",), region="TLI")],
        groups=[group(3, ("UA", "UB"))],
        prompts=[
            answer(u, subject, rating=r, measures={Measure.LEARNED: True})
            for u, r in (("UA", 5), ("UB", 4), ("UC", 4))
        ],
        annual_target=100,
    )


def test_the_table_is_aligned_and_says_what_it_counts(sample):
    text = as_table(sample)
    assert "Quality interactions: 8 against a target of 25 for the period" in text
    assert "1 Apr 2026 to 30 Jun 2026 (91 days), all workspaces" in text
    assert "I learned something I will put into practice" in text
    assert "100%  of 3" in text
    assert "Average rating (1 to 5)" in text
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("Region") and "Attended" in line)
    yorkshire = next(line for line in lines if line.startswith("Yorkshire and The Humber"))
    london = next(line for line in lines if line.startswith("London ") and "%" in line)
    # Right-aligned numbers end in the same column as their heading.
    assert len(header) == len(yorkshire) == len(london)
    assert "fewer than 3 answers" in text
    assert "4.3" in text  # (5 + 4 + 4) / 3, rounded as people round


def test_the_csv_has_a_row_per_slice_and_the_total_with_the_target(sample):
    rows = list(csv.DictReader(io.StringIO(as_csv(sample))))
    assert len(rows) == 12 + 1  # every region (nothing without one here), then the total
    total = rows[-1]
    assert total["region"] == TOTAL
    assert total["quality_interactions"] == "8"
    assert total["period_target"] == "25"
    assert total["agree_rate_learned"] == "1.000"
    assert total["agree_rate_mobility"] == ""
    assert rows[0]["since"] == "2026-04-01"
    assert rows[0]["annual_target"] == ""


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_png_is_a_bar_chart_sized_to_its_rows(sample):
    pytest.importorskip("PIL")
    image = as_png(sample)
    width, height = png_size(image)
    assert width == 1400
    assert height == 350 + 30 * (12 + 5)
    assert as_png(sample) == image  # the same report draws the same picture
    plain = as_png(report(events=[event(1, ("UA",))]))
    assert png_size(plain)[1] == 350 + 30 * (4 + 5)


def test_many_organisations_fold_into_everything_else_in_the_chart():
    pytest.importorskip("PIL")
    people = tuple(f"U{i:02d}" for i in range(30))
    orgs = {(T, p): f"Department {i:02d}" for i, p in enumerate(people)}
    found = report(by=Breakdown.ORGANISATION, events=[event(1, people)], organisations=orgs)
    assert len(found.rows) == 30
    assert png_size(as_png(found))[1] == 350 + 30 * (20 + 5)


def test_without_the_imaging_library_the_png_says_how_to_install_it(sample, monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ChartUnavailableError) as raised:
        as_png(sample)
    assert str(raised.value) == PNG_EXTRA_HINT
    assert "pip install 'whoswho-locally[report]'" in PNG_EXTRA_HINT


def test_rates_over_too_few_are_not_shown():
    row = ImpactRow("x", asked=2, responded=1, rated=2, rating_total=9)
    assert row.response_rate == 0.5
    assert row.average_rating is None
    assert row.agree_rate(Measure.LEARNED) is None
