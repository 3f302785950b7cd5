"""What authorising a request costs, installed in many workspaces.

The real app (`build_runtime`, its WSGI app on 127.0.0.1) answers N signed `/whoswho help`
commands from W workspaces, one after another, with the loopback Slack answering `auth.test`
after a simulated round trip (`--rtt`, 80 ms by default: a UK server to Slack's). Three set-ups:

- one bot token (`SLACK_BOT_TOKEN`): Bolt checks the token with `auth.test` once;
- many workspaces, as the app does it: each workspace's bot read from the installations table
  (its tokens decrypted) at most once a minute per replica, and no `auth.test` at all;
- many workspaces, as Bolt does it by default (`InstallationStoreAuthorize` without its cache):
  the installation read and an `auth.test` for every request.

Prints, for each, the ack latency p50/p95/p99/max (ms) and how many `auth.test` calls Slack saw.

    python -m benchmarks.authorization                  # N = 300, W = 10, SQLite
    python -m benchmarks.authorization -n 1000 --rtt 0.05 --database-url postgresql://.../scratch

A PostgreSQL database given is a scratch area: it is emptied and migrated.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import secrets
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock
from urllib.parse import parse_qs, urlencode, urlsplit

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from sqlalchemy import text

import bot.app
from bot.app import build_runtime
from bot.config import Settings
from bot.domain.places import Gazetteer
from bot.oauth import INSTALL_PATH, REDIRECT_PATH
from bot.secrets import TokenCipher
from bot.server import WhoswhoWsgi
from storage.db import make_engine
from storage.migrate import upgrade
from tests.support.fake_slack import FakeSlack
from tests.support.slack_client import SlackClient
from tests.support.wsgi_server import serve_wsgi

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

SECRET = secrets.token_hex(16)  # signs the requests, as Slack would


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def get(url: str, cookie: str | None = None) -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        headers = {name.lower(): value for name, value in answer.headers.items()}
        return answer.read().decode(), headers.get("set-cookie", "")


def install(base_url: str, fake: FakeSlack, team_id: str) -> None:
    code = f"code-{team_id}"
    fake.add_install_code(code, team_id, team_name=f"Network {team_id}")
    page, cookie = get(base_url + INSTALL_PATH)
    link = re.search(r'href="([^"]+)"', page)
    if link is None:
        raise RuntimeError("the install page has no Add to Slack link")
    state = parse_qs(urlsplit(link[1].replace("&amp;", "&")).query)["state"][0]
    done, _ = get(
        f"{base_url}{REDIRECT_PATH}?{urlencode({'code': code, 'state': state})}",
        cookie.split(";")[0],
    )
    if "now installed" not in done:
        raise RuntimeError(f"the install did not finish: {done}")


def settings_for(fake: FakeSlack, database_url: str, *, many: bool) -> Settings:
    common: dict[str, Any] = {
        "_env_file": None,
        "slack_signing_secret": SECRET,
        "slack_api_url": fake.base_url,
        "database_url": database_url,
        "scheduler_enabled": False,
        "log_level": "WARNING",
    }
    if many:
        return Settings(
            slack_client_id="1111.2222",
            slack_client_secret=secrets.token_hex(16),
            slack_token_encryption_keys=TokenCipher.generate_key(),
            **common,
        )
    return Settings(slack_bot_token=f"xoxb-{secrets.token_hex(8)}", **common)


def bolt_default(bots: Any) -> InstallationStoreAuthorize:
    """Bolt's own authorize over the same (encrypted) store, its cache off as by default."""
    return InstallationStoreAuthorize(
        logger=logging.getLogger("bolt-default"),
        installation_store=bots._store,
        bot_only=True,
    )


@contextlib.contextmanager
def app_for(
    fake: FakeSlack, database_url: str, *, many: bool, authorize: Callable[..., Any] | None
) -> Iterator[str]:
    engine = make_engine(database_url)
    patch = (
        mock.patch.object(bot.app, "WorkspaceAuthorize", authorize)
        if authorize is not None
        else contextlib.nullcontext()
    )
    try:
        with patch:
            runtime = build_runtime(
                settings_for(fake, database_url, many=many),
                engine=engine,
                gazetteer=Gazetteer.load(),
            )
        with serve_wsgi(WhoswhoWsgi(runtime)) as base_url:
            yield base_url
    finally:
        engine.dispose()


def measure(base_url: str, fake: FakeSlack, teams: list[str], n: int) -> tuple[list[float], int]:
    clients = [
        SlackClient(
            base_url,
            SECRET,
            team_id=team,
            user_id="U0BENCH",
            response_url_factory=fake.response_url,
        )
        for team in teams
    ]
    for client in clients:  # warm up: the first request of each workspace reads the table
        client.command("/whoswho", "help")
    before = fake.auth_tests
    acks = []
    for i in range(n):
        started = time.perf_counter()
        response = clients[i % len(clients)].command("/whoswho", "help")
        acks.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"request {i} answered {response.status}: {response.body}")
    return acks, fake.auth_tests - before


def reset(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        engine = make_engine(database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade(database_url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=300, help="requests per set-up")
    parser.add_argument("-w", "--workspaces", type=int, default=10)
    parser.add_argument("--rtt", type=float, default=0.08, help="seconds auth.test takes")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (default SQLite)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/authorization.db"
        url = Settings._database_url_shape(url)
        teams = [f"T0BENCH{n:03d}" for n in range(args.workspaces)]
        rows = []
        for name, many, authorize in (
            ("one bot token", False, None),
            ("many workspaces (the app)", True, None),
            ("many workspaces (Bolt's default)", True, bolt_default),
        ):
            reset(url)
            with FakeSlack() as fake:
                fake.add_user("U0BENCH", real_name="Bench Mark")
                with app_for(fake, url, many=many, authorize=authorize) as base_url:
                    if many:
                        for team in teams:
                            install(base_url, fake, team)
                    fake.slow("auth.test", args.rtt)
                    acks, checks = measure(base_url, fake, teams if many else teams[:1], args.n)
            rows.append((name, acks, checks))
    print(
        f"Authorising {args.n} /whoswho requests from {args.workspaces} workspaces, "
        f"auth.test taking {args.rtt * 1000:.0f} ms, {url.split(':', 1)[0]}"
    )
    print(f"{'set-up':<34} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  auth.test calls")
    for name, acks, checks in rows:
        print(
            f"{name:<34} {statistics.median(acks):7.1f} {percentile(acks, 0.95):7.1f} "
            f"{percentile(acks, 0.99):7.1f} {max(acks):7.1f}  {checks}"
        )
    print("(ack latency in ms, measured at the client, one request at a time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
