"""Feedback's Slack edge: the prompt's buttons, the form, organisers' summaries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.feedback import actions, summary, views
from handlers.slack.hooks import lend

if TYPE_CHECKING:
    from slack_bolt import App


def register(app: App) -> None:
    actions.register(app)
    views.register(app)
    summary.register(app)
    lend(app, event_feedback=summary.FeedbackOnEvents())
