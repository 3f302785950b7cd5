"""`python -m bot` as it runs in production: a real process, gunicorn, migrations, signed HTTP.

The app is started as a subprocess listening on 127.0.0.1 only, on a port the system picked,
with its Web API calls going to a loopback stand-in for Slack and its data in a fresh SQLite
file. Every process started here is stopped by its own pid and waited for.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from storage.db import make_engine
from storage.migrate import alembic_config
from tests.support.fake_slack import FakeSlack
from tests.support.slack_client import SlackClient

ROOT = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "startup-signing-secret"
USER = "U0STARTUP"
STARTUP_DEADLINE = 60.0  # seconds; a bound on waiting, not a claim about speed
CONTRACT = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "DATABASE_URL",
    "PORT",
    "HOST",
    "ORGANISERS",
    "FEEDBACK_DELAY_MINUTES",
    "SCHEDULER_ENABLED",
    "WEB_WORKERS",
    "WEB_THREADS",
    "LOG_LEVEL",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_environment(**values: str) -> dict[str, str]:
    """This process's environment without the app's variables, plus `values`."""
    env = {name: value for name, value in os.environ.items() if name not in CONTRACT}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(values)
    return env


def run_bot(*argv: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "bot", *argv],
        cwd=cwd,
        env=bot_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - loopback URL
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@dataclass
class RunningApp:
    base_url: str
    database_url: str
    fake: FakeSlack
    slack: SlackClient
    log: Path


def wait_until_healthy(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_DEADLINE
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"python -m bot exited with {process.returncode} before it was healthy:\n"
                + log.read_text(errors="replace")
            )
        try:
            status, body = get(base_url + "/health")
        except (urllib.error.URLError, OSError) as error:
            last_problem = str(error)
        else:
            if status == 200 and json.loads(body)["status"] == "ok":
                return
            last_problem = f"{status} {body!r}"
        time.sleep(0.2)
    pytest.fail(
        f"GET /health never answered ok ({last_problem}):\n" + log.read_text(errors="replace")
    )


@pytest.fixture(scope="module")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    folder = tmp_path_factory.mktemp("startup")
    database_url = f"sqlite:///{folder / 'whoswho.db'}"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "app.log"
    with FakeSlack() as fake, log.open("wb") as log_file:
        fake.add_user(USER, real_name="Sam Startup", email="sam@example.gov.uk")
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=folder,  # an empty folder: no .env is read
            env=bot_environment(
                SLACK_BOT_TOKEN="xoxb-startup-token",
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_API_URL=fake.base_url,
                DATABASE_URL=database_url,
                HOST="127.0.0.1",
                PORT=str(port),
                SCHEDULER_ENABLED="false",
                WEB_WORKERS="1",
                WEB_THREADS="4",
            ),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(process, base_url, log)
            slack = SlackClient(
                base_url,
                SIGNING_SECRET,
                team_id=fake.team_id,
                user_id=USER,
                response_url_factory=fake.response_url,
            )
            yield RunningApp(base_url, database_url, fake, slack, log)
        finally:
            process.terminate()  # gunicorn's master stops its worker on SIGTERM
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def test_health_answers_ok_once_started(running_app: RunningApp):
    status, body = get(running_app.base_url + "/health")
    assert status == 200
    assert json.loads(body)["status"] == "ok"


def test_the_server_is_gunicorn_listening_where_host_and_port_say(running_app: RunningApp):
    log = running_app.log.read_text(errors="replace")
    assert f"Listening at: {running_app.base_url}" in log
    assert "gthread" in log


def test_start_up_applied_the_migrations(running_app: RunningApp):
    engine = make_engine(running_app.database_url)
    try:
        assert "profiles" in inspect(engine).get_table_names()
        with engine.connect() as connection:
            version = connection.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(running_app.database_url)).get_current_head()
    assert version == head


def test_a_signed_slash_command_is_answered_at_its_response_url(running_app: RunningApp):
    response = running_app.slack.command(
        "/whoswho", "help", response_url=running_app.fake.response_url("startup-help")
    )

    assert response.status == 200
    [reply] = running_app.fake.wait_for(
        "response_url", timeout=15, where=lambda call: call.params["_path"] == "startup-help"
    )
    assert "/whoswho me" in str(reply.params)
    assert running_app.fake.violations == []


def test_a_forged_or_stale_request_is_refused_and_runs_nothing(running_app: RunningApp):
    fake, slack = running_app.fake, running_app.slack
    forged = slack.command(
        "/whoswho", "help", response_url=fake.response_url("forged"), signature="v0=" + "0" * 64
    )
    wrong_secret = slack.command(
        "/whoswho", "help", response_url=fake.response_url("forged"), secret="not-the-secret"
    )
    stale = slack.command(
        "/whoswho", "help", response_url=fake.response_url("forged"), timestamp_offset=-600
    )

    assert [forged.status, wrong_secret.status, stale.status] == [401, 401, 401]
    # A genuine request sent afterwards is answered; none of the refused ones ever was.
    slack.command("/whoswho", "help", response_url=fake.response_url("after-forged"))
    fake.wait_for("response_url", timeout=15, where=lambda c: c.params["_path"] == "after-forged")
    assert [c for c in fake.calls_to("response_url") if c.params["_path"] == "forged"] == []


def test_an_unknown_path_is_not_found(running_app: RunningApp):
    status, _ = get(running_app.base_url + "/admin")

    assert status == 404


# The other verbs --------------------------------------------------------------------------


def test_python_m_bot_help_lists_its_verbs(tmp_path: Path):
    result = run_bot("--help", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    for verb in ("serve", "migrate", "import-profiles", "export-profiles"):
        assert verb in result.stdout
    assert "SLACK_APP_TOKEN" in result.stdout


def test_python_m_bot_migrate_creates_the_tables_and_can_run_again(tmp_path: Path):
    database = tmp_path / "fresh.db"
    database_url = f"sqlite:///{database}"

    first = run_bot("migrate", cwd=tmp_path, DATABASE_URL=database_url)
    again = run_bot("migrate", cwd=tmp_path, DATABASE_URL=database_url)

    assert first.returncode == 0, first.stderr
    assert "Database is up to date." in first.stdout
    assert again.returncode == 0, again.stderr
    engine = make_engine(database_url)
    try:
        assert "profiles" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_python_m_bot_without_configuration_exits_2_and_says_what_to_set(tmp_path: Path):
    result = run_bot(cwd=tmp_path)

    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is missing" in result.stderr
    assert "Traceback" not in result.stderr


# When Slack will not have the app -------------------------------------------------------------


def closed_port_url() -> str:
    """A loopback Web API address nothing listens on."""
    return f"http://127.0.0.1:{free_port()}/api/"


def assert_short_readable_failure(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert "Worker failed to boot" not in output
    assert len(output.strip().splitlines()) <= 6, output
    return output


def test_a_bot_token_slack_refuses_stops_start_up_saying_so(tmp_path: Path):
    with FakeSlack() as fake:
        fake.strict_tokens = True  # no token is known to it: invalid_auth
        result = run_bot(
            cwd=tmp_path,
            SLACK_BOT_TOKEN="xoxb-not-a-token-slack-knows",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.base_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'whoswho.db'}",
            HOST="127.0.0.1",
            PORT=str(free_port()),
            SCHEDULER_ENABLED="false",
        )

    output = assert_short_readable_failure(result)
    assert "invalid_auth" in output
    assert "SLACK_BOT_TOKEN" in output
    assert "api.slack.com/apps" in output  # where to get the right one


def test_slack_out_of_reach_stops_start_up_naming_the_address(tmp_path: Path):
    closed = closed_port_url()
    result = run_bot(
        cwd=tmp_path,
        SLACK_BOT_TOKEN="xoxb-startup-token",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=closed,
        DATABASE_URL=f"sqlite:///{tmp_path / 'whoswho.db'}",
        HOST="127.0.0.1",
        PORT=str(free_port()),
        SCHEDULER_ENABLED="false",
    )

    output = assert_short_readable_failure(result)
    assert f"Cannot reach Slack at {closed}" in output
    assert "SLACK_API_URL" in output


def test_a_bot_token_of_the_wrong_shape_is_refused_before_anything_starts(tmp_path: Path):
    result = run_bot(
        cwd=tmp_path,
        SLACK_BOT_TOKEN="abc",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=closed_port_url(),
        DATABASE_URL=f"sqlite:///{tmp_path / 'whoswho.db'}",
    )

    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "SLACK_BOT_TOKEN" in output
    assert "xoxb-" in output
    assert "Traceback" not in output


# What an idle app logs --------------------------------------------------------------------------

IDLE_TICKS = 3  # outbox ticks (one every 5 s) the idle app is watched over


def health(base_url: str) -> dict[str, object]:
    status, body = get(base_url + "/health")
    assert status == 200, body
    return dict(json.loads(body))


def wait_for_ticks(base_url: str, ticks: int, process: subprocess.Popen[bytes]) -> None:
    """Until the scheduler's heartbeat (two beats an outbox tick) has counted `ticks` more."""
    start = int(health(base_url)["scheduler"]["ticks"])  # type: ignore[index]
    deadline = time.monotonic() + 10 * ticks + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, "the app stopped while idle"
        if int(health(base_url)["scheduler"]["ticks"]) >= start + 2 * ticks:  # type: ignore[index]
            return
        time.sleep(0.5)
    pytest.fail(f"the scheduler did not tick {ticks} times in time")


