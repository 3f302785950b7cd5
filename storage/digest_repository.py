"""The weekly regional digest's reads (channels whose digest is on, the people who joined and
agreed to be announced, the directory's head counts) and the directory's weekly search tallies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, update

from bot.domain.ports_digest import DigestChannel, JoinedProfile
from storage.models import ChannelLinkRow, ProfilePlaceCountRow, ProfileRow, WeeklySearchesRow
from storage.sql import SessionRepository

if TYPE_CHECKING:
    from datetime import date, datetime


class SqlAlchemyDigestRepository(SessionRepository):
    def digest_channels(
        self, team_id: str | None = None, channel_id: str | None = None
    ) -> list[DigestChannel]:
        query = select(
            ChannelLinkRow.team_id, ChannelLinkRow.channel_id, ChannelLinkRow.region_code
        ).where(ChannelLinkRow.digest.is_(True))
        if team_id is not None:
            query = query.where(ChannelLinkRow.team_id == team_id)
        if channel_id is not None:
            query = query.where(ChannelLinkRow.channel_id == channel_id)
        rows = self._session.execute(
            query.order_by(
                ChannelLinkRow.team_id,
                ChannelLinkRow.channel_id,
                ChannelLinkRow.created_at,
                ChannelLinkRow.id,
            )
        )
        channels: dict[tuple[str, str], list[str]] = {}
        for team, channel, region in rows:
            channels.setdefault((str(team), str(channel)), []).append(str(region))
        return [
            DigestChannel(team, channel, tuple(regions))
            for (team, channel), regions in channels.items()
        ]

    def set_digest(self, team_id: str, channel_id: str, *, on: bool) -> list[str]:
        where = (ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id)
        self._session.execute(
            update(ChannelLinkRow)
            .where(*where)
            .values(digest=on)
            .execution_options(synchronize_session=False)
        )
        return list(
            self._session.scalars(
                select(ChannelLinkRow.region_code)
                .where(*where)
                .order_by(ChannelLinkRow.created_at, ChannelLinkRow.id)
            )
        )

    def announced_joiners(
        self, team_id: str, *, since: datetime, until: datetime
    ) -> list[JoinedProfile]:
        rows = self._session.execute(
            select(
                ProfileRow.user_id,
                ProfileRow.place_id,
                ProfileRow.job_title,
                ProfileRow.organisation,
                ProfileRow.created_at,
            )
            .where(
                ProfileRow.team_id == team_id,
                ProfileRow.created_at >= since,
                ProfileRow.created_at < until,
                ProfileRow.visible.is_(True),
                ProfileRow.active.is_(True),
                ProfileRow.announce_in_digest.is_(True),
            )
            .order_by(ProfileRow.created_at, ProfileRow.id)
        )
        return [
            JoinedProfile(str(user), int(place), str(title), str(org), created)
            for user, place, title, org, created in rows
        ]

    def people_by_place(self, team_id: str) -> dict[int, int]:
        rows = self._session.execute(
            select(ProfilePlaceCountRow.place_id, ProfilePlaceCountRow.people).where(
                ProfilePlaceCountRow.team_id == team_id, ProfilePlaceCountRow.people > 0
            )
        )
        return {int(place): int(people) for place, people in rows}

    def count_search(self, team_id: str, week: date, region_code: str, *, found: bool) -> None:
        statement = self._insert(WeeklySearchesRow).values(
            team_id=team_id, week_start=week, region_code=region_code, searches=1, found=int(found)
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["team_id", "week_start", "region_code"],
                set_={
                    "searches": WeeklySearchesRow.searches + 1,
                    "found": WeeklySearchesRow.found + int(found),
                },
            )
        )
