"""Speed Connect end to end: switched on in the event form, joined and left from the RSVP
reply, run by the scheduler's tick (once, however many replicas tick), each pair or trio
introduced in its own group DM through the outbox, and erased or exported with the person."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from bot.services.report.service import ReportService
from bot.services.speed_connect import SpeedConnectService
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from storage.db import make_session_factory
from storage.models import MentoringCycleRow, MentoringGroupRow, MentoringMemberRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_whoswho import add_person
from tests.support.forms import event_form_values
from tests.support.payloads import walk

ADMIN = "U0ADMIN"
CHANNEL = "C0LEEDS"
DWP = "Department for Work and Pensions"
HMRC = "HM Revenue and Customs"
HOME = "Home Office"
PATHS = itertools.count()  # each click's response URL its own, so replies are never mixed up


@pytest.fixture
def events_world(world: World) -> World:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    world.slack.command("/event", "link Leeds", user_id=ADMIN, channel_id=CHANNEL)
    world.responses()
    return world


def leeds_id(world: World) -> int:
    place = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    assert place is not None
    return place.id


def submit(world: World, *, speed_after_start: timedelta | None, title: str = "Data meet-up"):
    """Submit the event form (a two-hour event a week away); Slack's answer to it."""
    start = world.clock.now() + timedelta(days=7)
    values = event_form_values(place_id=leeds_id(world), start=start, title=title)
    if speed_after_start is not None:
        moment = int((start + speed_after_start).timestamp())
        values[BlockId.EVENT_SPEED_CONNECT] = {
            InputId.EVENT_SPEED_CONNECT: {
                "type": "datetimepicker",
                "selected_date_time": moment,
            }
        }
    metadata = json.dumps({"tz": "Europe/London"})
    return world.slack.view_submission(
        CallbackId.EVENT_SUBMIT, values, user_id=ADMIN, private_metadata=metadata
    ).json()


def announce(world: World, *, title: str = "Data meet-up", speed: bool = True) -> dict[str, Any]:
    """An event with Speed Connect an hour after it starts; its announcement in CHANNEL."""
    before = len(world.fake.calls_to("chat.postMessage"))
    answer = submit(world, speed_after_start=timedelta(hours=1) if speed else None, title=title)
    assert answer["response_action"] == "update"
    posts = world.fake.wait_for(
        "chat.postMessage",
        count=1,
        where=lambda call: (
            call.params.get("channel") == CHANNEL and title in json.dumps(call.params)
        ),
    )
    assert len(world.fake.calls_to("chat.postMessage")) > before
    return posts[-1].params


def element(payload: dict[str, Any], action: ActionId) -> dict[str, Any] | None:
    for _, node in walk(payload.get("blocks", [])):
        if isinstance(node.get("action_id"), str) and base_action(node["action_id"]) == action:
            return node
    return None


def click(world: World, payload: dict[str, Any], action: ActionId, user: str, path: str):
    button = element(payload, action)
    assert button is not None, f"no {action} in the payload"
    world.slack.block_action(
        button["action_id"],
        value=button["value"],
        user_id=user,
        response_url=world.fake.response_url(path),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def person(world: World, user: str, organisation: str) -> str:
    world.fake.add_user(user, team_id=TEAM)
    add_person(world, user, organisation=organisation)
    return user


def join(world: World, post: dict[str, Any], user: str) -> dict[str, Any]:
    """Going, then Join Speed Connect from the reply; the reply to Join."""
    going = click(world, post, ActionId.EVENT_GOING, user, f"going-{next(PATHS)}")
    return click(world, going, ActionId.EVENT_SPEED_CONNECT, user, f"join-{next(PATHS)}")


def event_id(post: dict[str, Any]) -> int:
    button = element(post, ActionId.EVENT_GOING)
    assert button is not None
    return int(button["value"])


def opted_in(world: World, event: int, user: str) -> bool:
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))
    with uow_factory() as uow:
        return uow.speed_connect.is_opted_in(event, user)


def run_speed_connect(world: World) -> None:
    """The time comes: the tick on this replica and on another, twice, then the outbox."""
    world.clock.advance(days=7, hours=1)
    other = SpeedConnectService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine)), world.clock
    )
    world.runtime.services.speed_connect.tick()
    other.tick()
    world.runtime.services.speed_connect.tick()
    world.runtime.services.outbox.drain_due()
    world.runtime.services.outbox.drain_due()


def group_posts(world: World) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """What was posted in each group DM, keyed by the sorted member ids."""
    found: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for call in world.fake.calls_to("chat.postMessage"):
        channel = str(call.params.get("channel", ""))
        if channel.startswith("G") and not call.failed:
            members = tuple(sorted(world.fake.group_dm_members(channel)))
            found.setdefault(members, []).append(call.params)
    return found


def dms_to(world: World, user: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and not call.failed
    ]


def text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


# The form ------------------------------------------------------------------------------------


