"""Faults in the directory met through Slack, each through signed requests: `/whoswho export`
sends every record that names the person (and a test holds every table to it); topics beyond
ten are refused, not dropped; counts read right for one; emoji typed as a place offer no
place. On SQLite, and on PostgreSQL when TEST_DATABASE_URL names one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import JSON, Engine, String, insert

from benchmarks.erasure_scan import scan
from bot.app import build_runtime
from bot.domain.places import Gazetteer
from bot.i18n import t
from bot.server import WhoswhoWsgi
from handlers.ids import ActionId, BlockId, CallbackId
from storage.models import Base, SlackInstallationRow
from tests.db.test_erasure_scan import ME as STORY_ME
from tests.db.test_erasure_scan import OTHERS as STORY_OTHERS
from tests.db.test_erasure_scan import TEAM as STORY_TEAM
from tests.db.test_erasure_scan import (
    Story,
    story,  # noqa: F401 - the fixture: all one person leaves
)
from tests.integration.conftest import ME, SIGNING_SECRET, TEAM, World, make_settings
from tests.integration.test_whoswho import add_person, form_values, leeds, texts
from tests.support.fake_slack import FakeSlack
from tests.support.slack_client import SlackClient
from tests.support.wsgi_server import serve_wsgi

# Fault 14: the export holds every record that names the person -----------------------------

# Every column that can hold the person's Slack user id, and where the export shows the rows
# it finds (a path into the export's JSON). Each is found by the column /whoswho forget
# erases it by.
EXPORTED: dict[str, str] = {
    "profiles.user_id": "profile",
    "rsvps.user_id": "event_replies",
    "events.organiser_id": "events_organised",
    "channel_links.linked_by": "channels_linked",
    "mentoring_signups.user_id": "mentoring.sign_up",
    "mentoring_members.user_id": "mentoring.groups",
    "mentoring_checkins.user_id": "mentoring.check_ins",
    "mentoring_cycles.closed_by": "mentoring_cycles_closed",
    "feedback_prompts.user_id": "feedback.answers",
    "feedback_opt_outs.user_id": "feedback.asked_not_to_be_asked",
    "feedback_rounds.organiser_id": "feedback_rounds_organised",
    "outbox_people.user_id": "scheduled_messages",
    "slack_installations.user_id": "installations",
    "welcomes.user_id": "welcome",
    "speed_connect_members.user_id": "speed_connect.groups",
    "person_languages.user_id": "language",
}

# Columns that may hold the person's id but are not exported as such, and why.
NOT_EXPORTED: dict[str, str] = {
    "outbox.payload": (
        "a scheduled message's contents: it may name others (a note to a group lists its "
        "people), so the export lists each message that names the person (found through "
        "outbox_people, which indexes every id a payload holds) by kind, status and time"
    ),
    "outbox.key": (
        "a scheduled message's de-duplication key, spelled with the ids it is for: the same "
        "messages as outbox_people finds, exported there"
    ),
}

# Columns named like an id that never hold a person's: what they identify instead.
NOT_A_PERSON: dict[str, str] = {
    "team_id": "a workspace",
    "enterprise_id": "an Enterprise Grid organisation",
    "channel_id": "a channel",
    "client_id": "the app's OAuth client",
    "app_id": "the app",
    "bot_id": "the app's bot",
    "bot_user_id": "the app's bot user",
    "event_id": "an Events API delivery",
    "incoming_webhook_channel_id": "a channel",
    "holder": "a process holding a lease",
    "claimed_by": "a worker's claim on a scheduled message",
}

# JSON columns hold lists and maps a person could be named in; these never name one.
JSON_NOT_PEOPLE: dict[str, str] = {
    "profiles.can_help": "the profile's own topics (exported with it)",
    "profiles.want_to_learn": "the profile's own topics (exported with it)",
    "profiles.languages": "the profile's own languages (exported with it)",
    "profiles.open_to": "the profile's own choices (exported with it)",
    "events.extra_channels": "channel ids",
    "mentoring_signups.topics": "the sign-up's own topics (exported with it)",
    "mentoring_groups.shared_topics": "topics",
    "feedback_prompts.measures": "the answer's own agree/disagree (exported with it)",
    "feedback_prompts.follow_up": "the answer's own follow-up (exported with it)",
}


def _can_name_a_person(column: Any) -> bool:
    """A string column named like a person's id (`user_id`, `*_id`, `*_by`, `holder`), or a
    JSON column (a list or map may hold ids)."""
    if isinstance(column.type, JSON):
        return True
    if not isinstance(column.type, String):
        return False
    name = column.name
    return name in {"user_id", "holder"} or name.endswith(("_id", "_by"))


def test_every_column_that_can_name_a_person_is_exported_or_excluded_with_a_reason():
    unplaced = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            where = f"{table.name}.{column.name}"
            if not _can_name_a_person(column):
                continue
            if where in EXPORTED or where in NOT_EXPORTED or where in JSON_NOT_PEOPLE:
                continue
            if column.name in NOT_A_PERSON and not isinstance(column.type, JSON):
                continue
            unplaced.append(where)
    assert unplaced == [], (
        "export these in /whoswho export (bot/services/export.py), or say why not here"
    )
    known = {f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns}
    assert set(EXPORTED) | set(NOT_EXPORTED) | set(JSON_NOT_PEOPLE) <= known


def _at(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _exported(fake: FakeSlack, user: str) -> dict[str, Any]:
    """The export the person was sent in DMs, its JSON put back together."""
    sent = [
        call.params
        for call in fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and not call.failed
    ]
    assert sent, "no export was sent"
    chunks = [
        block["text"]["text"].removeprefix("```\n").removesuffix("\n```")
        for message in sent
        for block in message["blocks"][1:]
    ]
    body = "\n".join(chunks).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return {"note": sent[0]["blocks"][0]["text"]["text"], **json.loads(body)}


@pytest.fixture
def story_slack(
    story: Story,  # noqa: F811 - the fixture imported above
    engine: Engine,
    database_url: str,
    gazetteer: Gazetteer,
) -> Iterator[tuple[FakeSlack, SlackClient]]:
    """The story's workspace served through the real app, its person the one asking."""
    with FakeSlack(team_id=STORY_TEAM) as fake:
        fake.add_user(STORY_ME.user_id, team_id=STORY_TEAM)
        runtime = build_runtime(
            make_settings(fake, database_url),
            clock=story.clock,
            engine=engine,
            gazetteer=gazetteer,
            raise_error_for_unhandled_request=True,
        )
        with serve_wsgi(WhoswhoWsgi(runtime)) as base_url:
            yield (
                fake,
                SlackClient(
                    base_url,
                    SIGNING_SECRET,
                    team_id=STORY_TEAM,
                    user_id=STORY_ME.user_id,
                    response_url_factory=fake.response_url,
                ),
            )


