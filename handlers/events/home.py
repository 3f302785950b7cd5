"""The App Home tab, published whenever someone opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.blocks.home import home_view
from handlers.errors import guarded
from handlers.forms import team_of
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
    user = str(event["user"])
    status = services.directory.profile_status(team_of(context), user)
    place = services.directory.place_label(status.profile.place_id) if status.profile else None
    client.views_publish(user_id=user, view=home_view(status, place))


def register(app: App) -> None:
    app.event(Event.APP_HOME_OPENED)(guarded(handle_home_opened))
