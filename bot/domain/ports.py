"""The ports the services speak through; storage and the Slack edge implement them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator, Sequence
    from datetime import datetime
    from types import TracebackType

    from bot.domain.events import (
        Announcement,
        ChannelLink,
        Event,
        EventDetails,
        EventStatus,
        RsvpStatus,
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
    from bot.domain.mentoring import MeetingMode
    from bot.domain.mentoring_programme import (
        CheckIn,
        CheckInAnswer,
        Cycle,
        GroupMember,
        MentoringGroup,
        SignUp,
        WaitingReason,
    )
    from bot.domain.outbox import OutboxMessage, OutboxStatus, Outcome, ScheduledMessage
    from bot.domain.people import Profile
    from bot.domain.person_records import (
        ClosedCycle,
        InstallationMade,
        MessageNamingPerson,
        OrganisedEvent,
        OrganisedFeedbackRound,
    )


class ProfileRepository(Protocol):
    def get(self, team_id: str, user_id: str) -> Profile | None: ...

    def save(self, profile: Profile) -> None:
        """Insert or replace the profile of (team_id, user_id)."""

    def delete(self, team_id: str, user_id: str) -> bool: ...

    def set_visibility(
        self, team_id: str, user_id: str, *, visible: bool, reason: str | None
    ) -> bool: ...

    def set_active(self, team_id: str, user_id: str, *, active: bool) -> bool: ...

    def confirm(self, team_id: str, user_id: str, *, now: datetime) -> bool: ...

    def count_by_place(
        self, team_id: str, place_ids: Sequence[int], stems: Sequence[str]
    ) -> dict[int, int]:
        """Searchable people per place among `place_ids`, matching any stem when stems given."""

    def list_at_place(
        self, team_id: str, place_id: int, stems: Sequence[str], *, offset: int, limit: int
    ) -> list[Profile]:
        """Searchable people at one place, most recently updated first."""

    def iter_team(self, team_id: str) -> Iterator[Profile]: ...

    def stale_unnudged(self, *, confirmed_before: datetime, limit: int) -> list[Profile]: ...

    def mark_nudged(self, team_id: str, user_id: str, *, now: datetime) -> bool:
        """Claim a nudge: True only for the one caller that set nudged_at first."""

    def release_nudge(self, team_id: str, user_id: str) -> None: ...

    def nudged_unanswered(self, *, nudged_before: datetime, limit: int) -> list[Profile]: ...

    def hide_unanswered(self, team_id: str, user_id: str) -> bool:
        """Hide a nudged, still-visible profile; True only for the caller that hid it."""


class OutboxRepository(Protocol):
    """The outbox table. Every state change after a claim names the claim (`claimed_by`) and
    acts only while that claim still holds, so a worker that lost its lease changes nothing."""

    def add(self, message: ScheduledMessage, *, now: datetime) -> bool:
        """Insert; True if a row was written. An existing (team_id, key) is left alone, unless
        it was cancelled: then it is scheduled again with the new values. A message
        `in_doubt_since` a moment is written in doubt, its first attempt made then."""

    def add_many(self, messages: Sequence[ScheduledMessage], *, now: datetime) -> int:
        """`add` for each; how many rows were written."""

    def get(self, team_id: str, key: str) -> OutboxMessage | None: ...

    def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        lease_until: datetime,
        worker: str,
        exclude_kinds: Sequence[str] = (),
    ) -> list[OutboxMessage]:
        """Atomically take up to `limit` rows that are due (pending and due, or sending with a
        lapsed lease), oldest first, for `worker` until `lease_until`. Two callers never get
        the same row."""

    def begin_attempt(
        self, message_id: int, claim: str, *, now: datetime, lease_until: datetime
    ) -> bool:
        """About to call Slack: count the attempt, mark the row in doubt until its outcome is
        recorded, and renew the lease. False if the claim was lost: do not send."""

    def mark_sent(self, message_id: int, claim: str, *, ref: str, now: datetime) -> bool:
        """Record the delivery; also when the row was cancelled while it was being sent."""

    def mark_retry(
        self,
        message_id: int,
        claim: str,
        *,
        available_at: datetime,
        error: str,
        in_doubt: bool,
        throttled: bool,
        now: datetime,
    ) -> bool:
        """Back to pending until `available_at`, recording why."""

    def release(self, message_ids: Sequence[int], claim: str, *, available_at: datetime) -> int:
        """Give claimed rows back untried (pending again from `available_at`)."""

    def mark_failed(self, message_id: int, claim: str, *, error: str, now: datetime) -> bool: ...

    def mark_skipped(self, message_id: int, claim: str, *, reason: str, now: datetime) -> bool: ...

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Delete every message to or about the person, sent or not (/whoswho forget)."""

    def cancel(
        self,
        team_id: str,
        *,
        key: str | None = None,
        key_prefix: str | None = None,
        now: datetime,
    ) -> int:
        """Cancel the unfinished rows with this key, or whose key starts with the prefix."""

    def next_available_at(self, *, exclude_kinds: Sequence[str] = ()) -> datetime | None:
        """When the earliest unfinished row may next be claimed."""

    def counts(self) -> dict[OutboxStatus, int]: ...

    def purge_finished(self, *, before: datetime) -> int:
        """Delete finished rows last changed before `before`."""


