"""Post-session feedback: asking once, answers counted once, summaries for organisers.

Every message this feature sends goes through the outbox, written in the same transaction as
the decision behind it:

- The tick (`tick`, run by the scheduler) opens a *round* for each event that was not cancelled,
  has started and ends (after FEEDBACK_DELAY_MINUTES) within the tick's look-ahead: its prompts
  are queued in the outbox due at that moment, so they go when the event ends, not at the
  tick's next run. Who is going is fixed from the start (see the events service), so asking
  is decided then; a cancellation meanwhile withdraws them. The round is a marker only one
  replica can write, so the prompts go out once whichever replica gets there first. Everyone
  going is asked, except those who said "don't ask me for feedback": one prompt
  (`feedback.prompt`), and one reminder (`feedback.reminder`) some days later that is skipped
  if they have answered.
  Both stop being useful, and are never sent, once the window closes.
- When a window closes the tick closes the round (again once, by a compare-and-set) and sends
  the organiser a summary (`feedback.summary`). It also deletes free-text comments kept past
  their retention period.
- A first answer (a rating alone counts) withdraws the reminder and, after an event or the end
  of a mentoring cycle, schedules the follow-up question weeks later (`feedback.follow_up`).
- Mentoring groups are asked the same way about their group, through
  `open_for_mentoring_group`, at a check-in or the end of a cycle.

A click is checked before it counts: the prompt must be the person's, its window open and its
subject not cancelled; a second click or a second submission of the same answers changes nothing.
"""

from __future__ import annotations

import csv
import io
import logging
import zlib
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError, NotAllowedError, NotFoundError
from bot.domain.events import RsvpStatus
from bot.domain.feedback import (
    CYCLE_END,
    FOLLOW_UP_OUTCOMES,
    FOLLOW_UP_SPACING,
    MEASURES,
    SMALL_SLICE,
    Agreement,
    DetailsDraft,
    FeedbackPrompt,
    FeedbackRound,
    Subject,
    SubjectKind,
    Tally,
    Timing,
    is_small,
    read_follow_up,
    read_rating,
    tally,
    tidy_details,
)
from bot.domain.outbox import ScheduledMessage
from bot.services import outbox
from bot.services.report import safe_cell

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from bot.clock import Clock
    from bot.domain.events import Event
    from bot.domain.feedback import Answers
    from bot.domain.outbox import JSON
    from bot.domain.ports import AdminDirectory, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# Outbox kinds this feature schedules; the Slack edge renders each.
PROMPT = "feedback.prompt"  # to one person: "How useful was it?", ratings 1 to 5, "tell us more"
REMINDER = "feedback.reminder"  # the same, once, a few days later, if still unanswered
FOLLOW_UP = "feedback.follow_up"  # weeks later: applied it, collaborated, moved role?
SUMMARY = "feedback.summary"  # to the organiser when the window closes

TICK_BATCH = 200
SUMMARIES_SHOWN = 10
ROUNDS_READ = 50  # rounds read for an organiser's list, before filtering by the words typed


@dataclass(frozen=True, slots=True)
class PromptView:
    """A prompt with what a message or form about it shows."""

    prompt: FeedbackPrompt
    event: Event | None  # the event asked about (None for a mentoring group)
    closes_at: datetime
    is_open: bool

    @property
    def title(self) -> str | None:
        return self.event.title if self.event else None

    @property
    def subject(self) -> Subject:
        return self.prompt.subject


@dataclass(frozen=True, slots=True)
class Answered:
    """What a click or a form did."""

    view: PromptView
    changed: bool  # False: the same answer again (a double click or a second submission)
    first: bool  # this was the person's first answer to the prompt


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    """An event's feedback as its organiser may see it (the small-slice rule applied)."""

    round: FeedbackRound
    event: Event
    tally: Tally
    closed: bool  # the window has closed: these are the final numbers


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One line of an organiser's list of events with feedback."""

    round: FeedbackRound
    event: Event
    asked: int
    responses: int
    average: float | None  # None while fewer than SMALL_SLICE have answered
    closed: bool


@dataclass(frozen=True, slots=True)
class FeedbackTickReport:
    rounds_opened: int = 0
    asked: int = 0
    rounds_closed: int = 0
    summaries: int = 0
    comments_deleted: int = 0


def _key(subject: Subject, user_id: str, what: str) -> str:
    return f"feedback:{subject.key}:{user_id}:{what}"


