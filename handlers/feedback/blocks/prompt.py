"""Block Kit for post-session feedback as participants see it: the question in a DM (and its
one reminder), what replaces it once answered, and "don't ask me for feedback" with its way
back.

Pure functions from the feedback service's results to Slack's JSON (pieces in
`prompt_pieces`, button values in `values`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import N_, t
from handlers.feedback.blocks.labels import GROUP_CONTEXTS
from handlers.feedback.blocks.prompt_pieces import (
    group_kind,
    is_event,
    more_button,
    opt_out_button,
    question,
    rating_buttons,
    slack_date,
    subject_words,
)
from handlers.ids import ActionId
from handlers.ui.common import Block, actions, button, context, message, section
from handlers.ui.time import when_text

if TYPE_CHECKING:
    from bot.services.feedback import Answered, PromptView


# The question ----------------------------------------------------------------------------------


def prompt_message(view: PromptView, *, reminder: bool = False) -> dict[str, Any]:
    """The question in a DM: five one-click ratings, "tell us more", "don't ask me for
    feedback", and when it closes. The reminder says it is one."""
    prompt_id = view.prompt.id
    lines = []
    if reminder:
        lines.append(t("feedback.prompt.reminder"))
    lines.append(question(view))
    if is_event(view) and view.event is not None:
        lines.append(t("feedback.prompt.when", when=when_text(view.event)))
    blocks: list[Block] = [section("\n".join(lines))]
    if not is_event(view):
        blocks.append(context(t(GROUP_CONTEXTS[group_kind(view)])))
    blocks.append(rating_buttons(prompt_id))
    blocks.append(context(t("feedback.prompt.scale")))
    blocks.append(actions(more_button(prompt_id), opt_out_button(prompt_id)))
    blocks.append(context(t("feedback.prompt.closes", date=slack_date(view.closes_at))))
    fallback = question(view)
    if reminder:
        fallback = t("feedback.prompt.reminder_short") + ": " + fallback
    return message(fallback, blocks)


def answered_message(answered: Answered, *, details: bool = False) -> dict[str, Any]:
    """What replaces the question once answered: thanks (or "already recorded" for the same
    answer again), the ratings to change it, and "tell us more" to say more or edit."""
    view = answered.view
    prompt = view.prompt
    answers = prompt.answers
    subject = subject_words(view)
    lines: list[str] = []
    if details:
        key = (
            N_("feedback.answer.details")
            if answered.changed
            else N_("feedback.answer.details_again")
        )
        lines.append(t(key, subject=subject))
        if answers.rating is not None:
            lines.append(t("feedback.answer.your_rating", rating=answers.rating))
        if answers.has_comment:
            key = (
                N_("feedback.answer.anonymous")
                if answers.anonymous
                else N_("feedback.answer.named")
            )
            lines.append(t(key))
    elif answers.rating is not None:
        key = N_("feedback.answer.rated") if answered.changed else N_("feedback.answer.rated_again")
        lines.append(t(key, subject=subject, rating=answers.rating))
    else:  # a rating click always leaves a rating; this is only a fallback
        lines.append(t("feedback.answer.details", subject=subject))
    blocks: list[Block] = [section("\n".join(lines))]
    said_more = prompt.details_at is not None
    if view.is_open:
        blocks.append(rating_buttons(prompt.id, answers.rating))
        if not said_more:
            blocks.append(context(t("feedback.answer.more_hint")))
        blocks.append(actions(more_button(prompt.id, edit=said_more), opt_out_button(prompt.id)))
        blocks.append(context(t("feedback.answer.change", date=slack_date(view.closes_at))))
    else:
        blocks.append(context(t("feedback.answer.closed_note")))
    return message(lines[0], blocks)


def notice_message(text: str) -> dict[str, Any]:
    """Words alone, in place of a question that cannot be answered any more."""
    return message(text, [section(text)])


# "Don't ask me for feedback", and the way back -------------------------------------------------


def opted_out_message(*, new: bool) -> dict[str, Any]:
    text = t("feedback.opt.out") if new else t("feedback.opt.out_already")
    blocks: list[Block] = [
        section(text),
        section(
            t("feedback.opt.in_offer"),
            accessory=button(t("feedback.opt.in"), ActionId.FEEDBACK_OPT_IN, "in"),
        ),
    ]
    return message(text, blocks)


def opted_in_message(*, was_out: bool) -> dict[str, Any]:
    text = t("feedback.opt.in_done") if was_out else t("feedback.opt.in_already")
    return message(text, [section(text)])
