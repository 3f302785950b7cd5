"""The profile form's submission: inline errors, or saved and confirmed (or, when the person
came to sign up for mentoring groups, saved and straight on to that form)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.errors import InvalidInputError
from bot.i18n import current_language, t, use_language
from handlers.directory.forms import form_errors, profile_draft, profile_language
from handlers.errors import guarded
from handlers.ids import CallbackId
from handlers.payloads import team_of
from handlers.ui.common import modal, section

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services
    from bot.services.directory import ProfileStatus
    from handlers.slack.hooks import PublishHome, SignupAfterProfile


def handle_profile_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
    signup_after_profile: SignupAfterProfile,
) -> None:
    user = str(body["user"]["id"])
    try:
        status = services.directory.save_profile(team_of(context), user, profile_draft(view))
    except InvalidInputError as error:
        ack(response_action="errors", errors=form_errors(error.fields))
        return
    language = profile_language(view)
    if language is not None and language != current_language():
        services.languages.set_person(team_of(context), user, language)
    with use_language(language or current_language()):  # the answer in the one just chosen
        _answer_saved(
            ack, view, client, context, services, status, user, publish_home, signup_after_profile
        )


def _answer_saved(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
    status: ProfileStatus,
    user: str,
    publish_home: PublishHome,
    signup_after_profile: SignupAfterProfile,
) -> None:
    if signup_after_profile.follows(view) and status.profile is not None:
        form = signup_after_profile.form(services, team_of(context), user)
        ack(response_action="update", view=form)
        publish_home(client, services, team_of(context), user, status)
        return
    place = services.directory.place_label(status.profile.place_id) if status.profile else None
    visible = status.profile is not None and status.profile.visible
    text = t("profile.saved", place=place or "") if visible else t("profile.saved_hidden")
    ack(
        response_action="update",
        view=modal(
            CallbackId.NOTICE, t("profile.modal.title"), [section(text)], close=t("buttons.close")
        ),
    )
    publish_home(client, services, team_of(context), user, status)


def register(app: App) -> None:
    app.view(CallbackId.PROFILE_SUBMIT)(guarded(handle_profile_submission))
