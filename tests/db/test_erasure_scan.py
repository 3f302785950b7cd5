"""After `/whoswho forget`, a scan of every table finds no trace of the person but anonymous
totals, and everyone else's data is as it was.

The world is built through the services, as people would build it: a profile; events the
person organised (one held, one still to come, full, with a waitlist) and went to; a channel
link they made; mentoring groups over two cycles with check-ins, and a cycle they closed as an
organiser; feedback they gave (named and anonymous, with comments) and received as an
organiser; messages of every kind to them, sent and still to send, notes to group
conversations they are in among them; an Events API delivery.
Everything they typed carries a distinctive tag, their name and their email, so that the scan
(every table the database lists, every value as text, JSON included) finds any of it. Runs on
SQLite, and on PostgreSQL when TEST_DATABASE_URL names one.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from benchmarks.erasure_scan import (
    GROUP_NOTE,
    START,
    TEAM,
    Person,
    SteppedClock,
    World,
    others,
    person,
    scan,
)
from bot.domain.events import ERASED_ORGANISER, EventDraft, EventMode, EventStatus, RsvpStatus
from bot.domain.feedback import Subject
from bot.domain.outbox import OutboxStatus, ScheduledMessage
from bot.domain.places import Gazetteer
from bot.domain.welcomes import WELCOME
from bot.services.languages import LanguageService
from bot.services.mentoring.messages import INTRODUCTION, THANKS
from bot.services.speed_connect import SpeedConnectService
from bot.services.welcomes import WelcomeService
from handlers.events.blocks.announcement import announcement_message
from handlers.events.blocks.direct import cancelled_message
from storage.models import (
    ChannelLinkRow,
    EventRow,
    FeedbackPromptRow,
    FeedbackRoundRow,
    MentoringCycleRow,
    OutboxRow,
    SlackDeliveryRow,
    WelcomeRow,
)
from storage.outbox_repository import SqlAlchemyOutboxRepository

ME = person("ME", 1)
ORG = person("ORG", 1)
OTHERS = [person("OT", n) for n in range(1, 9)]
O1, O2, O3, O4, O5, O6, O7, O8 = OTHERS
CHANNEL = "C0LINKED1"


class Story:
    """The world, and the ids of what was made in it."""

    def __init__(self, engine: Engine, gazetteer: Gazetteer) -> None:
        self.clock = SteppedClock(START)
        self.world = World.build(engine, gazetteer, self.clock, [ME.user_id, ORG.user_id])
        self.engine = engine
        self.ids: dict[str, int] = {}

    def draft(self, title: str, *, capacity: int | None = None, days: float = 60) -> EventDraft:
        start = self.clock.now() + timedelta(days=days)
        return EventDraft(
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            mode=EventMode.IN_PERSON,
            venue="Quarry House",
            place_id=self.world.place("Leeds"),
            capacity_text="" if capacity is None else str(capacity),
        )

    def outbox(self, *, user: str | None = None, kind: str | None = None) -> list[Any]:
        """Outbox rows (kind, status, payload), oldest first: to one person, of one kind."""
        found = self.rows(
            select(OutboxRow.kind, OutboxRow.status, OutboxRow.payload).order_by(OutboxRow.id)
        )
        return [
            row
            for row in found
            if (user is None or row.payload.get("user") == user)
            and (kind is None or row.kind == kind)
        ]

    def note(self, key: str, *people: Person, due_in: timedelta = timedelta(0)) -> None:
        """A note to the group conversation of `people`."""
        self.world.outbox.schedule(
            [
                ScheduledMessage(
                    team_id=TEAM,
                    kind=GROUP_NOTE,
                    key=key,
                    due_at=self.clock.now() + due_in,
                    payload={"users": [who.user_id for who in people]},
                )
            ]
        )

    def rows(self, query: Any) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(query).all())


def rsvp(story: Story, event: str, *people: Person) -> None:
    for who in people:
        story.world.events.rsvp(TEAM, story.ids[event], who.user_id, going=True)


@pytest.fixture
def story(engine: Engine, gazetteer: Gazetteer) -> Story:
    """Everything one person can leave behind, among others' data."""
    story = Story(engine, gazetteer)
    world, ids = story.world, story.ids
    for n, who in enumerate([ME, ORG, *OTHERS]):
        world.profile(who, place="Leeds", organisation=("HMRC", "MoJ", "DfE", "ONS")[n % 4])
    world.events.link_channel(TEAM, ME.user_id, CHANNEL, "Leeds")
    # Welcomed on joining the linked channel (their welcome sent), as another was.
    welcomes = WelcomeService(world.uow, story.clock, world.directory, world.events)
    assert welcomes.record_join(TEAM, ME.user_id, CHANNEL, app_user_id=None)
    assert welcomes.record_join(TEAM, O1.user_id, CHANNEL, app_user_id=None)

    # Events: two the person organises (in their own words), two they go to.
    ids["held"] = world.event(
        ME.user_id, title="Data breakfast", starts_in=timedelta(days=1), words=ME
    )
    ids["coming"] = world.event(
        ME.user_id, title="Policy walk", starts_in=timedelta(days=60), capacity=2, words=ME
    )
    for event in ("held", "coming"):
        world.events.record_announcement(TEAM, ids[event], CHANNEL, f"1700000000.00000{ids[event]}")
    ids["attended"] = world.event(ORG.user_id, title="Policy lab", starts_in=timedelta(days=1))
    ids["full"] = world.event(
        ORG.user_id, title="Networking", starts_in=timedelta(days=60), capacity=1
    )
    rsvp(story, "held", O1, O2, O3)
    rsvp(story, "coming", O4, O5, O6)  # O6 waits
    rsvp(story, "attended", ME, O1, O2, O3)
    # The one they went to has Speed Connect an hour in: they and O1 join it.
    with engine.begin() as connection:
        connection.execute(
            update(EventRow)
            .where(EventRow.id == ids["attended"])
            .values(speed_connect_at=START + timedelta(days=1, hours=1))
        )
    speed_connect = SpeedConnectService(world.uow, story.clock)
    for who in (ME, O1):
        speed_connect.join(TEAM, ids["attended"], who.user_id, on=True)
    rsvp(story, "full", ME, O7)  # O7 waits for the person's place
    world.events.edit_event(  # everyone going or waiting is told what changed
        TEAM, ORG.user_id, ids["full"], story.draft("Networking evening", capacity=1)
    )
    world.outbox.drain_due()  # the changes, and the reminders due a day ahead, are sent

    # The first two happen; feedback: the person's named answer, others' about their event.
    story.clock.advance(days=1, hours=3)
    assert speed_connect.tick().groups == 1  # they and O1 are introduced
    world.feedback.tick()
    for who, rating in ((O1, 5), (O2, 4), (O3, 3)):
        assert world.answer(who, Subject.event(ids["held"]), rating=rating, anonymous=False)
    for who, rating in ((ME, 4), (O1, 2), (O2, 3), (O3, 5)):
        assert world.answer(who, Subject.event(ids["attended"]), rating=rating, anonymous=False)
    world.outbox.drain_due()

    # Mentoring: a group, a check-in they answer, anonymous feedback on the session.
    for who in (ME, O1, O2, O3):
        world.sign_up(who)
    world.mentoring.match(TEAM, ORG.user_id)
    story.clock.advance(days=14)
    world.mentoring.tick()
    world.met([ME.user_id])
    group = world.group_of(ME.user_id)
    assert group is not None
    ids["group1"] = group
    assert world.answer(ME, Subject.group(group, 1), rating=5, anonymous=True)
    world.feedback.tick()  # the events' windows close: each organiser is sent a summary
    world.outbox.drain_due()

    # The person, an organiser, closes the cycle; a second cycle groups them with newcomers.
    world.mentoring.close(TEAM, ME.user_id)
    for who in (O4, O5, O6, O7):
        world.sign_up(who)
    world.mentoring.match(TEAM, ORG.user_id)
    group = world.group_of(ME.user_id)
    assert group is not None
    ids["group2"] = group
    story.clock.advance(days=14)
    world.mentoring.tick()
    world.outbox.drain_due()
    story.note("note:sent", O1, ME, O2)  # notes to group conversations: sent,
    world.outbox.drain_due()
    story.note("note:due", O3, ME, O4, due_in=timedelta(days=7))  # still to send,
    story.note("note:others", O1, O2, O3, due_in=timedelta(days=7))  # and among others only
    world.mentoring.pause(TEAM, ME.user_id, "until 2027-03-01", timezone="Europe/London")
    world.feedback.opt_out(TEAM, ME.user_id)
    LanguageService(world.uow, story.clock).set_person(TEAM, ME.user_id, "en")
    with world.uow() as uow:
        uow.deliveries.record("Ev0ERASE01", TEAM, now=story.clock.now())
        uow.commit()
    return story


