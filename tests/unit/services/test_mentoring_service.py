"""The mentoring service over a real database (SQLite here, PostgreSQL in CI): sign-ups, matches,
cycles, check-ins and what each decision schedules in the outbox."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from bot.domain.errors import DomainError, InvalidInputError, NotAllowedError, NotFoundError
from bot.domain.mentoring_programme import CheckInAnswer, SignUpDraft, WaitingReason
from bot.domain.outbox import OutboxStatus
from bot.domain.people import ProfileDraft
from bot.services.directory import DirectoryService
from bot.services.mentoring import MentoringService
from bot.services.mentoring.messages import CHECKIN, INTRODUCTION, THANKS
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory

TEAM = "T0001"
ORGANISER = "UORGANISER"
ORGANISATIONS = ("HM Revenue and Customs", "Ministry of Justice", "Department for Education")


class Admins:
    def is_admin(self, team_id: str, user_id: str) -> bool:
        return False


@pytest.fixture
def uow_factory(engine):
    return SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))


@pytest.fixture
def directory(uow_factory, gazetteer, clock) -> DirectoryService:
    return DirectoryService(uow_factory, gazetteer, clock)


@pytest.fixture
def mentoring(uow_factory, gazetteer, clock) -> MentoringService:
    return MentoringService(
        uow_factory, gazetteer, clock, Admins(), organisers=[ORGANISER], worker_id="test"
    )


def place_id(gazetteer, name: str) -> int:
    query = gazetteer.read_query(name)
    assert query.place is not None, name
    return query.place.id


def profile(directory, gazetteer, user: str, *, place: str = "Leeds", org: str = "") -> None:
    directory.save_profile(
        TEAM,
        user,
        ProfileDraft(
            place_id=place_id(gazetteer, place),
            organisation=org or ORGANISATIONS[hash(user) % len(ORGANISATIONS)],
            job_title="Policy adviser",
            want_to_learn="data, policy",
        ),
    )


def draft(**changes) -> SignUpDraft:
    values = {
        "role": "peer",
        "topics": "data, policy design",
        "mode": "either",
        "size_min": 3,
        "size_max": 4,
        "frequency": "monthly",
        "hopes": "Meet people outside my department",
    }
    values.update(changes)
    return SignUpDraft(**values)


def sign_up(directory, mentoring, gazetteer, users, *, place: str = "Leeds", **changes) -> None:
    for i, user in enumerate(users):
        profile(directory, gazetteer, user, place=place, org=ORGANISATIONS[i % 3])
        mentoring.save_signup(TEAM, user, draft(**changes))


def outbox_rows(uow_factory, prefix: str = ""):
    from sqlalchemy import select

    from storage.models import OutboxRow

    with uow_factory() as uow:
        session = uow._active()
        rows = session.scalars(select(OutboxRow).order_by(OutboxRow.id)).all()
        return [
            (row.kind, row.key, row.status, dict(row.payload))
            for row in rows
            if row.key.startswith(prefix)
        ]


# Signing up --------------------------------------------------------------------------------


def test_a_sign_up_needs_a_profile(mentoring):
    with pytest.raises(NotFoundError) as raised:
        mentoring.save_signup(TEAM, "UNOBODY", draft())
    assert raised.value.key == "mentoring.errors.no_profile"
    form = mentoring.signup_form(TEAM, "UNOBODY")
    assert form.profile is None
    assert form.signup is None


def test_the_form_suggests_the_profile_topics_and_edits_keep_the_sign_up(
    directory, mentoring, gazetteer
):
    profile(directory, gazetteer, "UA")
    form = mentoring.signup_form(TEAM, "UA")
    assert form.suggested_topics == ("data", "policy")
    first = mentoring.save_signup(TEAM, "UA", draft())
    assert first.created
    again = mentoring.save_signup(TEAM, "UA", draft(role="can_mentor", topics="coaching"))
    assert not again.created
    assert again.signup.created_at == first.signup.created_at
    assert mentoring.signup_form(TEAM, "UA").signup.choices.topics == ("coaching",)


def test_bad_sign_ups_name_each_field(directory, mentoring, gazetteer):
    profile(directory, gazetteer, "UA")
    with pytest.raises(InvalidInputError) as raised:
        mentoring.save_signup(
            TEAM, "UA", draft(role="boss", topics=" , ", size_min=5, size_max=3, mode="x")
        )
    assert set(raised.value.fields) == {"role", "topics", "size", "mode"}
    many = ", ".join(f"topic {i}" for i in range(12))
    with pytest.raises(InvalidInputError) as raised:
        mentoring.save_signup(TEAM, "UA", draft(topics=many))
    assert raised.value.fields == {"topics": "mentoring.errors.too_many_topics"}


def test_topics_nobody_else_chose_are_pointed_out(directory, mentoring, gazetteer):
    sign_up(directory, mentoring, gazetteer, ["UA"], topics="data, policy design")
    profile(directory, gazetteer, "UB")
    saved = mentoring.save_signup(TEAM, "UB", draft(topics="Data, Beekeeping"))
    assert saved.unfamiliar_topics == ("Beekeeping",)


def test_pause_until_a_date_resumes_by_itself_and_says_so(
    directory, mentoring, gazetteer, clock, uow_factory
):
    sign_up(directory, mentoring, gazetteer, ["UA"])
    paused = mentoring.pause(TEAM, "UA", "until 2026-12-01", timezone="Europe/London")
    assert paused.paused_until is not None
    assert paused.is_paused(clock.now())
    assert not paused.is_paused(paused.paused_until)
    [(_kind, _key, status, payload)] = outbox_rows(uow_factory, "mentoring:resume:")
    assert payload["key"] == "mentoring.pause.over"
    assert status == OutboxStatus.PENDING
    mentoring.resume(TEAM, "UA")
    assert not mentoring.status(TEAM, "UA").paused
    assert outbox_rows(uow_factory, "mentoring:resume:")[0][2] == OutboxStatus.CANCELLED


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("until someday", "mentoring.errors.pause_date_unreadable"),
        ("2026-10-01", "mentoring.errors.pause_date_past"),
        ("2030-01-01", "mentoring.errors.pause_date_far"),
    ],
)
def test_bad_pause_dates_are_explained(directory, mentoring, gazetteer, text, key):
    sign_up(directory, mentoring, gazetteer, ["UA"])
    with pytest.raises(InvalidInputError) as raised:
        mentoring.pause(TEAM, "UA", text, timezone="Europe/London")
    assert raised.value.fields == {"date": key}


def test_pause_without_a_sign_up_is_refused(mentoring):
    with pytest.raises(NotFoundError) as raised:
        mentoring.pause(TEAM, "UA", "", timezone=None)
    assert raised.value.key == "mentoring.errors.not_signed_up"


# Matching ----------------------------------------------------------------------------------


def test_only_organisers_match(directory, mentoring, gazetteer):
    with pytest.raises(NotAllowedError):
        mentoring.match(TEAM, "USOMEONE")


def test_a_match_groups_everyone_waiting_and_introduces_each_group(
    directory, mentoring, gazetteer, uow_factory
):
    users = [f"U{i:03d}" for i in range(10)]
    sign_up(directory, mentoring, gazetteer, users)
    outcome = mentoring.match(TEAM, ORGANISER)
    assert outcome.cycle is not None
    assert outcome.cycle.number == 1
    assert outcome.new_cycle
    assert outcome.placed == 10
    assert not outcome.waiting
    placed = [uid for g in outcome.groups for uid in g.member_ids]
    assert sorted(placed) == users
    assert all(3 <= len(g.members) <= 4 for g in outcome.groups)
    intros = outbox_rows(uow_factory, "mentoring:g")
    assert {kind for kind, *_ in intros} == {INTRODUCTION}
    assert {p["group_id"] for *_, p in intros} == {g.id for g in outcome.groups}
    # Each member's status shows their group.
    me = mentoring.status(TEAM, users[0])
    assert me.group is not None
    assert users[0] in me.group.member_ids


def test_matching_again_while_everyone_is_grouped_forms_nothing(directory, mentoring, gazetteer):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(6)])
    first = mentoring.match(TEAM, ORGANISER)
    again = mentoring.match(TEAM, ORGANISER)
    assert again.groups == ()
    assert again.considered == 0
    assert again.already_grouped == 6
    assert again.cycle == first.cycle


def test_newcomers_join_the_current_cycle_in_new_groups(directory, mentoring, gazetteer):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(6)])
    first = mentoring.match(TEAM, ORGANISER)
    sign_up(directory, mentoring, gazetteer, [f"N{i}" for i in range(3)])
    second = mentoring.match(TEAM, ORGANISER)
    assert second.cycle == first.cycle
    assert not second.new_cycle
    assert {uid for g in second.groups for uid in g.member_ids} == {"N0", "N1", "N2"}


def test_too_few_people_stay_waiting_and_are_told_once(
    directory, mentoring, gazetteer, uow_factory
):
    sign_up(directory, mentoring, gazetteer, ["UA", "UB"])
    outcome = mentoring.match(TEAM, ORGANISER)
    assert outcome.groups == ()
    assert outcome.cycle is None
    assert {w.reason for w in outcome.waiting} == {WaitingReason.TOO_FEW}
    mentoring.match(TEAM, ORGANISER)
    told = outbox_rows(uow_factory, "mentoring:c")
    assert sorted(p["user"] for *_, p in told) == ["UA", "UB"]
    assert {p["key"] for *_, p in told} == {"mentoring.waiting.too_few"}
    assert mentoring.signup_form(TEAM, "UA").signup.waiting_reason is WaitingReason.TOO_FEW


def test_paused_and_deactivated_people_are_not_placed(directory, mentoring, gazetteer):
    users = [f"U{i}" for i in range(8)]
    sign_up(directory, mentoring, gazetteer, users)
    mentoring.pause(TEAM, "U0", "", timezone=None)
    directory.set_active(TEAM, "U1", active=False)
    mentoring.leave(TEAM, "U2")
    outcome = mentoring.match(TEAM, ORGANISER)
    placed = {uid for g in outcome.groups for uid in g.member_ids}
    assert placed == set(users[3:])
    assert {(w.user_id, w.reason) for w in outcome.waiting} == {
        ("U0", WaitingReason.PAUSED),
        ("U1", WaitingReason.INACTIVE),
    }


def test_a_match_for_a_region_takes_only_its_people(directory, mentoring, gazetteer):
    sign_up(directory, mentoring, gazetteer, ["L1", "L2", "L3"], place="Leeds")
    sign_up(directory, mentoring, gazetteer, ["C1", "C2", "C3"], place="Cardiff")
    outcome = mentoring.match(TEAM, ORGANISER, region_text="Wales")
    assert outcome.region is not None
    assert outcome.region.code == "TLL"
    assert {uid for g in outcome.groups for uid in g.member_ids} == {"C1", "C2", "C3"}
    by_place = mentoring.match(TEAM, ORGANISER, region_text="Bradford")
    assert by_place.region is not None
    assert by_place.region.name == "Yorkshire and The Humber"
    assert {uid for g in by_place.groups for uid in g.member_ids} == {"L1", "L2", "L3"}


def test_an_unknown_region_is_named_back(mentoring):
    with pytest.raises(DomainError) as raised:
        mentoring.match(TEAM, ORGANISER, region_text="Atlantis")
    assert raised.value.key == "mentoring.errors.unknown_region"
    assert raised.value.params["text"] == "Atlantis"
    assert "Atlantis" not in raised.value.params["suggestions"]  # names like it, if any


def test_a_match_in_an_area_takes_the_people_whose_town_lies_inside_it(
    directory, mentoring, gazetteer
):
    sign_up(directory, mentoring, gazetteer, ["K1", "K2", "K3"], place="Maidstone")
    sign_up(directory, mentoring, gazetteer, ["B1", "B2", "B3"], place="Brighton")  # South East too
    outcome = mentoring.match(TEAM, ORGANISER, region_text="Kent")
    assert outcome.area is not None
    assert outcome.area.name == "Kent"
    assert {uid for g in outcome.groups for uid in g.member_ids} == {"K1", "K2", "K3"}


def test_a_postcode_matches_the_region_it_is_in(directory, mentoring, gazetteer):
    sign_up(directory, mentoring, gazetteer, ["L1", "L2", "L3"], place="Leeds")
    sign_up(directory, mentoring, gazetteer, ["C1", "C2", "C3"], place="Cardiff")
    outcome = mentoring.match(TEAM, ORGANISER, region_text="LS1")
    assert outcome.region is not None
    assert outcome.region.code == "TLE"
    assert outcome.via == "LS1"
    assert {uid for g in outcome.groups for uid in g.member_ids} == {"L1", "L2", "L3"}


def test_one_match_at_a_time(directory, mentoring, gazetteer, uow_factory, clock):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(6)])
    with uow_factory() as uow:
        assert uow.mentoring.try_lock(
            TEAM, "elsewhere", now=clock.now(), until=clock.now() + timedelta(minutes=10)
        )
        uow.commit()
    with pytest.raises(DomainError) as raised:
        mentoring.match(TEAM, ORGANISER)
    assert raised.value.key == "mentoring.errors.match_running"
    clock.advance(minutes=11)  # a holder that died: its lease lapses
    assert mentoring.match(TEAM, ORGANISER).placed == 6
    clock.advance(minutes=1)
    assert mentoring.match(TEAM, ORGANISER).groups == ()  # and the lock was released


def test_later_cycles_avoid_pairs_who_met_before(directory, mentoring, gazetteer, clock):
    users = [f"U{i:02d}" for i in range(16)]
    sign_up(directory, mentoring, gazetteer, users, size_min=4, size_max=4)
    met: set[frozenset[str]] = set()
    for _ in range(3):
        outcome = mentoring.match(TEAM, ORGANISER)
        pairs = {
            frozenset(p) for g in outcome.groups for p in itertools.combinations(g.member_ids, 2)
        }
        assert not pairs & met
        met |= pairs
        mentoring.close(TEAM, ORGANISER)
        clock.advance(days=1)


# Cycles and check-ins ----------------------------------------------------------------------


def test_closing_thanks_every_group_and_stops_the_check_ins(
    directory, mentoring, gazetteer, uow_factory, clock
):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(6)])
    outcome = mentoring.match(TEAM, ORGANISER)
    with pytest.raises(NotAllowedError):
        mentoring.close(TEAM, "USOMEONE")
    closed = mentoring.close(TEAM, ORGANISER)
    assert closed.groups == len(outcome.groups)
    assert closed.people == 6
    thanks = [row for row in outbox_rows(uow_factory) if row[0] == THANKS]
    assert len(thanks) == len(outcome.groups)
    clock.advance(days=15)
    assert mentoring.tick().rounds_opened == 0
    with pytest.raises(NotFoundError):
        mentoring.close(TEAM, ORGANISER)
    # Everyone still signed up waits for the next match, which starts cycle 2.
    assert mentoring.match(TEAM, ORGANISER).cycle.number == 2


def test_a_cycle_ends_by_itself_when_its_time_is_up(directory, mentoring, gazetteer, clock):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(3)])
    outcome = mentoring.match(TEAM, ORGANISER)
    clock.set(outcome.cycle.ends_at)
    report = mentoring.tick()
    assert report.cycles_closed == 1
    assert mentoring.status(TEAM, "U0").cycle is None


def test_check_ins_are_asked_every_two_weeks_once_each(
    directory, mentoring, gazetteer, clock, uow_factory
):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(3)])
    mentoring.match(TEAM, ORGANISER)
    clock.advance(days=13)
    assert mentoring.tick().checkins_asked == 0
    clock.advance(days=1)
    assert mentoring.tick().checkins_asked == 3
    assert mentoring.tick().checkins_asked == 0  # the round was opened once
    asked = [row for row in outbox_rows(uow_factory) if row[0] == CHECKIN]
    assert sorted(p["user"] for *_, p in asked) == ["U0", "U1", "U2"]
    assert {p["round"] for *_, p in asked} == {1}
    clock.advance(days=14)
    assert mentoring.tick().checkins_asked == 3


def test_answers_count_a_meeting_once_and_rotate_the_facilitator(
    directory, mentoring, gazetteer, clock
):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(3)])
    group = mentoring.match(TEAM, ORGANISER).groups[0]
    clock.advance(days=14)
    mentoring.tick()
    first = mentoring.answer_checkin(TEAM, "U0", group.id, 1, CheckInAnswer.MET)
    assert first.changed
    assert first.group.meetings == 1
    assert first.facilitator == group.members[1].user_id
    second = mentoring.answer_checkin(TEAM, "U1", group.id, 1, CheckInAnswer.MET)
    assert second.group.meetings == 1  # one meeting, whoever says so
    again = mentoring.answer_checkin(TEAM, "U0", group.id, 1, CheckInAnswer.MET)
    assert not again.changed
    changed = mentoring.answer_checkin(TEAM, "U0", group.id, 1, CheckInAnswer.NOT_YET)
    assert changed.changed


def test_foreign_and_closed_check_ins_are_refused(directory, mentoring, gazetteer, clock):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(3)])
    group = mentoring.match(TEAM, ORGANISER).groups[0]
    sign_up(directory, mentoring, gazetteer, ["UX"])
    clock.advance(days=14)
    mentoring.tick()
    with pytest.raises(NotFoundError) as raised:
        mentoring.answer_checkin(TEAM, "UX", group.id, 1, CheckInAnswer.MET)
    assert raised.value.key == "mentoring.errors.checkin_not_yours"
    with pytest.raises(NotFoundError):
        mentoring.answer_checkin(TEAM, "U0", group.id, 7, CheckInAnswer.MET)
    mentoring.close(TEAM, ORGANISER)
    with pytest.raises(DomainError) as raised:
        mentoring.answer_checkin(TEAM, "U0", group.id, 1, CheckInAnswer.MET)
    assert raised.value.key == "mentoring.errors.checkin_closed"


def test_three_unanswered_check_ins_pause_the_person_with_a_note(
    directory, mentoring, gazetteer, clock, uow_factory
):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(3)])
    group = mentoring.match(TEAM, ORGANISER).groups[0]
    for round_ in (1, 2, 3):
        clock.advance(days=14)
        mentoring.tick()
        for user in ("U1", "U2"):
            mentoring.answer_checkin(TEAM, user, group.id, round_, CheckInAnswer.MET)
    clock.advance(days=14)
    report = mentoring.tick()
    assert report.paused_for_silence == 1
    assert report.checkins_asked == 2
    assert mentoring.status(TEAM, "U0").paused
    notes = [p for *_, p in outbox_rows(uow_factory, f"mentoring:g{group.id}:silent:")]
    assert [(n["user"], n["key"]) for n in notes] == [
        ("U0", "mentoring.checkin.paused_for_silence")
    ]


def test_a_check_in_asks_since_the_introduction_then_since_the_round_before(
    directory, mentoring, gazetteer, clock
):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(3)])
    group = mentoring.match(TEAM, ORGANISER).groups[0]
    clock.advance(days=14)
    mentoring.tick()
    first = mentoring.checkin_prompt(TEAM, group.id, 1, "U0")
    assert first is not None
    assert first.since == group.created_at
    clock.advance(days=15)  # a late tick: the question still covers the time since round 1
    asked_first = clock.now() - timedelta(days=15)
    mentoring.tick()
    second = mentoring.checkin_prompt(TEAM, group.id, 2, "U0")
    assert second is not None
    assert second.since == asked_first


def test_check_in_prompts_are_withdrawn_for_people_who_left(directory, mentoring, gazetteer, clock):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(3)])
    group = mentoring.match(TEAM, ORGANISER).groups[0]
    clock.advance(days=14)
    mentoring.tick()
    assert mentoring.checkin_prompt(TEAM, group.id, 1, "U0") is not None
    mentoring.leave(TEAM, "U0")
    assert mentoring.checkin_prompt(TEAM, group.id, 1, "U0") is None
    intro = mentoring.introduction(TEAM, group.id)
    assert intro is not None
    assert "U0" not in intro.group.member_ids


def test_an_introduction_names_everyone_and_a_facilitator(directory, mentoring, gazetteer):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(4)])
    group = mentoring.match(TEAM, ORGANISER).groups[0]
    intro = mentoring.introduction(TEAM, group.id)
    assert intro is not None
    assert [card.user_id for card in intro.members] == list(group.member_ids)
    assert intro.facilitator == group.member_ids[0]
    assert sum(card.is_facilitator for card in intro.members) == 1
    assert all(card.place == "Leeds" for card in intro.members)
    assert intro.group.shared_topics == ("data", "policy design")


# The organisers' view and privacy ----------------------------------------------------------


def test_the_overview_shows_groups_waiting_people_and_past_cycles(
    directory, mentoring, gazetteer, clock
):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(7)])
    mentoring.match(TEAM, ORGANISER)
    mentoring.close(TEAM, ORGANISER)
    mentoring.pause(TEAM, "U6", "", timezone=None)
    clock.advance(days=1)
    mentoring.match(TEAM, ORGANISER)
    with pytest.raises(NotAllowedError):
        mentoring.overview(TEAM, "USOMEONE")
    view = mentoring.overview(TEAM, ORGANISER)
    assert view.cycle is not None
    assert view.cycle.number == 2
    assert view.grouped == 6
    assert [(w.user_id, w.reason) for w in view.waiting] == [("U6", WaitingReason.PAUSED)]
    assert [s.cycle.number for s in view.past] == [1]
    assert view.past[0].people == 7


def test_forget_and_leave_erase_sign_ups_groups_and_check_ins(
    directory, mentoring, gazetteer, clock, uow_factory
):
    sign_up(directory, mentoring, gazetteer, [f"U{i}" for i in range(3)])
    mentoring.match(TEAM, ORGANISER)
    clock.advance(days=14)
    mentoring.tick()
    exported = directory.export(TEAM, "U0")
    assert exported["mentoring"]["sign_up"]["topics"] == ["data", "policy design"]
    assert len(exported["mentoring"]["groups"]) == 1
    assert len(exported["mentoring"]["check_ins"]) == 1
    assert directory.forget(TEAM, "U0")
    assert "mentoring" not in directory.export(TEAM, "U0")
    with uow_factory() as uow:
        assert uow.mentoring.memberships_of(TEAM, "U0") == []
        assert uow.mentoring.recent_checkins(TEAM, "U0", limit=5) == []
    assert mentoring.leave(TEAM, "U1")
    assert not mentoring.leave(TEAM, "U1")


# Feedback about groups ---------------------------------------------------------------------


@pytest.fixture
def asked_mentoring(uow_factory, gazetteer, clock) -> MentoringService:
    """The service wired to the feedback feature, as the app wires it."""
    from bot.services.feedback import FeedbackService

    feedback = FeedbackService(uow_factory, clock, Admins(), organisers=[ORGANISER])
    return MentoringService(
        uow_factory,
        gazetteer,
        clock,
        Admins(),
        organisers=[ORGANISER],
        worker_id="test",
        feedback=feedback,
    )


def feedback_prompts(uow_factory) -> list[tuple[str, int, int]]:
    """(person, group, occasion) of every feedback prompt scheduled."""
    return sorted(
        (p["user"], p["subject_id"], p["occasion"])
        for kind, _key, _status, p in outbox_rows(uow_factory, "feedback:")
        if kind == "feedback.prompt" and p["subject"] == "mentoring_group"
    )


def test_members_who_say_they_met_are_asked_how_useful_the_session_was(
    directory, asked_mentoring, gazetteer, clock, uow_factory
):
    sign_up(directory, asked_mentoring, gazetteer, [f"U{i}" for i in range(3)])
    group = asked_mentoring.match(TEAM, ORGANISER).groups[0]
    clock.advance(days=14)
    asked_mentoring.tick()
    asked_mentoring.answer_checkin(TEAM, "U0", group.id, 1, CheckInAnswer.MET)
    asked_mentoring.answer_checkin(TEAM, "U0", group.id, 1, CheckInAnswer.MET)  # a double click
    asked_mentoring.answer_checkin(TEAM, "U1", group.id, 1, CheckInAnswer.NOT_YET)
    asked_mentoring.answer_checkin(TEAM, "U2", group.id, 1, CheckInAnswer.MET)
    assert feedback_prompts(uow_factory) == [("U0", group.id, 1), ("U2", group.id, 1)]


def test_at_the_end_of_a_cycle_every_member_is_asked_about_their_group(
    directory, asked_mentoring, gazetteer, uow_factory
):
    sign_up(directory, asked_mentoring, gazetteer, [f"U{i}" for i in range(6)])
    groups = asked_mentoring.match(TEAM, ORGANISER).groups
    asked_mentoring.close(TEAM, ORGANISER)
    expected = sorted((uid, g.id, 0) for g in groups for uid in g.member_ids)
    assert feedback_prompts(uow_factory) == expected
