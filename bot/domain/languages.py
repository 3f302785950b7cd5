"""Which language a person reads the app in, and what the app posts in a channel.

A person chooses English or Cymraeg (the profile form, the Home tab); with no choice stored they
read English. What several people read together (a group DM) is Welsh when they all chose
Welsh, English when none did, and both (Welsh first) when they differ. A channel takes the
language chosen for it, else both when it is linked to Wales, else English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

ENGLISH = "en"
WELSH = "cy"
BILINGUAL = "bilingual"
PERSON_LANGUAGES = (ENGLISH, WELSH)
CHANNEL_LANGUAGES = (ENGLISH, WELSH, BILINGUAL)
WALES_REGION = "TLL"
# Each language by its own name: how the choice is labelled whatever language is in force
LANGUAGE_NAMES = {ENGLISH: "English", WELSH: "Cymraeg"}


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """A person's stored choice (time in UTC)."""

    language: str
    updated_at: datetime


def channel_language(chosen: str | None, region_codes: Iterable[str]) -> str:
    """What the app posts in a channel linked to these regions: the language chosen for it, else
    bilingual (Welsh first) in a channel linked to Wales, else English."""
    if chosen is not None and chosen in CHANNEL_LANGUAGES:
        return chosen
    return BILINGUAL if WALES_REGION in region_codes else ENGLISH


def together(languages: Iterable[str]) -> str:
    """The language of a message several people read together."""
    chosen = {language if language == WELSH else ENGLISH for language in languages}
    if chosen == {WELSH}:
        return WELSH
    return BILINGUAL if WELSH in chosen else ENGLISH