class UnitOfWork(Protocol):
    @property
    def profiles(self) -> ProfileRepository: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def events(self) -> EventRepository: ...

    @property
    def mentoring(self) -> MentoringRepository: ...

    @property
    def feedback(self) -> FeedbackRepository: ...

    @property
    def deliveries(self) -> DeliveryRepository: ...

    @property
    def workspaces(self) -> WorkspaceRepository: ...

    @property
    def person_records(self) -> PersonRecordRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class PersonRecordRepository(Protocol):
    """What names a person beyond their profile, sign-up and answers (for their export)."""

    def events_organised(self, team_id: str, user_id: str) -> list[OrganisedEvent]: ...

    def feedback_rounds_organised(
        self, team_id: str, user_id: str
    ) -> list[OrganisedFeedbackRound]: ...

    def cycles_closed(self, team_id: str, user_id: str) -> list[ClosedCycle]: ...

    def messages_naming(self, team_id: str, user_id: str) -> list[MessageNamingPerson]: ...

    def installations_made(self, team_id: str, user_id: str) -> list[InstallationMade]: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Notifier(Protocol):
    """Messages the services send on their own (not in reply to a request)."""

    def profile_nudge(self, profile: Profile) -> bool:
        """Ask the person to confirm their profile; False if it could not be delivered."""

    def profile_hidden_as_stale(self, profile: Profile) -> bool: ...


class Dispatcher(Protocol):
    """Sends outbox messages (the Slack edge implements it)."""

    def method_for(self, message: OutboxMessage) -> str:
        """The Web API method the message goes through: rate limits are per method."""

    def deliver(self, message: OutboxMessage) -> Outcome:
        """Send one message. When `message.in_doubt`, first look for an earlier attempt that
        reached Slack and answer Delivered for it instead of sending again."""


class GroupFeedback(Protocol):
    """Asks a mentoring group's members for feedback about their group (the feedback feature)."""

    def open_for_mentoring_group(
        self,
        team_id: str,
        group_id: int,
        member_ids: Sequence[str],
        *,
        occasion: int,
        uow: UnitOfWork | None = None,
    ) -> object: ...

    def withdraw_for_mentoring_member(
        self, uow: UnitOfWork, team_id: str, group_id: int, user_id: str, *, occasion: int
    ) -> bool:
        """The member no longer says the group met for `occasion`: withdraw the question
        about that session still on its way to them, in the caller's transaction."""


class PeopleLookup(Protocol):
    """Who a person is in the workspace, for imports."""

    def user_id_for_email(self, team_id: str, email: str) -> str | None: ...

    def user_exists(self, team_id: str, user_id: str) -> bool: ...


class AdminDirectory(Protocol):
    """Whether a person administers or owns the workspace (they may organise)."""

    def is_admin(self, team_id: str, user_id: str) -> bool: ...


