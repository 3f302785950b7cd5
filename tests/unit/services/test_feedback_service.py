"""The feedback service over a real database (SQLite here, PostgreSQL in CI): who is asked and
when, what each answer counts for, what organisers see, and what each decision schedules."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.errors import DomainError, InvalidInputError, NotAllowedError, NotFoundError
from bot.domain.events import EventDraft, EventMode
from bot.domain.feedback import (
    CYCLE_END,
    DetailsDraft,
    FollowUpOutcome,
    Measure,
    Subject,
    Timing,
)
from bot.domain.mentoring_programme import SignUpDraft
from bot.domain.outbox import OutboxStatus
from bot.domain.people import ProfileDraft
from bot.services.directory import DirectoryService
from bot.services.events import EventService
from bot.services.feedback import (
    FOLLOW_UP,
    PROMPT,
    REMINDER,
    SUMMARY,
    FeedbackService,
    feedback_export,
    withdraw_event,
)
from bot.services.mentoring import MentoringService
from storage.db import make_session_factory
from storage.models import FeedbackPromptRow, OutboxRow
from storage.uow import SqlAlchemyUnitOfWorkFactory

TEAM = "T0001"
OTHER_TEAM = "T0002"
ORGANISER = "UORGANISER"
ADMIN = "UADMIN"


class Admins:
    def is_admin(self, team_id: str, user_id: str) -> bool:
        return user_id == ADMIN


@pytest.fixture
def uow_factory(engine):
    return SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))


@pytest.fixture
def events(uow_factory, gazetteer, clock) -> EventService:
    return EventService(uow_factory, gazetteer, clock, Admins(), organisers=[ORGANISER])


@pytest.fixture
def timing() -> Timing:
    return Timing(delay=timedelta(minutes=30))


@pytest.fixture
def feedback(uow_factory, clock, timing) -> FeedbackService:
    return FeedbackService(uow_factory, clock, Admins(), organisers=[ORGANISER], timing=timing)


def new_event(events, gazetteer, clock, people=(), *, title="Leeds data meet-up", capacity=""):
    leeds = gazetteer.read_query("Leeds").place
    start = clock.now() + timedelta(days=1)
    draft = EventDraft(
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=leeds.id,
        capacity_text=capacity,
    )
    event = events.create_event(TEAM, ORGANISER, draft).event
    for user in people:
        events.rsvp(TEAM, event.id, user, going=True)
    return event


def after_end(clock, event, **extra) -> None:
    clock.set(event.ends_at + timedelta(minutes=30, **extra))


@dataclass(frozen=True)
class Row:
    kind: str
    key: str
    status: str
    payload: dict
    due_at: datetime
    expires_at: datetime | None


def outbox_rows(uow_factory, *, kind: str | None = None, user: str | None = None) -> list[Row]:
    """This feature's outbox rows (of one kind, to one person), oldest first."""
    with uow_factory() as uow:
        rows = uow._active().scalars(select(OutboxRow).order_by(OutboxRow.id)).all()
        return [
            Row(row.kind, row.key, row.status, dict(row.payload), row.due_at, row.expires_at)
            for row in rows
            if row.kind.startswith("feedback.")
            and (kind is None or row.kind == kind)
            and (user is None or row.payload.get("user") == user)
        ]


def prompt_of(uow_factory, event_id: int, user: str):
    with uow_factory() as uow:
        return uow.feedback.prompt_of(TEAM, Subject.event(event_id), user)


def asked(feedback, gazetteer, events, clock, people=("UA", "UB", "UC"), **kwargs):
    """An event that ended, whose prompts went out: (event, {user: prompt id})."""
    event = new_event(events, gazetteer, clock, people, **kwargs)
    after_end(clock, event)
    feedback.tick()
    ids = {}
    for user in people:
        found = prompt_of(feedback._uow, event.id, user)
        if found is not None:
            ids[user] = found.id
    return event, ids


def key_of(error) -> str:
    return error.value.key


# Asking ---------------------------------------------------------------------------------------


def test_nobody_is_asked_before_the_event_ends_and_the_delay_passes(
    feedback, events, gazetteer, clock
):
    event = new_event(events, gazetteer, clock, ["UA"])
    clock.set(event.ends_at + timedelta(minutes=29))
    assert feedback.tick().rounds_opened == 0
    clock.set(event.ends_at + timedelta(minutes=30))
    report = feedback.tick()
    assert (report.rounds_opened, report.asked) == (1, 1)


