"""Block Kit for the App Home tab."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import t
from handlers.directory.blocks.results import profile_buttons, status_text
from handlers.ids import ActionId
from handlers.ui.common import (
    MAX_VIEW_BLOCKS,
    Block,
    actions,
    button,
    context,
    divider,
    header,
    section,
)
from handlers.ui.language import language_element

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.services.directory import ProfileStatus


def home_view(
    status: ProfileStatus,
    place_label: str | None,
    *,
    events: Sequence[Block] = (),
    mentoring: Sequence[Block] = (),
    awaiting: Sequence[Block] = (),
    feedback: Sequence[Block] = (),
) -> dict[str, Any]:
    """The Home tab: anything awaiting your answer first, your profile, searching, then your
    events, feedback on the events you organise and your mentoring group (built by those
    features), and the language you read it in. Each part bounds its own blocks so the whole
    stays within a view's 100."""
    blocks: list[Block] = [
        header(t("home.title")),
        section(t("directory.intro")),
        *awaiting,
        divider(),
        section("*" + t("home.profile_heading") + "*\n" + status_text(status, place_label)),
        actions(*profile_buttons(status, with_search=False)),
        divider(),
        section("*" + t("home.search_heading") + "*\n" + t("home.search_text")),
        actions(button(t("buttons.search"), ActionId.SEARCH_OPEN, "open", style="primary")),
        divider(),
        *events,
        *feedback,
        *mentoring,
        language_switch(),
        context("*" + t("home.privacy_heading") + "* · " + t("home.privacy_text")),
    ]
    if len(blocks) > MAX_VIEW_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks is over Slack's {MAX_VIEW_BLOCKS} a view")
    return {"type": "home", "blocks": blocks}


def language_switch() -> Block:
    """English / Cymraeg, the one in force chosen: works with or without a profile."""
    label, text = t("language.label"), t("language.home_text")
    return section(
        f"*{label}*\n{text}",
        accessory=language_element("static_select", ActionId.LANGUAGE_CHOOSE),
    )
