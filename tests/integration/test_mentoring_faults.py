"""Mentoring faults found in use, end to end through signed requests: a changed check-in answer,
a member back from a deactivated account, leaving (and not leaving), pause dates as people
type them, and what a group's introduction shows of a hidden profile."""

from __future__ import annotations

import csv
import io
import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

from bot.cli import report_main
from bot.domain.mentoring_programme import SignUpDraft
from handlers.ids import ActionId, CallbackId
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_mentoring_groups import (
    buttons,
    checkins,
    click,
    dms_to,
    drain,
    group_of,
    group_posts,
    groups_world,  # noqa: F401 - a fixture these tests use
    join,
    matched,
    matched_group,
    next_round,
    organise,
    people,
    said,
)
from tests.integration.test_mentoring_signup import command, element, elements, sign_up, signup_of
from tests.integration.test_whoswho import add_person, wait_until_active_is

if TYPE_CHECKING:
    from pathlib import Path

LONDON = ZoneInfo("Europe/London")


# Fault 9: a changed check-in answer replaces the first everywhere ---------------------------


def feedback_dms(world: World, user: str) -> list[dict[str, Any]]:
    return [dm for dm in dms_to(world, user) if buttons(dm, ActionId.FEEDBACK_RATE)]


def confirmed_meetings(world: World, database_url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """`python -m bot report`'s "meetings confirmed", as a programme manager reads it."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    level = logging.getLogger().level
    out = io.StringIO()
    day = world.clock.now().date().isoformat()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stdout", out)
            code = report_main(["--since", "2026-01-01", "--until", day, "--format", "csv"])
    finally:
        logging.getLogger().setLevel(level)
    assert code == 0
    *_, total = csv.DictReader(io.StringIO(out.getvalue()))
    return int(total["meetings_confirmed"])


@pytest.fixture
def reporting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env is read
    for name in ("ANNUAL_INTERACTIONS_TARGET", "SLACK_BOT_TOKEN", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)


def test_a_yes_changed_to_stopped_is_no_meeting_anywhere_and_its_feedback_is_not_sent(
    groups_world: World,  # noqa: F811
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    reporting: None,
):
    world = groups_world
    members = matched_group(world)
    next_round(world)
    first = members[0]
    [checkin] = checkins(world, first)
    met, _, stopped = buttons(checkin, ActionId.MENTORING_CHECKIN)
    click(world, met, user=first, path="met")
    assert group_of(world, first).meetings == 1

    reply = click(world, stopped, user=first, path="stopped")
    drain(world)

    assert "stopped meeting" in reply["text"]
    assert group_of(world, first).meetings == 0
    [view] = organise(world, "groups", path="groups")
    text = said(view)
    assert "Not met yet" in text
    assert "Met once" not in text
    assert "answered, not met" in text
    assert confirmed_meetings(world, database_url, monkeypatch) == 0
    assert feedback_dms(world, first) == []  # the session's feedback DM was withdrawn

    # Back to "Yes": counted once again, and its feedback DM queued (and sent) once.
    again = click(world, met, user=first, path="met-again")
    drain(world)
    drain(world)

    assert "your group met" in again["text"]
    assert group_of(world, first).meetings == 1
    [view] = organise(world, "groups", path="groups-again")
    assert "Met once" in said(view)
    assert "answered, met" in said(view)
    assert confirmed_meetings(world, database_url, monkeypatch) == 1
    assert len(feedback_dms(world, first)) == 1


def test_one_member_changing_their_answer_leaves_a_meeting_another_confirmed(
    groups_world: World,  # noqa: F811
):
    world = groups_world
    members = matched_group(world)
    next_round(world)
    first, second = members[0], members[1]
    [mine] = checkins(world, first)
    [theirs] = checkins(world, second)
    click(world, buttons(mine, ActionId.MENTORING_CHECKIN)[0], user=first, path="a-met")
    click(world, buttons(theirs, ActionId.MENTORING_CHECKIN)[0], user=second, path="b-met")

    click(world, buttons(mine, ActionId.MENTORING_CHECKIN)[1], user=first, path="a-not-yet")
    drain(world)

    assert group_of(world, first).meetings == 1  # the second member still says it met
    assert feedback_dms(world, first) == []
    assert len(feedback_dms(world, second)) == 1

    click(world, buttons(theirs, ActionId.MENTORING_CHECKIN)[2], user=second, path="b-stop")
    assert group_of(world, first).meetings == 0


# Fault 10: the organisers' view says what is true now ---------------------------------------


def test_a_member_back_from_a_deactivated_account_is_not_shown_as_deactivated(
    groups_world: World,  # noqa: F811
):
    world = groups_world
    users = people("MEMBER", 4)
    for user in users:
        join(world, user)
    away = users[0]
    world.slack.user_change({"id": away, "team_id": TEAM, "deleted": True})
    wait_until_active_is(world, away, False)
    matched(world)
    [before] = organise(world, "groups", path="before")
    assert f"<@{away}>: Slack account deactivated" in said(before)

    world.slack.user_change({"id": away, "team_id": TEAM, "deleted": False})
    wait_until_active_is(world, away, True)
    [after] = organise(world, "groups", path="after")

    text = said(after)
    assert "deactivated" not in text
    assert f"<@{away}>: back since the last match" in text


def test_a_member_whose_pause_has_ended_is_not_shown_as_paused(
    groups_world: World,  # noqa: F811
):
    world = groups_world
    users = people("MEMBER", 4)
    for user in users:
        join(world, user)
    resting = users[0]
    world.runtime.services.mentoring.pause(TEAM, resting, "until 2026-11-09", timezone=None)
    matched(world)
    world.clock.advance(days=8)

    [view] = organise(world, "groups", path="after")

    text = said(view)
    assert f"<@{resting}>: paused" not in text
    assert f"<@{resting}>: back since the last match" in text


# Fault 11: /mentoring leave has a way back, and is offered only to people signed up ----------


@pytest.fixture
def signed_up(world: World) -> World:
    add_person(world, ME, can_help="data")
    sign_up(world, ME)
    return world


def test_leave_offers_a_way_back_that_changes_nothing_and_says_so(signed_up: World):
    world = signed_up
    ask = command(world, "leave", "leave")
    stay = element(ask, ActionId.MENTORING_LEAVE_CANCEL)
    assert stay["text"]["text"] == "Stay signed up"
    assert elements(ask, ActionId.MENTORING_LEAVE)
    before = signup_of(world)

    kept = click_in(world, ask, ActionId.MENTORING_LEAVE_CANCEL, "stay")

    assert kept["replace_original"] is True
    assert "still signed up" in said(kept)
    assert "nothing has changed" in said(kept).lower()
    assert signup_of(world) == before
    assert elements(kept, ActionId.MENTORING_LEAVE) == []


def test_leave_without_a_sign_up_says_there_is_nothing_to_leave(world: World):
    add_person(world, ME)
    reply = command(world, "leave", "leave")

    assert "nothing to leave" in said(reply)
    assert elements(reply, ActionId.MENTORING_LEAVE) == []
    assert elements(reply, ActionId.MENTORING_SIGNUP_OPEN)  # and how to sign up
    assert "/mentoring" in said(reply)


def click_in(world: World, payload: dict[str, Any], action: ActionId, path: str) -> dict:
    button = element(payload, action)
    world.slack.block_action(
        button["action_id"],
        value=button.get("value"),
        user_id=ME,
        response_url=world.fake.response_url(path),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


# Fault 12: pause dates as people type them ---------------------------------------------------
# The clock stands at Monday 2 November 2026, 09:30 UTC.


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("until 31 Jan", date(2027, 1, 31)),
        ("until 31 January", date(2027, 1, 31)),
        ("until Jan 31", date(2027, 1, 31)),
        ("until Jan 31 2027", date(2027, 1, 31)),
        ("until January 31st, 2027", date(2027, 1, 31)),
        ("until 31st Jan 2027", date(2027, 1, 31)),
        ("until 5 Dec", date(2026, 12, 5)),
        ("until tomorrow", date(2026, 11, 3)),
        ("until Friday", date(2026, 11, 6)),
        ("until next Friday", date(2026, 11, 6)),
        ("until next monday", date(2026, 11, 9)),
        ("until 2027-01-31", date(2027, 1, 31)),
        ("until 31/01/2027", date(2027, 1, 31)),
        ("until 04/12/2026", date(2026, 12, 4)),
        ("Tomorrow", date(2026, 11, 3)),
    ],
)
def test_pause_reads_the_dates_people_type(signed_up: World, typed: str, day: date):
    world = signed_up
    reply = command(world, f"pause {typed}", "pause")

    assert "paused until" in said(reply), said(reply)
    signup = signup_of(world)
    assert signup is not None
    assert signup.paused_until == datetime(day.year, day.month, day.day, tzinfo=LONDON)


def test_pause_dates_are_read_in_my_time_zone(signed_up: World):
    world = signed_up
    world.fake.add_user(ME, team_id=TEAM, tz="Pacific/Auckland")  # already Monday evening there
    reply = command(world, "pause until tomorrow", "pause")

    assert "paused until" in said(reply)
    assert signup_of(world).paused_until == datetime(
        2026, 11, 3, tzinfo=ZoneInfo("Pacific/Auckland")
    )


@pytest.mark.parametrize("typed", ["until someday", "until 31 Febtember", "until 32 Jan"])
def test_an_unreadable_pause_date_gets_examples_that_work(signed_up: World, typed: str):
    world = signed_up
    reply = command(world, f"pause {typed}", "pause")

    text = said(reply)
    for example in ("31 Jan", "tomorrow", "next Friday", "2027-01-31", "31/01/2027"):
        assert example in text
    assert signup_of(world).paused_at is None


@pytest.mark.parametrize("typed", ["until today", "until 1 November 2026", "until 2026-10-01"])
def test_a_pause_date_in_the_past_gets_examples_that_work(signed_up: World, typed: str):
    world = signed_up
    reply = command(world, f"pause {typed}", "pause")

    text = said(reply)
    assert "isn't in the future" in text
    for example in ("tomorrow", "next Friday", "31 Jan"):
        assert example in text
    assert signup_of(world).paused_at is None


# Fault 13: what the group sees of a hidden profile -------------------------------------------


def test_the_sign_up_form_says_what_the_group_sees_even_of_a_hidden_profile(world: World):
    add_person(world, ME, job_title="Data scientist", can_help="data")
    world.runtime.services.directory.set_visible(TEAM, ME, visible=False)

    world.slack.command("/mentoring", "", user_id=ME)
    [opened] = world.fake.wait_for("views.open")

    view = opened.params["view"]
    assert view["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT
    text = said(view)
    assert "your group sees your job title, organisation, place" in text
    assert "hidden from searches" in text
    assert "not from your group" in text


def test_a_hidden_profile_is_introduced_to_the_group_as_the_form_said(
    groups_world: World,  # noqa: F811
):
    world = groups_world
    users = people("MEMBER", 4)
    for user in users:
        join(world, user)
    hider = users[0]
    world.runtime.services.directory.set_visible(TEAM, hider, visible=False)
    world.runtime.services.mentoring.save_signup(
        TEAM,
        hider,
        SignUpDraft(
            role="peer",
            topics="data, policy",
            mode="either",
            size_min=4,
            size_max=5,
            frequency="monthly",
            hopes="To learn how <!here> other departments run user research",
        ),
    )

    matched(world)
    drain(world)

    [(_, [intro])] = group_posts(world).items()
    text = said(intro)
    assert f"<@{hider}>" in text
    assert "Policy adviser" in text  # what the form said the group sees
    assert "Hoping for: To learn how &lt;!here&gt; other departments run user research" in text
    assert "<!here>" not in text
