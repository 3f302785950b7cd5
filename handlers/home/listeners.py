"""The App Home tab, published whenever someone opens it, and again in the language the person
switches to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import use_language
from handlers.errors import guarded
from handlers.home.tab import publish_home
from handlers.ids import ActionId, Event, is_user_id
from handlers.payloads import team_of
from handlers.ui.language import chosen_language

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services


def handle_home_opened(
    event: dict[str, Any], client: WebClient, context: BoltContext, services: Services
) -> None:
    user = event.get("user")
    if event.get("tab") != "home" or not is_user_id(user):
        return
    publish_home(client, services, team_of(context), user)


def handle_language_choice(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, services: Services
) -> None:
    """English / Cymraeg on the Home tab: stored, and the tab at once in that language."""
    ack()
    user = (body.get("user") or {}).get("id")
    actions = body.get("actions") or [{}]
    language = chosen_language((actions[0].get("selected_option") or {}).get("value"))
    if not is_user_id(user) or language is None:
        return
    team = team_of(context)
    services.languages.set_person(team, user, language)
    with use_language(language):
        publish_home(client, services, team, user, language=language)


def register(app: App) -> None:
    app.event(Event.APP_HOME_OPENED)(guarded(handle_home_opened))
    app.action(ActionId.LANGUAGE_CHOOSE)(guarded(handle_language_choice))
