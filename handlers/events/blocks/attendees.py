"""Block Kit for who's going to an event: the private list a click on "Who's going" shows,
the DM after the event listing the others who went, and one attendee's profile (read-only).

Only people who share their profile with attendees are named (the service decides who); the
rest are counted. Every word anyone typed is escaped, so a profile cannot ping anybody.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError
from bot.i18n import N_, plural, t
from handlers.events.blocks.pieces import title_text
from handlers.ids import ActionId, CallbackId, indexed, is_user_id
from handlers.ui.common import (
    Block,
    actions,
    button,
    context,
    divider,
    escape,
    message,
    modal,
    section,
)
from handlers.ui.labels import OPEN_TO

if TYPE_CHECKING:
    from bot.domain.people import Profile
    from bot.services.attendees import Attendee, AttendeeList

_MAX_SHOWN_TOPICS = 6
_MAX_EVENT_ID = 2**31
# "42" (page 1, everyone going), "42:3" (page 3), "42:3:o" (the others: the viewer left out).
_LIST_VALUE = re.compile(r"^([0-9]{1,10})(?::([0-9]{1,4}))?(?::(o))?$")
_PERSON_VALUE = re.compile(r"^([0-9]{1,10}):([A-Z0-9]{3,32})$")
# The list's own page buttons (a click replaces the list), and the DM's "See everyone" (a
# click shows the list below the DM, which stays as it is).
PAGE_BUTTONS = (indexed(ActionId.EVENT_WHOS_GOING, 0), indexed(ActionId.EVENT_WHOS_GOING, 1))
SEE_EVERYONE = indexed(ActionId.EVENT_WHOS_GOING, 2)


# What the buttons carry ------------------------------------------------------------------------


def attendees_value(event_id: int, page: int = 1, *, others: bool = False) -> str:
    value = str(event_id) if page == 1 and not others else f"{event_id}:{page}"
    return f"{value}:o" if others else value


def read_attendees_value(value: object) -> tuple[int, int, bool]:
    """A "Who's going" button's value: (event id, page, others only); forged: expired."""
    match = _LIST_VALUE.match(value) if isinstance(value, str) else None
    if match is None or not 0 < int(match.group(1)) < _MAX_EVENT_ID:
        raise DomainError(N_("errors.expired"))
    return int(match.group(1)), int(match.group(2) or 1), match.group(3) == "o"


def person_value(event_id: int, user_id: str) -> str:
    return f"{event_id}:{user_id}"


def read_person_value(value: object) -> tuple[int, str]:
    """A profile button's value: (event id, the person); forged: expired."""
    match = _PERSON_VALUE.match(value) if isinstance(value, str) else None
    if match is None or not 0 < int(match.group(1)) < _MAX_EVENT_ID:
        raise DomainError(N_("errors.expired"))
    if not is_user_id(match.group(2)):
        raise DomainError(N_("errors.expired"))
    return int(match.group(1)), match.group(2)


# Pieces ----------------------------------------------------------------------------------------


def whos_going_button(event_id: int) -> dict[str, Any]:
    return button(
        t("event.buttons.whos_going"), ActionId.EVENT_WHOS_GOING, attendees_value(event_id)
    )


def _topics(profile: Profile) -> str:
    topics = list(dict.fromkeys((*profile.can_help, *profile.want_to_learn)))
    shown = ", ".join(escape(topic) for topic in topics[:_MAX_SHOWN_TOPICS])
    return f"{shown}, …" if len(topics) > _MAX_SHOWN_TOPICS else shown


def _role(profile: Profile) -> str:
    return ", ".join(escape(part) for part in (profile.job_title, profile.organisation) if part)


def attendee_blocks(attendees: AttendeeList) -> list[Block]:
    """One section per person on the page: who, role and organisation, topics, and a button
    to see their profile."""
    event_id = attendees.event.id
    blocks: list[Block] = []
    for index, person in enumerate(attendees.people):
        profile = person.profile
        lines = [f"*<@{profile.user_id}>* · {_role(profile)}"]
        topics = _topics(profile)
        if topics:
            lines.append(t("event.attendees.topics", topics=topics))
        profile_button = button(
            t("event.attendees.profile_button"),
            indexed(ActionId.EVENT_ATTENDEE, index),
            person_value(event_id, profile.user_id),
        )
        blocks.append(section("\n".join(lines), accessory=profile_button))
    return blocks


