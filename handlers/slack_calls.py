"""Web API calls made for listeners, under Slack's rate limits, without tying up their threads.

Slack answers a method called too often with 429 and Retry-After: the seconds to wait before
calling that method again, for that workspace. Sleeping that long in a listener's thread would
hold one of the few threads every request needs, and a trigger_id is dead after 3 s anyway. So:

- `RateLimitGate` (one per process, in `SlackCalls`) remembers, per workspace (its bot token)
  and Web API method, until when Slack said to wait.
- `GatedWebClient` asks the gate before each call. A method Slack is holding back fails fast
  with `SlackBusyError` (a `SlackApiError`, so code that copes with Slack's errors already copes
  with this one) without calling Slack again; a 429 closes the gate for Retry-After and raises
  the same. It waits in the caller's thread only when the wait left is at most
  `MAX_INLINE_WAIT`. The error guard tells the person "Slack is busy, try again in a moment".
- `deferrable(client)` is for calls whose answer the listener does not need (a confirmation in a
  DM, an announcement's update, the Home tab): the same client, but a call Slack is holding back
  is handed to `DeferredCalls`, which sends it once the wait is over, and the listener goes on
  at once. Each call handed over is sent once: in order with the calls before it to the same
  place, a newer update of the same message or view replacing one still waiting, retried after
  a 429, a 5xx or a broken connection (the last two only when sending twice is harmless) at most
  `MAX_ATTEMPTS` times in all, logged, and counted in the metrics.

Server errors and broken connections are retried once, a quarter of a second later, in the
caller's thread (`listener_retry_handlers`), but only for calls that do no harm if they are
sent twice (`IDEMPOTENT`), or when the connection was refused (Slack never saw the call).
Scheduled messages have their own client and their own handling of all this (the outbox).

A post is never sent twice: every chat.postMessage carries Slack message metadata with a
fresh id of its own (`POST_EVENT_TYPE`, `{"post_id": ...}`). When Slack answers it 5xx, or the
connection breaks after the request may have reached Slack, nobody knows whether it was
posted: the call is handed to `SlackCalls.in_doubt` (the outbox, given at composition), which
looks for that id in the conversation before it posts it, once, and the caller gets the
answer a deferred call gets. A post the outbox cannot take (no way to check its conversation)
fails as before, unsent a second time.
"""

from __future__ import annotations

import bisect
import contextvars
import copy
import hashlib
import itertools
import json as jsonlib
import logging
import math
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.client import HTTPException
from socket import gaierror
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.error import URLError
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.web import SlackResponse

from bot.metrics import SLACK_API_DEFERRED, SLACK_API_REFUSED

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from slack_sdk.http_retry.handler import RetryHandler
    from slack_sdk.http_retry.request import HttpRequest
    from slack_sdk.http_retry.response import HttpResponse
    from slack_sdk.http_retry.state import RetryState

log = logging.getLogger(__name__)

MAX_INLINE_WAIT = 0.5  # seconds a caller may wait for a method's gate to open, at most
DEFAULT_RETRY_AFTER = 1.0  # a 429 (or `ratelimited`) that says no Retry-After
LONGEST_RETRY_AFTER = 900.0  # a Retry-After beyond this is read as this
MAX_ATTEMPTS = 5  # calls to Slack for one deferred call, the first one included
MAX_PENDING = 1000  # deferred calls waiting at once; more are dropped (and logged)
SENDER_THREADS = 2
IDLE_SECONDS = 10.0  # a sender thread with nothing to send stops after this long
RETRY_BACKOFF = (1.0, 2.0, 4.0, 8.0)  # seconds before retrying after a 5xx or a broken link
INLINE_RETRY_INTERVAL = 0.25  # seconds before a caller's one retry after a 5xx or broken link

