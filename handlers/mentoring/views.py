"""The mentoring sign-up form: opening it (or the profile form first), reading it, and its
submission: inline errors, or saved, closed and confirmed in a DM (the form is read in
`handlers.mentoring.forms`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.domain.errors import InvalidInputError
from handlers.errors import guarded
from handlers.ids import CallbackId
from handlers.mentoring.blocks.signup import (
    profile_first_view,
    signup_saved_message,
    signup_view,
)
from handlers.mentoring.forms import signup_draft, signup_follows, signup_form_errors
from handlers.payloads import team_of
from handlers.slack.calls import deferrable
from handlers.ui.profile import profile_form, profile_view

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.slack.hooks import PublishHome

log = logging.getLogger(__name__)


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
    view = profile_first_view(profile_form(services, team_id, user_id))
    if push:
        client.views_push(trigger_id=trigger_id, view=view)
    else:
        client.views_open(trigger_id=trigger_id, view=view)


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


class JoinMentoring:
    """The way into mentoring from another feature's form (lent as `join_mentoring`, see
    handlers.slack.hooks): the sign-up form, its topics suggested from the profile (or the
    sign-up itself, to edit); the profile form first, going on to it, for someone with none."""

    def view(self, services: Services, team_id: str, user_id: str) -> dict[str, Any]:
        form = services.mentoring.signup_form(team_id, user_id)
        if form.profile is not None:
            return signup_view(
                form.signup, form.suggested_topics, profile_hidden=form.profile_hidden
            )
        return profile_first_view(profile_view(None, None))


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