def _person_prefix(subject: Subject, user_id: str) -> str:
    return f"feedback:{subject.key}:{user_id}:"


def _payload(prompt: FeedbackPrompt, user_id: str) -> dict[str, JSON]:
    return {
        "prompt_id": prompt.id,
        "user": user_id,
        "subject": prompt.subject.kind.value,
        "subject_id": prompt.subject.id,
        "occasion": prompt.subject.occasion,
    }


class FeedbackService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        admins: AdminDirectory,
        *,
        organisers: Sequence[str] = (),
        timing: Timing | None = None,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._admins = admins
        self._organisers = frozenset(organisers)
        self._timing = timing or Timing()

    def now(self) -> datetime:
        return self._clock.now()

    @property
    def timing(self) -> Timing:
        return self._timing

    # The scheduler's tick ---------------------------------------------------------------------

    def tick(
        self, *, limit: int = TICK_BATCH, lookahead: timedelta = timedelta(0)
    ) -> FeedbackTickReport:
        """Ask about events under way or over whose feedback is due within `lookahead` (the
        prompts queued for their time), close windows that are over (telling organisers) and
        delete comments kept past their time."""
        now = self.now()
        timing = self._timing
        opened = asked = closed = summaries = 0
        with self._uow() as uow:
            events = uow.feedback.events_to_ask(
                ended_after=now - timing.delay - timing.window,
                ended_before=now - timing.delay + lookahead,
                started_by=now,
                limit=limit,
            )
        for event in events:
            with self._uow() as uow:
                count = self._open_event(uow, event, now=now)
                uow.commit()
            if count is not None:
                opened += 1
                asked += count
        with self._uow() as uow:
            due = uow.feedback.rounds_to_close(now=now, limit=limit)
        for round_ in due:
            with self._uow() as uow:
                outcome = self._close(uow, round_, now=now)
                uow.commit()
            if outcome is not None:
                closed += 1
                summaries += outcome
        with self._uow() as uow:
            deleted = uow.feedback.delete_comments(before=now - timing.comment_retention)
            uow.commit()
        return FeedbackTickReport(opened, asked, closed, summaries, deleted)

    def _open_event(self, uow: UnitOfWork, event: Event, *, now: datetime) -> int | None:
        """Open the event's round and ask everyone going, when its feedback is due (the end
        and the delay; now if that has passed); None if another caller had."""
        due = max(event.ends_at + self._timing.delay, now)
        round_ = uow.feedback.open_round(
            event.team_id,
            Subject.event(event.id),
            organiser_id=event.organiser_id,
            now=due,
            closes_at=due + self._timing.window,
        )
        if round_ is None:
            return None
        going = [user for user, _ in uow.events.people(event.id, (RsvpStatus.GOING,))]
        return self._ask(uow, round_, going, now=now, asked_at=due)

    def _ask(
        self,
        uow: UnitOfWork,
        round_: FeedbackRound,
        people: Iterable[str],
        *,
        now: datetime,
        asked_at: datetime | None = None,
    ) -> int:
        """Queue a prompt (and its reminder) to each person, due at `asked_at` (now)."""
        at = asked_at or now
        team_id = round_.team_id
        wanted = list(dict.fromkeys(people))
        declined = uow.feedback.opted_out(team_id, wanted)
        remind_at = self._timing.reminder_at(at)
        messages: list[ScheduledMessage] = []
        for user_id in wanted:
            if user_id in declined:
                continue
            prompt = uow.feedback.add_prompt(
                round_.id, team_id, user_id, asked_at=at, remind_at=remind_at
            )
            if prompt is None:  # asked already
                continue
            payload = _payload(prompt, user_id)
            messages.append(
                ScheduledMessage(
                    team_id=team_id,
                    kind=PROMPT,
                    key=_key(round_.subject, user_id, "prompt"),
                    due_at=at,
                    expires_at=round_.closes_at,
                    payload=payload,
                )
            )
            if remind_at is not None:
                messages.append(
                    ScheduledMessage(
                        team_id=team_id,
                        kind=REMINDER,
                        key=_key(round_.subject, user_id, "reminder"),
                        due_at=remind_at,
                        expires_at=round_.closes_at,
                        payload=payload,
                    )
                )
        outbox.schedule_all(uow, messages, now=now)
        return sum(1 for m in messages if m.kind == PROMPT)

    def _close(self, uow: UnitOfWork, round_: FeedbackRound, *, now: datetime) -> int | None:
        """Close the round (once); tell the organiser of an event how it went. None if another
        caller closed it; else how many summaries were scheduled."""
        if not uow.feedback.close_round(round_.id, now=now):
            return None
        subject = round_.subject
        if subject.kind is not SubjectKind.EVENT or round_.withdrawn_at is not None:
            return 0
        event = uow.events.get(round_.team_id, subject.id)
        if event is None or event.cancelled:
            uow.feedback.withdraw_round(round_.id, now=now)
            return 0
        if round_.organiser_id is None or not uow.feedback.prompts(round_.id):
            return 0
        written = outbox.schedule(
            uow,
            ScheduledMessage(
                team_id=round_.team_id,
                kind=SUMMARY,
                key=f"feedback:{subject.key}:summary",
                due_at=now,
                payload={
                    "round_id": round_.id,
                    "user": round_.organiser_id,
                    "subject": subject.kind.value,
                    "subject_id": subject.id,
                },
            ),
            now=now,
        )
        return int(written)

    # Mentoring groups (the entry point the mentoring feature calls) ---------------------------

    def open_for_mentoring_group(
        self,
        team_id: str,
        group_id: int,
        member_ids: Sequence[str],
        *,
        occasion: int = CYCLE_END,
        uow: UnitOfWork | None = None,
    ) -> FeedbackRound | None:
        """Ask members about their group: the session they said they met for at check-in round
        `occasion`, or the whole cycle at its end (CYCLE_END). The first call opens the round;
        later calls for the same occasion ask more members of it while its window is open, and
        nobody is asked twice. Pass the caller's `uow` to write in its transaction (the caller
        commits); without one this commits by itself. None when the occasion's window has
        closed or was withdrawn."""
        now = self.now()
        subject = Subject.group(group_id, occasion)

        def run(work: UnitOfWork) -> FeedbackRound | None:
            round_ = work.feedback.open_round(
                team_id,
                subject,
                organiser_id=None,
                now=now,
                closes_at=now + self._timing.window,
            )
            if round_ is None:  # opened already: ask these members too, while it is open
                round_ = work.feedback.round(team_id, subject)
                if round_ is None or round_.withdrawn_at is not None or not round_.is_open(now):
                    return None
            self._ask(work, round_, member_ids, now=now)
            return round_

        if uow is not None:
            return run(uow)
        with self._uow() as work:
            opened = run(work)
            work.commit()
        return opened

    def withdraw_for_mentoring_member(
        self, uow: UnitOfWork, team_id: str, group_id: int, user_id: str, *, occasion: int
    ) -> bool:
        """The member no longer says their group met for check-in round `occasion`: the
        question about that session, and its reminder, are withdrawn while still unsent, and
        the unanswered prompt is forgotten so that saying "we met" again asks it once more.
        A question already sent stays answerable (its reminder does not follow). In the
        caller's transaction. True when an unsent question was withdrawn."""
        now = self.now()
        subject = Subject.group(group_id, occasion)
        outbox.cancel(uow, team_id, key=_key(subject, user_id, "reminder"), now=now)
        if not outbox.cancel(uow, team_id, key=_key(subject, user_id, "prompt"), now=now):
            return False
        prompt = uow.feedback.prompt_of(team_id, subject, user_id)
        if prompt is not None and not prompt.answered:
            uow.feedback.delete_prompt(prompt.id)
        return True

    # Answers ----------------------------------------------------------------------------------

    def _view(self, uow: UnitOfWork, prompt: FeedbackPrompt, *, now: datetime) -> PromptView:
        event = (
            uow.events.get(prompt.team_id, prompt.subject.id)
            if prompt.subject.kind is SubjectKind.EVENT
            else None
        )
        return PromptView(prompt, event, prompt.round.closes_at, prompt.round.is_open(now))

    def _answerable(
        self, uow: UnitOfWork, team_id: str, user_id: str, prompt_id: int, *, now: datetime
    ) -> FeedbackPrompt:
        """The person's prompt, still open; a DomainError saying why not otherwise."""
        prompt = uow.feedback.prompt(team_id, prompt_id)
        if prompt is None or prompt.user_id is None:  # unknown, or the person was erased
            raise NotFoundError("feedback.errors.gone")
        if prompt.user_id != user_id:
            raise NotAllowedError("feedback.errors.not_yours")
        subject = prompt.subject
        if prompt.round.withdrawn_at is not None:
            raise DomainError("feedback.errors.cancelled")
        if now < prompt.round.opened_at:  # asked ahead of time: not until the prompt is due
            raise DomainError("feedback.errors.not_yet")
        if subject.kind is SubjectKind.EVENT:
            event = uow.events.get(team_id, subject.id)
            if event is None:
                raise NotFoundError("feedback.errors.gone")
            if event.cancelled:
                raise DomainError("feedback.errors.cancelled")
            if uow.events.rsvp_status(event.id, user_id) is not RsvpStatus.GOING:
                raise NotAllowedError("feedback.errors.not_attended")
        elif uow.mentoring.group(team_id, subject.id) is None:
            raise NotFoundError("feedback.errors.gone")
        if not prompt.round.is_open(now):
            raise DomainError("feedback.errors.closed")
        return prompt

    def prompt_for(self, team_id: str, user_id: str, prompt_id: int) -> PromptView:
        """A prompt the person may answer now (to open the "tell us more" form), else a
        DomainError saying why not."""
        now = self.now()
        with self._uow() as uow:
            prompt = self._answerable(uow, team_id, user_id, prompt_id, now=now)
            return self._view(uow, prompt, now=now)

    def rate(self, team_id: str, user_id: str, prompt_id: int, rating: object) -> Answered:
        """One click on a rating (1 to 5). A second click with the same rating changes
        nothing; another rating replaces it. The rating alone counts as a response."""
        value = read_rating(rating)
        now = self.now()
        with self._uow() as uow:
            prompt = self._answerable(uow, team_id, user_id, prompt_id, now=now)
            answers = replace(prompt.answers, rating=value)
            return self._save(uow, prompt, answers, now=now, details=False)

    def rate_event(self, team_id: str, user_id: str, event_id: int, rating: object) -> Answered:
        """A rating for an event by its id (from the App Home, say), for someone who went.
        Someone who went but had asked not to be asked may still volunteer one."""
        value = read_rating(rating)
        now = self.now()
        subject = Subject.event(event_id)
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
            if event is None:
                raise NotFoundError("feedback.errors.gone")
            if event.cancelled:
                raise DomainError("feedback.errors.cancelled")
            if uow.events.rsvp_status(event_id, user_id) is not RsvpStatus.GOING:
                raise NotAllowedError("feedback.errors.not_attended")
            prompt = uow.feedback.prompt_of(team_id, subject, user_id)
            if prompt is None:
                round_ = uow.feedback.round(team_id, subject)
                if round_ is None:
                    raise DomainError("feedback.errors.not_yet")
                if round_.is_open(now):
                    uow.feedback.add_prompt(
                        round_.id, team_id, user_id, asked_at=now, remind_at=None
                    )
                prompt = uow.feedback.prompt_of(team_id, subject, user_id)
                if prompt is None:
                    raise DomainError("feedback.errors.closed")
            prompt = self._answerable(uow, team_id, user_id, prompt.id, now=now)
            answers = replace(prompt.answers, rating=value)
            return self._save(uow, prompt, answers, now=now, details=False)

    def submit_details(
        self, team_id: str, user_id: str, prompt_id: int, draft: DetailsDraft
    ) -> Answered:
        """The "tell us more" form: the measures, the two comments, anonymity (and perhaps the
        rating). InvalidInputError names each bad field; sending the same answers twice
        changes nothing."""
        now = self.now()
        with self._uow() as uow:
            prompt = self._answerable(uow, team_id, user_id, prompt_id, now=now)
            answers = tidy_details(draft, current=prompt.answers)
            return self._save(uow, prompt, answers, now=now, details=True)

    def _save(
        self,
        uow: UnitOfWork,
        prompt: FeedbackPrompt,
        answers: Answers,
        *,
        now: datetime,
        details: bool,
    ) -> Answered:
        """Record the answers (if they changed) and commit."""
        first = not prompt.answered
        changed = first or answers != prompt.answers
        if changed:
            uow.feedback.save_answers(prompt.id, answers, now=now, details=details)
        if first:
            self._after_first_answer(uow, prompt, now=now)
        fresh = uow.feedback.prompt(prompt.team_id, prompt.id) or prompt
        view = self._view(uow, fresh, now=now)
        uow.commit()
        return Answered(view, changed, first)

    def _after_first_answer(
        self, uow: UnitOfWork, prompt: FeedbackPrompt, *, now: datetime
    ) -> None:
        """No reminder is needed any more; ask weeks later what came of it (at most one
        follow-up a fortnight, and never to someone who asked not to be asked)."""
        user_id = prompt.user_id
        if user_id is None:
            return
        team_id = prompt.team_id
        outbox.cancel(uow, team_id, key=_key(prompt.subject, user_id, "reminder"), now=now)
        due = self._timing.follow_up_at(prompt.subject, prompt.asked_at)
        if due is None or uow.feedback.opted_out(team_id, [user_id]):
            return
        if uow.feedback.follow_up_due_between(
            team_id, user_id, start=due - FOLLOW_UP_SPACING, end=due + FOLLOW_UP_SPACING
        ):
            return
        if not uow.feedback.set_follow_up_due(prompt.id, due):
            return
        outbox.schedule(
            uow,
            ScheduledMessage(
                team_id=team_id,
                kind=FOLLOW_UP,
                key=_key(prompt.subject, user_id, "follow_up"),
                due_at=due,
                expires_at=due + self._timing.window,
                payload=_payload(prompt, user_id),
            ),
            now=now,
        )

    def answer_follow_up(
        self, team_id: str, user_id: str, prompt_id: int, outcomes: Sequence[str]
    ) -> Answered:
        """The follow-up's answer: any of FollowUpOutcome's values, or none of them."""
        chosen = read_follow_up(outcomes)
        now = self.now()
        with self._uow() as uow:
            prompt = uow.feedback.prompt(team_id, prompt_id)
            if prompt is None or prompt.user_id is None:
                raise NotFoundError("feedback.errors.gone")
            if prompt.user_id != user_id:
                raise NotAllowedError("feedback.errors.not_yours")
            due = prompt.follow_up_due_at
            if due is None or now < due:
                raise DomainError("feedback.errors.not_yet")
            if now >= due + self._timing.window:
                raise DomainError("feedback.errors.closed")
            first = prompt.follow_up_answered_at is None
            changed = first or chosen != prompt.follow_up
            if changed:
                uow.feedback.answer_follow_up(prompt.id, chosen, now=now)
            fresh = uow.feedback.prompt(team_id, prompt.id) or prompt
            closes = due + self._timing.window
            view = replace(self._view(uow, fresh, now=now), closes_at=closes, is_open=True)
            uow.commit()
        return Answered(view, changed, first)

    # "Don't ask me for feedback" ------------------------------------------------------------

    def opt_out(self, team_id: str, user_id: str) -> bool:
        """Ask the person nothing more, anywhere; withdraw what was on its way to them. True
        when they had not opted out before."""
        now = self.now()
        with self._uow() as uow:
            new = uow.feedback.opt_out(team_id, user_id, now=now)
            self._withdraw_messages_to(uow, team_id, user_id, now=now)
            uow.commit()
        return new

    def opt_in(self, team_id: str, user_id: str) -> bool:
        """Be asked again from the next occasion on. True when they had opted out."""
        with self._uow() as uow:
            removed = uow.feedback.opt_in(team_id, user_id)
            uow.commit()
        return removed

    def is_opted_out(self, team_id: str, user_id: str) -> bool:
        with self._uow() as uow:
            return bool(uow.feedback.opted_out(team_id, [user_id]))

    def _withdraw_messages_to(
        self, uow: UnitOfWork, team_id: str, user_id: str, *, now: datetime
    ) -> None:
        window = self._timing.window
        for prompt in uow.feedback.prompts_of(team_id, user_id):
            due = prompt.follow_up_due_at
            still_open = prompt.round.withdrawn_at is None and now < prompt.round.closes_at
            if still_open or (due is not None and due + window > now):
                outbox.cancel(
                    uow, team_id, key_prefix=_person_prefix(prompt.subject, user_id), now=now
                )

    def awaiting(self, team_id: str, user_id: str) -> tuple[PromptView, ...]:
        """Prompts still open and unanswered (the App Home lists them); none for someone who
        asked not to be asked."""
        now = self.now()
        with self._uow() as uow:
            if uow.feedback.opted_out(team_id, [user_id]):
                return ()
            views = [
                self._view(uow, p, now=now)
                for p in uow.feedback.awaiting(team_id, user_id, now=now)
            ]
        return tuple(v for v in views if v.event is None or not v.event.cancelled)

    # What the Slack edge renders when the outbox sends ----------------------------------------

    def prompt_message(
        self, team_id: str, prompt_id: int, *, reminder: bool = False
    ) -> PromptView | None:
        """The prompt (or its reminder) as it should be sent now; None when it should not be
        sent any more: answered (a reminder), closed, withdrawn, cancelled, the person erased or
        opted out."""
        now = self.now()
        with self._uow() as uow:
            prompt = uow.feedback.prompt(team_id, prompt_id)
            if prompt is None or prompt.user_id is None or not prompt.round.is_open(now):
                return None
            if reminder and prompt.answered:
                return None
            if uow.feedback.opted_out(team_id, [prompt.user_id]):
                return None
            view = self._view(uow, prompt, now=now)
            if prompt.subject.kind is SubjectKind.EVENT and (
                view.event is None or view.event.cancelled
            ):
                return None
            if reminder:
                uow.feedback.mark_reminded(prompt.id, now=now)
                uow.commit()
        return view

    def follow_up_message(self, team_id: str, prompt_id: int) -> PromptView | None:
        """The follow-up as it should be sent now, or None (answered, erased, opted out)."""
        now = self.now()
        with self._uow() as uow:
            prompt = uow.feedback.prompt(team_id, prompt_id)
            if prompt is None or prompt.user_id is None or prompt.follow_up_due_at is None:
                return None
            if prompt.follow_up_answered_at is not None:
                return None
            if uow.feedback.opted_out(team_id, [prompt.user_id]):
                return None
            view = self._view(uow, prompt, now=now)
            closes = prompt.follow_up_due_at + self._timing.window
        return replace(view, closes_at=closes, is_open=now < closes)

    def summary_message(self, team_id: str, round_id: int) -> FeedbackSummary | None:
        """The organiser's summary when the window closes; None if there is nothing to tell
        (the event was cancelled or deleted, or its organiser erased)."""
        now = self.now()
        with self._uow() as uow:
            round_ = uow.feedback.round_by_id(team_id, round_id)
            if round_ is None or round_.withdrawn_at is not None or round_.organiser_id is None:
                return None
            if round_.subject.kind is not SubjectKind.EVENT:
                return None
            event = uow.events.get(team_id, round_.subject.id)
            if event is None or event.cancelled:
                return None
            prompts = uow.feedback.prompts(round_.id)
        return FeedbackSummary(round_, event, tally(prompts, now=now), not round_.is_open(now))

    # The organisers' view ---------------------------------------------------------------------

    def _may_see_all(self, team_id: str, user_id: str) -> bool:
        return "*" in self._organisers or self._admins.is_admin(team_id, user_id)

    def _require_manager(self, team_id: str, user_id: str, event: Event) -> None:
        """The event's own organiser, or an admin (or anyone ORGANISERS=* trusts)."""
        if user_id != event.organiser_id and not self._may_see_all(team_id, user_id):
            raise NotAllowedError("feedback.errors.not_your_event")

    def summary(self, team_id: str, viewer: str, event_id: int) -> FeedbackSummary:
        """`/event feedback <event>` and the App Home: responses, response rate, average and
        distribution, agree-rates and comments, with the small-slice rule applied."""
        now = self.now()
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
            if event is None:
                raise NotFoundError("feedback.errors.no_event")
            self._require_manager(team_id, viewer, event)
            round_ = uow.feedback.round(team_id, Subject.event(event_id))
            if round_ is None:
                raise DomainError(
                    "feedback.errors.cancelled"
                    if event.cancelled
                    else "feedback.errors.not_asked_yet"
                )
            prompts = uow.feedback.prompts(round_.id)
        return FeedbackSummary(round_, event, tally(prompts, now=now), not round_.is_open(now))

    def summaries(
        self, team_id: str, viewer: str, *, text: str = "", limit: int = SUMMARIES_SHOWN
    ) -> tuple[SummaryLine, ...]:
        """The viewer's events with feedback, newest first (an admin's: everyone's), whose
        titles hold every word of `text` when given."""
        now = self.now()
        words = [w for w in _fold(text).split() if w]
        everyone = self._may_see_all(team_id, viewer)
        lines: list[SummaryLine] = []
        with self._uow() as uow:
            rounds = uow.feedback.event_rounds(
                team_id, organiser_id=None if everyone else viewer, limit=ROUNDS_READ
            )
            for round_ in rounds:
                event = uow.events.get(team_id, round_.subject.id)
                if event is None or event.cancelled:
                    continue
                if words and not all(w in _fold(event.title) for w in words):
                    continue
                counted = tally(uow.feedback.prompts(round_.id), now=now)
                lines.append(
                    SummaryLine(
                        round_,
                        event,
                        counted.asked,
                        counted.responses,
                        counted.average,
                        not round_.is_open(now),
                    )
                )
                if len(lines) >= limit:
                    break
        return tuple(lines)

    def export_csv(self, team_id: str, viewer: str, event_id: int) -> str:
        """The event's responses as CSV, one row each, in no telling order; anonymous ones
        without a name. Refused (DomainError) while fewer than SMALL_SLICE have answered."""
        found = self.summary(team_id, viewer, event_id)
        if is_small(found.tally.responses):
            raise DomainError("feedback.errors.too_few_to_export", needed=SMALL_SLICE)
        with self._uow() as uow:
            prompts = [p for p in uow.feedback.prompts(found.round.id) if p.answered]
        prompts.sort(key=lambda p: (zlib.crc32(f"{p.round.id}:{p.id}".encode()), p.id))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "respondent",
                "answered_at",
                "rating",
                *(m.value for m in MEASURES),
                "what_worked",
                "could_be_better",
                *(o.value for o in FOLLOW_UP_OUTCOMES),
            ]
        )
        for prompt in prompts:
            answers = prompt.answers
            agreed = answers.agreements
            followed = prompt.follow_up_answered_at is not None
            writer.writerow(
                [
                    "" if answers.anonymous or prompt.user_id is None else prompt.user_id,
                    prompt.answered_at.isoformat() if prompt.answered_at else "",
                    answers.rating or "",
                    *(
                        (Agreement.AGREE if agreed[m] else Agreement.DISAGREE).value
                        if m in agreed
                        else ""
                        for m in MEASURES
                    ),
                    safe_cell(answers.what_worked or ""),
                    safe_cell(answers.could_be_better or ""),
                    *(
                        ("yes" if o in prompt.follow_up else "no") if followed else ""
                        for o in FOLLOW_UP_OUTCOMES
                    ),
                ]
            )
        return out.getvalue()

    # A person's data --------------------------------------------------------------------------

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Remove the person from feedback (their numbers stay, without a name) and withdraw
        what was on its way to them."""
        now = self.now()
        with self._uow() as uow:
            self._withdraw_messages_to(uow, team_id, user_id, now=now)
            erased = uow.feedback.erase_person(team_id, user_id)
            uow.commit()
        return erased


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def withdraw_event(uow: UnitOfWork, team_id: str, event_id: int, *, now: datetime) -> bool:
    """A cancelled event asks nobody: withdraw its round and every feedback message about it,
    inside the caller's unit of work. True if there was a round to withdraw."""
    subject = Subject.event(event_id)
    outbox.cancel(uow, team_id, key_prefix=f"feedback:{subject.key}:", now=now)
    round_ = uow.feedback.round(team_id, subject)
    return round_ is not None and uow.feedback.withdraw_round(round_.id, now=now)


