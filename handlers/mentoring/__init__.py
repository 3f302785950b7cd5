"""Mentoring's Slack edge: /mentoring, the sign-up, organisers' group controls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.mentoring import actions, commands, group_actions, views
from handlers.slack.hooks import lend

if TYPE_CHECKING:
    from slack_bolt import App


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    views.register(app)
    group_actions.register(app)
    lend(
        app,
        signup_after_profile=views.SignupAfterProfile(),
        join_mentoring=views.JoinMentoring(),
    )
