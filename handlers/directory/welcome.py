"""Welcomes in channels linked to a region: someone joins (Events API member_joined_channel)
and the welcome is recorded and queued; the outbox sends it within Slack's limits. And "Don't
welcome me again"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import t
from handlers.errors import guarded
from handlers.ids import ActionId, Event, is_user_id
from handlers.payloads import team_of
from handlers.ui.common import text_message

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond

    from bot.services.container import Services


def handle_member_joined_channel(
    event: dict[str, Any], context: BoltContext, services: Services
) -> None:
    """Only writes: a workspace import joining thousands at once queues as many rows."""
    user, channel = event.get("user"), event.get("channel")
    if not is_user_id(user) or not isinstance(channel, str) or not channel:
        return
    services.welcomes.record_join(
        team_of(context), user, channel[:32], app_user_id=context.bot_user_id
    )


def handle_welcome_decline_action(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext, services: Services
) -> None:
    ack()
    services.welcomes.decline(team_of(context), str(body["user"]["id"]))
    respond(
        replace_original=False, response_type="ephemeral", **text_message(t("welcome.declined"))
    )


def register(app: App) -> None:
    app.event(Event.MEMBER_JOINED_CHANNEL)(guarded(handle_member_joined_channel))
    app.action(ActionId.WELCOME_DECLINE)(guarded(handle_welcome_decline_action))