def feedback_export(uow: UnitOfWork, team_id: str, user_id: str) -> dict[str, object] | None:
    """What feedback holds about the person (for /whoswho export), inside the caller's unit of
    work; None when nothing."""
    prompts = uow.feedback.prompts_of(team_id, user_id)
    opted_out = bool(uow.feedback.opted_out(team_id, [user_id]))
    if not prompts and not opted_out:
        return None
    answers = []
    for prompt in prompts:
        subject = prompt.subject
        event = uow.events.get(team_id, subject.id) if subject.kind is SubjectKind.EVENT else None
        given = prompt.answers
        answers.append(
            {
                "about": subject.kind.value,
                "event": event.title if event else None,
                "mentoring_group": subject.id
                if subject.kind is SubjectKind.MENTORING_GROUP
                else None,
                "asked_at": prompt.asked_at.isoformat(),
                "answered_at": prompt.answered_at.isoformat() if prompt.answered_at else None,
                "rating": given.rating,
                "statements": {m.value: ("agree" if a else "disagree") for m, a in given.measures},
                "what_worked": given.what_worked,
                "could_be_better": given.could_be_better,
                "anonymous": given.anonymous,
                "follow_up": [o.value for o in prompt.follow_up]
                if prompt.follow_up_answered_at
                else None,
            }
        )
    return {"asked_not_to_be_asked": opted_out, "answers": answers}
