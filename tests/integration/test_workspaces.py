"""Many workspaces: installing through Slack's OAuth flow, each workspace answered and written
to with its own token (encrypted at rest, never an `auth.test` per request), uninstalls and
revocations cleaned up, and tokens rotated by one replica alone."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import text

from bot.app import Runtime, build_runtime
from bot.cli import rotate_token_key
from bot.config import Settings
from bot.domain.outbox import OutboxStatus
from bot.oauth import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH
from bot.secrets import TokenCipher
from bot.server import WhoswhoWsgi
from bot.services import outbox
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import SIGNING_SECRET
from tests.support.fake_slack import FakeSlack
from tests.support.slack_client import SlackClient
from tests.support.wsgi_server import serve_wsgi

LEEDS, CARDIFF = "T0LEEDS", "T0CARDIFF"
ALEX, BETH = "U0ALEX", "U0BETH"
KEY = TokenCipher.generate_key()


@dataclass
class Page:
    status: int
    body: str
    headers: dict[str, str]


def _lower(headers: object) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in headers.items()}  # type: ignore[attr-defined]


def get(url: str, cookie: str | None = None) -> Page:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return Page(answer.status, answer.read().decode(), _lower(answer.headers))
    except urllib.error.HTTPError as error:
        return Page(error.code, error.read().decode(), _lower(error.headers))


def oauth_settings(fake: FakeSlack, database_url: str, keys: str = KEY) -> Settings:
    return Settings(
        _env_file=None,
        slack_client_id="1111.2222",
        slack_client_secret="client-secret-for-tests",
        slack_token_encryption_keys=keys,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.base_url,
        database_url=database_url,
        scheduler_enabled=False,
    )


@dataclass
class Replica:
    runtime: Runtime
    base_url: str

    def slack(
        self, fake: FakeSlack, team_id: str, user_id: str, enterprise_id: str | None = None
    ) -> SlackClient:
        return SlackClient(
            self.base_url,
            SIGNING_SECRET,
            team_id=team_id,
            user_id=user_id,
            response_url_factory=fake.response_url,
            enterprise_id=enterprise_id,
        )


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.strict_tokens = True  # a call with a wrong or revoked token is refused, as Slack does
        fake.add_user(ALEX, team_id=LEEDS, real_name="Alex Example")
        fake.add_user(BETH, team_id=CARDIFF, real_name="Beth Enghraifft")
        yield fake


def start_replica(fake: FakeSlack, database_url: str, engine, clock, gazetteer, stack) -> Replica:
    runtime = build_runtime(
        oauth_settings(fake, database_url),
        clock=clock,
        engine=engine,
        gazetteer=gazetteer,
        raise_error_for_unhandled_request=True,
    )
    base_url = stack.enter_context(serve_wsgi(WhoswhoWsgi(runtime)))
    return Replica(runtime, base_url)


@pytest.fixture
def replica(fake, database_url, engine, clock, gazetteer) -> Iterator[Replica]:
    from contextlib import ExitStack

    with ExitStack() as stack:
        yield start_replica(fake, database_url, engine, clock, gazetteer, stack)


def install(
    fake: FakeSlack,
    replica: Replica,
    team_id: str,
    name: str,
    expires_in: int | None = None,
    **code: object,
) -> str:
    """Someone clicks Add to Slack, approves, and comes back: the token Slack issued."""
    code_name = f"code-{team_id}-{len(fake.calls)}"
    token = fake.add_install_code(
        code_name,
        team_id,
        team_name=name,
        expires_in=expires_in,
        **code,  # type: ignore[arg-type]
    )
    code = code_name  # type: ignore[assignment]
    page = get(replica.base_url + INSTALL_PATH)
    assert page.status == 200
    state = parse_qs(urlsplit(re.search(r'href="([^"]+)"', page.body)[1]).query)["state"][0]  # type: ignore[index]
    cookie = page.headers["set-cookie"].split(";")[0]
    done = get(
        f"{replica.base_url}{REDIRECT_PATH}?{urlencode({'code': code, 'state': state})}", cookie
    )
    assert done.status == 200, done.body
    assert f"now installed in {name}" in done.body
    return token


def test_the_install_page_asks_slack_for_the_manifests_scopes(fake, replica) -> None:
    page = get(replica.base_url + INSTALL_PATH)

    assert page.status == 200
    assert "Add to Slack" in page.body
    link = urlsplit(re.search(r'href="([^"]+)"', page.body)[1].replace("&amp;", "&"))  # type: ignore[index]
    query = parse_qs(link.query)
    assert link.path == "/oauth/v2/authorize"  # on the host of SLACK_API_URL
    assert query["client_id"] == ["1111.2222"]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    assert "slack-app-oauth-state=" in page.headers["set-cookie"]


def test_an_installed_workspace_is_answered_with_its_own_token_kept_encrypted(
    fake, replica, engine
) -> None:
    leeds = install(fake, replica, LEEDS, "Leeds network")
    cardiff = install(fake, replica, CARDIFF, "Cardiff network")
    checks_at_install = fake.auth_tests

    for _ in range(3):
        replica.slack(fake, LEEDS, ALEX).command("/whoswho", "me")
        replica.slack(fake, CARDIFF, BETH).command("/whoswho", "me")
    opened = fake.wait_for("views.open", count=6)

    assert {call.token for call in opened} == {leeds, cardiff}
    assert sum(call.token == leeds for call in opened) == 3
    assert not [call for call in fake.calls if call.failed]
    assert fake.auth_tests == checks_at_install  # no auth.test for any request
    with engine.connect() as connection:
        stored = " ".join(
            str(value)
            for table in ("slack_bots", "slack_installations")
            for row in connection.execute(text(f"SELECT * FROM {table}"))  # noqa: S608
            for value in row
        )
    assert leeds not in stored
    assert cardiff not in stored
    assert "xoxb-" not in stored


@pytest.mark.parametrize(
    ("query", "cookie", "status", "words"),
    [
        ({"error": "access_denied"}, True, 200, "You chose not to install"),
        ({"code": "any", "state": "any"}, False, 400, "started in another browser"),
        ({"code": "never-issued"}, True, 401, "Slack did not accept the installation"),
        ({"code": "any", "state": "forged"}, "forged", 401, "expired or has been used already"),
    ],
)
def test_an_install_that_cannot_finish_says_why_and_installs_nothing(
    fake, replica, engine, query, cookie, status, words
) -> None:
    page = get(replica.base_url + INSTALL_PATH)
    state = page.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    query = {"state": state, **query}
    sent = {True: f"slack-app-oauth-state={state}", False: None}.get(
        cookie, f"slack-app-oauth-state={cookie}"
    )  # type: ignore[call-overload]

    answer = get(f"{replica.base_url}{REDIRECT_PATH}?{urlencode(query)}", sent)

    assert answer.status == status
    assert words in answer.body
    assert "Start again" in answer.body
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 0


def test_a_used_install_link_cannot_install_twice(fake, replica) -> None:
    install(fake, replica, LEEDS, "Leeds network")
    page = get(replica.base_url + INSTALL_PATH)
    state = page.headers["set-cookie"].split(";")[0]
    fake.add_install_code("second", LEEDS)
    query = urlencode({"code": "second", "state": state.split("=", 1)[1]})
    assert get(f"{replica.base_url}{REDIRECT_PATH}?{query}", state).status == 200

    again = get(f"{replica.base_url}{REDIRECT_PATH}?{query}", state)

    assert again.status == 401
    assert "expired or has been used already" in again.body


def test_a_workspace_without_an_installation_is_told_politely(fake, replica) -> None:
    response = replica.slack(fake, LEEDS, ALEX).command("/whoswho", "me")

    assert response.status == 200
    said = [call.params.get("text", "") for call in fake.wait_for("response_url")]
    assert any("not installed in this workspace any more" in words for words in said)
    fake.assert_no_call("views.open")


def schedule_dm(runtime: Runtime, engine, team_id: str, user_id: str, key: str) -> None:
    uow = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))()
    now = runtime.clock.now()
    with uow:
        outbox.schedule(
            uow,
            outbox.direct_message(team_id, user_id, key, text_key="nudge.hidden", due_at=now),
            now=now,
        )
        uow.commit()


def test_scheduled_messages_go_with_their_own_workspaces_token(fake, replica, engine) -> None:
    leeds = install(fake, replica, LEEDS, "Leeds network")
    cardiff = install(fake, replica, CARDIFF, "Cardiff network")
    schedule_dm(replica.runtime, engine, LEEDS, ALEX, "test:leeds")
    schedule_dm(replica.runtime, engine, CARDIFF, BETH, "test:cardiff")

    replica.runtime.services.outbox.drain_due()

    posted = {call.params["channel"]: call.token for call in fake.calls_to("chat.postMessage")}
    assert posted == {ALEX: leeds, BETH: cardiff}


def uninstall_event(slack: SlackClient) -> dict[str, object]:
    return {"type": "app_uninstalled", "event_ts": "1700000000.000100"}


def test_uninstalling_deletes_the_tokens_and_stops_every_scheduled_message(
    fake, replica, engine
) -> None:
    leeds = install(fake, replica, LEEDS, "Leeds network")
    cardiff = install(fake, replica, CARDIFF, "Cardiff network")
    schedule_dm(replica.runtime, engine, LEEDS, ALEX, "test:leeds")
    schedule_dm(replica.runtime, engine, CARDIFF, BETH, "test:cardiff")
    replica.slack(fake, LEEDS, ALEX).command("/whoswho", "me")  # cached on this replica
    fake.wait_for("views.open")
    fake.revoke(leeds)

    response = replica.slack(fake, LEEDS, ALEX).event(
        uninstall_event(replica.slack(fake, LEEDS, ALEX))
    )

    assert response.status == 200  # acked; the clean-up runs after the ack
    wait_until(lambda: status_of(engine, "test:leeds") == OutboxStatus.CANCELLED.value)
    with engine.connect() as connection:
        for table in ("slack_bots", "slack_installations"):
            teams = connection.execute(text(f"SELECT team_id FROM {table}")).scalars().all()  # noqa: S608
            assert LEEDS not in teams
            assert CARDIFF in teams
    assert status_of(engine, "test:cardiff") == OutboxStatus.PENDING.value
    replica.runtime.services.outbox.drain_due()
    assert [call.token for call in fake.calls_to("chat.postMessage")] == [cardiff]
    replica.slack(fake, LEEDS, ALEX).command("/whoswho", "me")
    said = [call.params.get("text", "") for call in fake.wait_for("response_url")]
    assert any("not installed in this workspace any more" in words for words in said)


def test_revoked_bot_tokens_are_forgotten(fake, replica, engine) -> None:
    token = install(fake, replica, LEEDS, "Leeds network")
    fake.revoke(token)
    slack = replica.slack(fake, LEEDS, ALEX)

    slack.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOTT0LEEDS"]}})

    def gone() -> bool:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 0

    wait_until(gone)
    assert replica.runtime.installations is not None
    assert replica.runtime.installations.bots.token_for(LEEDS) is None


def status_of(engine, key: str) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                text("SELECT status FROM outbox WHERE key = :k"), {"k": key}
            ).scalar()
        )


def wait_until(condition, timeout: float = 5.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_an_expiring_token_is_rotated_once_by_one_of_two_replicas(
    fake, database_url, engine, clock, gazetteer
) -> None:
    from contextlib import ExitStack

    with ExitStack() as stack:
        first = start_replica(fake, database_url, engine, clock, gazetteer, stack)
        second = start_replica(fake, database_url, engine, clock, gazetteer, stack)
        old = install(fake, first, LEEDS, "Leeds network", expires_in=3600)  # inside 2 hours

        threads = [
            threading.Thread(
                target=replica.slack(fake, LEEDS, ALEX).command, args=("/whoswho", "me")
            )
            for replica in (first, second) * 4
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        opened = fake.wait_for("views.open", count=8)

        assert fake.refreshes == 1  # the single-use refresh token was spent once
        assert not [call for call in fake.calls if call.failed]
        new = {call.token for call in opened} - {old}
        assert len(new) <= 1
        assert all(call.token in {old, *new} for call in opened)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 1
        # Both replicas now find the new token, whatever they had cached.
        assert first.runtime.installations is not None
        assert second.runtime.installations is not None
        rotated = first.runtime.installations.bots.token_for(LEEDS)
        assert rotated is not None
        assert rotated != old
        second.runtime.installations.bots.forget(enterprise_id=None, team_id=LEEDS)
        assert second.runtime.installations.bots.token_for(LEEDS) == rotated


def test_rotating_the_encryption_key_keeps_every_token_readable(
    fake, replica, database_url, engine
) -> None:
    token = install(fake, replica, LEEDS, "Leeds network")
    new_key = TokenCipher.generate_key()

    assert rotate_token_key(oauth_settings(fake, database_url, keys=f"{new_key},{KEY}")) == 0

    with engine.connect() as connection:
        stored = connection.execute(text("SELECT bot_token FROM slack_bots")).scalar()
    assert TokenCipher.from_setting(new_key).decrypt(str(stored)) == token
    only_new = build_runtime(oauth_settings(fake, database_url, keys=new_key), engine=engine)
    assert only_new.installations is not None
    assert only_new.installations.bots.token_for(LEEDS) == token
    only_old = build_runtime(oauth_settings(fake, database_url, keys=KEY), engine=engine)
    assert only_old.installations is not None
    assert only_old.installations.bots.token_for(LEEDS) is None  # and it says so in the log


def test_scheduled_work_for_an_uninstalled_workspace_fails_without_calling_slack(
    fake, replica, engine
) -> None:
    schedule_dm(replica.runtime, engine, LEEDS, ALEX, "test:nowhere")

    replica.runtime.services.outbox.drain_due()

    assert status_of(engine, "test:nowhere") == OutboxStatus.FAILED.value
    assert fake.calls_to("chat.postMessage") == []


def test_an_organisation_wide_install_serves_each_of_its_workspaces_with_its_token(
    fake, replica, engine
) -> None:
    york, cara = "T0YORK", "U0CARA"
    fake.add_user(cara, team_id=york, real_name="Cara Example")
    token = install(
        fake, replica, "T0GRID", "E0GOV organisation", enterprise_id="E0GOV", org_wide=True
    )

    replica.slack(fake, LEEDS, ALEX, enterprise_id="E0GOV").command("/whoswho", "me")
    replica.slack(fake, york, cara, enterprise_id="E0GOV").command("/whoswho", "me")
    opened = fake.wait_for("views.open", count=2)
    wait_until(lambda: len(organisations(engine)) == 2)  # noted after the answer
    schedule_dm(replica.runtime, engine, york, cara, "test:york")
    replica.runtime.services.outbox.drain_due()

    assert [call.token for call in opened] == [token, token]
    assert [(c.params["channel"], c.token) for c in fake.calls_to("chat.postMessage")] == [
        (cara, token)
    ]
    assert organisations(engine) == {LEEDS: "E0GOV", york: "E0GOV"}


def organisations(engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT team_id, enterprise_id FROM slack_workspaces"))
        return {str(team): str(enterprise) for team, enterprise in rows}


def test_erasing_the_person_who_installed_the_app_takes_their_id_off_the_installation(
    fake, replica, engine
) -> None:
    token = install(fake, replica, LEEDS, "Leeds network")  # approved by U0ADMIN

    replica.runtime.services.directory.forget(LEEDS, "U0ADMIN")

    with engine.connect() as connection:
        installers = connection.execute(text("SELECT user_id FROM slack_installations")).all()
    assert installers == [("",)]
    assert replica.runtime.installations is not None
    assert replica.runtime.installations.bots.token_for(LEEDS) == token  # still installed
