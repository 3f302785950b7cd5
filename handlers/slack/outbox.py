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

How the history is read within Slack's limits is in handlers.slack.outbox_history.

Errors come back as outcomes, never raised (handlers.slack.outbox_base). The generic kinds,
and how the listeners' posts in doubt and calls held back by a 429 become rows, are in
handlers.slack.outbox_kinds.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.domain.outbox import Delivered, Failed, OutboxMessage, Outcome, RetryLater, Skipped
from bot.i18n import ENGLISH, use_language
from handlers.slack.clients import NotInstalledError, clients_for
from handlers.slack.outbox_base import (
    OUTBOX_EVENT_TYPE,
    POST_MESSAGE,
    Renderer,
    Renderers,
    UnrenderableMessageError,
    call_slack,
)
from handlers.slack.outbox_history import (
    HistoryCheck,
    identity_of,
)
from handlers.slack.outbox_kinds import HELD_KINDS, POST_AS_IS
from handlers.slack.reader_language import reader_language
from handlers.ui.bilingual import render_in

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from slack_sdk import WebClient

    from bot.clock import Clock
    from handlers.slack.reader_language import ReaderLanguages


log = logging.getLogger(__name__)

# A renderer may address a message to a list of user ids: it goes to their group DM with the
# app, which Slack allows for up to 8 people besides the app. Mentoring groups have at most 6.
GROUP_DM_MAX_USERS = 8
UNKNOWN_KIND_WAIT = 300.0  # seconds: a kind a newer release added, during a rolling upgrade
# Kinds whose words were rendered when they were made (a listener's own post or call): sent as
# they are, in the language of the person whose request made them.
AS_IS_KINDS = frozenset({POST_AS_IS, *HELD_KINDS.values()})


class _NothingToSendError(Exception):
    """A renderer that had a message in English has none in the reader's language."""


class SlackDispatcher:
    def __init__(
        self,
        client: WebClient | Callable[[str], WebClient],
        renderers: Renderers,
        *,
        clock: Clock | None = None,
        languages: ReaderLanguages | None = None,
    ) -> None:
        """`client`: one client (one workspace), or each workspace's by its team_id. `clock`:
        the outbox's (how long Slack said to wait for history is measured by it).
        `languages`: each message is rendered in its reader's language (else in English)."""
        self._clients = clients_for(client)
        self._renderers = renderers
        self._languages = languages
        self._history = HistoryCheck(clock)

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
            if identity_of(message, arguments)[1] == "outbox_id":
                arguments = {
                    **arguments,
                    "metadata": {
                        "event_type": OUTBOX_EVENT_TYPE,
                        "event_payload": {"outbox_id": message.id},
                    },
                }
            if message.in_doubt:
                earlier = self._history.find_earlier(client, message, arguments)
                if earlier is not None:
                    return earlier
        # Other methods (chat.update, views.publish) set state: sending again is harmless.
        answer = call_slack(client, renderer.method, in_doubt=False, json=arguments)
        if not isinstance(answer, dict):
            return answer
        channel = str(answer.get("channel") or arguments.get("channel") or "")
        target = str(arguments.get("channel") or "")
        if target[:1] in {"U", "W"} and channel.startswith("D"):
            self._history.remember_dm(message.team_id, target, channel)
        ts = answer.get("ts") or (answer.get("message") or {}).get("ts") or ""
        return Delivered(f"{channel}:{ts}" if ts else channel)

    def _render(
        self, client: WebClient, renderer: Renderer, message: OutboxMessage
    ) -> dict[str, Any] | Outcome:
        """The Web API arguments, with a list of people as the channel resolved to their
        group DM; or why there is nothing to send."""
        try:
            with use_language(ENGLISH):
                arguments = renderer.render(message)
            if arguments is not None:
                arguments = self._in_readers_language(renderer, message, arguments)
        except UnrenderableMessageError as error:
            return Failed(f"cannot render: {error}")
        except _NothingToSendError:
            arguments = None
        if arguments is None:
            return Skipped("nothing to send any more")
        if isinstance(arguments.get("channel"), list | tuple):
            group = self._group_conversation(client, [str(u) for u in arguments["channel"]])
            if not isinstance(group, str):
                return group
            arguments = {**arguments, "channel": group}
        return arguments

    def _in_readers_language(
        self, renderer: Renderer, message: OutboxMessage, arguments: dict[str, Any]
    ) -> dict[str, Any]:
        """The message rendered again, now, in the language its reader takes, when that is not
        English (whom it goes to is known once it is rendered)."""
        if self._languages is None or message.kind in AS_IS_KINDS:
            return arguments
        about = message.payload.get(renderer.seen_in) if renderer.seen_in else None
        language = reader_language(
            self._languages,
            message.team_id,
            arguments,
            about=about if isinstance(about, str) else None,
        )
        if language == ENGLISH:
            return arguments

        def build() -> dict[str, Any]:
            again = renderer.render(message)
            if again is None:
                raise _NothingToSendError
            return again

        return render_in(language, build)

    def _group_conversation(self, client: WebClient, users: list[str]) -> str | Outcome:
        """The group DM of these people and the app (Slack answers the same one each time for
        the same people, so opening it again after a crash is harmless)."""
        if not 2 <= len(users) <= GROUP_DM_MAX_USERS:
            return Failed(f"a group conversation needs 2 to {GROUP_DM_MAX_USERS} people")
        answer = call_slack(client, "conversations.open", in_doubt=False, users=",".join(users))
        if not isinstance(answer, dict):
            return answer
        found = str((answer.get("channel") or {}).get("id") or "")
        return found or Failed("conversations.open gave no channel")
