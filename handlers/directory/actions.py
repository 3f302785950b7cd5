"""Buttons of the directory: profile, visibility, search paging, help and erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import N_, current_language, t
from handlers.directory.blocks.results import help_message, search_results_message
from handlers.directory.blocks.search import search_results_view, search_view
from handlers.directory.forms import decode_search, encode_search
from handlers.errors import guarded
from handlers.ids import ActionId, matching
from handlers.payloads import action_value, team_of, view_id_of
from handlers.slack.calls import deferrable
from handlers.slack.hooks import answer_where_clicked
from handlers.ui.common import text_message
from handlers.ui.profile import profile_form

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.slack.hooks import PublishHome, UpdateAnnouncements


def handle_profile_open_action(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, services: Services
) -> None:
    ack()
    view = profile_form(services, team_of(context), str(body["user"]["id"]))
    if view_id_of(body):
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_profile_visibility_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
) -> None:
    ack()
    user = str(body["user"]["id"])
    visible = body["actions"][0]["action_id"] == ActionId.PROFILE_SHOW
    status = services.directory.set_visible(team_of(context), user, visible=visible)
    place = services.directory.place_label(status.profile.place_id) if status.profile else None
    text = t("profile.shown", place=place or "") if visible else t("profile.hidden")
    answer_where_clicked(
        publish_home, body, respond, client, services, team_of(context), text_message(text), status
    )


def handle_profile_confirm_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
) -> None:
    ack()
    user = str(body["user"]["id"])
    status = services.directory.confirm_current(team_of(context), user)
    answer_where_clicked(
        publish_home,
        body,
        respond,
        client,
        services,
        team_of(context),
        text_message(t("profile.confirmed")),
        status,
    )


def handle_search_open_action(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    if view_id_of(body):
        client.views_push(trigger_id=body["trigger_id"], view=search_view())
    else:
        client.views_open(trigger_id=body["trigger_id"], view=search_view())


def handle_search_page_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    ack()
    target, page = decode_search(action_value(body))
    result = services.directory.search(team_of(context), target, page=page)
    view_id = view_id_of(body)
    if view_id:
        deferrable(client).views_update(
            view_id=view_id, view=search_results_view(result, encode_search)
        )
    else:
        respond(replace_original=True, **search_results_message(result, encode_search))


def handle_help_action(ack: Ack, respond: Respond) -> None:
    ack()
    respond(replace_original=False, response_type="ephemeral", **help_message())


def handle_forget_confirm_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    update_announcements: UpdateAnnouncements,
) -> None:
    ack()
    current_language()  # read now: the erasure forgets it, and the answer is in it all the same
    erasure = services.directory.erase(team_of(context), str(body["user"]["id"]))
    key = N_("privacy.forget.done") if erasure.erased else N_("privacy.forget.nothing")
    respond(replace_original=True, **text_message(t(key)))
    for cancelled in erasure.cancelled:  # the events they organised that had not started
        update_announcements(client, services, cancelled.event, cancelled.announcements)


def handle_forget_cancel_action(ack: Ack, respond: Respond) -> None:
    ack()
    respond(replace_original=True, **text_message(t("privacy.forget.kept")))


def register(app: App) -> None:
    app.action(ActionId.PROFILE_OPEN)(guarded(handle_profile_open_action))
    app.action(ActionId.PROFILE_HIDE)(guarded(handle_profile_visibility_action))
    app.action(ActionId.PROFILE_SHOW)(guarded(handle_profile_visibility_action))
    app.action(ActionId.PROFILE_CONFIRM)(guarded(handle_profile_confirm_action))
    app.action(ActionId.SEARCH_OPEN)(guarded(handle_search_open_action))
    app.action(matching(ActionId.SEARCH_PAGE))(guarded(handle_search_page_action))
    app.action(matching(ActionId.SEARCH_PLACE))(guarded(handle_search_page_action))
    app.action(ActionId.HELP_SHOW)(guarded(handle_help_action))
    app.action(ActionId.FORGET_CONFIRM)(guarded(handle_forget_confirm_action))
    app.action(ActionId.FORGET_CANCEL)(guarded(handle_forget_cancel_action))
