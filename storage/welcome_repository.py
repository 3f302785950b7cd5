"""Welcomes: the once-ever record per person per workspace, and each linked channel's switch
(kept on its links: `channel_links.welcomes`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update

from bot.domain.welcomes import ChannelWelcomes, WelcomeRecord
from storage.models import ChannelLinkRow, WelcomeRow
from storage.sql import SessionRepository

if TYPE_CHECKING:
    from datetime import datetime


def _record(row: WelcomeRow) -> WelcomeRecord:
    return WelcomeRecord(
        team_id=row.team_id,
        user_id=row.user_id,
        channel_id=row.channel_id,
        welcomed_at=row.welcomed_at,
        sent_at=row.sent_at,
        declined=row.declined,
        declined_at=row.declined_at,
    )


class SqlAlchemyWelcomeRepository(SessionRepository):
    def channel(self, team_id: str, channel_id: str) -> ChannelWelcomes:
        rows = self._session.execute(
            select(ChannelLinkRow.region_code, ChannelLinkRow.welcomes)
            .where(ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id)
            .order_by(ChannelLinkRow.created_at, ChannelLinkRow.id)
        ).all()
        # Off on any of its links is off: a region linked after `/event welcomes off` does
        # not switch them back on.
        return ChannelWelcomes(
            regions=tuple(str(code) for code, _ in rows), on=all(bool(on) for _, on in rows)
        )

    def set_channel_welcomes(self, team_id: str, channel_id: str, *, on: bool) -> int:
        result = self._session.execute(
            update(ChannelLinkRow)
            .where(ChannelLinkRow.team_id == team_id, ChannelLinkRow.channel_id == channel_id)
            .values(welcomes=on)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def add(self, team_id: str, user_id: str, channel_id: str, *, now: datetime) -> bool:
        statement = (
            self._insert(WelcomeRow)
            .values(
                team_id=team_id,
                user_id=user_id,
                channel_id=channel_id,
                welcomed_at=now,
                declined=False,
            )
            .on_conflict_do_nothing(index_elements=["team_id", "user_id"])
        )
        return self._inserted(statement, WelcomeRow.id)

    def get(self, team_id: str, user_id: str) -> WelcomeRecord | None:
        row = self._session.scalar(
            select(WelcomeRow).where(WelcomeRow.team_id == team_id, WelcomeRow.user_id == user_id)
        )
        return _record(row) if row is not None else None

    def decline(self, team_id: str, user_id: str, *, now: datetime) -> None:
        statement = self._insert(WelcomeRow).values(
            team_id=team_id,
            user_id=user_id,
            channel_id="",
            welcomed_at=now,
            declined=True,
            declined_at=now,
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["team_id", "user_id"],
                set_={"declined": True, "declined_at": now},
                where=WelcomeRow.declined.is_(False),
            )
        )

    def mark_sent(self, team_id: str, user_id: str, *, now: datetime) -> None:
        self._session.execute(
            update(WelcomeRow)
            .where(
                WelcomeRow.team_id == team_id,
                WelcomeRow.user_id == user_id,
                WelcomeRow.sent_at.is_(None),
            )
            .values(sent_at=now)
            .execution_options(synchronize_session=False)
        )

    def erase_person(self, team_id: str, user_id: str) -> int:
        result = self._session.execute(
            delete(WelcomeRow).where(WelcomeRow.team_id == team_id, WelcomeRow.user_id == user_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
