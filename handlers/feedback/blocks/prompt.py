"""Block Kit for post-session feedback as participants see it: the question in a DM (and its
one reminder), what replaces it once answered, the "tell us more" form, the follow-up weeks
later, and "don't ask me for feedback" with its way back.

Pure functions from the feedback service's results to Slack's JSON. An event's title is typed
by its organiser and is escaped wherever it is shown, in the fallback text too; the only live
markup made here is a date (`<!date^…>`, in each reader's own zone, with a plain fallback).

Button values name the prompt: a rating `"12:4"` (prompt 12, rated 4), "tell us more" and
"don't ask me" `"12"`, the follow-up's buttons `"12:form"` or `"12:none"`. A form carries
`{"p": 12}` in its private metadata, with the conversation and timestamp of the message it
was opened from when that message can be updated (`"c"`, `"t"`), or `"h": 1` when it was
opened from the App Home. Everything is read back strictly: anything else reads as an expired
button.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError
from bot.domain.feedback import (
    CYCLE_END,
    FOLLOW_UP_OUTCOMES,
    MAX_COMMENT,
    MEASURES,
    RATINGS,
    SMALL_SLICE,
    Agreement,
    SubjectKind,
)
from bot.i18n import t
from handlers.ids import ActionId, BlockId, CallbackId, InputId, indexed, measure_block
from handlers.ui.common import (
    Block,
    actions,
    button,
    clip,
    confirm_dialog,
    context,
    escape,
    input_block,
    message,
    modal,
    option,
    section,
    text_input,
)
from handlers.ui.time import when_plain, when_text

if TYPE_CHECKING:
    from datetime import datetime

    from bot.services.feedback import Answered, PromptView

UK_TIME = ZoneInfo("Europe/London")
TITLE_SHOWN = 150  # characters of an event's title, before escaping
ANONYMOUS = "anonymous"  # the value of the form's one checkbox
MAX_PROMPT_ID = 2**31  # prompt ids are 32-bit integers in the database: past that, forged
FORM_OPEN = "form"  # the follow-up's buttons: open its form, or answer "none of these" at once
FORM_NONE = "none"

_RATING_VALUE = re.compile(r"^([1-9][0-9]{0,11}):([1-5])$")
_PROMPT_VALUE = re.compile(r"^[1-9][0-9]{0,11}$")
_FOLLOW_UP_VALUE = re.compile(rf"^([1-9][0-9]{{0,11}}):({FORM_OPEN}|{FORM_NONE})$")
_CONVERSATION = re.compile(r"^[CDG][A-Z0-9]{2,30}$")
_TS = re.compile(r"^\d{1,12}\.\d{1,9}$")
_MAX_METADATA = 500


# Dates ---------------------------------------------------------------------------------------


def plain_date(moment: datetime) -> str:
    """A date and time in plain words, in UK time (the fallback of a Slack date)."""
    local = moment.astimezone(UK_TIME)
    return t(
        "feedback.prompt.date.fallback",
        weekday=t("feedback.prompt.date.weekdays").split()[local.weekday()],
        day=local.day,
        month=t("feedback.prompt.date.months").split()[local.month - 1],
        year=local.year,
        time=f"{local:%H:%M}",
    )


def slack_date(moment: datetime) -> str:
    """`<!date^…>`: each reader sees the date in their own words and time zone."""
    tokens = t("feedback.prompt.date.tokens")
    return f"<!date^{int(moment.timestamp())}^{tokens}|{plain_date(moment)}>"


# Button values and form metadata -------------------------------------------------------------


def rating_value(prompt_id: int, rating: int) -> str:
    return f"{prompt_id}:{rating}"


def read_rating_value(value: str | None) -> tuple[int, int]:
    """A rating button's value back into (prompt id, rating); anything else reads as expired."""
    found = _RATING_VALUE.match(value or "")
    if found is None or int(found.group(1)) >= MAX_PROMPT_ID:
        raise DomainError("errors.expired")
    return int(found.group(1)), int(found.group(2))


def prompt_value(prompt_id: int) -> str:
    return str(prompt_id)


def read_prompt_value(value: str | None) -> int:
    """A "tell us more" (or "don't ask me") button's value back into the prompt id."""
    if value is None or not _PROMPT_VALUE.match(value) or int(value) >= MAX_PROMPT_ID:
        raise DomainError("errors.expired")
    return int(value)


def follow_up_value(prompt_id: int, choice: str) -> str:
    return f"{prompt_id}:{choice}"