def test_everyone_going_is_asked_exactly_once_and_nobody_else(
    feedback, events, gazetteer, clock, uow_factory
):
    event = new_event(events, gazetteer, clock, ["UA", "UB", "UC", "UWAIT"], capacity="3")
    events.rsvp(TEAM, event.id, "UNOT", going=True)
    events.rsvp(TEAM, event.id, "UNOT", going=False)
    after_end(clock, event)
    assert feedback.tick().asked == 3
    assert feedback.tick().asked == 0  # a second tick asks nobody again
    prompts = outbox_rows(uow_factory, kind=PROMPT)
    assert sorted(row.payload["user"] for row in prompts) == ["UA", "UB", "UC"]
    first = prompts[0]
    closes = clock.now() + timedelta(days=7)
    assert first.key == f"feedback:event:{event.id}:{first.payload['user']}:prompt"
    assert first.payload == {
        "prompt_id": prompt_of(uow_factory, event.id, first.payload["user"]).id,
        "user": first.payload["user"],
        "subject": "event",
        "subject_id": event.id,
        "occasion": 0,
    }
    assert first.due_at == clock.now()
    assert first.expires_at == closes
    reminders = outbox_rows(uow_factory, kind=REMINDER)
    assert len(reminders) == 3
    assert all(r.due_at == clock.now() + timedelta(days=3) for r in reminders)
    assert all(r.expires_at == closes for r in reminders)


def test_a_cancelled_event_asks_nobody(feedback, events, gazetteer, clock, uow_factory):
    event = new_event(events, gazetteer, clock, ["UA", "UB"])
    events.cancel_event(TEAM, ORGANISER, event.id)
    after_end(clock, event)
    assert feedback.tick().rounds_opened == 0
    assert outbox_rows(uow_factory, kind=PROMPT) == []


def test_events_that_ended_before_the_window_are_left_alone(feedback, events, gazetteer, clock):
    event = new_event(events, gazetteer, clock, ["UA"])
    after_end(clock, event, days=8)  # e.g. the app was first installed after it
    assert feedback.tick().rounds_opened == 0


def test_those_who_said_dont_ask_me_are_not_asked_until_they_say_so_again(
    feedback, events, gazetteer, clock
):
    assert feedback.opt_out(TEAM, "UA")
    assert not feedback.opt_out(TEAM, "UA")
    assert feedback.is_opted_out(TEAM, "UA")
    _, ids = asked(feedback, gazetteer, events, clock, ["UA", "UB"])
    assert set(ids) == {"UB"}
    assert feedback.opt_in(TEAM, "UA")
    assert not feedback.opt_in(TEAM, "UA")
    _, later = asked(feedback, gazetteer, events, clock, ["UA"])
    assert set(later) == {"UA"}


def test_saying_dont_ask_me_withdraws_what_was_on_its_way(
    feedback, events, gazetteer, clock, uow_factory
):
    _, ids = asked(feedback, gazetteer, events, clock, ["UA", "UB"])
    feedback.opt_out(TEAM, "UA")
    statuses = {(r.kind, r.status) for r in outbox_rows(uow_factory, user="UA")}
    assert statuses == {(PROMPT, "cancelled"), (REMINDER, "cancelled")}
    assert {r.status for r in outbox_rows(uow_factory, user="UB")} == {"pending"}
    assert feedback.prompt_message(TEAM, ids["UA"]) is None
    assert feedback.awaiting(TEAM, "UA") == ()
    assert len(feedback.awaiting(TEAM, "UB")) == 1


# Answering ------------------------------------------------------------------------------------


