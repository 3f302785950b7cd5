"""Mentoring groups end to end, for organisers and for groups: `/mentoring match`, `close` and
`groups` through signed requests; introductions, check-ins and thank-yous through the outbox to
the loopback Slack; one-click answers; and the controlled clock for the weeks in between."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest

from bot.domain.errors import DomainError
from bot.domain.mentoring_programme import SignUpDraft
from bot.services.mentoring.groups import OVERVIEW_PAGE
from handlers.ids import ActionId, base_action
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_whoswho import add_person, wait_until_active_is
from tests.support.payloads import walk

ORGANISER = "U0ORGANISER"
HOSTILE = "<!channel> <@U0VICTIM>"
ORGANISATIONS = (
    "Department for Work and Pensions",
    "HM Revenue and Customs",
    "Home Office",
    "Ministry of Justice",
    "Department for Education",
    "Cabinet Office",
)


@pytest.fixture
def groups_world(world: World) -> World:
    world.fake.add_user(ORGANISER, team_id=TEAM, is_admin=True)
    return world


def join(
    world: World,
    user: str,
    *,
    place: str = "Leeds",
    organisation: str | None = None,
    role: str = "peer",
    size: tuple[int, int] = (4, 5),
    **profile: Any,
) -> None:
    """A person with a profile in `place` who has signed up for a group."""
    world.fake.add_user(user, team_id=TEAM)
    number = sum(map(ord, user))
    add_person(
        world,
        user,
        place,
        organisation=organisation or ORGANISATIONS[number % len(ORGANISATIONS)],
        job_title=profile.pop("job_title", "Policy adviser"),
        can_help=profile.pop("can_help", "data, policy"),
        want_to_learn=profile.pop("want_to_learn", "leadership"),
        **profile,
    )
    world.runtime.services.mentoring.save_signup(
        TEAM,
        user,
        SignUpDraft(
            role=role,
            topics="data, policy",
            mode="either",
            size_min=size[0],
            size_max=size[1],
            frequency="monthly",
        ),
    )


def people(prefix: str, count: int) -> list[str]:
    return [f"U0{prefix}{n:03d}" for n in range(count)]


def organise(
    world: World,
    text: str,
    *,
    user: str = ORGANISER,
    path: str,
    replies: int = 1,
    timeout: float = 5.0,
) -> list[dict[str, Any]]:
    """`/mentoring <text>`; what the person is told there (the last `replies` answers)."""
    response = world.slack.command(
        "/mentoring", text, user_id=user, response_url=world.fake.response_url(path)
    )
    assert response.status == 200
    return world.responses(
        count=replies, timeout=timeout, where=lambda call: call.params.get("_path") == path
    )


def matched(world: World, text: str = "match", *, path: str = "match") -> dict[str, Any]:
    """An organiser's match: "Matching…" first, then what it did (returned)."""
    # Forming dozens of groups is CPU work: on a machine busy with other work it can take
    # longer than a reply usually does, so the result is waited for longer.
    progress, result = organise(world, text, path=path, replies=2, timeout=60)
    assert "Matching" in progress["text"]
    return result


