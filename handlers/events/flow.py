"""What several event listeners do alike at the Slack edge: open the form, post and update the
announcements, and carry a list's place and page in a button."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from slack_sdk.errors import SlackApiError

from bot.domain.errors import DomainError
from bot.i18n import t
from handlers.events.blocks.announcement import announcement_message, moved_announcement_message
from handlers.events.blocks.form import event_form_view
from handlers.events.blocks.lists import event_list_message
from handlers.events.blocks.reports import POST_ERRORS as POST_ERROR_WORDS
from handlers.events.forms import action_choice
from handlers.events.languages import ChannelRendering
from handlers.slack.calls import deferrable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slack_sdk import WebClient

    from bot.domain.events import Announcement, Event
    from bot.services.container import Services
    from bot.services.events import EventPage
    from bot.services.place_scope import NoPlace
    from handlers.slack.people import SlackWorkspaceMembers

log = logging.getLogger(__name__)

POST_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


class FormContext(BaseModel):
    """What the event form carries in private_metadata: which event, in whose time zone."""

    model_config = ConfigDict(extra="ignore")
    event_id: int | None = Field(default=None, ge=1, lt=2**31)
    tz: str = Field(default="Europe/London", max_length=64)


def form_context(private_metadata: str | None) -> FormContext:
    try:
        return FormContext.model_validate_json(private_metadata or "{}")
    except (ValidationError, ValueError):
        raise DomainError("errors.expired") from None


def open_event_form(
    client: WebClient,
    services: Services,
    members: SlackWorkspaceMembers,
    team_id: str,
    user_id: str,
    trigger_id: str,
    event: Event | None,
    *,
    push: bool = False,
) -> None:
    """The new-event form, or an event's edit form, in the organiser's own time zone."""
    events = services.events
    place = events.where_label(event) if event is not None else None
    tz = members.timezone(team_id, user_id) or "Europe/London"
    view = event_form_view(
        event,
        place_label=place,
        regions=events.regions(),
        now=events.now(),
        timezone=tz,
        place_region=events.place_region(event) if event else None,
    )
    view["private_metadata"] = FormContext(
        event_id=event.id if event else None, tz=tz
    ).model_dump_json()
    if push:
        client.views_push(trigger_id=trigger_id, view=view)
    else:
        client.views_open(trigger_id=trigger_id, view=view)


def post_announcements(
    client: WebClient, services: Services, event: Event, channels: Sequence[str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """Announce in each channel once, in the channel's language; say where it was posted and
    where not (and why)."""
    rendering = ChannelRendering(  # the place named in each channel's language too
        services,
        event.team_id,
        lambda: announcement_message(event, where=services.events.where_label(event)),
    )
    posted: list[str] = []
    refused: list[tuple[str, str]] = []
    for channel in channels:
        try:
            answer = _post_joining(client, channel, rendering.for_channel(channel))
        except SlackApiError as error:
            reason = str(error.response.get("error") or "unknown")
            log.warning("announcement not posted channel=%s error=%s", channel, reason)
            refused.append((channel, _post_error(reason)))
            continue
        services.events.record_announcement(event.team_id, event.id, channel, str(answer["ts"]))
        posted.append(channel)
    return posted, refused


def _post_joining(client: WebClient, channel: str, payload: dict[str, Any]) -> Any:
    """Post; in a public channel the app isn't in yet, join it first (a private one must
    invite the app, which the organiser is told)."""
    try:
        return client.chat_postMessage(channel=channel, **payload)
    except SlackApiError as error:
        if error.response.get("error") != "not_in_channel":
            raise
        try:
            client.conversations_join(channel=channel)
        except SlackApiError:
            raise error from None
        return client.chat_postMessage(channel=channel, **payload)


def _post_error(reason: str) -> str:
    """Why a channel refused an announcement, in words an organiser can act on."""
    if reason in POST_ERRORS:
        return t(POST_ERROR_WORDS[reason])
    return t("event.post_error.other", reason=reason[:50])


def update_announcements(
    client: WebClient, services: Services, event: Event, announcements: Sequence[Announcement]
) -> None:
    """Show the event as it now is (details, counts, or cancelled) wherever it was announced;
    where it was announced before it moved to another region, say where it went. Each post
    is in its channel's language as it is now."""
    payload = ChannelRendering(
        services,
        event.team_id,
        lambda: announcement_message(event, where=services.events.where_label(event)),
    )
    moved: ChannelRendering | None = None
    if any(item.moved for item in announcements):
        region, channels = services.events.announced_in(event)
        moved = ChannelRendering(
            services,
            event.team_id,
            lambda: moved_announcement_message(event, region_name=region.name, channels=channels),
        )
    for item in announcements:
        if not item.ts:
            continue
        rendering = moved if item.moved and moved is not None else payload
        shown = rendering.for_channel(item.channel_id)
        try:
            deferrable(client).chat_update(channel=item.channel_id, ts=item.ts, **shown)
        except SlackApiError as error:
            log.warning(
                "announcement not updated channel=%s error=%s",
                item.channel_id,
                error.response.get("error"),
            )