def test_a_rating_alone_counts_and_a_double_click_counts_once(
    feedback, events, gazetteer, clock, uow_factory
):
    event, ids = asked(feedback, gazetteer, events, clock)
    first = feedback.rate(TEAM, "UA", ids["UA"], 4)
    assert (first.changed, first.first) == (True, True)
    assert first.view.title == "Leeds data meet-up"
    again = feedback.rate(TEAM, "UA", ids["UA"], "4")
    assert (again.changed, again.first) == (False, False)
    summary = feedback.summary(TEAM, ORGANISER, event.id)
    assert (summary.tally.asked, summary.tally.responses) == (3, 1)
    # The reminder is withdrawn, and would be skipped anyway.
    reminder = outbox_rows(uow_factory, kind=REMINDER, user="UA")
    assert [r.status for r in reminder] == ["cancelled"]
    assert feedback.prompt_message(TEAM, ids["UA"], reminder=True) is None
    assert feedback.prompt_message(TEAM, ids["UB"], reminder=True) is not None
    assert [v.prompt.id for v in feedback.awaiting(TEAM, "UA")] == []


def test_another_rating_replaces_the_first(feedback, events, gazetteer, clock):
    _, ids = asked(feedback, gazetteer, events, clock)
    feedback.rate(TEAM, "UA", ids["UA"], 2)
    changed = feedback.rate(TEAM, "UA", ids["UA"], 5)
    assert changed.changed
    assert not changed.first
    assert changed.view.prompt.answers.rating == 5


@pytest.mark.parametrize("rating", [0, 6, "x", None])
def test_a_rating_outside_one_to_five_is_refused(feedback, events, gazetteer, clock, rating):
    _, ids = asked(feedback, gazetteer, events, clock)
    with pytest.raises(DomainError) as raised:
        feedback.rate(TEAM, "UA", ids["UA"], rating)
    assert key_of(raised) == "feedback.errors.rating"


def test_clicks_on_someone_elses_or_an_unknown_prompt_are_refused(
    feedback, events, gazetteer, clock
):
    _, ids = asked(feedback, gazetteer, events, clock)
    with pytest.raises(NotAllowedError) as raised:
        feedback.rate(TEAM, "UB", ids["UA"], 3)
    assert key_of(raised) == "feedback.errors.not_yours"
    with pytest.raises(NotFoundError) as raised:
        feedback.rate(TEAM, "UA", 99999, 3)
    assert key_of(raised) == "feedback.errors.gone"
    with pytest.raises(NotFoundError) as raised:
        feedback.rate(OTHER_TEAM, "UA", ids["UA"], 3)  # another workspace's prompt
    assert key_of(raised) == "feedback.errors.gone"
    with pytest.raises(NotAllowedError):
        feedback.prompt_for(TEAM, "UB", ids["UA"])


def test_a_late_click_is_told_politely_that_the_prompt_closed(feedback, events, gazetteer, clock):
    _, ids = asked(feedback, gazetteer, events, clock)
    clock.advance(days=7)
    for attempt in (
        lambda: feedback.rate(TEAM, "UA", ids["UA"], 5),
        lambda: feedback.submit_details(TEAM, "UA", ids["UA"], DetailsDraft()),
        lambda: feedback.prompt_for(TEAM, "UA", ids["UA"]),
    ):
        with pytest.raises(DomainError) as raised:
            attempt()
        assert key_of(raised) == "feedback.errors.closed"
    assert feedback.prompt_message(TEAM, ids["UA"]) is None


def test_a_rating_for_an_event_the_person_did_not_attend_is_refused(
    feedback, events, gazetteer, clock
):
    event = new_event(events, gazetteer, clock, ["UA", "UB", "UWAIT"], capacity="2")
    events.rsvp(TEAM, event.id, "UNOT", going=True)
    events.rsvp(TEAM, event.id, "UNOT", going=False)
    with pytest.raises(DomainError) as raised:
        feedback.rate_event(TEAM, "UA", event.id, 4)
    assert key_of(raised) == "feedback.errors.not_yet"  # it has not ended yet
    after_end(clock, event)
    feedback.tick()
    for person in ("UWAIT", "UNOT", "USTRANGER"):
        with pytest.raises(NotAllowedError) as raised:
            feedback.rate_event(TEAM, person, event.id, 4)
        assert key_of(raised) == "feedback.errors.not_attended"
    with pytest.raises(NotFoundError):
        feedback.rate_event(TEAM, "UA", 99999, 4)
    assert feedback.rate_event(TEAM, "UA", event.id, 4).first


