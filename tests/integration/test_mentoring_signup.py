"""/mentoring for members, end to end: signed requests in; forms, replies and DMs out."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import Frequency, SignUpDraft
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_whoswho import add_person, form_values, leeds
from tests.support.payloads import walk
from tests.support.slack_client import plain_value, static_value

ADMIN = "U0ADMIN"
OTHERS = ("U0ANNA", "U0BILAL", "U0CERYS")
DEPARTMENTS = ("HM Revenue and Customs", "Home Office", "Ministry of Justice")


# Helpers ----------------------------------------------------------------------------------


def text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def elements(payload: dict[str, Any], action: ActionId) -> list[dict[str, Any]]:
    return [
        node
        for _, node in walk(payload.get("blocks", []))
        if isinstance(node.get("action_id"), str) and base_action(node["action_id"]) == action
    ]


def element(payload: dict[str, Any], action: ActionId) -> dict[str, Any]:
    found = elements(payload, action)
    assert found, f"no {action} in the payload"
    return found[0]


def command(world: World, words: str, path: str, *, user: str = ME, **options: Any) -> dict:
    """Run /mentoring and return the ephemeral reply it gets."""
    world.slack.command(
        "/mentoring", words, user_id=user, response_url=world.fake.response_url(path), **options
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def click(
    world: World, payload: dict[str, Any], action: ActionId, path: str, *, user: str = ME
) -> dict[str, Any]:
    """Click a button in a message and return what replaced (or answered) it."""
    button = element(payload, action)
    world.slack.block_action(
        button["action_id"],
        value=button.get("value"),
        user_id=user,
        response_url=world.fake.response_url(path),
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def signup_values(**fields: Any) -> dict[str, dict[str, dict[str, Any]]]:
    def radio(value: str | None) -> dict[str, Any]:
        chosen = None if value is None else {"value": value}
        return {"type": "radio_buttons", "selected_option": chosen}

    return {
        BlockId.MENTORING_ROLE: {InputId.MENTORING_ROLE: radio(fields.get("role", "peer"))},
        BlockId.MENTORING_TOPICS: {
            InputId.MENTORING_TOPICS: plain_value(fields.get("topics", "data, policy"))
        },
        BlockId.MENTORING_MODE: {InputId.MENTORING_MODE: radio(fields.get("mode", "online"))},
        BlockId.MENTORING_SIZE: {InputId.MENTORING_SIZE: static_value(fields.get("size", "4-5"))},
        BlockId.MENTORING_FREQUENCY: {
            InputId.MENTORING_FREQUENCY: static_value(fields.get("frequency", "monthly"))
        },
        BlockId.MENTORING_HOPES: {InputId.MENTORING_HOPES: plain_value(fields.get("hopes"))},
    }


def submit(world: World, *, user: str = ME, **fields: Any) -> dict[str, Any]:
    response = world.slack.view_submission(
        CallbackId.MENTORING_SIGNUP_SUBMIT, signup_values(**fields), user_id=user
    )
    assert response.status == 200
    return response.json()


def dms_to(world: World, user: str, count: int = 1) -> list[dict[str, Any]]:
    calls = world.fake.wait_for(
        "chat.postMessage",
        count=count,
        where=lambda call: call.params.get("channel") == user and not call.failed,
    )
    return [call.params for call in calls]


def signup_of(world: World, user: str = ME):
    return world.runtime.services.mentoring.status(TEAM, user).signup


def sign_up(world: World, user: str, topics: str = "data, policy", **fields: Any) -> None:
    """Someone signed up already (through the service, as another person would have)."""
    world.runtime.services.mentoring.save_signup(
        TEAM,
        user,
        SignUpDraft(
            role=fields.get("role", MentoringRole.PEER),
            topics=topics,
            mode=fields.get("mode", MeetingMode.ONLINE),
            size_min=3,
            size_max=6,
            frequency=fields.get("frequency", Frequency.MONTHLY),
        ),
    )


def initial_value(view: dict[str, Any], block_id: str) -> str | None:
    """What a radio group or menu of the form starts on."""
    [block] = [b for b in view["blocks"] if b.get("block_id") == block_id]
    initial = block["element"].get("initial_option")
    return initial["value"] if initial else None


@pytest.fixture
def profiled(world: World) -> World:
    add_person(world, ME, can_help="data, SQL", want_to_learn="policy")
    return world


@pytest.fixture
def grouped(world: World) -> World:
    """ME and three others from other departments, signed up and matched into a group."""
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
    add_person(world, ME, can_help="data")
    sign_up(world, ME)
    for user, department in zip(OTHERS, DEPARTMENTS, strict=True):
        world.fake.add_user(user, team_id=TEAM)
        add_person(world, user, organisation=department)
        sign_up(world, user)
    outcome = world.runtime.services.mentoring.match(TEAM, ADMIN)
    assert outcome.placed == 4
    return world


# Joining ----------------------------------------------------------------------------------


def test_without_a_profile_the_app_offers_one_first_then_goes_straight_on(world: World):
    offer = command(world, "", "offer")
    assert offer["response_type"] == "ephemeral"
    assert "profile comes first" in text(offer)
    world.fake.assert_no_call("views.open")

    button = element(offer, ActionId.MENTORING_PROFILE_FIRST)
    world.slack.block_action(button["action_id"], value=button["value"])
    [opened] = world.fake.wait_for("views.open")
    profile_form = opened.params["view"]
    assert profile_form["callback_id"] == CallbackId.PROFILE_SUBMIT
    assert "mentoring sign-up" in text(profile_form)

    response = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT,
        form_values(leeds(world), can_help="data, SQL", want_to_learn="policy"),
        user_id=ME,
        private_metadata=profile_form["private_metadata"],
    )
    body = response.json()
    assert body["response_action"] == "update"
    signup_form = body["view"]
    assert signup_form["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT
    [topics] = [b for b in signup_form["blocks"] if b.get("block_id") == BlockId.MENTORING_TOPICS]
    assert topics["element"]["initial_value"] == "policy, data, SQL"
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is not None
    assert world.fake.violations == []


def test_the_profile_form_on_its_own_still_ends_with_its_own_notice(world: World):
    response = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT, form_values(leeds(world)), user_id=ME
    )
    body = response.json()
    assert body["response_action"] == "update"
    assert body["view"]["callback_id"] == CallbackId.NOTICE


def test_with_a_profile_the_command_opens_the_sign_up_form(profiled: World):
    world = profiled
    world.slack.command("/mentoring", "", trigger_id="trigger-42")
    [opened] = world.fake.wait_for("views.open")
    assert opened.params["trigger_id"] == "trigger-42"
    view = opened.params["view"]
    assert view["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT
    assert len(view["title"]["text"]) <= 24
    assert initial_value(view, BlockId.MENTORING_ROLE) is None
    assert initial_value(view, BlockId.MENTORING_SIZE) == "4-5"
    for words in ("I'd like a mentor", "I can mentor", "A peer group", "Fortnight", "Either"):
        assert words.casefold() in text(view).casefold()
    world.fake.assert_no_call("response_url")
    assert world.fake.violations == []


def test_the_form_explains_each_mistake_beside_its_field_and_saves_nothing(profiled: World):
    world = profiled
    body = submit(world, role=None, topics="  ", mode=None, size="9-2", frequency="hourly")
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {
        BlockId.MENTORING_ROLE,
        BlockId.MENTORING_TOPICS,
        BlockId.MENTORING_MODE,
        BlockId.MENTORING_SIZE,
        BlockId.MENTORING_FREQUENCY,
    }
    assert "topic" in body["errors"][BlockId.MENTORING_TOPICS]
    too_many = submit(world, topics=", ".join(f"topic {n}" for n in range(9)))
    assert set(too_many["errors"]) == {BlockId.MENTORING_TOPICS}
    assert "8" in too_many["errors"][BlockId.MENTORING_TOPICS]
    assert signup_of(world) is None
    world.fake.assert_no_call("chat.postMessage")


def test_a_sign_up_is_saved_closed_and_confirmed_in_a_dm(profiled: World):
    world = profiled
    add_person(world, "U0ANNA")
    sign_up(world, "U0ANNA", topics="Data")
    body = submit(world, topics="data, <!channel> beekeeping", hopes="Meet people *outside* HMRC")
    assert body == {}  # the modal closes
    [dm] = dms_to(world, ME)
    shown = text(dm)
    assert "signed up" in shown
    assert "What happens next" in shown
    assert "Nobody else has picked" in shown
    assert "beekeeping" in shown
    assert "<!channel>" not in shown
    assert "&lt;!channel&gt;" in shown
    assert "_data_" not in shown  # someone else chose data: it is not called new
    assert elements(dm, ActionId.MENTORING_SIGNUP_OPEN)
    saved = signup_of(world)
    assert saved is not None
    assert saved.choices.topics[0] == "data"
    assert saved.choices.mode is MeetingMode.ONLINE
    assert (saved.choices.size_min, saved.choices.size_max) == (4, 5)
    [home] = world.fake.wait_for("views.publish")
    assert elements(home.params["view"], ActionId.MENTORING_SIGNUP_OPEN)
    assert world.fake.violations == []


def test_editing_opens_the_form_prefilled_and_says_it_was_updated(profiled: World):
    world = profiled
    submit(world, role="can_mentor", topics="housing", mode="in_person", size="5-6", hopes="Hi")
    dms_to(world, ME)
    world.slack.command("/mentoring", "")
    [opened] = world.fake.wait_for("views.open")
    view = opened.params["view"]
    assert initial_value(view, BlockId.MENTORING_ROLE) == "can_mentor"
    assert initial_value(view, BlockId.MENTORING_MODE) == "in_person"
    assert initial_value(view, BlockId.MENTORING_SIZE) == "5-6"
    assert initial_value(view, BlockId.MENTORING_FREQUENCY) == "monthly"
    [topics] = [b for b in view["blocks"] if b.get("block_id") == BlockId.MENTORING_TOPICS]
    assert topics["element"]["initial_value"] == "housing"  # not the profile's suggestions
    assert "Save changes" in text(view)
    submit(world, role="peer", topics="housing, planning", mode="either")
    [_, second] = dms_to(world, ME, count=2)
    assert "updated" in text(second)
    assert signup_of(world).choices.role is MentoringRole.PEER


def test_changes_while_in_a_group_apply_from_the_next_cycle(grouped: World):
    world = grouped
    body = submit(world, topics="data, policy", frequency="weekly")
    assert body == {}
    [dm] = dms_to(world, ME)
    assert "next cycle" in text(dm)


# Pausing and resuming ---------------------------------------------------------------------


def test_pause_until_a_date_reads_it_in_my_time_zone_and_offers_resume(profiled: World):
    world = profiled
    world.fake.add_user(ME, team_id=TEAM, tz="America/New_York")
    sign_up(world, ME)
    reply = command(world, "pause until 31 January 2027", "pause")
    midnight = datetime(2027, 1, 31, tzinfo=ZoneInfo("America/New_York"))
    assert f"<!date^{int(midnight.timestamp())}^" in text(reply)
    assert "Sunday 31 January 2027" in text(reply)
    resume = element(reply, ActionId.MENTORING_RESUME)
    assert resume["text"]["text"] == "Resume now"
    signup = signup_of(world)
    assert signup is not None
    assert signup.paused_until == midnight
    mine = world.runtime.services.mentoring.status(TEAM, ME)
    assert mine.paused


@pytest.mark.parametrize("shape", ["2027-01-31", "31/01/2027", "until 31 Jan 2027"])
def test_pause_takes_each_documented_shape_of_date(profiled: World, shape: str):
    world = profiled
    sign_up(world, ME)
    reply = command(world, f"pause {shape}", "pause")
    assert "paused until" in text(reply)
    assert signup_of(world).paused_until.astimezone(ZoneInfo("Europe/London")).day == 31


def test_pause_without_a_date_lasts_until_resumed(profiled: World):
    world = profiled
    sign_up(world, ME)
    reply = command(world, "pause", "pause")
    assert "until you resume" in text(reply)
    assert "<!date" not in text(reply)
    assert elements(reply, ActionId.MENTORING_RESUME)
    assert signup_of(world).paused_at is not None
    assert signup_of(world).paused_until is None


def test_a_date_that_cannot_be_read_gets_the_shapes_that_work(profiled: World):
    world = profiled
    sign_up(world, ME)
    reply = command(world, "pause until next <!here> tuesday", "bad")
    shown = text(reply)
    for shape in ("2027-01-31", "31/01/2027", "31 January 2027"):
        assert shape in shown
    assert "<!here>" not in shown
    assert "&lt;!here&gt;" in shown
    assert signup_of(world).paused_at is None


def test_a_past_or_far_date_is_refused_politely(profiled: World):
    world = profiled
    sign_up(world, ME)
    yesterday = (world.clock.now() - timedelta(days=1)).strftime("%Y-%m-%d")
    past = command(world, f"pause until {yesterday}", "past")
    assert "isn't in the future" in text(past)
    far = command(world, "pause until 2029-01-01", "far")
    assert "more than a year" in text(far)
    assert signup_of(world).paused_at is None


def test_resume_by_command_and_by_button(profiled: World):
    world = profiled
    sign_up(world, ME)
    paused = command(world, "pause", "pause")
    back = click(world, paused, ActionId.MENTORING_RESUME, "resumed")
    assert back["replace_original"] is True
    assert "Welcome back" in text(back)
    assert not world.runtime.services.mentoring.status(TEAM, ME).paused
    again = click(world, paused, ActionId.MENTORING_RESUME, "again")
    assert "weren't paused" in text(again)
    command(world, "pause", "pause2")
    by_command = command(world, "resume", "resume")
    assert "Welcome back" in text(by_command)
    assert signup_of(world).paused_at is None


def test_pausing_or_resuming_without_a_sign_up_offers_one(profiled: World):
    world = profiled
    for verb in ("pause", "resume", "status"):
        reply = command(world, verb, verb)
        assert "not signed up" in text(reply)
        assert elements(reply, ActionId.MENTORING_SIGNUP_OPEN)
    button = element(reply, ActionId.MENTORING_SIGNUP_OPEN)
    world.slack.block_action(button["action_id"], value=button["value"])
    [opened] = world.fake.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT


# Leaving ----------------------------------------------------------------------------------


def test_leave_asks_first_then_erases_and_a_second_click_says_so(grouped: World):
    world = grouped
    ask = command(world, "leave", "leave")
    leave = element(ask, ActionId.MENTORING_LEAVE)
    assert leave["style"] == "danger"
    assert leave["confirm"]["confirm"]["text"]
    assert signup_of(world) is not None  # asking erases nothing
    done = click(world, ask, ActionId.MENTORING_LEAVE, "done")
    assert done["replace_original"] is True
    assert "erased" in text(done)
    assert signup_of(world) is None
    assert world.runtime.services.mentoring.status(TEAM, ME).group is None
    again = click(world, ask, ActionId.MENTORING_LEAVE, "again")
    assert "weren't signed up" in text(again)


# Status, help and the Home tab ------------------------------------------------------------


def test_status_shows_my_group_as_mentions_and_the_next_facilitator(grouped: World):
    world = grouped
    reply = command(world, "status", "status")
    shown = text(reply)
    for user in (ME, *OTHERS):
        assert f"<@{user}>" in shown
    group = world.runtime.services.mentoring.status(TEAM, ME).group
    assert group is not None
    assert f"Next facilitator:* <@{group.facilitator()}>" in shown
    assert "<!date^" in shown  # when the cycle ends
    assert elements(reply, ActionId.MENTORING_SIGNUP_OPEN)
    assert elements(reply, ActionId.MENTORING_LEAVE)
    me_too = command(world, "me", "me")
    assert f"<@{OTHERS[0]}>" in text(me_too)


def test_status_of_a_paused_person_says_until_when(profiled: World):
    world = profiled
    sign_up(world, ME)
    command(world, "pause until 2027-01-31", "pause")
    reply = command(world, "status", "status")
    assert "paused until" in text(reply)
    assert elements(reply, ActionId.MENTORING_RESUME)


def test_help_lists_every_verb_including_the_organisers(world: World):
    reply = command(world, "help", "help")
    shown = text(reply)
    for verb in ("pause", "resume", "leave", "status", "match [region]", "close", "groups"):
        assert f"/mentoring {verb}" in shown


def test_unknown_words_get_the_help_with_a_hint_never_silence(world: World):
    reply = command(world, "frobnicate <!channel>", "odd")
    shown = text(reply)
    assert "didn't recognise" in shown
    assert "frobnicate &lt;!channel&gt;" in shown
    assert "<!channel>" not in shown
    assert "/mentoring pause" in shown


def test_organisers_verbs_are_answered_too(world: World):
    for verb in ("match", "close", "groups"):
        reply = command(world, verb, verb)
        assert reply.get("text") or reply.get("blocks")
    assert world.fake.violations == []


def test_the_home_tab_invites_to_join_then_shows_my_group(grouped: World):
    world = grouped
    add_person(world, "U0NEW")
    world.slack.app_home_opened("U0NEW")
    [new_home] = world.fake.wait_for("views.publish")
    assert "Mentoring groups" in text(new_home.params["view"])
    join = element(new_home.params["view"], ActionId.MENTORING_SIGNUP_OPEN)
    assert join["text"]["text"] == "Join mentoring groups"
    world.slack.block_action(
        join["action_id"], value=join["value"], user_id="U0NEW", view={"type": "home", "id": "VH"}
    )
    [opened] = world.fake.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT

    world.slack.app_home_opened(ME)
    [_, my_home] = world.fake.wait_for("views.publish", count=2)
    view = my_home.params["view"]
    assert len(view["blocks"]) <= 100
    for user in OTHERS:
        assert f"<@{user}>" in text(view)
    assert element(view, ActionId.MENTORING_SIGNUP_OPEN)["text"]["text"] == "Edit my sign-up"
    assert world.fake.violations == []


def test_the_home_tab_without_a_profile_offers_one_then_the_sign_up(world: World):
    world.slack.app_home_opened(ME)
    [home] = world.fake.wait_for("views.publish")
    button = element(home.params["view"], ActionId.MENTORING_PROFILE_FIRST)
    world.slack.block_action(
        button["action_id"], value=button["value"], view={"type": "home", "id": "VH"}
    )
    [opened] = world.fake.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == CallbackId.PROFILE_SUBMIT
    assert json.loads(opened.params["view"]["private_metadata"])
