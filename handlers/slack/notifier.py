"""Messages the app sends on its own, through the same builders the listeners use."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from bot.i18n import t
from bot.services.directory import ProfileStatus
from handlers.directory.blocks.results import nudge_message
from handlers.slack.clients import NotInstalledError, clients_for
from handlers.ui.common import text_message

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_sdk import WebClient

    from bot.domain.people import Profile
    from bot.domain.places import Gazetteer

log = logging.getLogger(__name__)


class SlackNotifier:
    def __init__(
        self, client: WebClient | Callable[[str], WebClient], gazetteer: Gazetteer
    ) -> None:
        self._clients = clients_for(client)
        self._places = gazetteer

    def _post(self, team_id: str, user_id: str, payload: dict[str, object]) -> bool:
        try:
            self._clients(team_id).chat_postMessage(channel=user_id, **payload)  # type: ignore[arg-type]
        except NotInstalledError:
            log.info("direct message not sent: not installed team_id=%s", team_id)
            return False
        except SlackApiError as error:
            log.warning(
                "direct message not delivered user_id=%s error=%s",
                user_id,
                error.response.get("error"),
            )
            return False
        return True

    def profile_nudge(self, profile: Profile) -> bool:
        place = self._places.get(profile.place_id)
        label = self._places.label(place) if place else None
        return self._post(
            profile.team_id, profile.user_id, nudge_message(ProfileStatus(profile, place), label)
        )

    def profile_hidden_as_stale(self, profile: Profile) -> bool:
        return self._post(profile.team_id, profile.user_id, text_message(t("nudge.hidden")))
