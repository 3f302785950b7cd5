"""The outbox's Slack edge: renders each due message and sends it, once.

`SlackDispatcher` implements `bot.domain.ports.Dispatcher`. Renderers, registered per kind,
turn an outbox payload into Web API arguments when the message is sent (so it carries the
latest words and data), or answer None when there is nothing to send any more.

Exactly once: every chat.postMessage carries Slack message metadata naming its outbox row
(`event_type` OUTBOX_EVENT_TYPE, `event_payload` {"outbox_id": id}). An attempt that may have
reached Slack without its outcome being recorded (the process died mid-send, Slack answered
5xx, the connection broke) leaves the row in doubt; before sending it again, the dispatcher
reads the conversation's history around the attempts and, if the message is there, reports
it delivered instead of posting a second copy.

A listener's post whose fate is unknown comes here too (`in_doubt_poster`): a row of kind
POST_AS_IS holding the call's arguments, in doubt since the listener's attempt, looked for by
the post id its metadata carries (handlers.slack.answers) and posted as it was only if absent.
Only posts to a person's DM are taken: the app may read a DM's history (im:history), not a
channel's or a group DM's.

History limits: Slack allows an app distributed outside the Slack Marketplace one
conversations.history call a minute per workspace, 15 messages a page; other apps (one
workspace's own, or listed in the Marketplace) about 50 calls a minute, up to 200 messages a
page. The check works under both: it reads only the window the attempts could have posted in
(`oldest`, and `latest` when there was one attempt), asks for pages of HISTORY_PAGE (the
limited regime gives 15), and when Slack says wait (429) the message waits, in doubt, never
sent meanwhile. Where a check stopped (429, or HISTORY_PAGES read) is remembered, so the next
check reads on from there and a long conversation is read through, never again from the top.

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
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
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
    ScheduledMessage,
    Skipped,
)
from bot.i18n import t
from handlers.slack.answers import MAYBE_DONE_ERRORS, InDoubtPost
from handlers.slack.clients import NotInstalledError, clients_for
from handlers.ui import common

if TYPE_CHECKING:
    from slack_sdk import WebClient
    from slack_sdk.web import SlackResponse

    from bot.clock import Clock
    from bot.services.outbox import OutboxService
    from handlers.slack.answers import InDoubtHandler

log = logging.getLogger(__name__)

POST_MESSAGE = "chat.postMessage"
HISTORY = "conversations.history"
OUTBOX_EVENT_TYPE = "whoswho_outbox"
# A listener's post whose fate is unknown: payload {"arguments": chat.postMessage's arguments}.
POST_AS_IS = "slack.post"
IN_DOUBT_SETTLE = timedelta(seconds=5)  # before the outbox looks for such a post
# A renderer may address a message to a list of user ids: it goes to their group DM with the
# app, which Slack allows for up to 8 people besides the app. Mentoring groups have at most 6.
GROUP_DM_MAX_USERS = 8
HISTORY_PAGE = 200  # messages asked for a page (Slack gives 15 to apps outside the Marketplace)
HISTORY_PAGES = 3  # pages one in-doubt check reads before it carries on at a later tick
HISTORY_MARGIN = timedelta(minutes=10)  # our clock against Slack's, and an attempt's length
HISTORY_CARRY_ON = 1.0  # seconds before a check that read HISTORY_PAGES pages reads on
CHECKS_KEPT = 10_000  # checks under way remembered at once (the oldest forgotten first)
UNKNOWN_KIND_WAIT = 300.0  # seconds: a kind a newer release added, during a rolling upgrade

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


class Renderers:
    """Kind -> how to send it. Each feature registers its kinds with `register`."""

    def __init__(self) -> None:
        self._by_kind: dict[str, Renderer] = {}

    def register(
        self, kind: str, method: str, render: Render, *, delivered: OnDelivered | None = None
    ) -> None:
        """`delivered`, if given, is told where each message of the kind went once it is in
        Slack (an announcement records its ts there, to update it later)."""
        if kind in self._by_kind:
            raise ValueError(f"a renderer for {kind!r} is registered twice")
        self._by_kind[kind] = Renderer(method, render, delivered)

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


def render_post_as_is(message: OutboxMessage) -> dict[str, Any]:
    """POST_AS_IS: {"arguments": ...} -> those chat.postMessage arguments, as the listener
    sent them (its words were rendered then; its metadata names the post)."""
    arguments = message.payload.get("arguments")
    if not isinstance(arguments, dict) or not isinstance(arguments.get("channel"), str):
        raise UnrenderableMessageError("a post needs its arguments, with a channel")
    return dict(arguments)


def register_renderers(renderers: Renderers) -> None:
    """The generic kinds every feature may use."""
    renderers.register(DIRECT_MESSAGE, POST_MESSAGE, render_direct_message)
    renderers.register(POST_AS_IS, POST_MESSAGE, render_post_as_is)


def can_check(channel: object) -> bool:
    """Whether an in-doubt post to `channel` can be looked for: a person's DM (im:history)."""
    return isinstance(channel, str) and channel[:1] in {"U", "W", "D"}


