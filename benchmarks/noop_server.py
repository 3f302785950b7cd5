"""A no-op Slack app served exactly as the real one is, as a yardstick for request latency.

Bolt's WSGI adapter behind the same gunicorn threaded workers (`bot.server.GunicornServer`,
so the same workers, threads, timeouts and keep-alive), with request signing verified and the
same Web API client. Its one command, `/noop`, acks and replies with a fixed text through the
response_url; `GET /health` answers `ok`. Configured by the app's own environment variables.

    python -m benchmarks.noop_server
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import make_client
from bot.config import ConfigurationError, load_settings
from bot.server import EVENTS_PATH, GunicornServer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from slack_bolt import Ack, Respond

    from bot.config import Settings

NOOP_COMMAND = "/noop"
NOOP_REPLY = "Nothing to see here."


def make_noop_wsgi(settings: Settings) -> Callable[..., Iterable[bytes]]:
    app = App(
        client=make_client(settings),
        signing_secret=settings.secret("signing"),
        name="noop",
    )

    @app.command(NOOP_COMMAND)
    def noop(ack: Ack, respond: Respond) -> None:
        ack()
        respond(response_type="ephemeral", text=NOOP_REPLY)

    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/health" and environ.get("REQUEST_METHOD") == "GET":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        return slack(environ, start_response)

    return wsgi


class NoopServer(GunicornServer):
    """The app's gunicorn set-up (HOST, PORT, WEB_WORKERS, WEB_THREADS...), serving no-ops."""

    def load(self) -> Callable[..., Iterable[bytes]]:
        return make_noop_wsgi(self._settings)


def main() -> int:
    try:
        settings = load_settings()
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return 2
    NoopServer(settings).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
