"""How the mentoring feature's scheduled messages become Slack messages when the outbox sends
them (introductions and thank-yous to each group's conversation, check-ins to each member).

Each is rendered at send time from the group as it is then: someone who left, or whose Slack
account was deactivated, is not introduced or thanked, and a check-in already answered, or of
a cycle that has ended, is not asked. When the service says there is nothing to send any more,
the renderer answers None and the message is skipped.

An introduction or a thank-you is addressed to the members' ids: the dispatcher opens the
group DM of those people and the app (the same one each time for the same people).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.services.mentoring.messages import CHECKIN, INTRODUCTION, THANKS
from handlers.mentoring.blocks.checkins import checkin_message
from handlers.mentoring.blocks.introduction import introduction_message, thanks_message
from handlers.slack.outbox_base import POST_MESSAGE, UnrenderableMessageError

if TYPE_CHECKING:
    from bot.domain.outbox import OutboxMessage
    from bot.services.mentoring import MentoringService
    from handlers.slack.outbox_base import Renderers


def _number(message: OutboxMessage, name: str) -> int:
    value = message.payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise UnrenderableMessageError(f"a mentoring message needs a positive {name}")
    return value


def _person(message: OutboxMessage) -> str:
    value = message.payload.get("user")
    if not isinstance(value, str) or not value:
        raise UnrenderableMessageError("a check-in needs the person it is for")
    return value


def register_mentoring_renderers(renderers: Renderers, mentoring: MentoringService) -> None:
    """Registers a renderer for each outbox kind of bot.services.mentoring."""

    def introduction(message: OutboxMessage) -> dict[str, Any] | None:
        intro = mentoring.introduction(message.team_id, _number(message, "group_id"))
        if intro is None:
            return None
        return {"channel": list(intro.group.member_ids), **introduction_message(intro)}

    def checkin(message: OutboxMessage) -> dict[str, Any] | None:
        group_id, round_ = _number(message, "group_id"), _number(message, "round")
        user = _person(message)
        prompt = mentoring.checkin_prompt(message.team_id, group_id, round_, user)
        if prompt is None:
            return None
        return {"channel": user, **checkin_message(prompt, since=prompt.since)}

    def thanks(message: OutboxMessage) -> dict[str, Any] | None:
        found = mentoring.thanks(message.team_id, _number(message, "group_id"))
        if found is None:
            return None
        group, cycle = found
        return {"channel": list(group.member_ids), **thanks_message(group, cycle)}

    renderers.register(INTRODUCTION, POST_MESSAGE, introduction)
    renderers.register(CHECKIN, POST_MESSAGE, checkin)
    renderers.register(THANKS, POST_MESSAGE, thanks)
