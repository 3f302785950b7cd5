"""/event: announce an event, list what's coming up, link channels to regions, and read the
feedback on your events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.i18n import t
from bot.services.place_scope import NoPlace, PlaceScope
from handlers.errors import guarded
from handlers.events.blocks.digest import digest_switch_message, digest_usage_message
from handlers.events.blocks.reports import (
    channel_links_message,
    event_help_message,
    link_needs_channel_message,
    link_result_message,
    not_allowed_message,
)
from handlers.events.flow import list_message, open_event_form
from handlers.ids import Command
from handlers.payloads import command_text, team_of
from handlers.ui.common import text_message

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.slack.hooks import EventFeedback
    from handlers.slack.people import SlackWorkspaceMembers

HELP_WORDS = frozenset({"help", "?", "-h", "--help", "cymorth"})
MAX_COMMAND_TEXT = 300
# conversations.join refuses private channels: the app must be invited to those.
PRIVATE_CHANNEL_ERRORS = frozenset({"method_not_supported_for_channel_type", "channel_not_found"})


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
    word = word.casefold()
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
    elif word == "link" and rest:
        channel = str(command.get("channel_id") or "")
        if not is_channel(channel, str(command.get("channel_name") or "")):
            respond(response_type="ephemeral", **link_needs_channel_message())
            return
        outcome = events.link_channel(team, user, channel, rest)
        joined = _join(client, channel)
        respond(
            response_type="ephemeral",
            **link_result_message(
                channel_id=channel,
                region_name=", ".join(r.name for r in outcome.regions or (outcome.region,)),
                added=outcome.added,
                joined=joined,
                via=outcome.via,
            ),
        )
    elif word == "unlink" and not rest:
        channel = str(command.get("channel_id") or "")
        regions = events.unlink_channel(team, user, channel)
        respond(
            response_type="ephemeral",
            **link_result_message(
                channel_id=channel,
                region_name=", ".join(region.name for region in regions),
                added=False,
                joined=True,
                removed=True,
            ),
        )
    elif word == "channels" and not rest:
        links = events.channel_links(team)
        respond(
            response_type="ephemeral",
            **channel_links_message([(link.channel_id, region.name) for link, region in links]),
        )
    elif word == "welcomes" and rest.casefold() in {"on", "off"}:
        channel, on = str(command.get("channel_id") or ""), rest.casefold() == "on"
        services.welcomes.set_channel_welcomes(team, user, channel, on=on)
        key = "welcome.channel_on" if on else "welcome.channel_off"
        respond(response_type="ephemeral", **text_message(t(key, channel=f"<#{channel}>")))
    elif word == "digest" and rest.casefold() in {"on", "off"}:
        channel = str(command.get("channel_id") or "")
        switched = services.digest.set_enabled(team, user, channel, on=rest.casefold() == "on")
        names = [region.name for region in switched.regions]
        respond(response_type="ephemeral", **digest_switch_message(on=switched.on, regions=names))
    elif word == "digest" and rest.casefold() not in HELP_WORDS:
        respond(response_type="ephemeral", **digest_usage_message())
    elif word == "feedback" and rest.casefold() not in HELP_WORDS:
        respond(response_type="ephemeral", **event_feedback.reply(services, team, user, rest))
    else:
        help_message = event_help_message()
        help_message["blocks"].append(event_feedback.help_block())
        respond(response_type="ephemeral", **help_message)


def is_channel(channel_id: str, channel_name: str) -> bool:
    """Whether a command came from a channel (public or private), not a DM or group DM.

    Slack names the conversation a command came from: "directmessage" in a DM (whose id
    starts with D), "mpdm-…" in a group DM (its id starts with G, or C in newer workspaces),
    and "privategroup" in a private channel the app cannot see, which may be linked (the
    organiser is told to invite the app)."""
    name = channel_name.casefold()
    if channel_id.startswith("D") or name == "directmessage" or name.startswith("mpdm-"):
        return False
    return channel_id.startswith(("C", "G"))


def _join(client: WebClient, channel_id: str) -> bool:
    """Join a public channel so the app can post there; False for a private one."""
    try:
        client.conversations_join(channel=channel_id)
    except SlackApiError as error:
        if error.response.get("error") in PRIVATE_CHANNEL_ERRORS:
            return False
        if error.response.get("error") == "already_in_channel":
            return True
        raise
    return True


def register(app: App) -> None:
    app.command(Command.EVENT)(guarded(handle_event_command))
