"""The App Home tab, published whenever someone opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.errors import guarded
from handlers.home.tab import publish_home
from handlers.ids import Event, is_user_id
from handlers.payloads import team_of

if TYPE_CHECKING:
    from slack_bolt import App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services


def handle_home_opened(
    event: dict[str, Any], client: WebClient, context: BoltContext, services: Services
) -> None:
    user = event.get("user")
    if event.get("tab") != "home" or not is_user_id(user):
        return
    publish_home(client, services, team_of(context), user)


def register(app: App) -> None:
    app.event(Event.APP_HOME_OPENED)(guarded(handle_home_opened))