def test_someone_who_asked_not_to_be_asked_may_still_volunteer_a_rating(
    feedback, events, gazetteer, clock, uow_factory
):
    feedback.opt_out(TEAM, "UA")
    event, ids = asked(feedback, gazetteer, events, clock, ["UA", "UB"])
    assert "UA" not in ids
    rated = feedback.rate_event(TEAM, "UA", event.id, 5)
    assert rated.first
    assert outbox_rows(uow_factory, user="UA") == []  # and is sent nothing, not even later
    assert feedback.summary(TEAM, ORGANISER, event.id).tally.asked == 2


def test_the_form_saves_the_measures_comments_and_anonymity_once(
    feedback, events, gazetteer, clock
):
    event, ids = asked(feedback, gazetteer, events, clock)
    draft = DetailsDraft(
        measures={"learned": "agree", "equipped": "disagree"},
        what_worked="Meeting people from <!channel> other departments",
        could_be_better="More time",
        anonymous=True,
    )
    saved = feedback.submit_details(TEAM, "UA", ids["UA"], draft)
    assert (saved.changed, saved.first) == (True, True)
    answers = saved.view.prompt.answers
    assert answers.rating is None  # the form alone counts too
    assert answers.agreements == {Measure.LEARNED: True, Measure.EQUIPPED: False}
    assert answers.anonymous
    again = feedback.submit_details(TEAM, "UA", ids["UA"], draft)
    assert (again.changed, again.first) == (False, False)
    assert feedback.summary(TEAM, ORGANISER, event.id).tally.responses == 1
    with pytest.raises(InvalidInputError) as raised:
        feedback.submit_details(TEAM, "UA", ids["UA"], DetailsDraft(measures={"learned": "?"}))
    assert raised.value.fields == {"learned": "feedback.errors.measure_choice"}


# Closing and summaries ------------------------------------------------------------------------


def test_the_window_closes_once_and_the_organiser_hears_how_it_went(
    feedback, events, gazetteer, clock, uow_factory
):
    event, ids = asked(feedback, gazetteer, events, clock)
    for user, rating in (("UA", 5), ("UB", 4), ("UC", 3)):
        feedback.rate(TEAM, user, ids[user], rating)
    clock.advance(days=6)
    assert feedback.tick().rounds_closed == 0
    clock.advance(days=1)
    report = feedback.tick()
    assert (report.rounds_closed, report.summaries) == (1, 1)
    assert feedback.tick().rounds_closed == 0
    [summary] = outbox_rows(uow_factory, kind=SUMMARY)
    assert summary.key == f"feedback:event:{event.id}:summary"
    assert summary.payload["user"] == ORGANISER
    assert summary.payload["subject_id"] == event.id
    told = feedback.summary_message(TEAM, summary.payload["round_id"])
    assert told is not None
    assert told.closed
    assert told.tally.average == pytest.approx(4.0)
    assert told.tally.distribution == (0, 0, 1, 1, 1)


def test_a_round_nobody_was_asked_in_sends_no_summary(
    feedback, events, gazetteer, clock, uow_factory
):
    new_event(events, gazetteer, clock, [])
    clock.advance(days=2)
    feedback.tick()
    clock.advance(days=7)
    assert feedback.tick().summaries == 0
    assert outbox_rows(uow_factory, kind=SUMMARY) == []


def test_the_organisers_summary_shows_counts_only_below_three_responses(
    feedback, events, gazetteer, clock
):
    event, ids = asked(feedback, gazetteer, events, clock, ["UA", "UB", "UC", "UD"])
    feedback.submit_details(
        TEAM,
        "UA",
        ids["UA"],
        DetailsDraft(measures={"learned": "agree"}, what_worked="Named", rating=5),
    )
    feedback.submit_details(
        TEAM, "UB", ids["UB"], DetailsDraft(what_worked="Hidden name", anonymous=True, rating=1)
    )
    small = feedback.summary(TEAM, ORGANISER, event.id).tally
    assert (small.asked, small.responses, small.response_rate) == (4, 2, 0.5)
    assert small.small
    assert (small.average, small.distribution) == (None, None)
    assert [c.what_worked for c in small.comments] == ["Hidden name"]
    assert small.comments[0].user_id is None
    assert small.withheld_comments == 1
    feedback.rate(TEAM, "UC", ids["UC"], 3)
    full = feedback.summary(TEAM, ORGANISER, event.id).tally
    assert full.average == pytest.approx(3.0)
    assert [(c.what_worked, c.user_id) for c in full.comments] == [
        ("Named", "UA"),
        ("Hidden name", None),
    ]


