"""The App Home tab, published whenever someone opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.errors import guarded
from handlers.forms import team_of
from handlers.home import publish_home
from handlers.ids import Event

if TYPE_CHECKING:
    from slack_bolt import App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services


def handle_home_opened(
    event: dict[str, Any], client: WebClient, context: BoltContext, services: Services
) -> None:
    if event.get("tab") != "home":
        return
    publish_home(client, services, team_of(context), str(event["user"]))


def register(app: App) -> None:
    app.event(Event.APP_HOME_OPENED)(guarded(handle_home_opened))
