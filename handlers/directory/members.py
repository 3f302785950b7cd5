"""People leaving (or coming back to) the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.errors import guarded
from handlers.ids import Event, is_user_id
from handlers.payloads import team_of

if TYPE_CHECKING:
    from slack_bolt import App, BoltContext

    from bot.services.container import Services


def handle_user_change(event: dict[str, Any], context: BoltContext, services: Services) -> None:
    """A deactivated person disappears from search at once; reactivated, they come back."""
    user = event.get("user")
    if not isinstance(user, dict) or not is_user_id(user.get("id")):
        return
    services.directory.set_active(
        team_of(context), user["id"], active=not bool(user.get("deleted"))
    )


def register(app: App) -> None:
    app.event(Event.USER_CHANGE)(guarded(handle_user_change))
