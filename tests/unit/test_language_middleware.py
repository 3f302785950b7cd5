"""The language middleware: a request runs in the language of the person who made it, the
listener (in Bolt's pool) included, and the language ends with the request."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from slack_bolt import Ack, App, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.request import BoltRequest

from bot.i18n import current_language, use_language
from bot.logs import ContextThreadPoolExecutor
from handlers.slack import language

TEAM = "T0LANG"


class Languages:
    """LanguageService as the middleware uses it: one read per request, counted."""

    def __init__(self, chosen: dict[str, str], *, delay: float = 0.0) -> None:
        self.chosen = chosen
        self.delay = delay
        self.reads: list[str] = []

    def person(self, team_id: str, user_id: str) -> str:
        self.reads.append(user_id)
        time.sleep(self.delay)
        return self.chosen.get(user_id, "en")


def authorize(**_: Any) -> AuthorizeResult:
    return AuthorizeResult(
        enterprise_id=None, team_id=TEAM, bot_token="xoxb-test", bot_user_id="U0BOT"
    )


def bare_app() -> App:
    """An app as the bot builds one, its listeners in a pool, without the middleware yet."""
    app = App(
        signing_secret="unused",
        request_verification_enabled=False,
        authorize=authorize,
        listener_executor=ContextThreadPoolExecutor(max_workers=2),
    )
    language.scoped_dispatch(app)
    return app


def app_with(languages: Languages, seen: list[str], *, wait: float | None = None) -> App:
    app = bare_app()
    middleware = (
        language.language_middleware(languages)  # type: ignore[arg-type]
        if wait is None
        else language.language_middleware(languages, wait=wait)  # type: ignore[arg-type]
    )
    app.use(middleware)

    @app.command("/whoswho")
    def listener(ack: Ack) -> None:
        ack()
        seen.append(current_language())

    return app


def command(user: str) -> BoltRequest:
    body = urlencode(
        {
            "team_id": TEAM,
            "user_id": user,
            "command": "/whoswho",
            "text": "help",
            "channel_id": "C0GENERAL",
            "response_url": "https://example.invalid/response",
            "trigger_id": "trigger.1",
        }
    )
    return BoltRequest(body=body, headers={"content-type": ["application/x-www-form-urlencoded"]})


def wait_for(seen: list[str], count: int) -> list[str]:
    deadline = time.monotonic() + 5
    while len(seen) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return seen


def test_the_listener_runs_in_the_acting_persons_language_and_it_ends_with_the_request():
    languages = Languages({"U0CYMRAES": "cy"})
    seen: list[str] = []
    app = app_with(languages, seen)

    answer: BoltResponse = app.dispatch(command("U0CYMRAES"))
    assert answer.status == 200
    assert current_language() == "en"  # nothing outlives the request in this thread
    app.dispatch(command("U0SAIS"))

    assert sorted(wait_for(seen, 2)) == ["cy", "en"]
    assert sorted(languages.reads) == ["U0CYMRAES", "U0SAIS"]  # one read a request


def test_a_listener_that_only_acknowledges_answers_slack_without_reading_the_language():
    languages = Languages({"U0CYMRAES": "cy"}, delay=0.3)
    app = bare_app()
    app.use(language.language_middleware(languages))  # type: ignore[arg-type]
    acked: list[float] = []

    @app.command("/whoswho")
    def listener(ack: Ack) -> None:
        ack()
        acked.append(time.monotonic())

    started = time.monotonic()
    answer = app.dispatch(command("U0CYMRAES"))
    assert answer.status == 200
    assert time.monotonic() - started < 0.25  # the slow read was not waited for
    wait_for(acked, 1)  # type: ignore[arg-type]
    assert languages.reads == []  # nothing was said, so nothing was read


def test_a_request_in_welsh_leaves_the_language_in_force_before_it_as_it_was():
    seen: list[str] = []
    app = app_with(Languages({"U0CYMRAES": "cy"}), seen)
    with use_language("cy"):
        app.dispatch(command("U0SAIS"))
        assert current_language() == "cy"
    assert wait_for(seen, 1) == ["en"]


def test_a_read_that_does_not_answer_in_time_leaves_the_request_in_english():
    seen: list[str] = []
    app = app_with(Languages({"U0CYMRAES": "cy"}, delay=0.5), seen, wait=0.05)
    started = time.monotonic()
    app.dispatch(command("U0CYMRAES"))
    assert time.monotonic() - started < 0.4
    assert wait_for(seen, 1) == ["en"]
