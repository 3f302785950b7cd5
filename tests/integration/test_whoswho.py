"""/whoswho end to end: signed requests in, what Slack would be asked to show out."""

from __future__ import annotations

import json
import time
from typing import Any

from bot.domain.people import ProfileDraft
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from tests.integration.conftest import ME, TEAM, World
from tests.support.payloads import mrkdwn_texts
from tests.support.slack_client import (
    checkboxes_value,
    external_value,
    multi_static_value,
    plain_value,
    static_value,
)


def leeds(world: World) -> int:
    place = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    assert place is not None
    return place.id


def add_person(world: World, user: str, place: str = "Leeds", **changes: Any) -> None:
    query = world.runtime.services.directory.gazetteer.read_query(place)
    assert query.place is not None
    values: dict[str, Any] = {
        "place_id": query.place.id,
        "organisation": "Department for Work and Pensions",
        "job_title": "Work coach",
    }
    values.update(changes)
    world.runtime.services.directory.save_profile(TEAM, user, ProfileDraft(**values))


def form_values(place_id: int | None, **fields: Any) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, dict[str, Any]]] = {
        BlockId.PLACE: {
            ActionId.PLACE_SELECT: external_value(str(place_id), "Leeds")
            if place_id
            else {"type": "external_select", "selected_option": None}
        },
        BlockId.ORGANISATION: {
            InputId.ORGANISATION: static_value(fields.get("organisation", "Home Office"))
        },
        BlockId.ORGANISATION_OTHER: {
            InputId.ORGANISATION_OTHER: plain_value(fields.get("organisation_other"))
        },
        BlockId.JOB_TITLE: {InputId.JOB_TITLE: plain_value(fields.get("job_title", "Analyst"))},
        BlockId.PROFESSION: {InputId.PROFESSION: static_value(fields.get("profession"))},
        BlockId.GRADE: {InputId.GRADE: static_value(fields.get("grade"))},
        BlockId.CAN_HELP: {InputId.CAN_HELP: plain_value(fields.get("can_help", "data, SQL"))},
        BlockId.WANT_TO_LEARN: {InputId.WANT_TO_LEARN: plain_value(fields.get("want_to_learn"))},
        BlockId.LANGUAGES: {
            InputId.LANGUAGES: multi_static_value(fields.get("languages", ["English"]))
        },
        BlockId.OPEN_TO: {InputId.OPEN_TO: checkboxes_value(fields.get("open_to", ["coffee"]))},
    }
    return values


def texts(payload: dict[str, Any]) -> str:
    """Every piece of text in a message or view, joined, to search in."""
    return json.dumps(payload, ensure_ascii=False)


