"""The venue's town typeahead in the event form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.errors import guarded
from handlers.ids import ActionId
from handlers.ui.profile import place_options

if TYPE_CHECKING:
    from slack_bolt import Ack, App

    from bot.services.container import Services


def handle_event_place_options(ack: Ack, payload: dict[str, Any], services: Services) -> None:
    typed = str(payload.get("value") or "")[:100]
    ack(**place_options(services.events.place_choices(typed)))


def register(app: App) -> None:
    app.options(ActionId.EVENT_PLACE_SELECT)(guarded(handle_event_place_options))
