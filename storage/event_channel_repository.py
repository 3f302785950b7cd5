"""Where events are announced: each event's posts (to update as it changes) and the channels
linked to regions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update

from bot.domain.events import Announcement, ChannelLink
from storage.models import AnnouncementRow, ChannelLinkRow
from storage.sql import SessionRepository

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime


class SqlAlchemyEventChannelRepository(SessionRepository):
    def add_announcement(self, team_id: str, event_id: int, channel_id: str, ts: str) -> None:
        statement = self._insert(AnnouncementRow).values(
            team_id=team_id, event_id=event_id, channel_id=channel_id, ts=ts, moved=False
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["event_id", "channel_id"],
                set_={"ts": statement.excluded.ts, "moved": False},
            )
        )

    def announcements(self, event_id: int) -> list[Announcement]:
        rows = self._session.scalars(
            select(AnnouncementRow)
            .where(AnnouncementRow.event_id == event_id)
            .order_by(AnnouncementRow.id)
        )
        return [Announcement(row.event_id, row.channel_id, row.ts, row.moved) for row in rows]

    def set_announcements_moved(
        self, event_id: int, channel_ids: Sequence[str], *, moved: bool
    ) -> None:
        if not channel_ids:
            return
        self._session.execute(
            update(AnnouncementRow)
            .where(
                AnnouncementRow.event_id == event_id,
                AnnouncementRow.channel_id.in_(list(channel_ids)),
            )
            .values(moved=moved)
            .execution_options(synchronize_session=False)
        )

    def link_channel(
        self, team_id: str, channel_id: str, region_code: str, user_id: str, *, now: datetime
    ) -> bool:
        chosen, _ = self.channel_language(team_id, channel_id)  # a new link takes the channel's
        statement = self._insert(ChannelLinkRow).values(
            team_id=team_id,
            channel_id=channel_id,
            region_code=region_code,
            linked_by=user_id,
            created_at=now,
            language=chosen,
        )
        result = self._session.execute(
            statement.on_conflict_do_nothing(
                index_elements=["team_id", "channel_id", "region_code"]
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def unlink_channel(self, team_id: str, channel_id: str) -> list[str]:
        codes = self._channel_regions(team_id, channel_id)
        self._session.execute(
            delete(ChannelLinkRow).where(
                ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id
            )
        )
        return codes

    def channel_links(self, team_id: str) -> list[ChannelLink]:
        rows = self._session.scalars(
            select(ChannelLinkRow)
            .where(ChannelLinkRow.team_id == team_id)
            .order_by(ChannelLinkRow.region_code, ChannelLinkRow.created_at, ChannelLinkRow.id)
        )
        return [
            ChannelLink(
                row.team_id,
                row.channel_id,
                row.region_code,
                row.linked_by,
                row.created_at,
                row.language,
            )
            for row in rows
        ]

    def set_channel_language(
        self, team_id: str, channel_id: str, language: str | None
    ) -> list[str]:
        codes = self._channel_regions(team_id, channel_id)
        if codes:
            self._session.execute(
                update(ChannelLinkRow)
                .where(ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id)
                .values(language=language)
                .execution_options(synchronize_session=False)
            )
        return codes

    def channel_language(self, team_id: str, channel_id: str) -> tuple[str | None, list[str]]:
        rows = self._session.execute(
            select(ChannelLinkRow.region_code, ChannelLinkRow.language)
            .where(ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id)
            .order_by(ChannelLinkRow.created_at, ChannelLinkRow.id)
        ).all()
        chosen = next((row.language for row in rows if row.language), None)
        return chosen, [row.region_code for row in rows]

    def _channel_regions(self, team_id: str, channel_id: str) -> list[str]:
        return list(
            self._session.scalars(
                select(ChannelLinkRow.region_code).where(
                    ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id
                )
            )
        )

    def channels_for_region(self, team_id: str, region_code: str) -> list[str]:
        return list(
            self._session.scalars(
                select(ChannelLinkRow.channel_id)
                .where(ChannelLinkRow.team_id == team_id, ChannelLinkRow.region_code == region_code)
                .order_by(ChannelLinkRow.created_at, ChannelLinkRow.id)
            )
        )
