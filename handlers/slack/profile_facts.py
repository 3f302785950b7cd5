"""What a person's Slack profile says, for the profile form's prefill, within a deadline.

`users.profile.get` gives the person's title and their custom fields by field id
(`fields: {"Xf…": {"value", "alt"}}`); `team.profile.get` gives the workspace's field labels
by id (kept a few minutes per workspace). Both need users.profile:read.

The form must open before its trigger_id dies (3 s after the click), so the look-up has a
budget: it runs in a small pool of its own, each call with that timeout and no retries, and
the caller waits at most the budget. Slow, refused (a scope not granted, a 429) or broken: no
facts, and the form opens empty. The answer itself is never logged: it describes a person.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from http.client import HTTPException
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.profile_prefill import SlackProfileFacts
from handlers.slack.clients import NotInstalledError, clients_for

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)

BUDGET_SECONDS = 1.2  # the longest the form waits for Slack before it opens empty
LABELS_TTL = 600.0  # seconds a workspace's custom field labels are kept
MAX_WORKSPACES = 1000


class SlackProfileReader:
    """`bot.services.profile_prefill.SlackProfiles` over Slack's Web API."""

    def __init__(
        self,
        client: WebClient | Callable[[str], WebClient],
        *,
        budget: float = BUDGET_SECONDS,
        threads: int = 4,
    ) -> None:
        self._clients = clients_for(client)
        self._budget = budget
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="slack-profile")
        self._labels: dict[str, tuple[float, dict[str, str]]] = {}
        self._lock = threading.Lock()

    def facts(self, team_id: str, user_id: str, *, custom: bool) -> SlackProfileFacts | None:
        future = self._pool.submit(self._read, team_id, user_id, custom)
        try:
            return future.result(timeout=self._budget)
        except FutureTimeout:
            log.info("Slack profile look-up too slow: the form opens empty")
            return None

    def _quick(self, team_id: str) -> WebClient:
        """A client with the workspace's token that answers within the budget or fails."""
        source = self._clients(team_id)
        return WebClient(
            token=source.token,
            base_url=source.base_url,
            timeout=max(1, round(self._budget)),
            retry_handlers=[],
        )

    def _read(self, team_id: str, user_id: str, custom: bool) -> SlackProfileFacts | None:
        try:
            client = self._quick(team_id)
            profile = client.users_profile_get(user=user_id).get("profile") or {}
            fields = profile.get("fields")
            values: dict[str, str] = {}
            if custom and isinstance(fields, dict) and fields:
                labels = self._field_labels(client, team_id)
                values = {
                    labels[field_id]: str(field.get("value") or "")
                    for field_id, field in fields.items()
                    if field_id in labels and isinstance(field, dict)
                }
        except (SlackApiError, OSError, HTTPException, NotInstalledError, ValueError) as error:
            log.info(
                "Slack profile look-up failed (%s): the form opens empty", type(error).__name__
            )
            return None
        title = profile.get("title")
        return SlackProfileFacts(title=str(title) if isinstance(title, str) else "", custom=values)

    def _field_labels(self, client: WebClient, team_id: str) -> dict[str, str]:
        now = time.monotonic()
        with self._lock:
            cached = self._labels.get(team_id)
        if cached is not None and now - cached[0] < LABELS_TTL:
            return cached[1]
        answer: Any = client.team_profile_get().get("profile") or {}
        labels = {
            str(field["id"]): str(field.get("label") or "")
            for field in answer.get("fields") or []
            if isinstance(field, dict) and field.get("id")
        }
        with self._lock:
            if len(self._labels) > MAX_WORKSPACES:
                self._labels.clear()
            self._labels[team_id] = (now, labels)
        return labels
