"""How the mentoring feature's scheduled messages become Slack messages when the outbox sends
them (introductions and thank-yous to each group's conversation, check-ins to each member)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.mentoring import MentoringService
    from handlers.dispatch import Renderers


def register_mentoring_renderers(renderers: Renderers, mentoring: MentoringService) -> None:
    """Registers a renderer for each outbox kind of bot.services.mentoring."""
    del renderers, mentoring
