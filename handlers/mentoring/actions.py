"""Buttons of a member's mentoring sign-up: join or edit, create a profile first, resume, and
leave (after Slack's own confirmation) or stay signed up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.errors import NotFoundError
from handlers.errors import guarded
from handlers.ids import ActionId
from handlers.mentoring.blocks.membership import (
    leave_cancelled_message,
    left_message,
    not_signed_up_message,
    resumed_message,
)
from handlers.mentoring.views import open_profile_then_signup
from handlers.payloads import team_of, view_id_of
from handlers.slack.hooks import answer_where_clicked

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.slack.hooks import PublishHome

NOT_SIGNED_UP = "mentoring.errors.not_signed_up"


def handle_signup_open_action(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, services: Services
) -> None:
    """Join or edit: the sign-up form; with no profile yet, the profile form first."""
    ack()
    open_profile_then_signup(
        client,
        services,
        team_of(context),
        str(body["user"]["id"]),
        str(body["trigger_id"]),
        push=view_id_of(body) is not None,
    )


def handle_resume_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
) -> None:
    ack()
    team, user = team_of(context), str(body["user"]["id"])
    was_paused = services.mentoring.status(team, user).paused
    try:
        services.mentoring.resume(team, user)
    except NotFoundError as error:
        if error.key != NOT_SIGNED_UP:
            raise
        answer_where_clicked(
            publish_home, body, respond, client, services, team, not_signed_up_message()
        )
        return
    answer_where_clicked(
        publish_home, body, respond, client, services, team, resumed_message(was_paused=was_paused)
    )


def handle_leave_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
) -> None:
    """Slack has already asked "are you sure?": erase, and say so in place of the message."""
    ack()
    team = team_of(context)
    erased = services.mentoring.leave(team, str(body["user"]["id"]))
    answer_where_clicked(
        publish_home, body, respond, client, services, team, left_message(erased=erased)
    )


def handle_leave_cancel_action(ack: Ack, respond: Respond) -> None:
    """ "Stay signed up": nothing changes, and the question is replaced by saying so."""
    ack()
    respond(replace_original=True, **leave_cancelled_message())


def register(app: App) -> None:
    app.action(ActionId.MENTORING_SIGNUP_OPEN)(guarded(handle_signup_open_action))
    app.action(ActionId.MENTORING_PROFILE_FIRST)(guarded(handle_signup_open_action))
    app.action(ActionId.MENTORING_RESUME)(guarded(handle_resume_action))
    app.action(ActionId.MENTORING_LEAVE)(guarded(handle_leave_action))
    app.action(ActionId.MENTORING_LEAVE_CANCEL)(guarded(handle_leave_cancel_action))
