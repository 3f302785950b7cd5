"""Block Kit for the App Home's feedback parts: prompts awaiting an answer, and an organiser's
events with feedback.

The "Answer" button is `ActionId.FEEDBACK_MORE` with the prompt id (`"17"`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import t
from handlers.feedback.blocks.pick import line_text
from handlers.feedback.blocks.summary_pieces import event_value, slack_date, title_text
from handlers.ids import ActionId
from handlers.ui.common import Block, button, context, divider, section

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.services.feedback import PromptView, SummaryLine


HOME_PROMPTS = 5  # prompts awaiting an answer on the Home tab
HOME_SUMMARIES = 5  # organisers' events with feedback on the Home tab


# The App Home -----------------------------------------------------------------------------------


def awaiting_home_blocks(views: Sequence[PromptView], *, opted_out: bool = False) -> list[Block]:
    """Prompts still open and unanswered, each with an "Answer" button (FEEDBACK_MORE, whose
    value is the prompt id) that opens the form. Nothing when there is nothing to answer; for
    someone who asked not to be asked, the way back (FEEDBACK_OPT_IN).

    At most HOME_PROMPTS + 3 blocks.
    """
    if opted_out and not views:
        ask_again = button(t("feedback.home.opt_in_button"), ActionId.FEEDBACK_OPT_IN, "in")
        return [divider(), section(t("feedback.home.opted_out"), accessory=ask_again)]
    if not views:
        return []
    blocks: list[Block] = [divider(), section("*" + t("feedback.home.awaiting_heading") + "*")]
    for view in views[:HOME_PROMPTS]:
        date = slack_date(view.closes_at)
        if view.event is not None:
            text = t("feedback.home.awaiting_event", title=title_text(view.event), date=date)
        else:
            text = t("feedback.home.awaiting_group", date=date)
        answer = button(
            t("feedback.home.answer_button"),
            ActionId.FEEDBACK_MORE,
            str(view.prompt.id),
            style="primary",
        )
        blocks.append(section(text, accessory=answer))
    if len(views) > HOME_PROMPTS:
        blocks.append(context(t("feedback.home.more", count=len(views) - HOME_PROMPTS)))
    return blocks


def summaries_home_blocks(
    lines: Sequence[SummaryLine], *, viewer: str, can_organise: bool
) -> list[Block]:
    """For organisers: their events with feedback so far, each with a button to its summary.

    At most HOME_SUMMARIES + 3 blocks.
    """
    if not lines and not can_organise:
        return []
    blocks: list[Block] = [divider(), section("*" + t("feedback.home.summaries_heading") + "*")]
    if not lines:
        blocks.append(context(t("feedback.home.summaries_none")))
        return blocks
    blocks.extend(
        section(
            line_text(line, viewer=viewer),
            accessory=button(
                t("feedback.home.see_button"),
                ActionId.FEEDBACK_SUMMARY_OPEN,
                event_value(line.event.id),
            ),
        )
        for line in lines[:HOME_SUMMARIES]
    )
    blocks.append(context(t("feedback.home.hint")))
    return blocks
