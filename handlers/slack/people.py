"""Who people are in Slack: the PeopleLookup port (imports) and the AdminDirectory port."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from handlers.slack.clients import clients_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_sdk import WebClient

NOT_FOUND = frozenset({"users_not_found", "user_not_found", "user_not_visible"})
MAX_CACHED_PEOPLE = 10_000


class SlackPeopleLookup:
    def __init__(self, client: WebClient | Callable[[str], WebClient]) -> None:
        self._clients = clients_for(client)

    def user_id_for_email(self, team_id: str, email: str) -> str | None:
        try:
            response = self._clients(team_id).users_lookupByEmail(email=email)
        except SlackApiError as error:
            if error.response.get("error") in NOT_FOUND:
                return None
            raise
        user = response.get("user") or {}
        if user.get("deleted") or user.get("is_bot"):
            return None
        user_id = user.get("id")
        return str(user_id) if user_id else None

    def user_exists(self, team_id: str, user_id: str) -> bool:
        try:
            response = self._clients(team_id).users_info(user=user_id)
        except SlackApiError as error:
            if error.response.get("error") in NOT_FOUND:
                return False
            raise
        user = response.get("user") or {}
        return bool(user) and not user.get("deleted") and not user.get("is_bot")


class SlackWorkspaceMembers:
    """Who administers the workspace, and each person's time zone, from `users.info`.

    Answers are kept for a few minutes so a busy organiser doesn't cost a Web API call per
    click; a person made admin (or no longer) is seen within that time.
    """

    def __init__(
        self, client: WebClient | Callable[[str], WebClient], *, ttl_seconds: float = 300.0
    ) -> None:
        self._clients = clients_for(client)
        self._ttl = ttl_seconds
        self._cache: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def _user(self, team_id: str, user_id: str) -> dict[str, Any]:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get((team_id, user_id))
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        try:
            user = dict(self._clients(team_id).users_info(user=user_id).get("user") or {})
        except SlackApiError as error:
            if error.response.get("error") in NOT_FOUND:
                user = {}
            else:
                raise
        with self._lock:
            if len(self._cache) > MAX_CACHED_PEOPLE:
                self._cache.clear()
            self._cache[(team_id, user_id)] = (now, user)
        return user

    def forget_workspace(self, team_id: str) -> None:
        """The app left the workspace: drop what was cached about its people."""
        with self._lock:
            for key in [key for key in self._cache if key[0] == team_id]:
                del self._cache[key]

    def is_admin(self, team_id: str, user_id: str) -> bool:
        user = self._user(team_id, user_id)
        if user.get("deleted") or user.get("is_bot"):
            return False
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def timezone(self, team_id: str, user_id: str) -> str | None:
        tz = self._user(team_id, user_id).get("tz")
        return tz if isinstance(tz, str) else None

    def name(self, team_id: str, user_id: str) -> str:
        """The name the person goes by in Slack ("" when Slack has none for them)."""
        user = self._user(team_id, user_id)
        found_profile = user.get("profile")
        profile: dict[str, Any] = found_profile if isinstance(found_profile, dict) else {}
        for found in (profile.get("display_name"), profile.get("real_name"), user.get("real_name")):
            if isinstance(found, str) and found.strip():
                return found.strip()
        return ""
