"""What the app holds that names a person beyond their own profile, sign-up and answers: the
records `/whoswho export` reads so that it sends everything held about them.

Each is the person's own record, shaped so that it carries nothing personal about anyone else:
an event they organised says how many are going, not who; a feedback round they hear about
says how many were asked and answered, not who; a scheduled message says what kind it is and
when, not its text (which may name others, as a note to a group conversation does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime


@dataclass(frozen=True, slots=True)
class OrganisedEvent:
    """An event the person announced, in their words, with its numbers."""

    title: str
    description: str
    status: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    mode: str
    venue: str
    online_url: str
    registration_url: str
    capacity: int | None
    going: int
    waitlisted: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class OrganisedFeedbackRound:
    """A round of feedback whose summary goes to the person (as the organiser)."""

    about: str  # "event" or "mentoring_group"
    subject_id: int
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    withdrawn_at: datetime | None
    asked: int
    answered: int


@dataclass(frozen=True, slots=True)
class ClosedCycle:
    """A cycle of mentoring groups the person closed early, as an organiser."""

    number: int
    started_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class MessageNamingPerson:
    """A scheduled message to or about the person, sent or still to send."""

    kind: str
    status: str
    due_at: datetime
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class InstallationMade:
    """An installation of the app the person made (never its tokens)."""

    workspace: str | None  # the workspace's name, or the organisation's for a Grid install
    organisation_wide: bool
    installed_at: datetime
    bot_scopes: str | None
    user_scopes: str | None
