"""Whether an in-doubt post reached Slack: read the conversation's history around the attempts
for the post's id in its metadata (see handlers.slack.outbox).

History limits: Slack allows an app distributed outside the Slack Marketplace one
conversations.history call a minute per workspace, 15 messages a page; other apps (one
workspace's own, or listed in the Marketplace) about 50 calls a minute, up to 200 messages a
page. The check works under both: it reads only the window the attempts could have posted in
(`oldest`, and `latest` when there was one attempt), asks for pages of HISTORY_PAGE (the
limited regime gives 15), and when Slack says wait (429) the message waits, in doubt, never
sent meanwhile. Where a check stopped (429, or HISTORY_PAGES read) is remembered, so the next
check reads on from there and a long conversation is read through, never again from the top.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from bot.domain.outbox import Delivered, Failed, OutboxMessage, Outcome, RetryLater
from handlers.slack.outbox_base import HISTORY, MISSING_SCOPE, OUTBOX_EVENT_TYPE, call_slack

if TYPE_CHECKING:
    from collections.abc import Mapping

    from slack_sdk import WebClient

    from bot.clock import Clock

log = logging.getLogger("handlers.slack.outbox")  # its logs read as the dispatcher's, as before

HISTORY_PAGE = 200  # messages asked for a page (Slack gives 15 to apps outside the Marketplace)
HISTORY_PAGES = 3  # pages one in-doubt check reads before it carries on at a later tick
HISTORY_MARGIN = timedelta(minutes=10)  # our clock against Slack's, and an attempt's length
HISTORY_CARRY_ON = 1.0  # seconds before a check that read HISTORY_PAGES pages reads on
CHECKS_KEPT = 10_000  # checks under way remembered at once (the oldest forgotten first)


def _timestamp(moment: datetime) -> str:
    return f"{max(moment.timestamp(), 0.0):.6f}"


def _earliest(stamps: list[str]) -> str | None:
    """The earliest of Slack message timestamps (compared exactly, not as floats)."""
    try:
        return min(stamps, key=Decimal) if stamps else None
    except InvalidOperation:
        return None


def identity_of(message: OutboxMessage, arguments: Mapping[str, Any]) -> tuple[str, str, str]:
    """How the message is recognised in Slack: (event type, payload key, value)."""
    metadata = arguments.get("metadata")
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    if isinstance(metadata, dict) and isinstance(payload, dict) and payload.get("post_id"):
        return str(metadata.get("event_type")), "post_id", str(payload["post_id"])
    return OUTBOX_EVENT_TYPE, "outbox_id", str(message.id)


@dataclass(frozen=True, slots=True)
class _Window:
    """What an in-doubt check has still to read: messages after `oldest` and before
    `latest` (None: up to now), newest first. Both are Slack timestamps."""

    oldest: str
    latest: str | None


def _window(message: OutboxMessage) -> _Window:
    """The messages an earlier attempt may have posted: from the first attempt (less the
    margin) to the last one (plus the margin) when only one was made before this one; up to
    now otherwise."""
    since = message.first_attempt_at
    if since is None:
        return _Window("0", None)
    latest = _timestamp(since + HISTORY_MARGIN) if message.attempts <= 2 else None
    return _Window(_timestamp(since - HISTORY_MARGIN), latest)


class HistoryCheck:
    """Looks for earlier attempts of in-doubt posts, remembering per process where each check
    stopped, each person's DM, and until when Slack said to wait before reading history."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock
        # (team id, user id) -> their DM's conversation id
        self._dm_channels: dict[tuple[str, str], str] = {}
        # outbox id -> what its in-doubt check has still to read, where one stopped
        self._checks: dict[int, _Window] = {}
        # team id -> until when Slack said to wait before reading history again
        self._history_held: dict[str, datetime] = {}

    def _now(self) -> datetime:
        return self._clock.now() if self._clock is not None else datetime.now(UTC)

    def remember_dm(self, team_id: str, user_id: str, channel: str) -> None:
        """A post to `user_id` went to their DM `channel`."""
        self._dm_channels[(team_id, user_id)] = channel

    def conversation(self, client: WebClient, team_id: str, channel: str) -> str | Outcome:
        """The conversation id to read history from: a user id means their DM with the app."""
        if channel[:1] not in {"U", "W"}:
            return channel
        known = self._dm_channels.get((team_id, channel))
        if known:
            return known
        answer = call_slack(client, "conversations.open", in_doubt=True, users=channel)
        if not isinstance(answer, dict):
            return answer
        found = str((answer.get("channel") or {}).get("id") or "")
        if not found:
            return Failed("conversations.open gave no channel")
        self._dm_channels[(team_id, channel)] = found
        return found

    def find_earlier(
        self, client: WebClient, message: OutboxMessage, arguments: Mapping[str, Any]
    ) -> Outcome | None:
        """Delivered (found) if an earlier attempt's message is in the conversation; None if
        it is not, or cannot be checked; RetryLater if the check must wait."""
        channel = str(arguments.get("channel", ""))
        conversation = self.conversation(client, message.team_id, channel)
        if isinstance(conversation, str):
            identity = identity_of(message, arguments)
            outcome = self._search_history(client, message, conversation, identity)
        else:
            outcome = conversation
        if isinstance(outcome, Failed):
            if outcome.reason.startswith(MISSING_SCOPE):
                # Installed before the app asked for the scope. Holding the message back
                # could lose it; sending it again may show it twice, until an admin reinstalls.
                log.warning(
                    "outbox cannot check an in-doubt message id=%s in workspace %s: the app "
                    "was not granted a scope it needs there (%s); sending it again, so it may "
                    "arrive twice. A workspace admin should reinstall the app to grant it.",
                    message.id,
                    message.team_id,
                    outcome.reason,
                )
                return None
            log.warning(
                "outbox cannot check an in-doubt message id=%s (%s); sending it again",
                message.id,
                outcome.reason,
            )
            return None
        return outcome

    def _search_history(
        self,
        client: WebClient,
        message: OutboxMessage,
        conversation: str,
        identity: tuple[str, str, str],
    ) -> Outcome | None:
        """Read the window an earlier attempt may have posted in, newest first, from where an
        earlier check stopped. Delivered (found), None (not there), or RetryLater: Slack said
        wait (the message waits, in doubt), or HISTORY_PAGES were read (it reads on later)."""
        window = self._checks.pop(message.id, None) or _window(message)
        held = self._history_held.get(message.team_id)
        now = self._now()
        if held is not None and held > now:  # Slack said wait: do not ask before it is over
            self._remember(message.id, window)
            return RetryLater(
                f"rate limited ({HISTORY})",
                HISTORY,
                after_seconds=(held - now).total_seconds(),
                throttled=True,
                maybe_delivered=True,
            )
        event_type, key, value = identity
        for _ in range(HISTORY_PAGES):
            page: dict[str, Any] = {
                "channel": conversation,
                "oldest": window.oldest,
                "include_all_metadata": True,
                "limit": HISTORY_PAGE,
            }
            if window.latest is not None:
                page["latest"] = window.latest
            answer = call_slack(client, HISTORY, in_doubt=True, **page)
            if not isinstance(answer, dict):
                if isinstance(answer, RetryLater):
                    self._remember(message.id, window)
                    if answer.throttled:
                        wait = timedelta(seconds=answer.after_seconds or 1.0)
                        self._history_held[message.team_id] = self._now() + wait
                return answer
            items = answer.get("messages") or []
            for item in items:
                metadata = item.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == event_type and str(payload.get(key)) == value:
                    return Delivered(f"{conversation}:{item.get('ts', '')}", found=True)
            earliest = _earliest([str(item["ts"]) for item in items if item.get("ts")])
            if not answer.get("has_more") or earliest is None:
                return None
            window = _Window(window.oldest, earliest)  # read on, before the oldest read
        self._remember(message.id, window)
        log.info("outbox in-doubt check read %d pages; reads on later", HISTORY_PAGES)
        return RetryLater(
            "in-doubt check under way (a long conversation)",
            HISTORY,
            after_seconds=HISTORY_CARRY_ON,
            throttled=True,
            maybe_delivered=True,
        )

    def _remember(self, message_id: int, window: _Window) -> None:
        self._checks[message_id] = window
        while len(self._checks) > CHECKS_KEPT:
            self._checks.pop(next(iter(self._checks)))