class EventRepository(Protocol):
    """Events, RSVPs, announcements and the channels linked to regions, per workspace."""

    def add(
        self, team_id: str, organiser_id: str, details: EventDetails, *, now: datetime
    ) -> Event: ...

    def get(self, team_id: str, event_id: int) -> Event | None:
        """The event with its going and waitlist counts."""

    def lock(self, team_id: str, event_id: int) -> Event | None:
        """The event, locked for the rest of the transaction: RSVP decisions queue here."""

    def update_details(self, event_id: int, details: EventDetails, *, now: datetime) -> None: ...

    def set_status(self, event_id: int, status: EventStatus, *, now: datetime) -> None: ...

    def rsvp_status(self, event_id: int, user_id: str) -> RsvpStatus | None: ...

    def set_rsvp(self, event_id: int, user_id: str, status: RsvpStatus, *, now: datetime) -> None:
        """Insert or change; joining the waitlist (again) puts the person at its end."""

    def waitlist(self, event_id: int) -> list[str]:
        """Waitlisted people, first come first."""

    def people(
        self, event_id: int, statuses: Sequence[RsvpStatus]
    ) -> list[tuple[str, RsvpStatus]]: ...

    def add_announcement(self, team_id: str, event_id: int, channel_id: str, ts: str) -> None: ...

    def announcements(self, event_id: int) -> list[Announcement]: ...

    def set_announcements_moved(
        self, event_id: int, channel_ids: Sequence[str], *, moved: bool
    ) -> None:
        """Mark the event's posts in these channels as moved away (or back)."""

    def count_upcoming(
        self, team_id: str, *, now: datetime, region: str | None, place_ids: Sequence[int] | None
    ) -> int: ...

    def upcoming(
        self,
        team_id: str,
        *,
        now: datetime,
        region: str | None,
        place_ids: Sequence[int] | None,
        offset: int,
        limit: int,
    ) -> list[Event]:
        """Scheduled events not yet over, soonest first: at the places given, or online in
        the region given, or anywhere in the region when no places are given."""

    def for_person(
        self, team_id: str, user_id: str, *, now: datetime, limit: int | None = 50
    ) -> list[tuple[Event, RsvpStatus]]:
        """Events not yet over the person is going to or waiting for, soonest first."""

    def organised_by(
        self, team_id: str, user_id: str, *, now: datetime, limit: int | None = 50
    ) -> list[Event]:
        """Scheduled events not yet over that the person organises, soonest first."""

    def replies_of(self, team_id: str, user_id: str) -> list[tuple[Event, RsvpStatus]]: ...

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Remove the person's RSVPs and their name on channel links and on the events they
        organised (which keep their facts under ERASED_ORGANISER, without the description and
        links the person wrote)."""

    def link_channel(
        self, team_id: str, channel_id: str, region_code: str, user_id: str, *, now: datetime
    ) -> bool:
        """True when the link is new."""

    def unlink_channel(self, team_id: str, channel_id: str) -> list[str]:
        """The region codes the channel was linked to."""

    def channel_links(self, team_id: str) -> list[ChannelLink]: ...

    def channels_for_region(self, team_id: str, region_code: str) -> list[str]: ...


class MentoringRepository(Protocol):
    """Mentoring sign-ups, cycles, groups and check-ins, per workspace."""

    def get_signup(self, team_id: str, user_id: str) -> SignUp | None: ...

    def save_signup(self, signup: SignUp) -> None:
        """Insert or replace the sign-up of (team_id, user_id)."""

    def signups(self, team_id: str) -> list[SignUp]: ...

    def topics_in_use(self, team_id: str, *, except_user: str) -> set[str]: ...

    def set_waiting(self, team_id: str, reasons: dict[str, WaitingReason | None]) -> None:
        """Record why each person was left waiting by a match (None: they were placed)."""

    def teams(self) -> list[str]:
        """Workspaces where anyone is signed up."""

    def try_lock(self, team_id: str, holder: str, *, now: datetime, until: datetime) -> bool:
        """Take the workspace's match lease if free or lapsed; True for the one that took it."""

    def unlock(self, team_id: str, holder: str) -> None: ...

    def open_cycle(self, team_id: str) -> Cycle | None: ...

    def add_cycle(self, team_id: str, *, now: datetime, ends_at: datetime) -> Cycle: ...

    def close_cycle(self, cycle_id: int, *, now: datetime, by: str | None) -> bool:
        """True for the one caller that closed it; its groups are asked nothing more."""

    def cycles(self, team_id: str, *, limit: int) -> list[Cycle]:
        """The latest cycles first."""

    def ended_cycles(self, *, now: datetime, limit: int) -> list[Cycle]: ...

    def add_group(
        self,
        team_id: str,
        cycle_id: int,
        members: Sequence[GroupMember],
        *,
        shared_topics: Sequence[str],
        mode: MeetingMode,
        region_code: str | None,
        now: datetime,
        next_checkin_at: datetime | None,
    ) -> MentoringGroup: ...

    def group(self, team_id: str, group_id: int) -> MentoringGroup | None: ...

    def groups(self, cycle_id: int) -> list[MentoringGroup]: ...

    def group_of(self, team_id: str, user_id: str, cycle_id: int) -> MentoringGroup | None: ...

    def grouped_in(self, cycle_id: int) -> set[str]: ...

    def past_pairs(self, team_id: str, user_ids: Collection[str]) -> frozenset[frozenset[str]]:
        """Every pair among `user_ids` who have been in a group together."""

    def due_checkins(self, *, now: datetime, limit: int) -> list[MentoringGroup]: ...

    def open_round(self, group_id: int, *, round_: int, next_at: datetime | None) -> bool:
        """True for the one caller that moved the group on to this check-in round."""

    def lock_group(self, group_id: int) -> None:
        """Hold the group until the transaction ends (answers to it are counted in turn)."""

    def met_in_round(self, group_id: int, round_: int, *, except_user: str) -> bool:
        """Whether anyone but `except_user` says the group met in this check-in round."""

    def count_meeting(self, group_id: int, *, round_: int) -> bool:
        """Count one meeting for the round, once whoever says so first."""

    def uncount_meeting(self, group_id: int, *, round_: int) -> bool:
        """Take the round's meeting off the count: nobody says it met any more."""

    def remove_member(self, team_id: str, user_id: str, group_id: int) -> bool: ...

    def add_checkin(self, team_id: str, checkin: CheckIn) -> None: ...

    def checkin(self, team_id: str, group_id: int, user_id: str, round_: int) -> CheckIn | None: ...

    def answer_checkin(
        self,
        team_id: str,
        group_id: int,
        user_id: str,
        round_: int,
        answer: CheckInAnswer,
        *,
        now: datetime,
    ) -> bool: ...

    def round_asked_at(self, group_id: int, round_: int) -> datetime | None: ...

    def recent_checkins(self, team_id: str, user_id: str, *, limit: int) -> list[CheckIn]:
        """Newest first."""

    def checkins_of_cycle(self, cycle_id: int) -> list[CheckIn]: ...

    def memberships_of(self, team_id: str, user_id: str) -> list[tuple[Cycle, MentoringGroup]]: ...

    def erase_person(self, team_id: str, user_id: str) -> int:
        """The sign-up, group memberships and check-ins of the person (how many), and their
        name on cycles they closed."""


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


class DeliveryRepository(Protocol):
    """Events API deliveries already taken in, by event_id (Slack's retries and duplicates)."""

    def record(self, event_id: str, team_id: str | None, *, now: datetime) -> bool:
        """Record the delivery if it is new: True for the one caller, on any replica, that
        recorded it; False when it was recorded before."""

    def purge(self, *, before: datetime) -> int:
        """Forget deliveries received before `before`; how many."""


class WorkspaceRepository(Protocol):
    """The workspaces the app is installed in (many workspaces)."""

    def erase_installer(self, team_id: str, user_id: str) -> int:
        """Take the person's id off the installations they made (in this workspace, or for
        its whole organisation); how many."""
