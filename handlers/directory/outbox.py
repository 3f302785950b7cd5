"""How the directory's scheduled messages become DMs when the outbox sends them: the yearly
check's nudge, asking the person to confirm their profile (its buttons work as in any DM).

It is rendered at send time from the profile as it is then: once the person has answered
(confirmed, edited) or is gone, there is nothing to ask and the nudge is skipped. The DM saying
an unanswered profile was hidden is a catalogue DM (bot.domain.outbox.DIRECT_MESSAGE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.welcomes import WELCOME
from bot.services.profile_nudges import NUDGE
from handlers.directory.blocks.results import nudge_message
from handlers.directory.blocks.welcome import welcome_message
from handlers.slack.outbox_base import POST_MESSAGE, UnrenderableMessageError

if TYPE_CHECKING:
    from bot.domain.outbox import OutboxMessage
    from bot.services.directory import DirectoryService
    from bot.services.welcomes import WelcomeService
    from handlers.slack.outbox_base import Renderers


def register_directory_renderers(renderers: Renderers, directory: DirectoryService) -> None:
    """Registers a renderer for NUDGE of bot.services.directory."""

    def nudge(message: OutboxMessage) -> dict[str, Any] | None:
        user = message.payload.get("user")
        if not isinstance(user, str) or not user:
            raise UnrenderableMessageError("a nudge needs the person it is for")
        status = directory.nudge_to_send(message.team_id, user)
        if status is None:
            return None
        label = directory.gazetteer.label(status.place) if status.place else None
        return {"channel": user, **nudge_message(status, label)}

    renderers.register(NUDGE, POST_MESSAGE, nudge)


def register_welcome_renderers(renderers: Renderers, welcomes: WelcomeService) -> None:
    """Registers a renderer for WELCOME of bot.domain.welcomes: rendered when it is sent, from
    what is true then; skipped when the person declined or was forgotten meanwhile. Once in
    Slack, the welcome's record says when it was sent."""

    def welcome(message: OutboxMessage) -> dict[str, Any] | None:
        user, channel = message.payload.get("user"), message.payload.get("channel")
        if not isinstance(user, str) or not user or not isinstance(channel, str) or not channel:
            raise UnrenderableMessageError("a welcome needs the person and the channel")
        found = welcomes.welcome_to_send(message.team_id, user, channel)
        if found is None:
            return None
        return {"channel": user, **welcome_message(found, channel)}

    def sent(message: OutboxMessage, _where: str) -> None:
        user = message.payload.get("user")
        if isinstance(user, str):
            welcomes.mark_sent(message.team_id, user)

    renderers.register(WELCOME, POST_MESSAGE, welcome, delivered=sent, seen_in="channel")
