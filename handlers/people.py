"""Who people are in Slack, for imports: implements the PeopleLookup port."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

if TYPE_CHECKING:
    from slack_sdk import WebClient

NOT_FOUND = frozenset({"users_not_found", "user_not_found", "user_not_visible"})


class SlackPeopleLookup:
    def __init__(self, client: WebClient) -> None:
        self._client = client

    def user_id_for_email(self, team_id: str, email: str) -> str | None:  # noqa: ARG002 - one token, one workspace
        try:
            response = self._client.users_lookupByEmail(email=email)
        except SlackApiError as error:
            if error.response.get("error") in NOT_FOUND:
                return None
            raise
        user = response.get("user") or {}
        if user.get("deleted") or user.get("is_bot"):
            return None
        user_id = user.get("id")
        return str(user_id) if user_id else None

    def user_exists(self, team_id: str, user_id: str) -> bool:  # noqa: ARG002 - one token, one workspace
        try:
            response = self._client.users_info(user=user_id)
        except SlackApiError as error:
            if error.response.get("error") in NOT_FOUND:
                return False
            raise
        user = response.get("user") or {}
        return bool(user) and not user.get("deleted") and not user.get("is_bot")
