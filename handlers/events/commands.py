"""/event: announce an event, list what's coming up, link channels to regions, and read the
feedback on your events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import N_, t
from bot.services.place_scope import NoPlace, PlaceScope
from handlers.errors import guarded
from handlers.events.blocks.digest import digest_switch_message, digest_usage_message
from handlers.events.blocks.reports import (
    event_help_message,
    not_allowed_message,
)
from handlers.events.channel_commands import HELP_WORDS, channel_reply
from handlers.events.flow import list_message, open_event_form
from handlers.ids import Command
from handlers.payloads import command_text, team_of
from handlers.ui.common import section, text_message
from handlers.ui.verbs import EVENT_VERBS, switch, verb

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.slack.hooks import EventFeedback
    from handlers.slack.people import SlackWorkspaceMembers

MAX_COMMAND_TEXT = 300


def handle_event_command(
    ack: Ack,
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    members: SlackWorkspaceMembers,
    event_feedback: EventFeedback,
) -> None:
    ack()
    text = command_text(command, MAX_COMMAND_TEXT)
    word, _, rest = text.partition(" ")
    word = verb(word, EVENT_VERBS)
    team, user = team_of(context), str(command["user_id"])
    events = services.events
    if not text:
        if not events.can_organise(team, user):
            respond(response_type="ephemeral", **not_allowed_message())
            return
        open_event_form(client, services, members, team, user, str(command["trigger_id"]), None)
    elif word == "list":
        read = events.read_area(rest) if rest else None
        area = read if isinstance(read, PlaceScope) else None
        unknown = read if isinstance(read, NoPlace) else None
        page = events.list_upcoming(team, area, page=1)
        respond(response_type="ephemeral", **list_message(services, page, rest, unknown))
    elif (reply := channel_reply(word, rest, command, client, services, team, user)) is not None:
        respond(response_type="ephemeral", **reply)
    elif word == "welcomes" and switch(rest) in {"on", "off"}:
        channel, on = str(command.get("channel_id") or ""), switch(rest) == "on"
        services.welcomes.set_channel_welcomes(team, user, channel, on=on)
        key = N_("welcome.channel_on") if on else N_("welcome.channel_off")
        respond(response_type="ephemeral", **text_message(t(key, channel=f"<#{channel}>")))
    elif word == "digest" and switch(rest) in {"on", "off"}:
        channel = str(command.get("channel_id") or "")
        switched = services.digest.set_enabled(team, user, channel, on=switch(rest) == "on")
        names = [region.name for region in switched.regions]
        respond(response_type="ephemeral", **digest_switch_message(on=switched.on, regions=names))
    elif word == "digest" and rest.casefold() not in HELP_WORDS:
        respond(response_type="ephemeral", **digest_usage_message())
    elif word == "feedback" and rest.casefold() not in HELP_WORDS:
        respond(response_type="ephemeral", **event_feedback.reply(services, team, user, rest))
    else:
        help_message = event_help_message()
        help_message["blocks"].append(section(t("event.help.language")))
        help_message["blocks"].append(event_feedback.help_block())
        respond(response_type="ephemeral", **help_message)


def register(app: App) -> None:
    app.command(Command.EVENT)(guarded(handle_event_command))
