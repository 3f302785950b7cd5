"""People and their profiles: what the directory holds and how what they type is tidied.

A profile exists only because its person created it (the opt-in). Everything typed is trimmed
and cut to the lengths below, so nothing anyone types can overflow a Slack message later.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.domain.errors import InvalidInputError
from bot.domain.reference import GRADE_LABELS, LANGUAGES, OpenTo, profession_named
from bot.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

MAX_ORGANISATION = 120
MAX_JOB_TITLE = 100
MAX_TOPIC = 50
MAX_TOPICS = 10
MAX_TOPICS_TEXT = 600
MAX_SEARCH_TEXT_BYTES = 2000

_SPLIT_TOPICS = re.compile(r"[,;\n\r\t•·|]+")
_SPACES = re.compile(r"\s+")
# Control characters are never useful in a profile and confuse clients.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class Profile:
    team_id: str
    user_id: str
    place_id: int
    organisation: str
    job_title: str
    created_at: datetime
    updated_at: datetime
    confirmed_at: datetime
    profession: str | None = None
    grade: str | None = None
    can_help: tuple[str, ...] = ()
    want_to_learn: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    open_to: tuple[OpenTo, ...] = ()
    visible: bool = True
    active: bool = True
    hidden_reason: str | None = None
    nudged_at: datetime | None = None
    # Shown to the others going to an event ("Who's going", the DM after it): on unless unticked.
    listed_to_attendees: bool = True
    # Named in the region's weekly digest when they join: only when they ask for it.
    announce_in_digest: bool = False

    @property
    def grade_label(self) -> str | None:
        return GRADE_LABELS.get(self.grade) if self.grade else None

    def search_text(self) -> str:
        """What topic words are matched against, normalised the same way as the words."""
        parts = [
            *self.can_help,
            *self.want_to_learn,
            self.job_title,
            self.profession or "",
            self.organisation,
        ]
        text = " | ".join(normalise(part) for part in parts if part)
        # The search index holds this text; PostgreSQL refuses index entries over ~2.7 kB.
        # Topics come first, so what is cut is the organisation's name at most, for a profile
        # written largely in a script of 3-byte characters.
        data = text.encode("utf-8")
        if len(data) <= MAX_SEARCH_TEXT_BYTES:
            return text
        return data[:MAX_SEARCH_TEXT_BYTES].decode("utf-8", errors="ignore")


@dataclass(frozen=True, slots=True)
class ProfileDraft:
    """What a person submits in the profile form (or an import row), before tidying."""

    place_id: int | None
    organisation: str
    job_title: str
    profession: str | None = None
    grade: str | None = None
    can_help: str = ""
    want_to_learn: str = ""
    languages: tuple[str, ...] = ()
    open_to: tuple[str, ...] = field(default=())
    # The two consents (see Profile); None keeps what the person chose before (an import row).
    listed_to_attendees: bool | None = None
    announce_in_digest: bool | None = None


def clean_text(text: str | None, limit: int) -> str:
    """Trim, fold runs of white space, drop control characters, cut to `limit` characters."""
    if not text:
        return ""
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _split_topics(text: str | None) -> tuple[str, ...]:
    """Every distinct topic in 'data, policy; user research', tidy, unbounded in number."""
    if not text:
        return ()
    return distinct_topics(
        clean_text(raw, MAX_TOPIC) for raw in _SPLIT_TOPICS.split(text[: MAX_TOPICS_TEXT * 4])
    )


def distinct_topics(topics: Iterable[str]) -> tuple[str, ...]:
    """Topics without repeats, compared without case or accents; the first spelling stays."""
    seen: dict[str, str] = {}
    for topic in topics:
        if topic and normalise(topic) not in seen:
            seen[normalise(topic)] = topic
    return tuple(seen.values())


def parse_topics(text: str | None) -> tuple[str, ...]:
    """Split 'data, policy; user research' into distinct topics, tidy and bounded."""
    return _split_topics(text)[:MAX_TOPICS]


def too_many_topics(text: str | None) -> bool:
    """More distinct topics than a profile keeps (the form refuses them, never drops them)."""
    return len(_split_topics(text)) > MAX_TOPICS


def normalise(text: str) -> str:
    """Casefold and strip accents, so 'Ymchwil' matches 'ymchwil' and 'Gàidhlig' 'gaidhlig'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


