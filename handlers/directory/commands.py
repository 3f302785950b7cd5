"""/whoswho: the overview, help, your profile, search, and your data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import t
from bot.services.directory import UnknownPlace
from handlers.directory.blocks.results import (
    export_messages,
    forget_confirm_message,
    help_message,
    overview_message,
    search_results_message,
    unknown_place_message,
)
from handlers.directory.forms import encode_search
from handlers.errors import guarded
from handlers.ids import Command
from handlers.payloads import command_text, team_of
from handlers.slack.calls import deferrable
from handlers.ui.common import text_message
from handlers.ui.profile import profile_form
from handlers.ui.verbs import WHOSWHO_VERBS, verb

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.services.container import Services

HELP_WORDS = frozenset({"help", "?", "-h", "--help"})
MAX_COMMAND_TEXT = 500


def handle_whoswho_command(
    ack: Ack,
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    ack()
    text = command_text(command, MAX_COMMAND_TEXT)
    # The first word in either language ("fi" is "me"); anything else is a search.
    first, _, rest = text.partition(" ")
    word = verb(first, WHOSWHO_VERBS)
    team, user = team_of(context), str(command["user_id"])
    directory = services.directory

    if not text:
        status = directory.profile_status(team, user)
        place = directory.place_label(status.profile.place_id) if status.profile else None
        respond(response_type="ephemeral", **overview_message(status, place))
    elif word in HELP_WORDS and not rest:
        respond(response_type="ephemeral", **help_message())
    elif word == "me" and not rest:
        client.views_open(trigger_id=command["trigger_id"], view=profile_form(services, team, user))
    elif word == "forget" and not rest:
        respond(response_type="ephemeral", **forget_confirm_message())
    elif word == "export" and not rest:
        for part in export_messages(directory.export(team, user)):
            deferrable(client).chat_postMessage(channel=user, **part)
        respond(response_type="ephemeral", **text_message(t("privacy.export.sent")))
    else:
        result = directory.search_text(team, text)
        if isinstance(result, UnknownPlace):
            respond(response_type="ephemeral", **unknown_place_message(result, encode_search))
        else:
            respond(response_type="ephemeral", **search_results_message(result, encode_search))


def register(app: App) -> None:
    app.command(Command.WHOSWHO)(guarded(handle_whoswho_command))
