"""The search form from the Home tab: results replace the form in the same modal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.services.directory import UnknownPlace
from handlers.directory.blocks.results import unknown_place_message
from handlers.directory.blocks.search import message_view, search_results_view
from handlers.directory.forms import encode_search, search_form_text
from handlers.errors import guarded
from handlers.ids import CallbackId
from handlers.payloads import team_of

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext

    from bot.services.container import Services


def handle_search_submission(
    ack: Ack, view: dict[str, Any], context: BoltContext, services: Services
) -> None:
    result = services.directory.search_text(team_of(context), search_form_text(view))
    if isinstance(result, UnknownPlace):
        blocks = unknown_place_message(result, encode_search)["blocks"]
        ack(response_action="update", view=message_view(blocks))
    else:
        ack(response_action="update", view=search_results_view(result, encode_search))


def register(app: App) -> None:
    app.view(CallbackId.SEARCH_SUBMIT)(guarded(handle_search_submission))
