"""The event form (new or edited) and the cancellation confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError, InvalidInputError
from bot.i18n import t
from handlers.errors import guarded
from handlers.events.blocks.reports import posting_report_message
from handlers.events.flow import (
    form_context,
    post_announcements,
    update_announcements,
)
from handlers.events.forms import event_draft, event_form_errors, event_metadata
from handlers.ids import CallbackId
from handlers.payloads import team_of
from handlers.slack.calls import deferrable
from handlers.ui.common import modal, section

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext
    from slack_sdk import WebClient

    from bot.services.container import Services


def _done(text: str) -> dict[str, Any]:
    return modal(
        CallbackId.NOTICE, t("event.modal.done_title"), [section(text)], close=t("buttons.close")
    )


def handle_event_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    """Inline errors beside the fields, or saved: then announced (new) or updated (edit)."""
    team, user = team_of(context), str(body["user"]["id"])
    form = form_context(view.get("private_metadata"))
    draft = event_draft(view, timezone=form.tz)
    try:
        if form.event_id is None:
            created = services.events.create_event(team, user, draft)
        else:
            edited = services.events.edit_event(team, user, form.event_id, draft)
    except InvalidInputError as error:
        ack(response_action="errors", errors=event_form_errors(error.fields, view))
        return
    if form.event_id is None:
        ack(response_action="update", view=_done(t("event.modal.posting")))
        posted, refused = post_announcements(client, services, created.event, created.channels)
        report = posting_report_message(
            created.event,
            posted=posted,
            not_posted=refused,
            region_name=created.region.name,
            region_has_channels=bool(
                set(created.channels) - set(created.event.details.extra_channels)
            ),
        )
        deferrable(client).chat_postMessage(channel=user, **report)
        return
    ack(response_action="update", view=_done(t("event.modal.updated")))
    update_announcements(client, services, edited.event, edited.announcements)


def handle_cancel_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    ack()
    team, user = team_of(context), str(body["user"]["id"])
    event_id = event_metadata(view)
    if event_id is None:
        raise DomainError("errors.expired")
    cancelled = services.events.cancel_event(team, user, event_id)
    update_announcements(client, services, cancelled.event, cancelled.announcements)


def register(app: App) -> None:
    app.view(CallbackId.EVENT_SUBMIT)(guarded(handle_event_submission))
    app.view(CallbackId.EVENT_CANCEL_SUBMIT)(guarded(handle_cancel_submission))
