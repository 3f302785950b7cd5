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
from bot.domain.feedback import MEASURES, DetailsDraft
from bot.i18n import keys, t
from handlers.errors import guarded
from handlers.feedback.blocks.prompt import (
    ANONYMOUS,
    answered_message,
    follow_up_answered_message,
    read_form_metadata,
)
from handlers.ids import BlockId, CallbackId, InputId, measure_block
from handlers.payloads import element_state, selected_value, team_of, text_value
from handlers.slack.calls import deferrable

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.feedback.blocks.prompt import FormContext
    from handlers.slack.hooks import PublishHome

log = logging.getLogger(__name__)

# Which form block shows an error about which domain field (measures: measure_block(value)).
DETAILS_FIELD_BLOCKS: dict[str, str] = {
    "rating": BlockId.FEEDBACK_RATING,
    "what_worked": BlockId.FEEDBACK_WORKED,
    "could_be_better": BlockId.FEEDBACK_BETTER,
    **{measure.value: measure_block(measure.value) for measure in MEASURES},
}
MAX_CHOSEN = 20  # more ticked boxes than any form shows: not from Slack


# Reading -------------------------------------------------------------------------------------


def chosen_values(view: dict[str, Any], block_id: str, action_id: str) -> tuple[str, ...]:
    """The values of the boxes ticked in a checkbox group (none: empty)."""
    options = element_state(view, block_id, action_id).get("selected_options")
    if not isinstance(options, list):
        return ()
    return tuple(
        item["value"][:150]
        for item in options[:MAX_CHOSEN]
        if isinstance(item, dict) and isinstance(item.get("value"), str)
    )


def details_draft(view: dict[str, Any]) -> DetailsDraft:
    """The "tell us more" form's state as a draft for the domain to check. Never raises."""
    measures = {
        measure.value: selected_value(view, measure_block(measure.value), InputId.FEEDBACK_MEASURE)
        for measure in MEASURES
    }
    anonymous = chosen_values(view, BlockId.FEEDBACK_ANONYMOUS, InputId.FEEDBACK_ANONYMOUS)
    return DetailsDraft(
        measures=measures,
        what_worked=text_value(view, BlockId.FEEDBACK_WORKED, InputId.FEEDBACK_WORKED),
        could_be_better=text_value(view, BlockId.FEEDBACK_BETTER, InputId.FEEDBACK_BETTER),
        anonymous=ANONYMOUS in anonymous,
        rating=selected_value(view, BlockId.FEEDBACK_RATING, InputId.FEEDBACK_RATING),
    )


def _input_blocks(view: dict[str, Any]) -> list[str]:
    """The input blocks the submitted form shows, in order (Slack sends them back with it)."""
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return []
    return [
        str(block["block_id"])
        for block in blocks
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id")
    ]


def details_form_errors(fields: dict[str, str], view: dict[str, Any]) -> dict[str, str]:
    """Domain field errors as Slack's `response_action: errors` map, keyed by block id. A
    field the form does not show is reported beside its first field."""
    shown = _input_blocks(view)
    fallback = shown[0] if shown else BlockId.FEEDBACK_WORKED
    known = keys()
    errors: dict[str, str] = {}
    for field, key in fields.items():
        block = DETAILS_FIELD_BLOCKS.get(field, fallback)
        if shown and block not in shown:
            block = fallback
        errors.setdefault(block, t(key) if key in known else t("errors.invalid_input"))
    return errors


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
) -> None:
    form = read_form_metadata(view.get("private_metadata"))
    team, user = team_of(context), str(body["user"]["id"])
    try:
        answered = services.feedback.submit_details(team, user, form.prompt_id, details_draft(view))
    except InvalidInputError as error:
        ack(response_action="errors", errors=details_form_errors(error.fields, view))
        return
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
        key = next(iter(error.fields.values()), "errors.invalid_input")
        text = t(key) if key in keys() else t("errors.invalid_input")
        ack(response_action="errors", errors={str(BlockId.FEEDBACK_FOLLOW_UP): text})
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
