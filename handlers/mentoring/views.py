"""The mentoring sign-up form: opening it (or the profile form first), reading it, and its
submission: inline errors, or saved, closed and confirmed in a DM."""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.domain.errors import InvalidInputError
from bot.domain.mentoring_programme import SignUpDraft
from bot.i18n import keys, t
from handlers.errors import guarded
from handlers.ids import BlockId, CallbackId, InputId
from handlers.mentoring.blocks.signup import (
    SIGNUP_NEXT,
    profile_first_view,
    signup_saved_message,
    signup_view,
)
from handlers.payloads import selected_value, team_of, text_value
from handlers.slack.calls import deferrable
from handlers.ui.profile import profile_view

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.slack.hooks import PublishHome

log = logging.getLogger(__name__)

# Which form block shows an error about which domain field.
SIGNUP_FIELD_BLOCKS: dict[str, str] = {
    "role": BlockId.MENTORING_ROLE,
    "topics": BlockId.MENTORING_TOPICS,
    "mode": BlockId.MENTORING_MODE,
    "size": BlockId.MENTORING_SIZE,
    "frequency": BlockId.MENTORING_FREQUENCY,
    "hopes": BlockId.MENTORING_HOPES,
}

_SIZE = re.compile(r"^([0-9])-([0-9])$")


# Opening -------------------------------------------------------------------------------------


def open_signup(
    client: WebClient,
    services: Services,
    team_id: str,
    user_id: str,
    trigger_id: str,
    *,
    push: bool = False,
) -> bool:
    """Open the sign-up form (prefilled when editing). False, opening nothing, when the person
    has no who's who profile yet: the caller offers one."""
    form = services.mentoring.signup_form(team_id, user_id)
    if form.profile is None:
        return False
    view = signup_view(form.signup, form.suggested_topics, profile_hidden=form.profile_hidden)
    if push:
        client.views_push(trigger_id=trigger_id, view=view)
    else:
        client.views_open(trigger_id=trigger_id, view=view)
    return True


def open_profile_then_signup(
    client: WebClient,
    services: Services,
    team_id: str,
    user_id: str,
    trigger_id: str,
    *,
    push: bool = False,
) -> None:
    """The profile form, marked so that saving it goes straight on to the sign-up form; or
    the sign-up form itself when a profile exists by now."""
    if open_signup(client, services, team_id, user_id, trigger_id, push=push):
        return
    status = services.directory.profile_status(team_id, user_id)
    place = services.directory.place_label(status.profile.place_id) if status.profile else None
    view = profile_first_view(profile_view(status.profile, place))
    if push:
        client.views_push(trigger_id=trigger_id, view=view)
    else:
        client.views_open(trigger_id=trigger_id, view=view)


def signup_follows(view: dict[str, Any]) -> bool:
    """Whether a submitted profile form was opened with the sign-up to follow it."""
    raw = view.get("private_metadata")
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 3000:
        return False
    try:
        data = json.loads(raw)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("next") == SIGNUP_NEXT


def signup_form_view(services: Services, team_id: str, user_id: str) -> dict[str, Any]:
    """The sign-up form as it should open now, for a `response_action: update`."""
    form = services.mentoring.signup_form(team_id, user_id)
    return signup_view(form.signup, form.suggested_topics, profile_hidden=form.profile_hidden)


class SignupAfterProfile:
    """The sign-up following the profile form, lent to the directory (handlers.slack.hooks)."""

    def follows(self, view: dict[str, Any]) -> bool:
        return signup_follows(view)

    def form(self, services: Services, team_id: str, user_id: str) -> dict[str, Any]:
        return signup_form_view(services, team_id, user_id)


# Reading -------------------------------------------------------------------------------------


def read_size(value: str | None) -> tuple[int, int]:
    """A size option's value ("4-5"); anything else reads as (0, 0), which the domain refuses."""
    match = _SIZE.match(value or "")
    if match is None:
        return 0, 0
    return int(match.group(1)), int(match.group(2))


def signup_draft(view: dict[str, Any]) -> SignUpDraft:
    """The sign-up form's state as a draft for the domain to check. Never raises."""
    size_min, size_max = read_size(
        selected_value(view, BlockId.MENTORING_SIZE, InputId.MENTORING_SIZE)
    )
    return SignUpDraft(
        role=selected_value(view, BlockId.MENTORING_ROLE, InputId.MENTORING_ROLE) or "",
        topics=text_value(view, BlockId.MENTORING_TOPICS, InputId.MENTORING_TOPICS),
        mode=selected_value(view, BlockId.MENTORING_MODE, InputId.MENTORING_MODE) or "",
        size_min=size_min,
        size_max=size_max,
        frequency=selected_value(view, BlockId.MENTORING_FREQUENCY, InputId.MENTORING_FREQUENCY)
        or "",
        hopes=text_value(view, BlockId.MENTORING_HOPES, InputId.MENTORING_HOPES),
    )


def signup_form_errors(fields: dict[str, str]) -> dict[str, str]:
    """Domain field errors as Slack's `response_action: errors` map, keyed by block id."""
    known = keys()
    errors: dict[str, str] = {}
    for field, key in fields.items():
        block = SIGNUP_FIELD_BLOCKS.get(field, BlockId.MENTORING_TOPICS)
        errors.setdefault(block, t(key) if key in known else t("errors.invalid_input"))
    return errors


# Submitting ----------------------------------------------------------------------------------


def handle_signup_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
) -> None:
    team, user = team_of(context), str(body["user"]["id"])
    try:
        saved = services.mentoring.save_signup(team, user, signup_draft(view))
    except InvalidInputError as error:
        ack(response_action="errors", errors=signup_form_errors(error.fields))
        return
    ack()
    try:
        deferrable(client).chat_postMessage(channel=user, **signup_saved_message(saved))
    except SlackApiError as error:
        log.warning("sign-up confirmation not sent error=%s", error.response.get("error"))
    try:
        publish_home(client, services, team, user)
    except SlackApiError as error:  # saved and confirmed: the tab catches up when next opened
        log.warning("home tab not refreshed error=%s", error.response.get("error"))


def register(app: App) -> None:
    app.view(CallbackId.MENTORING_SIGNUP_SUBMIT)(guarded(handle_signup_submission))