def _paging(attendees: AttendeeList) -> list[Block]:
    if attendees.pages <= 1:
        return []
    event_id, page, others = attendees.event.id, attendees.page, attendees.others
    buttons: list[dict[str, Any]] = []
    if page > 1:
        buttons.append(
            button(
                t("buttons.previous"),
                PAGE_BUTTONS[0],
                attendees_value(event_id, page - 1, others=others),
            )
        )
    if page < attendees.pages:
        buttons.append(
            button(
                t("buttons.next"),
                PAGE_BUTTONS[1],
                attendees_value(event_id, page + 1, others=others),
            )
        )
    return [
        context(t("event.attendees.page", page=page, pages=attendees.pages)),
        actions(*buttons),
    ]


def _unlisted(attendees: AttendeeList) -> list[Block]:
    if not attendees.unlisted:
        return []
    return [context(plural("event.attendees.unlisted", attendees.unlisted))]


# The list, the DM after the event, a profile -------------------------------------------------


def whos_going_message(attendees: AttendeeList) -> dict[str, Any]:
    """What a click on "Who's going" shows the person who clicked (only them)."""
    title = title_text(attendees.event)
    heading = t("event.attendees.heading", title=title)
    count = plural("event.attendees.count", attendees.listed)
    blocks: list[Block] = [section(f"{heading}\n{count}")]
    if attendees.people:
        blocks.append(divider())
        blocks.extend(attendee_blocks(attendees))
    else:
        blocks.append(section(t("event.attendees.none")))
    blocks.extend(_unlisted(attendees))
    blocks.extend(_paging(attendees))
    blocks.append(context(t("event.attendees.hint")))
    return message(t("event.attendees.fallback", title=title), blocks)


def after_event_message(attendees: AttendeeList) -> dict[str, Any]:
    """The one DM after the event: the others who went and share their profile."""
    title = title_text(attendees.event)
    blocks: list[Block] = [section(t("event.attendees.after.intro", title=title)), divider()]
    blocks.extend(attendee_blocks(attendees))
    blocks.extend(_unlisted(attendees))
    if attendees.pages > 1:
        more = button(
            t("event.attendees.after.more"),
            SEE_EVERYONE,
            attendees_value(attendees.event.id, 2, others=True),
        )
        blocks.append(actions(more))
    blocks.append(context(t("event.attendees.hint")))
    return message(t("event.attendees.after.fallback", title=title), blocks)


def attendee_profile_view(person: Attendee, attendees_of: str) -> dict[str, Any]:
    """One attendee's profile, read-only (`attendees_of`: the event's title, as shown)."""
    profile = person.profile
    lines = [f"*<@{profile.user_id}>*", _role(profile)]
    detail = [escape(profile.profession)] if profile.profession else []
    grade = profile.grade_label if profile.grade != "prefer_not" else None
    if grade:
        detail.append(escape(grade))
    if detail:
        lines.append(" · ".join(detail))
    if person.place_label:
        lines.append(t("event.attendees.profile.where", place=escape(person.place_label)))
    topics: list[str] = []
    if profile.can_help:
        joined = ", ".join(escape(topic) for topic in profile.can_help)
        topics.append(t("event.attendees.profile.can_help", topics=joined))
    if profile.want_to_learn:
        joined = ", ".join(escape(topic) for topic in profile.want_to_learn)
        topics.append(t("event.attendees.profile.wants_to_learn", topics=joined))
    if profile.open_to:
        items = ", ".join(t(OPEN_TO[item]) for item in profile.open_to)
        topics.append(t("event.attendees.profile.open_to", items=items))
    if profile.languages:
        languages = ", ".join(escape(name) for name in profile.languages)
        topics.append(t("event.attendees.profile.languages", languages=languages))
    blocks: list[Block] = [section("\n".join(line for line in lines if line))]
    if topics:
        blocks.append(section("\n".join(topics)))
    blocks.append(context(t("event.attendees.profile.at", title=attendees_of)))
    blocks.append(context(t("event.attendees.profile.message", user=profile.user_id)))
    return modal(
        CallbackId.NOTICE,
        t("event.attendees.profile.title"),
        blocks,
        close=t("buttons.close"),
    )
