"""The language of a channel's posts at the events edge: read from what was typed
(`/event link Cardiff cymraeg`, `/event language bilingual`), named in replies, and applied to
every post and update the app makes in the channel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.languages import channel_language as effective
from bot.i18n import N_, t
from bot.services.place_scope import PlaceScope
from handlers.ui.bilingual import render_in
from handlers.ui.common import message, section
from handlers.ui.verbs import LANGUAGE_WORDS

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bot.domain.events import ChannelLink
    from bot.domain.places import Region
    from bot.services.container import Services
    from bot.services.events import EventService

LANGUAGE_NAMES = {
    "en": N_("event.language.name.en"),
    "cy": N_("event.language.name.cy"),
    "bilingual": N_("event.language.name.bilingual"),
}


def language_word(word: str) -> str | None:
    """ "en", "cy" or "bilingual" for a typed word in either language; None for any other."""
    return LANGUAGE_WORDS.get(word.strip().casefold())


def split_language(events: EventService, text: str) -> tuple[str, str | None]:
    """The place and the language in `/event link <place> [language]`.

    The last word is taken as the language only when it is a language word and the words
    before it name a place on their own; a place whose own name ends with such a word keeps
    it ("Wales" is a place, never a language)."""
    words = text.split()
    language = language_word(words[-1]) if len(words) > 1 else None
    if language is None:
        return text, None
    whole = events.read_area(text)
    if isinstance(whole, PlaceScope) and whole.name.casefold() == " ".join(words).casefold():
        return text, None
    place = " ".join(words[:-1])
    if isinstance(events.read_area(place), PlaceScope):
        return place, language
    return text, None


def language_name(language: str) -> str:
    """The language a channel's posts are in, in words of the language in force."""
    return t(LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"]))


def language_set_message(channel_id: str, language: str) -> dict[str, Any]:
    """The answer to `/event language <language>` in a linked channel."""
    text = t("event.language.set", channel=f"<#{channel_id}>", language=language_name(language))
    return message(text, [section(text)])


def language_usage_message() -> dict[str, Any]:
    text = t("event.language.usage")
    return message(text, [section(text)])


def channel_language(services: Services, team_id: str, channel_id: str) -> str:
    """What the app posts in the channel: "en", "cy" or "bilingual"."""
    return services.languages.for_channel(team_id, channel_id)


class ChannelRendering:
    """Builds each message once per language however many channels take it."""

    def __init__(self, services: Services, team_id: str, build: Callable[[], dict[str, Any]]):
        self._services = services
        self._team_id = team_id
        self._build = build
        self._made: dict[str, dict[str, Any]] = {}

    def language_of(self, channel_id: str) -> str:
        return channel_language(self._services, self._team_id, channel_id)

    def for_channel(self, channel_id: str) -> dict[str, Any]:
        language = self.language_of(channel_id)
        if language not in self._made:
            self._made[language] = render_in(language, self._build)
        return self._made[language]


def channel_languages(links: Sequence[tuple[ChannelLink, Region]]) -> dict[str, str]:
    """Each linked channel's language in words, for `/event channels`."""
    regions: dict[str, list[str]] = {}
    chosen: dict[str, str | None] = {}
    for link, region in links:
        regions.setdefault(link.channel_id, []).append(region.code)
        chosen[link.channel_id] = chosen.get(link.channel_id) or link.language
    return {
        channel: language_name(effective(chosen.get(channel), codes))
        for channel, codes in regions.items()
    }
