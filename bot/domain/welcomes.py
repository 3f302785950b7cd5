"""Welcomes in channels linked to a region: who may be welcomed, and the record that makes it
once per person per workspace, ever.

Someone joins a channel linked to a region (`/event link`): they get one short, private
welcome. The record is written with the welcome's outbox row, in one transaction, under a
unique (workspace, person): whatever the number of channels, joins or replicas, nobody is
welcomed twice. "Don't welcome me again" marks the same record declined; a person with a
record is never welcomed again anywhere in the workspace. `/whoswho forget` erases it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

# The outbox kind of a welcome DM; payload {"user": the person, "channel": the channel joined}.
WELCOME = "directory.welcome"
# Slack's own system users, never welcomed (the app itself is told apart by its bot user id).
SYSTEM_USERS = frozenset({"USLACKBOT"})
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")


def welcome_key(user_id: str) -> str:
    """The welcome's outbox key: one per person, as the record is."""
    return f"welcome:{user_id}"


def welcomable(user_id: str, *, app_user_id: str | None, is_bot: bool = False) -> bool:
    """Whether someone who joined a channel may be welcomed at all: a person's user id, not
    the app itself, a bot or one of Slack's system users."""
    if is_bot or not _USER_ID.fullmatch(user_id or ""):
        return False
    return user_id not in SYSTEM_USERS and user_id != app_user_id


@dataclass(frozen=True, slots=True)
class WelcomeRecord:
    """The once-ever record of a person's welcome in a workspace (times in UTC)."""

    team_id: str
    user_id: str
    channel_id: str  # the channel whose joining decided it ("" if declined before any)
    welcomed_at: datetime
    sent_at: datetime | None
    declined: bool
    declined_at: datetime | None


@dataclass(frozen=True, slots=True)
class ChannelWelcomes:
    """A channel as welcomes see it: the regions it is linked to, and whether organisers
    left its welcomes on."""

    regions: tuple[str, ...]
    on: bool

    @property
    def welcomes(self) -> bool:
        return bool(self.regions) and self.on


class WelcomeRepository(Protocol):
    def channel(self, team_id: str, channel_id: str) -> ChannelWelcomes: ...

    def set_channel_welcomes(self, team_id: str, channel_id: str, *, on: bool) -> int:
        """Switch the channel's welcomes on or off on each of its links; how many links."""
        ...

    def add(self, team_id: str, user_id: str, channel_id: str, *, now: datetime) -> bool:
        """Write the person's record unless they have one; whether it was written."""
        ...

    def get(self, team_id: str, user_id: str) -> WelcomeRecord | None: ...

    def decline(self, team_id: str, user_id: str, *, now: datetime) -> None:
        """Mark the person's record declined (writing one if there is none)."""
        ...

    def mark_sent(self, team_id: str, user_id: str, *, now: datetime) -> None: ...

    def erase_person(self, team_id: str, user_id: str) -> int: ...
