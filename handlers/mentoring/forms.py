"""The mentoring sign-up form's state and its errors, and the profile form's note that the
sign-up follows it: Slack in, types out. Nothing here raises on odd input."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.domain.mentoring_programme import SignUpDraft
from bot.i18n import keys, t
from handlers.ids import BlockId, InputId
from handlers.mentoring.blocks.signup import SIGNUP_NEXT
from handlers.payloads import selected_value, text_value

# Which form block shows an error about which domain field.
SIGNUP_FIELD_BLOCKS: dict[str, str] = {
    "role": BlockId.MENTORING_ROLE,
    "topics": BlockId.MENTORING_TOPICS,
    "mode": BlockId.MENTORING_MODE,
    "size": BlockId.MENTORING_SIZE,
    "frequency": BlockId.MENTORING_FREQUENCY,
    "hopes": BlockId.MENTORING_HOPES,
}

_SIZE = re.compile(r"^([0-9])-([0-9])$")


# The profile form first ------------------------------------------------------------------------


def signup_follows(view: dict[str, Any]) -> bool:
    """Whether a submitted profile form was opened with the sign-up to follow it."""
    raw = view.get("private_metadata")
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 3000:
        return False
    try:
        data = json.loads(raw)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("next") == SIGNUP_NEXT


# The sign-up form ------------------------------------------------------------------------------


def read_size(value: str | None) -> tuple[int, int]:
    """A size option's value ("4-5"); anything else reads as (0, 0), which the domain refuses."""
    match = _SIZE.match(value or "")
    if match is None:
        return 0, 0
    return int(match.group(1)), int(match.group(2))


def signup_draft(view: dict[str, Any]) -> SignUpDraft:
    """The sign-up form's state as a draft for the domain to check. Never raises."""
    size_min, size_max = read_size(
        selected_value(view, BlockId.MENTORING_SIZE, InputId.MENTORING_SIZE)
    )
    return SignUpDraft(
        role=selected_value(view, BlockId.MENTORING_ROLE, InputId.MENTORING_ROLE) or "",
        topics=text_value(view, BlockId.MENTORING_TOPICS, InputId.MENTORING_TOPICS),
        mode=selected_value(view, BlockId.MENTORING_MODE, InputId.MENTORING_MODE) or "",
        size_min=size_min,
        size_max=size_max,
        frequency=selected_value(view, BlockId.MENTORING_FREQUENCY, InputId.MENTORING_FREQUENCY)
        or "",
        hopes=text_value(view, BlockId.MENTORING_HOPES, InputId.MENTORING_HOPES),
    )


def signup_form_errors(fields: dict[str, str]) -> dict[str, str]:
    """Domain field errors as Slack's `response_action: errors` map, keyed by block id."""
    known = keys()
    errors: dict[str, str] = {}
    for field, key in fields.items():
        block = SIGNUP_FIELD_BLOCKS.get(field, BlockId.MENTORING_TOPICS)
        errors.setdefault(block, t(key) if key in known else t("errors.invalid_input"))
    return errors
