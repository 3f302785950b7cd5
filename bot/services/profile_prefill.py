"""The profile form prefilled from Slack, for a person with no profile yet
(bot.domain.profile_prefill says what is taken and how)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from bot.domain.profile_prefill import suggest_profile

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bot.domain.places import Gazetteer
    from bot.domain.profile_prefill import ProfileSuggestion, SlackProfileFacts

log = logging.getLogger(__name__)


class SlackProfiles(Protocol):
    """What a person's Slack profile says (the Slack edge implements it, within a deadline)."""

    def facts(self, team_id: str, user_id: str, *, custom: bool) -> SlackProfileFacts | None:
        """Their title and, with `custom`, their custom fields by label; None when Slack did
        not answer in time or at all."""
        ...


class ProfilePrefill:
    def __init__(
        self, profiles: SlackProfiles, gazetteer: Gazetteer, fields: Mapping[str, str]
    ) -> None:
        self._profiles = profiles
        self._places = gazetteer
        self._fields = dict(fields)

    def suggest(self, team_id: str, user_id: str) -> ProfileSuggestion | None:
        """What the new profile's form opens with; None when Slack has nothing to offer (or
        did not answer in time: the form then opens empty)."""
        facts = self._profiles.facts(team_id, user_id, custom=bool(self._fields))
        if facts is None:
            return None
        suggestion = suggest_profile(facts, self._fields, self._places)
        return None if suggestion.empty else suggestion
