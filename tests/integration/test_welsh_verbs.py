"""The commands' Welsh verbs end to end: signed requests in, and each Welsh form does what its
English one does (`/whoswho fi` is `/whoswho me`, `/mentoring saib` is `/mentoring pause`,
`/event crynodeb diffodd` is `/event digest off`), whatever language the person chose."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import Frequency, SignUpDraft
from handlers.ids import ActionId, CallbackId, base_action
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_whoswho import add_person

ADMIN = "U0ADMIN"
LEEDS_CHANNEL = "C0LEEDS"
LONDON = ZoneInfo("Europe/London")


def say(world: World, command: str, words: str, *, user: str = ME, **options: Any) -> dict:
    """Run a command and return the ephemeral reply it gets (without the test's own marks)."""
    path = f"reply-{time.monotonic_ns()}"
    world.slack.command(
        command, words, user_id=user, response_url=world.fake.response_url(path), **options
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return {key: value for key, value in reply.items() if key != "_path"}


def organiser_says(world: World, words: str) -> dict[str, Any]:
    """The organiser runs `/event <words>` in the channel linked to Leeds: the reply."""
    return say(world, "/event", words, user=ADMIN, channel_id=LEEDS_CHANNEL)


def text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def action_ids(payload: dict[str, Any]) -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("action_id"), str):
                found.add(base_action(node["action_id"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload.get("blocks", []))
    return found


def sign_up(world: World, user: str = ME) -> None:
    world.runtime.services.mentoring.save_signup(
        TEAM,
        user,
        SignUpDraft(
            role=MentoringRole.PEER,
            topics="data, policy",
            mode=MeetingMode.ONLINE,
            size_min=3,
            size_max=6,
            frequency=Frequency.MONTHLY,
        ),
    )


def signup_of(world: World) -> Any:
    return world.runtime.services.mentoring.status(TEAM, ME).signup


@pytest.fixture
def signed_up(world: World) -> World:
    add_person(world, ME, can_help="data, SQL", want_to_learn="policy")
    sign_up(world)
    return world


@pytest.fixture
def organised(world: World) -> World:
    """An organiser, and a channel linked to Yorkshire and The Humber."""
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    organiser_says(world, "link Leeds")
    return world


# /whoswho -----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["fi", "Fi"])
def test_whoswho_fi_opens_the_profile_form_like_me(world: World, typed: str):
    world.slack.command("/whoswho", typed, trigger_id="trigger-fi")
    [call] = world.fake.wait_for("views.open")
    assert call.params["trigger_id"] == "trigger-fi"
    assert call.params["view"]["callback_id"] == CallbackId.PROFILE_SUBMIT
    assert world.fake.violations == []


def test_whoswho_cymorth_answers_the_help(world: World):
    assert say(world, "/whoswho", "cymorth") == say(world, "/whoswho", "help")


def test_whoswho_anghofio_and_allforio_act_like_forget_and_export(world: World):
    add_person(world, ME, can_help="Welsh language policy")
    assert say(world, "/whoswho", "anghofio") == say(world, "/whoswho", "forget")
    assert ActionId.FORGET_CONFIRM in action_ids(say(world, "/whoswho", "anghofio"))
    say(world, "/whoswho", "allforio")
    [dm] = world.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == ME
    assert "Welsh language policy" in text(dm.params)
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is not None


def test_a_welsh_place_name_is_still_a_search(world: World):
    add_person(world, "U0CARDIFF", place="Cardiff")
    found = say(world, "/whoswho", "Caerdydd")
    assert "<@U0CARDIFF>" in text(found)
    world.fake.assert_no_call("views.open")


# /mentoring ---------------------------------------------------------------------------------


def test_mentoring_saib_pauses_until_resumed_like_pause(signed_up: World):
    world = signed_up
    reply = say(world, "/mentoring", "saib")
    assert "until you resume" in text(reply)
    assert ActionId.MENTORING_RESUME in action_ids(reply)
    assert signup_of(world).paused_at is not None
    assert signup_of(world).paused_until is None


@pytest.mark.parametrize("until", ["tan 3 Ionawr", "tan 3ydd Ion 2027", "Tan Ddydd Sul 3 Ionawr"])
def test_mentoring_saib_tan_a_welsh_date_pauses_until_that_day(signed_up: World, until: str):
    world = signed_up
    reply = say(world, "/mentoring", f"saib {until}")
    midnight = datetime(2027, 1, 3, tzinfo=LONDON)
    assert f"<!date^{int(midnight.timestamp())}^" in text(reply)
    assert signup_of(world).paused_until == midnight


def test_mentoring_saib_tan_ddydd_gwener_pauses_until_friday(signed_up: World):
    world = signed_up  # the clock says Monday 2 November 2026
    say(world, "/mentoring", "saib tan ddydd Gwener")
    assert signup_of(world).paused_until == datetime(2026, 11, 6, tzinfo=LONDON)


def test_a_welsh_date_that_cannot_be_read_pauses_nothing(signed_up: World):
    world = signed_up
    unreadable = say(world, "/mentoring", "saib tan Mawrth")  # March, or Tuesday?
    assert "couldn't read that as a date" in text(unreadable)
    assert "You typed: tan Mawrth" in text(unreadable)
    assert signup_of(world).paused_at is None


def test_mentoring_statws_and_ailddechrau_act_like_status_and_resume(signed_up: World):
    world = signed_up
    say(world, "/mentoring", "saib tan 3 Ionawr")
    status = say(world, "/mentoring", "statws")
    assert status == say(world, "/mentoring", "status")
    assert status == say(world, "/mentoring", "fi")
    assert "paused until" in text(status)
    back = say(world, "/mentoring", "ailddechrau")
    assert "Welcome back" in text(back)
    assert signup_of(world).paused_at is None
    assert say(world, "/mentoring", "ailddechrau") == say(world, "/mentoring", "resume")


def test_mentoring_gadael_asks_first_like_leave(signed_up: World):
    world = signed_up
    ask = say(world, "/mentoring", "gadael")
    assert ask == say(world, "/mentoring", "leave")
    assert ActionId.MENTORING_LEAVE in action_ids(ask)
    assert signup_of(world) is not None  # asking erases nothing


def test_mentoring_cymorth_answers_the_help(world: World):
    assert say(world, "/mentoring", "cymorth") == say(world, "/mentoring", "help")


def test_the_organisers_welsh_verbs_act_like_theirs(signed_up: World):
    world = signed_up
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
    for welsh, english in (("grwpiau", "groups"), ("paru", "match"), ("cau", "close")):
        assert say(world, "/mentoring", welsh) == say(world, "/mentoring", english), welsh
    assert say(world, "/mentoring", "grwpiau", user=ADMIN) == say(
        world, "/mentoring", "groups", user=ADMIN
    )


# /event ---------------------------------------------------------------------------------------


def test_event_rhestr_lists_like_list(organised: World):
    world = organised
    assert say(world, "/event", "rhestr") == say(world, "/event", "list")
    assert say(world, "/event", "rhestr Caerdydd") == say(world, "/event", "list Cardiff")


def test_event_crynodeb_diffodd_and_ymlaen_switch_the_digest(organised: World):
    world = organised
    off = organiser_says(world, "crynodeb diffodd")
    assert "won't get the weekly digest" in text(off)
    assert off == organiser_says(world, "digest off")
    on = organiser_says(world, "Crynodeb Ymlaen")
    assert "weekly digest for Yorkshire and The Humber" in text(on)
    assert on == organiser_says(world, "digest on")
    off_too = organiser_says(world, "crynodeb i ffwrdd")
    assert off_too == off


def test_event_croesawu_i_ffwrdd_and_ymlaen_switch_welcomes(organised: World):
    world = organised
    off = organiser_says(world, "croesawu i ffwrdd")
    assert "won't be welcomed" in text(off)
    assert off == organiser_says(world, "welcomes off")
    on = organiser_says(world, "croesawu ymlaen")
    assert "get a short welcome" in text(on)
    refused = say(world, "/event", "croesawu diffodd", channel_id=LEEDS_CHANNEL)
    assert "only organisers" in text(refused)


def test_event_crynodeb_with_another_word_gets_the_usage_like_digest(organised: World):
    world = organised
    odd = organiser_says(world, "crynodeb efallai")
    assert odd == organiser_says(world, "digest maybe")
    assert "`/event digest off`" in text(odd)
