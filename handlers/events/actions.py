"""Buttons on announcements and lists: RSVP, calendar, details, the organiser's menu, paging."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.domain.calendar import google_calendar_url, ics_calendar, outlook_calendar_url
from bot.domain.events import RsvpStatus
from handlers.errors import guarded
from handlers.events.blocks.announcement import (
    calendar_links_message,
    event_details_message,
    rsvp_reply_message,
)
from handlers.events.blocks.attendees import (
    PAGE_BUTTONS,
    attendee_profile_view,
    read_attendees_value,
    read_person_value,
    whos_going_message,
)
from handlers.events.blocks.form import cancel_confirm_view
from handlers.events.flow import (
    chosen,
    list_message,
    open_event_form,
    read_list_value,
    update_announcements,
)
from handlers.ids import ActionId, base_action, matching
from handlers.payloads import action_value, team_of
from handlers.slack.calls import deferrable
from handlers.ui.common import escape

if TYPE_CHECKING:
    from slack_bolt import Ack, App, BoltContext, Respond
    from slack_sdk import WebClient

    from bot.domain.events import Event
    from bot.services.container import Services
    from handlers.slack.people import SlackWorkspaceMembers

log = logging.getLogger(__name__)


def _ephemeral(respond: Respond, payload: dict[str, Any]) -> None:
    """Answer only the person who clicked, leaving the announcement as it is."""
    respond(response_type="ephemeral", replace_original=False, **payload)


def handle_rsvp_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    ack()
    going = base_action(str(body["actions"][0]["action_id"])) == ActionId.EVENT_GOING
    _, event_id = chosen(body)
    outcome = services.events.rsvp(team_of(context), event_id, str(body["user"]["id"]), going=going)
    _ephemeral(
        respond,
        rsvp_reply_message(
            outcome.event,
            outcome.status,
            changed=outcome.changed,
            waitlist_position=outcome.waitlist_position,
            reminder_coming=outcome.reminder_coming,
        ),
    )
    if outcome.changed or outcome.status is not RsvpStatus.NOT_GOING:
        update_announcements(client, services, outcome.event, outcome.announcements)


def handle_calendar_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
    members: SlackWorkspaceMembers,
) -> None:
    ack()
    choice, event_id = chosen(body)
    if choice == "link":  # a Google or Outlook link: the browser has it already
        return
    event = services.events.get_event(team_of(context), event_id)
    where = services.events.where_label(event)
    organiser = _organiser_name(members, event)
    sent = _send_calendar_file(client, str(body["user"]["id"]), event, where, organiser)
    _ephemeral(
        respond,
        calendar_links_message(
            event,
            google_url=google_calendar_url(event, where),
            outlook_url=outlook_calendar_url(event, where),
            ics_sent=sent,
        ),
    )


def _organiser_name(members: SlackWorkspaceMembers, event: Event) -> str:
    """The organiser's name as Slack has it, for a calendar (which cannot show a mention);
    "" when erased or not known: the file then names nobody."""
    if event.organiser_erased:
        return ""
    try:
        return members.name(event.team_id, event.organiser_id)
    except SlackApiError as error:
        log.warning("organiser's name not read error=%s", error.response.get("error"))
        return ""


def _send_calendar_file(
    client: WebClient, user: str, event: Event, where: str, organiser: str
) -> bool:
    """The event as an .ics file, in a DM: any calendar program opens it in the right zone."""
    data = ics_calendar(event, where=where, organiser=organiser)
    try:
        channel = client.conversations_open(users=user)["channel"]["id"]
        client.files_upload_v2(
            channel=channel, content=data, filename=f"event-{event.id}.ics", title=event.title
        )
    except SlackApiError as error:
        log.warning("calendar file not sent error=%s", error.response.get("error"))
        return False
    return True


def handle_details_action(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    services: Services,
) -> None:
    ack()
    event = services.events.get_event(team_of(context), chosen(body)[1])
    details = event_details_message(event, where=services.events.where_label(event))
    if respond.response_url:
        _ephemeral(respond, details)
    else:  # the Home tab: no message to answer under, so the details (and buttons) in a DM
        deferrable(client).chat_postMessage(channel=str(body["user"]["id"]), **details)


def handle_manage_action(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
    members: SlackWorkspaceMembers,
) -> None:
    """The organiser's menu: edit opens the form; cancel asks first. Others are refused."""
    ack()
    choice, event_id = chosen(body)
    team, user = team_of(context), str(body["user"]["id"])
    event = services.events.event_for_editing(team, user, event_id)
    if choice == "cancel":
        client.views_open(trigger_id=body["trigger_id"], view=cancel_confirm_view(event))
    else:
        open_event_form(client, services, members, team, user, str(body["trigger_id"]), event)


def handle_list_page_action(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext, services: Services
) -> None:
    ack()
    carried = read_list_value(action_value(body))
    events = services.events
    area = events.area_by_id(carried.p, carried.r, carried.a, carried.c)
    page = events.list_upcoming(team_of(context), area, page=carried.n)
    respond(replace_original=True, **list_message(services, page))


def handle_create_action(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    services: Services,
    members: SlackWorkspaceMembers,
) -> None:
    ack()
    team, user = team_of(context), str(body["user"]["id"])
    services.events.require_organiser(team, user)
    open_event_form(client, services, members, team, user, str(body["trigger_id"]), None)


def handle_whos_going_action(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext, services: Services
) -> None:
    """The people going who share their profile, shown only to the person who clicked; a
    page turned in that list replaces it."""
    ack()
    event_id, page, others = read_attendees_value(action_value(body))
    user = str(body["user"]["id"])
    attendees = services.attendees.who_is_going(
        team_of(context), event_id, user, page=page, others=others
    )
    paging = body["actions"][0].get("action_id") in PAGE_BUTTONS
    respond(response_type="ephemeral", replace_original=paging, **whos_going_message(attendees))


def handle_attendee_action(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, services: Services
) -> None:
    """One attendee's profile, read-only, while they still share it with the people there."""
    ack()
    event_id, person = read_person_value(action_value(body))
    event, attendee = services.attendees.attendee(team_of(context), event_id, person)
    view = attendee_profile_view(attendee, escape(event.title))
    client.views_open(trigger_id=str(body["trigger_id"]), view=view)


def register(app: App) -> None:
    app.action(matching(ActionId.EVENT_GOING))(guarded(handle_rsvp_action))
    app.action(matching(ActionId.EVENT_NOT_GOING))(guarded(handle_rsvp_action))
    app.action(matching(ActionId.EVENT_CALENDAR))(guarded(handle_calendar_action))
    app.action(matching(ActionId.EVENT_DETAILS))(guarded(handle_details_action))
    app.action(matching(ActionId.EVENT_MANAGE))(guarded(handle_manage_action))
    app.action(matching(ActionId.EVENT_LIST_PAGE))(guarded(handle_list_page_action))
    app.action(ActionId.EVENT_CREATE)(guarded(handle_create_action))
    app.action(matching(ActionId.EVENT_WHOS_GOING))(guarded(handle_whos_going_action))
    app.action(matching(ActionId.EVENT_ATTENDEE))(guarded(handle_attendee_action))
