"""What organisers see of feedback: the `/event feedback [words]` reply (the /event listener
acks, then asks `summary_reply`), a button that opens one event's summary, and the CSV export.

A summary button clicked in a message (a pick list, or under another summary) replaces that
message; clicked on the Home tab, where no message can answer, it opens the summary in a modal.
The export is uploaded to the organiser's DM as a file (as the calendar's .ics is), and the
person is told where it went: beside the button, or over the modal it was clicked in.
Refusals (not their event, too few answers to export, an unknown event) are domain errors the
guard answers politely where the person is.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from handlers.errors import guarded
from handlers.feedback.blocks.export import (
    export_comment,
    export_failed_message,
    export_filename,
    export_sent_message,
    notice_view,
)
from handlers.feedback.blocks.pick import (
    feedback_help_block,
    no_match_message,
    none_yet_message,
    not_organiser_message,
    pick_message,
)
from handlers.feedback.blocks.summary import summary_message, summary_view
from handlers.feedback.blocks.summary_pieces import read_event_value
from handlers.ids import ActionId, matching
from handlers.payloads import action_value, team_of, view_id_of
from handlers.slack.calls import deferrable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.services.container import Services
    from bot.services.feedback import SummaryLine

log = logging.getLogger(__name__)

FILE_TITLE = 250  # characters of an event's title as the file's title


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _chosen(lines: Sequence[SummaryLine], words: str) -> SummaryLine | None:
    """Which event the words mean: the latest when none were typed, the only match, or the one
    whose whole title they are; None when they could mean several."""
    if not words or len(lines) == 1:
        return lines[0]
    exact = [line for line in lines if _fold(line.event.title) == _fold(words)]
    return exact[0] if len(exact) == 1 else None


def summary_reply(services: Services, team_id: str, user_id: str, text: str) -> dict[str, Any]:
    """`/event feedback [words]`: the summary of the organiser's latest event with feedback, or
    of the one the words name; a list to pick from when they name several; else why not."""
    feedback = services.feedback
    words = " ".join(text.split())
    lines = feedback.summaries(team_id, user_id, text=words)
    if not lines:
        organiser = services.events.can_organise(team_id, user_id)
        if words and (organiser or feedback.summaries(team_id, user_id, limit=1)):
            return no_match_message(words)
        return none_yet_message() if organiser else not_organiser_message()
    chosen = _chosen(lines, words)
    if chosen is None:
        return pick_message(lines, words, viewer=user_id)
    summary = feedback.summary(team_id, user_id, chosen.event.id)
    return summary_message(summary, viewer=user_id, others=() if words else lines)


def _user_of(body: dict[str, Any]) -> str:
    return str(body["user"]["id"])


def _tell(
    body: dict[str, Any], respond: Respond | None, client: WebClient, payload: dict[str, Any]
) -> None:
    """Answer where the button was: beside its message, over its modal, or in a DM."""
    if respond is not None and body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, **payload)
    elif view_id_of(body) is not None and body.get("trigger_id"):
        client.views_push(trigger_id=str(body["trigger_id"]), view=notice_view(payload))
    else:
        deferrable(client).chat_postMessage(channel=_user_of(body), **payload)


def handle_summary_open(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond | None,
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    """One event's summary, picked from a list or the Home tab."""
    ack()
    event_id = read_event_value(action_value(body))
    team, user = team_of(context), _user_of(body)
    summary = services.feedback.summary(team, user, event_id)
    if respond is not None and body.get("response_url"):
        others = services.feedback.summaries(team, user)
        respond(replace_original=True, **summary_message(summary, viewer=user, others=others))
        return
    view = summary_view(summary, viewer=user)
    if view_id_of(body) is not None:
        client.views_push(trigger_id=str(body["trigger_id"]), view=view)
    else:
        client.views_open(trigger_id=str(body["trigger_id"]), view=view)


def handle_export(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond | None,
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    """The event's answers as CSV, uploaded to the organiser's DM."""
    ack()
    event_id = read_event_value(action_value(body))
    team, user = team_of(context), _user_of(body)
    feedback = services.feedback
    event = feedback.summary(team, user, event_id).event  # refuses anyone else first
    data = feedback.export_csv(team, user, event_id)  # refuses a slice too small to export
    try:
        channel = client.conversations_open(users=user)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            content=data,
            filename=export_filename(event),
            title=event.title[:FILE_TITLE],
            initial_comment=export_comment(event),
        )
    except SlackApiError as error:
        reason = str(error.response.get("error") or "unknown")
        log.warning("feedback export not sent error=%s", reason)
        _tell(body, respond, client, export_failed_message(reason))
        return
    _tell(body, respond, client, export_sent_message(event))


class FeedbackOnEvents:
    """`/event feedback`, lent to the events command (see handlers.slack.hooks)."""

    def reply(self, services: Services, team_id: str, user_id: str, text: str) -> dict[str, Any]:
        return summary_reply(services, team_id, user_id, text)

    def help_block(self) -> dict[str, Any]:
        return feedback_help_block()


def register(app: App) -> None:
    app.action(matching(ActionId.FEEDBACK_SUMMARY_OPEN))(guarded(handle_summary_open))
    app.action(matching(ActionId.FEEDBACK_EXPORT))(guarded(handle_export))
