"""Post-session feedback: what participants are asked, what they answer, and what may be shown.

After an event ends (or at a mentoring group's check-in, or the end of its cycle) each person who
took part is asked once, in a DM, how useful it was: a rating from 1 to 5, and, if they want to
say more, the programme's basket of measures as agree/disagree statements, what worked, what
could be better, and whether to answer anonymously. A *round* is one occasion of asking (one
event, or one group's check-in); a *prompt* is one person's part in it.

The organiser sees counts always, but averages, distributions, agree-rates and comments that
carry a name only once a slice holds enough responses that nobody can be singled out
(`SMALL_SLICE`). Free text is kept for a limited time; a person's erasure removes their name and
their words, while their numbers stay in anonymous totals.

Pure Python: the rules here are used by the services and tested without a database or Slack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError, InvalidInputError
from bot.domain.events import clean_text_keep_lines
from bot.domain.feedback_timing import DEFAULT_COMMENT_RETENTION as DEFAULT_COMMENT_RETENTION  # noqa: PLC0414 - re-exported
from bot.domain.feedback_timing import DEFAULT_FOLLOW_UP_AFTER as DEFAULT_FOLLOW_UP_AFTER  # noqa: PLC0414 - re-exported
from bot.domain.feedback_timing import DEFAULT_REMINDER_AFTER as DEFAULT_REMINDER_AFTER  # noqa: PLC0414 - re-exported
from bot.domain.feedback_timing import DEFAULT_WINDOW as DEFAULT_WINDOW  # noqa: PLC0414 - re-exported
from bot.domain.feedback_timing import Timing as Timing  # noqa: PLC0414 - re-exported
from bot.domain.people import normalise
from bot.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

RATINGS = (1, 2, 3, 4, 5)
MAX_COMMENT = 1500  # characters of "what worked" and "what could be better", each
SMALL_SLICE = 3  # fewer responses than this: counts only, nothing that could single anyone out
FOLLOW_UP_SPACING = timedelta(days=14)  # at most one follow-up question a fortnight a person


class SubjectKind(StrEnum):
    EVENT = "event"
    MENTORING_GROUP = "mentoring_group"
    SPEED_CONNECT_GROUP = "speed_connect_group"  # only in the impact report: never asked about


# A group's occasion is the check-in round the question follows; this one is its cycle's end.
CYCLE_END = 0


@dataclass(frozen=True, slots=True)
class Subject:
    """What people are asked about: an event, or a mentoring group on one occasion.

    `occasion` is 0 for an event; for a group, the check-in round the question follows, or
    CYCLE_END for the end of its cycle.
    """

    kind: SubjectKind
    id: int
    occasion: int = 0

    @classmethod
    def event(cls, event_id: int) -> Subject:
        return cls(SubjectKind.EVENT, event_id)

    @classmethod
    def group(cls, group_id: int, occasion: int = CYCLE_END) -> Subject:
        return cls(SubjectKind.MENTORING_GROUP, group_id, occasion)

    @property
    def key(self) -> str:
        """A short name for outbox keys: "event:42", "group:7:2"."""
        if self.kind is SubjectKind.EVENT:
            return f"event:{self.id}"
        return f"group:{self.id}:{self.occasion}"

    @property
    def asks_follow_up(self) -> bool:
        """Weeks later, people are asked what came of it: after an event or a cycle's end,
        not after every check-in of a group."""
        return self.kind is SubjectKind.EVENT or self.occasion == CYCLE_END


class Measure(StrEnum):
    """The programme's basket of measures, each an agree/disagree statement (in this order)."""

    LEARNED = "learned"  # I learned something I will put into practice
    DEVELOPED = "developed"  # I developed personally or professionally
    EQUIPPED = "equipped"  # I am better equipped with skills, tools or knowledge
    PUBLIC_SECTOR = "public_sector"  # I know more about the public sector where I work
    MOBILITY = "mobility"  # I am more likely to move between departments or progress


MEASURES: tuple[Measure, ...] = tuple(Measure)