def read_follow_up_value(value: str | None) -> tuple[int, str]:
    """A follow-up button's value back into (prompt id, FORM_OPEN or FORM_NONE)."""
    found = _FOLLOW_UP_VALUE.match(value or "")
    if found is None or int(found.group(1)) >= MAX_PROMPT_ID:
        raise DomainError("errors.expired")
    return int(found.group(1)), found.group(2)


@dataclass(frozen=True, slots=True)
class Origin:
    """The message a form was opened from, to be updated when the form is sent."""

    channel: str
    ts: str


@dataclass(frozen=True, slots=True)
class FormContext:
    prompt_id: int
    origin: Origin | None = None
    from_home: bool = False  # opened from the App Home tab, which shows what awaits an answer


def _is_origin(channel: object, ts: object) -> bool:
    return (
        isinstance(channel, str)
        and isinstance(ts, str)
        and bool(_CONVERSATION.match(channel))
        and bool(_TS.match(ts))
    )


def form_metadata(
    prompt_id: int, origin: Origin | None, *, from_home: bool = False
) -> dict[str, Any]:
    data: dict[str, Any] = {"p": prompt_id}
    if origin is not None:
        data.update(c=origin.channel, t=origin.ts)
    if from_home:
        data["h"] = 1
    return data


def read_form_metadata(raw: object) -> FormContext:
    """A form's private metadata back into what it is about; a forged one reads as expired."""
    if not isinstance(raw, str) or len(raw) > _MAX_METADATA:
        raise DomainError("errors.expired")
    try:
        data = json.loads(raw)
    except ValueError:
        raise DomainError("errors.expired") from None
    if not isinstance(data, dict):
        raise DomainError("errors.expired")
    prompt_id = data.get("p")
    if not isinstance(prompt_id, int) or isinstance(prompt_id, bool):
        raise DomainError("errors.expired")
    if not 1 <= prompt_id < MAX_PROMPT_ID:
        raise DomainError("errors.expired")
    channel, ts = data.get("c"), data.get("t")
    origin = None
    if _is_origin(channel, ts):
        origin = Origin(str(channel), str(ts))
    return FormContext(prompt_id, origin, from_home=data.get("h") == 1)


def origin_of(body: dict[str, Any]) -> Origin | None:
    """The message a button was clicked in, when the app can update it later (not an
    ephemeral message, nor a view)."""
    container = body.get("container")
    if not isinstance(container, dict) or container.get("type") != "message":
        return None
    if container.get("is_ephemeral"):
        return None
    channel, ts = container.get("channel_id"), container.get("message_ts")
    return Origin(str(channel), str(ts)) if _is_origin(channel, ts) else None


# Pieces ----------------------------------------------------------------------------------------


def _title(view: PromptView) -> str:
    return escape(clip(view.title or "", TITLE_SHOWN))


def _is_event(view: PromptView) -> bool:
    return view.subject.kind is SubjectKind.EVENT and view.event is not None


def _group_kind(view: PromptView) -> str:
    """Either "group" (about the group, at its cycle's end) or "session" (a check-in round's)."""
    return "group" if view.subject.occasion == CYCLE_END else "session"


def question(view: PromptView) -> str:
    """The question, "How useful was <event>?", or a mentoring group's for its occasion."""
    if _is_event(view):
        return t("feedback.prompt.question.event", title=_title(view))
    return t(f"feedback.prompt.question.{_group_kind(view)}")


def subject_words(view: PromptView) -> str:
    """What was asked about, as words in a sentence: "*Data meet-up*", "your mentoring group"."""
    if _is_event(view):
        return t("feedback.answer.subject.event", title=_title(view))
    return t(f"feedback.answer.subject.{_group_kind(view)}")


def _rating_buttons(prompt_id: int, chosen: int | None = None) -> Block:
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


def _opt_out_button(prompt_id: int) -> dict[str, Any]:
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


def _more_button(prompt_id: int, *, edit: bool = False) -> dict[str, Any]:
    label = t("feedback.answer.edit") if edit else t("feedback.prompt.more")
    return button(label, ActionId.FEEDBACK_MORE, prompt_value(prompt_id))


# The question ----------------------------------------------------------------------------------