def test_after_forget_no_table_holds_a_trace_of_the_person(story: Story):
    before = scan(story.engine, ME.needles)
    # The world holds the person everywhere a person can be: the scan sees each place.
    assert set(before.found) == {needle.casefold() for needle in ME.needles}
    assert {
        "profiles",
        "events",
        "rsvps",
        "channel_links",
        "mentoring_signups",
        "mentoring_members",
        "mentoring_checkins",
        "mentoring_cycles",
        "feedback_prompts",
        "feedback_rounds",
        "feedback_opt_outs",
        "outbox",
        "outbox_people",
        "welcomes",
        "speed_connect_members",
        "person_languages",
    } <= set(before.by_table)
    notes = {
        row.status for row in story.outbox(kind=GROUP_NOTE) if ME.user_id in row.payload["users"]
    }
    assert notes == {OutboxStatus.SENT, OutboxStatus.PENDING}
    kinds = {row.kind for row in story.outbox(user=ME.user_id)}
    assert {
        "event.reminder",
        "event.changed",
        "feedback.prompt",
        "feedback.reminder",
        "feedback.follow_up",
        "feedback.summary",
        "mentoring.checkin",
        "slack.dm",
        WELCOME,
    } <= kinds
    assert {row.status for row in story.outbox(user=ME.user_id)} >= {
        OutboxStatus.SENT,
        OutboxStatus.PENDING,
        OutboxStatus.CANCELLED,
    }

    erasure = story.world.directory.erase(TEAM, ME.user_id)

    assert erasure.erased
    after = scan(story.engine, ME.needles)
    assert after.total == 0, after.examples
    assert after.tables == before.tables
    assert after.rows > 0
    assert story.world.directory.forget(TEAM, ME.user_id) is False  # nothing left to erase
    exported = story.world.directory.export(TEAM, ME.user_id)
    assert exported["profile"] is None
    assert not {"event_replies", "mentoring", "feedback", "welcome", "speed_connect"} & set(
        exported
    )
    assert "language" not in exported