class Agreement(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"


class FollowUpOutcome(StrEnum):
    """What came of it, weeks later (any of these, or none)."""

    APPLIED = "applied"  # I applied what I learned
    COLLABORATED = "collaborated"  # I worked with someone I met there
    MOVED = "moved"  # I moved role, or between departments


FOLLOW_UP_OUTCOMES: tuple[FollowUpOutcome, ...] = tuple(FollowUpOutcome)


@dataclass(frozen=True, slots=True)
class FeedbackRound:
    """One occasion of asking: its window opens when the prompts go out and closes after."""

    id: int
    team_id: str
    subject: Subject
    organiser_id: str | None  # who hears the summary when it closes (None: nobody)
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None = None  # the tick closed it (and told the organiser)
    withdrawn_at: datetime | None = None  # its subject was cancelled: nothing more is asked

    def is_open(self, now: datetime) -> bool:
        """Answerable now: opened (a round decided ahead of time opens when its prompts are
        due), not yet closed, not withdrawn."""
        return self.withdrawn_at is None and self.opened_at <= now < self.closes_at


@dataclass(frozen=True, slots=True)
class Answers:
    """What one person answered (all optional: a rating alone counts)."""

    rating: int | None = None
    measures: tuple[tuple[Measure, bool], ...] = ()  # (measure, agreed), in MEASURES order
    what_worked: str | None = None
    could_be_better: str | None = None
    anonymous: bool = False

    @property
    def agreements(self) -> dict[Measure, bool]:
        return dict(self.measures)

    @property
    def has_comment(self) -> bool:
        return bool(self.what_worked or self.could_be_better)


@dataclass(frozen=True, slots=True)
class FeedbackPrompt:
    id: int
    round: FeedbackRound
    user_id: str | None  # None once the person was erased
    asked_at: datetime
    remind_at: datetime | None = None
    reminded_at: datetime | None = None
    answered_at: datetime | None = None  # the first answer (a rating or the form)
    details_at: datetime | None = None  # the form was last sent
    answers: Answers = field(default_factory=Answers)
    follow_up_due_at: datetime | None = None
    follow_up_answered_at: datetime | None = None
    follow_up: tuple[FollowUpOutcome, ...] = ()

    @property
    def team_id(self) -> str:
        return self.round.team_id

    @property
    def subject(self) -> Subject:
        return self.round.subject

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


@dataclass(frozen=True, slots=True)
class DetailsDraft:
    """What the "tell us more" form submits, before tidying: each measure's choice by its
    value ("agree", "disagree", or nothing), the two comments, and the anonymous box."""

    measures: Mapping[str, str | None] = field(default_factory=dict)
    what_worked: str = ""
    could_be_better: str = ""
    anonymous: bool = False
    rating: int | str | None = None  # the form may carry the rating too


def read_rating(value: object) -> int:
    """A rating from a button or a form: 1 to 5, else DomainError."""
    if isinstance(value, bool):
        raise DomainError(N_("feedback.errors.rating"))
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value not in RATINGS:
        raise DomainError(N_("feedback.errors.rating"))
    return value


def tidy_details(draft: DetailsDraft, *, current: Answers) -> Answers:
    """Validate the form; raise InvalidInputError naming each bad field. A measure left blank
    is not answered; the rating already given stays unless the form gives another."""
    errors: dict[str, str] = {}
    agreed: dict[Measure, bool] = {}
    known = {m.value for m in MEASURES}
    for name, choice in draft.measures.items():
        if name not in known:
            errors[name] = N_("feedback.errors.measure_unknown")
            continue
        if choice in {None, ""}:
            continue
        if choice not in {a.value for a in Agreement}:
            errors[name] = N_("feedback.errors.measure_choice")
            continue
        agreed[Measure(name)] = choice == Agreement.AGREE
    rating = current.rating
    if draft.rating not in {None, ""}:
        try:
            rating = read_rating(draft.rating)
        except DomainError as error:
            errors["rating"] = error.key
    comments = {}
    for name in ("what_worked", "could_be_better"):
        raw: str = getattr(draft, name) or ""
        if len(raw.strip()) > MAX_COMMENT:
            errors[name] = N_("feedback.errors.comment_too_long")
        comments[name] = clean_text_keep_lines(raw, MAX_COMMENT) or None
    if errors:
        raise InvalidInputError(errors)
    return Answers(
        rating=rating,
        measures=tuple((m, agreed[m]) for m in MEASURES if m in agreed),
        what_worked=comments["what_worked"],
        could_be_better=comments["could_be_better"],
        anonymous=draft.anonymous,
    )


def read_follow_up(values: Iterable[str]) -> tuple[FollowUpOutcome, ...]:
    """The boxes ticked in a follow-up, in their usual order; none ticked is an answer too."""
    chosen = set()
    for value in values:
        try:
            chosen.add(FollowUpOutcome(value))
        except ValueError:
            raise InvalidInputError({"follow_up": N_("feedback.errors.follow_up_choice")}) from None
    return tuple(o for o in FOLLOW_UP_OUTCOMES if o in chosen)


# What may be shown ------------------------------------------------------------------------------


def is_small(responses: int) -> bool:
    """Too few responses to show anything but counts without singling someone out."""
    return responses < SMALL_SLICE


@dataclass(frozen=True, slots=True)
class MeasureRate:
    measure: Measure
    agreed: int
    answered: int
    rate: float | None  # None when too few answered it to show

    @classmethod
    def of(cls, measure: Measure, agreed: int, answered: int) -> MeasureRate:
        rate = None if is_small(answered) else agreed / answered
        return cls(measure, agreed, answered, rate)


@dataclass(frozen=True, slots=True)
class Comment:
    what_worked: str | None
    could_be_better: str | None
    user_id: str | None  # None: anonymous (or the person was erased)


@dataclass(frozen=True, slots=True)
class Tally:
    """One slice of feedback, with the small-slice rule applied."""

    asked: int
    responses: int
    rated: int
    small: bool
    average: float | None  # None for a small slice, or fewer than SMALL_SLICE ratings
    distribution: tuple[int, ...] | None  # how many gave 1..5; None when `average` is
    measures: tuple[MeasureRate, ...]  # rates are None for a small slice
    comments: tuple[Comment, ...]  # a small slice shows anonymous comments only
    withheld_comments: int  # comments with a name, held back in a small slice
    follow_ups_asked: int
    follow_ups_answered: int
    follow_up_counts: tuple[tuple[FollowUpOutcome, int], ...]

    @property
    def response_rate(self) -> float | None:
        return self.responses / self.asked if self.asked else None


def tally(prompts: Sequence[FeedbackPrompt], *, now: datetime) -> Tally:
    """Summarise one slice of prompts for an organiser, applying the small-slice rule."""
    answered = [p for p in prompts if p.answered]
    ratings = [p.answers.rating for p in answered if p.answers.rating is not None]
    small = is_small(len(answered))
    few_ratings = small or is_small(len(ratings))  # e.g. three answers, but one rating
    rates = []
    for measure in MEASURES:
        given = [p.answers.agreements[measure] for p in answered if measure in p.answers.agreements]
        rate = MeasureRate.of(measure, sum(given), len(given))
        rates.append(MeasureRate(measure, rate.agreed, rate.answered, None) if small else rate)
    comments: list[Comment] = []
    withheld = 0
    ordered = sorted(
        (p for p in answered if p.answers.has_comment),
        key=lambda p: (p.details_at or p.answered_at or p.asked_at, p.id),
    )
    for prompt in ordered:
        named = not prompt.answers.anonymous and prompt.user_id is not None
        if named and small:
            withheld += 1
            continue
        comments.append(
            Comment(
                prompt.answers.what_worked,
                prompt.answers.could_be_better,
                prompt.user_id if named else None,
            )
        )
    follow_ups = [
        p for p in prompts if p.follow_up_due_at is not None and p.follow_up_due_at <= now
    ]
    outcomes = [o for p in prompts if p.follow_up_answered_at for o in p.follow_up]
    return Tally(
        asked=len(prompts),
        responses=len(answered),
        rated=len(ratings),
        small=small,
        average=None if few_ratings else sum(ratings) / len(ratings),
        distribution=None if few_ratings else tuple(ratings.count(r) for r in RATINGS),
        measures=tuple(rates),
        comments=tuple(comments),
        withheld_comments=withheld,
        follow_ups_asked=len(follow_ups),
        follow_ups_answered=sum(1 for p in prompts if p.follow_up_answered_at),
        follow_up_counts=tuple((o, outcomes.count(o)) for o in FOLLOW_UP_OUTCOMES),
    )


# Crossing departments ---------------------------------------------------------------------------


def crosses_departments(organisations: Iterable[str | None]) -> bool:
    """People from more than one organisation took part (unknown ones are not counted)."""
    known = {normalise(org) for org in organisations if org and org.strip()}
    return len(known) > 1


# The impact report's facts ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gathering:
    """People who came together: an event and those who went, or a group and its members."""

    team_id: str
    kind: SubjectKind
    id: int
    region_code: str | None
    at: datetime  # when it counts: an event's end, a group's forming
    people: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeetingFact:
    """A group said it met in one check-in round (counted once, when first confirmed)."""

    group: Gathering
    round: int
    confirmed_at: datetime


@dataclass(frozen=True, slots=True)
class PromptFact:
    """One person asked for feedback, with what the report needs of their answer."""

    team_id: str
    subject: Gathering
    user_id: str | None
    asked_at: datetime
    answered_at: datetime | None
    rating: int | None
    measures: Mapping[Measure, bool]
