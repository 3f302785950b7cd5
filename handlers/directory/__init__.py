"""The directory's Slack edge: /whoswho, the profile form, search, place menus, people
leaving the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.directory import (
    actions,
    commands,
    members,
    options,
    search_view,
    views,
    welcome,
)

if TYPE_CHECKING:
    from slack_bolt import App


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    views.register(app)
    search_view.register(app)
    options.register(app)
    members.register(app)
    welcome.register(app)