def test_what_others_hold_stays_and_the_totals_still_count_the_person(story: Story):
    ids, world = story.ids, story.world
    kept_before = others(story.engine, [ME.user_id])
    [(attended_round,)] = story.rows(
        select(FeedbackRoundRow.id).where(FeedbackRoundRow.subject_id == ids["attended"])
    )
    group1 = world.mentoring.overview(TEAM, ORG.user_id).past[0]

    erasure = world.directory.erase(TEAM, ME.user_id)

    kept_after = others(story.engine, [ME.user_id])
    assert kept_after.profiles == kept_before.profiles
    assert kept_after.members == kept_before.members
    assert kept_after.named_prompts == kept_before.named_prompts
    assert kept_after.ratings == kept_before.ratings  # their ratings, anonymously
    # Others' answers to events are as they were, but the one waiting for their place has it.
    assert kept_before.answers - kept_after.answers == {
        (ids["full"], O7.user_id, RsvpStatus.WAITLISTED)
    }
    assert kept_after.answers - kept_before.answers == {(ids["full"], O7.user_id, RsvpStatus.GOING)}
    assert [row.kind for row in story.outbox(user=O7.user_id, kind="event.promoted")]

    # The event they organised that had not started is cancelled, and everyone is told.
    [cancelled] = erasure.cancelled
    assert cancelled.event.id == ids["coming"]
    assert cancelled.event.status is EventStatus.CANCELLED
    assert cancelled.event.organiser_erased
    assert cancelled.told == 3
    assert cancelled.announcements[0].channel_id == CHANNEL
    told = {row.payload["user"] for row in story.outbox(kind="event.cancelled")}
    assert told == {O4.user_id, O5.user_id, O6.user_id}
    notice = json.dumps(cancelled_message(cancelled.event))
    assert "no longer running it" in notice
    assert "<@" not in notice

    # The one that happened keeps what, when, where and who went, under no name.
    held = world.events.get_event(TEAM, ids["held"])
    assert held.organiser_id == ERASED_ORGANISER
    assert (held.title, held.details.venue, held.going) == ("Data breakfast", "Quarry House", 3)
    assert (held.details.description, held.details.online_url) == ("", "")
    shown = json.dumps(announcement_message(held, where="Leeds"))
    assert "a former member" in shown
    assert "<@" not in shown

    # Feedback: the totals of the event they went to still count their answer, without it.
    summary = world.feedback.summary(TEAM, ORG.user_id, ids["attended"]).tally
    assert (summary.asked, summary.responses, summary.average) == (4, 4, 3.5)
    anonymous = story.rows(
        select(FeedbackPromptRow.rating, FeedbackPromptRow.what_worked).where(
            FeedbackPromptRow.round_id == attended_round, FeedbackPromptRow.user_id.is_(None)
        )
    )
    assert anonymous == [(4, None)]
    # The round about their event has nobody to tell; its attendees' answers stay theirs.
    rounds = story.rows(
        select(FeedbackRoundRow.subject_id, FeedbackRoundRow.organiser_id).where(
            FeedbackRoundRow.subject_kind == "event"
        )
    )
    assert sorted(rounds) == sorted([(ids["held"], None), (ids["attended"], ORG.user_id)])

    # Mentoring: their groups list everyone else; the counts stay; the cycle they closed stays.
    group = world.mentoring.overview(TEAM, ORG.user_id)
    assert group.past[0].groups == group1.groups
    assert group.past[0].people == group1.people - 1
    with world.uow() as uow:
        first = uow.mentoring.group(TEAM, ids["group1"])
        second = uow.mentoring.group(TEAM, ids["group2"])
    assert first is not None
    assert set(first.member_ids) == {O1.user_id, O2.user_id, O3.user_id}
    assert first.meetings == 1  # the meeting they confirmed is still counted
    assert second is not None
    assert ME.user_id not in second.member_ids
    assert len(second.member_ids) >= 2
    cycles = story.rows(
        select(
            MentoringCycleRow.number,
            MentoringCycleRow.closed_at.is_not(None),
            MentoringCycleRow.closed_by,
        ).order_by(MentoringCycleRow.number)
    )
    assert cycles == [(1, True, None), (2, False, None)]  # closed, by nobody named

    # Their groups' own messages (which name nobody: they are drawn when sent) stay; of the
    # notes to group conversations, the one among others alone stays.
    group_messages = {row.kind for row in story.outbox() if "group_id" in row.payload}
    assert {INTRODUCTION, THANKS} <= group_messages
    assert [row.payload["users"] for row in story.outbox(kind=GROUP_NOTE)] == [
        [O1.user_id, O2.user_id, O3.user_id]
    ]
    assert kept_after.messages >= kept_before.messages

    # The channel stays linked; Slack's delivery record stays.
    assert story.rows(select(ChannelLinkRow.channel_id, ChannelLinkRow.linked_by)) == [
        (CHANNEL, "")
    ]
    assert story.rows(select(SlackDeliveryRow.event_id)) == [("Ev0ERASE01",)]
    # Others' welcomes stay.
    assert story.rows(select(WelcomeRow.user_id)) == [(O1.user_id,)]