class ListValue(BaseModel):
    """What a list's Previous/Next button carries: the place, region, ONS area or postcode
    it lists (a postcode lives only here, never in the database) and the page."""

    model_config = ConfigDict(extra="forbid")
    p: int | None = Field(default=None, ge=0, lt=10**10)
    r: str | None = Field(default=None, max_length=8)
    a: str | None = Field(default=None, max_length=12)
    c: str | None = Field(default=None, max_length=8)
    n: int = Field(default=1, ge=1, le=10_000)


def list_page_value(page: EventPage, number: int) -> str:
    area = page.area
    return ListValue(
        p=area.place.id if area is not None and area.place is not None else None,
        r=area.region.code if area is not None and area.is_region and area.region else None,
        a=area.area.code if area is not None and area.area is not None else None,
        c=area.postcode.code if area is not None and area.postcode is not None else None,
        n=number,
    ).model_dump_json(exclude_defaults=True)


def read_list_value(value: str | None) -> ListValue:
    try:
        return ListValue.model_validate_json(value or "")
    except (ValidationError, ValueError):
        raise DomainError("errors.expired") from None


def list_message(
    services: Services, page: EventPage, typed: str = "", unknown: NoPlace | None = None
) -> dict[str, Any]:
    """A page of upcoming events, with Previous/Next carrying the same area; `unknown`: the
    words typed named no place, so the list is of events everywhere (and why)."""
    events = services.events
    return event_list_message(
        [(event, events.where_label(event)) for event in page.events],
        heading=list_heading(page, typed, unknown),
        page=page.page,
        pages=page.pages,
        page_value=lambda number: list_page_value(page, number),
        note=_unknown_note(unknown),
    )


def list_heading(page: EventPage, typed: str, unknown: NoPlace | None = None) -> str:
    area = page.area
    if area is not None:
        if area.kind in {"area", "region"}:
            return t("event.list.heading_inside", area=area.name)
        if area.site:
            return t("event.list.heading_site", site=area.site, area=area.name)
        return t("event.list.heading_area", area=area.name)
    if unknown is not None and unknown.outside_uk:
        return t("event.list.heading_abroad", text=unknown.text)
    if unknown is not None or typed:
        return t("event.list.heading_unknown", text=(unknown.text if unknown else typed)[:100])
    return t("event.list.heading_all")


def _unknown_note(unknown: NoPlace | None) -> str | None:
    if unknown is None or not unknown.suggestions:
        return None
    return t("event.list.did_you_mean", names=", ".join(unknown.suggestions[:3]))


def chosen(body: dict[str, Any]) -> tuple[str, int]:
    """What was clicked and about which event ("", 42) or ("edit", 42); stale: expired."""
    choice = action_choice(body)
    if choice is None:
        raise DomainError("errors.expired")
    return choice
