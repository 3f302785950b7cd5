"""Events' Slack edge: /event, the event form, RSVP buttons, the place menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.events import actions, commands, options, speed_connect, views
from handlers.events.flow import update_announcements
from handlers.slack.hooks import lend

if TYPE_CHECKING:
    from slack_bolt import App


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    views.register(app)
    options.register(app)
    speed_connect.register(app)
    lend(app, update_announcements=update_announcements)
