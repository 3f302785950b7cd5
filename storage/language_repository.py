"""The languages people chose (`person_languages`) and what each linked channel's links say
(`channel_links.language`, `channel_links.region_code`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from bot.domain.languages import LanguageChoice
from storage.models import PersonLanguageRow
from storage.sql import SessionRepository, chunks

if TYPE_CHECKING:
    from collections.abc import Collection
    from datetime import datetime


class SqlAlchemyLanguageRepository(SessionRepository):
    def get(self, team_id: str, user_id: str) -> str | None:
        row = self._session.get(PersonLanguageRow, (team_id, user_id))
        return row.language if row is not None else None

    def choice(self, team_id: str, user_id: str) -> LanguageChoice | None:
        row = self._session.get(PersonLanguageRow, (team_id, user_id))
        return LanguageChoice(row.language, row.updated_at) if row is not None else None

    def get_many(self, team_id: str, user_ids: Collection[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in chunks(set(user_ids)):
            rows = self._session.execute(
                select(PersonLanguageRow.user_id, PersonLanguageRow.language).where(
                    PersonLanguageRow.team_id == team_id, PersonLanguageRow.user_id.in_(chunk)
                )
            )
            found.update({str(user): str(language) for user, language in rows})
        return found

    def set(self, team_id: str, user_id: str, language: str, *, now: datetime) -> None:
        statement = self._insert(PersonLanguageRow).values(
            team_id=team_id, user_id=user_id, language=language, updated_at=now
        )
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["team_id", "user_id"],
                set_={"language": statement.excluded.language, "updated_at": now},
            )
        )

    def erase(self, team_id: str, user_id: str) -> int:
        result = self._session.execute(
            delete(PersonLanguageRow).where(
                PersonLanguageRow.team_id == team_id, PersonLanguageRow.user_id == user_id
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
