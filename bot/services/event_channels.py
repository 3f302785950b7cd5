"""The language of what the app posts in a channel linked to regions (`/event link … cymraeg`,
`/event language …`): English, Welsh, or both with the Welsh first.

A channel's links hold one language between them (set on all at once); none chosen means the
default: bilingual where the channel is linked to Wales, English elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.errors import InvalidInputError, NotFoundError
from bot.domain.languages import CHANNEL_LANGUAGES, channel_language
from bot.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.domain.places import Gazetteer, Region
    from bot.domain.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class ChannelLanguage:
    """What a channel's posts are in now (`language`: "en", "cy" or "bilingual"), whether it
    was chosen or is the default, and the regions the channel is linked to."""

    language: str
    chosen: bool
    regions: tuple[Region, ...]


class EventChannelLanguages:
    """The channel-language side of `EventService` (one of its bases), which supplies these."""

    _uow: UnitOfWorkFactory
    _places: Gazetteer
    require_organiser: Callable[[str, str], None]  # NotAllowedError unless they organise

    def set_channel_language(
        self, team_id: str, user_id: str, channel_id: str, language: str | None
    ) -> ChannelLanguage:
        """Choose what the app posts in a linked channel (None: the default); the same people
        may as may link it. NotFoundError when the channel is linked to no region."""
        self.require_organiser(team_id, user_id)
        if language is not None and language not in CHANNEL_LANGUAGES:
            raise InvalidInputError({"language": "event.language.usage"})
        with self._uow() as uow:
            codes = uow.events.set_channel_language(team_id, channel_id, language)
            uow.commit()
        if not codes:
            raise NotFoundError(N_("event.language.not_linked"))
        return ChannelLanguage(
            channel_language(language, codes),
            language is not None,
            tuple(self._places.region(code) for code in codes),
        )

    def channel_language(self, team_id: str, channel_id: str) -> ChannelLanguage:
        """What the app posts in the channel now (English in one linked to no region)."""
        with self._uow() as uow:
            chosen, codes = uow.events.channel_language(team_id, channel_id)
        return ChannelLanguage(
            channel_language(chosen, codes),
            chosen is not None,
            tuple(self._places.region(code) for code in codes),
        )
