"""Whose language a message is sent in: its reader's, looked up when it is sent.

A message to a person (a DM to their user id, a Home tab) takes their language. A note shown to
one person in a channel (an ephemeral note), or a DM about a channel (the welcome to a channel
they joined), takes theirs, or the channel's when they have chosen none. One to several people
(their group DM) is Welsh when all of them read Welsh, English when none does, both when they
differ; one to a channel takes the channel's language. A conversation known only by its id (a
"D..." DM) is read as English.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from bot.i18n import ENGLISH

if TYPE_CHECKING:
    from collections.abc import Collection

log = logging.getLogger(__name__)


class ReaderLanguages(Protocol):
    """bot.services.languages.LanguageService, as the outbox uses it."""

    def person(self, team_id: str, user_id: str) -> str: ...

    def for_people(self, team_id: str, user_ids: Collection[str]) -> str: ...

    def for_channel(self, team_id: str, channel_id: str) -> str: ...

    def in_channel(self, team_id: str, user_id: str, channel_id: str) -> str: ...


def is_person(value: object) -> bool:
    return isinstance(value, str) and value[:1] in {"U", "W"}


def reader_language(
    languages: ReaderLanguages, team_id: str, arguments: dict[str, Any], *, about: str | None = None
) -> str:
    """ "en", "cy" or "bilingual" for the Web API arguments of one message. English when the
    language cannot be read (the message still goes, as it would have before). `about`: the
    channel a DM to one person is about (a welcome), whose language they read when they have
    chosen none."""
    person = arguments.get("user_id") or arguments.get("user")
    channel = arguments.get("channel")
    if about and about[:1] in {"C", "G"} and is_person(channel) and not is_person(person):
        person, channel = channel, about
    try:
        if is_person(person) and isinstance(channel, str) and channel[:1] in {"C", "G"}:
            return languages.in_channel(team_id, str(person), channel)
        if is_person(person):
            return languages.person(team_id, str(person))
        if isinstance(channel, list | tuple):
            return languages.for_people(team_id, [str(user) for user in channel])
        if is_person(channel):
            return languages.person(team_id, str(channel))
        if isinstance(channel, str) and channel[:1] in {"C", "G"}:
            return languages.for_channel(team_id, channel)
    except Exception:  # the words matter less than the message: it goes in English
        log.warning("reader's language not read: sent in English", exc_info=True)
    return ENGLISH
