"""Buttons on mentoring groups' messages: a member's one-click check-in answer, and the pages
of the organisers' view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.errors import NotFoundError
from handlers.errors import guarded
from handlers.ids import ActionId, matching
from handlers.mentoring.blocks.checkins import checkin_answered_message, read_checkin_value
from handlers.mentoring.blocks.overview import read_page_value
from handlers.mentoring.organise import overview_reply
from handlers.payloads import action_value, team_of

CHECKIN_NOT_YOURS = "mentoring.errors.checkin_not_yours"

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond

    from bot.services.container import Services


def handle_checkin_action(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext, services: Services
) -> None:
    """Record the answer and put it in place of the question. A click on someone else's
    check-in, or on one of a cycle that has ended, is refused and answered (by the guard) to the
    person who clicked only, leaving the message as it was."""
    ack()
    choice = read_checkin_value(action_value(body))
    user = str(body["user"]["id"])
    if choice.user_id != user:
        raise NotFoundError(CHECKIN_NOT_YOURS)
    answered = services.mentoring.answer_checkin(
        team_of(context), user, choice.group_id, choice.round, choice.answer
    )
    respond(replace_original=True, **checkin_answered_message(answered))


def handle_overview_page_action(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext, services: Services
) -> None:
    ack()
    page = read_page_value(action_value(body))
    user = str(body["user"]["id"])
    respond(replace_original=True, **overview_reply(services, team_of(context), user, page))


def register(app: App) -> None:
    app.action(matching(ActionId.MENTORING_CHECKIN))(guarded(handle_checkin_action))
    app.action(matching(ActionId.MENTORING_OVERVIEW_PAGE))(guarded(handle_overview_page_action))
