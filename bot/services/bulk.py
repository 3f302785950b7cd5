"""Bulk import and export of profiles (an organiser's existing spreadsheet, and back).

Import columns (a header row; names are case-insensitive, unknown columns are ignored):

| column | required | meaning |
|---|---|---|
| slack_user_id | one of the two | the person's Slack user id (U…) |
| email | one of the two | the person's email address in Slack |
| place | yes | town or city of work, as `/whoswho` reads it (see below) |
| organisation | yes | department or body |
| job_title | yes | job title |
| profession | no | a government profession, as listed in the profile form (any case) |
| grade | no | a grade code (heo, g7…) or its label |
| can_help, want_to_learn | no | topics separated by commas |
| languages | no | languages separated by semicolons, as listed in the profile form |
| open_to | no | coffee, mentor_others, be_mentored, job_shadowing, speaking; semicolons between |

The place is read as `/whoswho` reads one: any UK spelling, Welsh, Gaelic and Irish names,
short names ("Brum"), a county or area after the name to say which ("Leeds, West Yorkshire",
"Newport, Isle of Wight"), or a government site, stored as the town it is in ("Quarry House"
is Leeds). A county, council area, region or postcode names no single town, so it is refused
(an area holding only one town the app knows is read as that town, with a note).

Every row is checked on its own: a bad row is reported with its reasons and the rest go on.
Rows with nothing in them (a spreadsheet's trailing blank rows) are passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.domain.errors import InvalidInputError
from bot.domain.people import MAX_TOPICS, ProfileDraft, tidy_draft
from bot.domain.reference import GRADE_LABELS, GRADES, LANGUAGES, PROFESSIONS, OpenTo
from bot.services.place_scope import NoPlace, PlaceScope, read_scope

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from bot.domain.places import Gazetteer, Place
    from bot.domain.ports import PeopleLookup, UnitOfWorkFactory
    from bot.services.directory import DirectoryService

EXPORT_COLUMNS = (
    "slack_user_id",
    "place",
    "region",
    "organisation",
    "job_title",
    "profession",
    "grade",
    "can_help",
    "want_to_learn",
    "languages",
    "open_to",
    "visible",
    "updated_at",
)

IDENTITY_COLUMNS = ("slack_user_id", "email")
REQUIRED_COLUMNS = ("place", "organisation", "job_title")

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LISTS = re.compile(r"[;|\n]+")

FIELD_WORDS = {
    "place": "place",
    "organisation": "organisation",
    "job_title": "job title",
    "profession": "profession",
    "grade": "grade",
    "languages": "languages",
    "open_to": "open to",
    "can_help": "can help with",
    "want_to_learn": "want to learn",
}


@dataclass(frozen=True, slots=True)
class RowOutcome:
    row: int  # the spreadsheet's row number (the header is row 1)
    user_id: str | None
    saved: bool
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class ImportReport:
    outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return sum(1 for item in self.outcomes if item.saved)

    @property
    def rejected(self) -> int:
        return sum(1 for item in self.outcomes if not item.saved)


UNKNOWN_PLACE = "is not a UK town or city we know"


def _not_a_place(unknown: NoPlace) -> str:
    if unknown.outside_uk:
        return "is not in the UK: give the UK town you work in"
    if unknown.suggestions:
        return f"{UNKNOWN_PLACE} (did you mean {', '.join(unknown.suggestions[:3])}?)"
    return UNKNOWN_PLACE


def missing_columns(header: Iterable[str | None]) -> list[str]:
    """The columns an import needs that a header row lacks; empty when it has them all."""
    names = {str(name).strip().casefold() for name in header if name}
    missing = [] if names & set(IDENTITY_COLUMNS) else [" or ".join(IDENTITY_COLUMNS)]
    return missing + [name for name in REQUIRED_COLUMNS if name not in names]


def _split(value: str) -> list[str]:
    return [part.strip() for part in _LISTS.split(value) if part.strip()]


def _grade(value: str) -> str | None:
    wanted = value.strip().casefold()
    if not wanted:
        return None
    for code, label in GRADES:
        if wanted in {code, label.casefold()}:
            return code
    return value.strip()  # unknown: tidy_draft reports it


def _languages(value: str) -> tuple[str, ...]:
    by_word = {name.casefold(): name for name in LANGUAGES}
    by_word |= {name.split(" (")[0].casefold(): name for name in LANGUAGES}
    by_word |= {
        name.split(" (")[1].rstrip(")").casefold(): name for name in LANGUAGES if " (" in name
    }
    return tuple(by_word.get(item.casefold(), item) for item in _split(value))


def _field_problem(name: str, code: str, row: dict[str, str]) -> str:
    """One sentence about one field tidy_draft refused, naming what was given."""
    word = FIELD_WORDS.get(name, name)
    if code.endswith("_missing"):
        return f"{word} is missing"
    given = row.get(name, "")
    if code.endswith("too_many_topics"):
        return (
            f"{word} has more than {MAX_TOPICS} topics; keep at most {MAX_TOPICS}, "
            "separated by commas"
        )
    choices = {choice.value for choice in OpenTo}
    if name == "languages":
        unknown = [item for item in _languages(given) if item not in LANGUAGES]
    elif name == "open_to":
        unknown = [item for item in _split(given) if item.casefold() not in choices]
    else:
        unknown = [given]
    shown = ", ".join(repr(item[:80]) for item in unknown or [given])
    allowed = {
        "grade": ", ".join(code for code, _ in GRADES),
        # Quoted: a profession's name may hold a comma ("Digital, data and technology").
        "profession": ", ".join(repr(name) for name in PROFESSIONS),
        "open_to": ", ".join(choice.value for choice in OpenTo),
    }.get(name)
    hint = f" (allowed: {allowed})" if allowed else ""
    return f"{word} {shown} is not one of the allowed values{hint}"


class BulkService:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, gazetteer: Gazetteer, directory: DirectoryService
    ) -> None:
        self._uow = uow_factory
        self._places = gazetteer
        self._directory = directory

    def import_rows(
        self,
        team_id: str,
        rows: Iterable[Mapping[str, str | None]],
        lookup: PeopleLookup,
        *,
        dry_run: bool = False,
    ) -> ImportReport:
        report = ImportReport()
        seen: set[str] = set()
        for number, raw in enumerate(rows, start=2):
            row = {
                str(key).strip().casefold(): (value or "").strip()
                for key, value in raw.items()
                if key
            }
            if not any(row.values()):
                continue
            report.outcomes.append(self._import_row(team_id, number, row, lookup, seen, dry_run))
        return report

    def _import_row(
        self,
        team_id: str,
        number: int,
        row: dict[str, str],
        lookup: PeopleLookup,
        seen: set[str],
        dry_run: bool,
    ) -> RowOutcome:
        problems: list[str] = []
        notes: list[str] = []
        user_id = self._who(team_id, row, lookup, problems)
        if user_id and user_id in seen:
            problems.append(f"{user_id} already appears in an earlier row")
        place_id = self._where(row.get("place", ""), problems, notes)
        draft = ProfileDraft(
            place_id=place_id,
            organisation=row.get("organisation", ""),
            job_title=row.get("job_title", ""),
            profession=row.get("profession") or None,
            grade=_grade(row.get("grade", "")),
            can_help=row.get("can_help", ""),
            want_to_learn=row.get("want_to_learn", ""),
            languages=_languages(row.get("languages", "")),
            open_to=tuple(item.casefold() for item in _split(row.get("open_to", ""))),
        )
        try:
            tidy_draft(draft)
        except InvalidInputError as error:
            # A place that is missing or unknown was reported above, in words that say which.
            problems.extend(
                _field_problem(name, code, row)
                for name, code in error.fields.items()
                if name != "place"
            )
        if problems or user_id is None:
            return RowOutcome(number, user_id, False, tuple(problems), tuple(notes))
        seen.add(user_id)
        if not dry_run:
            self._directory.save_profile(team_id, user_id, draft)
        return RowOutcome(number, user_id, True, (), tuple(notes))

    def _who(
        self, team_id: str, row: dict[str, str], lookup: PeopleLookup, problems: list[str]
    ) -> str | None:
        user_id = row.get("slack_user_id", "").upper()
        email = row.get("email", "")
        if user_id:
            if not _USER_ID.match(user_id):
                problems.append(f"slack_user_id {user_id[:40]!r} is not a Slack user id")
                return None
            if not lookup.user_exists(team_id, user_id):
                problems.append(f"no active Slack user {user_id} in this workspace")
                return None
            return user_id
        if email:
            if not _EMAIL.match(email):
                problems.append(f"email {email[:80]!r} is not an email address")
                return None
            found = lookup.user_id_for_email(team_id, email)
            if found is None:
                problems.append(f"nobody in this workspace uses the email {email[:80]}")
            return found
        problems.append("neither slack_user_id nor email is given")
        return None

    def _where(self, text: str, problems: list[str], notes: list[str]) -> int | None:
        if not text.strip():
            problems.append("place is missing")
            return None
        shown = repr(text[:80])
        found = self._one_place(read_scope(self._places, text), text)
        if isinstance(found, str):
            problems.append(f"place {shown} {found}")
            return None
        place, note = found
        if note is not None:
            notes.append(f"place {shown} read as {self._places.label(place)}{note}")
        return place.id

    def _one_place(self, scope: PlaceScope | NoPlace, text: str) -> tuple[Place, str | None] | str:
        """The one town the words name, with how they were read when that needs saying
        (None: it does not); or why they name no single town."""
        refusal: str | None = None
        if isinstance(scope, NoPlace):
            refusal = _not_a_place(scope)
        elif scope.topic_words:
            refusal = f"{UNKNOWN_PLACE} (did you mean {scope.name}?)"
        elif scope.area is not None:
            inside = self._places.places_in_area(scope.area.code)
            if len(inside) == 1:
                return inside[0], f", the one town we know in {scope.name}"
            refusal = (
                f"names the area {scope.name} ({scope.area.kind}), not a town: "
                "give the town you work in"
            )
        elif scope.postcode is not None:
            refusal = (
                "is a postcode, not a town: give the town you work in (postcodes are not stored)"
            )
        elif scope.place is None:
            refusal = f"names the region {scope.name}, not a town: give the town you work in"
        if refusal is not None or isinstance(scope, NoPlace) or scope.place is None:
            return refusal or UNKNOWN_PLACE
        place = scope.place
        if scope.site:
            return place, f" ({scope.site} is there)"
        if scope.corrected:
            return place, ", the closest name we know"
        # Say which place a bare name was read as; "Newport, Wales" needs no note.
        if scope.alternatives and text.casefold() != self._places.label(place).casefold():
            others = ", ".join(self._places.label(p) for p in scope.alternatives[:3])
            return place, f" (also: {others})"
        return place, None

    def export_rows(self, team_id: str) -> Iterator[dict[str, str]]:
        with self._uow() as uow:
            for profile in uow.profiles.iter_team(team_id):
                place = self._places.get(profile.place_id)
                yield {
                    "slack_user_id": profile.user_id,
                    "place": self._places.label(place) if place else str(profile.place_id),
                    "region": self._places.region(place.region_code).name if place else "",
                    "organisation": profile.organisation,
                    "job_title": profile.job_title,
                    "profession": profile.profession or "",
                    "grade": GRADE_LABELS.get(profile.grade or "", ""),
                    "can_help": ", ".join(profile.can_help),
                    "want_to_learn": ", ".join(profile.want_to_learn),
                    "languages": "; ".join(profile.languages),
                    "open_to": "; ".join(item.value for item in profile.open_to),
                    "visible": "yes" if profile.visible and profile.active else "no",
                    "updated_at": profile.updated_at.isoformat(),
                }
