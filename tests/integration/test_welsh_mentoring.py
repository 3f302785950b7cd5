"""Mentoring for someone who reads Welsh, end to end: the sign-up form, its confirmation and
`/mentoring statws|saib|ailddechrau` in Welsh; then an organiser's match, where what a group
reads together (its introduction, its thank-you) is Welsh when all its members read Welsh, both
languages (Welsh first) when they differ and English when none does, and each member's own
check-in, and the answer to a click on it, is in that member's language.

People choose Welsh on the Home tab, as a person would. Welsh is recognised through the Welsh
catalogue (`with use_language("cy"): t(key)`), and each key used is checked to differ from its
English, so that nothing here can pass on English words."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import long_date, use_language
from handlers.ids import ActionId, BlockId, CallbackId
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_mentoring_groups import (
    ORGANISER,
    buttons,
    click,
    drain,
    group_posts,
    join,
    organise,
)
from tests.integration.test_mentoring_signup import command, dms_to, submit
from tests.integration.test_person_language import make
from tests.integration.test_whoswho import add_person
from tests.support.welsh import GAP, english, reads_as, said, welsh

UK = ZoneInfo("Europe/London")
ALONE = "U0UNIG01"
MEMBERS = ("U0CYMRO1", "U0CYMRO2", "U0SAIS01", "U0SAIS02")


def welsh_day(moment: datetime, *, short: bool = False) -> str:
    return in_words("cy", moment.astimezone(UK).date(), short=short)


def in_words(language: str, day: date, *, short: bool) -> str:
    with use_language(language):
        return long_date(day, short=short)


@pytest.fixture
def mentoring_world(world: World) -> World:
    world.fake.add_user(ORGANISER, team_id=TEAM, is_admin=True)
    return world


# Signing up, pausing and resuming, in Welsh ---------------------------------------------------


def test_a_welsh_reader_signs_up_pauses_and_resumes_in_welsh(mentoring_world: World) -> None:
    world = mentoring_world
    add_person(world, ME, can_help="data", want_to_learn="policy")
    make(world, ME, "cy", 1)

    world.slack.command("/mentoring", "", trigger_id="trigger-cy")
    [opened] = world.fake.wait_for("views.open")
    form = opened.params["view"]
    assert form["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT
    assert form["title"]["text"] == welsh("mentoring.signup.title_new")
    assert welsh("mentoring.signup.role") in said(form)
    assert english("mentoring.signup.role") not in said(form)

    errors = submit(world, role=None, topics="  ")["errors"]  # each mistake beside its field
    assert errors[BlockId.MENTORING_ROLE] == welsh("mentoring.errors.role_missing")
    assert errors[BlockId.MENTORING_TOPICS] == welsh("mentoring.errors.topics_missing")

    assert submit(world, topics="data, policy") == {}
    [saved] = dms_to(world, ME)
    assert welsh("mentoring.signup.saved_new") in said(saved)
    assert english("mentoring.signup.saved_new") not in said(saved)

    status = command(world, "statws", "status")
    assert welsh("mentoring.status.heading") in said(status)
    assert welsh("mentoring.status.waiting.new") in said(status)

    paused = command(world, "saib", "pause")
    assert welsh("mentoring.pause.open") in said(paused)
    resumed = command(world, "ailddechrau", "resume")
    assert welsh("mentoring.resume.done") in said(resumed)

    until = command(world, "saib tan 3 Ionawr", "pause-until")
    shown = said(until)
    assert "<!date^" not in shown  # Slack would write the month in English
    signup = world.runtime.services.mentoring.status(TEAM, ME).signup
    assert signup is not None
    assert signup.paused_until is not None
    day = signup.paused_until.astimezone(UK).date()
    assert in_words("cy", day, short=False) in shown
    assert in_words("en", day, short=False) not in shown
    assert welsh("mentoring.status.heading") in said(command(world, "statws", "status-2"))


# A match: what each group reads ---------------------------------------------------------------


def matched_group(world: World, welsh_readers: tuple[str, ...]) -> tuple[str, ...]:
    """The four members signed up (those named having chosen Welsh first), matched into one
    group by the organiser (`/mentoring paru`), the outbox run: the group's members."""
    for user in MEMBERS:
        join(world, user, size=(4, 4))
    for count, user in enumerate(welsh_readers, start=1):
        make(world, user, "cy", count)
    progress, _ = organise(world, "paru", path="match", replies=2, timeout=60)
    assert english("mentoring.match.running") in said(progress)  # the organiser reads English
    group = world.runtime.services.mentoring.status(TEAM, MEMBERS[0]).group
    assert group is not None
    assert sorted(group.member_ids) == sorted(MEMBERS)
    drain(world)
    return group.member_ids


def intro_of(world: World) -> dict[str, Any]:
    [intro] = group_posts(world)[",".join(sorted(MEMBERS))]
    return intro


def cycle_end(world: World) -> datetime:
    status = world.runtime.services.mentoring.status(TEAM, MEMBERS[0])
    assert status.cycle is not None
    return status.cycle.ends_at


def checkin_of(world: World, user: str) -> dict[str, Any]:
    """The check-in DMed to `user` (the first check-in falling due first, if none was sent)."""
    group = world.runtime.services.mentoring.status(TEAM, user).group
    assert group is not None
    if not group.rounds:
        first_checkins_due(world, user)
    found = [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and buttons(call.params, ActionId.MENTORING_CHECKIN)
    ]
    assert len(found) == 1
    return found[0]


