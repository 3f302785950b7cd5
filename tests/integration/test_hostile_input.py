"""Generated hostile input through the real endpoint: never a 5xx, never a live mention.

The fast version of `benchmarks/hostile_input.py` (which sends 10,000): a few hundred requests
from the same seeded generator (commands with every verb, every form, every button, typeahead
queries and odd Events API payloads, all full of `<!channel>`, `<@U0HOSTILE…>`, control
characters and the like), with time moving on between rounds so what was typed comes back in
reminders, prompts and check-ins; then everything the app posted, published or answered is
scanned for live mentions.

The app is served as in production: a request nothing listens for is answered 404, not raised.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest

from benchmarks.hostile_input import HostileRun, Report
from bot.app import build_runtime
from bot.domain.events import EventDraft
from bot.i18n import t
from bot.server import WhoswhoWsgi
from handlers.ids import ActionId, BlockId, CallbackId, Command, InputId, base_action
from tests.integration.conftest import ME, SIGNING_SECRET, TEAM, World, make_settings
from tests.support.fake_slack import FakeSlack
from tests.support.payloads import walk
from tests.support.slack_client import SlackClient, external_value, plain_value, static_value
from tests.support.wsgi_server import serve_wsgi

REQUESTS = 300
SEED = 20261102


@pytest.fixture
def production_world(engine, database_url, clock, gazetteer) -> Iterator[World]:
    """The integration tests' world, but answering unhandled requests as production does."""
    with FakeSlack() as fake:
        fake.add_user(ME, team_id=TEAM, real_name="Alex Example")
        runtime = build_runtime(
            make_settings(fake, database_url), clock=clock, engine=engine, gazetteer=gazetteer
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


def explain(report: Report) -> str:
    lines = [
        f"{item.status} {item.error} <- {item.request.summary}" for item in report.server_errors
    ]
    lines += [f"{f.mention} in {f.where}: {f.text!r} <- {f.request}" for f in report.findings]
    return "\n".join([*lines, *report.errors_logged, *report.apologies, *report.violations][:20])


def test_generated_hostile_requests_never_fail_and_never_ping_anyone(production_world: World):
    world = production_world
    run = HostileRun(
        world.fake, world.slack, world.runtime, world.clock, seed=SEED, off_schema=False
    )

    report = run.run(REQUESTS, rounds=3)

    assert len(report.sent) == REQUESTS
    assert report.server_errors == [], explain(report)
    assert report.findings == [], explain(report)
    assert report.errors_logged == [], explain(report)
    assert report.apologies == [], explain(report)
    assert report.violations == [], explain(report)
    # It had teeth: every command and every form was tried, buttons of many kinds were clicked,
    # and typed mentions reached what the app showed (escaped).
    kinds = {item.request.kind for item in report.sent}
    assert {f"command {command}" for command in Command} <= kinds
    assert {f"view {callback}" for callback in CallbackId} <= kinds
    assert len({kind for kind in kinds if kind.startswith("action ")}) >= 15
    assert {"event app_home_opened", "event user_change"} <= kinds
    assert report.inert_escaped > 0
    assert report.calls_scanned["response_url"] > 0
    assert report.calls_scanned["chat.postMessage"] > 0


def test_a_forged_event_of_an_odd_shape_is_refused_not_a_server_error(production_world: World):
    event = {"type": "app_home_opened", "user": 5, "channel": "D0HOME", "tab": "home"}

    response = production_world.slack.event(event, secret="not-the-signing-secret")

    assert response.status == 401


# What the generated input found, pinned down ----------------------------------------------------


def test_details_clicked_in_the_home_tab_arrive_in_a_direct_message(production_world: World):
    """The Home tab has no message to answer under (no response_url): the details come as a DM,
    with the buttons that work there, not as an apology."""
    world = production_world
    world.fake.add_user("U0ORGANISER", team_id=TEAM, is_admin=True)
    events = world.runtime.services.events
    leeds = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    assert leeds is not None
    starts = world.clock.now() + timedelta(days=3)
    draft = EventDraft(
        title="Data meet-up",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="Hub",
        place_id=leeds.id,
    )
    created = events.create_event(TEAM, "U0ORGANISER", draft)
    events.rsvp(TEAM, created.event.id, ME, going=True)
    world.slack.app_home_opened(ME)
    [home] = world.fake.wait_for("views.publish")
    view = home.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    [details] = [
        node
        for _, node in walk(view)
        if base_action(str(node.get("action_id"))) == ActionId.EVENT_DETAILS
    ]

    response = world.slack.block_action(
        details["action_id"],
        value=details["value"],
        view={"type": "home", "callback_id": "", "private_metadata": ""},
    )

    assert response.status == 200
    [dm] = world.fake.wait_for("chat.postMessage", where=lambda call: call.params["channel"] == ME)
    assert "Data meet-up" in json.dumps(dm.params)
    assert t("errors.generic", ref="").split(".")[0] not in json.dumps(dm.params)


HUGE = 351_380_220_439  # a real id with digits added: past the database's 32-bit integers


@pytest.mark.parametrize(
    ("action", "value"),
    [
        (ActionId.EVENT_GOING, str(HUGE)),
        (ActionId.EVENT_NOT_GOING, str(HUGE)),
        (ActionId.EVENT_DETAILS, str(HUGE)),
        (ActionId.EVENT_CALENDAR, str(HUGE)),
        (ActionId.FEEDBACK_RATE, f"{HUGE}:4"),
        (ActionId.FEEDBACK_MORE, str(HUGE)),
        (ActionId.FEEDBACK_FOLLOW_UP, f"{HUGE}:none"),
        (ActionId.MENTORING_CHECKIN, f"{9_999_999_999}:1:met:{ME}"),  # ten digits: the most
    ],
)
def test_a_button_naming_an_id_past_the_databases_integers_reads_as_stale(
    production_world: World, caplog: pytest.LogCaptureFixture, action: ActionId, value: str
):
    """PostgreSQL refuses such an id outright (integer out of range): it must never get there."""
    world = production_world
    response = world.slack.block_action(
        action, value=value, response_url=world.fake.response_url("x")
    )

    assert response.status == 200
    [reply] = world.fake.wait_for("response_url")
    assert t("errors.generic", ref="").split(".")[0] not in json.dumps(reply.params)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_a_cancel_form_naming_an_id_past_the_databases_integers_reads_as_stale(
    production_world: World, caplog: pytest.LogCaptureFixture
):
    world = production_world
    response = world.slack.view_submission(
        CallbackId.EVENT_CANCEL_SUBMIT, {}, private_metadata=json.dumps({"event_id": HUGE})
    )

    assert response.status == 200
    [notice] = world.fake.wait_for("chat.postMessage")
    assert t("errors.generic", ref="").split(".")[0] not in json.dumps(notice.params)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_an_event_form_with_a_region_not_on_the_menu_takes_the_towns_region(
    production_world: World, caplog: pytest.LogCaptureFixture
):
    """Forged (or left over from an older form): as if no region were chosen. It was saved and
    then failed (an apology for an event that existed), or refused by PostgreSQL outright."""
    world = production_world
    world.fake.add_user("U0ORGANISER", team_id=TEAM, is_admin=True)
    leeds = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    assert leeds is not None
    start = world.clock.now() + timedelta(days=3)

    def moment(at):
        return {"type": "datetimepicker", "selected_date_time": int(at.timestamp())}

    values = {
        BlockId.EVENT_TITLE: {InputId.EVENT_TITLE: plain_value("Data meet-up")},
        BlockId.EVENT_START: {InputId.EVENT_START: moment(start)},
        BlockId.EVENT_END: {InputId.EVENT_END: moment(start + timedelta(hours=2))},
        BlockId.EVENT_MODE: {
            InputId.EVENT_MODE: {"type": "radio_buttons", "selected_option": {"value": "in_person"}}
        },
        BlockId.EVENT_VENUE: {InputId.EVENT_VENUE: plain_value("Quarry House")},
        BlockId.EVENT_PLACE: {ActionId.EVENT_PLACE_SELECT: external_value(str(leeds.id))},
        BlockId.EVENT_REGION: {InputId.EVENT_REGION: static_value("<!here> not a region")},
    }

    response = world.slack.view_submission(
        CallbackId.EVENT_SUBMIT,
        values,
        user_id="U0ORGANISER",
        private_metadata=json.dumps({"tz": "Europe/London"}),
    )

    assert response.json()["response_action"] == "update"
    assert t("errors.generic", ref="").split(".")[0] not in response.body
    [event] = world.runtime.services.events.list_upcoming(TEAM, None).events
    assert event.details.region_code == leeds.region_code
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