def test_the_form_switches_speed_connect_on_within_the_event_or_two_hours_after(
    events_world: World,
):
    world = events_world
    for bad in (timedelta(hours=-1), timedelta(hours=4, minutes=1)):  # before, or too long after
        answer = submit(world, speed_after_start=bad)
        assert answer["response_action"] == "errors"
        assert set(answer["errors"]) == {BlockId.EVENT_SPEED_CONNECT}
        assert "2 hours after it ends" in answer["errors"][BlockId.EVENT_SPEED_CONNECT]
    assert world.runtime.services.events.list_upcoming(TEAM, None).events == ()

    answer = submit(world, speed_after_start=timedelta(hours=4))  # two hours after the end
    assert answer["response_action"] == "update"
    [event] = world.runtime.services.events.list_upcoming(TEAM, None).events
    assert event.details.speed_connect_at == event.ends_at + timedelta(hours=2)


def test_an_event_without_a_time_has_no_speed_connect_button(events_world: World):
    world = events_world
    post = announce(world, speed=False)
    going = click(world, post, ActionId.EVENT_GOING, ME, "g")
    assert element(going, ActionId.EVENT_SPEED_CONNECT) is None
    assert "Speed Connect" not in text(going)


# Opting in and out ---------------------------------------------------------------------------


def test_going_offers_speed_connect_and_joining_leaving_and_dropping_out_are_kept(
    events_world: World,
):
    world = events_world
    post = announce(world)
    event = event_id(post)
    going = click(world, post, ActionId.EVENT_GOING, ME, "g")
    assert "Speed Connect" in text(going)
    joined = click(world, going, ActionId.EVENT_SPEED_CONNECT, ME, "j")
    assert "joined Speed Connect" in text(joined)
    assert opted_in(world, event, ME)
    left = click(world, joined, ActionId.EVENT_SPEED_CONNECT, ME, "l")
    assert "left Speed Connect" in text(left)
    assert not opted_in(world, event, ME)
    again = click(world, left, ActionId.EVENT_SPEED_CONNECT, ME, "j2")
    assert "joined Speed Connect" in text(again)
    assert opted_in(world, event, ME)
    click(world, post, ActionId.EVENT_NOT_GOING, ME, "n")  # dropping out leaves it too
    assert not opted_in(world, event, ME)
    refused = click(world, again, ActionId.EVENT_SPEED_CONNECT, ME, "j3")  # a stale Leave
    assert "not in Speed Connect" in text(refused)


def test_joining_without_going_is_refused(events_world: World):
    world = events_world
    post = announce(world)
    going = click(world, post, ActionId.EVENT_GOING, ME, "g")
    click(world, post, ActionId.EVENT_NOT_GOING, ME, "n")
    refused = click(world, going, ActionId.EVENT_SPEED_CONNECT, ME, "j")
    assert "Answer Going first" in text(refused)
    assert not opted_in(world, event_id(post), ME)


# The run ---------------------------------------------------------------------------------------


def test_the_time_comes_and_pairs_across_departments_are_introduced_once_each(
    events_world: World,
):
    world = events_world
    post = announce(world)
    dwp = [person(world, f"U0DWP{n}", DWP) for n in range(3)]
    hmrc = [person(world, f"U0HMRC{n}", HMRC) for n in range(3)]
    person(world, "U0NOTIN", HOME)
    click(world, post, ActionId.EVENT_GOING, "U0NOTIN", "not-in")  # going, not in Speed Connect
    for user in (*dwp, *hmrc):
        join(world, post, user)

    run_speed_connect(world)

    groups = group_posts(world)
    assert len(groups) == 3
    placed = sorted(member for members in groups for member in members)
    assert placed == sorted((*dwp, *hmrc))
    for members, posts in groups.items():
        assert len(members) == 2
        assert len({m[:5] for m in members}) == 2  # one from each department
        assert len(posts) == 1  # introduced once, however many ticks and replicas
        shown = text(posts[0])
        assert "Speed Connect at Data meet-up" in shown
        assert "A question to start you off" in shown
        assert all(f"<@{m}>" in shown for m in members)
    assert not [dm for dm in dms_to(world, "U0NOTIN") if "Speed Connect" in text(dm)]

    # The impact report counts the groups, and their introductions as quality interactions.
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))
    since = (world.clock.now() - timedelta(days=30)).date()
    impact = ReportService(uow_factory, world.clock).impact(since=since, team_id=TEAM)
    assert impact.growth is not None
    assert impact.growth.total.speed_connect_groups == 3
    assert impact.growth.region("Yorkshire and The Humber").speed_connect_groups == 3
    assert impact.overall.speed_connects == 3
    assert impact.overall.crossing >= 3


def test_nobody_joined_nothing_happens(events_world: World):
    world = events_world
    post = announce(world)
    click(world, post, ActionId.EVENT_GOING, ME, "g")
    run_speed_connect(world)
    assert group_posts(world) == {}
    assert not [dm for dm in dms_to(world, ME) if "Speed Connect" in text(dm)]


def test_the_only_one_who_joined_is_told_nobody_else_did(events_world: World):
    world = events_world
    post = announce(world)
    join(world, post, person(world, "U0ALONE", DWP))
    run_speed_connect(world)
    assert group_posts(world) == {}
    told = [dm for dm in dms_to(world, "U0ALONE") if "Nobody else joined" in text(dm)]
    assert len(told) == 1


