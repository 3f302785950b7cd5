"""`python -m bot`: start the app, or do admin work (migrate, import and export profiles)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import (
    ConfigurationError,
    Needs,
    database_url_from_environment,
    load_settings,
    logging_from_environment,
)
from bot.logs import LogFormat, configure

if TYPE_CHECKING:
    from bot.config import Settings


def _configure_logging(
    level: str | None = None, log_format: LogFormat | None = None, secrets: tuple[str, ...] = ()
) -> None:
    """Every record to standard error, as text or JSON (LOG_FORMAT), with its request id and
    with tokens, `secrets` and personal data redacted (see bot.logs). Before the configuration
    is loaded, LOG_LEVEL and LOG_FORMAT are read on their own."""
    if level is None or log_format is None:
        level, log_format = logging_from_environment()
    configure(level, log_format, secrets=secrets, stream=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=(
            "Who's Who Locally. With no command, applies migrations and starts the app: HTTP "
            "mode on PORT (POST /slack/events), or Socket Mode when SLACK_APP_TOKEN is set."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("serve", help="apply migrations and start the app (the default)")
    commands.add_parser("migrate", help="apply database migrations and exit")
    imp = commands.add_parser(
        "import-profiles",
        help="load profiles from a CSV file (see the README for its columns)",
        epilog=(
            "Exit status: 0 every row was saved (or would be, with --dry-run); 1 some rows were "
            "rejected (each is reported with its reasons); 2 nothing was done (the file, its "
            "header or Slack needs attention)."
        ),
    )
    imp.add_argument("file", type=Path, help="the CSV file")
    imp.add_argument("--team", help="workspace id (default: the bot token's workspace)")
    imp.add_argument(
        "--dry-run", action="store_true", help="check every row and report, but save nothing"
    )
    exp = commands.add_parser("export-profiles", help="write every profile as CSV")
    exp.add_argument("--team", help="workspace id (default: the bot token's workspace)")
    exp.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    commands.add_parser(
        "generate-token-key",
        help="print a new key for SLACK_TOKEN_ENCRYPTION_KEYS (many workspaces)",
    )
    commands.add_parser(
        "rotate-token-key",
        help=(
            "encrypt every stored token again with the first key of "
            "SLACK_TOKEN_ENCRYPTION_KEYS (after putting a new key first)"
        ),
    )
    commands.add_parser(
        "report",
        help="the impact report, e.g. report --since 2026-04-01 --by region (report --help)",
        add_help=False,
    )
    return parser


def _generate_token_key() -> int:
    from bot.secrets import TokenCipher  # noqa: PLC0415

    print(TokenCipher.generate_key())
    return 0


def _migrate() -> int:
    from storage.migrate import upgrade  # noqa: PLC0415 - keep --help fast

    try:
        url = database_url_from_environment()
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return 2
    upgrade(url)
    print("Database is up to date.")
    return 0


# What each verb needs from Slack's variables (bot.config.Needs): serving needs them all, the
# import only a way to call the Web API, and the rest none (the database is all they use).
_NEEDS: dict[str, Needs] = {
    "serve": "serve",
    "import-profiles": "slack",
    "export-profiles": "database",
    "rotate-token-key": "database",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    report = argv[:1] == ["report"]  # its own arguments and help; needs no Slack tokens
    args = None if report else _parser().parse_args(argv)
    try:
        _configure_logging()
    except ConfigurationError as error:  # LOG_LEVEL or LOG_FORMAT: whatever the verb
        print(error, file=sys.stderr)
        return 2
    if args is None:
        from bot.cli import report_main  # noqa: PLC0415

        return report_main(argv[1:])
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    command = args.command or "serve"
    if command in {"generate-token-key", "migrate"}:
        return _generate_token_key() if command == "generate-token-key" else _migrate()
    from storage.migrate import upgrade  # noqa: PLC0415 - keep --help fast

    try:
        settings = load_settings(needs=_NEEDS[command])
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return 2
    _configure_logging(
        settings.log_level,
        settings.log_format,
        secrets=(
            settings.secret("bot"),
            settings.secret("signing"),
            settings.secret("app"),
            settings.secret("client"),
            *settings.secret("encryption_keys").split(","),
        ),
    )
    if command == "serve":
        return _serve(settings)
    upgrade(settings.database_url)
    from bot.cli import rotate_token_key, run_bulk  # noqa: PLC0415

    if command == "rotate-token-key":
        return rotate_token_key(settings)
    return run_bulk(settings, args)


def _serve(settings: Settings) -> int:
    from handlers.slack.token_check import check_slack  # noqa: PLC0415
    from storage.migrate import upgrade  # noqa: PLC0415

    # Here, before gunicorn starts any worker: a token Slack refuses (or a Slack out of
    # reach) is one readable message and exit status 2, not a worker that fails to boot.
    problem = check_slack(settings)
    if problem is not None:
        print(f"Who's Who Locally cannot start: {problem}", file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    from bot.server import serve_http, serve_socket_mode  # noqa: PLC0415

    if settings.socket_mode:
        serve_socket_mode(settings)
    else:
        serve_http(settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
