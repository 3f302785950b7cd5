"""A profile from Slack in one click: the profile form opens prefilled from the person's Slack
profile (job title; the workspace's custom fields for organisation and place, as
SLACK_PROFILE_FIELDS maps them), for someone with no profile yet, from every way into it. Only
one UK place is ever taken, never a guess; nothing is saved until they press Save; a slow or
refusing Slack opens the form empty, in time. Through signed HTTP requests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.app import build_runtime
from bot.server import WhoswhoWsgi
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from tests.integration.conftest import ME, SIGNING_SECRET, TEAM, World, make_settings
from tests.integration.test_whoswho import add_person, form_values, leeds
from tests.support.fake_slack import FakeSlack
from tests.support.slack_client import SlackClient
from tests.support.wsgi_server import serve_wsgi

FIELDS = "organisation=Department,place=Office location"
DEPARTMENT, OFFICE, PRONOUNS = "Xf01DEPT", "Xf02OFFICE", "Xf03PRONOUNS"


def slack_profile(title: str, department: str = "", office: str = "") -> dict[str, Any]:
    fields = {PRONOUNS: {"value": "they/them", "alt": ""}}
    if department:
        fields[DEPARTMENT] = {"value": department, "alt": ""}
    if office:
        fields[OFFICE] = {"value": office, "alt": ""}
    return {"title": title, "fields": fields}


def serve(fake: FakeSlack, engine, database_url, clock, gazetteer, fields: str) -> Iterator[World]:
    settings = make_settings(fake, database_url).model_copy(
        update={"slack_profile_fields": dict(item.split("=") for item in fields.split(",") if item)}
    )
    runtime = build_runtime(
        settings,
        clock=clock,
        engine=engine,
        gazetteer=gazetteer,
        raise_error_for_unhandled_request=True,
    )
    with serve_wsgi(WhoswhoWsgi(runtime)) as base_url:
        slack = SlackClient(
            base_url,
            SIGNING_SECRET,
            team_id=TEAM,
            user_id=ME,
            response_url_factory=fake.response_url,
        )
        yield World(fake, slack, runtime, clock, base_url)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.profile_fields = [
            {"id": DEPARTMENT, "label": "Department", "type": "text", "ordering": 0},
            {"id": OFFICE, "label": "Office Location", "type": "text", "ordering": 1},
            {"id": PRONOUNS, "label": "Pronouns", "type": "text", "ordering": 2},
        ]
        yield fake


@pytest.fixture
def mapped(fake, engine, database_url, clock, gazetteer) -> Iterator[World]:
    """The app with SLACK_PROFILE_FIELDS set."""
    yield from serve(fake, engine, database_url, clock, gazetteer, FIELDS)


@pytest.fixture
def unmapped(fake, engine, database_url, clock, gazetteer) -> Iterator[World]:
    """The app without SLACK_PROFILE_FIELDS: the job title only."""
    yield from serve(fake, engine, database_url, clock, gazetteer, "")


def opened_form(world: World) -> dict[str, Any]:
    [call] = world.fake.wait_for("views.open")
    view = call.params["view"]
    assert view["callback_id"] == CallbackId.PROFILE_SUBMIT
    return view


def element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    [block] = [block for block in view["blocks"] if block.get("block_id") == block_id]
    return block["element"]


def initial_text(view: dict[str, Any], block_id: str) -> str:
    return str(element(view, block_id).get("initial_value", ""))


def initial_option(view: dict[str, Any], block_id: str) -> str | None:
    option = element(view, block_id).get("initial_option")
    return option["value"] if option else None


def test_me_opens_the_form_prefilled_from_slack_and_saves_nothing(mapped: World):
    mapped.fake.add_user(
        ME, team_id=TEAM, profile=slack_profile("Data analyst", "HM Revenue and Customs", "Leeds")
    )
    mapped.slack.command("/whoswho", "me")
    view = opened_form(mapped)
    assert initial_text(view, BlockId.JOB_TITLE) == "Data analyst"
    assert initial_option(view, BlockId.ORGANISATION) == "HM Revenue and Customs"
    assert initial_text(view, BlockId.ORGANISATION_OTHER) == ""
    assert initial_option(view, BlockId.PLACE) == str(leeds(mapped))
    assert "Slack profile" in str(view["blocks"])
    assert mapped.fake.violations == []
    # Opening it saved nothing: no profile until they press Save.
    assert mapped.runtime.services.directory.profile_status(TEAM, ME).profile is None
    mapped.slack.view_submission(
        CallbackId.PROFILE_SUBMIT,
        form_values(leeds(mapped), organisation="HM Revenue and Customs"),
    )
    deadline = time.monotonic() + 5
    while mapped.runtime.services.directory.profile_status(TEAM, ME).profile is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_an_organisation_not_in_the_list_goes_in_the_other_box(mapped: World):
    mapped.fake.add_user(ME, team_id=TEAM, profile=slack_profile("Planner", "Leeds City Council"))
    mapped.slack.command("/whoswho", "me")
    view = opened_form(mapped)
    assert initial_option(view, BlockId.ORGANISATION) is None
    assert initial_text(view, BlockId.ORGANISATION_OTHER) == "Leeds City Council"


@pytest.mark.parametrize(
    "office",
    ["Newport", "Yorkshire", "Paris", "Remote", "Leeds and Bradford", "Europe/London", ""],
)
def test_a_place_is_taken_only_when_it_reads_as_one_uk_place(mapped: World, office: str):
    mapped.fake.add_user(
        ME, team_id=TEAM, tz="Europe/London", profile=slack_profile("Analyst", "", office)
    )
    mapped.slack.command("/whoswho", "me")
    view = opened_form(mapped)
    assert initial_option(view, BlockId.PLACE) is None  # never a guess, nor the time zone
    assert initial_text(view, BlockId.JOB_TITLE) == "Analyst"


def test_without_the_setting_only_the_job_title_is_taken(unmapped: World):
    unmapped.fake.add_user(
        ME, team_id=TEAM, profile=slack_profile("Data analyst", "HM Revenue and Customs", "Leeds")
    )
    unmapped.slack.command("/whoswho", "me")
    view = opened_form(unmapped)
    assert initial_text(view, BlockId.JOB_TITLE) == "Data analyst"
    assert initial_option(view, BlockId.ORGANISATION) is None
    assert initial_option(view, BlockId.PLACE) is None
    assert unmapped.fake.calls_to("team.profile.get") == []


def test_an_existing_profile_opens_as_it_is_without_asking_slack(mapped: World):
    mapped.fake.add_user(ME, team_id=TEAM, profile=slack_profile("Slack title", "Home Office"))
    add_person(mapped, ME, job_title="My own title")
    mapped.slack.command("/whoswho", "me")
    view = opened_form(mapped)
    assert initial_text(view, BlockId.JOB_TITLE) == "My own title"
    assert mapped.fake.calls_to("users.profile.get") == []


def test_a_slow_slack_opens_the_form_empty_in_time(mapped: World):
    mapped.fake.add_user(ME, team_id=TEAM, profile=slack_profile("Data analyst"))
    mapped.fake.slow("users.profile.get", 6)
    started = time.monotonic()
    mapped.slack.command("/whoswho", "me")
    view = opened_form(mapped)
    took = time.monotonic() - started
    mapped.fake.release()
    assert took < 2.5  # well inside the trigger_id's 3 s
    assert initial_text(view, BlockId.JOB_TITLE) == ""


@pytest.mark.parametrize("failure", ["missing_scope", "rate_limited", "server_error"])
def test_slack_refusing_or_failing_opens_the_form_empty(mapped: World, failure: str):
    mapped.fake.add_user(ME, team_id=TEAM, profile=slack_profile("Data analyst"))
    if failure == "missing_scope":  # an install from before the scope was asked for
        mapped.fake.grant("xoxb-test-token", [s for s in mapped.fake.scopes if "profile" not in s])
    elif failure == "rate_limited":
        mapped.fake.fail_next("users.profile.get", status=429, retry_after=30)
    else:
        mapped.fake.fail_next("users.profile.get", status=500, retry_after=None)
    mapped.slack.command("/whoswho", "me")
    view = opened_form(mapped)
    assert initial_text(view, BlockId.JOB_TITLE) == ""


def test_hostile_slack_text_is_tidied_and_cut(mapped: World):
    title = "<!channel> " + "x" * 300
    mapped.fake.add_user(ME, team_id=TEAM, profile=slack_profile(title, "\u202eEvil\u0000 Dept"))
    mapped.slack.command("/whoswho", "me")
    view = opened_form(mapped)
    assert len(initial_text(view, BlockId.JOB_TITLE)) <= 100
    assert initial_text(view, BlockId.ORGANISATION_OTHER) == "Evil Dept"
    assert mapped.fake.violations == []


def test_the_home_tab_button_opens_the_prefilled_form(mapped: World):
    mapped.fake.add_user(ME, team_id=TEAM, profile=slack_profile("Data analyst"))
    mapped.slack.block_action(ActionId.PROFILE_OPEN, value="open")
    assert initial_text(opened_form(mapped), BlockId.JOB_TITLE) == "Data analyst"


def test_the_mentoring_profile_first_path_opens_the_prefilled_form(mapped: World):
    mapped.fake.add_user(ME, team_id=TEAM, profile=slack_profile("Data analyst"))
    mapped.slack.block_action(ActionId.MENTORING_PROFILE_FIRST, value="open")
    view = opened_form(mapped)
    assert initial_text(view, BlockId.JOB_TITLE) == "Data analyst"
    assert element(view, BlockId.JOB_TITLE)["action_id"] == InputId.JOB_TITLE
