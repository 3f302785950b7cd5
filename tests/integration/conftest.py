"""The app as Slack sees it: real create_app() behind a real HTTP server, a loopback stand-in
for Slack's Web API, and a client that signs requests exactly as Slack does."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.app import Runtime, build_runtime
from bot.config import Settings
from bot.server import WhoswhoWsgi
from tests.support.clock import FixedClock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_client import SlackClient
from tests.support.wsgi_server import serve_wsgi

SIGNING_SECRET = "test-signing-secret"
TEAM = "T0001"
ME = "U0USER1"


@dataclass
class World:
    fake: FakeSlack
    slack: SlackClient
    runtime: Runtime
    clock: FixedClock
    base_url: str

    def responses(self, **kwargs: object) -> list[dict[str, object]]:
        """Bodies posted to response_urls (what `respond` said), waiting for them."""
        return [call.params for call in self.fake.wait_for("response_url", **kwargs)]  # type: ignore[arg-type]


def make_settings(fake: FakeSlack, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.base_url,
        database_url=database_url,
        scheduler_enabled=False,
    )


@pytest.fixture
def world(engine, database_url, clock, gazetteer) -> Iterator[World]:
    with FakeSlack() as fake:
        fake.add_user(ME, team_id=TEAM, real_name="Alex Example", email="alex@example.gov.uk")
        runtime = build_runtime(
            make_settings(fake, database_url),
            clock=clock,
            engine=engine,
            gazetteer=gazetteer,
            raise_error_for_unhandled_request=True,
        )
        with serve_wsgi(WhoswhoWsgi(runtime)) as base_url:
            slack = SlackClient(
                base_url,
                SIGNING_SECRET,
                team_id=TEAM,
                user_id=ME,
                response_url_factory=fake.response_url,
            )
            yield World(fake, slack, runtime, clock, base_url)