def in_doubt_poster(outbox: OutboxService, clock: Clock) -> InDoubtHandler:
    """Where the listeners' posts whose fate is unknown go (`SlackCalls.in_doubt`): each DM
    becomes an outbox row of kind POST_AS_IS, in doubt since now, due in a few seconds."""

    def take(post: InDoubtPost) -> bool:
        if not post.team_id or not can_check(post.arguments.get("channel")):
            return False
        now = clock.now()
        message = ScheduledMessage(
            team_id=post.team_id,
            kind=POST_AS_IS,
            key=f"post:{post.post_id}",
            due_at=now + IN_DOUBT_SETTLE,
            payload={"arguments": post.arguments},
            in_doubt_since=now,
        )
        outbox.schedule([message])
        return True

    return take


def _timestamp(moment: datetime) -> str:
    return f"{max(moment.timestamp(), 0.0):.6f}"


def _earliest(stamps: list[str]) -> str | None:
    """The earliest of Slack message timestamps (compared exactly, not as floats)."""
    try:
        return min(stamps, key=Decimal) if stamps else None
    except InvalidOperation:
        return None


def _identity(message: OutboxMessage, arguments: Mapping[str, Any]) -> tuple[str, str, str]:
    """How the message is recognised in Slack: (event type, payload key, value)."""
    metadata = arguments.get("metadata")
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    if isinstance(metadata, dict) and isinstance(payload, dict) and payload.get("post_id"):
        return str(metadata.get("event_type")), "post_id", str(payload["post_id"])
    return OUTBOX_EVENT_TYPE, "outbox_id", str(message.id)


@dataclass(frozen=True, slots=True)
class _Window:
    """What an in-doubt check has still to read: messages after `oldest` and before
    `latest` (None: up to now), newest first. Both are Slack timestamps."""

    oldest: str
    latest: str | None


def _window(message: OutboxMessage) -> _Window:
    """The messages an earlier attempt may have posted: from the first attempt (less the
    margin) to the last one (plus the margin) when only one was made before this one; up to
    now otherwise."""
    since = message.first_attempt_at
    if since is None:
        return _Window("0", None)
    latest = _timestamp(since + HISTORY_MARGIN) if message.attempts <= 2 else None
    return _Window(_timestamp(since - HISTORY_MARGIN), latest)


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
    if error == MISSING_SCOPE and data.get("needed"):  # Slack names the scope not granted
        return Failed(f"{error} {data['needed']} ({method})")
    return Failed(f"{error} ({method})")


