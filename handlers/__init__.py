"""The Slack edge, one folder per feature (directory, events, mentoring, feedback, home),
with `slack/` for plumbing no feature owns and `ui/` for builders features share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import directory, events, feedback, home, mentoring

if TYPE_CHECKING:
    from slack_bolt import App


def register_listeners(app: App) -> None:
    for feature in (directory, home, events, mentoring, feedback):
        feature.register(app)
