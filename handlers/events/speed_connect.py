"""Speed Connect at the Slack edge: the Join and Leave buttons of the RSVP reply, and how each
group's introduction becomes a message in its group DM when the outbox sends it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError
from bot.services.speed_connect import INTRODUCTION
from handlers.errors import guarded
from handlers.events.blocks.speed_connect import introduction_message, join_reply_message
from handlers.events.forms import action_choice
from handlers.ids import ActionId, matching
from handlers.payloads import team_of
from handlers.slack.outbox_base import POST_MESSAGE, UnrenderableMessageError

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond

    from bot.domain.outbox import OutboxMessage
    from bot.services.container import Services
    from bot.services.speed_connect import SpeedConnectService
    from handlers.slack.outbox_base import Renderers


def handle_speed_connect_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    context: BoltContext,
    services: Services,
) -> None:
    ack()
    choice = action_choice(body)
    if choice is None or choice[0] not in {"join", "leave"}:
        raise DomainError("errors.expired")
    verb, event_id = choice
    outcome = services.speed_connect.join(
        team_of(context), event_id, str(body["user"]["id"]), on=verb == "join"
    )
    respond(response_type="ephemeral", replace_original=True, **join_reply_message(outcome))


def register_speed_connect_renderers(
    renderers: Renderers, speed_connect: SpeedConnectService
) -> None:
    """The introduction of each group, to the group DM of its members (as they are now)."""

    def introduction(message: OutboxMessage) -> dict[str, Any] | None:
        group_id = message.payload.get("group_id")
        if not isinstance(group_id, int) or isinstance(group_id, bool) or group_id < 1:
            raise UnrenderableMessageError("a Speed Connect introduction needs a group id")
        intro = speed_connect.introduction(message.team_id, group_id)
        if intro is None:
            return None
        return {"channel": list(intro.group.member_ids), **introduction_message(intro)}

    renderers.register(INTRODUCTION, POST_MESSAGE, introduction)


def register(app: App) -> None:
    app.action(matching(ActionId.EVENT_SPEED_CONNECT))(guarded(handle_speed_connect_action))