def test_only_the_organiser_or_an_admin_reads_an_events_feedback(
    feedback, events, gazetteer, clock
):
    event, _ = asked(feedback, gazetteer, events, clock)
    with pytest.raises(NotAllowedError) as raised:
        feedback.summary(TEAM, "UA", event.id)
    assert key_of(raised) == "feedback.errors.not_your_event"
    assert feedback.summary(TEAM, ADMIN, event.id).event.id == event.id
    with pytest.raises(NotFoundError) as raised:
        feedback.summary(TEAM, ORGANISER, 99999)
    assert key_of(raised) == "feedback.errors.no_event"
    upcoming = new_event(events, gazetteer, clock, ["UA"])
    with pytest.raises(DomainError) as raised:
        feedback.summary(TEAM, ORGANISER, upcoming.id)
    assert key_of(raised) == "feedback.errors.not_asked_yet"


def test_the_list_of_events_with_feedback_is_newest_first_and_filters_by_words(
    feedback, events, gazetteer, clock
):
    first, _ = asked(feedback, gazetteer, events, clock, title="Data meet-up")
    second, _ = asked(feedback, gazetteer, events, clock, title="Policy breakfast")
    lines = feedback.summaries(TEAM, ORGANISER)
    assert [line.event.id for line in lines] == [second.id, first.id]
    assert [line.event.id for line in feedback.summaries(TEAM, ORGANISER, text="data")] == [
        first.id
    ]
    assert feedback.summaries(TEAM, "USOMEONE") == ()
    assert len(feedback.summaries(TEAM, ADMIN)) == 2
    assert lines[1].asked == 3
    assert lines[1].average is None


def test_the_csv_export_has_a_row_per_response_and_no_names_on_anonymous_ones(
    feedback, events, gazetteer, clock
):
    event, ids = asked(feedback, gazetteer, events, clock, ["UA", "UB", "UC", "UD"])
    feedback.submit_details(
        TEAM,
        "UA",
        ids["UA"],
        DetailsDraft(measures={"mobility": "agree"}, what_worked="=HYPERLINK(1)", rating=5),
    )
    feedback.submit_details(
        TEAM, "UB", ids["UB"], DetailsDraft(what_worked="Quiet", anonymous=True)
    )
    with pytest.raises(DomainError) as raised:
        feedback.export_csv(TEAM, ORGANISER, event.id)
    assert key_of(raised) == "feedback.errors.too_few_to_export"
    assert raised.value.params == {"needed": 3}
    feedback.rate(TEAM, "UC", ids["UC"], 2)
    rows = list(csv.DictReader(io.StringIO(feedback.export_csv(TEAM, ORGANISER, event.id))))
    assert len(rows) == 3
    by_comment = {row["what_worked"]: row for row in rows}
    assert by_comment["'=HYPERLINK(1)"]["respondent"] == "UA"
    assert by_comment["'=HYPERLINK(1)"]["mobility"] == "agree"
    assert by_comment["'=HYPERLINK(1)"]["rating"] == "5"
    assert by_comment["Quiet"]["respondent"] == ""
    assert by_comment[""]["respondent"] == "UC"
    with pytest.raises(NotAllowedError):
        feedback.export_csv(TEAM, "UA", event.id)


# Follow-ups -----------------------------------------------------------------------------------