# Calls that may be sent twice without harm, the only ones resent after a 5xx or a broken
# connection: reads, and writes that set something to a value (or find the same thing again).
# Never a post (chat.postMessage, chat.postEphemeral, chat.scheduleMessage: a second copy),
# views.open or views.push (a trigger_id works once), or a file upload (a second file).
IDEMPOTENT = frozenset(
    {
        # reads
        "auth.test",
        "conversations.history",
        "conversations.info",
        "conversations.members",
        "conversations.replies",
        "team.info",
        "users.info",
        "users.list",
        "users.lookupByEmail",
        # writes that set a value, or open or join what is already there
        "chat.delete",
        "chat.update",
        "conversations.join",
        "conversations.open",
        "views.publish",
        "views.update",
    }
)
POST_MESSAGE = "chat.postMessage"
POST_EVENT_TYPE = "whoswho_post"  # the metadata every post carries: {"post_id": its own id}
# Slack `error` codes (with HTTP 200) after which the call may have been done all the same.
MAYBE_DONE_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable"})
# Calls that replace what the same earlier call showed: the newest one waiting is enough.
REPLACING: dict[str, tuple[str, ...]] = {
    "chat.update": ("channel", "ts"),
    "views.update": ("view_id", "external_id"),
    "views.publish": ("user_id",),
}
# Where other calls go, so that calls to one place keep their order.
PLACE_ARGUMENTS = ("channel", "user_id", "users", "view_id")


class SlackBusyError(SlackApiError):
    """Slack asked to wait `retry_after` seconds before `method` is called again (429)."""

    def __init__(self, method: str, retry_after: float, response: SlackResponse) -> None:
        super().__init__(  # type: ignore[no-untyped-call]
            f"Slack asked to wait {retry_after:.0f} s before calling {method} again", response
        )
        self.method = method
        self.retry_after = retry_after


def is_busy(error: BaseException) -> bool:
    """Whether `error` is Slack saying "too many calls, wait" (a 429 or `ratelimited`)."""
    if isinstance(error, SlackBusyError):
        return True
    return isinstance(error, SlackApiError) and retry_after_of(error.response) is not None


def retry_after_of(response: Any) -> float | None:
    """The seconds Slack asked to wait, when `response` is a rate-limit refusal; else None."""
    status = getattr(response, "status_code", None)
    data = getattr(response, "data", None)
    said = isinstance(data, dict) and data.get("error") == "ratelimited"
    limited = status == 429 or (status == 200 and said)
    if not limited:
        return None
    headers = getattr(response, "headers", None) or {}
    for name, value in dict(headers).items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) and value else value
            try:
                seconds = float(str(raw).strip())
            except ValueError:
                break
            if math.isfinite(seconds):
                return min(max(seconds, 0.0), LONGEST_RETRY_AFTER)
            break
    return DEFAULT_RETRY_AFTER


def workspace_key(token: str | None) -> str:
    """Slack's limits apply per workspace (and app): its bot token names it. Not the token."""
    if not token:
        return ""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def _arguments(call: dict[str, Any]) -> dict[str, Any]:
    for name in ("json", "data", "params"):
        value = call.get(name)
        if isinstance(value, dict):
            return value
    return {}


def method_of(url: str) -> str:
    """The Web API method a request's URL names (its last path segment)."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def never_reached_slack(error: BaseException | None) -> bool:
    """Whether a failed call certainly never reached Slack: the connection was refused, or
    Slack's name did not resolve. Anything else may have been read and acted on."""
    reason = error.reason if isinstance(error, URLError) else error
    return isinstance(reason, ConnectionRefusedError | gaierror)


def fate_unknown(error: BaseException) -> bool:
    """Whether a failed call may have been done all the same: a 5xx (or Slack's own word
    that it failed inside), or a connection that broke or timed out after it was made."""
    if isinstance(error, SlackBusyError):
        return False
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 0) or 0
        data = getattr(error.response, "data", None)
        said = data.get("error") if isinstance(data, dict) else None
        return status >= 500 or (status < 300 and said in MAYBE_DONE_ERRORS)
    return isinstance(error, OSError | HTTPException) and not never_reached_slack(error)


