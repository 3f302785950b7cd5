"""Buttons of the feedback questions participants receive: a one-click rating, "tell us more",
"don't ask me for feedback" (after Slack's own confirmation) and the way back, and the
follow-up's two buttons.

An answer is shown in place of the message clicked. A click that cannot count any more (the
question has closed, its event was cancelled, or it is gone, say after the person asked to be
forgotten) replaces the message with why, since its buttons are dead; any other refusal (a
question sent to someone else, an event the person was not down as going to, a forged value)
is answered to the person alone by the guard, and the message stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from bot.domain.errors import DomainError, NotAllowedError
from bot.i18n import t
from handlers.errors import guarded
from handlers.feedback.blocks.details import details_view
from handlers.feedback.blocks.follow_up import follow_up_answered_message, follow_up_view
from handlers.feedback.blocks.prompt import (
    answered_message,
    notice_message,
    opted_in_message,
    opted_out_message,
)
from handlers.feedback.blocks.values import (
    FORM_NONE,
    read_follow_up_value,
    read_prompt_value,
    read_rating_value,
)
from handlers.feedback.forms import origin_of
from handlers.ids import ActionId, matching
from handlers.payloads import action_value, from_home, team_of
from handlers.slack.hooks import answer_where_clicked

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.slack.hooks import PublishHome

T = TypeVar("T")

# Refusals that mean the message's buttons are dead: the message itself says so instead.
DEAD_ENDS = frozenset(
    {"feedback.errors.closed", "feedback.errors.cancelled", "feedback.errors.gone"}
)


def _say_in_place(respond: Respond, body: dict[str, Any], error: DomainError) -> None:
    """Say why in place of the message clicked when its buttons are dead; otherwise leave the
    refusal to the guard (said to the person alone)."""
    if error.key not in DEAD_ENDS or from_home(body) or not respond.response_url:
        raise error
    respond(replace_original=True, **notice_message(t(error.key)))


def _in_place(respond: Respond, body: dict[str, Any], call: Callable[[], T]) -> T | None:
    """`call()`; None if it was refused because the question is over (and that was said)."""
    try:
        return call()
    except DomainError as error:
        _say_in_place(respond, body, error)
        return None


def handle_rate_action(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext, services: Services
) -> None:
    """A rating: recorded (a second click of the same rating changes nothing, another one
    replaces it), and thanks shown in place of the question, with the ratings to change it."""
    ack()
    prompt_id, rating = read_rating_value(action_value(body))
    team, user = team_of(context), str(body["user"]["id"])
    answered = _in_place(
        respond, body, lambda: services.feedback.rate(team, user, prompt_id, rating)
    )
    if answered is not None:
        respond(replace_original=True, **answered_message(answered))


def handle_more_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    """ "Tell us more" (or "Edit your answers", or the App Home's "Answer"): the form, filled
    in with what the person already said."""
    ack()
    prompt_id = read_prompt_value(action_value(body))
    team, user = team_of(context), str(body["user"]["id"])
    view = _in_place(respond, body, lambda: services.feedback.prompt_for(team, user, prompt_id))
    if view is None:
        return
    form = details_view(view, origin_of(body), from_home=from_home(body))
    client.views_open(trigger_id=str(body["trigger_id"]), view=form)


def handle_opt_out_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
) -> None:
    """Slack has already asked "are you sure?": stop asking, and offer the way back."""
    ack()
    team = team_of(context)
    new = services.feedback.opt_out(team, str(body["user"]["id"]))
    answer_where_clicked(
        publish_home, body, respond, client, services, team, opted_out_message(new=new)
    )


def handle_opt_in_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    publish_home: PublishHome,
) -> None:
    ack()
    team = team_of(context)
    was_out = services.feedback.opt_in(team, str(body["user"]["id"]))
    answer_where_clicked(
        publish_home, body, respond, client, services, team, opted_in_message(was_out=was_out)
    )


def handle_follow_up_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    """The follow-up: "None of these yet" answers at once; "Tell us" opens its form."""
    ack()
    prompt_id, choice = read_follow_up_value(action_value(body))
    team, user = team_of(context), str(body["user"]["id"])
    feedback = services.feedback
    if choice == FORM_NONE:
        answered = _in_place(
            respond, body, lambda: feedback.answer_follow_up(team, user, prompt_id, ())
        )
        if answered is not None:
            respond(replace_original=True, **follow_up_answered_message(answered))
        return
    # Not answered yet: the service says what it is about. Answered already (to change the
    # answer) or gone, the form opens plainly and sending it says what can be done.
    view = feedback.follow_up_message(team, prompt_id)
    if view is not None:
        if view.prompt.user_id != user:
            raise NotAllowedError("feedback.errors.not_yours")
        if not view.is_open:
            _say_in_place(respond, body, DomainError("feedback.errors.closed"))
            return
    form = follow_up_view(prompt_id, view, origin_of(body))
    client.views_open(trigger_id=str(body["trigger_id"]), view=form)


def register(app: App) -> None:
    app.action(matching(ActionId.FEEDBACK_RATE))(guarded(handle_rate_action))
    app.action(matching(ActionId.FEEDBACK_MORE))(guarded(handle_more_action))
    app.action(matching(ActionId.FEEDBACK_OPT_OUT))(guarded(handle_opt_out_action))
    app.action(matching(ActionId.FEEDBACK_OPT_IN))(guarded(handle_opt_in_action))
    app.action(matching(ActionId.FEEDBACK_FOLLOW_UP))(guarded(handle_follow_up_action))
