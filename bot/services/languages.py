"""The language each person reads the app in, and what several people or a channel read.

`person` is read once per request by the Slack edge (one primary-key read) and for each
scheduled message when it is sent; `for_people` and `for_channel` when a message goes to a
group DM or a channel. Nobody's choice is stored until they make one: no row means English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.errors import InvalidInputError
from bot.domain.languages import ENGLISH, PERSON_LANGUAGES, channel_language, together
from bot.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Collection

    from bot.clock import Clock
    from bot.domain.ports import UnitOfWorkFactory


class LanguageService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    def person(self, team_id: str, user_id: str) -> str:
        """ "en" or "cy": the person's choice, English when they made none."""
        with self._uow() as uow:
            chosen = uow.languages.get(team_id, user_id)
        return chosen if chosen in PERSON_LANGUAGES else ENGLISH

    def set_person(self, team_id: str, user_id: str, language: str) -> str:
        """Store the person's choice ("en" or "cy"); the language now in force for them."""
        if language not in PERSON_LANGUAGES:
            raise InvalidInputError({"language": N_("errors.expired")})
        with self._uow() as uow:
            uow.languages.set(team_id, user_id, language, now=self._clock.now())
            uow.commit()
        return language

    def for_people(self, team_id: str, user_ids: Collection[str]) -> str:
        """What they read together: "cy" when all chose Welsh, "en" when none did, else
        "bilingual"."""
        if not user_ids:
            return ENGLISH
        with self._uow() as uow:
            chosen = uow.languages.get_many(team_id, user_ids)
        return together(chosen.get(user, ENGLISH) for user in set(user_ids))

    def in_channel(self, team_id: str, user_id: str, channel_id: str) -> str:
        """What a person reads of a note shown to them in a channel (a welcome when they join):
        their own choice, or, when they have made none, the channel's language."""
        with self._uow() as uow:
            chosen = uow.languages.get(team_id, user_id)
            if chosen in PERSON_LANGUAGES:
                return chosen
            return channel_language(*uow.events.channel_language(team_id, channel_id))

    def for_channel(self, team_id: str, channel_id: str) -> str:
        """What the app posts in the channel: its chosen language, else "bilingual" when it is
        linked to Wales, else "en"."""
        with self._uow() as uow:
            return channel_language(*uow.events.channel_language(team_id, channel_id))

    def erase_person(self, team_id: str, user_id: str) -> bool:
        """Forget the person's choice; whether there was one."""
        with self._uow() as uow:
            erased = uow.languages.erase(team_id, user_id)
            uow.commit()
        return bool(erased)