def said(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def drain(world: World) -> None:
    world.runtime.services.outbox.drain_due()


def group_posts(world: World) -> dict[str, list[dict[str, Any]]]:
    """What was posted in each group DM, keyed by the sorted member ids."""
    found: dict[str, list[dict[str, Any]]] = {}
    for call in world.fake.calls_to("chat.postMessage"):
        channel = str(call.params.get("channel", ""))
        if channel.startswith("G") and not call.failed:
            members = ",".join(sorted(world.fake.group_dm_members(channel)))
            found.setdefault(members, []).append(call.params)
    return found


def dms_to(world: World, user: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and not call.failed
    ]


def group_of(world: World, user: str):
    return world.runtime.services.mentoring.status(TEAM, user).group


def formed_groups(world: World, users: list[str]) -> dict[int, tuple[str, ...]]:
    groups = {}
    for user in users:
        group = group_of(world, user)
        if group is not None:
            groups[group.id] = group.member_ids
    return groups


def buttons(payload: dict[str, Any], action: ActionId) -> list[dict[str, Any]]:
    return [
        node
        for _, node in walk(payload.get("blocks", []))
        if isinstance(node.get("action_id"), str) and base_action(node["action_id"]) == action
    ]


def click(
    world: World, button: dict[str, Any], *, user: str, path: str, value: str | None = None
) -> dict[str, Any]:
    world.slack.block_action(
        button["action_id"],
        value=button["value"] if value is None else value,
        user_id=user,
        response_url=world.fake.response_url(path),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def next_round(world: World) -> None:
    """Two weeks on: the scheduler's tick opens the round, and the outbox sends it."""
    world.clock.advance(days=14)
    world.runtime.services.mentoring.tick()
    drain(world)


def checkins(world: World, user: str) -> list[dict[str, Any]]:
    return [dm for dm in dms_to(world, user) if buttons(dm, ActionId.MENTORING_CHECKIN)]


# Matching -------------------------------------------------------------------------------------


def test_a_match_forms_groups_and_introduces_each_in_its_own_group_conversation(
    groups_world: World,
):
    world = groups_world
    users = people("MEMBER", 8)
    for user in users:
        join(world, user)
    join(world, "U0LOUD", job_title=f"{HOSTILE} lead", can_help="<https://evil.example|x> & co")
    users.append("U0LOUD")

    result = matched(world)

    groups = formed_groups(world, users)
    placed = sum(len(members) for members in groups.values())
    assert placed == 9
    assert "Cycle 1 has started" in said(result)
    assert f"{len(groups)} groups formed, 9 people placed" in said(result)
    assert "<!date^" in said(result)  # when the cycle ends, in each reader's own zone
    assert world.fake.calls_to("chat.postMessage") == []  # nothing sent before the outbox runs

    drain(world)

    posts = group_posts(world)
    assert set(posts) == {",".join(sorted(members)) for members in groups.values()}
    opened = world.fake.calls_to("conversations.open")
    assert sorted(sorted(str(c.params["users"]).split(",")) for c in opened) == sorted(
        sorted(members) for members in groups.values()
    )
    for members in groups.values():
        [intro] = posts[",".join(sorted(members))]
        text = said(intro)
        assert "Meet your mentoring group" in text
        for member in members:
            assert f"<@{member}>" in text
        assert "Policy adviser" in text
        assert "suggested agenda" in text
        assert "facilitates the first session" in text
        assert "What you share" in text
        assert "How you'll meet" in text
        assert "<!channel>" not in text
        assert "<@U0VICTIM>" not in text
        assert "<https://evil" not in text
    loud = next(p for k, p in posts.items() if "U0LOUD" in k)
    assert "&lt;!channel&gt; &lt;@U0VICTIM&gt; lead" in said(loud)
    assert world.fake.violations == []

    drain(world)
    assert sum(len(p) for p in group_posts(world).values()) == len(groups)  # once each


def test_someone_who_is_not_an_organiser_is_refused_politely(groups_world: World):
    world = groups_world
    for user in people("MEMBER", 4):
        join(world, user)

    for verb in ("match", "close", "groups"):
        [reply] = organise(world, verb, user=ME, path=f"refused-{verb}")
        assert "only organisers" in reply["text"]
        assert reply["response_type"] == "ephemeral"

    assert formed_groups(world, people("MEMBER", 4)) == {}


def test_matching_again_forms_nothing_new_and_says_so(groups_world: World):
    world = groups_world
    for user in people("MEMBER", 6):
        join(world, user)
    matched(world, path="first")
    drain(world)
    before = len(world.fake.calls_to("chat.postMessage"))

    again = matched(world, path="again")
    drain(world)

    assert "Everyone waiting is already in a group: nothing new formed." in said(again)
    assert len(world.fake.calls_to("chat.postMessage")) == before


def test_too_few_people_are_told_why_and_stay_waiting(groups_world: World):
    world = groups_world
    pair = people("PAIR", 2)
    for user in pair:
        join(world, user)

    result = matched(world)
    drain(world)

    assert (
        "Too few people to form a group (2 waiting; groups need at least 3): "
        "they stay waiting and have been told."
    ) in said(result)
    for user in pair:
        assert group_of(world, user) is None
        [note] = dms_to(world, user)
        assert "too few people were waiting" in note["text"]
    assert group_posts(world) == {}


def test_nobody_waiting_is_said_plainly(groups_world: World):
    result = matched(groups_world)
    assert "Nobody is waiting for a mentoring group" in said(result)


def test_a_match_for_one_region_groups_only_the_people_there(groups_world: World):
    world = groups_world
    leeds, cardiff = people("LEEDS", 4), people("CARDIFF", 4)
    for user in leeds:
        join(world, user, place="Leeds")
    for user in cardiff:
        join(world, user, place="Cardiff")

    result = matched(world, "match Wales")

    assert "Matched in *Wales* only." in said(result)
    assert all(group_of(world, user) is not None for user in cardiff)
    assert all(group_of(world, user) is None for user in leeds)

    # A town names its region.
    by_town = matched(world, "match Leeds", path="leeds")
    assert "Matched in *Yorkshire and The Humber* only." in said(by_town)
    assert all(group_of(world, user) is not None for user in leeds)


def test_a_region_that_cannot_be_read_is_named_with_how_to_name_one(groups_world: World):
    world = groups_world
    for user in people("MEMBER", 4):
        join(world, user)

    [reply] = organise(world, f"match Atlantis {HOSTILE}", path="atlantis")

    text = said(reply)
    assert "couldn't find a region or nation called" in text
    assert "Atlantis" in text
    assert "Yorkshire and The Humber" in text  # the regions it knows
    assert "/mentoring match Leeds" in text
    assert "<!channel>" not in text
    assert "<@U0VICTIM>" not in text
    assert formed_groups(world, people("MEMBER", 4)) == {}


def test_a_match_while_another_runs_says_try_again(groups_world: World):
    world = groups_world
    for user in people("MEMBER", 4):
        join(world, user)
    uow = SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))
    now = world.clock.now()
    with uow() as held:
        assert held.mentoring.try_lock(TEAM, "elsewhere", now=now, until=now + timedelta(minutes=5))
        held.commit()

    busy = matched(world, path="busy")

    assert "A match is already running; try again in a minute." in said(busy)
    assert formed_groups(world, people("MEMBER", 4)) == {}

    with uow() as held:
        held.mentoring.unlock(TEAM, "elsewhere")
        held.commit()
    assert "Cycle 1 has started" in said(matched(world, path="free"))


