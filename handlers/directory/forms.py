"""The directory's forms and search buttons: the profile form's state and its errors, the
search form's words, and what a search button carries, read back strictly (a forged value reads
as expired). Slack in, types out."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.domain.errors import DomainError
from bot.domain.people import ProfileDraft
from bot.i18n import N_, t
from bot.services.directory import SearchTarget
from handlers.ids import ActionId, BlockId, InputId
from handlers.payloads import element_state, selected_value, text_value
from handlers.ui.language import chosen_language
from handlers.ui.profile import ANNOUNCE_IN_DIGEST, LISTED_TO_ATTENDEES

# Which form block shows an error about which domain field.
PROFILE_FIELD_BLOCKS: dict[str, str] = {
    "place": BlockId.PLACE,
    "organisation": BlockId.ORGANISATION,
    "job_title": BlockId.JOB_TITLE,
    "profession": BlockId.PROFESSION,
    "grade": BlockId.GRADE,
    "languages": BlockId.LANGUAGES,
    "open_to": BlockId.OPEN_TO,
    "can_help": BlockId.CAN_HELP,
    "want_to_learn": BlockId.WANT_TO_LEARN,
}


def _selected_many(view: dict[str, Any], block_id: str, action_id: str) -> tuple[str, ...]:
    options = element_state(view, block_id, action_id).get("selected_options")
    if not isinstance(options, list):
        return ()
    return tuple(
        str(item["value"])
        for item in options[:100]
        if isinstance(item, dict) and isinstance(item.get("value"), str)
    )


def _sharing(view: dict[str, Any]) -> tuple[bool | None, bool | None]:
    """The consent boxes as ticked; (None, None) when the form had none (opened before they
    were added): what the person chose before stays."""
    if "selected_options" not in element_state(view, BlockId.SHARING, InputId.SHARING):
        return None, None
    ticked = _selected_many(view, BlockId.SHARING, InputId.SHARING)
    return LISTED_TO_ATTENDEES in ticked, ANNOUNCE_IN_DIGEST in ticked


def profile_draft(view: dict[str, Any]) -> ProfileDraft:
    place = selected_value(view, BlockId.PLACE, ActionId.PLACE_SELECT)
    place_id = int(place) if place and place.isdigit() and len(place) < 12 else None
    organisation = text_value(
        view, BlockId.ORGANISATION_OTHER, InputId.ORGANISATION_OTHER
    ).strip() or (selected_value(view, BlockId.ORGANISATION, InputId.ORGANISATION) or "")
    listed, announced = _sharing(view)
    return ProfileDraft(
        place_id=place_id,
        organisation=organisation,
        job_title=text_value(view, BlockId.JOB_TITLE, InputId.JOB_TITLE),
        profession=selected_value(view, BlockId.PROFESSION, InputId.PROFESSION),
        grade=selected_value(view, BlockId.GRADE, InputId.GRADE),
        can_help=text_value(view, BlockId.CAN_HELP, InputId.CAN_HELP),
        want_to_learn=text_value(view, BlockId.WANT_TO_LEARN, InputId.WANT_TO_LEARN),
        languages=_selected_many(view, BlockId.LANGUAGES, InputId.LANGUAGES),
        open_to=_selected_many(view, BlockId.OPEN_TO, InputId.OPEN_TO),
        listed_to_attendees=listed,
        announce_in_digest=announced,
    )


def profile_language(view: dict[str, Any]) -> str | None:
    """The language chosen in the form; None when the form had no choice (opened before it was
    added) or came back with something else: what the person chose before stays."""
    return chosen_language(selected_value(view, BlockId.APP_LANGUAGE, InputId.APP_LANGUAGE))


def form_errors(fields: dict[str, str]) -> dict[str, str]:
    """Domain field errors as Slack's `response_action: errors` map, keyed by block id."""
    errors: dict[str, str] = {}
    for field, key in fields.items():
        block = PROFILE_FIELD_BLOCKS.get(field, BlockId.JOB_TITLE)
        errors.setdefault(block, t(key))
    return errors


def search_form_text(view: dict[str, Any]) -> str:
    place = text_value(view, BlockId.SEARCH_PLACE, InputId.SEARCH_PLACE)
    topics = text_value(view, BlockId.SEARCH_TOPICS, InputId.SEARCH_TOPICS)
    return f"{place} {topics}".strip()


class _SearchValue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    p: int | None = Field(default=None, ge=0, lt=10**10)
    r: str | None = Field(default=None, max_length=8)
    t: list[str] = Field(default_factory=list, max_length=10)
    n: int = Field(default=1, ge=1, le=10_000)
    a: str | None = Field(default=None, max_length=12)  # an ONS area's code
    c: str | None = Field(default=None, max_length=10)  # a postcode ("SW1A 2AA")


def encode_search(target: SearchTarget, page: int) -> str:
    value = _SearchValue(
        p=target.place_id,
        r=target.region_code,
        t=[word[:50] for word in target.topics[:10]],
        n=page,
        a=target.area_code,
        c=target.postcode,
    )
    return value.model_dump_json(exclude_defaults=True)


def decode_search(value: str | None) -> tuple[SearchTarget, int]:
    """A search button's value back into what to search; a forged one reads as expired."""
    try:
        parsed = _SearchValue.model_validate_json(value or "")
    except (ValidationError, ValueError):
        raise DomainError(N_("errors.expired")) from None
    if sum(value is not None for value in (parsed.p, parsed.r, parsed.a, parsed.c)) != 1:
        raise DomainError(N_("errors.expired"))
    target = SearchTarget(
        place_id=parsed.p,
        region_code=parsed.r,
        topics=tuple(parsed.t),
        area_code=parsed.a,
        postcode=parsed.c,
    )
    return target, parsed.n
