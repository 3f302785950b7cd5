"""/mentoring: join or edit your sign-up, pause, resume, leave, your status and help; the
organisers' verbs (match, close, groups) are answered by `handlers.mentoring.organise`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.errors import InvalidInputError, NotFoundError
from handlers.errors import guarded
from handlers.ids import Command
from handlers.mentoring import organise as mentoring_organise
from handlers.mentoring.blocks.membership import (
    leave_confirm_message,
    mentoring_help_message,
    not_signed_up_message,
    nothing_to_leave_message,
    pause_error_message,
    pause_message,
    resumed_message,
    status_message,
)
from handlers.mentoring.blocks.signup import profile_first_message
from handlers.mentoring.views import open_signup
from handlers.payloads import command_text, team_of
from handlers.ui.verbs import MENTORING_VERBS, verb

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.services.container import Services
    from handlers.slack.people import SlackWorkspaceMembers

HELP_WORDS = frozenset({"help", "?", "-h", "--help"})
STATUS_WORDS = frozenset({"status", "me"})
ORGANISER_WORDS = frozenset({"match", "close", "groups"})
MAX_COMMAND_TEXT = 300
NOT_SIGNED_UP = "mentoring.errors.not_signed_up"


def handle_mentoring_command(
    ack: Ack,
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    members: SlackWorkspaceMembers,
) -> None:
    ack()
    text = command_text(command, MAX_COMMAND_TEXT)
    # The first word in either language ("saib" is "pause"), whatever language was chosen
    first, _, rest = text.partition(" ")
    word = verb(first, MENTORING_VERBS)
    team, user = team_of(context), str(command["user_id"])

    if not text:
        if not open_signup(client, services, team, user, str(command["trigger_id"])):
            respond(response_type="ephemeral", **profile_first_message())
    elif word in ORGANISER_WORDS:
        mentoring_organise.handle(
            word,
            rest,
            team_id=team,
            user_id=user,
            services=services,
            respond=respond,
            client=client,
        )
    elif word == "pause":
        _pause(respond, services, members, team, user, rest)
    elif word == "resume" and not rest:
        _resume(respond, services, team, user)
    elif word == "leave" and not rest:
        signed_up = services.mentoring.status(team, user).signup is not None
        reply = leave_confirm_message() if signed_up else nothing_to_leave_message()
        respond(response_type="ephemeral", **reply)
    elif word in STATUS_WORDS and not rest:
        zone = members.timezone(team, user)
        mine = services.mentoring.status(team, user)
        respond(response_type="ephemeral", **status_message(mine, timezone=zone))
    elif word in HELP_WORDS and not rest:
        respond(response_type="ephemeral", **mentoring_help_message())
    else:
        respond(response_type="ephemeral", **mentoring_help_message(unknown=text))


def _pause(
    respond: Respond,
    services: Services,
    members: SlackWorkspaceMembers,
    team: str,
    user: str,
    rest: str,
) -> None:
    """`/mentoring pause [until DATE]`, the date read in the person's own time zone."""
    zone = members.timezone(team, user)
    try:
        signup = services.mentoring.pause(team, user, rest, timezone=zone)
    except InvalidInputError as error:
        key = next(iter(error.fields.values()), "mentoring.errors.pause_date_unreadable")
        respond(response_type="ephemeral", **pause_error_message(key, rest))
        return
    except NotFoundError as error:
        if error.key != NOT_SIGNED_UP:
            raise
        respond(response_type="ephemeral", **not_signed_up_message())
        return
    respond(response_type="ephemeral", **pause_message(signup, timezone=zone))


def _resume(respond: Respond, services: Services, team: str, user: str) -> None:
    was_paused = services.mentoring.status(team, user).paused
    try:
        services.mentoring.resume(team, user)
    except NotFoundError as error:
        if error.key != NOT_SIGNED_UP:
            raise
        respond(response_type="ephemeral", **not_signed_up_message())
        return
    respond(response_type="ephemeral", **resumed_message(was_paused=was_paused))


def register(app: App) -> None:
    app.command(Command.MENTORING)(guarded(handle_mentoring_command))
