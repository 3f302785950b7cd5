"""The outbox's Slack edge: renders each due message and sends it, once.

`SlackDispatcher` implements `bot.domain.ports.Dispatcher`. Renderers, registered per kind,
turn an outbox payload into Web API arguments when the message is sent (so it carries the
latest words and data), or answer None when there is nothing to send any more.

Exactly once: every chat.postMessage carries Slack message metadata naming its outbox row
(`event_type` OUTBOX_EVENT_TYPE, `event_payload` {"outbox_id": id}). An attempt that may have
reached Slack without its outcome being recorded (the process died mid-send, Slack answered
5xx, the connection broke) leaves the row in doubt; before sending it again, the dispatcher
reads the conversation's history since the first attempt and, if the message is there, reports
it delivered instead of posting a second copy.

Errors come back as outcomes, never raised: a 429 (or `ratelimited`) is RetryLater for that
method with Slack's Retry-After; 5xx, timeouts and broken connections are RetryLater with
backoff; any other `ok: false` (a deactivated user, a channel the app left, bad blocks, a
missing scope) is Failed and not retried. The client given here must not retry or sleep on
its own (no retry handlers): the outbox does that, per method, without holding a thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from http.client import HTTPException
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.domain.outbox import (
    DIRECT_MESSAGE,
    Delivered,
    Failed,
    OutboxMessage,
    Outcome,
    RetryLater,
    Skipped,
)
from bot.i18n import t
from handlers.blocks import common
from handlers.clients import NotInstalledError, clients_for

if TYPE_CHECKING:
    from slack_sdk import WebClient
    from slack_sdk.web import SlackResponse

log = logging.getLogger(__name__)

POST_MESSAGE = "chat.postMessage"
OUTBOX_EVENT_TYPE = "whoswho_outbox"
# A renderer may address a message to a list of user ids: it goes to their group DM with the
# app, which Slack allows for up to 8 people besides the app. Mentoring groups have at most 6.
GROUP_DM_MAX_USERS = 8
HISTORY_PAGES = 3  # of 200 messages: how far back an in-doubt check reads
HISTORY_MARGIN = timedelta(minutes=10)  # our clock against Slack's
UNKNOWN_KIND_WAIT = 300.0  # seconds: a kind a newer release added, during a rolling upgrade

# Slack `error` codes that mean "try again later"; the first set may have done the work.
TRANSIENT_MAYBE_DONE = frozenset({"internal_error", "fatal_error", "service_unavailable"})
TRANSIENT = frozenset({"request_timeout", "ratelimited"})

Render = Callable[[OutboxMessage], dict[str, Any] | None]


class UnrenderableMessageError(ValueError):
    """The payload cannot become a message (a renderer's permanent failure)."""


@dataclass(frozen=True, slots=True)
class Renderer:
    method: str  # the Web API method its messages go through
    render: Render


class Renderers:
    """Kind -> how to send it. Each feature registers its kinds with `register`."""

    def __init__(self) -> None:
        self._by_kind: dict[str, Renderer] = {}

    def register(self, kind: str, method: str, render: Render) -> None:
        if kind in self._by_kind:
            raise ValueError(f"a renderer for {kind!r} is registered twice")
        self._by_kind[kind] = Renderer(method, render)

    def get(self, kind: str) -> Renderer | None:
        return self._by_kind.get(kind)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self._by_kind)


def _inert(value: Any) -> Any:
    return common.escape(value) if isinstance(value, str) else value


def render_direct_message(message: OutboxMessage) -> dict[str, Any]:
    """DIRECT_MESSAGE: {"user", "key", "params"} -> a DM of that catalogue text. Parameters
    are escaped: whatever a person typed cannot ping anyone from a DM."""
    user = message.payload.get("user")
    key = message.payload.get("key")
    params = message.payload.get("params") or {}
    if not (isinstance(user, str) and user and isinstance(key, str) and isinstance(params, dict)):
        raise UnrenderableMessageError("a direct message needs a user, a catalogue key and params")
    try:
        text = t(key, **{name: _inert(value) for name, value in params.items()})
    except (KeyError, IndexError, ValueError) as error:
        raise UnrenderableMessageError(f"catalogue key {key!r}: {type(error).__name__}") from error
    return {"channel": user, **common.message(text, [common.section(text)])}


def register_renderers(renderers: Renderers) -> None:
    """The generic kinds every feature may use."""
    renderers.register(DIRECT_MESSAGE, POST_MESSAGE, render_direct_message)


def build_renderers() -> Renderers:
    renderers = Renderers()
    register_renderers(renderers)
    return renderers


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
    return Failed(f"{error} ({method})")