def test_two_matches_at_once_form_each_group_once(groups_world: World):
    world = groups_world
    users = people("MEMBER", 12)
    for user in users:
        join(world, user)
    service = world.runtime.services.mentoring
    outcomes: list[object] = []

    def run() -> None:
        try:
            outcomes.append(service.match(TEAM, ORGANISER))
        except DomainError as error:  # the loser is refused with the lock's key
            outcomes.append(error.key)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    placed = [uid for members in formed_groups(world, users).values() for uid in members]
    assert sorted(placed) == sorted(users)
    assert all(
        outcome == "mentoring.errors.match_running" or hasattr(outcome, "groups")
        for outcome in outcomes
    )


def test_people_who_left_paused_or_were_deactivated_since_signing_up_are_not_placed(
    groups_world: World,
):
    world = groups_world
    users = people("MEMBER", 6)
    for user in users:
        join(world, user)
    gone, paused, left = users[0], users[1], users[2]
    world.slack.user_change({"id": gone, "team_id": TEAM, "deleted": True})
    wait_until_active_is(world, gone, False)
    world.runtime.services.mentoring.pause(TEAM, paused, "", timezone=None)
    world.runtime.services.mentoring.leave(TEAM, left)

    result = matched(world)
    drain(world)

    [members] = formed_groups(world, users).values()
    assert sorted(members) == sorted(users[3:])
    text = said(result)
    assert "Still waiting: 2 people" in text
    assert "1: paused" in text
    assert "1: Slack account deactivated" in text
    [(conversation, _)] = group_posts(world).items()
    assert conversation == ",".join(sorted(users[3:]))


# Check-ins ------------------------------------------------------------------------------------


def matched_group(world: World, prefix: str = "MEMBER", count: int = 4) -> tuple[str, ...]:
    users = people(prefix, count)
    for user in users:
        join(world, user)
    matched(world, path=f"match-{prefix}")
    drain(world)
    [members] = formed_groups(world, users).values()
    return members


