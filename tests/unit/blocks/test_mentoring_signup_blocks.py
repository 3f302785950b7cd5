"""The member side of mentoring groups, builder by builder: what people see in each state,
held to Slack's documented limits, to `handlers.ids`, and to the rule that typed text can never
ping anyone."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import (
    Cycle,
    Frequency,
    GroupMember,
    MentoringGroup,
    SignUp,
    SignUpChoices,
    WaitingReason,
)
from bot.services.directory import ProfileStatus
from bot.services.mentoring.signup import MyMentoring, SignUpSaved
from handlers.home.blocks import home_view
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from handlers.mentoring.blocks.home import mentoring_home_blocks
from handlers.mentoring.blocks.member_pieces import slack_date
from handlers.mentoring.blocks.membership import (
    leave_confirm_message,
    left_message,
    mentoring_help_message,
    not_signed_up_message,
    pause_error_message,
    pause_message,
    resumed_message,
    status_message,
)
from handlers.mentoring.blocks.signup import (
    SIGNUP_NEXT,
    profile_first_message,
    profile_first_view,
    signup_saved_message,
    signup_view,
)
from handlers.ui.profile import profile_view
from tests.support.fake_slack import message_problems, view_problems
from tests.support.payloads import mrkdwn_texts, walk

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOSTILE = "<!channel> <!here> <@U123> <!subteam^S1> <http://x|y> & co"
HOSTILE_BITS = ("<!channel>", "<!here>", "<@U123>", "<!subteam^S1>", "<http://x|y>")
ME, ANNA, BILAL, CERYS = "U0ME", "U0ANNA", "U0BILAL", "U0CERYS"
ACTION_IDS = {member.value for member in ActionId}
INPUT_IDS = {member.value for member in InputId}
# The only live markup these builders may make: a date, and mentions of group members.
LIVE = re.compile(r"<[^>]*>")
DATE = re.compile(r"^<!date\^\d{9,11}\^\{date_long_pretty\}\|[^<>|]+>$")
MENTION = re.compile(r"^<@U0[A-Z]+>$")


# Building states ---------------------------------------------------------------------------


def choices(**changes: Any) -> SignUpChoices:
    values: dict[str, Any] = {
        "role": MentoringRole.WANT_MENTOR,
        "topics": ("data", "policy"),
        "mode": MeetingMode.IN_PERSON,
        "size_min": 3,
        "size_max": 4,
        "frequency": Frequency.FORTNIGHTLY,
        "hopes": "",
    }
    values.update(changes)
    return SignUpChoices(**values)


def signup(**changes: Any) -> SignUp:
    chosen = changes.pop("choices", choices())
    return SignUp("T0001", ME, chosen, created_at=NOW, updated_at=NOW, **changes)


def group(*members: str, meetings: int = 0, topics: tuple[str, ...] = ("data",)) -> MentoringGroup:
    return MentoringGroup(
        id=7,
        team_id="T0001",
        cycle_id=1,
        members=tuple(GroupMember(user, MentoringRole.PEER) for user in members),
        shared_topics=topics,
        mode=MeetingMode.ONLINE,
        region_code=None,
        created_at=NOW,
        meetings=meetings,
    )


CYCLE = Cycle(1, "T0001", 1, started_at=NOW, ends_at=NOW + timedelta(days=91))


def mine(
    signed: SignUp | None, *, grouped: MentoringGroup | None = None, paused: bool = False
) -> MyMentoring:
    return MyMentoring(signup=signed, paused=paused, cycle=CYCLE, group=grouped)


def text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def action_ids(payload: dict[str, Any]) -> list[str]:
    return [
        base_action(node["action_id"])
        for _, node in walk(payload)
        if isinstance(node.get("action_id"), str)
    ]


def buttons(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        base_action(node["action_id"]): node
        for _, node in walk(payload)
        if node.get("type") == "button"
    }


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    [found] = [b for b in view["blocks"] if b.get("block_id") == block_id]
    return found


def assert_inert(payload: dict[str, Any]) -> None:
    """Every angle bracket Slack would read is a date or a member's mention, nothing else."""
    for shown in mrkdwn_texts(payload):
        for live in LIVE.findall(shown):
            assert DATE.match(live) or MENTION.match(live), live
        for bit in HOSTILE_BITS:
            assert bit not in shown


