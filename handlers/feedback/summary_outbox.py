"""How the summary an organiser is sent when an event's feedback answers close becomes a Slack
message when the outbox sends it (`feedback.summary`, to the organiser's DM).

It is rendered at send time from the answers as they then are: when the service says there is
nothing to tell any more (the event was cancelled or deleted, or its organiser erased), the
renderer answers None and the message is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.services.feedback import SUMMARY
from handlers.feedback.blocks.summary import summary_dm_message
from handlers.slack.outbox_base import POST_MESSAGE, UnrenderableMessageError

if TYPE_CHECKING:
    from bot.domain.outbox import OutboxMessage
    from bot.services.feedback import FeedbackService
    from handlers.slack.outbox_base import Renderers


def _round_id(message: OutboxMessage) -> int:
    value = message.payload.get("round_id")
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise UnrenderableMessageError("a feedback summary needs a positive round_id")
    return value


def _organiser(message: OutboxMessage) -> str:
    value = message.payload.get("user")
    if not isinstance(value, str) or not value:
        raise UnrenderableMessageError("a feedback summary needs the organiser it is for")
    return value


def register_feedback_summary_renderers(renderers: Renderers, feedback: FeedbackService) -> None:
    """Registers the renderer of bot.services.feedback's SUMMARY kind."""

    def summary(message: OutboxMessage) -> dict[str, Any] | None:
        round_id, organiser = _round_id(message), _organiser(message)
        found = feedback.summary_message(message.team_id, round_id)
        if found is None:
            return None
        return {"channel": organiser, **summary_dm_message(found)}

    renderers.register(SUMMARY, POST_MESSAGE, summary)