def test_every_member_is_asked_after_two_weeks_with_three_one_click_answers(
    groups_world: World,
):
    world = groups_world
    members = matched_group(world)
    mentoring = world.runtime.services.mentoring
    world.clock.advance(days=13)
    mentoring.tick()
    drain(world)
    assert all(checkins(world, member) == [] for member in members)  # not yet due

    world.clock.advance(days=1)
    mentoring.tick()
    drain(world)

    for member in members:
        [checkin] = checkins(world, member)  # in their own DM
        assert "Has your mentoring group met since" in checkin["text"]
        labels = [b["text"]["text"] for b in buttons(checkin, ActionId.MENTORING_CHECKIN)]
        assert labels == ["Yes, we met", "Not yet", "We've stopped meeting"]
        ids = [b["action_id"] for b in buttons(checkin, ActionId.MENTORING_CHECKIN)]
        assert len(set(ids)) == 3
    assert world.fake.violations == []

    drain(world)
    assert all(len(checkins(world, member)) == 1 for member in members)  # asked once a round


def test_clicking_an_answer_records_it_in_place_and_a_second_click_says_so(
    groups_world: World,
):
    world = groups_world
    members = matched_group(world)
    next_round(world)
    first = members[0]
    [checkin] = checkins(world, first)
    met = buttons(checkin, ActionId.MENTORING_CHECKIN)[0]

    reply = click(world, met, user=first, path="met")

    assert reply["replace_original"] is True
    assert "Thanks, recorded: your group met." in reply["text"]
    group = group_of(world, first)
    assert group is not None
    assert group.meetings == 1
    assert f"<@{group.facilitator()}> facilitates the next session" in reply["text"]

    again = click(world, met, user=first, path="met-again")

    assert "already recorded" in again["text"]
    group = group_of(world, first)
    assert group is not None
    assert group.meetings == 1

    not_yet = buttons(checkin, ActionId.MENTORING_CHECKIN)[1]
    changed = click(world, not_yet, user=first, path="changed")
    assert "Thanks, recorded: not yet." in changed["text"]


def test_a_click_on_someone_elses_check_in_changes_nothing(groups_world: World):
    world = groups_world
    members = matched_group(world)
    outsider_group = matched_group(world, "OTHER", 3)
    next_round(world)
    [checkin] = checkins(world, members[0])
    met = buttons(checkin, ActionId.MENTORING_CHECKIN)[0]

    for stranger, path in ((members[1], "co-member"), (outsider_group[0], "outsider")):
        reply = click(world, met, user=stranger, path=path)
        assert reply["response_type"] == "ephemeral"
        assert reply["replace_original"] is False
        assert "isn't yours to answer" in reply["text"]

    # A forged value naming the stranger's own id, for a group they are not in.
    forged = met["value"].rsplit(":", 1)[0] + f":{outsider_group[0]}"
    reply = click(world, met, user=outsider_group[0], path="forged", value=forged)
    assert "isn't yours to answer" in reply["text"]
    group = group_of(world, members[0])
    assert group is not None
    assert group.meetings == 0


@pytest.mark.parametrize("value", ["", "1:1", "1:1:maybe:U0X", "x:y:met:U0X", "0:1:met:U0X"])
def test_an_unreadable_answer_is_refused_politely(groups_world: World, value: str):
    world = groups_world
    button = {"action_id": f"{ActionId.MENTORING_CHECKIN}.0", "value": value}
    reply = click(world, button, user=ME, path="odd")
    assert "couldn't read that answer" in reply["text"]


def test_three_unanswered_check_ins_pause_the_person_with_a_friendly_note(
    groups_world: World,
):
    world = groups_world
    members = matched_group(world)
    talker, silent = members[0], members[1:]
    for round_ in range(1, 4):
        next_round(world)
        [checkin] = checkins(world, talker)[-1:]
        click(
            world,
            buttons(checkin, ActionId.MENTORING_CHECKIN)[1],
            user=talker,
            path=f"talk{round_}",
        )
        for member in silent:
            assert len(checkins(world, member)) == round_

    next_round(world)

    assert len(checkins(world, talker)) == 4
    for member in silent:
        assert len(checkins(world, member)) == 3  # not asked a fourth time
        assert world.runtime.services.mentoring.status(TEAM, member).paused
        notes = [dm for dm in dms_to(world, member) if "paused your sign-up" in dm["text"]]
        assert len(notes) == 1
    assert not world.runtime.services.mentoring.status(TEAM, talker).paused


def test_messages_that_no_longer_apply_when_the_outbox_runs_are_not_sent(groups_world: World):
    world = groups_world
    members = matched_group(world)
    world.clock.advance(days=14)
    world.runtime.services.mentoring.tick()
    resting = members[0]
    world.runtime.services.mentoring.pause(TEAM, resting, "", timezone=None)

    drain(world)

    assert checkins(world, resting) == []
    assert all(len(checkins(world, member)) == 1 for member in members[1:])


