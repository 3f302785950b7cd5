"""Block Kit for the App Home tab."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import t
from handlers.blocks.common import Block, actions, button, context, divider, header, section
from handlers.blocks.directory import profile_buttons, status_text
from handlers.ids import ActionId

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.services.directory import ProfileStatus


def home_view(
    status: ProfileStatus,
    place_label: str | None,
    *,
    events: Sequence[Block] = (),
    mentoring: Sequence[Block] = (),
) -> dict[str, Any]:
    """The Home tab: your profile, searching, then your events and your mentoring group (built
    by those features)."""
    blocks: list[Block] = [
        header(t("home.title")),
        section(t("directory.intro")),
        divider(),
        section(f"*{t('home.profile_heading')}*\n{status_text(status, place_label)}"),
        actions(*profile_buttons(status, with_search=False)),
        divider(),
        section(f"*{t('home.search_heading')}*\n{t('home.search_text')}"),
        actions(button(t("buttons.search"), ActionId.SEARCH_OPEN, "open", style="primary")),
        divider(),
        *events,
        *mentoring,
        context(f"*{t('home.privacy_heading')}* · {t('home.privacy_text')}"),
    ]
    return {"type": "home", "blocks": blocks}
