"""Block Kit for the "tell us more" form: the rating, each measure, two comments and anonymity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.feedback import MAX_COMMENT, MEASURES, RATINGS, SMALL_SLICE, Agreement
from bot.i18n import t
from handlers.feedback.blocks.labels import AGREEMENTS, MEASURE_STATEMENTS
from handlers.feedback.blocks.prompt_pieces import is_event, subject_words
from handlers.feedback.blocks.values import Origin, form_metadata
from handlers.ids import BlockId, CallbackId, InputId, measure_block
from handlers.ui.common import Block, context, input_block, modal, option, section, text_input

if TYPE_CHECKING:
    from bot.services.feedback import PromptView


ANONYMOUS = "anonymous"  # the value of the anonymity checkbox
JOIN_MENTORING = "join"  # the value of "I'd like to join a mentoring group"


# The "tell us more" form -----------------------------------------------------------------------


def _radio(action_id: str, options: list[dict[str, Any]], chosen: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": action_id, "options": options}
    picked = [o for o in options if o["value"] == chosen]
    if picked:
        element["initial_option"] = picked[0]
    return element


def _agreement_options() -> list[dict[str, Any]]:
    return [option(t(AGREEMENTS[a]), a.value) for a in Agreement]


def _comment(block_id: str, action_id: str, label: str, initial: str | None) -> Block:
    return input_block(
        block_id,
        label,
        text_input(action_id, initial=initial or "", max_length=MAX_COMMENT, multiline=True),
        optional=True,
        hint=t("feedback.form.comment_hint", limit=f"{MAX_COMMENT:,}"),
    )


def details_view(
    view: PromptView, origin: Origin | None = None, *, from_home: bool = False
) -> dict[str, Any]:
    """The "tell us more" form, prefilled with what the person already said: the rating (when
    not given yet), each measure as agree / disagree, what worked, what could be better, and
    whether to answer anonymously. Every field is optional."""
    answers = view.prompt.answers
    agreed = answers.agreements
    blocks: list[Block] = [
        section(t("feedback.form.intro", subject=subject_words(view))),
    ]
    if answers.rating is None:
        ratings = [option(str(r), str(r)) for r in RATINGS]
        blocks.append(
            input_block(
                BlockId.FEEDBACK_RATING,
                t("feedback.form.rating"),
                _radio(InputId.FEEDBACK_RATING, ratings, None),
                optional=True,
                hint=t("feedback.form.rating_hint"),
            )
        )
    else:
        blocks.append(context(t("feedback.form.rated", rating=answers.rating)))
    blocks.append(section(t("feedback.form.measures")))
    for measure in MEASURES:
        chosen = None
        if measure in agreed:
            chosen = (Agreement.AGREE if agreed[measure] else Agreement.DISAGREE).value
        blocks.append(
            input_block(
                measure_block(measure.value),
                t(MEASURE_STATEMENTS[measure]),
                _radio(InputId.FEEDBACK_MEASURE, _agreement_options(), chosen),
                optional=True,
            )
        )
    blocks.append(
        _comment(
            BlockId.FEEDBACK_WORKED,
            InputId.FEEDBACK_WORKED,
            t("feedback.form.what_worked"),
            answers.what_worked,
        )
    )
    blocks.append(
        _comment(
            BlockId.FEEDBACK_BETTER,
            InputId.FEEDBACK_BETTER,
            t("feedback.form.could_be_better"),
            answers.could_be_better,
        )
    )
    box = option(t("feedback.form.anonymous"), ANONYMOUS)
    checkbox: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": InputId.FEEDBACK_ANONYMOUS,
        "options": [box],
    }
    if answers.anonymous:
        checkbox["initial_options"] = [box]
    blocks.append(
        input_block(
            BlockId.FEEDBACK_ANONYMOUS,
            t("feedback.form.anonymous_label"),
            checkbox,
            optional=True,
            hint=t("feedback.form.anonymous_hint"),
        )
    )
    if is_event(view):  # a group's members are in mentoring already
        join = option(t("feedback.form.mentoring"), JOIN_MENTORING)
        blocks.append(
            input_block(
                BlockId.FEEDBACK_MENTORING,
                t("feedback.form.mentoring_label"),
                {"type": "checkboxes", "action_id": InputId.FEEDBACK_MENTORING, "options": [join]},
                optional=True,
                hint=t("feedback.form.mentoring_hint"),
            )
        )
    blocks.append(context(t("feedback.form.privacy", count=SMALL_SLICE)))
    return modal(
        CallbackId.FEEDBACK_DETAILS_SUBMIT,
        t("feedback.form.title"),
        blocks,
        submit=t("feedback.form.submit"),
        close=t("buttons.cancel"),
        private_metadata=form_metadata(view.prompt.id, origin, from_home=from_home),
    )