def action_ids(payload: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "action_id" in node:
                found.append(base_action(node["action_id"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload.get("blocks", []))
    return found


def button_value(payload: dict[str, Any], action_id: str, index: int = 0) -> str:
    values: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if base_action(str(node.get("action_id"))) == action_id and "value" in node:
                values.append(node["value"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload.get("blocks", []))
    return values[index]


def test_bare_command_explains_the_app_and_offers_to_create_a_profile(world: World):
    response = world.slack.command("/whoswho", "")
    assert response.status == 200
    [reply] = world.responses()
    assert reply["response_type"] == "ephemeral"
    assert "don't have a profile" in texts(reply)
    assert ActionId.PROFILE_OPEN in action_ids(reply)
    assert ActionId.SEARCH_OPEN in action_ids(reply)


def test_help_lists_every_subcommand(world: World):
    world.slack.command("/whoswho", "help")
    [reply] = world.responses()
    for word in ("/whoswho Leeds", "/whoswho me", "export", "forget"):
        assert word in texts(reply)


def test_me_opens_the_profile_form_with_the_trigger(world: World):
    world.slack.command("/whoswho", "me", trigger_id="trigger-123")
    [call] = world.fake.wait_for("views.open")
    assert call.params["trigger_id"] == "trigger-123"
    assert call.params["view"]["callback_id"] == CallbackId.PROFILE_SUBMIT
    assert world.fake.violations == []


def test_a_form_with_missing_fields_gets_inline_errors_and_saves_nothing(world: World):
    response = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT,
        form_values(None, organisation=None, job_title=""),
        user_id=ME,
    )
    assert response.status == 200
    body = response.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {BlockId.PLACE, BlockId.ORGANISATION, BlockId.JOB_TITLE}
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is None


def test_saving_the_form_creates_the_profile_and_search_finds_it(world: World):
    response = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT,
        form_values(leeds(world), job_title="Senior analyst", can_help="data science, SQL"),
        user_id=ME,
    )
    body = response.json()
    assert body["response_action"] == "update"
    assert "Leeds" in texts(body["view"])
    [home] = world.fake.wait_for("views.publish")
    assert home.params["user_id"] == ME
    world.slack.command("/whoswho", "Leeds data")
    [reply] = world.responses()
    assert f"<@{ME}>" in texts(reply)
    assert "Senior analyst" in texts(reply)


def test_editing_shows_current_values(world: World):
    add_person(world, ME, job_title="Policy lead", can_help="housing, planning")
    world.slack.command("/whoswho", "me")
    [call] = world.fake.wait_for("views.open")
    view = texts(call.params["view"])
    assert "Policy lead" in view
    assert "housing, planning" in view
    assert "Leeds" in view


def test_organisations_not_listed_are_typed_in(world: World):
    values = form_values(leeds(world), organisation=None, organisation_other="Leeds City Council")
    assert (
        world.slack.view_submission(CallbackId.PROFILE_SUBMIT, values, user_id=ME).json()[
            "response_action"
        ]
        == "update"
    )
    profile = world.runtime.services.directory.profile_status(TEAM, ME).profile
    assert profile is not None
    assert profile.organisation == "Leeds City Council"


def test_typed_text_can_never_ping_anyone(world: World):
    add_person(
        world,
        "U0LOUD",
        job_title="<!channel> <!here> <@U0OTHER> <!subteam^S123>",
        can_help="<https://evil.example|click> & more",
    )
    world.slack.command("/whoswho", "Leeds")
    [reply] = world.responses()
    text = texts(reply)
    for live in ("<!channel>", "<!here>", "<@U0OTHER>", "<!subteam", "<https://evil"):
        assert live not in text
    assert "&lt;!channel&gt;" in text
    assert "&amp; more" in text


def test_results_page_with_buttons_that_replace_the_message(world: World):
    for index in range(20):
        world.clock.advance(seconds=1)
        add_person(world, f"U0P{index:03d}")
    world.slack.command("/whoswho", "Leeds")
    [first] = world.responses()
    assert "Page 1 of 3" in texts(first)
    assert ActionId.SEARCH_PAGE in action_ids(first)
    world.slack.block_action(
        ActionId.SEARCH_PAGE,
        value=button_value(first, ActionId.SEARCH_PAGE),
        response_url=world.fake.response_url("page2"),
    )
    [second] = world.responses(where=lambda call: call.params.get("_path") == "page2")
    assert second["replace_original"] is True
    assert "Page 2 of 3" in texts(second)
    assert world.fake.violations == []


def test_an_unknown_place_gets_suggestions_that_work(world: World):
    add_person(world, "U0MANC", "Manchester")
    world.slack.command("/whoswho", "Manchestre")
    [reply] = world.responses()
    if ActionId.SEARCH_PLACE in action_ids(reply):
        world.slack.block_action(
            ActionId.SEARCH_PLACE,
            value=button_value(reply, ActionId.SEARCH_PLACE),
            response_url=world.fake.response_url("pick"),
        )
        [picked] = world.responses(where=lambda call: call.params.get("_path") == "pick")
        assert "<@U0MANC>" in texts(picked)
    else:  # read straight away as Manchester
        assert "<@U0MANC>" in texts(reply)


def test_nonsense_gets_a_friendly_way_forward(world: World):
    world.slack.command("/whoswho", "qwxzyv plimp")
    [reply] = world.responses()
    assert "couldn't find a place" in texts(reply)
    assert "/whoswho help" in texts(reply)


def test_an_ambiguous_name_offers_the_other_places(world: World):
    world.slack.command("/whoswho", "Newport")
    [reply] = world.responses()
    assert "Did you mean another one?" in texts(reply)
    assert ActionId.SEARCH_PLACE in action_ids(reply)


def test_nobody_nearby_says_so_and_offers_to_widen(world: World):
    world.slack.command("/whoswho", "Leeds")
    [reply] = world.responses()
    assert "Nobody near" in texts(reply)
    assert "Yorkshire" in texts(reply)


def test_forget_asks_first_then_erases_everything(world: World):
    add_person(world, ME)
    world.slack.command("/whoswho", "forget")
    [ask] = world.responses()
    assert ActionId.FORGET_CONFIRM in action_ids(ask)
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is not None
    world.slack.block_action(
        ActionId.FORGET_CONFIRM, value="forget", response_url=world.fake.response_url("erase")
    )
    [done] = world.responses(where=lambda call: call.params.get("_path") == "erase")
    assert "erased" in texts(done)
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is None
    world.slack.block_action(
        ActionId.FORGET_CONFIRM, value="forget", response_url=world.fake.response_url("again")
    )
    [again] = world.responses(where=lambda call: call.params.get("_path") == "again")
    assert "nothing to erase" in texts(again)


def test_export_sends_everything_in_a_direct_message(world: World):
    add_person(world, ME, can_help="Welsh language policy")
    world.slack.command("/whoswho", "export")
    [dm] = world.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == ME
    assert "Welsh language policy" in texts(dm.params)
    [reply] = world.responses()
    assert "direct message" in texts(reply)


def test_export_survives_a_rate_limit(world: World):
    add_person(world, ME)
    world.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    world.slack.command("/whoswho", "export")
    [refused] = world.fake.wait_for("chat.postMessage", count=1, timeout=8)
    assert refused.failed
    world.fake.wait_for("response_url", count=1)  # told the export is on its way
    # The DM waits in the outbox for Slack's second, then goes once.
    world.clock.advance(seconds=1)
    assert world.runtime.services.outbox.drain_due().sent == 1
    calls = world.fake.wait_for("chat.postMessage", count=2, timeout=8)
    assert not calls[1].failed
    assert calls[1].params["channel"] == ME


def wait_until_active_is(world: World, user: str, active: bool, timeout: float = 5.0) -> None:
    """Events are acked before they are handled: wait for the change to land."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        profile = world.runtime.services.directory.profile_status(TEAM, user).profile
        if profile is not None and profile.active is active:
            return
        time.sleep(0.02)
    raise AssertionError(f"{user} never became active={active}")


def test_deactivated_people_vanish_from_search_at_once(world: World):
    add_person(world, "U0LEAVER")
    world.slack.user_change({"id": "U0LEAVER", "team_id": TEAM, "deleted": True})
    wait_until_active_is(world, "U0LEAVER", False)
    world.slack.command("/whoswho", "Leeds")
    [reply] = world.responses()
    assert "U0LEAVER" not in texts(reply)
    world.slack.user_change({"id": "U0LEAVER", "team_id": TEAM, "deleted": False})
    wait_until_active_is(world, "U0LEAVER", True)
    world.slack.command("/whoswho", "Leeds", response_url=world.fake.response_url("back"))
    [back] = world.responses(where=lambda call: call.params.get("_path") == "back")
    assert "U0LEAVER" in texts(back)


def test_the_home_tab_shows_the_profile_and_hides_it_in_one_click(world: World):
    add_person(world, ME)
    world.slack.app_home_opened(ME)
    [home] = world.fake.wait_for("views.publish")
    assert home.params["view"]["type"] == "home"
    assert ActionId.PROFILE_HIDE in action_ids(home.params["view"])
    world.slack.block_action(
        ActionId.PROFILE_HIDE, value="hide", view={"type": "home", "id": "VHOME"}
    )
    [_, after] = world.fake.wait_for("views.publish", count=2)
    assert ActionId.PROFILE_SHOW in action_ids(after.params["view"])
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile.visible is False


def test_the_place_typeahead_answers_with_options(world: World):
    response = world.slack.block_suggestion(ActionId.PLACE_SELECT, "lee")
    options = response.json()["options"]
    assert options[0]["text"]["text"].startswith("Leeds")
    assert options[0]["value"] == str(leeds(world))


def test_searching_from_the_home_tab_shows_results_in_the_modal(world: World):
    add_person(world, "U0CARDIFF", "Cardiff")
    world.slack.block_action(ActionId.SEARCH_OPEN, value="open", view={"type": "home", "id": "V1"})
    [opened] = world.fake.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == CallbackId.SEARCH_SUBMIT
    response = world.slack.view_submission(
        CallbackId.SEARCH_SUBMIT,
        {
            BlockId.SEARCH_PLACE: {InputId.SEARCH_PLACE: plain_value("Caerdydd")},
            BlockId.SEARCH_TOPICS: {InputId.SEARCH_TOPICS: plain_value(None)},
        },
    )
    body = response.json()
    assert body["response_action"] == "update"
    assert "<@U0CARDIFF>" in texts(body["view"])


def test_requests_not_signed_by_slack_are_refused_and_change_nothing(world: World):
    forged = world.slack.command("/whoswho", "forget", secret="not-the-secret")
    stale = world.slack.command("/whoswho", "forget", timestamp_offset=-6 * 60)
    unsigned = world.slack.command("/whoswho", "forget", signature=None)
    assert [forged.status, stale.status, unsigned.status] == [401, 401, 401]
    world.fake.assert_no_call("response_url")


def test_the_health_endpoint_checks_the_database(world: World):
    import urllib.request

    with urllib.request.urlopen(world.base_url + "/health", timeout=5) as response:  # noqa: S310
        assert response.status == 200


# What Slack sends: `&`, `<` and `>` as entities ------------------------------------------------


def test_brighton_and_hove_typed_with_an_ampersand_finds_people_there(world: World):
    add_person(world, "U0BRIGHTON", "Brighton")
    world.slack.command("/whoswho", "Brighton & Hove")
    [reply] = world.responses()
    assert "<@U0BRIGHTON>" in texts(reply)
    assert "amp;" not in texts(reply).replace("&amp;", "&")


def test_topic_words_with_an_ampersand_or_angle_brackets_are_matched_and_echoed_escaped(
    world: World,
):
    add_person(world, "U0RANDD", can_help="R&D, <Excel> macros", job_title="Analyst")
    add_person(world, "U0OTHER", can_help="housing", job_title="Planner")
    world.slack.command("/whoswho", "Leeds R&D", response_url=world.fake.response_url("amp"))
    [amp] = world.responses(where=lambda call: call.params.get("_path") == "amp")
    shown = texts(amp)
    assert "<@U0RANDD>" in shown
    assert "<@U0OTHER>" not in shown
    assert "*R&amp;D*" in shown  # the matched topic, bold
    assert "&amp;amp;" not in shown
    world.slack.command("/whoswho", "Leeds <Excel>", response_url=world.fake.response_url("lt"))
    [angle] = world.responses(where=lambda call: call.params.get("_path") == "lt")
    shown = texts(angle)
    assert "<@U0RANDD>" in shown
    assert "<@U0OTHER>" not in shown
    assert "&lt;Excel&gt;" in shown
    assert "<Excel>" not in shown
    assert "&amp;lt;" not in shown


def test_a_mention_slack_wrote_into_the_text_is_shown_inert(world: World):
    world.slack.command("/whoswho", "<@U0OTHER|bea> <!here>", verbatim=True)
    [reply] = world.responses()
    shown = " ".join(mrkdwn_texts(reply))  # what Slack renders (button values are not)
    assert "<@U0OTHER" not in shown
    assert "<!here>" not in shown
    assert "&lt;@U0OTHER|bea&gt;" in shown
