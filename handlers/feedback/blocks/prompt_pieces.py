"""Pieces the builders of feedback prompts share: dates, the question and its subject, the
rating, "tell us more" and "don't ask me" buttons.

An event's title is typed by its organiser and is escaped wherever it is shown, in the
fallback text too; the only live markup made here is a date (`<!date^…>`, in each reader's own
zone, with a plain fallback).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.domain.feedback import CYCLE_END, RATINGS, SubjectKind
from bot.i18n import long_date, slack_speaks_it, t
from handlers.feedback.blocks.labels import GROUP_QUESTIONS, GROUP_SUBJECTS
from handlers.feedback.blocks.values import prompt_value, rating_value
from handlers.ids import ActionId, BlockId, indexed
from handlers.ui.common import Block, actions, button, clip, confirm_dialog, escape

if TYPE_CHECKING:
    from datetime import datetime

    from bot.services.feedback import PromptView

UK_TIME = ZoneInfo("Europe/London")
TITLE_SHOWN = 150  # characters of an event's title, before escaping


# Dates ---------------------------------------------------------------------------------------


def plain_date(moment: datetime) -> str:
    """A date and time in plain words, in UK time (the fallback of a Slack date)."""
    local = moment.astimezone(UK_TIME)
    return t(
        "feedback.prompt.date.fallback",
        date=long_date(local.date(), short=True),
        time=f"{local:%H:%M}",
    )


def slack_date(moment: datetime) -> str:
    """`<!date^…>`: each reader sees the date in their own words and time zone."""
    if not slack_speaks_it():
        return plain_date(moment)
    tokens = t("feedback.prompt.date.tokens")
    return f"<!date^{int(moment.timestamp())}^{tokens}|{plain_date(moment)}>"


# Pieces ----------------------------------------------------------------------------------------


def title_text(view: PromptView) -> str:
    return escape(clip(view.title or "", TITLE_SHOWN))


def is_event(view: PromptView) -> bool:
    return view.subject.kind is SubjectKind.EVENT and view.event is not None


def group_kind(view: PromptView) -> str:
    """Either "group" (about the group, at its cycle's end) or "session" (a check-in round's)."""
    return "group" if view.subject.occasion == CYCLE_END else "session"


def question(view: PromptView) -> str:
    """The question, "How useful was <event>?", or a mentoring group's for its occasion."""
    if is_event(view):
        return t("feedback.prompt.question.event", title=title_text(view))
    return t(GROUP_QUESTIONS[group_kind(view)])


def subject_words(view: PromptView) -> str:
    """What was asked about, as words in a sentence: "*Data meet-up*", "your mentoring group"."""
    if is_event(view):
        return t("feedback.answer.subject.event", title=title_text(view))
    return t(GROUP_SUBJECTS[group_kind(view)])


def rating_buttons(prompt_id: int, chosen: int | None = None) -> Block:
    return actions(
        *(
            button(
                t("feedback.prompt.rating_label", rating=rating),
                indexed(ActionId.FEEDBACK_RATE, index),
                rating_value(prompt_id, rating),
                style="primary" if rating == chosen else None,
            )
            for index, rating in enumerate(RATINGS)
        ),
        block_id=BlockId.FEEDBACK_RATING,
    )


def opt_out_button(prompt_id: int) -> dict[str, Any]:
    return button(
        t("feedback.prompt.opt_out"),
        ActionId.FEEDBACK_OPT_OUT,
        prompt_value(prompt_id),
        confirm=confirm_dialog(
            t("feedback.opt.confirm_title"),
            t("feedback.opt.confirm_text"),
            t("feedback.opt.confirm"),
            t("feedback.opt.deny"),
        ),
    )


def more_button(prompt_id: int, *, edit: bool = False) -> dict[str, Any]:
    label = t("feedback.answer.edit") if edit else t("feedback.prompt.more")
    return button(label, ActionId.FEEDBACK_MORE, prompt_value(prompt_id))