def run_idle(folder: Path, ticks: int, **env: str) -> tuple[str, str]:
    """Start `python -m bot` with its scheduler on, wait until healthy and one outbox tick
    has run, then watch it idle over `ticks` more; stop it by its pid. Returns the output up
    to the end of start-up, and the output of the idle time."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "app.log"
    with FakeSlack() as fake, log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=folder,
            env=bot_environment(
                SLACK_BOT_TOKEN="xoxb-idle-token",
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_API_URL=fake.base_url,
                DATABASE_URL=f"sqlite:///{folder / 'whoswho.db'}",
                HOST="127.0.0.1",
                PORT=str(port),
                SCHEDULER_ENABLED="true",
                WEB_WORKERS="1",
                **env,
            ),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(process, base_url, log)
            wait_for_ticks(base_url, 1, process)
            started = log.read_text(errors="replace")
            wait_for_ticks(base_url, ticks, process)
            idle = log.read_text(errors="replace")[len(started) :]
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    return started, idle


def test_an_idle_app_logs_its_start_up_and_nothing_per_tick(tmp_path: Path):
    started, idle = run_idle(tmp_path, IDLE_TICKS)

    assert [line for line in idle.splitlines() if line.strip()] == []
    lines = started.splitlines()
    assert any("starting HTTP mode" in line for line in lines)
    assert any("Listening at: http://127.0.0.1:" in line for line in lines)
    assert any("Applied upgrade 0008 -> 0009" in line for line in lines), started
    # Alembic's and the scheduler's set-up chatter stays out of INFO.
    for chatter in ("setup plugin", "Context impl", "Will assume", "Adding job", "Running job"):
        assert chatter not in started
    # No control socket shared by every instance on the host (gunicorn 27 opens one by default).
    assert "Control socket" not in started
    assert len(lines) <= 25, started


def test_log_format_json_writes_one_json_object_a_line(tmp_path: Path):
    started, idle = run_idle(tmp_path, 1, LOG_FORMAT="json")

    records = [json.loads(line) for line in (started + idle).splitlines() if line.strip()]
    assert records
    assert all(isinstance(record, dict) for record in records)
    assert {"time", "level", "logger", "message"} <= set(records[0])
    assert any("Listening at" in str(record["message"]) for record in records)
