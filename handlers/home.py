"""Publishing the App Home tab: the directory's, the events', feedback's and mentoring's parts,
together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.blocks.events import events_home_blocks
from handlers.blocks.feedback_summary import (
    HOME_SUMMARIES,
    awaiting_home_blocks,
    summaries_home_blocks,
)
from handlers.blocks.home import home_view
from handlers.blocks.mentoring_signup import mentoring_home_blocks
from handlers.slack_calls import deferrable

if TYPE_CHECKING:
    from slack_bolt import Respond
    from slack_sdk import WebClient

    from bot.services.container import Services
    from bot.services.directory import ProfileStatus


def from_home(body: dict[str, Any]) -> bool:
    """Whether a click came from the App Home tab (which has no message to answer in)."""
    view = body.get("view")
    return isinstance(view, dict) and view.get("type") == "home"


def answer_where_clicked(
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
    team_id: str,
    payload: dict[str, Any],
    status: ProfileStatus | None = None,
) -> None:
    """Show what changed where the click came from: the Home tab (published again), or the
    message clicked (replaced with `payload`)."""
    if from_home(body) or not respond.response_url:
        publish_home(client, services, team_id, str(body["user"]["id"]), status)
    else:
        respond(replace_original=True, **payload)


def publish_home(
    client: WebClient,
    services: Services,
    team_id: str,
    user_id: str,
    status: ProfileStatus | None = None,
) -> None:
    directory, events = services.directory, services.events
    status = status or directory.profile_status(team_id, user_id)
    place = directory.place_label(status.profile.place_id) if status.profile else None
    mine = events.my_events(team_id, user_id)
    can_organise = events.can_organise(team_id, user_id)
    event_blocks = events_home_blocks(
        [(event, rsvp, events.where_label(event)) for event, rsvp in mine.going],
        [(event, events.where_label(event)) for event in mine.organising],
        now=events.now(),
        can_organise=can_organise,
    )
    feedback = services.feedback
    awaiting = feedback.awaiting(team_id, user_id)
    awaiting_blocks = awaiting_home_blocks(
        awaiting, opted_out=not awaiting and feedback.is_opted_out(team_id, user_id)
    )
    feedback_blocks = summaries_home_blocks(
        feedback.summaries(team_id, user_id, limit=HOME_SUMMARIES),
        viewer=user_id,
        can_organise=can_organise,
    )
    mentoring_blocks = mentoring_home_blocks(
        services.mentoring.status(team_id, user_id), has_profile=status.profile is not None
    )
    deferrable(client).views_publish(
        user_id=user_id,
        view=home_view(
            status,
            place,
            events=event_blocks,
            mentoring=mentoring_blocks,
            awaiting=awaiting_blocks,
            feedback=feedback_blocks,
        ),
    )
