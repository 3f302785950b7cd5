"""Block Kit for the welcome someone gets on joining a channel linked to a region."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import N_, t
from handlers.ids import ActionId
from handlers.ui.common import Block, actions, button, context, escape, message, section
from handlers.ui.time import when_text

if TYPE_CHECKING:
    from bot.services.directory_search import PersonHit
    from bot.services.welcomes import Welcome


def _person_line(hit: PersonHit) -> str:
    profile = hit.profile
    role = ", ".join(escape(part) for part in (profile.job_title, profile.organisation) if part)
    shared = ", ".join(escape(topic) for topic in hit.matched[:3])
    parts = [f"<@{profile.user_id}>", role, escape(hit.place_label)]
    line = " · ".join(part for part in parts if part)
    return f"• {line}" + (f" ({shared})" if shared else "")


def welcome_message(welcome: Welcome, channel_id: str) -> dict[str, Any]:
    """The one welcome: what the app does, people near them (if they have a profile), the
    region's next event, and a button to create or review their profile."""
    channel = f"<#{channel_id}>"
    blocks: list[Block] = [section(t("welcome.intro", channel=channel))]
    if welcome.profile is None:
        blocks.append(section(t("welcome.no_profile")))
    elif welcome.people:
        heading = (
            N_("welcome.people_sharing") if welcome.shared_topics else N_("welcome.people_near")
        )
        lines = [t(heading), *(_person_line(hit) for hit in welcome.people)]
        blocks.append(section("\n".join(lines)))
    if welcome.event is not None:
        where = (
            t("welcome.next_event_where", place=escape(welcome.event_where))
            if welcome.event_where
            else ""
        )
        blocks.append(
            section(
                t(
                    "welcome.next_event",
                    region=escape(welcome.region),
                    title=escape(welcome.event.title),
                    when=when_text(welcome.event),
                    where=where,
                )
            )
        )
    elif welcome.region:
        blocks.append(section(t("welcome.no_event", region=escape(welcome.region))))
    profile_button = (
        button(t("buttons.create_profile"), ActionId.PROFILE_OPEN, "open", style="primary")
        if welcome.profile is None
        else button(t("buttons.edit_profile"), ActionId.PROFILE_OPEN, "open")
    )
    blocks.append(
        actions(profile_button, button(t("welcome.buttons.decline"), ActionId.WELCOME_DECLINE))
    )
    blocks.append(context(t("welcome.once")))
    return message(t("welcome.fallback", channel=channel), blocks)
