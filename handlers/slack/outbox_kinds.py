"""The outbox's generic kinds, which any feature (or the Slack plumbing) may use, and how the
listeners' calls become outbox rows.

- DIRECT_MESSAGE: a DM of catalogue text (bot.domain.outbox).
- POST_AS_IS, payload {"arguments": chat.postMessage's arguments}: a listener's post, rendered
  when the listener made it. Two ways in: a post whose fate is unknown (`in_doubt_poster`,
  written in doubt, looked for in the DM before it is posted), and a post Slack held back with
  a 429 (`held_call_poster`, due when Slack's wait is over).
- HELD_KINDS, payload {"arguments": the call's arguments}: a listener's chat.update,
  views.publish or views.update that Slack held back, due when the wait is over. Its key names
  what it updates (`held:<method>:<place>:<id>`), so a newer update of the same message, view
  or Home tab cancels the one still waiting and is sent instead: only the latest goes.

Every payload names the people it concerns (the channel or user a call goes to, the words in
it), so `/whoswho forget` erases these rows as it erases any other.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.domain.outbox import DIRECT_MESSAGE, OutboxMessage, ScheduledMessage
from bot.i18n import t
from bot.metrics import SLACK_API_DEFERRED
from handlers.slack.answers import post_id_of
from handlers.slack.outbox_base import POST_MESSAGE, Renderers, UnrenderableMessageError
from handlers.ui import common

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.services.outbox_sender import OutboxService
    from handlers.slack.answers import HeldCall, HoldHandler, InDoubtHandler, InDoubtPost

log = logging.getLogger(__name__)

# A listener's post, as it made it: payload {"arguments": chat.postMessage's arguments}.
POST_AS_IS = "slack.post"
# A listener's update Slack held back, by method: payload {"arguments": the call's arguments}.
HELD_KINDS = {
    "chat.update": "slack.chat.update",
    "views.publish": "slack.views.publish",
    "views.update": "slack.views.update",
}
IN_DOUBT_SETTLE = timedelta(seconds=5)  # before the outbox looks for such a post
MAX_PLACE = 150  # characters of a place kept in a key as they are (longer ones are hashed)


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


def render_held_call(message: OutboxMessage) -> dict[str, Any]:
    """HELD_KINDS: {"arguments": ...} -> those arguments, as the listener sent them."""
    arguments = message.payload.get("arguments")
    if not isinstance(arguments, dict):
        raise UnrenderableMessageError("a held call needs its arguments")
    return dict(arguments)


def register_renderers(renderers: Renderers) -> None:
    """The generic kinds every feature may use."""
    renderers.register(DIRECT_MESSAGE, POST_MESSAGE, render_direct_message)
    renderers.register(POST_AS_IS, POST_MESSAGE, render_post_as_is)
    for method, kind in HELD_KINDS.items():
        renderers.register(kind, method, render_held_call)


def build_renderers() -> Renderers:
    renderers = Renderers()
    register_renderers(renderers)
    return renderers


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


def _place_key(method: str, place: str) -> str:
    """The key prefix every held update of one place shares."""
    if len(place) > MAX_PLACE:
        place = hashlib.sha256(place.encode()).hexdigest()[:32]
    return f"held:{method}:{place}:"


def held_call_poster(outbox: OutboxService, clock: Clock) -> HoldHandler:
    """Where the listeners' calls Slack holds back go (`SlackCalls.hold`): each becomes an
    outbox row due when Slack's wait is over; a newer update of a place replaces the older
    one still waiting. False (so the call fails fast) for a call it cannot keep: no
    workspace to name, or a method it does not send."""

    def take(held: HeldCall) -> bool:
        if not held.team_id:
            return False
        due = clock.now() + timedelta(seconds=held.wait)
        # On the second: calls to one place held within one second are due together, and
        # so go in the order they were made (the outbox sends by due time, then by id).
        if due.microsecond:
            due = due.replace(microsecond=0) + timedelta(seconds=1)
        payload = {"arguments": held.arguments}
        if held.method == POST_MESSAGE:
            post_id = post_id_of(held.arguments) or uuid.uuid4().hex
            key = f"post:{post_id}"
            outbox.schedule([ScheduledMessage(held.team_id, POST_AS_IS, key, due, payload)])
            return True
        kind = HELD_KINDS.get(held.method)
        if kind is None or held.place is None:
            return False
        prefix = _place_key(held.method, held.place)
        message = ScheduledMessage(held.team_id, kind, prefix + uuid.uuid4().hex, due, payload)
        if outbox.replace_pending(message, key_prefix=prefix):
            SLACK_API_DEFERRED.labels(held.method, "replaced").inc()
            log.info("held Slack call replaced by a newer one method=%s", held.method)
        return True

    return take
