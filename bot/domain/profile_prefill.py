"""A profile form prefilled from the person's Slack profile: what may be taken, and how.

The job title is Slack's own `title`. A workspace may have custom profile fields for the
organisation and the place; an admin names them with one setting, SLACK_PROFILE_FIELDS
("organisation=Department,place=Office location"), matched to the workspace's field labels
without regard to case. The place is used only when the app's place reader reads the text as
one UK place (never guessed from anything else: a time zone is no place). Nothing here is
saved: it only fills the form the person then reviews and saves, or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.people import MAX_JOB_TITLE, MAX_ORGANISATION, clean_text, normalise

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bot.domain.places import Gazetteer, Place

# The profile fields a workspace's custom fields may fill, with the spellings accepted.
PREFILLABLE = {"organisation": "organisation", "organization": "organisation", "place": "place"}
MAX_FIELD_LABEL = 100
EXAMPLE = 'SLACK_PROFILE_FIELDS="organisation=Department,place=Office location"'


def read_field_mapping(text: str) -> dict[str, str]:
    """ "organisation=Department,place=Office location" -> {"organisation": "Department",
    "place": "Office location"}. Raises ValueError saying what is wrong."""
    mapping: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, equals, label = item.partition("=")
        field = PREFILLABLE.get(name.strip().casefold())
        if not equals:
            raise ValueError(
                f"{item.strip()!r} has no '=': name each field as <profile field>=<Slack field "
                f"label>, e.g. {EXAMPLE}"
            )
        if field is None:
            raise ValueError(
                f"{name.strip()!r} is not a profile field Slack can fill: use organisation "
                f"or place, e.g. {EXAMPLE}"
            )
        label = " ".join(label.split())
        if not label or len(label) > MAX_FIELD_LABEL:
            raise ValueError(
                f"{field} needs the label of a custom field of the workspace's Slack profiles "
                f"(1 to {MAX_FIELD_LABEL} characters), e.g. {EXAMPLE}"
            )
        if field in mapping:
            raise ValueError(f"{field} is named twice; name each field once")
        mapping[field] = label
    return mapping


@dataclass(frozen=True, slots=True)
class SlackProfileFacts:
    """What the person's Slack profile says, as Slack gave it (untrusted text)."""

    title: str = ""
    custom: Mapping[str, str] | None = None  # custom field label (as Slack has it) -> value


@dataclass(frozen=True, slots=True)
class ProfileSuggestion:
    """What the form opens with for a person with no profile yet."""

    job_title: str = ""
    organisation: str = ""
    place_id: int | None = None
    place_label: str = ""  # the place as the form's place menu shows it

    @property
    def empty(self) -> bool:
        return not (self.job_title or self.organisation or self.place_id is not None)


def _custom(facts: SlackProfileFacts, label: str | None) -> str:
    if not label or not facts.custom:
        return ""
    wanted = normalise(label)
    return next((value for name, value in facts.custom.items() if normalise(name) == wanted), "")


def one_place(gazetteer: Gazetteer, text: str) -> Place | None:
    """The one UK place `text` names, or None: a region, an area, a postcode, a place abroad,
    several places of that name ("Newport"), or words beside the place name none."""
    text = clean_text(text, 120)
    if not text:
        return None
    query = gazetteer.read_query(text)
    if query.topic_words or query.outside_uk:
        return None
    if query.kind == "place" and query.place is not None:
        place = query.place
        others = query.alternatives
    elif query.kind == "region" and query.alternatives:
        # "London" is a region and a place: the place, if the words name it exactly.
        place, others = query.alternatives[0], query.alternatives[1:]
        if normalise(place.name) != normalise(text):
            return None
    else:
        return None
    if any(normalise(other.name) == normalise(place.name) for other in others):
        return None  # several places of that name: not ours to choose
    return place


def suggest_profile(
    facts: SlackProfileFacts, mapping: Mapping[str, str], gazetteer: Gazetteer
) -> ProfileSuggestion:
    """The form's prefill from the person's Slack profile and the admin's field mapping."""
    place = one_place(gazetteer, _custom(facts, mapping.get("place")))
    return ProfileSuggestion(
        job_title=clean_text(facts.title, MAX_JOB_TITLE),
        organisation=clean_text(_custom(facts, mapping.get("organisation")), MAX_ORGANISATION),
        place_id=place.id if place else None,
        place_label=gazetteer.label(place) if place else "",
    )
