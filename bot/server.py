"""HTTP mode: Bolt's WSGI adapter behind gunicorn's threaded workers (not Bolt's dev server).

Each worker serves `POST /slack/events` (Bolt), `GET /health` and `GET /metrics`, and runs the
scheduler's ticks. On SIGTERM a worker stops taking scheduled work at once (the outbox drain
under way finishes the message in hand and gives the rest of its batch back), lets the requests
in flight finish within gunicorn's graceful timeout, then gives back any outbox row it still
holds, so another replica sends it straight away instead of after the lease.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import threading
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger as GunicornLogger
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text

from bot import metrics
from bot.app import build_runtime
from bot.logs import REQUEST_ID_HEADER, bound_request_id, new_request_id
from bot.scheduler import Heartbeat, build_scheduler
from handlers.slack.middleware import DUPLICATE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from apscheduler.schedulers.base import BaseScheduler
    from slack_bolt import App
    from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest

    from bot.app import Runtime
    from bot.config import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
METRICS_PATH = "/metrics"
# The outbox tick runs every 5 s: a heartbeat this old means the scheduler has stopped (or a
# drain is stuck, holding every later tick back).
HEARTBEAT_LIMIT = 60.0
GRACEFUL_TIMEOUT = 20  # seconds gunicorn gives a stopping worker's requests to finish
SHUTDOWN_WAIT = 15.0  # seconds a stopping worker waits for its scheduled work to end
_REQUEST_ID_ENVIRON = "HTTP_" + REQUEST_ID_HEADER.upper().replace("-", "_")


class _ObservedSlackHandler(SlackRequestHandler):
    """Bolt's WSGI adapter, timing each request to its answer and counting it by type and
    outcome (after Bolt's signature check, so a refused request counts as unauthorized)."""

    def __init__(self, app: App, *, path: str, signing_secret: str) -> None:
        super().__init__(app, path=path)
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        watch = metrics.Stopwatch()
        body, headers = request.get_body(), request.get_headers()
        try:
            bolt_request = BoltRequest(body=body, query=request.query_string, headers=headers)
        except Exception:  # noqa: BLE001 - a body Bolt cannot even read: never Slack's
            return self._unreadable(body, headers, watch)
        response = self.app.dispatch(bolt_request)
        metrics.observe_request(
            metrics.request_type(bolt_request.body),
            metrics.request_outcome(
                response.status, duplicate=bool(bolt_request.context.get(DUPLICATE))
            ),
            watch.seconds(),
        )
        return response

    def _unreadable(
        self, body: str, headers: dict[str, Any], watch: metrics.Stopwatch
    ) -> BoltResponse:
        """Bolt reads ids from the body before it checks the signature, and raises on shapes
        Slack never sends. Such a request is refused like any other: 401 unless it carries a
        valid signature, and then 400, never a server error."""
        signed = self._verifier is not None and self._verifier.is_valid_request(body, headers)
        status = 400 if signed else 401
        log.warning("refused a request whose body could not be read (status %s)", status)
        metrics.observe_request("unknown", metrics.request_outcome(status), watch.seconds())
        return BoltResponse(status=status, body="")


class BackgroundWork:
    """The scheduler one process runs, its heartbeat, and how it stops."""

    def __init__(self, runtime: Runtime, scheduler: BaseScheduler, heartbeat: Heartbeat) -> None:
        self._runtime = runtime
        self.scheduler = scheduler
        self.heartbeat = heartbeat
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._watcher = threading.Thread(
            target=self._stop_when_asked, name="whoswho-shutdown", daemon=True
        )

    def start(self) -> None:
        self.scheduler.start()
        self._watcher.start()
        jobs = sorted(job.id for job in self.scheduler.get_jobs())
        log.info("scheduler started (%d jobs: %s)", len(jobs), ", ".join(jobs))

    def request_stop(self) -> None:
        """Safe in a signal handler: only sets a flag; a thread of its own does the rest."""
        self._stop.set()

    def _stop_when_asked(self) -> None:
        self._stop.wait()
        outbox = self._runtime.services.outbox
        try:
            outbox.stop()  # the drain under way gives back its batch and returns
            if self.scheduler.running:
                self.scheduler.shutdown(wait=True)  # no new jobs; the running ones end
            released = outbox.release_claims()  # anything still held (normally nothing)
            log.info("scheduler stopped (%d more claimed messages given back)", released)
        except Exception:
            log.exception("scheduled work did not stop cleanly")
        finally:
            self._stopped.set()

    def stop(self, timeout: float = SHUTDOWN_WAIT) -> bool:
        """Stop and wait (at most `timeout`) for the scheduled work to end and its claims to
        be given back; True if it all ended in time."""
        self.request_stop()
        if not self._watcher.is_alive() and not self._stopped.is_set():
            self._stop_when_asked()  # never started: stop here
        finished = self._stopped.wait(timeout)
        # Whatever a drain still held (if it outlasted the wait) goes back now.
        with contextlib.suppress(Exception):
            self._runtime.services.outbox.release_claims()
        return finished


class WhoswhoWsgi:
    """`POST /slack/events` goes to Bolt; `GET /health` says whether the database answers and
    the scheduler ticks; `GET /metrics` is for Prometheus. Each request gets a request id (the
    caller's X-Request-Id if it sent a sensible one), on every log line it causes and echoed in
    the answer's X-Request-Id header."""

    def __init__(
        self,
        runtime: Runtime,
        *,
        background: BackgroundWork | None = None,
        heartbeat_limit: float = HEARTBEAT_LIMIT,
    ) -> None:
        self._runtime = runtime
        self._slack = _ObservedSlackHandler(
            runtime.app, path=EVENTS_PATH, signing_secret=runtime.signing_secret
        )
        self.background = background
        self._heartbeat_limit = heartbeat_limit
        self._metrics = metrics.OperationsCollector(
            runtime.services.outbox,
            runtime.clock,
            background.heartbeat.age if background is not None else None,
        )

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request_id = new_request_id(environ.get(_REQUEST_ID_ENVIRON))

        def respond(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            return start_response(status, [*headers, (REQUEST_ID_HEADER, request_id)], *rest)

        with bound_request_id(request_id):
            if environ.get("REQUEST_METHOD") == "GET":
                path = environ.get("PATH_INFO")
                if path == HEALTH_PATH:
                    return self._health(respond)
                if path == METRICS_PATH:
                    return self._metrics_page(respond)
            return self._slack(environ, respond)

    # Health ---------------------------------------------------------------------------------

    def health(self) -> tuple[bool, dict[str, Any]]:
        """Whether this process is healthy, and the parts: the database, the scheduler."""
        reasons: list[str] = []
        database: dict[str, Any] = {"ok": True}
        try:
            with self._runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as error:  # any failure means unhealthy; the log says why
            log.warning("health check: database unreachable", exc_info=True)
            database = {"ok": False, "reason": f"unreachable ({type(error).__name__})"}
            reasons.append("database unreachable")
        scheduler: dict[str, Any]
        if self.background is None:
            scheduler = {"ok": True, "enabled": False, "reason": "disabled (SCHEDULER_ENABLED)"}
        else:
            age = self.background.heartbeat.age()
            scheduler = {
                "ok": age <= self._heartbeat_limit,
                "enabled": True,
                "last_tick_seconds_ago": round(age, 1),
                "ticks": self.background.heartbeat.ticks,
            }
            if not scheduler["ok"]:
                reason = (
                    f"scheduler not ticking: last outbox tick {age:.0f} s ago "
                    f"(limit {self._heartbeat_limit:.0f} s)"
                )
                scheduler["reason"] = reason
                reasons.append(reason)
        healthy = not reasons
        report: dict[str, Any] = {
            "status": "ok" if healthy else "unhealthy",
            "database": database,
            "scheduler": scheduler,
        }
        if reasons:
            report["reason"] = "; ".join(reasons)
        return healthy, report

    def _health(self, start_response: Callable[..., Any]) -> Iterable[bytes]:
        healthy, report = self.health()
        status = "200 OK" if healthy else "503 Service Unavailable"
        body = (json.dumps(report) + "\n").encode()
        start_response(
            status,
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    # Metrics --------------------------------------------------------------------------------

    def _metrics_page(self, start_response: Callable[..., Any]) -> Iterable[bytes]:
        body, content_type = metrics.exposition(self._metrics)
        start_response(
            "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        )
        return [body]

    # Stopping -------------------------------------------------------------------------------

    def begin_shutdown(self) -> None:
        """SIGTERM arrived: stop taking scheduled work (safe in a signal handler)."""
        if self.background is not None:
            self.background.request_stop()

    def finish_shutdown(self, timeout: float = SHUTDOWN_WAIT) -> None:
        """The requests are done: wait for the scheduled work to end and release claims."""
        if self.background is not None and not self.background.stop(timeout):
            log.warning("scheduled work still running after %.0f s; stopping anyway", timeout)


def start_background(runtime: Runtime, settings: Settings) -> BackgroundWork:
    heartbeat = Heartbeat()
    background = BackgroundWork(
        runtime,
        build_scheduler(
            runtime.services,
            match_schedule=settings.mentoring_match_schedule,
            digest_schedule=settings.digest_schedule,
            feedback=runtime.services.feedback,
            heartbeat=heartbeat,
            deliveries=runtime.deliveries,
            installations=runtime.installations,
            uninstalled_retention=timedelta(days=settings.uninstalled_retention_days),
        ),
        heartbeat,
    )
    background.start()
    return background


def make_wsgi(settings: Settings) -> WhoswhoWsgi:
    """Build one process's app; start its scheduler tick unless disabled."""
    runtime = build_runtime(settings)
    background = start_background(runtime, settings) if settings.scheduler_enabled else None
    return WhoswhoWsgi(runtime, background=background)


# Gunicorn -------------------------------------------------------------------------------------


class _RootLogger(GunicornLogger):  # type: ignore[misc]
    """Gunicorn's own lines go through the app's logging (its format, request ids and
    redaction) once the app has set logging up."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if logging.getLogger().handlers:
            for handler in list(self.error_log.handlers):
                self.error_log.removeHandler(handler)
            self.error_log.propagate = True


def _post_worker_init(worker: Any) -> None:
    """In each worker, once the app is loaded: SIGTERM also stops the scheduled work at once
    (gunicorn's own handler then lets the requests in flight finish)."""
    wsgi = getattr(worker, "wsgi", None)
    if not isinstance(wsgi, WhoswhoWsgi):
        return
    previous = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum: int, frame: Any) -> None:
        wsgi.begin_shutdown()
        if callable(previous):
            previous(signum, frame)

    signal.signal(signal.SIGTERM, on_sigterm)
    signal.siginterrupt(signal.SIGTERM, False)  # as gunicorn has it: requests not disturbed


def _worker_exit(_server: Any, worker: Any) -> None:
    """A worker's requests are done (or its graceful time is up): end its scheduled work."""
    wsgi = getattr(worker, "wsgi", None)
    if isinstance(wsgi, WhoswhoWsgi):
        wsgi.finish_shutdown()


def _child_exit(_server: Any, worker: Any) -> None:
    metrics.worker_exited(worker.pid)


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
            "graceful_timeout": GRACEFUL_TIMEOUT,
            "keepalive": 5,
            "accesslog": None,
            "loglevel": self._settings.log_level.lower(),
            "proc_name": "whoswho-locally",
            "logger_class": _RootLogger,
            "post_worker_init": _post_worker_init,
            "worker_exit": _worker_exit,
            "child_exit": _child_exit,
        }
        # gunicorn 27 opens a control socket in the home directory by default, which every
        # instance on a host would share; the app is managed by signals, not through it.
        if "control_socket_disable" in self.cfg.settings:
            options["control_socket_disable"] = True
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> WhoswhoWsgi:
        # Runs in each worker after the fork: engines and threads are never shared across it.
        return make_wsgi(self._settings)


def serve_http(settings: Settings) -> None:
    directory = settings.prometheus_multiproc_dir
    if directory is not None and metrics.multiprocess_mode():
        metrics.clear_multiprocess_directory(directory)  # before any worker writes there
    log.info("starting HTTP mode on %s port %s", settings.host, settings.port)
    GunicornServer(settings).run()


def serve_socket_mode(settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler  # noqa: PLC0415

    runtime = build_runtime(settings)
    background = start_background(runtime, settings) if settings.scheduler_enabled else None

    def on_sigterm(_signum: int, _frame: Any) -> None:
        raise SystemExit(0)  # out of the handler's wait, into the `finally` below

    signal.signal(signal.SIGTERM, on_sigterm)
    handler = SocketModeHandler(runtime.app, settings.secret("app"))
    log.info("starting Socket Mode")
    try:
        handler.start()  # type: ignore[no-untyped-call]
    finally:
        with contextlib.suppress(Exception):
            handler.close()  # type: ignore[no-untyped-call]
        if background is not None:
            background.stop()
