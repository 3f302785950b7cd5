"""`/event link`, `unlink`, `channels` and `language`: which channels announce which regions'
events, and in what language the app posts there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from handlers.events.blocks.reports import (
    channel_links_message,
    link_needs_channel_message,
    link_result_message,
)
from handlers.events.languages import (
    channel_languages,
    language_name,
    language_set_message,
    language_usage_message,
    language_word,
    split_language,
)

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.services.container import Services

HELP_WORDS = frozenset({"help", "?", "-h", "--help", "cymorth"})
# conversations.join refuses private channels: the app must be invited to those.
PRIVATE_CHANNEL_ERRORS = frozenset({"method_not_supported_for_channel_type", "channel_not_found"})


def channel_reply(
    word: str,
    rest: str,
    command: dict[str, Any],
    client: WebClient,
    services: Services,
    team: str,
    user: str,
) -> dict[str, Any] | None:
    """The answer to a channel verb (`word`, in English); None: not one of them (help)."""
    events = services.events
    channel = str(command.get("channel_id") or "")
    if word == "link" and rest:
        if not is_channel(channel, str(command.get("channel_name") or "")):
            return link_needs_channel_message()
        place, language = split_language(events, rest)
        outcome = events.link_channel(team, user, channel, place, language)
        return link_result_message(
            channel_id=channel,
            region_name=", ".join(r.name for r in outcome.regions or (outcome.region,)),
            added=outcome.added,
            joined=_join(client, channel),
            via=outcome.via,
            language=language_name(outcome.language),
        )
    if word == "unlink" and not rest:
        regions = events.unlink_channel(team, user, channel)
        return link_result_message(
            channel_id=channel,
            region_name=", ".join(region.name for region in regions),
            added=False,
            joined=True,
            removed=True,
        )
    if word == "channels" and not rest:
        links = events.channel_links(team)
        return channel_links_message(
            [(link.channel_id, region.name) for link, region in links],
            languages=channel_languages(links),
        )
    if word == "language":
        return _language_reply(rest, services, team, user, channel)
    return None


def _language_reply(
    rest: str, services: Services, team: str, user: str, channel: str
) -> dict[str, Any] | None:
    """`/event language <english|cymraeg|bilingual>` (`/event iaith …`) in a linked channel."""
    chosen = language_word(rest)
    if chosen is not None:
        now = services.events.set_channel_language(team, user, channel, chosen)
        return language_set_message(channel, now.language)
    return None if rest.casefold() in HELP_WORDS else language_usage_message()


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