def every_message() -> list[dict[str, Any]]:
    hostile = choices(topics=(HOSTILE, "data"), hopes=HOSTILE)
    saved = SignUpSaved(signup(choices=hostile), True, (HOSTILE,), grouped=False)
    paused = signup(choices=hostile, paused_at=NOW, paused_until=NOW + timedelta(days=30))
    return [
        signup_saved_message(saved),
        signup_saved_message(replace(saved, created=False, grouped=True, unfamiliar_topics=())),
        profile_first_message(),
        pause_message(paused, timezone="Europe/London"),
        pause_message(signup(paused_at=NOW), timezone=None),
        pause_error_message("mentoring.errors.pause_date_unreadable", HOSTILE),
        resumed_message(was_paused=True),
        not_signed_up_message(),
        leave_confirm_message(),
        left_message(erased=True),
        status_message(
            mine(paused, grouped=group(ME, ANNA, "<!channel>"), paused=True), timezone=None
        ),
        status_message(mine(None), timezone=None),
        mentoring_help_message(HOSTILE),
    ]


# Limits and ids ----------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(13))
def test_every_message_keeps_to_slacks_limits_and_pings_nobody(index: int):
    payload = every_message()[index]
    assert message_problems(payload, "chat.postMessage") == []
    assert set(action_ids(payload)) <= ACTION_IDS
    assert_inert(payload)


def test_the_forms_keep_to_slacks_limits_and_known_ids():
    views = [
        signup_view(None, ("data", HOSTILE)),
        signup_view(signup(choices=choices(hopes=HOSTILE, size_min=3, size_max=5))),
        profile_first_view(profile_view(None, None)),
    ]
    for view in views:
        assert view_problems(view, "views.open") == []
        assert len(view["title"]["text"]) <= 24
    form = views[0]
    assert form["callback_id"] == CallbackId.MENTORING_SIGNUP_SUBMIT
    inputs = [b for b in form["blocks"] if b["type"] == "input"]
    assert {b["block_id"] for b in inputs} == {
        BlockId.MENTORING_ROLE,
        BlockId.MENTORING_TOPICS,
        BlockId.MENTORING_MODE,
        BlockId.MENTORING_SIZE,
        BlockId.MENTORING_FREQUENCY,
        BlockId.MENTORING_HOPES,
    }
    assert {b["element"]["action_id"] for b in inputs} <= INPUT_IDS


# The sign-up form --------------------------------------------------------------------------


def test_a_first_sign_up_starts_blank_but_for_topics_from_the_profile():
    view = signup_view(None, ("policy", "data"))
    assert view["title"]["text"] == "Mentoring groups"
    assert view["submit"]["text"] == "Sign up"
    role = block(view, BlockId.MENTORING_ROLE)["element"]
    assert role["type"] == "radio_buttons"
    assert [o["value"] for o in role["options"]] == ["want_mentor", "can_mentor", "peer"]
    assert [o["text"]["text"] for o in role["options"]] == [
        "I'd like a mentor",
        "I can mentor",
        "A peer group",
    ]
    assert "initial_option" not in role
    assert "initial_option" not in block(view, BlockId.MENTORING_MODE)["element"]
    assert "initial_option" not in block(view, BlockId.MENTORING_FREQUENCY)["element"]
    size = block(view, BlockId.MENTORING_SIZE)["element"]
    assert size["initial_option"]["value"] == "4-5"
    assert size["initial_option"]["text"]["text"] == "4 to 5 people"
    for option in size["options"]:
        low, high = map(int, option["value"].split("-"))
        assert 3 <= low <= high <= 6
    assert block(view, BlockId.MENTORING_TOPICS)["element"]["initial_value"] == "policy, data"
    hopes = block(view, BlockId.MENTORING_HOPES)
    assert hopes["optional"] is True
    assert hopes["element"]["multiline"] is True
    assert hopes["element"]["max_length"] == 500
    modes = block(view, BlockId.MENTORING_MODE)["element"]["options"]
    assert [o["value"] for o in modes] == ["in_person", "online", "either"]
    frequencies = block(view, BlockId.MENTORING_FREQUENCY)["element"]["options"]
    assert [o["value"] for o in frequencies] == ["weekly", "fortnightly", "monthly"]


def test_editing_shows_every_current_answer():
    current = signup(
        choices=choices(
            role=MentoringRole.CAN_MENTOR,
            topics=("housing", "planning"),
            mode=MeetingMode.EITHER,
            size_min=5,
            size_max=6,
            frequency=Frequency.WEEKLY,
            hopes="New colleagues",
        )
    )
    view = signup_view(current, ("ignored",))
    assert view["title"]["text"] == "Your mentoring sign-up"
    assert view["submit"]["text"] == "Save changes"
    picked = {
        block_id: block(view, block_id)["element"]["initial_option"]["value"]
        for block_id in (
            BlockId.MENTORING_ROLE,
            BlockId.MENTORING_MODE,
            BlockId.MENTORING_SIZE,
            BlockId.MENTORING_FREQUENCY,
        )
    }
    assert picked == {
        BlockId.MENTORING_ROLE: "can_mentor",
        BlockId.MENTORING_MODE: "either",
        BlockId.MENTORING_SIZE: "5-6",
        BlockId.MENTORING_FREQUENCY: "weekly",
    }
    assert block(view, BlockId.MENTORING_TOPICS)["element"]["initial_value"] == "housing, planning"
    assert block(view, BlockId.MENTORING_HOPES)["element"]["initial_value"] == "New colleagues"