def with_post_id(arguments: dict[str, Any], post_id: str) -> dict[str, Any]:
    """A post's arguments carrying `post_id` in its metadata: the metadata the caller set,
    if any, with the id added to its event_payload; else POST_EVENT_TYPE's."""
    given = arguments.get("metadata")
    as_text = isinstance(given, str)
    try:
        metadata = jsonlib.loads(given) if isinstance(given, str) else copy.deepcopy(given)
    except ValueError:
        metadata = None
    if isinstance(metadata, dict) and metadata.get("event_type"):
        payload = metadata.get("event_payload")
        payload = dict(payload) if isinstance(payload, dict) else {}
        metadata = {**metadata, "event_payload": {**payload, "post_id": post_id}}
    else:
        metadata = {"event_type": POST_EVENT_TYPE, "event_payload": {"post_id": post_id}}
    return {**arguments, "metadata": jsonlib.dumps(metadata) if as_text else metadata}


def post_id_of(arguments: dict[str, Any]) -> str | None:
    metadata = arguments.get("metadata")
    if isinstance(metadata, str):
        try:
            metadata = jsonlib.loads(metadata)
        except ValueError:
            return None
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    found = payload.get("post_id") if isinstance(payload, dict) else None
    return str(found) if found else None


@dataclass(frozen=True, slots=True)
class InDoubtPost:
    """A chat.postMessage Slack may or may not have posted: its workspace (None when the
    client does not know it), its arguments as sent (metadata and its post_id included)."""

    team_id: str | None
    arguments: dict[str, Any]
    post_id: str


# Takes an in-doubt post to be checked and posted once (the outbox); False if it cannot.
InDoubtHandler: TypeAlias = "Callable[[InDoubtPost], bool]"


# The gate -------------------------------------------------------------------------------------


class RateLimitGate:
    """Until when Slack asked to wait, per (workspace, Web API method). Thread-safe."""

    MAX_ENTRIES = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def remaining(self, workspace: str, method: str) -> float:
        """Seconds left to wait before calling `method` (0: call now)."""
        with self._lock:
            until = self._until.get((workspace, method))
        if until is None:
            return 0.0
        return max(0.0, until - self._clock())

    def hold(self, workspace: str, method: str, seconds: float) -> None:
        """Slack asked to wait `seconds` before calling `method` again (a later wait wins)."""
        now = self._clock()
        until = now + max(0.0, seconds)
        with self._lock:
            key = (workspace, method)
            self._until[key] = max(until, self._until.get(key, 0.0))
            if len(self._until) > self.MAX_ENTRIES:
                self._until = {k: v for k, v in self._until.items() if v > now}


# The client -----------------------------------------------------------------------------------


class HarmlessServerErrorRetryHandler(ServerErrorRetryHandler):
    """slack_sdk's retry of a 500 or 503, for calls harmless to send twice only."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return method_of(request.url) in IDEMPOTENT and super()._can_retry(
            state=state, request=request, response=response, error=error
        )


class HarmlessConnectionErrorRetryHandler(ConnectionErrorRetryHandler):
    """slack_sdk's retry of a broken connection, for calls harmless to send twice, and for
    any call whose connection was refused (Slack never saw it)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        return never_reached_slack(error) or method_of(request.url) in IDEMPOTENT


def listener_retry_handlers(handlers: Sequence[RetryHandler] | None) -> list[RetryHandler]:
    """A listener's retry handlers: those that only watch (the metrics' observer) kept; no
    waiting out of 429s (the gate's work); one quick retry of a 5xx or a broken connection,
    only for a call harmless to send twice (or one that never reached Slack)."""
    builtin = (ConnectionErrorRetryHandler, ServerErrorRetryHandler, RateLimitErrorRetryHandler)
    kept = [handler for handler in handlers or [] if not isinstance(handler, builtin)]
    quick = FixedValueRetryIntervalCalculator(INLINE_RETRY_INTERVAL)
    return [
        *kept,
        HarmlessConnectionErrorRetryHandler(max_retry_count=1, interval_calculator=quick),
        HarmlessServerErrorRetryHandler(max_retry_count=1, interval_calculator=quick),
    ]


