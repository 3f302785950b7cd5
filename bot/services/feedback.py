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

import logging
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError, NotAllowedError, NotFoundError
from bot.domain.events import RsvpStatus
from bot.domain.feedback import (
    CYCLE_END,
    SMALL_SLICE,
    DetailsDraft,
    FeedbackPrompt,
    FeedbackRound,
    Subject,
    Timing,
    is_small,
    read_follow_up,
    read_rating,
    tidy_details,
)
from bot.domain.permissions import Organisers, Permissions
from bot.i18n import N_
from bot.services import feedback_answers, feedback_reports, feedback_rounds
from bot.services.feedback_reports import feedback_export
from bot.services.feedback_rounds import withdraw_event
from bot.services.feedback_types import (
    FOLLOW_UP,
    PROMPT,
    REMINDER,
    ROUNDS_READ,
    SUMMARIES_SHOWN,
    SUMMARY,
    TICK_BATCH,
    Answered,
    FeedbackSummary,
    FeedbackTickReport,
    PromptView,
    SummaryLine,
    prompt_view,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.clock import Clock
    from bot.domain.feedback import Answers
    from bot.domain.ports import AdminDirectory, UnitOfWork, UnitOfWorkFactory

__all__ = [
    "FOLLOW_UP",
    "PROMPT",
    "REMINDER",
    "ROUNDS_READ",
    "SUMMARIES_SHOWN",
    "SUMMARY",
    "TICK_BATCH",
    "Answered",
    "FeedbackService",
    "FeedbackSummary",
    "FeedbackTickReport",
    "PromptView",
    "SummaryLine",
    "feedback_export",
    "withdraw_event",
]

log = logging.getLogger(__name__)


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
        self._permissions = Permissions(Organisers.from_setting(organisers), admins)
        self._timing = timing or Timing()

    def now(self) -> datetime:
        return self._clock.now()

    @property
    def timing(self) -> Timing:
        return self._timing

    # The scheduler's tick (see bot.services.feedback_rounds) ----------------------------------

    def tick(
        self, *, limit: int = TICK_BATCH, lookahead: timedelta = timedelta(0)
    ) -> FeedbackTickReport:
        """Ask about events under way or over whose feedback is due within `lookahead` (the
        prompts queued for their time), close windows that are over (telling organisers) and
        delete comments kept past their time."""
        return feedback_rounds.tick(
            self._uow, self._timing, self.now(), limit=limit, lookahead=lookahead
        )

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
        return feedback_rounds.open_for_mentoring_group(
            self._uow,
            self._timing,
            self.now(),
            team_id,
            group_id,
            member_ids,
            occasion=occasion,
            uow=uow,
        )

    def withdraw_for_mentoring_member(
        self, uow: UnitOfWork, team_id: str, group_id: int, user_id: str, *, occasion: int
    ) -> bool:
        """The member no longer says their group met for check-in round `occasion`: the
        question about that session, and its reminder, are withdrawn while still unsent, and
        the unanswered prompt is forgotten so that saying "we met" again asks it once more.
        A question already sent stays answerable (its reminder does not follow). In the
        caller's transaction. True when an unsent question was withdrawn."""
        return feedback_rounds.withdraw_for_mentoring_member(
            uow, team_id, group_id, user_id, occasion=occasion, now=self.now()
        )

    # Answers ----------------------------------------------------------------------------------

    def prompt_for(self, team_id: str, user_id: str, prompt_id: int) -> PromptView:
        """A prompt the person may answer now (to open the "tell us more" form), else a
        DomainError saying why not."""
        now = self.now()
        with self._uow() as uow:
            prompt = feedback_answers.answerable(uow, team_id, user_id, prompt_id, now=now)
            return prompt_view(uow, prompt, now=now)

    def rate(self, team_id: str, user_id: str, prompt_id: int, rating: object) -> Answered:
        """One click on a rating (1 to 5). A second click with the same rating changes
        nothing; another rating replaces it. The rating alone counts as a response."""
        value = read_rating(rating)
        now = self.now()
        with self._uow() as uow:
            prompt = feedback_answers.answerable(uow, team_id, user_id, prompt_id, now=now)
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
                raise NotFoundError(N_("feedback.errors.gone"))
            if event.cancelled:
                raise DomainError("feedback.errors.cancelled")
            if uow.events.rsvp_status(event_id, user_id) is not RsvpStatus.GOING:
                raise NotAllowedError(N_("feedback.errors.not_attended"))
            prompt = uow.feedback.prompt_of(team_id, subject, user_id)
            if prompt is None:
                round_ = uow.feedback.round(team_id, subject)
                if round_ is None:
                    raise DomainError(N_("feedback.errors.not_yet"))
                if round_.is_open(now):
                    uow.feedback.add_prompt(
                        round_.id, team_id, user_id, asked_at=now, remind_at=None
                    )
                prompt = uow.feedback.prompt_of(team_id, subject, user_id)
                if prompt is None:
                    raise DomainError(N_("feedback.errors.closed"))
            prompt = feedback_answers.answerable(uow, team_id, user_id, prompt.id, now=now)
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
            prompt = feedback_answers.answerable(uow, team_id, user_id, prompt_id, now=now)
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
            feedback_answers.after_first_answer(uow, self._timing, prompt, now=now)
        fresh = uow.feedback.prompt(prompt.team_id, prompt.id) or prompt
        view = prompt_view(uow, fresh, now=now)
        uow.commit()
        return Answered(view, changed, first)

    def answer_follow_up(
        self, team_id: str, user_id: str, prompt_id: int, outcomes: Sequence[str]
    ) -> Answered:
        """The follow-up's answer: any of FollowUpOutcome's values, or none of them."""
        chosen = read_follow_up(outcomes)
        now = self.now()
        with self._uow() as uow:
            prompt = uow.feedback.prompt(team_id, prompt_id)
            if prompt is None or prompt.user_id is None:
                raise NotFoundError(N_("feedback.errors.gone"))
            if prompt.user_id != user_id:
                raise NotAllowedError(N_("feedback.errors.not_yours"))
            due = prompt.follow_up_due_at
            if due is None or now < due:
                raise DomainError(N_("feedback.errors.not_yet"))
            if now >= due + self._timing.window:
                raise DomainError(N_("feedback.errors.closed"))
            first = prompt.follow_up_answered_at is None
            changed = first or chosen != prompt.follow_up
            if changed:
                uow.feedback.answer_follow_up(prompt.id, chosen, now=now)
            fresh = uow.feedback.prompt(team_id, prompt.id) or prompt
            closes = due + self._timing.window
            view = replace(prompt_view(uow, fresh, now=now), closes_at=closes, is_open=True)
            uow.commit()
        return Answered(view, changed, first)

    # "Don't ask me for feedback" ------------------------------------------------------------

    def opt_out(self, team_id: str, user_id: str) -> bool:
        """Ask the person nothing more, anywhere; withdraw what was on its way to them. True
        when they had not opted out before."""
        now = self.now()
        with self._uow() as uow:
            new = uow.feedback.opt_out(team_id, user_id, now=now)
            feedback_answers.withdraw_messages_to(uow, self._timing, team_id, user_id, now=now)
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

    def awaiting(self, team_id: str, user_id: str) -> tuple[PromptView, ...]:
        """Prompts still open and unanswered (the App Home lists them); none for someone who
        asked not to be asked."""
        now = self.now()
        with self._uow() as uow:
            if uow.feedback.opted_out(team_id, [user_id]):
                return ()
            views = [
                prompt_view(uow, p, now=now)
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
        return feedback_reports.prompt_message(
            self._uow, self.now(), team_id, prompt_id, reminder=reminder
        )

    def follow_up_message(self, team_id: str, prompt_id: int) -> PromptView | None:
        """The follow-up as it should be sent now, or None (answered, erased, opted out)."""
        return feedback_reports.follow_up_message(
            self._uow, self._timing, self.now(), team_id, prompt_id
        )

    def summary_message(self, team_id: str, round_id: int) -> FeedbackSummary | None:
        """The organiser's summary when the window closes; None if there is nothing to tell
        (the event was cancelled or deleted, or its organiser erased)."""
        return feedback_reports.summary_message(self._uow, self.now(), team_id, round_id)

    # The organisers' view (see bot.services.feedback_reports) ---------------------------------

    def summary(self, team_id: str, viewer: str, event_id: int) -> FeedbackSummary:
        """`/event feedback <event>` and the App Home: responses, response rate, average and
        distribution, agree-rates and comments, with the small-slice rule applied."""
        return feedback_reports.summary(
            self._uow, self.now(), self._permissions, team_id, viewer, event_id
        )

    def summaries(
        self, team_id: str, viewer: str, *, text: str = "", limit: int = SUMMARIES_SHOWN
    ) -> tuple[SummaryLine, ...]:
        """The viewer's events with feedback, newest first (an admin's: everyone's), whose
        titles hold every word of `text` when given."""
        return feedback_reports.summaries(
            self._uow,
            self.now(),
            self._permissions,
            team_id,
            viewer,
            text=text,
            limit=limit,
        )

    def export_csv(self, team_id: str, viewer: str, event_id: int) -> str:
        """The event's responses as CSV, one row each, in no telling order; anonymous ones
        without a name. Refused (DomainError) while fewer than SMALL_SLICE have answered."""
        found = self.summary(team_id, viewer, event_id)
        if is_small(found.tally.responses):
            raise DomainError(N_("feedback.errors.too_few_to_export"), needed=SMALL_SLICE)
        return feedback_reports.export_csv(self._uow, found)

    # A person's data --------------------------------------------------------------------------

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Remove the person from feedback (their numbers stay, without a name) and withdraw
        what was on its way to them."""
        now = self.now()
        with self._uow() as uow:
            feedback_answers.withdraw_messages_to(uow, self._timing, team_id, user_id, now=now)
            erased = uow.feedback.erase_person(team_id, user_id)
            uow.commit()
        return erased
