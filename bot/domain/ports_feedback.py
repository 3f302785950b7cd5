"""The feedback repository port (re-exported by bot.domain.ports)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence
    from datetime import date, datetime

    from bot.domain.events import (
        Event,
    )
    from bot.domain.feedback import (
        Answers,
        FeedbackPrompt,
        FeedbackRound,
        FollowUpOutcome,
        Gathering,
        MeetingFact,
        PromptFact,
        Subject,
    )
    from bot.domain.growth import ProfileFact, SearchTally, WelcomeFact


class FeedbackRepository(Protocol):
    """Feedback rounds, prompts and answers, opt-outs, and the impact report's facts."""

    # Rounds ---------------------------------------------------------------------------------

    def events_to_ask(
        self,
        *,
        ended_after: datetime,
        ended_before: datetime,
        limit: int,
        started_by: datetime | None = None,
    ) -> list[Event]:
        """Events of any workspace, not cancelled, that end in (ended_after, ended_before]
        (and, with `started_by`, started by then) and have no feedback round yet; earliest
        first."""

    def open_round(
        self,
        team_id: str,
        subject: Subject,
        *,
        organiser_id: str | None,
        now: datetime,
        closes_at: datetime,
    ) -> FeedbackRound | None:
        """Record that the subject's prompts go out now: the round, or None for every caller
        but the one that opened it (whichever replica gets there first)."""

    def round(self, team_id: str, subject: Subject) -> FeedbackRound | None: ...

    def round_by_id(self, team_id: str, round_id: int) -> FeedbackRound | None: ...

    def rounds_to_close(self, *, now: datetime, limit: int) -> list[FeedbackRound]:
        """Rounds of any workspace whose window has ended and that are not closed yet."""

    def close_round(self, round_id: int, *, now: datetime) -> bool:
        """True for the one caller that closed it."""

    def withdraw_round(self, round_id: int, *, now: datetime) -> bool:
        """Its subject was cancelled: ask nothing more. True for the one caller that did."""

    def event_rounds(
        self, team_id: str, *, organiser_id: str | None, limit: int
    ) -> list[FeedbackRound]:
        """Rounds about events (of one organiser, or anyone's for None), newest first."""

    # Prompts --------------------------------------------------------------------------------

    def add_prompt(
        self,
        round_id: int,
        team_id: str,
        user_id: str,
        *,
        asked_at: datetime,
        remind_at: datetime | None,
    ) -> FeedbackPrompt | None:
        """Ask the person in this round; None if they were asked already (exactly once)."""

    def prompt(self, team_id: str, prompt_id: int) -> FeedbackPrompt | None: ...

    def prompt_of(self, team_id: str, subject: Subject, user_id: str) -> FeedbackPrompt | None: ...

    def delete_prompt(self, prompt_id: int) -> bool:
        """Forget a prompt that was never sent nor answered (its question was withdrawn)."""

    def prompts(self, round_id: int) -> list[FeedbackPrompt]: ...

    def prompts_of(self, team_id: str, user_id: str) -> list[FeedbackPrompt]:
        """Every prompt the person was sent, oldest first."""

    def awaiting(self, team_id: str, user_id: str, *, now: datetime) -> list[FeedbackPrompt]:
        """The person's unanswered prompts whose window is still open, oldest first."""

    def save_answers(
        self, prompt_id: int, answers: Answers, *, now: datetime, details: bool
    ) -> bool:
        """Replace the prompt's answers; the first answer's time is kept. `details`: the form
        was sent (its time is recorded)."""

    def mark_reminded(self, prompt_id: int, *, now: datetime) -> bool: ...

    def set_follow_up_due(self, prompt_id: int, due_at: datetime) -> bool:
        """Set when the follow-up is asked; True only for the one caller that set it."""

    def follow_up_due_between(
        self, team_id: str, user_id: str, *, start: datetime, end: datetime
    ) -> bool:
        """Whether the person already has a follow-up due in [start, end]."""

    def answer_follow_up(
        self, prompt_id: int, outcomes: Sequence[FollowUpOutcome], *, now: datetime
    ) -> bool: ...

    def delete_comments(self, *, before: datetime) -> int:
        """Delete the free text of forms sent before `before`; how many prompts had some."""

    # Opt-outs -------------------------------------------------------------------------------

    def opt_out(self, team_id: str, user_id: str, *, now: datetime) -> bool:
        """True when the person was not opted out before."""

    def opt_in(self, team_id: str, user_id: str) -> bool: ...

    def opted_out(self, team_id: str, user_ids: Collection[str]) -> set[str]:
        """Those among `user_ids` who asked not to be asked."""

    # A person's data ------------------------------------------------------------------------

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Remove the person from feedback: their name on prompts and rounds, their comments
        and their opt-out. Their ratings and agreements stay, without a name."""

    # The impact report ----------------------------------------------------------------------

    def report_events(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[Gathering]:
        """Events (not cancelled) that ended in [start, end), with the people who went."""

    def report_groups(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[Gathering]:
        """Mentoring groups formed in [start, end), with their members."""

    def report_meetings(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[MeetingFact]:
        """Group meetings first confirmed in [start, end): one per group and round."""

    def report_prompts(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[PromptFact]:
        """Prompts asked or answered in [start, end), about subjects not withdrawn."""

    def report_organisations(self, team_id: str | None) -> dict[tuple[str, str], str]:
        """Each profile's organisation by (team, person)."""

    def report_profiles(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[ProfileFact]:
        """Profiles created, or last confirmed, in [start, end)."""

    def report_searches(
        self, team_id: str | None, *, first_week: date, last_day: date
    ) -> list[SearchTally]:
        """The directory's weekly search tallies of the weeks starting in [first_week,
        last_day]."""

    def report_welcomes(
        self, team_id: str | None, *, start: datetime, end: datetime
    ) -> list[WelcomeFact]:
        """Welcomes sent that were decided in [start, end), with their region and whether
        their person created a profile after."""