class GatedWebClient(WebClient):
    """A WebClient that fails fast, without calling Slack, for a method Slack is holding back,
    and remembers each 429 for every client sharing its `SlackCalls`. With `defer`, a call held
    back is handed to the background sender instead (see `deferrable`)."""

    def __init__(
        self,
        *,
        calls: SlackCalls,
        defer: bool = False,
        team_id: str | None = None,
        retry_handlers: list[RetryHandler] | None = None,
        **kwargs: Any,
    ) -> None:
        handlers = retry_handlers
        if handlers is not None:  # never sleep out a 429 in the caller's thread
            handlers = [h for h in handlers if not isinstance(h, RateLimitErrorRetryHandler)]
        super().__init__(team_id=team_id, retry_handlers=handlers, **kwargs)
        self.calls = calls
        self.defers = defer
        self.slack_team_id = team_id

    @property
    def workspace(self) -> str:
        return workspace_key(self.token)

    def copy(self, *, defer: bool | None = None, token: str | None = None) -> GatedWebClient:
        return GatedWebClient(
            token=token if token is not None else self.token,
            base_url=self.base_url,
            timeout=self.timeout,
            ssl=self.ssl,
            proxy=self.proxy,
            headers={k: v for k, v in self.headers.items() if k != "User-Agent"},
            team_id=self.slack_team_id,
            logger=self.logger,
            retry_handlers=list(self.retry_handlers),
            calls=self.calls,
            defer=self.defers if defer is None else defer,
        )

    def api_call(
        self,
        api_method: str,
        *,
        http_verb: str = "POST",
        files: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        auth: dict[str, Any] | None = None,
    ) -> SlackResponse:
        call: dict[str, Any] = {
            "http_verb": http_verb,
            "files": files,
            "data": data,
            "params": params,
            "json": json,
            "headers": headers,
            "auth": auth,
        }
        if api_method == POST_MESSAGE and files is None:
            for name in ("json", "data", "params"):  # where its arguments are (see _arguments)
                if isinstance(call[name], dict):
                    call[name] = with_post_id(call[name], uuid.uuid4().hex)
                    break
        if self.defers and files is None:
            return self.calls.send_or_defer(self, api_method, call)
        return self.calls.send(self, api_method, call)

    def send_to_slack(self, api_method: str, call: dict[str, Any]) -> SlackResponse:
        """The call itself, as WebClient makes it (its retry handlers included)."""
        arguments = dict(call)
        if arguments.get("headers") is not None:
            arguments["headers"] = dict(arguments["headers"])
        return WebClient.api_call(self, api_method, **arguments)


def deferrable(client: WebClient) -> WebClient:
    """`client`, for calls whose answer the caller does not need: when Slack is holding their
    method back they are sent later, in the background, and the caller gets at once an answer
    that says so (`{"ok": true, "deferred": true}`). Any other client is returned as it is."""
    if isinstance(client, GatedWebClient):
        return client if client.defers else client.copy(defer=True)
    return client


def listener_client(source: WebClient, calls: SlackCalls | None = None) -> GatedWebClient:
    """A gated client with `source`'s token, URL, timeout and observers (the app's client)."""
    return (calls or SlackCalls()).client_like(source)


# Sending now or later -------------------------------------------------------------------------


@dataclass
class _Deferred:
    client: GatedWebClient
    method: str
    call: dict[str, Any]
    lane: tuple[str, ...]
    replaces: bool
    not_before: float
    attempts: int
    context: contextvars.Context
    seq: int = 0
    queued_at: float = field(default=0.0)


