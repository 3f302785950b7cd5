"""How the feedback feature's scheduled messages to participants become Slack messages when the
outbox sends them: the question after an event or a group's session, its one reminder, and the
follow-up weeks later, each a DM to the person asked. (The organiser's summary is rendered
with the organisers' side of the feature.)

Each is rendered at send time from the prompt as it is then: once the person has answered (for
a reminder), asked not to be asked, been erased, or the window has closed or the event was
cancelled, the service says there is nothing to send and the renderer answers None, so the
message is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.services.feedback import FOLLOW_UP, PROMPT, REMINDER
from handlers.feedback.blocks.follow_up import follow_up_message
from handlers.feedback.blocks.prompt import prompt_message
from handlers.slack.outbox_base import POST_MESSAGE, UnrenderableMessageError

if TYPE_CHECKING:
    from bot.domain.outbox import OutboxMessage
    from bot.services.feedback import FeedbackService, PromptView
    from handlers.slack.outbox_base import Renderers


def _prompt_id(message: OutboxMessage) -> int:
    value = message.payload.get("prompt_id")
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise UnrenderableMessageError("a feedback message needs a positive prompt_id")
    return value


def _person(message: OutboxMessage) -> str:
    value = message.payload.get("user")
    if not isinstance(value, str) or not value:
        raise UnrenderableMessageError("a feedback message needs the person it is for")
    return value


def _for(view: PromptView | None, message: OutboxMessage) -> str | None:
    """Who the message goes to: the person asked, if it is still theirs to answer."""
    user = _person(message)
    if view is None or view.prompt.user_id != user:
        return None
    return user


def register_feedback_renderers(renderers: Renderers, feedback: FeedbackService) -> None:
    """Registers a renderer for PROMPT, REMINDER and FOLLOW_UP of bot.services.feedback."""

    def prompt(message: OutboxMessage) -> dict[str, Any] | None:
        view = feedback.prompt_message(message.team_id, _prompt_id(message))
        user = _for(view, message)
        if view is None or user is None:
            return None
        return {"channel": user, **prompt_message(view)}

    def reminder(message: OutboxMessage) -> dict[str, Any] | None:
        view = feedback.prompt_message(message.team_id, _prompt_id(message), reminder=True)
        user = _for(view, message)
        if view is None or user is None:
            return None
        return {"channel": user, **prompt_message(view, reminder=True)}

    def follow_up(message: OutboxMessage) -> dict[str, Any] | None:
        view = feedback.follow_up_message(message.team_id, _prompt_id(message))
        user = _for(view, message)
        if view is None or user is None or not view.is_open:
            return None
        return {"channel": user, **follow_up_message(view)}

    renderers.register(PROMPT, POST_MESSAGE, prompt)
    renderers.register(REMINDER, POST_MESSAGE, reminder)
    renderers.register(FOLLOW_UP, POST_MESSAGE, follow_up)
