"""HTTP mode: Bolt's WSGI adapter behind gunicorn's threaded workers (not Bolt's dev server)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot.app import build_runtime
from bot.scheduler import build_scheduler

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from bot.app import Runtime
    from bot.config import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class WhoswhoWsgi:
    """`POST /slack/events` goes to Bolt; `GET /health` says whether the database answers."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._slack = SlackRequestHandler(runtime.app, path=EVENTS_PATH)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/health" and environ.get("REQUEST_METHOD") == "GET":
            return self._health(start_response)
        return self._slack(environ, start_response)

    def _health(self, start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            with self._runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any failure means unhealthy; the log says why
            log.warning("health check: database unreachable", exc_info=True)
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"database unreachable\n"]
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok\n"]


def make_wsgi(settings: Settings) -> WhoswhoWsgi:
    """Build one process's app; start its scheduler tick unless disabled."""
    runtime = build_runtime(settings)
    if settings.scheduler_enabled:
        build_scheduler(
            runtime.services,
            runtime.notifier,
            match_schedule=settings.mentoring_match_schedule,
        ).start()
    return WhoswhoWsgi(runtime)


class GunicornServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        super().__init__()

    def load_config(self) -> None:
        host = self._settings.host
        address = f"[{host}]" if ":" in host else host  # an IPv6 address goes in brackets
        options = {
            "bind": f"{address}:{self._settings.port}",
            "workers": self._settings.web_workers,
            "threads": self._settings.web_threads,
            "worker_class": "gthread",
            "timeout": 30,
            "graceful_timeout": 20,
            "keepalive": 5,
            "accesslog": None,
            "loglevel": self._settings.log_level.lower(),
            "proc_name": "whoswho-locally",
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> WhoswhoWsgi:
        # Runs in each worker after the fork: engines and threads are never shared across it.
        return make_wsgi(self._settings)


def serve_http(settings: Settings) -> None:
    log.info("starting HTTP mode on %s port %s", settings.host, settings.port)
    GunicornServer(settings).run()


def serve_socket_mode(settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler  # noqa: PLC0415

    runtime = build_runtime(settings)
    if settings.scheduler_enabled:
        build_scheduler(
            runtime.services,
            runtime.notifier,
            match_schedule=settings.mentoring_match_schedule,
        ).start()
    log.info("starting Socket Mode")
    SocketModeHandler(runtime.app, settings.secret("app")).start()  # type: ignore[no-untyped-call]