class SlackDispatcher:
    def __init__(
        self, client: WebClient | Callable[[str], WebClient], renderers: Renderers
    ) -> None:
        """`client`: one client (one workspace), or each workspace's by its team_id."""
        self._clients = clients_for(client)
        self._renderers = renderers
        # (team id, user id) -> their DM's conversation id
        self._dm_channels: dict[tuple[str, str], str] = {}

    def method_for(self, message: OutboxMessage) -> str:
        renderer = self._renderers.get(message.kind)
        return renderer.method if renderer else POST_MESSAGE

    def deliver(self, message: OutboxMessage) -> Outcome:
        renderer = self._renderers.get(message.kind)
        if renderer is None:
            return RetryLater(
                f"no renderer for kind {message.kind!r} in this version",
                POST_MESSAGE,
                after_seconds=UNKNOWN_KIND_WAIT,
                maybe_delivered=message.in_doubt,
            )
        try:
            client = self._clients(message.team_id)
        except NotInstalledError:
            return Failed("the app is not installed in this workspace any more")
        arguments = self._render(client, renderer, message)
        if not isinstance(arguments, dict):
            return arguments
        if renderer.method == POST_MESSAGE:
            arguments = {
                **arguments,
                "metadata": {
                    "event_type": OUTBOX_EVENT_TYPE,
                    "event_payload": {"outbox_id": message.id},
                },
            }
            if message.in_doubt:
                earlier = self._find_earlier(client, message, str(arguments.get("channel", "")))
                if earlier is not None:
                    return earlier
        # Other methods (chat.update, views.publish) set state: sending again is harmless.
        answer = self._call(client, renderer.method, in_doubt=False, json=arguments)
        if not isinstance(answer, dict):
            return answer
        channel = str(answer.get("channel") or arguments.get("channel") or "")
        target = str(arguments.get("channel") or "")
        if target[:1] in {"U", "W"} and channel.startswith("D"):
            self._dm_channels[(message.team_id, target)] = channel
        ts = answer.get("ts") or (answer.get("message") or {}).get("ts") or ""
        return Delivered(f"{channel}:{ts}" if ts else channel)

    # Calls ----------------------------------------------------------------------------------

    def _call(
        self,
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

    def _render(
        self, client: WebClient, renderer: Renderer, message: OutboxMessage
    ) -> dict[str, Any] | Outcome:
        """The Web API arguments, with a list of people as the channel resolved to their
        group DM; or why there is nothing to send."""
        try:
            arguments = renderer.render(message)
        except UnrenderableMessageError as error:
            return Failed(f"cannot render: {error}")
        if arguments is None:
            return Skipped("nothing to send any more")
        if isinstance(arguments.get("channel"), list | tuple):
            group = self._group_conversation(client, [str(u) for u in arguments["channel"]])
            if not isinstance(group, str):
                return group
            arguments = {**arguments, "channel": group}
        return arguments

    def _group_conversation(self, client: WebClient, users: list[str]) -> str | Outcome:
        """The group DM of these people and the app (Slack answers the same one each time for
        the same people, so opening it again after a crash is harmless)."""
        if not 2 <= len(users) <= GROUP_DM_MAX_USERS:
            return Failed(f"a group conversation needs 2 to {GROUP_DM_MAX_USERS} people")
        answer = self._call(client, "conversations.open", in_doubt=False, users=",".join(users))
        if not isinstance(answer, dict):
            return answer
        found = str((answer.get("channel") or {}).get("id") or "")
        return found or Failed("conversations.open gave no channel")

    def _conversation(self, client: WebClient, team_id: str, channel: str) -> str | Outcome:
        """The conversation id to read history from: a user id means their DM with the app."""
        if channel[:1] not in {"U", "W"}:
            return channel
        known = self._dm_channels.get((team_id, channel))
        if known:
            return known
        answer = self._call(client, "conversations.open", in_doubt=True, users=channel)
        if not isinstance(answer, dict):
            return answer
        found = str((answer.get("channel") or {}).get("id") or "")
        if not found:
            return Failed("conversations.open gave no channel")
        self._dm_channels[(team_id, channel)] = found
        return found

    def _find_earlier(
        self, client: WebClient, message: OutboxMessage, channel: str
    ) -> Outcome | None:
        """Delivered (found) if an earlier attempt's message is in the conversation; None if
        it is not, or cannot be checked; RetryLater if the check must wait."""
        conversation = self._conversation(client, message.team_id, channel)
        if isinstance(conversation, str):
            outcome = self._search_history(client, message, conversation)
        else:
            outcome = conversation
        if isinstance(outcome, Failed):
            log.warning(
                "outbox cannot check an in-doubt message id=%s (%s); sending it again",
                message.id,
                outcome.reason,
            )
            return None
        return outcome

    def _search_history(
        self, client: WebClient, message: OutboxMessage, conversation: str
    ) -> Outcome | None:
        since = message.first_attempt_at
        oldest = f"{(since - HISTORY_MARGIN).timestamp():.6f}" if since else "0"
        cursor = ""
        for _ in range(HISTORY_PAGES):
            page: dict[str, Any] = {
                "channel": conversation,
                "oldest": oldest,
                "include_all_metadata": True,
                "limit": 200,
            }
            if cursor:
                page["cursor"] = cursor
            answer = self._call(client, "conversations.history", in_doubt=True, **page)
            if not isinstance(answer, dict):
                return answer
            for item in answer.get("messages") or []:
                metadata = item.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == OUTBOX_EVENT_TYPE and str(
                    payload.get("outbox_id")
                ) == str(message.id):
                    return Delivered(f"{conversation}:{item.get('ts', '')}", found=True)
            cursor = str((answer.get("response_metadata") or {}).get("next_cursor") or "")
            if not answer.get("has_more") or not cursor:
                return None
        log.warning("outbox in-doubt check read %d pages without an end", HISTORY_PAGES)
        return None
