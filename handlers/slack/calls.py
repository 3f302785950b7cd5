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
  DM, an announcement's update, the Home tab): the same client, sent at once while Slack allows
  it, but a call Slack is holding back is handed to `SlackCalls.hold` (the outbox, given at
  composition) as a `HeldCall`, due when Slack's wait is over, and the listener goes on at
  once. The outbox keeps it in the database (a process that stops loses nothing), sends it
  once, honours Retry-After per method and retries at most its attempts; a newer update of the
  same message or view replaces one still waiting there. While a call to one place waits in
  the outbox, later calls to that place wait behind it (`HOLD_ORDER`), so they keep their
  order. Without the outbox (or a workspace to name) the call fails fast, as any other.

Server errors and broken connections are retried once, a quarter of a second later, in the
caller's thread (`listener_retry_handlers`), but only for calls that do no harm if they are
sent twice (`IDEMPOTENT`), or when the connection was refused (Slack never saw the call).
Scheduled messages have their own client and their own handling of all this (the outbox).

What Slack's answers mean and which calls may be resent live in `handlers.slack.answers`; how
the outbox takes held calls in `handlers.slack.outbox_kinds`.

A post is never sent twice: every chat.postMessage carries Slack message metadata with a
fresh id of its own (`POST_EVENT_TYPE`, `{"post_id": ...}`). When Slack answers it 5xx, or the
connection breaks after the request may have reached Slack, nobody knows whether it was
posted: the call is handed to `SlackCalls.in_doubt` (the outbox, given at composition), which
looks for that id in the conversation before it posts it, once, and the caller gets the
answer a held call gets. A post the outbox cannot take (no way to check its conversation)
fails as before, unsent a second time.
"""

from __future__ import annotations

import copy
import logging
import math
import threading
import time
import uuid
from http.client import HTTPException
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.web import SlackResponse

from bot.metrics import SLACK_API_DEFERRED, SLACK_API_REFUSED
from handlers.slack.answers import (
    PLACE_ARGUMENTS,
    POST_MESSAGE,
    REPLACING,
    HeldCall,
    InDoubtPost,
    SlackBusyError,
    call_arguments,
    fate_unknown,
    listener_retry_handlers,
    place_of,
    post_id_of,
    retry_after_of,
    with_post_id,
    workspace_key,
)
from handlers.slack.gate import RateLimitGate

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_sdk.http_retry.handler import RetryHandler

    from handlers.slack.answers import HoldHandler, InDoubtHandler

__all__ = [
    "GatedWebClient",
    "RateLimitGate",
    "SlackCalls",
    "deferrable",
    "lane_of",
    "listener_client",
]

log = logging.getLogger(__name__)

MAX_INLINE_WAIT = 0.5  # seconds a caller may wait for a method's gate to open, at most
# Seconds, after Slack's wait, during which later calls to a place whose call waits in the
# outbox wait there too (the outbox sends what is due within a tick or two), keeping order.
HOLD_ORDER = 30.0
MAX_LANES = 10_000  # places remembered at once as having a call in the outbox


class GatedWebClient(WebClient):
    """A WebClient that fails fast, without calling Slack, for a method Slack is holding back,
    and remembers each 429 for every client sharing its `SlackCalls`. With `defer`, a call held
    back is handed to the outbox instead (see `deferrable`)."""

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
            for name in ("json", "data", "params"):  # where its arguments are (see call_arguments)
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
    method back they are sent later, by the outbox, and the caller gets at once an answer that
    says so (`{"ok": true, "deferred": true}`). Any other client is returned as it is."""
    if isinstance(client, GatedWebClient):
        return client if client.defers else client.copy(defer=True)
    return client


def listener_client(source: WebClient, calls: SlackCalls | None = None) -> GatedWebClient:
    """A gated client with `source`'s token, URL, timeout and observers (the app's client)."""
    return (calls or SlackCalls()).client_like(source)


def lane_of(client: GatedWebClient, method: str, call: dict[str, Any]) -> tuple[str, ...]:
    """Calls in one lane keep their order: the same method to one place of one workspace."""
    arguments = call_arguments(call)
    names = REPLACING.get(method, PLACE_ARGUMENTS)
    place = [str(arguments.get(name) or "") for name in names]
    return (client.workspace, method, *place)


class SlackCalls:
    """What every listener's client shares in one process: the gate, and where calls held back
    go (`hold`, the outbox) and posts whose fate is unknown (`in_doubt`), both given at
    composition. `clock` and `sleep` are for tests."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        max_inline_wait: float = MAX_INLINE_WAIT,
        hold_order: float = HOLD_ORDER,
    ) -> None:
        self.clock = clock
        self._sleep = sleep
        self.max_inline_wait = max_inline_wait
        self.gate = RateLimitGate(clock)
        self._hold_order = hold_order
        # Lanes with a call handed to the outbox, and until when later calls wait behind it.
        self._held: dict[tuple[str, ...], float] = {}
        self._held_lock = threading.Lock()
        # Where a call Slack holds back goes to be sent once the wait is over (the outbox).
        self.hold: HoldHandler | None = None
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
        """Call Slack now; if it asks to wait (or already has, or a call to the same place is
        waiting in the outbox), hand the call to the outbox and answer that it will be sent."""
        lane = lane_of(client, method, call)
        wait = self.gate.remaining(client.workspace, method)
        if (wait > 0 or self._waiting(lane)) and self._hand_to_outbox(
            client, method, call, lane, wait
        ):
            return self._accepted(client, method)
        try:
            return self.send(client, method, call)
        except SlackBusyError as busy:
            if self._hand_to_outbox(client, method, call, lane, busy.retry_after):
                return self._accepted(client, method)
            raise

    def _waiting(self, lane: tuple[str, ...]) -> bool:
        with self._held_lock:
            until = self._held.get(lane)
        return until is not None and until > self.clock()

    def _hand_to_outbox(
        self,
        client: GatedWebClient,
        method: str,
        call: dict[str, Any],
        lane: tuple[str, ...],
        wait: float,
    ) -> bool:
        """Give a call Slack holds back to `hold`, due in `wait` seconds; whether it took it."""
        if self.hold is None or call.get("files"):
            return False
        arguments = {k: v for k, v in call_arguments(call).items() if k != "token"}
        held = HeldCall(
            team_id=client.slack_team_id,
            method=method,
            arguments=copy.deepcopy(arguments),
            wait=max(0.0, wait),
            place=place_of(method, arguments),
        )
        try:
            taken = self.hold(held)
        except Exception:
            log.exception("a call Slack held back could not be handed to the outbox")
            return False
        if not taken:
            return False
        now = self.clock()
        with self._held_lock:
            self._held[lane] = max(self._held.get(lane, now), now + held.wait + self._hold_order)
            if len(self._held) > MAX_LANES:
                self._held = {key: until for key, until in self._held.items() if until > now}
        SLACK_API_DEFERRED.labels(method, "deferred").inc()
        log.info(
            "Slack call handed to the outbox until Slack's wait is over method=%s team_id=%s "
            "wait=%.1fs",
            method,
            client.slack_team_id,
            held.wait,
        )
        return True

    def hand_over(
        self, client: GatedWebClient, method: str, call: dict[str, Any], error: BaseException
    ) -> bool:
        """A post Slack may or may not have posted, to `in_doubt` to be checked and sent
        once; whether it was taken (else it is not sent again, and fails as it did)."""
        arguments = call_arguments(call)
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
