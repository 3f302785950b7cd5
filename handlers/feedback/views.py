"""The feedback forms participants send: "tell us more" (the measures, the two comments and
anonymity) and the follow-up (what came of it). Mistakes are shown beside their fields; once
saved, the form closes and the message it was opened from says thanks (or, when that message
cannot be updated, a DM does). Sending the same answers twice counts them once and says
nothing twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.domain.errors import InvalidInputError
from handlers.errors import guarded
from handlers.feedback.blocks.follow_up import follow_up_answered_message
from handlers.feedback.blocks.prompt import answered_message
from handlers.feedback.forms import (
    chosen_values,
    details_draft,
    details_form_errors,
    follow_up_form_errors,
    read_form_metadata,
    wants_mentoring,
)
from handlers.ids import BlockId, CallbackId, InputId
from handlers.payloads import team_of
from handlers.slack.calls import deferrable

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.feedback.forms import FormContext
    from handlers.slack.hooks import JoinMentoring, PublishHome

log = logging.getLogger(__name__)


# Saying thanks -------------------------------------------------------------------------------


def _thank(
    client: WebClient,
    services: Services,
    team: str,
    user: str,
    form: FormContext,
    payload: dict[str, Any],
    *,
    changed: bool,
    publish_home: PublishHome,
) -> None:
    """Thanks where the person will see it: in place of the message the form was opened from,
    or in a DM (only when something changed: a second submission says nothing twice). Saved
    already, so Slack's failures here are logged, never the person's problem."""
    try:
        if form.origin is not None:
            deferrable(client).chat_update(
                channel=form.origin.channel, ts=form.origin.ts, **payload
            )
        elif changed:
            deferrable(client).chat_postMessage(channel=user, **payload)
    except SlackApiError as error:
        log.warning("feedback thanks not shown error=%s", error.response.get("error"))
    if form.from_home:
        try:
            publish_home(client, services, team, user)
        except SlackApiError as error:  # the tab catches up when next opened
            log.warning("home tab not refreshed error=%s", error.response.get("error"))


# Submitting ----------------------------------------------------------------------------------


def handle_details_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
    join_mentoring: JoinMentoring,
) -> None:
    form = read_form_metadata(view.get("private_metadata"))
    team, user = team_of(context), str(body["user"]["id"])
    try:
        answered = services.feedback.submit_details(team, user, form.prompt_id, details_draft(view))
    except InvalidInputError as error:
        ack(response_action="errors", errors=details_form_errors(error.fields, view))
        return
    if wants_mentoring(view):  # saved: the form becomes the mentoring sign-up (its profile first)
        ack(response_action="update", view=join_mentoring.view(services, team, user))
    else:
        ack()
    payload = answered_message(answered, details=True)
    _thank(
        client,
        services,
        team,
        user,
        form,
        payload,
        changed=answered.changed,
        publish_home=publish_home,
    )


def handle_follow_up_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
) -> None:
    form = read_form_metadata(view.get("private_metadata"))
    team, user = team_of(context), str(body["user"]["id"])
    chosen = chosen_values(view, BlockId.FEEDBACK_FOLLOW_UP, InputId.FEEDBACK_FOLLOW_UP)
    try:
        answered = services.feedback.answer_follow_up(team, user, form.prompt_id, chosen)
    except InvalidInputError as error:
        ack(response_action="errors", errors=follow_up_form_errors(error.fields))
        return
    ack()
    payload = follow_up_answered_message(answered)
    _thank(
        client,
        services,
        team,
        user,
        form,
        payload,
        changed=answered.changed,
        publish_home=publish_home,
    )


def register(app: App) -> None:
    app.view(CallbackId.FEEDBACK_DETAILS_SUBMIT)(guarded(handle_details_submission))
    app.view(CallbackId.FEEDBACK_FOLLOW_UP_SUBMIT)(guarded(handle_follow_up_submission))
