"""Growth in the impact report and the weekly digest: the directory's searches, counted as
they happen because nothing else keeps them, and the index that finds who joined lately."""

from datetime import date

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.people import ProfileRow

# The profiles created in a period, of one workspace: who joined this week (the weekly digest)
# and the report's growth read these, not every profile.
Index("ix_profiles_team_created", ProfileRow.team_id, ProfileRow.created_at)


class WeeklySearchesRow(Base):
    """Directory searches in a region in a week (from Monday, UTC), and how many found someone.

    Counts only: no person, no words typed, no place finer than a region. A search whose
    place was not understood counts under no region (an empty `region_code`)."""

    __tablename__ = "weekly_searches"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    searches: Mapped[int] = mapped_column(Integer, default=0)
    found: Mapped[int] = mapped_column(Integer, default=0)
