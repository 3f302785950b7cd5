"""What Slack's answers mean for a call made for a listener, and which calls may be resent.

A 429 (or `ratelimited`) says how long to wait (`retry_after_of`; `SlackBusyError` when the app
itself declines to call). Server errors and broken connections are retried once, a quarter of a
second later, in the caller's thread (`listener_retry_handlers`), but only for calls that do no
harm if they are sent twice (`IDEMPOTENT`), or when the connection was refused (Slack never saw
the call). A post is never sent twice: every chat.postMessage carries Slack message metadata
with a fresh id of its own (`POST_EVENT_TYPE`, `{"post_id": ...}`, `with_post_id`), so that one
whose fate is unknown (`fate_unknown`) can be handed over as an `InDoubtPost` and looked for
before it is posted again.
"""

from __future__ import annotations

import copy
import hashlib
import json as jsonlib
import math
from dataclasses import dataclass
from http.client import HTTPException
from socket import gaierror
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.error import URLError
from urllib.parse import urlsplit

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from slack_sdk.http_retry.handler import RetryHandler
    from slack_sdk.http_retry.request import HttpRequest
    from slack_sdk.http_retry.response import HttpResponse
    from slack_sdk.http_retry.state import RetryState
    from slack_sdk.web import SlackResponse

DEFAULT_RETRY_AFTER = 1.0  # a 429 (or `ratelimited`) that says no Retry-After
LONGEST_RETRY_AFTER = 900.0  # a Retry-After beyond this is read as this
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


def call_arguments(call: dict[str, Any]) -> dict[str, Any]:
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


@dataclass(frozen=True, slots=True)
class HeldCall:
    """A call nobody waits for that Slack holds back (429): to be sent once `wait` seconds
    have passed. `place` names what a newer call of a REPLACING method replaces (the same
    message, view or Home tab); None for a call that adds something (a post)."""

    team_id: str | None
    method: str
    arguments: dict[str, Any]
    wait: float
    place: str | None


# Takes a held call to be sent once Slack allows (the outbox); False if it cannot.
HoldHandler: TypeAlias = "Callable[[HeldCall], bool]"


def place_of(method: str, arguments: dict[str, Any]) -> str | None:
    """What a call of a REPLACING method replaces, as one string ("C1:1700000000.000100",
    a view id, a person's Home tab); None for other calls, or when it names nothing."""
    names = REPLACING.get(method)
    if names is None:
        return None
    parts = [str(arguments.get(name) or "") for name in names]
    return ":".join(parts) if any(parts) else None


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
