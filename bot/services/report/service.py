"""The impact report's use case: read a period's facts, then add them up."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

from bot.domain.growth import monday
from bot.services.report.aggregate import (
    DEFAULT_ANNUAL_TARGET,
    Breakdown,
    ImpactReport,
    build_report,
    period_bounds,
)
from bot.services.report.growth import build_growth

if TYPE_CHECKING:
    from datetime import date

    from bot.clock import Clock
    from bot.domain.places import Gazetteer
    from bot.domain.ports import UnitOfWorkFactory


class ReportService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        annual_target: int = DEFAULT_ANNUAL_TARGET,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        """`gazetteer` places profiles in their regions for the growth figures (without it,
        profiles count under no region)."""
        self._uow = uow_factory
        self._clock = clock
        self._target = annual_target
        self._places = gazetteer

    def impact(
        self,
        *,
        since: date,
        until: date | None = None,
        by: Breakdown | None = None,
        team_id: str | None = None,
    ) -> ImpactReport:
        """The report for the UTC days `since` to `until` (included; default today), of one
        workspace or (None) every workspace in the database."""
        now = self._clock.now()
        until = until or now.astimezone(UTC).date()
        if until < since:
            raise ValueError("the report's end comes before its start")
        start, end = period_bounds(since, until)
        happened = min(end, now)  # an event counts once it has ended
        with self._uow() as uow:
            repo = uow.feedback
            events = (
                repo.report_events(team_id, start=start, end=happened) if happened > start else []
            )
            groups = repo.report_groups(team_id, start=start, end=end)
            meetings = repo.report_meetings(team_id, start=start, end=end)
            prompts = repo.report_prompts(team_id, start=start, end=end)
            organisations = repo.report_organisations(team_id)
            profiles = repo.report_profiles(team_id, start=start, end=end)
            searches = repo.report_searches(team_id, first_week=monday(since), last_day=until)
            welcomes = repo.report_welcomes(team_id, start=start, end=end)
            speed_connect = uow.speed_connect.report_groups(team_id, start=start, end=end)
        growth = build_growth(
            since=since,
            until=until,
            start=start,
            end=end,
            profiles=profiles,
            searches=searches,
            welcomes=welcomes,
            groups=groups,
            region_of_place=self._region_of_place,
            speed_connect=speed_connect,
        )
        return build_report(
            since=since,
            until=until,
            by=by,
            team_id=team_id,
            events=events,
            groups=groups,
            meetings=meetings,
            prompts=prompts,
            organisations=organisations,
            annual_target=self._target,
            generated_at=now,
            growth=growth,
            speed_connect=speed_connect,
        )

    def _region_of_place(self, place_id: int) -> str | None:
        place = self._places.get(place_id) if self._places is not None else None
        return place.region_code if place is not None else None
