"""`python -m bot import-profiles` and `export-profiles`, end to end.

The command line runs in this process (`bot.__main__.main`) with its configuration in the
environment, as an organiser would run it, against the test's database and a loopback
stand-in for Slack's Web API. It runs in an empty folder, so no `.env` is read.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.__main__ import main
from bot.cli import slack_problem
from bot.config import Settings
from bot.domain.people import Profile, ProfileDraft
from bot.secrets import TokenCipher
from bot.services.directory import DirectoryService
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.fake_slack import FakeSlack

TEAM = "T0001"
ALEX = "U0ALEX"
BEA = "U0BEA"
CAI = "U0CAI"
GONE = "U0GONE"
ROBOT = "U0ROBOT"
HEADER = "slack_user_id,email,place,organisation,job_title,grade,can_help,languages,open_to"
CONFIG_VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "DATABASE_URL",
    "ORGANISERS",
    "PORT",
    "HOST",
    "LOG_LEVEL",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_TOKEN_ENCRYPTION_KEYS",
)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(team_id=TEAM) as fake:
        fake.add_user(ALEX, email="alex@example.gov.uk")
        fake.add_user(BEA, email="bea@example.gov.uk")
        fake.add_user(CAI, email="cai@example.gov.uk")
        fake.add_user(GONE, email="gone@example.gov.uk", deleted=True)
        fake.add_user(ROBOT, email="robot@example.gov.uk", is_bot=True)
        yield fake


@pytest.fixture
def cli(
    fake: FakeSlack,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Callable[..., Run]]:
    monkeypatch.chdir(tmp_path)
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "test-signing-secret")
    monkeypatch.setenv("SLACK_API_URL", fake.base_url)
    monkeypatch.setenv("DATABASE_URL", database_url)
    root = logging.getLogger()
    level = root.level

    def run(*argv: str) -> Run:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    yield run
    root.setLevel(level)  # main() sets the level from LOG_LEVEL; leave the suite's alone


@pytest.fixture
def directory(engine, gazetteer, clock) -> DirectoryService:
    return DirectoryService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)), gazetteer, clock
    )


def saved(engine, team: str = TEAM) -> dict[str, Profile]:
    with SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))() as uow:
        return {profile.user_id: profile for profile in uow.profiles.iter_team(team)}


def write_csv(tmp_path: Path, *lines: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def place_id(gazetteer, name: str) -> int:
    query = gazetteer.read_query(name)
    assert query.place is not None, name
    return query.place.id


def add_profile(directory, gazetteer, user: str, place: str = "Leeds", team: str = TEAM, **fields):
    values = {
        "place_id": place_id(gazetteer, place),
        "organisation": "HM Revenue and Customs",
        "job_title": "Policy adviser",
    }
    values.update(fields)
    directory.save_profile(team, user, ProfileDraft(**values))


def read_export(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


# Import ---------------------------------------------------------------------------------------


def test_rows_by_slack_user_id_and_by_email_are_saved(cli, fake, engine, gazetteer, tmp_path):
    path = write_csv(
        tmp_path,
        HEADER,
        f'{ALEX},,Leeds,Department for Work and Pensions,Work coach,g7,"data, SQL",Welsh,'
        "coffee; mentor_others",
        ",bea@example.gov.uk,Caerdydd,Welsh Government,Statistician,Grade 6,,,",
    )

    result = cli("import-profiles", str(path))

    assert result.code == 0, result
    assert f"row 2: saved {ALEX}" in result.out
    assert f"row 3: saved {BEA}" in result.out
    assert "2 saved, 0 rejected." in result.out
    [lookup] = fake.calls_to("users.lookupByEmail")
    assert lookup.params["email"] == "bea@example.gov.uk"
    profiles = saved(engine)
    assert set(profiles) == {ALEX, BEA}
    alex = profiles[ALEX]
    assert alex.place_id == place_id(gazetteer, "Leeds")
    assert alex.organisation == "Department for Work and Pensions"
    assert alex.job_title == "Work coach"
    assert alex.grade == "g7"
    assert alex.can_help == ("data", "SQL")
    assert alex.languages == ("Welsh (Cymraeg)",)
    assert [item.value for item in alex.open_to] == ["coffee", "mentor_others"]
    assert profiles[BEA].place_id == place_id(gazetteer, "Cardiff")
    assert profiles[BEA].grade == "g6"


def test_header_names_are_read_whatever_their_case_and_an_excel_byte_order_mark(
    cli, engine, tmp_path
):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffSlack_User_ID, Place ,ORGANISATION,Job_Title\r\n"
        f"{ALEX},Leeds,Home Office,Analyst\r\n".encode()
    )

    result = cli("import-profiles", str(path))

    assert result.code == 0, result
    assert saved(engine)[ALEX].organisation == "Home Office"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (f"{ALEX},,Atlantis,Home Office,Analyst,,,,", "place 'Atlantis' is not a UK town"),
        (f"{ALEX},,,Home Office,Analyst,,,,", "place is missing"),
        (f"{ALEX},,Leeds,,Analyst,,,,", "organisation is missing"),
        (f"{ALEX},,Leeds,Home Office,,,,,", "job title is missing"),
        (",nobody@example.gov.uk,Leeds,Home Office,Analyst,,,,", "nobody in this workspace"),
        (",not-an-email,Leeds,Home Office,Analyst,,,,", "'not-an-email' is not an email"),
        (",gone@example.gov.uk,Leeds,Home Office,Analyst,,,,", "nobody in this workspace"),
        ("12345,,Leeds,Home Office,Analyst,,,,", "'12345' is not a Slack user id"),
        ("U0NOSUCH,,Leeds,Home Office,Analyst,,,,", "no active Slack user U0NOSUCH"),
        (f"{GONE},,Leeds,Home Office,Analyst,,,,", f"no active Slack user {GONE}"),
        (f"{ROBOT},,Leeds,Home Office,Analyst,,,,", f"no active Slack user {ROBOT}"),
        (",,Leeds,Home Office,Analyst,,,,", "neither slack_user_id nor email"),
        (f"{ALEX},,Leeds,Home Office,Analyst,grade 99,,,", "grade 'grade 99' is not one of"),
        (f"{ALEX},,Leeds,Home Office,Analyst,,,Klingon,", "languages 'Klingon' is not one of"),
        (f"{ALEX},,Leeds,Home Office,Analyst,,,,tea", "open to 'tea' is not one of"),
    ],
)
def test_a_bad_row_is_rejected_saying_why(cli, engine, tmp_path, row, reason):
    path = write_csv(tmp_path, HEADER, row)

    result = cli("import-profiles", str(path))

    assert result.code == 1
    [line] = [line for line in result.out.splitlines() if line.startswith("row 2:")]
    assert line.startswith("row 2: rejected: ")
    assert reason in line
    assert "0 saved, 1 rejected." in result.out
    assert saved(engine) == {}


def test_every_problem_in_a_row_is_reported_once(cli, tmp_path):
    path = write_csv(tmp_path, HEADER, ",,,,,zz,,,")

    result = cli("import-profiles", str(path))

    [line] = [line for line in result.out.splitlines() if line.startswith("row 2:")]
    problems = line.removeprefix("row 2: rejected: ").split("; ")
    assert problems == [
        "neither slack_user_id nor email is given",
        "place is missing",
        "organisation is missing",
        "job title is missing",
        problems[-1],
    ]
    assert problems[-1].startswith("grade 'zz' is not one of the allowed values")


def test_a_profession_is_read_whatever_its_case_and_saved_as_the_form_lists_it(
    cli, engine, tmp_path
):
    path = write_csv(
        tmp_path,
        "slack_user_id,place,organisation,job_title,profession",
        f"{ALEX},Leeds,Office for National Statistics,Statistician,statistics",
        f'{BEA},York,Home Office,Developer," DIGITAL, DATA AND TECHNOLOGY "',
        f"{CAI},Hull,Home Office,Analyst,Statistics",
    )

    result = cli("import-profiles", str(path))

    assert result.code == 0, result.out
    assert "3 saved, 0 rejected." in result.out
    profiles = saved(engine)
    assert profiles[ALEX].profession == "Statistics"
    assert profiles[BEA].profession == "Digital, data and technology"
    assert profiles[CAI].profession == "Statistics"


def test_an_unknown_profession_is_rejected_listing_the_allowed_values(cli, engine, tmp_path):
    path = write_csv(
        tmp_path,
        "slack_user_id,place,organisation,job_title,profession",
        f"{ALEX},Leeds,Home Office,Analyst,Astrology",
    )

    result = cli("import-profiles", str(path))

    assert result.code == 1
    [line] = [line for line in result.out.splitlines() if line.startswith("row 2:")]
    problem = line.removeprefix("row 2: rejected: ")
    assert problem.startswith("profession 'Astrology' is not one of the allowed values (allowed: ")
    for name in ("'Statistics'", "'Digital, data and technology'", "'Other'"):
        assert name in problem
    assert saved(engine) == {}


def test_bad_rows_are_reported_by_row_number_and_the_good_ones_still_saved(cli, engine, tmp_path):
    path = write_csv(
        tmp_path,
        HEADER,
        f"{ALEX},,Leeds,Home Office,Analyst,,,,",
        f"{BEA},,Atlantis,Home Office,Analyst,,,,",
        ",cai@example.gov.uk,York,Cabinet Office,Designer,,,,",
        f"{ALEX},,Bradford,Home Office,Analyst,,,,",
        ",,,,,,,,",
    )

    result = cli("import-profiles", str(path))

    assert result.code == 1
    lines = result.out.splitlines()
    assert f"row 2: saved {ALEX}" in lines
    assert any(line.startswith("row 3: rejected: place 'Atlantis'") for line in lines)
    assert f"row 4: saved {CAI}" in lines
    assert any(
        line.startswith("row 5: rejected:") and "already appears in an earlier row" in line
        for line in lines
    )
    assert not any(line.startswith("row 6") for line in lines), "a blank row is passed over"
    assert "2 saved, 2 rejected." in lines
    assert set(saved(engine)) == {ALEX, CAI}


def test_a_place_with_several_namesakes_is_saved_with_a_note_saying_which(cli, tmp_path):
    path = write_csv(tmp_path, HEADER, f"{ALEX},,Newport,Home Office,Analyst,,,,")

    result = cli("import-profiles", str(path))

    assert result.code == 0, result
    assert "row 2: note: place 'Newport' read as Newport, Wales (also: Newport, " in result.out


def test_importing_again_updates_profiles_rather_than_adding_people(cli, engine, tmp_path):
    first = write_csv(tmp_path, HEADER, f"{ALEX},,Leeds,Home Office,Analyst,,,,", name="a.csv")
    second = write_csv(tmp_path, HEADER, f"{ALEX},,York,Home Office,Lead,,,,", name="b.csv")

    assert cli("import-profiles", str(first)).code == 0
    assert cli("import-profiles", str(second)).code == 0

    profiles = saved(engine)
    assert list(profiles) == [ALEX]
    assert profiles[ALEX].job_title == "Lead"


def test_a_dry_run_checks_every_row_but_saves_nothing(cli, fake, engine, tmp_path):
    path = write_csv(
        tmp_path,
        HEADER,
        f"{ALEX},,Leeds,Home Office,Analyst,,,,",
        ",bea@example.gov.uk,York,Home Office,Analyst,,,,",
        f"{CAI},,Atlantis,Home Office,Analyst,,,,",
    )

    result = cli("import-profiles", str(path), "--dry-run")

    assert result.code == 1
    assert f"row 2: would save {ALEX}" in result.out
    assert f"row 3: would save {BEA}" in result.out
    assert "row 4: rejected: place 'Atlantis'" in result.out
    assert "2 would be saved, 1 rejected." in result.out
    assert "nothing was saved" in result.out
    assert fake.calls_to("users.lookupByEmail"), "a dry run still checks who people are"
    assert saved(engine) == {}


def test_a_clean_dry_run_exits_zero_and_still_saves_nothing(cli, engine, tmp_path):
    path = write_csv(tmp_path, HEADER, f"{ALEX},,Leeds,Home Office,Analyst,,,,")

    result = cli("import-profiles", str(path), "--dry-run")

    assert result.code == 0
    assert saved(engine) == {}


def test_slack_rate_limiting_a_lookup_is_waited_out(cli, fake, engine, tmp_path):
    fake.fail_next("users.lookupByEmail", status=429, retry_after=1)
    path = write_csv(tmp_path, HEADER, ",bea@example.gov.uk,Leeds,Home Office,Analyst,,,,")

    result = cli("import-profiles", str(path))

    assert result.code == 0, result
    assert [call.failed for call in fake.calls_to("users.lookupByEmail")] == [True, False]
    assert set(saved(engine)) == {BEA}


# Files that cannot be imported ------------------------------------------------------------


def test_a_file_without_a_header_row_is_refused_and_nothing_saved(cli, engine, tmp_path):
    path = write_csv(
        tmp_path,
        f"{ALEX},Leeds,Home Office,Analyst",
        f"{BEA},York,Home Office,Analyst",
    )

    result = cli("import-profiles", str(path))

    assert result.code == 2
    assert "header" in result.err
    assert "slack_user_id or email" in result.err
    assert saved(engine) == {}


def test_a_header_missing_a_required_column_names_it(cli, engine, tmp_path):
    path = write_csv(tmp_path, "slack_user_id,place,job_title", f"{ALEX},Leeds,Analyst")

    result = cli("import-profiles", str(path))

    assert result.code == 2
    assert "has no organisation column" in result.err
    assert "header" in result.err
    assert saved(engine) == {}


def test_an_empty_file_is_refused(cli, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")

    result = cli("import-profiles", str(path))

    assert result.code == 2
    assert "empty.csv is empty" in result.err


def test_a_missing_file_is_reported_not_raised(cli, tmp_path):
    result = cli("import-profiles", str(tmp_path / "nowhere.csv"))

    assert result.code == 2
    assert "Cannot read" in result.err
    assert "nowhere.csv" in result.err
    assert "No such file" in result.err


def test_a_file_that_is_not_utf8_is_refused_before_any_row_is_saved(cli, engine, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (
            f"{HEADER}\n"
            f"{ALEX},,Leeds,Home Office,Analyst,,,,\n"
            f"{BEA},,Leeds,Caf\u00e9 Society,Analyst,,,,\n"
        ).encode("latin-1")
    )

    result = cli("import-profiles", str(path))

    assert result.code == 2
    assert "not UTF-8" in result.err
    assert "CSV UTF-8" in result.err
    assert saved(engine) == {}


def test_a_bot_token_slack_refuses_stops_the_import_naming_the_variable(cli, fake, tmp_path):
    fake.fail_next("auth.test", error="invalid_auth")
    path = write_csv(tmp_path, HEADER, f"{ALEX},,Leeds,Home Office,Analyst,,,,")

    result = cli("import-profiles", str(path))

    assert result.code == 2
    assert "invalid_auth" in result.err
    assert "SLACK_BOT_TOKEN" in result.err


def test_slack_out_of_reach_is_reported_naming_the_address(cli, monkeypatch, tmp_path):
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/api/"
    monkeypatch.setenv("SLACK_API_URL", closed)

    result = cli("export-profiles")

    assert result.code == 2
    assert f"Cannot reach Slack at {closed}" in result.err
    assert "SLACK_API_URL" in result.err


def test_a_missing_scope_for_email_lookups_is_explained(cli, fake, engine, tmp_path):
    fake.fail_next("users.lookupByEmail", error="missing_scope")
    path = write_csv(tmp_path, HEADER, ",bea@example.gov.uk,Leeds,Home Office,Analyst,,,,")

    result = cli("import-profiles", str(path))

    assert result.code == 2
    assert "missing_scope" in result.err
    assert saved(engine) == {}


# Export ---------------------------------------------------------------------------------------

EXPORT_HEADER = [
    "slack_user_id",
    "place",
    "region",
    "organisation",
    "job_title",
    "profession",
    "grade",
    "can_help",
    "want_to_learn",
    "languages",
    "open_to",
    "visible",
    "updated_at",
]


def test_export_writes_every_profile_of_the_workspace_with_the_documented_columns(
    cli, directory, gazetteer, tmp_path
):
    add_profile(
        directory,
        gazetteer,
        ALEX,
        "Leeds",
        grade="g7",
        can_help="data, SQL",
        want_to_learn="policy",
        languages=("Welsh (Cymraeg)",),
        open_to=("coffee", "be_mentored"),
    )
    add_profile(directory, gazetteer, BEA, "Newport, Wales")
    directory.set_visible(TEAM, BEA, visible=False)
    add_profile(directory, gazetteer, "U0ELSEWHERE", "York", team="T0OTHER")
    target = tmp_path / "out" / "profiles.csv"
    target.parent.mkdir()

    result = cli("export-profiles", "-o", str(target))

    assert result.code == 0, result
    assert "Exported 2 profiles." in result.err
    header, rows = read_export(target.read_text(encoding="utf-8"))
    assert header == EXPORT_HEADER
    by_user = {row["slack_user_id"]: row for row in rows}
    assert set(by_user) == {ALEX, BEA}, "another workspace's people stay out"
    alex = by_user[ALEX]
    assert alex["place"] == "Leeds"
    assert alex["region"] == "Yorkshire and The Humber"
    assert alex["organisation"] == "HM Revenue and Customs"
    assert alex["grade"] == "Grade 7"
    assert alex["can_help"] == "data, SQL"
    assert alex["want_to_learn"] == "policy"
    assert alex["languages"] == "Welsh (Cymraeg)"
    assert alex["open_to"] == "coffee; be_mentored"
    assert alex["visible"] == "yes"
    assert alex["updated_at"].startswith("2026-11-02T09:30:00")
    assert by_user[BEA]["place"] == "Newport, Wales"
    assert by_user[BEA]["visible"] == "no"


def test_export_without_a_file_writes_csv_to_standard_output(cli, directory, gazetteer, tmp_path):
    add_profile(directory, gazetteer, ALEX)

    result = cli("export-profiles")

    assert result.code == 0, result
    header, rows = read_export(result.out)
    assert header == EXPORT_HEADER
    assert [row["slack_user_id"] for row in rows] == [ALEX]
    assert "Exported 1 profile." in result.err


def test_export_of_an_empty_directory_is_just_the_header(cli):
    result = cli("export-profiles")

    assert result.code == 0, result
    assert read_export(result.out) == (EXPORT_HEADER, [])


def test_exported_cells_never_run_as_spreadsheet_formulas(cli, directory, gazetteer):
    add_profile(
        directory,
        gazetteer,
        ALEX,
        organisation='=HYPERLINK("https://evil.example","Click")',
        job_title="+44 helpline lead",
        can_help="@SUM(A1:A9), data",
        want_to_learn="-2+3",
    )

    result = cli("export-profiles")

    [row] = read_export(result.out)[1]
    assert row["organisation"] == '\'=HYPERLINK("https://evil.example","Click")'
    assert row["job_title"] == "'+44 helpline lead"
    assert row["can_help"] == "'@SUM(A1:A9), data"
    assert row["want_to_learn"] == "'-2+3"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_an_export_imports_back_unchanged(cli, directory, gazetteer, engine, tmp_path):
    add_profile(
        directory,
        gazetteer,
        ALEX,
        "Newport, Wales",
        grade="heo",
        can_help="data, SQL",
        languages=("Welsh (Cymraeg)", "English"),
        open_to=("coffee",),
    )
    add_profile(directory, gazetteer, BEA, "Richmond, Yorkshire", profession="Policy")
    before = saved(engine)
    target = tmp_path / "profiles.csv"
    assert cli("export-profiles", "-o", str(target)).code == 0

    result = cli("import-profiles", str(target))

    assert result.code == 0, result
    assert "note:" not in result.out
    after = saved(engine)
    fields = ("place_id", "organisation", "job_title", "profession", "grade", "can_help")
    fields += ("want_to_learn", "languages", "open_to")
    for user in (ALEX, BEA):
        assert [getattr(after[user], name) for name in fields] == [
            getattr(before[user], name) for name in fields
        ]


def test_export_to_a_folder_that_does_not_exist_is_reported(cli, tmp_path):
    result = cli("export-profiles", "-o", str(tmp_path / "no" / "such" / "out.csv"))

    assert result.code == 2
    assert "Cannot write" in result.err


# Many workspaces --------------------------------------------------------------------------------


def test_generate_token_key_prints_a_key_the_configuration_accepts(cli):
    run = cli("generate-token-key")

    assert run.code == 0
    key = run.out.strip()
    assert len(key) == 44
    TokenCipher.from_setting(key)  # raises if not a valid key


def test_rotate_token_key_with_one_bot_token_says_there_is_nothing_to_do(cli):
    run = cli("rotate-token-key")

    assert run.code == 2
    assert "nothing to encrypt again" in run.err


def test_a_profile_import_in_many_workspaces_needs_to_be_told_which(
    cli, monkeypatch, tmp_path
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    monkeypatch.setenv("SLACK_CLIENT_ID", "1111.2222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret")
    monkeypatch.setenv("SLACK_TOKEN_ENCRYPTION_KEYS", TokenCipher.generate_key())
    path = write_csv(tmp_path, HEADER, "U0ALEX,,Leeds,HMRC,Adviser,,,,")

    unnamed = cli("import-profiles", str(path))
    not_installed = cli("import-profiles", str(path), "--team", "T0NOWHERE")
    rotated = cli("rotate-token-key")

    assert unnamed.code == 2
    assert "--team" in unnamed.err
    assert not_installed.code == 2
    assert "not installed in workspace T0NOWHERE" in not_installed.err
    assert rotated.code == 0
    assert "Encrypted 0 stored tokens" in rotated.out


# What each verb needs -------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def run_alone(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGV` in a process of its own whose environment holds nothing of the
    app's but `env` (no Slack variable at all), in an empty folder (no .env)."""
    clean = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "bot", *argv],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["migrate"],
        ["report", "--since", "2026-01-01", "--until", "2026-01-31"],
        ["export-profiles", "--team", TEAM],
        ["generate-token-key"],
    ],
    ids=["migrate", "report", "export-profiles", "generate-token-key"],
)
def test_a_verb_that_needs_only_the_database_runs_with_only_database_url(
    argv: list[str], tmp_path: Path
):
    database_url = f"sqlite:///{tmp_path / 'only.db'}"

    result = run_alone(tmp_path, *argv, DATABASE_URL=database_url)

    assert result.returncode == 0, result.stderr
    assert "SLACK_" not in result.stderr
    assert "Traceback" not in result.stderr
    if argv[0] == "export-profiles":
        assert read_export(result.stdout) == (EXPORT_HEADER, [])


