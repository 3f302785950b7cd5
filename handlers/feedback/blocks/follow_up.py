"""Block Kit for the follow-up weeks later: the question in a DM, its form, and the thanks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.feedback import FOLLOW_UP_OUTCOMES
from bot.i18n import t
from handlers.feedback.blocks.labels import OUTCOME_CHOICES, OUTCOMES_ASKED, OUTCOMES_DONE
from handlers.feedback.blocks.prompt_pieces import is_event, opt_out_button, slack_date, title_text
from handlers.feedback.blocks.values import (
    FORM_NONE,
    FORM_OPEN,
    Origin,
    follow_up_value,
    form_metadata,
)
from handlers.ids import ActionId, BlockId, CallbackId, InputId, indexed
from handlers.ui.common import (
    Block,
    actions,
    button,
    context,
    input_block,
    message,
    modal,
    option,
    section,
)
from handlers.ui.time import when_plain, when_text

if TYPE_CHECKING:
    from bot.services.feedback import Answered, PromptView


# The follow-up ---------------------------------------------------------------------------------


def follow_up_message(view: PromptView) -> dict[str, Any]:
    """Weeks later, in a DM: since then, did they apply it, collaborate, move role? "Tell us"
    opens a form of three boxes; "None of these yet" answers in one click."""
    prompt_id = view.prompt.id
    if is_event(view) and view.event is not None:
        asked = t(
            "feedback.follow_up.question.event", title=title_text(view), when=when_text(view.event)
        )
        fallback = t(
            "feedback.follow_up.fallback.event",
            title=f"{title_text(view)} ({when_plain(view.event)})",
        )
    else:
        asked = t("feedback.follow_up.question.group")
        fallback = t("feedback.follow_up.fallback.group")
    outcomes = "\n".join("• " + t(OUTCOMES_ASKED[outcome]) for outcome in FOLLOW_UP_OUTCOMES)
    blocks: list[Block] = [
        section(f"{asked}\n{outcomes}"),
        actions(
            button(
                t("feedback.follow_up.answer"),
                indexed(ActionId.FEEDBACK_FOLLOW_UP, 0),
                follow_up_value(prompt_id, FORM_OPEN),
                style="primary",
            ),
            button(
                t("feedback.follow_up.none"),
                indexed(ActionId.FEEDBACK_FOLLOW_UP, 1),
                follow_up_value(prompt_id, FORM_NONE),
            ),
            opt_out_button(prompt_id),
        ),
        context(t("feedback.follow_up.context", date=slack_date(view.closes_at))),
    ]
    return message(fallback, blocks)


def follow_up_view(
    prompt_id: int, view: PromptView | None, origin: Origin | None = None
) -> dict[str, Any]:
    """The follow-up's form: three boxes, any or none of them ticked."""
    if view is None:
        subject = t("feedback.follow_up.subject.unknown")
    elif is_event(view):
        subject = t("feedback.follow_up.subject.event", title=title_text(view))
    else:
        subject = t("feedback.follow_up.subject.group")
    boxes = [option(t(OUTCOME_CHOICES[outcome]), outcome.value) for outcome in FOLLOW_UP_OUTCOMES]
    checkboxes: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": InputId.FEEDBACK_FOLLOW_UP,
        "options": boxes,
    }
    chosen = set(view.prompt.follow_up) if view is not None else set()
    if chosen:
        checkboxes["initial_options"] = [b for b in boxes if b["value"] in chosen]
    blocks: list[Block] = [
        section(t("feedback.follow_up.intro", subject=subject)),
        input_block(
            BlockId.FEEDBACK_FOLLOW_UP,
            t("feedback.follow_up.label"),
            checkboxes,
            optional=True,
        ),
    ]
    return modal(
        CallbackId.FEEDBACK_FOLLOW_UP_SUBMIT,
        t("feedback.follow_up.title"),
        blocks,
        submit=t("feedback.form.submit"),
        close=t("buttons.cancel"),
        private_metadata=form_metadata(prompt_id, origin),
    )


def follow_up_answered_message(answered: Answered) -> dict[str, Any]:
    """Thanks for the follow-up's answer, saying what was recorded (or that it already was)."""
    if not answered.changed:
        text = t("feedback.follow_up.already")
    else:
        chosen = answered.view.prompt.follow_up
        if chosen:
            outcomes = t("feedback.follow_up.joiner").join(
                t(OUTCOMES_DONE[outcome]) for outcome in chosen
            )
            text = t("feedback.follow_up.recorded", outcomes=outcomes)
        else:
            text = t("feedback.follow_up.recorded_none")
    return message(text, [section(text)])