def test_a_first_answer_brings_one_follow_up_weeks_later(
    feedback, events, gazetteer, clock, uow_factory
):
    _, ids = asked(feedback, gazetteer, events, clock)
    asked_at = clock.now()
    feedback.rate(TEAM, "UA", ids["UA"], 4)
    feedback.rate(TEAM, "UA", ids["UA"], 5)
    [row] = outbox_rows(uow_factory, kind=FOLLOW_UP)
    assert row.payload["user"] == "UA"
    assert row.due_at == asked_at + timedelta(weeks=8)
    assert row.expires_at == asked_at + timedelta(weeks=8, days=7)
    with pytest.raises(DomainError) as raised:
        feedback.answer_follow_up(TEAM, "UA", ids["UA"], ["applied"])
    assert key_of(raised) == "feedback.errors.not_yet"
    clock.set(asked_at + timedelta(weeks=8))
    view = feedback.follow_up_message(TEAM, ids["UA"])
    assert view is not None
    assert view.is_open
    with pytest.raises(NotAllowedError):
        feedback.answer_follow_up(TEAM, "UB", ids["UA"], [])
    answered = feedback.answer_follow_up(TEAM, "UA", ids["UA"], ["collaborated", "applied"])
    assert answered.first
    assert answered.view.prompt.follow_up == (
        FollowUpOutcome.APPLIED,
        FollowUpOutcome.COLLABORATED,
    )
    assert not feedback.answer_follow_up(TEAM, "UA", ids["UA"], ["applied", "collaborated"]).changed
    assert feedback.follow_up_message(TEAM, ids["UA"]) is None
    clock.advance(days=7)
    with pytest.raises(DomainError) as raised:
        feedback.answer_follow_up(TEAM, "UA", ids["UA"], ["moved"])
    assert key_of(raised) == "feedback.errors.closed"


def test_at_most_one_follow_up_a_fortnight(feedback, events, gazetteer, clock, uow_factory):
    _, first = asked(feedback, gazetteer, events, clock, ["UA"])
    _, second = asked(feedback, gazetteer, events, clock, ["UA"], title="Another")
    feedback.rate(TEAM, "UA", first["UA"], 4)
    feedback.rate(TEAM, "UA", second["UA"], 4)
    assert len(outbox_rows(uow_factory, kind=FOLLOW_UP)) == 1


def test_follow_ups_can_be_switched_off(uow_factory, clock, events, gazetteer):
    quiet = FeedbackService(uow_factory, clock, Admins(), timing=Timing(follow_up_after=None))
    _, ids = asked(quiet, gazetteer, events, clock, ["UA"])
    quiet.rate(TEAM, "UA", ids["UA"], 4)
    assert outbox_rows(uow_factory, kind=FOLLOW_UP) == []


# Privacy --------------------------------------------------------------------------------------


def test_erasure_removes_the_person_but_their_numbers_stay_anonymous(
    feedback, events, gazetteer, clock, uow_factory
):
    event, ids = asked(feedback, gazetteer, events, clock)
    for user in ("UA", "UB", "UC"):
        feedback.submit_details(
            TEAM, user, ids[user], DetailsDraft(what_worked=f"from {user}", rating=4)
        )
    with uow_factory() as uow:
        assert feedback_export(uow, TEAM, "UA")["answers"][0]["what_worked"] == "from UA"
    assert feedback.erase_person(TEAM, "UA") > 0
    tally = feedback.summary(TEAM, ORGANISER, event.id).tally
    assert (tally.asked, tally.responses, tally.average) == (3, 3, 4.0)
    assert sorted(c.what_worked for c in tally.comments) == ["from UB", "from UC"]
    assert all(c.user_id != "UA" for c in tally.comments)
    with uow_factory() as uow:
        assert feedback_export(uow, TEAM, "UA") is None
        rows = uow._active().scalars(select(FeedbackPromptRow)).all()
        assert "UA" not in {row.user_id for row in rows}
    # Clicks and forms arriving after the erasure find nothing of theirs.
    for attempt in (
        lambda: feedback.rate(TEAM, "UA", ids["UA"], 1),
        lambda: feedback.submit_details(TEAM, "UA", ids["UA"], DetailsDraft(what_worked="x")),
    ):
        with pytest.raises(NotFoundError) as raised:
            attempt()
        assert key_of(raised) == "feedback.errors.gone"
    assert feedback.prompt_message(TEAM, ids["UA"]) is None


def test_the_organisers_erasure_leaves_nobody_to_tell(
    feedback, events, gazetteer, clock, uow_factory
):
    _, ids = asked(feedback, gazetteer, events, clock)
    feedback.rate(TEAM, "UA", ids["UA"], 4)
    feedback.erase_person(TEAM, ORGANISER)
    clock.advance(days=7)
    assert feedback.tick().summaries == 0


