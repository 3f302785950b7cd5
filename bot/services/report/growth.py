"""Growth in the impact report, week by week and by region (pure: no database, no clock).

- Profiles created in the week; profiles *confirmed*: saved again or said to be still right
  (the yearly check), after the day they were created. Only the latest confirmation of each
  profile is kept, so it counts in the week of its latest one.
- Searches typed in the directory, and the share that found someone (a search whose place was
  not understood, or that lies in no one region, counts under no region).
- Welcomes sent in linked channels, by the region of the channel, and how many of the people
  welcomed created a profile after their welcome.
- Introductions: each mentoring group formed is introduced in its own conversation.
- Speed Connect: the pairs and trios formed among an event's attendees who opted in, by the
  event's region, each introduced in its own group DM.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.growth import monday, weeks_between
from bot.domain.regions import REGIONS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from datetime import date, datetime

    from bot.domain.feedback import Gathering
    from bot.domain.growth import ProfileFact, SearchTally, WelcomeFact

NO_REGION = "Online or no region"
TOTAL = "Total"


@dataclass(frozen=True, slots=True)
class GrowthRow:
    label: str
    profiles_created: int = 0
    profiles_confirmed: int = 0
    searches: int = 0
    searches_found: int = 0
    welcomes: int = 0
    welcomes_joined: int = 0  # of those welcomed, how many created a profile after
    introductions: int = 0
    speed_connect_groups: int = 0

    @property
    def found_share(self) -> float | None:
        return self.searches_found / self.searches if self.searches else None

    @property
    def joined_share(self) -> float | None:
        return self.welcomes_joined / self.welcomes if self.welcomes else None

    @property
    def empty(self) -> bool:
        return not (
            self.profiles_created
            or self.profiles_confirmed
            or self.searches
            or self.welcomes
            or self.introductions
            or self.speed_connect_groups
        )


@dataclass(frozen=True, slots=True)
class Growth:
    weeks: tuple[GrowthRow, ...]  # every week of the period, labelled by its Monday
    regions: tuple[GrowthRow, ...]  # every region and nation, then "no region" if any
    total: GrowthRow

    def week(self, label: str) -> GrowthRow | None:
        return next((row for row in self.weeks if row.label == label), None)

    def region(self, label: str) -> GrowthRow | None:
        return next((row for row in self.regions if row.label == label), None)


@dataclass
class _Tally:
    profiles_created: int = 0
    profiles_confirmed: int = 0
    searches: int = 0
    searches_found: int = 0
    welcomes: int = 0
    welcomes_joined: int = 0
    introductions: int = 0
    speed_connect_groups: int = 0

    def frozen(self, label: str) -> GrowthRow:
        return GrowthRow(
            label,
            self.profiles_created,
            self.profiles_confirmed,
            self.searches,
            self.searches_found,
            self.welcomes,
            self.welcomes_joined,
            self.introductions,
            self.speed_connect_groups,
        )


def week_label(moment: datetime | date) -> str:
    """A week as the report names it: its Monday, e.g. "2026-03-02"."""
    return monday(moment).isoformat()


def build_growth(
    *,
    since: date,
    until: date,
    start: datetime,
    end: datetime,
    profiles: Sequence[ProfileFact],
    searches: Sequence[SearchTally],
    welcomes: Sequence[WelcomeFact],
    groups: Sequence[Gathering],
    region_of_place: Callable[[int], str | None],
    speed_connect: Sequence[Gathering] = (),
) -> Growth:
    """Add up a period's growth facts by week and by region (`start` and `end` bound the
    period in UTC)."""
    names: Mapping[str, str] = {region.code: region.name for region in REGIONS}
    weeks: defaultdict[str, _Tally] = defaultdict(_Tally)
    regions: defaultdict[str, _Tally] = defaultdict(_Tally)
    total = _Tally()

    def add(at: datetime | date, code: str | None, apply: Callable[[_Tally], None]) -> None:
        for tally in (weeks[week_label(at)], regions[names.get(code or "", NO_REGION)], total):
            apply(tally)

    def inside(moment: datetime) -> bool:
        return start <= moment < end

    for profile in profiles:
        code = region_of_place(profile.place_id)
        if inside(profile.created_at):

            def created(tally: _Tally) -> None:
                tally.profiles_created += 1

            add(profile.created_at, code, created)
        if inside(profile.confirmed_at) and profile.confirmed_at.date() > profile.created_at.date():

            def confirmed(tally: _Tally) -> None:
                tally.profiles_confirmed += 1

            add(profile.confirmed_at, code, confirmed)
    for tally_row in searches:

        def searched(tally: _Tally, row: SearchTally = tally_row) -> None:
            tally.searches += row.searches
            tally.searches_found += row.found

        add(tally_row.week, tally_row.region_code, searched)
    for welcome in welcomes:
        if not inside(welcome.welcomed_at):
            continue

        def welcomed(tally: _Tally, joined: int = int(welcome.joined)) -> None:
            tally.welcomes += 1
            tally.welcomes_joined += joined

        add(welcome.welcomed_at, welcome.region_code, welcomed)
    for group in groups:

        def introduced(tally: _Tally) -> None:
            tally.introductions += 1

        add(group.at, group.region_code, introduced)
    for pair in speed_connect:

        def paired(tally: _Tally) -> None:
            tally.speed_connect_groups += 1

        add(pair.at, pair.region_code, paired)
    labels = [week.isoformat() for week in weeks_between(since, until)]
    order = [*names.values(), NO_REGION]
    return Growth(
        weeks=tuple((weeks.get(label) or _Tally()).frozen(label) for label in labels),
        regions=tuple(
            (regions.get(label) or _Tally()).frozen(label)
            for label in order
            if label != NO_REGION or label in regions
        ),
        total=total.frozen(TOTAL),
    )
