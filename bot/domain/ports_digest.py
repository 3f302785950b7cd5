"""The weekly digest's and the search tallies' port (see bot.domain.ports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class DigestChannel:
    """A channel that gets the weekly digest, with the regions it is linked to."""

    team_id: str
    channel_id: str
    region_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class JoinedProfile:
    """A profile created in the digest's week whose person agreed to be announced."""

    user_id: str
    place_id: int
    job_title: str
    organisation: str
    created_at: datetime


class DigestRepository(Protocol):
    def digest_channels(
        self, team_id: str | None = None, channel_id: str | None = None
    ) -> list[DigestChannel]:
        """Linked channels whose digest is on (of one workspace, or every one), each once,
        with all its regions."""

    def set_digest(self, team_id: str, channel_id: str, *, on: bool) -> list[str]:
        """Turn the channel's digest on or off on every region's link; the regions' codes
        (none: the channel is not linked)."""

    def announced_joiners(
        self, team_id: str, *, since: datetime, until: datetime
    ) -> list[JoinedProfile]:
        """Profiles created in [since, until), visible and active, whose person agreed to be
        announced in the digest, oldest first."""

    def people_by_place(self, team_id: str) -> dict[int, int]:
        """Visible and active profiles at each place (the directory's own tallies)."""

    def count_search(self, team_id: str, week: date, region_code: str, *, found: bool) -> None:
        """Add one search (and whether it found anyone) to the region's tally for the week."""
