"""Block Kit for choosing an event's feedback: the list when the words typed match several,
and the replies when none can be shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.feedback import SMALL_SLICE, is_small
from bot.i18n import t
from handlers.feedback.blocks.summary_pieces import (
    event_value,
    one_decimal,
    organised_by,
    slack_date,
    text_message,
    title_text,
    typed,
)
from handlers.ids import ActionId
from handlers.ui.common import Block, button, message, section

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.services.feedback import SummaryLine


WORDS_CHARS = 100  # of the words typed after the command, as echoed back
PICK_LINES = 10  # events to choose from when the words typed match several


# Choosing an event -----------------------------------------------------------------------------


def line_text(line: SummaryLine, *, viewer: str | None = None) -> str:
    """One event with feedback: its title and date; answered of asked, the average (or why
    not yet), and whether answers are still open."""
    event = line.event
    head = f"*{title_text(event)}* · {slack_date(event.starts_at)}"
    if viewer is not None and viewer != event.organiser_id:
        head += " · " + organised_by(event)
    facts = [t("feedback.home.line_counts", responses=line.responses, asked=line.asked)]
    if line.average is not None:
        facts.append(t("feedback.home.line_average", average=one_decimal(line.average)))
    elif is_small(line.responses):
        facts.append(t("feedback.home.line_small", needed=SMALL_SLICE))
    facts.append(t("feedback.home.line_closed") if line.closed else t("feedback.home.line_open"))
    return f"{head}\n{' · '.join(facts)}"


def _see_button(line: SummaryLine) -> dict[str, Any]:
    return button(
        t("feedback.summary.pick_button"),
        ActionId.FEEDBACK_SUMMARY_OPEN,
        event_value(line.event.id),
    )


def pick_message(
    lines: Sequence[SummaryLine], words: str, *, viewer: str | None = None
) -> dict[str, Any]:
    """The words typed match several events: a short list to pick one from."""
    text = t("feedback.summary.pick", words=typed(words, WORDS_CHARS))
    blocks: list[Block] = [section(text)]
    blocks.extend(
        section(line_text(line, viewer=viewer), accessory=_see_button(line))
        for line in lines[:PICK_LINES]
    )
    return message(t("feedback.summary.pick_fallback"), blocks)


def not_organiser_message() -> dict[str, Any]:
    return text_message(t("feedback.summary.not_organiser"))


def none_yet_message() -> dict[str, Any]:
    return text_message(t("feedback.summary.none_yet"))


def no_match_message(words: str) -> dict[str, Any]:
    return text_message(
        t("feedback.summary.no_match", words=typed(words, WORDS_CHARS)),
        t("feedback.summary.no_match_hint"),
    )


def feedback_help_block() -> Block:
    """The `/event feedback` line that `/event help` shows under its own."""
    return section(t("feedback.summary.help_line"))