def test_an_event_under_way_is_not_cancelled_and_its_feedback_tells_nobody(
    engine: Engine, gazetteer: Gazetteer
):
    story = Story(engine, gazetteer)
    world = story.world
    for who in (ME, O1, O2):
        world.profile(who, place="Leeds", organisation="HMRC")
    event_id = world.event(ME.user_id, title="Long workshop", starts_in=timedelta(hours=2))
    story.ids["long"] = event_id
    rsvp(story, "long", O1, O2)
    story.clock.advance(hours=3)  # it started an hour ago

    erasure = world.directory.erase(TEAM, ME.user_id)

    assert erasure.cancelled == ()
    event = world.events.get_event(TEAM, event_id)
    assert (event.status, event.organiser_erased, event.going) == (EventStatus.SCHEDULED, True, 2)
    story.clock.advance(days=1)
    assert world.feedback.tick().asked == 2  # those who went are still asked
    story.clock.advance(days=8)
    assert world.feedback.tick().summaries == 0  # but no organiser hears a summary
    assert story.outbox(kind="feedback.summary") == []
    assert scan(engine, ME.needles).total == 0


def test_erasure_is_one_transaction(
    engine: Engine, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
):
    story = Story(engine, gazetteer)
    world = story.world
    world.profile(ME, place="Leeds", organisation="HMRC")
    world.profile(O1, place="Leeds", organisation="MoJ")
    event_id = world.event(ME.user_id, title="Data breakfast", starts_in=timedelta(days=3))
    story.ids["coming"] = event_id
    rsvp(story, "coming", O1)

    def broken(self: SqlAlchemyOutboxRepository, team_id: str, user_id: str) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(SqlAlchemyOutboxRepository, "erase_person", broken)
    with pytest.raises(RuntimeError):
        world.directory.erase(TEAM, ME.user_id)

    # Nothing was erased, cancelled or sent: the person can simply try again.
    assert world.directory.profile_status(TEAM, ME.user_id).profile is not None
    event = world.events.get_event(TEAM, event_id)
    assert (event.status, event.organiser_id) == (EventStatus.SCHEDULED, ME.user_id)
    assert story.outbox(kind="event.cancelled") == []
