"""Block Kit for the mentoring part of the Home tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import t
from handlers.ids import ActionId
from handlers.mentoring.blocks.member_pieces import (
    edit_button,
    group_text,
    resume_button,
    state_text,
)
from handlers.ui.common import Block, actions, button, divider, section

if TYPE_CHECKING:
    from bot.services.mentoring.signup import MyMentoring


# The Home tab's part -------------------------------------------------------------------------


def mentoring_home_blocks(
    mine: MyMentoring, *, has_profile: bool, timezone: str | None = None
) -> list[Block]:
    """Join (or create a profile first); or my status, my group and an Edit button.

    At most 5 blocks.
    """
    heading = "*" + t("mentoring.home.heading") + "*"
    signup = mine.signup
    if signup is None:
        if not has_profile:
            return [
                divider(),
                section(heading + "\n" + t("mentoring.home.no_profile")),
                actions(
                    button(
                        t("mentoring.profile_first.button"),
                        ActionId.MENTORING_PROFILE_FIRST,
                        "profile",
                        style="primary",
                    )
                ),
            ]
        return [
            divider(),
            section(heading + "\n" + t("mentoring.home.none")),
            actions(
                button(
                    t("mentoring.buttons.join"),
                    ActionId.MENTORING_SIGNUP_OPEN,
                    "join",
                    style="primary",
                )
            ),
        ]
    blocks: list[Block] = [
        divider(),
        section(f"{heading}\n{state_text(signup, mine, timezone)}"),
    ]
    if mine.group is not None:
        blocks.append(section(group_text(mine.group)))
    buttons = [edit_button()]
    if mine.paused:
        buttons.append(resume_button())
    blocks.append(actions(*buttons))
    return blocks