def test_export_sends_every_record_that_names_the_person(
    story: Story,  # noqa: F811 - the fixture imported above
    story_slack: tuple[FakeSlack, SlackClient],
):
    fake, slack = story_slack
    with story.engine.begin() as connection:  # they installed the app in their workspace
        connection.execute(
            insert(SlackInstallationRow).values(
                client_id="111.222",
                app_id="A0APP",
                team_id=STORY_TEAM,
                team_name="Erasure workspace",
                bot_token="encrypted-token-never-exported",
                bot_scopes="chat:write,commands",
                user_id=STORY_ME.user_id,
                installed_at=datetime(2026, 10, 1, 9, 0),  # noqa: DTZ001 - the store's naive UTC
            )
        )
    slack.command("/whoswho", "export", response_url=fake.response_url("export"))
    fake.wait_for("response_url")
    data = _exported(fake, STORY_ME.user_id)

    # Every table that names the person is in the export...
    missing = [f"{where} -> {path}" for where, path in EXPORTED.items() if not _at(data, path)]
    assert missing == []
    # It says how anonymous answers appear (linked to the person, so theirs to see).
    assert t("privacy.export.note") in data.pop("note")
    # ...and a scan of every value of every table finds them nowhere else.
    traces = scan(story.engine, [STORY_ME.user_id]).traces
    assert set(traces) <= set(EXPORTED) | set(NOT_EXPORTED), sorted(traces)

    # The events they organised say how many, not who; no tokens; the anonymous answer is
    # there, marked so.
    held = next(e for e in data["events_organised"] if e["title"] == "Data breakfast")
    assert held["people_going"] == 3
    assert {"status", "starts_at", "venue"} <= set(held)
    assert "encrypted-token-never-exported" not in json.dumps(data)
    assert any(answer["anonymous"] for answer in data["feedback"]["answers"])
    assert data["feedback"]["asked_not_to_be_asked"] is True
    assert data["channels_linked"][0]["channel"] == "C0LINKED1"
    # Nobody else's id, but in the groups the person was in (whom they met is their record).
    outside_groups = json.dumps({k: v for k, v in data.items() if k != "mentoring"})
    assert not [p.user_id for p in STORY_OTHERS if p.user_id in outside_groups]