class SlackDispatcher:
    def __init__(
        self,
        client: WebClient | Callable[[str], WebClient],
        renderers: Renderers,
        *,
        clock: Clock | None = None,
    ) -> None:
        """`client`: one client (one workspace), or each workspace's by its team_id. `clock`:
        the outbox's (how long Slack said to wait for history is measured by it)."""
        self._clients = clients_for(client)
        self._renderers = renderers
        self._clock = clock
        # (team id, user id) -> their DM's conversation id
        self._dm_channels: dict[tuple[str, str], str] = {}
        # outbox id -> what its in-doubt check has still to read, where one stopped
        self._checks: dict[int, _Window] = {}
        # team id -> until when Slack said to wait before reading history again
        self._history_held: dict[str, datetime] = {}

    def _now(self) -> datetime:
        return self._clock.now() if self._clock is not None else datetime.now(UTC)

    def method_for(self, message: OutboxMessage) -> str:
        renderer = self._renderers.get(message.kind)
        return renderer.method if renderer else POST_MESSAGE

    def deliver(self, message: OutboxMessage) -> Outcome:
        outcome = self._deliver(message)
        renderer = self._renderers.get(message.kind)
        if isinstance(outcome, Delivered) and renderer is not None and renderer.delivered:
            try:
                renderer.delivered(message, outcome.ref)
            except Exception:  # it is posted: sending it again would post it twice
                log.exception("recording a delivery failed id=%s kind=%s", message.id, message.kind)
        return outcome

    def _deliver(self, message: OutboxMessage) -> Outcome:
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
            if _identity(message, arguments)[1] == "outbox_id":
                arguments = {
                    **arguments,
                    "metadata": {
                        "event_type": OUTBOX_EVENT_TYPE,
                        "event_payload": {"outbox_id": message.id},
                    },
                }
            if message.in_doubt:
                earlier = self._find_earlier(client, message, arguments)
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
        self, client: WebClient, message: OutboxMessage, arguments: Mapping[str, Any]
    ) -> Outcome | None:
        """Delivered (found) if an earlier attempt's message is in the conversation; None if
        it is not, or cannot be checked; RetryLater if the check must wait."""
        channel = str(arguments.get("channel", ""))
        conversation = self._conversation(client, message.team_id, channel)
        if isinstance(conversation, str):
            identity = _identity(message, arguments)
            outcome = self._search_history(client, message, conversation, identity)
        else:
            outcome = conversation
        if isinstance(outcome, Failed):
            if outcome.reason.startswith(MISSING_SCOPE):
                # Installed before the app asked for the scope. Holding the message back
                # could lose it; sending it again may show it twice, until an admin reinstalls.
                log.warning(
                    "outbox cannot check an in-doubt message id=%s in workspace %s: the app "
                    "was not granted a scope it needs there (%s); sending it again, so it may "
                    "arrive twice. A workspace admin should reinstall the app to grant it.",
                    message.id,
                    message.team_id,
                    outcome.reason,
                )
                return None
            log.warning(
                "outbox cannot check an in-doubt message id=%s (%s); sending it again",
                message.id,
                outcome.reason,
            )
            return None
        return outcome

    def _search_history(
        self,
        client: WebClient,
        message: OutboxMessage,
        conversation: str,
        identity: tuple[str, str, str],
    ) -> Outcome | None:
        """Read the window an earlier attempt may have posted in, newest first, from where an
        earlier check stopped. Delivered (found), None (not there), or RetryLater: Slack said
        wait (the message waits, in doubt), or HISTORY_PAGES were read (it reads on later)."""
        window = self._checks.pop(message.id, None) or _window(message)
        held = self._history_held.get(message.team_id)
        now = self._now()
        if held is not None and held > now:  # Slack said wait: do not ask before it is over
            self._remember(message.id, window)
            return RetryLater(
                f"rate limited ({HISTORY})",
                HISTORY,
                after_seconds=(held - now).total_seconds(),
                throttled=True,
                maybe_delivered=True,
            )
        event_type, key, value = identity
        for _ in range(HISTORY_PAGES):
            page: dict[str, Any] = {
                "channel": conversation,
                "oldest": window.oldest,
                "include_all_metadata": True,
                "limit": HISTORY_PAGE,
            }
            if window.latest is not None:
                page["latest"] = window.latest
            answer = self._call(client, HISTORY, in_doubt=True, **page)
            if not isinstance(answer, dict):
                if isinstance(answer, RetryLater):
                    self._remember(message.id, window)
                    if answer.throttled:
                        wait = timedelta(seconds=answer.after_seconds or 1.0)
                        self._history_held[message.team_id] = self._now() + wait
                return answer
            items = answer.get("messages") or []
            for item in items:
                metadata = item.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == event_type and str(payload.get(key)) == value:
                    return Delivered(f"{conversation}:{item.get('ts', '')}", found=True)
            earliest = _earliest([str(item["ts"]) for item in items if item.get("ts")])
            if not answer.get("has_more") or earliest is None:
                return None
            window = _Window(window.oldest, earliest)  # read on, before the oldest read
        self._remember(message.id, window)
        log.info("outbox in-doubt check read %d pages; reads on later", HISTORY_PAGES)
        return RetryLater(
            "in-doubt check under way (a long conversation)",
            HISTORY,
            after_seconds=HISTORY_CARRY_ON,
            throttled=True,
            maybe_delivered=True,
        )

    def _remember(self, message_id: int, window: _Window) -> None:
        self._checks[message_id] = window
        while len(self._checks) > CHECKS_KEPT:
            self._checks.pop(next(iter(self._checks)))