def test_free_text_is_deleted_after_its_retention_period(uow_factory, clock, events, gazetteer):
    service = FeedbackService(
        uow_factory,
        clock,
        Admins(),
        organisers=[ORGANISER],
        timing=Timing(comment_retention=timedelta(days=30)),
    )
    _, ids = asked(service, gazetteer, events, clock)
    service.submit_details(
        TEAM,
        "UA",
        ids["UA"],
        DetailsDraft(what_worked="kept a while", could_be_better="x", rating=4),
    )
    clock.advance(days=29)
    assert service.tick().comments_deleted == 0
    clock.advance(days=2)
    assert service.tick().comments_deleted == 1
    assert service.tick().comments_deleted == 0
    with uow_factory() as uow:
        kept = uow.feedback.prompt(TEAM, ids["UA"])
    assert (kept.answers.what_worked, kept.answers.could_be_better) == (None, None)
    assert kept.answers.rating == 4


def test_an_event_cancelled_after_its_prompts_went_out_asks_nothing_more(
    feedback, events, gazetteer, clock, uow_factory
):
    event, ids = asked(feedback, gazetteer, events, clock)
    feedback.rate(TEAM, "UA", ids["UA"], 4)  # which scheduled a follow-up
    events.cancel_event(TEAM, ORGANISER, event.id)
    with pytest.raises(DomainError) as raised:
        feedback.rate(TEAM, "UB", ids["UB"], 4)
    assert key_of(raised) == "feedback.errors.cancelled"
    assert feedback.prompt_message(TEAM, ids["UB"]) is None
    assert feedback.awaiting(TEAM, "UB") == ()
    # Every feedback message about it is withdrawn: prompts, reminders and the follow-up.
    withdrawn = {(r.kind, r.status) for r in outbox_rows(uow_factory)}
    assert {kind for kind, _ in withdrawn} == {PROMPT, REMINDER, FOLLOW_UP}
    assert {status for _, status in withdrawn} == {OutboxStatus.CANCELLED.value}
    with uow_factory() as uow:
        assert not withdraw_event(uow, TEAM, event.id, now=clock.now())  # once is enough
    clock.advance(days=7)
    assert feedback.tick().summaries == 0


def test_cancelling_an_event_never_asked_about_withdraws_nothing(
    events, gazetteer, clock, uow_factory
):
    event = new_event(events, gazetteer, clock, ["UA"])
    events.cancel_event(TEAM, ORGANISER, event.id)
    with uow_factory() as uow:
        assert uow.feedback.round(TEAM, Subject.event(event.id)) is None


# Mentoring groups -----------------------------------------------------------------------------


def test_a_mentoring_group_is_asked_about_itself_the_same_way(
    feedback, uow_factory, gazetteer, clock
):
    directory = DirectoryService(uow_factory, gazetteer, clock)
    mentoring = MentoringService(
        uow_factory, gazetteer, clock, Admins(), organisers=[ORGANISER], worker_id="test"
    )
    leeds = gazetteer.read_query("Leeds").place
    users = ["UM1", "UM2", "UM3"]
    for i, user in enumerate(users):
        directory.save_profile(
            TEAM,
            user,
            ProfileDraft(place_id=leeds.id, organisation=f"Org {i}", job_title="Analyst"),
        )
        mentoring.save_signup(TEAM, user, SignUpDraft("peer", "data", "either", 3, 4, "monthly"))
    group = mentoring.match(TEAM, ORGANISER).groups[0]
    opened = feedback.open_for_mentoring_group(TEAM, group.id, group.member_ids, occasion=1)
    assert opened is not None
    assert opened.subject == Subject.group(group.id, 1)
    # Asking again (another member saying they met) asks nobody twice.
    again = feedback.open_for_mentoring_group(TEAM, group.id, group.member_ids, occasion=1)
    assert again is not None
    assert again.id == opened.id
    prompts = outbox_rows(uow_factory, kind=PROMPT)
    assert sorted(r.payload["user"] for r in prompts) == sorted(group.member_ids)
    assert prompts[0].key.startswith(f"feedback:group:{group.id}:1:")
    member = group.member_ids[0]
    with uow_factory() as uow:
        mine = uow.feedback.prompt_of(TEAM, Subject.group(group.id, 1), member)
    rated = feedback.rate(TEAM, member, mine.id, 5)
    assert rated.view.event is None
    assert outbox_rows(uow_factory, kind=FOLLOW_UP) == []  # not after a check-in
    # At the end of the cycle, inside the caller's own transaction.
    with uow_factory() as uow:
        feedback.open_for_mentoring_group(TEAM, group.id, group.member_ids, uow=uow)
        uow.commit()
    with uow_factory() as uow:
        end = uow.feedback.prompt_of(TEAM, Subject.group(group.id, CYCLE_END), member)
    feedback.rate(TEAM, member, end.id, 4)
    assert len(outbox_rows(uow_factory, kind=FOLLOW_UP)) == 1
    # Once the check-in's window has closed, nobody more is asked about that session.
    clock.advance(days=8)
    assert feedback.open_for_mentoring_group(TEAM, group.id, ["ULATE"], occasion=1) is None
    assert "ULATE" not in {r.payload["user"] for r in outbox_rows(uow_factory, kind=PROMPT)}