class SlackCalls:
    """What every listener's client shares in one process: the gate and the background
    sender. `clock` and `sleep` are for tests."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        max_inline_wait: float = MAX_INLINE_WAIT,
        threads: int = SENDER_THREADS,
        max_attempts: int = MAX_ATTEMPTS,
        max_pending: int = MAX_PENDING,
        backoff: Sequence[float] = RETRY_BACKOFF,
    ) -> None:
        self.clock = clock
        self._sleep = sleep
        self.max_inline_wait = max_inline_wait
        self.gate = RateLimitGate(clock)
        self.later = DeferredCalls(
            self, threads=threads, max_attempts=max_attempts, max_pending=max_pending
        )
        self.backoff = tuple(backoff) or (1.0,)
        # Where a post whose fate is unknown goes to be checked and sent once (the outbox).
        self.in_doubt: InDoubtHandler | None = None

    def client_like(self, source: WebClient, *, token: str | None = None) -> GatedWebClient:
        """A gated client speaking as `source` does (a request's client, after Bolt has put the
        workspace's token in it), sharing this gate and sender."""
        if isinstance(source, GatedWebClient) and source.calls is self:
            return source.copy(token=token)
        team_id = source.default_params.get("team_id")
        return GatedWebClient(
            token=token if token is not None else source.token,
            base_url=source.base_url,
            timeout=source.timeout,
            ssl=source.ssl,
            proxy=source.proxy,
            headers={k: v for k, v in source.headers.items() if k != "User-Agent"},
            team_id=team_id if isinstance(team_id, str) else None,
            logger=source.logger,
            retry_handlers=listener_retry_handlers(source.retry_handlers),
            calls=self,
        )

    def _busy(self, client: GatedWebClient, method: str, wait: float) -> SlackBusyError:
        """The error for a call not made because the gate is closed for `wait` more seconds."""
        seconds = max(1, math.ceil(wait))
        response = SlackResponse(
            client=client,
            http_verb="POST",
            api_url=f"{client.base_url}{method}",
            req_args={},
            data={"ok": False, "error": "ratelimited"},
            headers={"Retry-After": str(seconds)},
            status_code=429,
        )
        return SlackBusyError(method, wait, response)

    def send(
        self, client: GatedWebClient, method: str, call: dict[str, Any], *, retried: bool = False
    ) -> SlackResponse:
        """Call Slack now, unless it asked to wait (then SlackBusyError, at once, or after a
        wait of at most `max_inline_wait`)."""
        wait = self.gate.remaining(client.workspace, method)
        if wait > self.max_inline_wait:
            SLACK_API_REFUSED.labels(method).inc()
            log.info(
                "Slack call not made: Slack asked to wait method=%s team_id=%s wait=%.1fs",
                method,
                client.slack_team_id,
                wait,
            )
            raise self._busy(client, method, wait)
        if wait > 0:
            self._sleep(wait)
        try:
            return client.send_to_slack(method, call)
        except (SlackApiError, OSError, HTTPException) as error:
            if fate_unknown(error) and self.hand_over(client, method, call, error):
                return self._accepted(client, method)
            if not isinstance(error, SlackApiError) or isinstance(error, SlackBusyError):
                raise
            seconds = retry_after_of(error.response)
            if seconds is None:
                raise
            self.gate.hold(client.workspace, method, seconds)
            log.info(
                "Slack rate-limited a call method=%s team_id=%s retry_after=%.0fs",
                method,
                client.slack_team_id,
                seconds,
            )
            if seconds <= self.max_inline_wait and not retried:
                return self.send(client, method, call, retried=True)
            raise SlackBusyError(method, seconds, error.response) from error

    def send_or_defer(
        self, client: GatedWebClient, method: str, call: dict[str, Any]
    ) -> SlackResponse:
        """Call Slack now; if it asks to wait (or already has), hand the call to the background
        sender, and answer that it will be sent."""
        lane = self.later.lane_of(client, method, call)
        wait = self.gate.remaining(client.workspace, method)
        if wait > 0 or self.later.has_pending(lane):
            self.later.defer(client, method, call, lane=lane, delay=wait, attempts=0)
            return self._accepted(client, method)
        try:
            return self.send(client, method, call)
        except SlackBusyError as busy:
            self.later.defer(client, method, call, lane=lane, delay=busy.retry_after, attempts=1)
            return self._accepted(client, method)

    def hand_over(
        self, client: GatedWebClient, method: str, call: dict[str, Any], error: BaseException
    ) -> bool:
        """A post Slack may or may not have posted, to `in_doubt` to be checked and sent
        once; whether it was taken (else it is not sent again, and fails as it did)."""
        arguments = _arguments(call)
        post_id = post_id_of(arguments)
        if method != POST_MESSAGE or self.in_doubt is None or call.get("files") or not post_id:
            return False
        kept = {key: value for key, value in arguments.items() if key != "token"}
        post = InDoubtPost(client.slack_team_id, copy.deepcopy(kept), post_id)
        try:
            taken = self.in_doubt(post)
        except Exception:
            log.exception("a post whose fate is unknown could not be handed over")
            return False
        log.log(
            logging.INFO if taken else logging.WARNING,
            "Slack post in doubt %s method=%s team_id=%s post_id=%s reason=%s",
            "handed to the outbox to be checked" if taken else "not sent again",
            method,
            client.slack_team_id,
            post_id,
            type(error).__name__,
        )
        return taken

    @staticmethod
    def _accepted(client: GatedWebClient, method: str) -> SlackResponse:
        return SlackResponse(
            client=client,
            http_verb="POST",
            api_url=f"{client.base_url}{method}",
            req_args={},
            data={"ok": True, "deferred": True},
            headers={},
            status_code=200,
        )


class DeferredCalls:
    """The background sender: a few threads (started when there is something to send, gone
    when there has been nothing for a while) sending calls handed over under a rate limit."""

    def __init__(
        self, calls: SlackCalls, *, threads: int, max_attempts: int, max_pending: int
    ) -> None:
        self._calls = calls
        self._threads = max(1, threads)
        self._max_attempts = max(1, max_attempts)
        self._max_pending = max(1, max_pending)
        self._queue: list[_Deferred] = []  # in the order they were handed over (seq)
        self._in_flight: set[tuple[str, ...]] = set()
        self._running = 0
        self._busy = 0
        self._seq = itertools.count(1)
        self._cond = threading.Condition()

    # Handing over -------------------------------------------------------------------------

    @staticmethod
    def lane_of(client: GatedWebClient, method: str, call: dict[str, Any]) -> tuple[str, ...]:
        """Calls in one lane are sent one at a time, in order: the same method to one place."""
        arguments = _arguments(call)
        names = REPLACING.get(method, PLACE_ARGUMENTS)
        place = [str(arguments.get(name) or "") for name in names]
        return (client.workspace, method, *place)

    def has_pending(self, lane: tuple[str, ...]) -> bool:
        with self._cond:
            return lane in self._in_flight or any(job.lane == lane for job in self._queue)

    def pending(self) -> int:
        """Calls waiting or being sent."""
        with self._cond:
            return len(self._queue) + self._busy

    def wait_until_idle(self, timeout: float) -> bool:
        """Wait until nothing is waiting or being sent; whether that happened in `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def defer(
        self,
        client: GatedWebClient,
        method: str,
        call: dict[str, Any],
        *,
        lane: tuple[str, ...],
        delay: float,
        attempts: int,
    ) -> None:
        now = self._calls.clock()
        job = _Deferred(
            client=client,
            method=method,
            call=copy.deepcopy(call),
            lane=lane,
            replaces=method in REPLACING,
            not_before=now + max(0.0, delay),
            attempts=attempts,
            context=contextvars.copy_context(),
            queued_at=now,
        )
        with self._cond:
            if job.replaces:
                for waiting in self._queue:
                    if waiting.lane == lane:  # not sent yet: send the newest instead
                        waiting.call, waiting.context = job.call, job.context
                        SLACK_API_DEFERRED.labels(method, "replaced").inc()
                        log.info("Slack call waiting replaced by a newer one method=%s", method)
                        return
            if len(self._queue) >= self._max_pending:
                SLACK_API_DEFERRED.labels(method, "dropped").inc()
                log.warning(
                    "Slack call dropped: too many waiting method=%s team_id=%s",
                    method,
                    client.slack_team_id,
                )
                return
            job.seq = next(self._seq)
            self._queue.append(job)
            if self._running < self._threads:
                self._running += 1
                threading.Thread(
                    target=self._work, name=f"whoswho-slack-later-{job.seq}", daemon=True
                ).start()
            self._cond.notify_all()
        SLACK_API_DEFERRED.labels(method, "deferred").inc()
        log.info(
            "Slack call deferred until Slack's wait is over method=%s team_id=%s wait=%.1fs",
            method,
            client.slack_team_id,
            max(0.0, delay),
        )

    # Sending ------------------------------------------------------------------------------

    def _next(self, now: float) -> tuple[_Deferred | None, float | None]:
        """The first call that may go now (the oldest of its lane, its lane idle, its wait
        over), else None and the seconds until one may."""
        seen: set[tuple[str, ...]] = set()
        soonest: float | None = None
        for job in self._queue:
            if job.lane in seen or job.lane in self._in_flight:
                seen.add(job.lane)
                continue
            seen.add(job.lane)
            if job.not_before <= now:
                return job, None
            left = job.not_before - now
            soonest = left if soonest is None else min(soonest, left)
        return None, soonest

    def _work(self) -> None:
        idle_since = time.monotonic()
        while True:
            with self._cond:
                job, wait = self._next(self._calls.clock())
                if job is None:
                    idle = time.monotonic() - idle_since
                    if not self._queue and idle >= IDLE_SECONDS:
                        self._running -= 1
                        return
                    self._cond.wait(min(wait if wait is not None else IDLE_SECONDS, 1.0))
                    continue
                self._queue.remove(job)
                self._in_flight.add(job.lane)
                self._busy += 1
            again: float | None = None
            try:
                again = job.context.run(self._attempt, job)
            finally:
                with self._cond:
                    self._in_flight.discard(job.lane)
                    self._busy -= 1
                    if again is not None:
                        job.not_before = self._calls.clock() + again
                        seqs = [waiting.seq for waiting in self._queue]
                        self._queue.insert(bisect.bisect(seqs, job.seq), job)
                    self._cond.notify_all()
                idle_since = time.monotonic()

    def _attempt(self, job: _Deferred) -> float | None:
        """Send `job` once; the seconds after which to try again, or None when it is done."""
        calls, method, client = self._calls, job.method, job.client
        wait = calls.gate.remaining(client.workspace, method)
        if wait > 0:  # another call was refused since: wait for the gate, no attempt spent
            return wait
        job.attempts += 1
        try:
            client.send_to_slack(method, job.call)
        except Exception as error:  # noqa: BLE001 - every failure is judged (and logged) below
            return self._after(job, error)
        SLACK_API_DEFERRED.labels(method, "sent").inc()
        log.info(
            "deferred Slack call sent method=%s team_id=%s attempts=%d waited=%.1fs",
            method,
            client.slack_team_id,
            job.attempts,
            calls.clock() - job.queued_at,
        )
        return None

    def _after(self, job: _Deferred, error: Exception) -> float | None:
        """After a failed attempt: the seconds after which to try again, or None (given up).
        A 429 is always tried again (Slack did nothing); a 5xx or a broken connection only for
        a call that does no harm if it did get through."""
        method = job.method
        if isinstance(error, SlackApiError):
            seconds = retry_after_of(error.response)
            if seconds is not None:
                self._calls.gate.hold(job.client.workspace, method, seconds)
                return self._again(job, seconds, "ratelimited")
            status = getattr(error.response, "status_code", 0) or 0
            if status >= 500 and method in IDEMPOTENT:
                return self._again(job, self._backoff(job), f"HTTP {status}")
            if fate_unknown(error) and self._handed_over(job, error):
                return None
            self._give_up(job, str(error.response.get("error") or f"HTTP {status}"))
        elif isinstance(error, OSError | HTTPException):  # a broken or timed-out connection
            if method in IDEMPOTENT or never_reached_slack(error):
                return self._again(job, self._backoff(job), type(error).__name__)
            if self._handed_over(job, error):
                return None
            self._give_up(job, type(error).__name__)
        else:
            log.error("deferred Slack call failed method=%s", method, exc_info=error)
            self._give_up(job, "unexpected")
        return None

    def _handed_over(self, job: _Deferred, error: Exception) -> bool:
        if not self._calls.hand_over(job.client, job.method, job.call, error):
            return False
        SLACK_API_DEFERRED.labels(job.method, "in_doubt").inc()
        return True

    def _backoff(self, job: _Deferred) -> float:
        backoff = self._calls.backoff
        return backoff[min(job.attempts, len(backoff)) - 1]

    def _again(self, job: _Deferred, seconds: float, why: str) -> float | None:
        if job.attempts >= self._max_attempts:
            self._give_up(job, why)
            return None
        log.info(
            "deferred Slack call to be tried again method=%s reason=%s in=%.1fs",
            job.method,
            why,
            seconds,
        )
        return seconds

    def _give_up(self, job: _Deferred, why: str) -> None:
        SLACK_API_DEFERRED.labels(job.method, "failed").inc()
        log.warning(
            "deferred Slack call not sent method=%s team_id=%s attempts=%d reason=%s",
            job.method,
            job.client.slack_team_id,
            job.attempts,
            why,
        )
