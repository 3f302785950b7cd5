"""The admin verbs of `python -m bot`: import and export profiles as CSV."""

from __future__ import annotations

import csv
import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING, TextIO

from bot.app import build_services, make_client
from bot.clock import SystemClock
from bot.domain.places import Gazetteer
from bot.services.bulk import EXPORT_COLUMNS
from handlers.people import SlackPeopleLookup
from storage.db import make_engine

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable

    from slack_sdk import WebClient

    from bot.config import Settings
    from bot.services.container import Services

# Spreadsheet programs run cells that start with these as formulas: keep them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def run_bulk(settings: Settings, args: argparse.Namespace) -> int:
    engine = make_engine(settings.database_url)
    try:
        services = build_services(
            settings, engine=engine, clock=SystemClock(), gazetteer=Gazetteer.load()
        )
        client = make_client(settings)
        team = args.team or str(client.auth_test()["team_id"])
        if args.command == "export-profiles":
            return _export(services.bulk.export_rows(team), args)
        return _import(services, client, team, args)
    finally:
        engine.dispose()


def _export(rows: Iterable[dict[str, str]], args: argparse.Namespace) -> int:
    target = (
        args.output.open("w", newline="", encoding="utf-8")
        if args.output
        else nullcontext(sys.stdout)
    )
    count = 0
    with target as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _safe_cell(value) for key, value in row.items()})
            count += 1
    print(f"Exported {count} profiles.", file=sys.stderr)
    return 0


def _import(services: Services, client: WebClient, team: str, args: argparse.Namespace) -> int:
    try:
        handle: TextIO = args.file.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        print(f"Cannot read {args.file}: {error.strerror}.", file=sys.stderr)
        return 2
    with handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames:
            print(f"{args.file} is empty: it needs a header row.", file=sys.stderr)
            return 2
        report = services.bulk.import_rows(
            team, reader, SlackPeopleLookup(client), dry_run=args.dry_run
        )
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
    return 0 if report.rejected == 0 else 1
