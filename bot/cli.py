"""The admin verbs of `python -m bot`: import and export profiles as CSV, and the impact report."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from contextlib import nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app import build_services, make_client, workspace_access
from bot.clock import SystemClock
from bot.config import ConfigurationError, report_settings_from_environment
from bot.domain.places import Gazetteer
from bot.secrets import UnreadableTokenError
from bot.services.bulk import EXPORT_COLUMNS, BulkService, missing_columns
from bot.services.directory import DirectoryService
from bot.services.report.aggregate import Breakdown
from bot.services.report.chart import ChartUnavailableError, as_png
from bot.services.report.csv_export import as_csv
from bot.services.report.service import ReportService
from bot.services.report.table import as_table
from handlers.slack.clients import NotInstalledError
from handlers.slack.people import SlackPeopleLookup
from handlers.slack.token_check import (
    SLACK_FAILURES,
    check_slack,  # noqa: F401 - re-exported for existing imports
    slack_problem,
)
from storage.db import make_engine, make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory

if TYPE_CHECKING:
    from collections.abc import Iterable

    from slack_sdk import WebClient
    from sqlalchemy import Engine

    from bot.config import Settings
    from bot.services.container import Services

# Spreadsheet programs run cells that start with these as formulas: keep them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def run_bulk(settings: Settings, args: argparse.Namespace) -> int:
    """Exit status: 0 done; 1 some rows were rejected; 2 nothing could be done (file, Slack)."""
    engine = make_engine(settings.database_url)
    try:
        if args.command == "export-profiles":
            return _run_export(settings, engine, args)
        access = workspace_access(settings, engine)
        services = build_services(
            settings, engine=engine, clock=SystemClock(), gazetteer=Gazetteer.load(), access=access
        )
        if settings.multi_workspace and not args.team:
            print(
                "The app is installed in many workspaces: say which with --team T0123ABCD "
                "(the workspace's id).",
                file=sys.stderr,
            )
            return 2
        try:
            team = args.team or str(access.clients.template.auth_test()["team_id"])
            client = access.clients(team)
        except NotInstalledError:
            print(f"The app is not installed in workspace {args.team}.", file=sys.stderr)
            return 2
        except SLACK_FAILURES as error:
            print(slack_problem(settings, error), file=sys.stderr)
            return 2
        return _import(services, client, team, args, settings)
    finally:
        engine.dispose()


def _run_export(settings: Settings, engine: Engine, args: argparse.Namespace) -> int:
    """Exporting only reads the database: with --team it needs no Slack variable at all;
    without, Slack is asked which workspace the bot token belongs to."""
    team: str | None = args.team
    if team is None:
        if settings.multi_workspace or settings.slack_bot_token is None:
            print(
                "Say which workspace to export with --team T0123ABCD (the workspace's id)"
                + (
                    "."
                    if settings.multi_workspace
                    else ", or set SLACK_BOT_TOKEN to export the bot token's workspace."
                ),
                file=sys.stderr,
            )
            return 2
        try:
            team = str(make_client(settings).auth_test()["team_id"])
        except SLACK_FAILURES as error:
            print(slack_problem(settings, error), file=sys.stderr)
            return 2
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
    gazetteer = Gazetteer.load()
    bulk = BulkService(
        uow_factory, gazetteer, DirectoryService(uow_factory, gazetteer, SystemClock())
    )
    return _export(bulk.export_rows(team), args)


def rotate_token_key(settings: Settings) -> int:
    """Encrypt every stored token again with the first key; exit status 0, or 2 when there is
    nothing to do it with or a token cannot be read."""
    if not settings.multi_workspace:
        print(
            "Tokens are kept in the database only when the app is installed in many workspaces "
            "(SLACK_CLIENT_ID set); with SLACK_BOT_TOKEN there is nothing to encrypt again.",
            file=sys.stderr,
        )
        return 2
    if settings.slack_token_encryption_keys is None:
        print(
            "SLACK_TOKEN_ENCRYPTION_KEYS is missing: set it to the new key, then the old ones "
            "(comma-separated), and run this again.",
            file=sys.stderr,
        )
        return 2
    engine = make_engine(settings.database_url)
    try:
        installations = workspace_access(settings, engine).installations
        assert installations is not None  # noqa: S101 - multi_workspace guarantees it
        try:
            changed = installations.encrypt_again()
        except UnreadableTokenError as error:
            print(f"Nothing was changed: {error}", file=sys.stderr)
            return 2
    finally:
        engine.dispose()
    print(f"Encrypted {changed} stored tokens again with the first key.")
    print("Once every replica runs with the new key first, the old key can be removed.")
    return 0


def _export(rows: Iterable[dict[str, str]], args: argparse.Namespace) -> int:
    try:
        target = (
            args.output.open("w", newline="", encoding="utf-8")
            if args.output
            else nullcontext(sys.stdout)
        )
    except OSError as error:
        print(f"Cannot write {args.output}: {error.strerror}.", file=sys.stderr)
        return 2
    count = 0
    with target as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _safe_cell(value) for key, value in row.items()})
            count += 1
    print(f"Exported {count} {'profile' if count == 1 else 'profiles'}.", file=sys.stderr)
    return 0


def _read_rows(path: Path) -> list[dict[str, str | None]] | str:
    """Every row of the CSV file, or a sentence saying why it cannot be read.

    The whole file is read before anything is saved, so a file that breaks half-way (the
    wrong encoding, a damaged line) saves nothing rather than half of itself.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return (
            f"{path} is not UTF-8 text. Save it from your spreadsheet as "
            '"CSV UTF-8 (comma delimited)" and try again.'
        )
    except OSError as error:
        return f"Cannot read {path}: {error.strerror}."
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
        if not header:
            return f"{path} is empty: it needs a header row naming its columns."
        missing = missing_columns(header)
        if missing:
            return (
                f"{path} needs a header row naming its columns, and its first row has no "
                f"{', '.join(missing)} column. The columns are slack_user_id or email, place, "
                "organisation and job_title, then any of profession, grade, can_help, "
                "want_to_learn, languages and open_to."
            )
        return list(reader)
    except csv.Error as error:
        return f"{path} is not a CSV file we can read (line {reader.line_num}: {error})."