def test_export_of_someone_with_no_profile_but_a_choice_held_is_not_nothing(world: World):
    world.runtime.services.feedback.opt_out(TEAM, ME)
    world.slack.command("/whoswho", "export", response_url=world.fake.response_url("export"))
    world.fake.wait_for("response_url")
    [sent] = [
        c.params for c in world.fake.calls_to("chat.postMessage") if c.params["channel"] == ME
    ]
    assert t("privacy.export.none") not in texts(sent)
    assert "asked_not_to_be_asked" in texts(sent)


# Fault 15: topics beyond ten are refused, not dropped ----------------------------------------

ELEVEN = ", ".join(f"topic {n}" for n in range(1, 12))


def _profile_hints(world: World) -> dict[str, str]:
    world.slack.command("/whoswho", "me", response_url=world.fake.response_url("me"))
    [opened] = world.fake.wait_for("views.open")
    return {
        block["block_id"]: block.get("hint", {}).get("text", "")
        for block in opened.params["view"]["blocks"]
        if block.get("type") == "input"
    }


def test_the_profile_form_says_how_many_topics_it_keeps(world: World):
    hints = _profile_hints(world)
    assert "up to 10" in hints[BlockId.CAN_HELP]
    assert "up to 10" in hints[BlockId.WANT_TO_LEARN]


@pytest.mark.parametrize(
    ("block", "field"),
    [
        (BlockId.CAN_HELP, "can_help"),
        (BlockId.WANT_TO_LEARN, "want_to_learn"),
    ],
)
def test_more_than_ten_topics_are_refused_on_the_field_not_dropped(
    world: World, block: str, field: str
):
    response = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT, form_values(leeds(world), **{field: ELEVEN})
    )
    assert response.json() == {
        "response_action": "errors",
        "errors": {block: t("profile.errors.too_many_topics")},
    }
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is None


def test_ten_topics_are_kept_all_and_repeats_once(world: World):
    ten = ", ".join(f"topic {n}" for n in range(1, 11))
    response = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT,
        form_values(leeds(world), can_help=f"{ten}, Topic 1, TOPIC 2"),
    )
    assert response.json()["response_action"] == "update"
    profile = world.runtime.services.directory.profile_status(TEAM, ME).profile
    assert profile is not None
    assert len(profile.can_help) == 10
    assert profile.can_help[0] == "topic 1"


# Fault 16: words that read right for one, topics once --------------------------------------


def test_one_other_person_nearby_reads_as_one_person(world: World):
    add_person(world, "U0OTHER", can_help="procurement")
    world.slack.command("/whoswho", "Leeds gardening", response_url=world.fake.response_url("s"))
    [reply] = world.responses()
    shown = texts(reply)
    assert "but 1 other person is nearby" in shown
    assert "1 other people" not in shown


def test_a_topic_typed_three_times_is_searched_and_shown_once(world: World):
    add_person(world, "U0OTHER", can_help="data")
    world.slack.command(
        "/whoswho", "Leeds data Data DATA", response_url=world.fake.response_url("s")
    )
    [reply] = world.responses()
    heading = reply["blocks"][0]["text"]["text"]
    assert heading.count("data") + heading.count("Data") + heading.count("DATA") == 1, heading


# Fault 17: emoji typed as a place ----------------------------------------------------------


@pytest.mark.parametrize("typed", ["😀", "🙂🙂", ":smile:", "!!!", ":+1: :tada:"])
def test_emoji_in_the_place_typeahead_offer_no_place(world: World, typed: str):
    response = world.slack.block_suggestion(ActionId.PLACE_SELECT, typed)
    assert response.json() == {"options": []}


@pytest.mark.parametrize("typed", ["😀", ":smile:", "…"])
def test_emoji_searched_as_a_place_get_the_unknown_place_help(world: World, typed: str):
    world.slack.command("/whoswho", typed, response_url=world.fake.response_url("s"))
    [reply] = world.responses()
    shown = texts(reply)
    assert "I couldn't find a place called" in shown
    assert t("directory.search.suggestions") not in shown


def test_letters_typed_still_offer_places_and_nothing_typed_the_biggest(world: World):
    assert world.slack.block_suggestion(ActionId.PLACE_SELECT, "lee").json()["options"]
    assert world.slack.block_suggestion(ActionId.PLACE_SELECT, "").json()["options"]
