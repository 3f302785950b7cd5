"""Feedback and mentoring builders at their longest, as cases for test_language_limits.py
(see limits_cases.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.domain.events import RsvpStatus
from bot.domain.feedback import MAX_COMMENT, MEASURES, Answers, FollowUpOutcome, Subject
from bot.domain.mentoring_match import MeetingMode
from bot.domain.mentoring_programme import (
    MAX_HOPES,
    MAX_SIGNUP_TOPICS,
    CheckInAnswer,
    MentoringGroup,
    WaitingReason,
)
from bot.domain.people import MAX_TOPIC
from bot.domain.places import Gazetteer
from bot.services.feedback_types import Answered, FeedbackSummary, PromptView, SummaryLine
from bot.services.mentoring.checkins import CheckInAnswered, CheckInPrompt
from bot.services.mentoring.cycles import CloseOutcome
from bot.services.mentoring.groups import OVERVIEW_PAGE
from bot.services.mentoring.matching import Waiting
from bot.services.mentoring.signup import SignUpSaved
from handlers.feedback.blocks import details, export, follow_up, pick, prompt, summary
from handlers.feedback.blocks import home as feedback_home
from handlers.feedback.blocks.values import Origin
from handlers.mentoring.blocks import checkins, introduction, matching, membership, overview
from handlers.mentoring.blocks import home as mentoring_home
from handlers.mentoring.blocks import signup as signup_blocks
from handlers.ui.profile import profile_view
from tests.unit.blocks import test_feedback_blocks as feedback_cases
from tests.unit.blocks import test_feedback_summary_blocks as summary_cases
from tests.unit.blocks import test_mentoring_group_blocks as group_cases
from tests.unit.blocks import test_mentoring_signup_blocks as signup_cases
from tests.unit.blocks.limits_cases import (
    LONG_COMMENT,
    LONG_REGION,
    LONG_TITLE,
    LONGEST_ORGANISATION,
    LONGEST_PROFESSION,
    Case,
)

ORIGIN = Origin("C0LEEDS", "1700000000.000100")
LONG_SIGNUP_TOPICS = tuple(
    f"{i}{'arweinyddiaeth ' * 5}"[:MAX_TOPIC] for i in range(MAX_SIGNUP_TOPICS)
)
LONG_HOPES = ("Hoffwn ddysgu sut i arwain tîm " * 30)[:MAX_HOPES]
ALL_OUTCOMES = tuple(FollowUpOutcome)


def full_answers() -> Answers:
    measures = tuple((measure, True) for measure in MEASURES)
    return Answers(5, measures, LONG_COMMENT, LONG_COMMENT[: MAX_COMMENT - 1] + "!", True)


def event_prompt(**changes: object) -> PromptView:
    return feedback_cases.prompt_view(title=LONG_TITLE, answers=full_answers(), **changes)  # type: ignore[arg-type]


def group_prompt() -> PromptView:
    return feedback_cases.prompt_view(subject=Subject.group(7, 3), answers=full_answers())


def long_summary() -> FeedbackSummary:
    many = summary_cases.many_comments(300, text=LONG_COMMENT[: MAX_COMMENT - 10])
    return replace(many, event=summary_cases.event(title=LONG_TITLE))


def summary_lines(count: int) -> list[SummaryLine]:
    return [summary_cases.line(n, title=LONG_TITLE, responses=99_999) for n in range(1, count + 1)]


def feedback() -> list[Case]:
    asked = event_prompt()
    chosen = replace(asked, prompt=replace(asked.prompt, follow_up=ALL_OUTCOMES))
    return [
        Case("feedback prompt", lambda: prompt.prompt_message(asked)),
        Case(
            "feedback reminder, a group",
            lambda: prompt.prompt_message(group_prompt(), reminder=True),
        ),
        Case("feedback answered", lambda: prompt.answered_message(Answered(asked, True, True))),
        Case(
            "feedback details answered",
            lambda: prompt.answered_message(Answered(group_prompt(), False, False), details=True),
        ),
        Case("feedback notice", lambda: prompt.notice_message(LONG_COMMENT)),
        Case("feedback opted out", lambda: prompt.opted_out_message(new=True)),
        Case("feedback opted in", lambda: prompt.opted_in_message(was_out=True)),
        Case("feedback details form", lambda: details.details_view(asked, ORIGIN, from_home=True)),
        Case("feedback details form, a group", lambda: details.details_view(group_prompt())),
        Case("follow-up", lambda: follow_up.follow_up_message(chosen)),
        Case("follow-up form", lambda: follow_up.follow_up_view(17, chosen, ORIGIN)),
        Case(
            "follow-up answered",
            lambda: follow_up.follow_up_answered_message(Answered(chosen, True, True)),
        ),
        Case(
            "feedback on the Home tab",
            lambda: (
                feedback_home.awaiting_home_blocks(
                    [summary_cases.awaiting_view(n, title=LONG_TITLE) for n in range(20)]
                )
                + feedback_home.summaries_home_blocks(
                    summary_lines(20), viewer=summary_cases.ORGANISER, can_organise=True
                )
            ),
            home=True,
        ),
        Case(
            "feedback on the Home tab, opted out",
            lambda: feedback_home.awaiting_home_blocks([], opted_out=True),
            home=True,
        ),
        Case(
            "feedback pick",
            lambda: pick.pick_message(summary_lines(30), "w" * 500, viewer=summary_cases.ADMIN),
        ),
        Case("feedback not an organiser", pick.not_organiser_message),
        Case("feedback none yet", pick.none_yet_message),
        Case("feedback no match", lambda: pick.no_match_message("w" * 500)),
        Case("feedback help", pick.feedback_help_block),
        Case(
            "feedback summary",
            lambda: summary.summary_message(
                long_summary(), viewer=summary_cases.ADMIN, others=summary_lines(30)
            ),
        ),
        Case(
            "feedback summary form",
            lambda: summary.summary_view(long_summary(), viewer=summary_cases.ORGANISER),
        ),
        Case("feedback summary DM", lambda: summary.summary_dm_message(long_summary())),
        Case(
            "feedback summary blocks",
            lambda: summary.summary_blocks(long_summary(), viewer=None, comments=20),
        ),
        Case(
            "feedback comments",
            lambda: summary.comment_blocks(long_summary().tally, shown=20),
        ),
        Case(
            "feedback export sent",
            lambda: export.export_sent_message(summary_cases.event(title=LONG_TITLE)),
        ),
        Case("feedback export failed", lambda: export.export_failed_message(LONG_COMMENT)),
        Case(
            "feedback notice form",
            lambda: export.notice_view(prompt.notice_message(LONG_COMMENT)),
        ),
    ]


def long_group(group_id: int = 7, size: int = 6) -> MentoringGroup:
    return group_cases.group(
        group_id,
        size,
        shared_topics=LONG_SIGNUP_TOPICS,
        mode=MeetingMode.IN_PERSON,
        meetings=99,
        rounds=99,
    )


def waiting(count: int) -> tuple[Waiting, ...]:
    reasons = list(WaitingReason)
    return tuple(Waiting(f"U0W{n:04d}", reasons[n % len(reasons)]) for n in range(count))


def mentoring() -> list[Case]:
    formed = long_group()
    wales = Gazetteer.load().region("TLL")
    choices = signup_cases.choices(
        topics=LONG_SIGNUP_TOPICS, hopes=LONG_HOPES, mode=MeetingMode.IN_PERSON
    )
    signed = signup_cases.signup(choices=choices)
    paused = replace(
        signed, paused_at=group_cases.NOW, paused_until=group_cases.NOW + timedelta(days=366)
    )
    grouped = signup_cases.mine(paused, grouped=formed, paused=True)
    intro = group_cases.introduction(
        6,
        organisation=LONGEST_ORGANISATION,
        profession=LONGEST_PROFESSION,
        job_title="j" * 100,
        can_help=LONG_SIGNUP_TOPICS,
        want_to_learn=LONG_SIGNUP_TOPICS,
    )
    return [
        Case(
            "mentoring introduction", lambda: introduction.introduction_message(intro), channel=True
        ),
        Case(
            "mentoring thanks",
            lambda: introduction.thanks_message(formed, group_cases.cycle(99, closed=True)),
            channel=True,
        ),
        Case(
            "mentoring check-in",
            lambda: checkins.checkin_message(
                CheckInPrompt(
                    formed, group_cases.cycle(), "U0G07M02", 99, "U0G07M01", group_cases.NOW
                ),
                since=group_cases.NOW,
            ),
        ),
        Case(
            "mentoring check-in answered",
            lambda: checkins.checkin_answered_message(
                CheckInAnswered(formed, CheckInAnswer.STOPPED, True, "U0G07M01")
            ),
        ),
        Case("mentoring matching", lambda: matching.match_progress_message(LONG_REGION)),
        Case(
            "mentoring matched",
            lambda: matching.match_result_message(
                group_cases.outcome(
                    groups=tuple(long_group(n, 6) for n in range(1, 40)),
                    waiting=waiting(500),
                    region=wales,
                    considered=9_999,
                    already_grouped=9_999,
                ),
                minimum=3,
            ),
        ),
        Case(
            "mentoring unknown region",
            lambda: matching.unknown_region_message(
                "w" * 500, [LONG_REGION] * 12, suggestions=LONG_REGION
            ),
        ),
        Case("mentoring not an organiser", matching.not_organiser_message),
        Case(
            "mentoring closed",
            lambda: matching.close_result_message(
                CloseOutcome(group_cases.cycle(99), 9_999, 99_999)
            ),
        ),
        Case(
            "mentoring overview",
            lambda: overview.overview_message(
                group_cases.big_overview(99, 99),
                region_names=group_cases.REGION_NAMES,
                page_size=OVERVIEW_PAGE,
            ),
        ),
        Case("mentoring pause", lambda: membership.pause_message(paused, timezone="Europe/London")),
        Case(
            "mentoring pause error",
            lambda: membership.pause_error_message(
                "mentoring.errors.pause_date_unreadable", "w" * 500
            ),
        ),
        Case("mentoring resumed", lambda: membership.resumed_message(was_paused=True)),
        Case("mentoring not signed up", membership.not_signed_up_message),
        Case("mentoring leave?", membership.leave_confirm_message),
        Case("mentoring leave cancelled", membership.leave_cancelled_message),
        Case("mentoring nothing to leave", membership.nothing_to_leave_message),
        Case("mentoring left", lambda: membership.left_message(erased=True)),
        Case(
            "mentoring status", lambda: membership.status_message(grouped, timezone="Europe/London")
        ),
        Case("mentoring help", lambda: membership.mentoring_help_message("w" * 500)),
        Case(
            "mentoring on the Home tab",
            lambda: mentoring_home.mentoring_home_blocks(
                grouped, has_profile=True, timezone="Europe/London"
            ),
            home=True,
        ),
        Case(
            "mentoring on the Home tab, a profile but not signed up",
            lambda: mentoring_home.mentoring_home_blocks(
                signup_cases.mine(None), has_profile=True, timezone=None
            ),
            home=True,
        ),
        Case(
            "mentoring on the Home tab, not signed up",
            lambda: mentoring_home.mentoring_home_blocks(
                signup_cases.mine(None), has_profile=False, timezone=None
            ),
            home=True,
        ),
        Case(
            "mentoring sign-up form",
            lambda: signup_blocks.signup_view(signed, LONG_SIGNUP_TOPICS, profile_hidden=True),
        ),
        Case(
            "mentoring sign-up form, new",
            lambda: signup_blocks.signup_view(None, LONG_SIGNUP_TOPICS),
        ),
        Case(
            "mentoring signed up",
            lambda: signup_blocks.signup_saved_message(
                SignUpSaved(signed, True, LONG_SIGNUP_TOPICS, grouped=True)
            ),
        ),
        Case("mentoring profile first", signup_blocks.profile_first_message),
        Case(
            "mentoring profile first form",
            lambda: signup_blocks.profile_first_view(profile_view(None, None)),
        ),
    ]


def whole_home_tab() -> dict[str, object]:
    """The Home tab with every part at its fullest: a full profile, the most events it lists,
    a group, prompts awaiting answers and events with feedback."""
    from bot.services.directory import ProfileStatus
    from handlers.events.blocks.home import events_home_blocks
    from handlers.home.blocks import home_view
    from tests.unit.blocks import test_builders as directory_cases
    from tests.unit.blocks.limits_cases import LONG_PLACE, longest_event

    going = [
        (replace(longest_event(), id=n), status, LONG_PLACE)
        for n, status in zip(range(1, 501), [*RsvpStatus] * 500, strict=False)
    ]
    organising = [(replace(longest_event(), id=1000 + n), LONG_PLACE) for n in range(500)]
    signed = signup_cases.signup(choices=signup_cases.choices(topics=LONG_SIGNUP_TOPICS))
    mine = signup_cases.mine(signed, grouped=long_group(), paused=False)
    return home_view(
        ProfileStatus(directory_cases.full_profile(), None),
        LONG_PLACE,
        events=events_home_blocks(going, organising, now=group_cases.NOW),
        mentoring=mentoring_home.mentoring_home_blocks(mine, has_profile=True, timezone=None),
        awaiting=feedback_home.awaiting_home_blocks(
            [summary_cases.awaiting_view(n, title=LONG_TITLE) for n in range(20)]
        ),
        feedback=feedback_home.summaries_home_blocks(
            summary_lines(20), viewer=summary_cases.ORGANISER, can_organise=True
        ),
    )


def home() -> list[Case]:
    return [Case("the whole Home tab at its fullest", whole_home_tab)]