def _import(
    services: Services,
    client: WebClient,
    team: str,
    args: argparse.Namespace,
    settings: Settings,
) -> int:
    rows = _read_rows(args.file)
    if isinstance(rows, str):
        print(rows, file=sys.stderr)
        return 2
    try:
        report = services.bulk.import_rows(
            team, rows, SlackPeopleLookup(client), dry_run=args.dry_run
        )
    except SLACK_FAILURES as error:
        print(slack_problem(settings, error), file=sys.stderr)
        if not args.dry_run:
            print(
                "Rows checked before this were saved; running the import again updates them.",
                file=sys.stderr,
            )
        return 2
    for outcome in report.outcomes:
        who = outcome.user_id or "?"
        if outcome.saved:
            verb = "would save" if args.dry_run else "saved"
            print(f"row {outcome.row}: {verb} {who}")
        else:
            print(f"row {outcome.row}: rejected: {'; '.join(outcome.problems)}")
        for note in outcome.notes:
            print(f"row {outcome.row}: note: {note}")
    verb = "would be saved" if args.dry_run else "saved"
    print(f"{report.saved} {verb}, {report.rejected} rejected.")
    if args.dry_run:
        print("Dry run: nothing was saved.")
    return 0 if report.rejected == 0 else 1


# The impact report -----------------------------------------------------------------------------

REPORT_FORMATS = ("table", "csv", "png")


def _report_date(text: str) -> date:
    for shape in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), shape).date()  # noqa: DTZ007 - a UTC day
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-04-01"
    )


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of `python -m bot report`."""
    parser.add_argument(
        "--since",
        type=_report_date,
        required=True,
        metavar="DATE",
        help="first day, YYYY-MM-DD (UTC)",
    )
    parser.add_argument(
        "--until",
        type=_report_date,
        metavar="DATE",
        help="last day, included, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--by", choices=[b.value for b in Breakdown], help="break the figures down by this"
    )
    parser.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default="table",
        help="table (plain text, the default), csv (for a spreadsheet) or png (a bar chart)",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="file to write (default: standard output; for png, impact-report-SINCE-UNTIL.png)",
    )
    parser.add_argument("--team", metavar="ID", help="one workspace id (default: every workspace)")


REPORT_DESCRIPTION = (
    "The impact report: quality interactions (event attendances, mentoring groups formed, "
    "group meetings confirmed, feedback answers), the share that crossed departments, "
    "agree-rates of each of the programme's measures and feedback response rates, against "
    "the annual target (ANNUAL_INTERACTIONS_TARGET); and growth week by week and by region "
    "(profiles created and confirmed, searches and the share that found someone, welcomes "
    "and the profiles that followed, introductions). Reads DATABASE_URL; needs no Slack "
    "tokens."
)
REPORT_EPILOG = (
    "Exit status: 0 written; 2 nothing was written (a date, the configuration, the output "
    "file, or the PNG extra needs attention). Example: python -m bot report --since "
    "2026-04-01 --until 2027-03-31 --by region"
)


def report_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot report", description=REPORT_DESCRIPTION, epilog=REPORT_EPILOG
    )
    add_report_arguments(parser)
    return parser


def report_main(argv: list[str] | None = None) -> int:
    """`report` on its own: parse `argv` and run it."""
    return run_report(report_parser().parse_args(argv))


def run_report(args: argparse.Namespace) -> int:
    """Exit status: 0 written; 2 nothing written (configuration, dates, file, PNG extra)."""
    from storage.migrate import upgrade  # noqa: PLC0415 - only this verb needs it here

    try:
        url, target = report_settings_from_environment()
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return 2
    if args.until is not None and args.until < args.since:
        print(
            f"--until {args.until.isoformat()} comes before --since {args.since.isoformat()}: "
            "the period would be empty.",
            file=sys.stderr,
        )
        return 2
    upgrade(url)
    engine = make_engine(url)
    try:
        service = ReportService(
            SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
            SystemClock(),
            annual_target=target,
            gazetteer=Gazetteer.load(),  # places profiles in their regions, for growth
        )
        report = service.impact(
            since=args.since,
            until=args.until,
            by=Breakdown(args.by) if args.by else None,
            team_id=args.team,
        )
    finally:
        engine.dispose()
    if args.format == "png":
        try:
            image = as_png(report)
        except ChartUnavailableError as error:
            print(error, file=sys.stderr)
            return 2
        path = args.output or Path(
            f"impact-report-{report.since.isoformat()}-{report.until.isoformat()}.png"
        )
        return _write_report(path, image)
    text = as_csv(report) if args.format == "csv" else as_table(report)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    return _write_report(args.output, text.encode("utf-8"))


def _write_report(path: Path, data: bytes) -> int:
    try:
        path.write_bytes(data)
    except OSError as error:
        print(f"Cannot write {path}: {error.strerror}.", file=sys.stderr)
        return 2
    print(f"Wrote the impact report to {path}.", file=sys.stderr)
    return 0