_STOP_WORDS = frozenset({"and", "or", "the", "of", "in", "for", "with", "a", "an", "to", "&"})


def topic_stems(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Topic words as matchable stems: normalised, plural endings dropped, stop words out."""
    stems: dict[str, None] = {}
    for word in words[:MAX_TOPICS]:
        stem = normalise(word).strip(".,;:!?\"'()[]{}")
        if not stem or stem in _STOP_WORDS:
            continue
        stem = stem[:MAX_TOPIC]
        if len(stem) > 4 and stem.endswith("ies"):
            stem = stem[:-3]
        elif len(stem) > 3 and stem.endswith("s") and not stem.endswith("ss"):
            stem = stem[:-1]
        stems[stem] = None
    return tuple(stems)


def matched_topics(profile: Profile, stems: tuple[str, ...]) -> tuple[str, ...]:
    """Which of the person's topics mention any of the searched stems (for highlighting)."""
    if not stems:
        return ()
    return tuple(
        topic
        for topic in (*profile.can_help, *profile.want_to_learn)
        if any(stem in normalise(topic) for stem in stems)
    )


def tidy_draft(draft: ProfileDraft) -> ProfileDraft:
    """Validate a draft; return the tidied one or raise InvalidInputError naming each bad field."""
    errors: dict[str, str] = {}
    organisation = clean_text(draft.organisation, MAX_ORGANISATION)
    job_title = clean_text(draft.job_title, MAX_JOB_TITLE)
    if draft.place_id is None:
        errors["place"] = N_("profile.errors.place_missing")
    if not organisation:
        errors["organisation"] = N_("profile.errors.organisation_missing")
    if not job_title:
        errors["job_title"] = N_("profile.errors.job_title_missing")
    profession = profession_named(draft.profession)
    if draft.profession and draft.profession.strip() and profession is None:
        errors["profession"] = N_("profile.errors.profession_unknown")
    grade = draft.grade if draft.grade in GRADE_LABELS else None
    if draft.grade and grade is None:
        errors["grade"] = N_("profile.errors.grade_unknown")
    languages = tuple(dict.fromkeys(lang for lang in draft.languages if lang in LANGUAGES))
    if len(languages) != len(set(draft.languages)):
        errors["languages"] = N_("profile.errors.language_unknown")
    valid_open = {item.value for item in OpenTo}
    open_to = tuple(dict.fromkeys(item for item in draft.open_to if item in valid_open))
    if len(open_to) != len(set(draft.open_to)):
        errors["open_to"] = N_("profile.errors.open_to_unknown")
    for name, typed in (("can_help", draft.can_help), ("want_to_learn", draft.want_to_learn)):
        if too_many_topics(typed):
            errors[name] = N_("profile.errors.too_many_topics")
    if errors:
        raise InvalidInputError(errors)
    return replace(
        draft,
        organisation=organisation,
        job_title=job_title,
        profession=profession,
        grade=grade,
        languages=languages,
        open_to=open_to,
    )


def profile_from_draft(
    team_id: str, user_id: str, draft: ProfileDraft, *, now: datetime, existing: Profile | None
) -> Profile:
    """The profile a tidied draft makes: saving is also confirming it is up to date."""
    if draft.place_id is None:
        raise InvalidInputError({"place": N_("profile.errors.place_missing")})
    return Profile(
        team_id=team_id,
        user_id=user_id,
        place_id=draft.place_id,
        organisation=draft.organisation,
        job_title=draft.job_title,
        profession=draft.profession,
        grade=draft.grade,
        can_help=parse_topics(draft.can_help),
        want_to_learn=parse_topics(draft.want_to_learn),
        languages=draft.languages,
        open_to=tuple(OpenTo(item) for item in draft.open_to),
        # Someone who hid their profile keeps it hidden while editing it; showing it is their call.
        visible=not (existing and existing.hidden_reason == "self"),
        active=existing.active if existing else True,
        hidden_reason="self" if existing and existing.hidden_reason == "self" else None,
        created_at=existing.created_at if existing else now,
        updated_at=now,
        confirmed_at=now,
        nudged_at=None,
        listed_to_attendees=_chosen(
            draft.listed_to_attendees, existing.listed_to_attendees if existing else True
        ),
        announce_in_digest=_chosen(
            draft.announce_in_digest, existing.announce_in_digest if existing else False
        ),
    )


def _chosen(choice: bool | None, before: bool) -> bool:
    return before if choice is None else choice