def test_a_size_no_longer_offered_is_kept_as_chosen():
    view = signup_view(signup(choices=choices(size_min=3, size_max=5)))
    size = block(view, BlockId.MENTORING_SIZE)["element"]
    assert size["initial_option"]["value"] == "3-5"
    assert size["initial_option"] in size["options"]


# After saving ------------------------------------------------------------------------------


def test_the_confirmation_says_what_happens_next_and_names_new_topics():
    saved = SignUpSaved(signup(), True, ("beekeeping", "sourdough"), grouped=False)
    payload = signup_saved_message(saved)
    shown = text(payload)
    assert "You're signed up" in shown
    assert "What happens next" in shown
    assert "Nobody else has picked _beekeeping_ and _sourdough_ yet" in shown
    assert "still count" in shown
    assert "next cycle" not in shown
    assert ActionId.MENTORING_SIGNUP_OPEN in action_ids(payload)
    for words in ("I'd like a mentor", "data, policy", "In person, in my region", "3 to 4 people"):
        assert words in shown


def test_an_edit_while_grouped_applies_from_the_next_cycle_and_mentions_no_topics():
    saved = SignUpSaved(signup(), False, (), grouped=True)
    shown = text(signup_saved_message(saved))
    assert "updated" in shown
    assert "next cycle" in shown
    assert "Nobody else" not in shown


def test_one_new_topic_reads_in_the_singular():
    saved = SignUpSaved(signup(), True, ("beekeeping",), grouped=False)
    assert "it still counts when someone does" in text(signup_saved_message(saved))


# Profile first -----------------------------------------------------------------------------


def test_without_a_profile_the_offer_is_a_button_and_the_form_is_marked():
    offer = profile_first_message()
    assert "profile comes first" in text(offer)
    assert action_ids(offer) == [ActionId.MENTORING_PROFILE_FIRST]
    original = profile_view(None, None)
    view = profile_first_view(original)
    assert view["callback_id"] == CallbackId.PROFILE_SUBMIT
    assert json.loads(view["private_metadata"]) == {"next": SIGNUP_NEXT}
    assert "mentoring sign-up" in view["blocks"][0]["elements"][0]["text"]
    assert view["blocks"][1:] == original["blocks"]
    assert "private_metadata" not in original  # the builder's input is left as it was


# Pausing, resuming, leaving ----------------------------------------------------------------


def test_a_pause_with_a_date_shows_it_in_slack_and_in_the_persons_zone():
    until = datetime(2027, 1, 31, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)
    payload = pause_message(signup(paused_at=NOW, paused_until=until), timezone="America/New_York")
    shown = text(payload)
    assert f"<!date^{int(until.timestamp())}^{{date_long_pretty}}|Sunday 31 January 2027>" in shown
    assert payload["text"].startswith("You're paused until Sunday 31 January 2027")
    resume = buttons(payload)[ActionId.MENTORING_RESUME]
    assert resume["text"]["text"] == "Resume now"


def test_an_open_pause_says_until_you_resume():
    shown = text(pause_message(signup(paused_at=NOW), timezone="Europe/London"))
    assert "until you resume" in shown
    assert "<!date" not in shown


def test_a_date_that_cannot_be_used_gets_the_accepted_shapes_and_the_typed_text_inert():
    payload = pause_error_message("mentoring.errors.pause_date_unreadable", "next <!here>")
    shown = text(payload)
    for shape in ("2027-01-31", "31/01/2027", "31 January 2027"):
        assert shape in shown
    assert "next &lt;!here&gt;" in shown
    past = text(pause_error_message("mentoring.errors.pause_date_past", "2020-01-01"))
    assert "isn't in the future" in past
    far = text(pause_error_message("mentoring.errors.pause_date_far", "2030-01-01"))
    assert "more than a year" in far
    unknown = text(pause_error_message("mentoring.errors.some_new_reason", "x"))
    assert "couldn't read" in unknown


def test_resume_says_whether_anything_changed():
    assert "Welcome back" in text(resumed_message(was_paused=True))
    assert "weren't paused" in text(resumed_message(was_paused=False))


def test_not_signed_up_offers_a_sign_up_button():
    payload = not_signed_up_message()
    assert "not signed up" in text(payload)
    assert action_ids(payload) == [ActionId.MENTORING_SIGNUP_OPEN]


