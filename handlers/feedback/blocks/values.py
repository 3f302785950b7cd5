"""What feedback's buttons and forms carry, written here and read back strictly.

Button values name the prompt: a rating `"12:4"` (prompt 12, rated 4), "tell us more" and
"don't ask me" `"12"`, the follow-up's buttons `"12:form"` or `"12:none"`. A form carries
`{"p": 12}` in its private metadata, with the conversation and timestamp of the message it
was opened from when that message can be updated (`"c"`, `"t"`), or `"h": 1` when it was
opened from the App Home (read back by `handlers.feedback.forms`). Anything else reads as an
expired button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.domain.errors import DomainError
from bot.i18n import N_

MAX_PROMPT_ID = 2**31  # prompt ids are 32-bit integers in the database: past that, forged
FORM_OPEN = "form"  # the follow-up's buttons: open its form, or answer "none of these" at once
FORM_NONE = "none"

_RATING_VALUE = re.compile(r"^([1-9][0-9]{0,11}):([1-5])$")
_PROMPT_VALUE = re.compile(r"^[1-9][0-9]{0,11}$")
_FOLLOW_UP_VALUE = re.compile(rf"^([1-9][0-9]{{0,11}}):({FORM_OPEN}|{FORM_NONE})$")


# Button values and form metadata -------------------------------------------------------------


def rating_value(prompt_id: int, rating: int) -> str:
    return f"{prompt_id}:{rating}"


def read_rating_value(value: str | None) -> tuple[int, int]:
    """A rating button's value back into (prompt id, rating); anything else reads as expired."""
    found = _RATING_VALUE.match(value or "")
    if found is None or int(found.group(1)) >= MAX_PROMPT_ID:
        raise DomainError(N_("errors.expired"))
    return int(found.group(1)), int(found.group(2))


def prompt_value(prompt_id: int) -> str:
    return str(prompt_id)


def read_prompt_value(value: str | None) -> int:
    """A "tell us more" (or "don't ask me") button's value back into the prompt id."""
    if value is None or not _PROMPT_VALUE.match(value) or int(value) >= MAX_PROMPT_ID:
        raise DomainError(N_("errors.expired"))
    return int(value)


def follow_up_value(prompt_id: int, choice: str) -> str:
    return f"{prompt_id}:{choice}"


def read_follow_up_value(value: str | None) -> tuple[int, str]:
    """A follow-up button's value back into (prompt id, FORM_OPEN or FORM_NONE)."""
    found = _FOLLOW_UP_VALUE.match(value or "")
    if found is None or int(found.group(1)) >= MAX_PROMPT_ID:
        raise DomainError(N_("errors.expired"))
    return int(found.group(1)), found.group(2)


@dataclass(frozen=True, slots=True)
class Origin:
    """The message a form was opened from, to be updated when the form is sent."""

    channel: str
    ts: str


def form_metadata(
    prompt_id: int, origin: Origin | None, *, from_home: bool = False
) -> dict[str, Any]:
    data: dict[str, Any] = {"p": prompt_id}
    if origin is not None:
        data.update(c=origin.channel, t=origin.ts)
    if from_home:
        data["h"] = 1
    return data