def first_checkins_due(world: World, user: str) -> None:
    group = world.runtime.services.mentoring.status(TEAM, user).group
    assert group is not None
    assert group.next_checkin_at is not None
    world.clock.set(group.next_checkin_at)
    world.runtime.services.mentoring.tick()
    drain(world)


def thanks_of(world: World) -> dict[str, Any]:
    """The thank-you posted in the group's conversation once the organiser closes the cycle."""
    before = len(group_posts(world)[",".join(sorted(MEMBERS))])
    organise(world, "cau", path="close")
    drain(world)
    posts = group_posts(world)[",".join(sorted(MEMBERS))]
    assert len(posts) == before + 1
    return posts[-1]


def test_a_group_that_all_reads_welsh_is_introduced_checked_in_and_thanked_in_welsh(
    mentoring_world: World,
) -> None:
    world = mentoring_world
    matched_group(world, MEMBERS)

    intro = said(intro_of(world))
    assert welsh("mentoring.intro.header") in intro
    assert english("mentoring.intro.header") not in intro
    assert welsh("mentoring.intro.agenda") in intro
    assert "<!date^" not in intro  # the cycle's end written in Welsh words
    assert welsh_day(cycle_end(world), short=True) in intro

    question = checkin_of(world, MEMBERS[0])
    assert "<!date^" not in said(question)
    met = buttons(question, ActionId.MENTORING_CHECKIN)[0]
    assert met["text"]["text"] == welsh("mentoring.checkin.met")
    answered = click(world, met, user=MEMBERS[0], path="met")
    assert reads_as(said(answered), "cy", "mentoring.checkin.recorded.met", member=GAP)
    assert not reads_as(said(answered), "en", "mentoring.checkin.recorded.met", member=GAP)

    thanks = said(thanks_of(world))
    assert welsh("mentoring.thanks.next") in thanks
    assert english("mentoring.thanks.next") not in thanks
    once = welsh("mentoring.thanks.meetings", 1)
    assert once in thanks  # one meeting, in Welsh's "one" form


def test_a_mixed_group_reads_both_welsh_first_and_each_member_their_own_check_in(
    mentoring_world: World,
) -> None:
    world = mentoring_world
    welsh_member, english_member = MEMBERS[0], MEMBERS[2]
    matched_group(world, MEMBERS[:2])

    intro = said(intro_of(world))
    cy_header, en_header = welsh("mentoring.intro.header"), english("mentoring.intro.header")
    assert intro.index(cy_header) < intro.index(en_header)
    assert welsh_day(cycle_end(world), short=True) in intro  # in the Welsh half
    assert "<!date^" in intro  # Slack's own date, in the English half only
    assert intro.index("<!date^") > intro.index(en_header)

    question = checkin_of(world, welsh_member)
    assert welsh("mentoring.checkin.met") in said(question)
    other = checkin_of(world, english_member)
    assert english("mentoring.checkin.met") in said(other)
    assert welsh("mentoring.checkin.met") not in said(other)

    not_yet = buttons(question, ActionId.MENTORING_CHECKIN)[1]
    reply = click(world, not_yet, user=welsh_member, path="not-yet")
    assert welsh("mentoring.checkin.recorded.not_yet") in said(reply)
    theirs = buttons(other, ActionId.MENTORING_CHECKIN)[1]
    reply = click(world, theirs, user=english_member, path="not-yet-en")
    assert english("mentoring.checkin.recorded.not_yet") in said(reply)

    thanks = said(thanks_of(world))
    cy_next, en_next = welsh("mentoring.thanks.next"), english("mentoring.thanks.next")
    assert thanks.index(cy_next) < thanks.index(en_next)


def test_a_group_where_nobody_reads_welsh_reads_english(mentoring_world: World) -> None:
    world = mentoring_world
    make(world, ME, "cy", 1)  # someone outside the group reads Welsh: it changes nothing
    matched_group(world, ())

    intro = said(intro_of(world))
    assert english("mentoring.intro.header") in intro
    assert welsh("mentoring.intro.header") not in intro
    question = checkin_of(world, MEMBERS[0])
    assert english("mentoring.checkin.met") in said(question)
    thanks = said(thanks_of(world))
    assert english("mentoring.thanks.next") in thanks
    assert welsh("mentoring.thanks.next") not in thanks


def test_an_organiser_who_reads_welsh_matches_in_welsh_and_the_groups_keep_their_own(
    mentoring_world: World,
) -> None:
    world = mentoring_world
    make(world, ORGANISER, "cy", 1)
    for user in MEMBERS:
        join(world, user, size=(4, 4))

    progress, result = organise(world, "paru", path="match", replies=2, timeout=60)
    assert welsh("mentoring.match.running") in said(progress)
    assert "<!date^" not in said(result)
    drain(world)

    intro = said(intro_of(world))  # nobody in the group reads Welsh
    assert english("mentoring.intro.header") in intro
    assert welsh("mentoring.intro.header") not in intro
    overview = said(organise(world, "grwpiau", path="groups")[0])
    assert "<!date^" not in overview


def test_those_left_waiting_are_told_why_each_in_their_language(mentoring_world: World) -> None:
    world = mentoring_world
    for user in (ALONE, MEMBERS[2]):  # too few to form a group
        join(world, user)
    make(world, ALONE, "cy", 1)
    organise(world, "paru", path="match", replies=2, timeout=60)
    drain(world)

    [welsh_dm] = dms_to(world, ALONE)
    [english_dm] = dms_to(world, MEMBERS[2])
    assert welsh_dm["text"] == welsh("mentoring.waiting.too_few")
    assert english_dm["text"] == english("mentoring.waiting.too_few")
