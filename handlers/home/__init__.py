"""The Home tab: the one edge module that may import the other features."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.home import listeners
from handlers.home.tab import publish_home
from handlers.slack.hooks import lend

if TYPE_CHECKING:
    from slack_bolt import App


def register(app: App) -> None:
    listeners.register(app)
    lend(app, publish_home=publish_home)
