"""`python -m bot report`, end to end: the verb runs in this process against the test's database
with its configuration in the environment (DATABASE_URL and ANNUAL_INTERACTIONS_TARGET only: no
Slack tokens), in an empty folder so that no `.env` is read."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import report_main, report_parser
from bot.domain.events import EventDraft, EventMode
from bot.domain.feedback import Subject
from bot.domain.people import ProfileDraft
from bot.services.directory import DirectoryService
from bot.services.events import EventService
from bot.services.feedback import FeedbackService
from bot.services.report.chart import PNG_EXTRA_HINT
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.clock import FixedClock

TEAM = "T0001"
CONFIG_VARIABLES = ("DATABASE_URL", "ANNUAL_INTERACTIONS_TARGET", "SLACK_BOT_TOKEN", "LOG_LEVEL")


@dataclass
class Run:
    code: int
    out: str
    err: str


class NobodyIsAdmin:
    def is_admin(self, team_id: str, user_id: str) -> bool:
        return False


@pytest.fixture
def cli(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Callable[..., Run]]:
    monkeypatch.chdir(tmp_path)
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    level = logging.getLogger().level

    def run(*argv: str) -> Run:
        code = report_main(list(argv))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    yield run
    logging.getLogger().setLevel(level)


@pytest.fixture
def seeded(engine, gazetteer) -> None:
    """In March 2026: an event in Leeds with three people from two departments going, two of
    whom answered the feedback prompt."""
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
    directory = DirectoryService(uow_factory, gazetteer, clock)
    events = EventService(uow_factory, gazetteer, clock, NobodyIsAdmin(), organisers=["UORG"])
    feedback = FeedbackService(uow_factory, clock, NobodyIsAdmin())
    leeds = gazetteer.read_query("Leeds").place
    for user, org in (
        ("UA", "HM Revenue and Customs"),
        ("UB", "Home Office"),
        ("UC", "Home Office"),
    ):
        directory.save_profile(
            TEAM, user, ProfileDraft(place_id=leeds.id, organisation=org, job_title="Analyst")
        )
    start = clock.now() + timedelta(days=1)
    draft = EventDraft(
        title="Leeds meet-up",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=leeds.id,
    )
    event = events.create_event(TEAM, "UORG", draft).event
    for user in ("UA", "UB", "UC"):
        events.rsvp(TEAM, event.id, user, going=True)
    clock.set(event.ends_at + timedelta(minutes=5))
    feedback.tick()
    with uow_factory() as uow:
        ids = {u: uow.feedback.prompt_of(TEAM, Subject.event(event.id), u).id for u in ("UA", "UB")}
    feedback.rate(TEAM, "UA", ids["UA"], 5)
    feedback.rate(TEAM, "UB", ids["UB"], 4)


def test_the_table_goes_to_standard_output(cli, seeded):
    run = cli("--since", "2026-01-01", "--until", "2026-12-31", "--by", "region")
    assert run.code == 0, run.err
    assert "Who's Who Locally: impact report" in run.out
    assert "1 Jan 2026 to 31 Dec 2026 (365 days), all workspaces" in run.out
    assert "Quality interactions: 5 against a target of 30,000" in run.out
    assert "Feedback response rate" in run.out
    assert "67% (2 of 3 asked)" in run.out
    yorkshire = next(line for line in run.out.splitlines() if line.startswith("Yorkshire"))
    assert yorkshire.split()[4:10] == ["3", "0", "0", "2", "5", "100%"]


def test_the_target_comes_from_the_environment(cli, seeded, monkeypatch):
    monkeypatch.setenv("ANNUAL_INTERACTIONS_TARGET", "365")
    run = cli("--since", "2026-03-01", "--until", "2026-03-10")
    assert run.code == 0, run.err
    assert (
        "5 against a target of 10 for the period (365 a year, pro rata): 50% of target" in run.out
    )


def test_a_wrong_target_is_explained(cli, monkeypatch):
    monkeypatch.setenv("ANNUAL_INTERACTIONS_TARGET", "lots")
    run = cli("--since", "2026-03-01")
    assert run.code == 2
    assert "ANNUAL_INTERACTIONS_TARGET" in run.err
    assert "Where to get it" in run.err


def test_csv_is_written_to_a_file(cli, seeded, tmp_path):
    target = tmp_path / "report.csv"
    run = cli(
        "--since",
        "2026-01-01",
        "--until",
        "2026-12-31",
        "--by",
        "month",
        "--format",
        "csv",
        "-o",
        str(target),
    )
    assert run.code == 0, run.err
    assert run.out == ""
    assert f"Wrote the impact report to {target}." in run.err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [(r["month"], r["quality_interactions"]) for r in rows] == [
        ("2026-03", "5"),
        ("Total", "5"),
    ]


def test_png_is_written_to_a_file_named_for_the_period_by_default(cli, seeded, tmp_path):
    pytest.importorskip("PIL")
    run = cli(
        "--since", "2026-01-01", "--until", "2026-06-30", "--format", "png", "--by", "organisation"
    )
    assert run.code == 0, run.err
    written = tmp_path / "impact-report-2026-01-01-2026-06-30.png"
    assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(written.name) in run.err


def test_png_without_the_extra_says_how_to_install_it(cli, seeded, monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "PIL", None)
    run = cli("--since", "2026-01-01", "--format", "png", "-o", str(tmp_path / "chart.png"))
    assert run.code == 2
    assert PNG_EXTRA_HINT in run.err
    assert not (tmp_path / "chart.png").exists()


def test_an_end_before_the_start_is_refused(cli):
    run = cli("--since", "2026-03-01", "--until", "2026-02-01")
    assert run.code == 2
    assert "--until 2026-02-01 comes before --since 2026-03-01" in run.err


def test_dates_are_read_in_two_common_shapes_and_others_explained(capsys):
    args = report_parser().parse_args(["--since", "01/04/2026", "--until", "2027-03-31"])
    assert (args.since.isoformat(), args.until.isoformat()) == ("2026-04-01", "2027-03-31")
    with pytest.raises(SystemExit) as raised:
        report_parser().parse_args(["--since", "April"])
    assert raised.value.code == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def test_an_unwritable_output_is_reported(cli, seeded, tmp_path):
    run = cli("--since", "2026-01-01", "-o", str(tmp_path / "missing" / "report.txt"))
    assert run.code == 2
    assert "Cannot write" in run.err


def test_one_workspace_can_be_chosen(cli, seeded):
    run = cli("--since", "2026-01-01", "--until", "2026-12-31", "--team", "TOTHER")
    assert run.code == 0
    assert "workspace TOTHER" in run.out
    assert "Quality interactions: 0 against" in run.out


def test_growth_is_shown_week_by_week_and_by_region(cli, seeded):
    run = cli("--since", "2026-03-02", "--until", "2026-03-15", "--by", "week", "--format", "csv")
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [(r["week"], r["quality_interactions"], r["profiles_created"]) for r in rows] == [
        ("2026-03-02", "5", "3"),
        ("2026-03-09", "0", "0"),
        ("Total", "5", "3"),
    ]
    table = cli("--since", "2026-03-01", "--until", "2026-03-31", "--by", "region").out
    growth = table.split("Growth by region", 1)[1].splitlines()
    yorkshire = next(line for line in growth if line.startswith("Yorkshire"))
    assert yorkshire.split()[4:6] == ["3", "0"]  # 3 profiles created, none confirmed since
    assert "Growth week by week" in table
