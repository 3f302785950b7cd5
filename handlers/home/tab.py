"""Publishing the App Home tab: the directory's, the events', feedback's and mentoring's parts,
together, in the language of the person whose tab it is (whoever's request publishes it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import current_language, use_language
from handlers.events.blocks.home import events_home_blocks
from handlers.feedback.blocks.home import (
    HOME_SUMMARIES,
    awaiting_home_blocks,
    summaries_home_blocks,
)
from handlers.home.blocks import home_view
from handlers.mentoring.blocks.home import mentoring_home_blocks
from handlers.slack.calls import deferrable
from handlers.slack.language import in_force_for

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.services.container import Services
    from bot.services.directory import ProfileStatus


def publish_home(
    client: WebClient,
    services: Services,
    team_id: str,
    user_id: str,
    status: ProfileStatus | None = None,
    *,
    language: str | None = None,
) -> None:
    """`language`: the person's, when the caller knows it; else the one in force when the
    request is theirs, else theirs as stored (the request may be someone else's)."""
    if language is None:
        if in_force_for(team_id, user_id):
            language = current_language()
        else:
            language = services.languages.person(team_id, user_id)
    if language != current_language():
        with use_language(language):
            _publish(client, services, team_id, user_id, status)
    else:
        _publish(client, services, team_id, user_id, status)


def _publish(
    client: WebClient,
    services: Services,
    team_id: str,
    user_id: str,
    status: ProfileStatus | None,
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
