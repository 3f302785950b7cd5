"""Block Kit for choosing the language the app speaks to a person in: English or Cymraeg.

Each choice is labelled in its own language ("English", "Cymraeg"), and the label of the choice
in both, whatever language is in force: someone who cannot read the one shown can still find
the other.
"""

from __future__ import annotations

from typing import Any

from bot.domain.languages import LANGUAGE_NAMES, PERSON_LANGUAGES
from bot.i18n import ENGLISH, current_language
from handlers.ui.common import option


def language_options() -> list[dict[str, Any]]:
    return [option(LANGUAGE_NAMES[language], language) for language in PERSON_LANGUAGES]


def language_element(kind: str, action_id: str, chosen: str | None = None) -> dict[str, Any]:
    """A `static_select` or `radio_buttons` of the two, the person's language chosen (the one
    in force unless `chosen` says)."""
    chosen = chosen if chosen in PERSON_LANGUAGES else current_language()
    options = language_options()
    initial = next(
        (item for item in options if item["value"] == chosen),
        next(item for item in options if item["value"] == ENGLISH),
    )
    return {"type": kind, "action_id": action_id, "options": options, "initial_option": initial}


def chosen_language(value: object) -> str | None:
    """A language a choice carried back, read strictly: anything else is no choice."""
    return value if isinstance(value, str) and value in PERSON_LANGUAGES else None