def test_the_person_export_lists_their_answers_and_their_choice(
    feedback, events, gazetteer, clock, uow_factory
):
    with uow_factory() as uow:
        assert feedback_export(uow, TEAM, "UA") is None
    _, ids = asked(feedback, gazetteer, events, clock, ["UA"])
    feedback.submit_details(
        TEAM, "UA", ids["UA"], DetailsDraft(measures={"developed": "agree"}, rating=3)
    )
    feedback.opt_out(TEAM, "UA")
    with uow_factory() as uow:
        data = feedback_export(uow, TEAM, "UA")
    assert data["asked_not_to_be_asked"] is True
    [answer] = data["answers"]
    assert answer["event"] == "Leeds data meet-up"
    assert answer["rating"] == 3
    assert answer["statements"] == {"developed": "agree"}


# Configuration and the scheduler --------------------------------------------------------------


FEEDBACK_VARIABLES = (
    "FEEDBACK_DELAY_MINUTES",
    "FEEDBACK_WINDOW_DAYS",
    "FEEDBACK_REMINDER_DAYS",
    "FEEDBACK_FOLLOW_UP_WEEKS",
    "FEEDBACK_COMMENT_RETENTION_DAYS",
    "ANNUAL_INTERACTIONS_TARGET",
)


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in FEEDBACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-secret")
    return monkeypatch


def test_feedback_settings_have_defaults_and_explain_mistakes(environment):
    from bot.config import ConfigurationError, load_settings

    settings = load_settings()
    assert (
        settings.feedback_window_days,
        settings.feedback_reminder_days,
        settings.feedback_follow_up_weeks,
        settings.feedback_comment_retention_days,
        settings.annual_interactions_target,
    ) == (7, 3, 8, 365, 30_000)
    environment.setenv("FEEDBACK_WINDOW_DAYS", "3")
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    message = str(raised.value)
    assert "FEEDBACK_REMINDER_DAYS: must be less than FEEDBACK_WINDOW_DAYS (3)" in message
    assert "Where to get it" in message
    environment.setenv("FEEDBACK_REMINDER_DAYS", "0")
    environment.setenv("FEEDBACK_FOLLOW_UP_WEEKS", "0")
    quiet = load_settings()
    assert (quiet.feedback_reminder_days, quiet.feedback_follow_up_weeks) == (0, 0)
    environment.setenv("FEEDBACK_COMMENT_RETENTION_DAYS", "0")
    with pytest.raises(ConfigurationError, match="FEEDBACK_COMMENT_RETENTION_DAYS"):
        load_settings()


def test_the_scheduler_ticks_feedback_often_enough_to_queue_prompts_ahead(
    feedback, events, gazetteer, clock
):
    from bot.scheduler import (
        FEEDBACK_LOOKAHEAD,
        FEEDBACK_TICK_JOB_ID,
        build_scheduler,
        feedback_tick,
    )

    plain = build_scheduler(services=None)  # type: ignore[arg-type]
    assert plain.get_job(FEEDBACK_TICK_JOB_ID) is None
    scheduler = build_scheduler(services=None, feedback=feedback)  # type: ignore[arg-type]
    job = scheduler.get_job(FEEDBACK_TICK_JOB_ID)
    # Each tick queues what falls due before the one after next: nothing waits for a tick.
    assert 2 * job.trigger.interval <= FEEDBACK_LOOKAHEAD
    event = new_event(events, gazetteer, clock, ["UA"])
    after_end(clock, event)
    feedback_tick(feedback)
    assert prompt_of(feedback._uow, event.id, "UA") is not None