def test_an_introduction_still_waiting_when_the_cycle_closes_is_not_sent(groups_world: World):
    world = groups_world
    users = people("MEMBER", 4)
    for user in users:
        join(world, user)
    matched(world)

    organise(world, "close", path="close")
    drain(world)

    [(_, posts)] = group_posts(world).items()
    assert ["Thank you" in said(post) for post in posts] == [True]  # thanked, not introduced


# Closing a cycle ------------------------------------------------------------------------------


def test_closing_thanks_each_group_where_it_met_and_stops_the_check_ins(groups_world: World):
    world = groups_world
    users = people("MEMBER", 8)
    for user in users:
        join(world, user)
    matched(world)
    drain(world)
    groups = formed_groups(world, users)
    next_round(world)
    [old] = checkins(world, users[0])

    [reply] = organise(world, "close", path="close")
    drain(world)

    assert f"Cycle 1 is closed.* {len(groups)} groups (8 people) have been thanked" in said(reply)
    posts = group_posts(world)
    for members in groups.values():
        intro, thanks = posts[",".join(sorted(members))]
        assert "Meet your mentoring group" in said(intro)
        assert "Thank you" in said(thanks)
        assert "What happens next" in said(thanks)
        assert "/mentoring leave" in said(thanks)

    asked = sum(len(checkins(world, user)) for user in users)
    next_round(world)
    next_round(world)
    assert sum(len(checkins(world, user)) for user in users) == asked

    late = click(world, buttons(old, ActionId.MENTORING_CHECKIN)[0], user=users[0], path="late")
    assert "check-ins are closed" in late["text"]
    assert late["replace_original"] is False

    [again] = organise(world, "close", path="close-again")
    assert "nothing to close" in again["text"]


# The organisers' view -------------------------------------------------------------------------


def test_the_organisers_view_pages_through_groups_and_shows_who_waits(groups_world: World):
    world = groups_world
    users = people("MEMBER", 6 * (OVERVIEW_PAGE + 1))
    for user in users:
        join(world, user, size=(6, 6))
    join(world, "U0LOUD", size=(6, 6), job_title=HOSTILE)
    matched(world)
    drain(world)
    world.runtime.services.mentoring.pause(TEAM, users[0], "", timezone=None)
    for late in people("LATE", 3):
        join(world, late)

    [page_one] = organise(world, "groups", path="groups")

    text = said(page_one)
    assert "Cycle 1" in text
    assert "*Group 1*" in text
    assert f"*Group {OVERVIEW_PAGE}*" in text
    assert f"*Group {OVERVIEW_PAGE + 1}*" not in text
    assert "Page 1 of 2" in text
    assert "Waiting for a group: 3 people" in text
    assert "signed up since the last match" in text
    assert "<!channel>" not in text
    assert len(page_one["blocks"]) <= 50
    [following] = buttons(page_one, ActionId.MENTORING_OVERVIEW_PAGE)

    page_two = click(world, following, user=ORGANISER, path="page2")

    assert page_two["replace_original"] is True
    assert f"*Group {OVERVIEW_PAGE + 1}*" in said(page_two)
    assert "Page 2 of 2" in said(page_two)
    [back] = buttons(page_two, ActionId.MENTORING_OVERVIEW_PAGE)
    assert back["text"]["text"] == "Previous"

    refused = click(world, following, user=ME, path="not-mine")
    assert "only organisers" in refused["text"]
    assert refused["replace_original"] is False
    assert world.fake.violations == []


def test_the_organisers_view_marks_who_left_slack_and_how_check_ins_went(groups_world: World):
    world = groups_world
    members = matched_group(world)
    next_round(world)
    [checkin] = checkins(world, members[0])
    click(world, buttons(checkin, ActionId.MENTORING_CHECKIN)[0], user=members[0], path="met")
    world.slack.user_change({"id": members[1], "team_id": TEAM, "deleted": True})
    wait_until_active_is(world, members[1], False)

    [view] = organise(world, "groups", path="groups")

    text = said(view)
    assert f"<@{members[1]}> (left Slack)" in text
    assert f"1 of {len(members)} answered, met" in text
    assert "Met once" in text