def test_export_without_a_team_or_a_bot_token_asks_which_workspace(tmp_path: Path):
    result = run_alone(
        tmp_path, "export-profiles", DATABASE_URL=f"sqlite:///{tmp_path / 'only.db'}"
    )

    assert result.returncode == 2
    assert "--team" in result.stderr
    assert "SLACK_SIGNING_SECRET" not in result.stderr
    assert "Traceback" not in result.stderr


def test_import_still_names_the_slack_token_it_needs_but_not_the_signing_secret(tmp_path: Path):
    path = write_csv(tmp_path, HEADER, f"{ALEX},,Leeds,Home Office,Analyst,,,,")

    result = run_alone(
        tmp_path, "import-profiles", str(path), DATABASE_URL=f"sqlite:///{tmp_path / 'only.db'}"
    )

    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is missing" in result.stderr
    assert "SLACK_SIGNING_SECRET" not in result.stderr, "importing receives no requests"
    assert "Traceback" not in result.stderr


def test_serving_still_names_every_slack_variable_it_needs(tmp_path: Path):
    result = run_alone(tmp_path, "serve", DATABASE_URL=f"sqlite:///{tmp_path / 'only.db'}")

    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is missing" in result.stderr
    assert "SLACK_SIGNING_SECRET is missing" in result.stderr
    assert "Traceback" not in result.stderr