def test_leave_asks_with_slacks_own_confirmation():
    payload = leave_confirm_message()
    leave = buttons(payload)[ActionId.MENTORING_LEAVE]
    assert leave["style"] == "danger"
    confirm = leave["confirm"]
    assert confirm["title"]["text"] == "Leave mentoring groups?"
    assert confirm["confirm"]["text"] == "Leave and erase"
    assert confirm["deny"]["text"] == "Stay"
    assert "erase" in text(payload)
    assert "erased" in text(left_message(erased=True))
    nothing = text(left_message(erased=False))
    assert "weren't signed up" in nothing
    assert ActionId.MENTORING_LEAVE not in text(nothing)


# Status ------------------------------------------------------------------------------------


def test_status_in_a_group_names_the_members_and_the_next_facilitator():
    grouped = group(ME, ANNA, BILAL, CERYS, meetings=1, topics=("data", "<b>ai</b>"))
    payload = status_message(mine(signup(), grouped=grouped), timezone="Europe/London")
    shown = text(payload)
    assert f"<@{ME}>, <@{ANNA}>, <@{BILAL}>, <@{CERYS}>" in shown
    assert f"*Next facilitator:* <@{ANNA}>" in shown  # one meeting in: the second member
    assert "data, &lt;b&gt;ai&lt;/b&gt;" in shown
    assert slack_date(CYCLE.ends_at, "Europe/London") in shown
    assert set(buttons(payload)) == {ActionId.MENTORING_SIGNUP_OPEN, ActionId.MENTORING_LEAVE}


def test_a_member_id_that_is_not_one_is_shown_inert():
    grouped = group(ME, "<!channel>")
    shown = text(status_message(mine(signup(), grouped=grouped), timezone=None))
    assert "&lt;!channel&gt;" in shown
    assert "<@<!channel>>" not in shown


def test_status_while_waiting_says_why():
    for reason in WaitingReason:
        waiting = signup(waiting_reason=reason)
        shown = text(status_message(mine(waiting), timezone=None))
        assert "Your mentoring groups" in shown
        assert "Your group" not in shown
    new = text(status_message(mine(signup()), timezone=None))
    assert "waiting for the next match" in new


def test_status_while_paused_offers_resume():
    until = NOW + timedelta(days=10)
    paused = signup(paused_at=NOW, paused_until=until)
    payload = status_message(mine(paused, paused=True), timezone="Europe/London")
    assert "paused until" in text(payload)
    assert ActionId.MENTORING_RESUME in buttons(payload)


def test_status_without_a_sign_up_offers_one():
    payload = status_message(mine(None), timezone=None)
    assert action_ids(payload) == [ActionId.MENTORING_SIGNUP_OPEN]


# Help --------------------------------------------------------------------------------------


def test_help_lists_every_verb_and_a_hint_for_words_not_understood():
    shown = text(mentoring_help_message())
    for verb in ("pause [until DATE]", "resume", "leave", "status", "help"):
        assert f"/mentoring {verb}" in shown
    for verb in ("match [region]", "close", "groups"):
        assert f"/mentoring {verb}" in shown
    assert "didn't recognise" not in shown
    hinted = text(mentoring_help_message("frobnicate"))
    assert "didn't recognise “frobnicate”" in hinted


# The Home tab ------------------------------------------------------------------------------


def test_the_home_part_in_each_state():
    no_profile = mentoring_home_blocks(mine(None), has_profile=False)
    assert action_ids({"blocks": no_profile}) == [ActionId.MENTORING_PROFILE_FIRST]
    joining = mentoring_home_blocks(mine(None), has_profile=True)
    assert action_ids({"blocks": joining}) == [ActionId.MENTORING_SIGNUP_OPEN]
    assert "Join mentoring groups" in text(joining)
    grouped = mentoring_home_blocks(
        mine(signup(), grouped=group(ME, ANNA, BILAL)), has_profile=True
    )
    assert f"<@{ANNA}>" in text(grouped)
    assert "Edit my sign-up" in text(grouped)
    paused = mentoring_home_blocks(mine(signup(paused_at=NOW), paused=True), has_profile=True)
    assert ActionId.MENTORING_RESUME in action_ids({"blocks": paused})
    for blocks in (no_profile, joining, grouped, paused):
        assert len(blocks) <= 5


def test_the_home_tab_with_mentoring_stays_within_a_views_blocks():
    status = ProfileStatus(profile=None, place=None)
    grouped = mentoring_home_blocks(
        mine(signup(), grouped=group(ME, ANNA, BILAL, CERYS)), has_profile=True
    )
    events = [{"type": "divider"}] * 27  # the events' part at its largest
    view = home_view(status, None, events=events, mentoring=grouped)
    assert len(view["blocks"]) <= 100
    assert view["blocks"][-1]["type"] == "context"  # the privacy note stays last
    assert grouped[1] in view["blocks"]
