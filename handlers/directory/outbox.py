"""How the directory's scheduled messages become DMs when the outbox sends them: the yearly
check's nudge, asking the person to confirm their profile (its buttons work as in any DM).

It is rendered at send time from the profile as it is then: once the person has answered
(confirmed, edited) or is gone, there is nothing to ask and the nudge is skipped. The DM saying
an unanswered profile was hidden is a catalogue DM (bot.domain.outbox.DIRECT_MESSAGE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.services.profile_nudges import NUDGE
from handlers.directory.blocks.results import nudge_message
from handlers.slack.outbox_base import POST_MESSAGE, UnrenderableMessageError

if TYPE_CHECKING:
    from bot.domain.outbox import OutboxMessage
    from bot.services.directory import DirectoryService
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