def prompt_message(view: PromptView, *, reminder: bool = False) -> dict[str, Any]:
    """The question in a DM: five one-click ratings, "tell us more", "don't ask me for
    feedback", and when it closes. The reminder says it is one."""
    prompt_id = view.prompt.id
    lines = []
    if reminder:
        lines.append(t("feedback.prompt.reminder"))
    lines.append(question(view))
    if _is_event(view) and view.event is not None:
        lines.append(t("feedback.prompt.when", when=when_text(view.event)))
    blocks: list[Block] = [section("\n".join(lines))]
    if not _is_event(view):
        blocks.append(context(t(f"feedback.prompt.{_group_kind(view)}_context")))
    blocks.append(_rating_buttons(prompt_id))
    blocks.append(context(t("feedback.prompt.scale")))
    blocks.append(actions(_more_button(prompt_id), _opt_out_button(prompt_id)))
    blocks.append(context(t("feedback.prompt.closes", date=slack_date(view.closes_at))))
    fallback = question(view)
    if reminder:
        fallback = f"{t('feedback.prompt.reminder_short')}: {fallback}"
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
        key = "feedback.answer.details" if answered.changed else "feedback.answer.details_again"
        lines.append(t(key, subject=subject))
        if answers.rating is not None:
            lines.append(t("feedback.answer.your_rating", rating=answers.rating))
        if answers.has_comment:
            key = "feedback.answer.anonymous" if answers.anonymous else "feedback.answer.named"
            lines.append(t(key))
    elif answers.rating is not None:
        key = "feedback.answer.rated" if answered.changed else "feedback.answer.rated_again"
        lines.append(t(key, subject=subject, rating=answers.rating))
    else:  # a rating click always leaves a rating; this is only a fallback
        lines.append(t("feedback.answer.details", subject=subject))
    blocks: list[Block] = [section("\n".join(lines))]
    said_more = prompt.details_at is not None
    if view.is_open:
        blocks.append(_rating_buttons(prompt.id, answers.rating))
        if not said_more:
            blocks.append(context(t("feedback.answer.more_hint")))
        blocks.append(actions(_more_button(prompt.id, edit=said_more), _opt_out_button(prompt.id)))
        blocks.append(context(t("feedback.answer.change", date=slack_date(view.closes_at))))
    else:
        blocks.append(context(t("feedback.answer.closed_note")))
    return message(lines[0], blocks)


def notice_message(text: str) -> dict[str, Any]:
    """Words alone, in place of a question that cannot be answered any more."""
    return message(text, [section(text)])


# The "tell us more" form -----------------------------------------------------------------------


def _radio(action_id: str, options: list[dict[str, Any]], chosen: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": action_id, "options": options}
    picked = [o for o in options if o["value"] == chosen]
    if picked:
        element["initial_option"] = picked[0]
    return element


def _agreement_options() -> list[dict[str, Any]]:
    return [option(t(f"feedback.form.{a.value}"), a.value) for a in Agreement]


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
                t(f"feedback.measure.{measure.value}"),
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
    blocks.append(context(t("feedback.form.privacy", count=SMALL_SLICE)))
    return modal(
        CallbackId.FEEDBACK_DETAILS_SUBMIT,
        t("feedback.form.title"),
        blocks,
        submit=t("feedback.form.submit"),
        close=t("buttons.cancel"),
        private_metadata=form_metadata(view.prompt.id, origin, from_home=from_home),
    )


# The follow-up ---------------------------------------------------------------------------------


def follow_up_message(view: PromptView) -> dict[str, Any]:
    """Weeks later, in a DM: since then, did they apply it, collaborate, move role? "Tell us"
    opens a form of three boxes; "None of these yet" answers in one click."""
    prompt_id = view.prompt.id
    if _is_event(view) and view.event is not None:
        asked = t(
            "feedback.follow_up.question.event", title=_title(view), when=when_text(view.event)
        )
        fallback = t(
            "feedback.follow_up.fallback.event",
            title=f"{_title(view)} ({when_plain(view.event)})",
        )
    else:
        asked = t("feedback.follow_up.question.group")
        fallback = t("feedback.follow_up.fallback.group")
    outcomes = "\n".join(
        f"• {t(f'feedback.follow_up.outcome.{outcome.value}')}" for outcome in FOLLOW_UP_OUTCOMES
    )
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
            _opt_out_button(prompt_id),
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
    elif _is_event(view):
        subject = t("feedback.follow_up.subject.event", title=_title(view))
    else:
        subject = t("feedback.follow_up.subject.group")
    boxes = [
        option(t(f"feedback.follow_up.choice.{outcome.value}"), outcome.value)
        for outcome in FOLLOW_UP_OUTCOMES
    ]
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
                t(f"feedback.follow_up.done.{outcome.value}") for outcome in chosen
            )
            text = t("feedback.follow_up.recorded", outcomes=outcomes)
        else:
            text = t("feedback.follow_up.recorded_none")
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