# What Slack answered, in words ------------------------------------------------------------------


def api_error(status: int, data: dict[str, object]) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.example/api/auth.test",
        req_args={},
        data=data,
        headers={},
        status_code=status,
    )
    return SlackApiError("The request to the Slack API failed.", response)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (api_error(200, {"ok": False, "error": "invalid_auth"}), ["invalid_auth", "xoxb-"]),
        (
            api_error(200, {"ok": False, "error": "account_inactive"}),
            ["account_inactive", "reinstall"],
        ),
        (api_error(200, {"ok": False, "error": "token_revoked"}), ["token_revoked", "reinstall"]),
        (
            api_error(404, {"ok": False, "error": "Received a response in a non-JSON format: <h"}),
            ["did not answer as Slack's Web API does", "HTTP 404", "SLACK_API_URL"],
        ),
        (
            TimeoutError("timed out"),
            ["Cannot reach Slack at https://slack.example/api/", "timed out"],
        ),
    ],
    ids=["invalid_auth", "account_inactive", "token_revoked", "not-slack", "timeout"],
)
def test_what_slack_answered_is_said_with_what_to_do(error: Exception, said: list[str]):
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-1-2-abc",
        slack_signing_secret="signing-secret",
        slack_api_url="https://slack.example/api/",
    )

    message = slack_problem(settings, error)

    for words in said:
        assert words in message
    assert "SLACK_API_URL" in message or "SLACK_BOT_TOKEN" in message
    assert "<h" not in message  # a page's markup is not repeated
    assert len(message.splitlines()) == 1
