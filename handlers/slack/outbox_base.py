"""What the outbox's Slack edge is made of: renderers by kind, and one Web API call with what
its failure means for the message (see handlers.slack.outbox).

Errors come back as outcomes, never raised: a 429 (or `ratelimited`) is RetryLater for that
method with Slack's Retry-After; 5xx, timeouts and broken connections are RetryLater with
backoff; any other `ok: false` (a deactivated user, a channel the app left, bad blocks, a
missing scope) is Failed and not retried. The client given here must not retry or sleep on
its own (no retry handlers): the outbox does that, per method, without holding a thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.client import HTTPException
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.domain.outbox import Failed, OutboxMessage, Outcome, RetryLater
from handlers.slack.answers import MAYBE_DONE_ERRORS

if TYPE_CHECKING:
    from slack_sdk import WebClient
    from slack_sdk.web import SlackResponse

POST_MESSAGE = "chat.postMessage"
HISTORY = "conversations.history"
OUTBOX_EVENT_TYPE = "whoswho_outbox"

# Slack `error` codes that mean "try again later"; the first set may have done the work.
TRANSIENT_MAYBE_DONE = MAYBE_DONE_ERRORS
TRANSIENT = frozenset({"request_timeout", "ratelimited"})
MISSING_SCOPE = "missing_scope"  # the workspace did not grant the app a scope the call needs

Render = Callable[[OutboxMessage], dict[str, Any] | None]
# Told where a message went ("C0123:1700000000.000100") once it is in Slack.
OnDelivered = Callable[[OutboxMessage, str], None]


class UnrenderableMessageError(ValueError):
    """The payload cannot become a message (a renderer's permanent failure)."""


@dataclass(frozen=True, slots=True)
class Renderer:
    method: str  # the Web API method its messages go through
    render: Render
    delivered: OnDelivered | None = None
    # The payload field naming the channel a DM is about (a welcome: the channel joined): a
    # reader who has chosen no language reads it in that channel's language.
    seen_in: str | None = None


class Renderers:
    """Kind -> how to send it. Each feature registers its kinds with `register`."""

    def __init__(self) -> None:
        self._by_kind: dict[str, Renderer] = {}

    def register(
        self,
        kind: str,
        method: str,
        render: Render,
        *,
        delivered: OnDelivered | None = None,
        seen_in: str | None = None,
    ) -> None:
        """`delivered`, if given, is told where each message of the kind went once it is in
        Slack (an announcement records its ts there, to update it later). `seen_in`: see
        Renderer."""
        if kind in self._by_kind:
            raise ValueError(f"a renderer for {kind!r} is registered twice")
        self._by_kind[kind] = Renderer(method, render, delivered, seen_in)

    def get(self, kind: str) -> Renderer | None:
        return self._by_kind.get(kind)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self._by_kind)


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            found = value[0] if isinstance(value, list) and value else value
            return str(found)
    return None


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def error_outcome(method: str, response: SlackResponse, *, in_doubt: bool) -> Outcome:
    """What an error answer from Slack means for the message. `in_doubt`: whether the message
    may already have been delivered if this call did nothing."""
    status = response.status_code
    data = response.data if isinstance(response.data, dict) else {}
    error = str(data.get("error") or f"HTTP {status}")
    after = _seconds(_header(response.headers or {}, "Retry-After"))
    posting = method == POST_MESSAGE
    if status == 429 or (status < 500 and error == "ratelimited"):
        return RetryLater(
            f"rate limited ({method})",
            method,
            after_seconds=after or 1.0,
            throttled=True,
            maybe_delivered=in_doubt,
        )
    if status >= 500 or error in TRANSIENT_MAYBE_DONE:
        reason = f"HTTP {status}" if status >= 500 else error
        return RetryLater(
            f"{reason} ({method})", method, after_seconds=after, maybe_delivered=in_doubt or posting
        )
    if error in TRANSIENT:
        return RetryLater(f"{error} ({method})", method, maybe_delivered=in_doubt)
    if error == MISSING_SCOPE and data.get("needed"):  # Slack names the scope not granted
        return Failed(f"{error} {data['needed']} ({method})")
    return Failed(f"{error} ({method})")


def call_slack(
    client: WebClient,
    method: str,
    *,
    in_doubt: bool,
    json: dict[str, Any] | None = None,
    **params: Any,
) -> dict[str, Any] | Outcome:
    """One Web API call: its data, or what its failure means for the message."""
    try:
        if json is not None:
            response = client.api_call(method, json=json)
        else:
            response = client.api_call(method, params=params)
    except SlackApiError as error:
        return error_outcome(method, error.response, in_doubt=in_doubt)
    except (OSError, HTTPException) as error:  # URLError, timeouts, resets, bad answers
        refused = isinstance(getattr(error, "reason", error), ConnectionRefusedError)
        return RetryLater(
            f"connection: {type(error).__name__} ({method})",
            method,
            maybe_delivered=in_doubt or (method == POST_MESSAGE and not refused),
        )
    return response.data if isinstance(response.data, dict) else {}
