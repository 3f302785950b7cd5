"""Which language people and channels read the app in (migration 0016)."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


class PersonLanguageRow(Base):
    """The language one person chose ("en" or "cy"), with or without a profile. No row: English.
    `/whoswho forget` deletes it and the data export shows it."""

    __tablename__ = "person_languages"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
