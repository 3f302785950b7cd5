"""The feedback forms' state, their errors and their private metadata: Slack in, types out.

"Tell us more" (the measures, the two comments and anonymity) and the follow-up (what came of
it) are read into drafts for the domain to check; its errors come back keyed by block id. A
form's private metadata (written by `handlers.feedback.blocks.values.form_metadata`) and the
message a button was clicked in are read back strictly: a forged one reads as expired.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bot.domain.errors import DomainError
from bot.domain.feedback import MEASURES, DetailsDraft
from bot.i18n import N_, keys, t
from handlers.feedback.blocks.details import ANONYMOUS, JOIN_MENTORING
from handlers.feedback.blocks.values import MAX_PROMPT_ID, Origin
from handlers.ids import BlockId, InputId, measure_block
from handlers.payloads import element_state, selected_value, text_value

# Which form block shows an error about which domain field (measures: measure_block(value)).
DETAILS_FIELD_BLOCKS: dict[str, str] = {
    "rating": BlockId.FEEDBACK_RATING,
    "what_worked": BlockId.FEEDBACK_WORKED,
    "could_be_better": BlockId.FEEDBACK_BETTER,
    **{measure.value: measure_block(measure.value) for measure in MEASURES},
}
MAX_CHOSEN = 20  # more ticked boxes than any form shows: not from Slack

_CONVERSATION = re.compile(r"^[CDG][A-Z0-9]{2,30}$")
_TS = re.compile(r"^\d{1,12}\.\d{1,9}$")
_MAX_METADATA = 500


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


def read_form_metadata(raw: object) -> FormContext:
    """A form's private metadata back into what it is about; a forged one reads as expired."""
    if not isinstance(raw, str) or len(raw) > _MAX_METADATA:
        raise DomainError(N_("errors.expired"))
    try:
        data = json.loads(raw)
    except ValueError:
        raise DomainError(N_("errors.expired")) from None
    if not isinstance(data, dict):
        raise DomainError(N_("errors.expired"))
    prompt_id = data.get("p")
    if not isinstance(prompt_id, int) or isinstance(prompt_id, bool):
        raise DomainError(N_("errors.expired"))
    if not 1 <= prompt_id < MAX_PROMPT_ID:
        raise DomainError(N_("errors.expired"))
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


# Reading -------------------------------------------------------------------------------------


def chosen_values(view: dict[str, Any], block_id: str, action_id: str) -> tuple[str, ...]:
    """The values of the boxes ticked in a checkbox group (none: empty)."""
    options = element_state(view, block_id, action_id).get("selected_options")
    if not isinstance(options, list):
        return ()
    return tuple(
        item["value"][:150]
        for item in options[:MAX_CHOSEN]
        if isinstance(item, dict) and isinstance(item.get("value"), str)
    )


def details_draft(view: dict[str, Any]) -> DetailsDraft:
    """The "tell us more" form's state as a draft for the domain to check. Never raises."""
    measures = {
        measure.value: selected_value(view, measure_block(measure.value), InputId.FEEDBACK_MEASURE)
        for measure in MEASURES
    }
    anonymous = chosen_values(view, BlockId.FEEDBACK_ANONYMOUS, InputId.FEEDBACK_ANONYMOUS)
    return DetailsDraft(
        measures=measures,
        what_worked=text_value(view, BlockId.FEEDBACK_WORKED, InputId.FEEDBACK_WORKED),
        could_be_better=text_value(view, BlockId.FEEDBACK_BETTER, InputId.FEEDBACK_BETTER),
        anonymous=ANONYMOUS in anonymous,
        rating=selected_value(view, BlockId.FEEDBACK_RATING, InputId.FEEDBACK_RATING),
    )


def wants_mentoring(view: dict[str, Any]) -> bool:
    """Whether "I'd like to join a mentoring group" was ticked in the form sent."""
    chosen = chosen_values(view, BlockId.FEEDBACK_MENTORING, InputId.FEEDBACK_MENTORING)
    return JOIN_MENTORING in chosen


def _input_blocks(view: dict[str, Any]) -> list[str]:
    """The input blocks the submitted form shows, in order (Slack sends them back with it)."""
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return []
    return [
        str(block["block_id"])
        for block in blocks
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id")
    ]


def details_form_errors(fields: dict[str, str], view: dict[str, Any]) -> dict[str, str]:
    """Domain field errors as Slack's `response_action: errors` map, keyed by block id. A
    field the form does not show is reported beside its first field."""
    shown = _input_blocks(view)
    fallback = shown[0] if shown else BlockId.FEEDBACK_WORKED
    known = keys()
    errors: dict[str, str] = {}
    for field, key in fields.items():
        block = DETAILS_FIELD_BLOCKS.get(field, fallback)
        if shown and block not in shown:
            block = fallback
        errors.setdefault(block, t(key) if key in known else t("errors.invalid_input"))
    return errors


def follow_up_form_errors(fields: dict[str, str]) -> dict[str, str]:
    """The follow-up's one error, beside its boxes, as Slack's `response_action: errors` map."""
    key = next(iter(fields.values()), "errors.invalid_input")
    text = t(key) if key in keys() else t("errors.invalid_input")
    return {str(BlockId.FEEDBACK_FOLLOW_UP): text}
