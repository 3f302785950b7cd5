"""`/whoswho export`: everything the app holds that names the person, as plain data.

One section per kind of record, each present only when something is held. Every record is
found by the column `/whoswho forget` erases it by, so the two cannot drift apart (and a test
holds every column of every table that can hold a Slack user id to one or the other list).

What others hold is not theirs to receive: an event they organised says how many are going,
not who; a feedback round they hear about says how many answered, not who; a scheduled message
says what kind it is and when, not what it says (a note to a group names the group).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.languages import LANGUAGE_NAMES
from bot.services.feedback import feedback_export
from bot.services.mentoring.export import mentoring_export
from bot.services.welcomes import welcome_export

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.places import Gazetteer
    from bot.domain.ports import UnitOfWork

# Sections beside the person's ids: what is held about them. None of them: nothing is.
IDENTITY_KEYS = frozenset({"workspace", "slack_user_id"})


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def person_export(
    uow: UnitOfWork, places: Gazetteer, team_id: str, user_id: str
) -> dict[str, object]:
    """Everything held about the person in the workspace, inside the caller's unit of work."""
    data: dict[str, object] = {"workspace": team_id, "slack_user_id": user_id, "profile": None}
    profile = uow.profiles.get(team_id, user_id)
    if profile is not None:
        place = places.get(profile.place_id)
        data["profile"] = {
            "place": places.label(place) if place else profile.place_id,
            "organisation": profile.organisation,
            "job_title": profile.job_title,
            "profession": profile.profession,
            "grade": profile.grade_label,
            "topics_i_can_help_with": list(profile.can_help),
            "topics_i_want_to_learn": list(profile.want_to_learn),
            "languages": list(profile.languages),
            "open_to": [item.value for item in profile.open_to],
            "shown_in_search": profile.visible and profile.active,
            "hidden_because": profile.hidden_reason,
            "created_at": profile.created_at.isoformat(),
            "updated_at": profile.updated_at.isoformat(),
            "last_confirmed_at": profile.confirmed_at.isoformat(),
            "last_asked_to_confirm_at": _when(profile.nudged_at),
            "listed_to_attendees": profile.listed_to_attendees,
            "announce_in_digest": profile.announce_in_digest,
        }
    replies = uow.events.replies_of(team_id, user_id)
    if replies:
        data["event_replies"] = [
            {"event": event.title, "starts_at": event.starts_at.isoformat(), "answer": status.value}
            for event, status in replies
        ]
    records = uow.person_records
    organised = records.events_organised(team_id, user_id)
    if organised:
        data["events_organised"] = [
            {
                "title": event.title,
                "description": event.description,
                "status": event.status,
                "starts_at": event.starts_at.isoformat(),
                "ends_at": event.ends_at.isoformat(),
                "timezone": event.timezone,
                "how": event.mode,
                "venue": event.venue,
                "online_link": event.online_url,
                "registration_link": event.registration_url,
                "places": event.capacity,
                "people_going": event.going,
                "people_waiting": event.waitlisted,
                "created_at": event.created_at.isoformat(),
                "updated_at": event.updated_at.isoformat(),
            }
            for event in organised
        ]
    linked = [link for link in uow.events.channel_links(team_id) if link.linked_by == user_id]
    if linked:
        data["channels_linked"] = [
            {
                "channel": link.channel_id,
                "region": link.region_code,
                "linked_at": link.created_at.isoformat(),
            }
            for link in linked
        ]
    mentoring = mentoring_export(uow, team_id, user_id)
    if mentoring:
        data["mentoring"] = mentoring
    closed = records.cycles_closed(team_id, user_id)
    if closed:
        data["mentoring_cycles_closed"] = [
            {
                "cycle": cycle.number,
                "started_at": cycle.started_at.isoformat(),
                "closed_at": _when(cycle.closed_at),
            }
            for cycle in closed
        ]
    feedback = feedback_export(uow, team_id, user_id)
    if feedback:
        data["feedback"] = feedback
    rounds = records.feedback_rounds_organised(team_id, user_id)
    if rounds:
        data["feedback_rounds_organised"] = [
            {
                "about": round_.about,
                "subject_id": round_.subject_id,
                "opened_at": round_.opened_at.isoformat(),
                "closes_at": round_.closes_at.isoformat(),
                "closed_at": _when(round_.closed_at),
                "withdrawn_at": _when(round_.withdrawn_at),
                "people_asked": round_.asked,
                "people_answered": round_.answered,
            }
            for round_ in rounds
        ]
    speed_connect = _speed_connect_export(uow, team_id, user_id)
    if speed_connect:
        data["speed_connect"] = speed_connect
    data.update(_language_export(uow, team_id, user_id))
    welcome = welcome_export(uow, team_id, user_id)
    if welcome:
        data["welcome"] = welcome
    messages = records.messages_naming(team_id, user_id)
    if messages:
        data["scheduled_messages"] = [
            {
                "kind": message.kind,
                "status": message.status,
                "due_at": message.due_at.isoformat(),
                "created_at": message.created_at.isoformat(),
                "updated_at": message.updated_at.isoformat(),
            }
            for message in messages
        ]
    installations = records.installations_made(team_id, user_id)
    if installations:
        data["installations"] = [
            {
                "workspace": item.workspace,
                "organisation_wide": item.organisation_wide,
                "installed_at": item.installed_at.isoformat(),
                "bot_scopes": item.bot_scopes,
                "user_scopes": item.user_scopes,
            }
            for item in installations
        ]
    return data


def _language_export(uow: UnitOfWork, team_id: str, user_id: str) -> dict[str, object]:
    """The language the person chose to read the app in, if they chose one."""
    choice = uow.languages.choice(team_id, user_id)
    if choice is None:
        return {}
    name = LANGUAGE_NAMES.get(choice.language, choice.language)
    return {"language": {"reads_the_app_in": name, "chosen_at": choice.updated_at.isoformat()}}


def _speed_connect_export(uow: UnitOfWork, team_id: str, user_id: str) -> dict[str, object]:
    """The events the person joined Speed Connect for, and the groups they were put in (how
    many people, not who: whom they met is in their group DM, in Slack)."""
    found: dict[str, object] = {}
    titles: dict[int, str] = {}

    def title(event_id: int) -> str:
        if event_id not in titles:
            event = uow.events.get(team_id, event_id)
            titles[event_id] = event.title if event is not None else ""
        return titles[event_id]

    joined = uow.speed_connect.opted_in_events(team_id, user_id)
    if joined:
        found["joined_for_events"] = [title(event_id) for event_id in joined]
    groups = uow.speed_connect.groups_of(team_id, user_id)
    if groups:
        found["groups"] = [
            {
                "event": title(group.event_id),
                "group": group.number,
                "people": len(group.member_ids),
                "formed_at": group.created_at.isoformat(),
            }
            for group in groups
        ]
    return found


def holds_anything(data: dict[str, object]) -> bool:
    """Whether an export holds anything beyond the person's ids."""
    return any(value for key, value in data.items() if key not in IDENTITY_KEYS)