def test_two_make_one_pair_and_an_odd_count_makes_one_trio(events_world: World):
    world = events_world
    pair = announce(world, title="Pair night")
    trio = announce(world, title="Trio night")
    a, b = person(world, "U0PAIRA", DWP), person(world, "U0PAIRB", DWP)  # one department only
    for user in (a, b):
        join(world, pair, user)
    odd = [person(world, f"U0ODD{n}", (DWP, HMRC, HOME)[n % 3]) for n in range(5)]
    for user in odd:
        join(world, trio, user)

    run_speed_connect(world)

    groups = group_posts(world)
    assert (a, b) in groups
    sizes = sorted(len(members) for members in groups if set(members) <= set(odd))
    assert sizes == [2, 3]
    assert all(len(posts) == 1 for posts in groups.values())


def test_nobody_meets_an_earlier_partner_again_when_it_can_be_avoided(events_world: World):
    world = events_world
    users = [person(world, f"U0REP{n}", (DWP, HMRC)[n % 2]) for n in range(4)]
    first = announce(world, title="First meet")
    for user in users:
        join(world, first, user)
    run_speed_connect(world)
    earlier = set(group_posts(world))
    assert len(earlier) == 2

    second = announce(world, title="Second meet")
    for user in users:
        join(world, second, user)
    run_speed_connect(world)
    later = set(group_posts(world)) - earlier
    assert len(later) == 2
    assert not later & earlier
    pairs = {frozenset(members) for members in later}
    assert not pairs & {frozenset(members) for members in earlier}


def test_a_cancelled_event_introduces_nobody(events_world: World):
    world = events_world
    post = announce(world)
    for user in (person(world, "U0CANA", DWP), person(world, "U0CANB", HMRC)):
        join(world, post, user)
    world.runtime.services.events.cancel_event(TEAM, ADMIN, event_id(post))
    run_speed_connect(world)
    assert group_posts(world) == {}


# Erasure and export ----------------------------------------------------------------------------


def test_export_shows_speed_connect_and_forget_erases_it(events_world: World):
    world = events_world
    world.fake.add_user(ME, team_id=TEAM)
    add_person(world, ME, organisation=DWP)
    partner = person(world, "U0PARTNER", HMRC)
    post = announce(world, title="Leeds data meet-up")
    join(world, post, ME)
    join(world, post, partner)
    run_speed_connect(world)
    assert (tuple(sorted((ME, partner)))) in group_posts(world)

    data = world.runtime.services.directory.export(TEAM, ME)
    assert data["speed_connect"] == {
        "joined_for_events": ["Leeds data meet-up"],
        "groups": [
            {
                "event": "Leeds data meet-up",
                "group": 1,
                "people": 2,
                "formed_at": data["speed_connect"]["groups"][0]["formed_at"],  # type: ignore[index]
            }
        ],
    }
    assert partner not in text(data)

    world.slack.command("/whoswho", "forget", response_url=world.fake.response_url("f"))
    world.responses(where=lambda call: call.params.get("_path") == "f")
    world.slack.block_action(
        ActionId.FORGET_CONFIRM, value="forget", response_url=world.fake.response_url("y")
    )
    [done] = world.responses(where=lambda call: call.params.get("_path") == "y")
    assert "erased" in text(done)
    assert "speed_connect" not in world.runtime.services.directory.export(TEAM, ME)
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))
    with uow_factory() as uow:
        assert uow.speed_connect.groups_of(TEAM, ME) == []
        [group] = uow.speed_connect.groups_of(TEAM, partner)  # the group stays, for its count
        assert group.member_ids == (partner,)
        assert uow.speed_connect.erase_person(TEAM, ME) == 0


def test_people_who_were_in_a_mentoring_group_together_are_not_paired(events_world: World):
    world = events_world
    a, c = person(world, "U0MENA", DWP), person(world, "U0MENC", DWP)
    b, d = person(world, "U0MENB", HMRC), person(world, "U0MEND", HMRC)
    now = world.clock.now()
    with world.runtime.engine.begin() as connection:  # an earlier cycle grouped a+b and c+d
        cycle = connection.execute(
            insert(MentoringCycleRow).values(
                team_id=TEAM, number=1, started_at=now, ends_at=now + timedelta(days=1)
            )
        ).inserted_primary_key[0]
        for members in ((a, b), (c, d)):
            group = connection.execute(
                insert(MentoringGroupRow).values(
                    team_id=TEAM, cycle_id=cycle, shared_topics=[], mode="online", created_at=now
                )
            ).inserted_primary_key[0]
            for position, user in enumerate(members):
                connection.execute(
                    insert(MentoringMemberRow).values(
                        group_id=group, team_id=TEAM, user_id=user, role="peer", position=position
                    )
                )
    post = announce(world)
    for user in (a, b, c, d):
        join(world, post, user)
    run_speed_connect(world)
    assert set(group_posts(world)) == {tuple(sorted((a, d))), tuple(sorted((b, c)))}
