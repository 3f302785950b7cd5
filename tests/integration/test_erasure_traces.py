"""After `/whoswho forget` (or `/mentoring leave`) nothing names the person: not a line the
erasure writes to the log, and not a scheduled message, whoever it was addressed to (the
person alone, or a group conversation they were in) and wherever in it they were named.
Everyone else's messages still go. Through the real HTTP endpoint, on SQLite or PostgreSQL."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from benchmarks.erasure_scan import scan
from bot.domain.events import EventDraft, EventMode
from bot.domain.outbox import JSON, OutboxMessage, OutboxStatus, ScheduledMessage
from bot.logs import JsonFormatter, Redactor, RequestIdFilter, TextFormatter
from bot.services import outbox
from bot.services.mentoring.messages import INTRODUCTION
from bot.services.outbox_sender import OutboxService
from handlers.ids import ActionId
from handlers.mentoring.outbox import register_mentoring_renderers
from handlers.slack.outbox import SlackDispatcher
from handlers.slack.outbox_base import POST_MESSAGE
from handlers.slack.outbox_kinds import build_renderers
from handlers.ui import common
from storage.db import make_session_factory
from storage.models import OutboxRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import ME, SIGNING_SECRET, TEAM, World
from tests.integration.test_mentoring_signup import click, command, sign_up
from tests.integration.test_whoswho import add_person, leeds

ADMIN = "U0ADMIN"
ANNA, BILAL, CERYS = "U0ANNA", "U0BILAL", "U0CERYS"
# A note to a group conversation: the people it is for are listed in its payload.
GROUP_NOTE = "test.group_note"


# Helpers --------------------------------------------------------------------------------------


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[dict[str, io.StringIO]]:
    """What the app logs at INFO, in both production formats, through their redaction."""
    caplog.set_level(logging.INFO)
    buffers = {"json": io.StringIO(), "text": io.StringIO()}
    handlers = []
    for name, formatter in (
        ("json", JsonFormatter(Redactor([SIGNING_SECRET]))),
        ("text", TextFormatter(Redactor([SIGNING_SECRET]))),
    ):
        handler = logging.StreamHandler(buffers[name])
        handler.setFormatter(formatter)
        handler.addFilter(RequestIdFilter())
        logging.getLogger().addHandler(handler)
        handlers.append(handler)
    try:
        yield buffers
    finally:
        for handler in handlers:
            logging.getLogger().removeHandler(handler)


def forget_from_now_on(logs: dict[str, io.StringIO]) -> None:
    """Keep only what is logged from here on."""
    for buffer in logs.values():
        buffer.seek(0)
        buffer.truncate()


def entries(logs: dict[str, io.StringIO]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in logs["json"].getvalue().splitlines() if line.strip()]


def everything_logged(logs: dict[str, io.StringIO]) -> str:
    return logs["json"].getvalue() + logs["text"].getvalue()


def in_a_group(world: World) -> None:
    """The person and three others from other departments, matched into a mentoring group
    (whose introduction is waiting to be sent)."""
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
    add_person(world, ME, can_help="data")
    sign_up(world, ME)
    departments = ("HM Revenue and Customs", "Home Office", "Ministry of Justice")
    for user, department in zip((ANNA, BILAL, CERYS), departments, strict=True):
        world.fake.add_user(user, team_id=TEAM)
        add_person(world, user, organisation=department)
        sign_up(world, user)
    assert world.runtime.services.mentoring.match(TEAM, ADMIN).placed == 4


def organise_an_event(world: World) -> int:
    """The person organises an event next week, announced in a channel, with two going."""
    world.fake.add_user(ME, team_id=TEAM, is_admin=True)  # admins organise
    start = world.clock.now() + timedelta(days=7)
    events = world.runtime.services.events
    event = events.create_event(
        TEAM,
        ME,
        EventDraft(
            title="Data breakfast",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            mode=EventMode.IN_PERSON,
            venue="Quarry House",
            place_id=leeds(world),
        ),
    ).event
    events.record_announcement(TEAM, event.id, "C0LEEDS", "1700000000.000100")
    for user in (ANNA, BILAL):
        events.rsvp(TEAM, event.id, user, going=True)
    return event.id


def forget(world: World) -> None:
    """/whoswho forget, then the confirmation, as the person clicks it."""
    world.slack.command("/whoswho", "forget", response_url=world.fake.response_url("ask"))
    world.responses(where=lambda call: call.params.get("_path") == "ask")
    world.slack.block_action(
        ActionId.FORGET_CONFIRM, value="forget", response_url=world.fake.response_url("erased")
    )
    world.responses(where=lambda call: call.params.get("_path") == "erased")


def group_note(team: str, key: str, users: list[JSON], *, due_at: datetime) -> ScheduledMessage:
    return ScheduledMessage(
        team_id=team, kind=GROUP_NOTE, key=key, due_at=due_at, payload={"users": users}
    )


def sender(world: World) -> OutboxService:
    """The outbox as the app runs it, also knowing how to send a note to a group."""
    renderers = build_renderers()
    register_mentoring_renderers(renderers, world.runtime.services.mentoring)

    def render_group_note(message: OutboxMessage) -> dict[str, Any]:
        users = message.payload.get("users")
        assert isinstance(users, list)
        text = "A note for the group"
        return {"channel": [str(u) for u in users], **common.message(text, [common.section(text)])}

    renderers.register(GROUP_NOTE, POST_MESSAGE, render_group_note)
    client = WebClient(
        token="xoxb-test-token", base_url=world.fake.base_url, timeout=5, retry_handlers=[]
    )
    return OutboxService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine)),
        world.clock,
        SlackDispatcher(client, renderers),
        worker_id="erasure-test",
    )


def a_dm(world: World, user: str, key: str, **params: JSON) -> ScheduledMessage:
    return outbox.direct_message(
        TEAM,
        user,
        key,
        text_key="directory.status.visible",
        params={"place": "Leeds", **params},
        due_at=world.clock.now(),
    )


def outbox_rows(world: World) -> dict[str, tuple[str, str]]:
    """Every scheduled message: key -> (kind, status)."""
    with world.runtime.engine.connect() as connection:
        rows = connection.execute(select(OutboxRow.key, OutboxRow.kind, OutboxRow.status))
        return {key: (kind, status) for key, kind, status in rows}


def people_messaged(world: World) -> set[str]:
    """Everyone a message reached: alone in a DM, or in a group conversation."""
    reached: set[str] = set()
    for call in world.fake.calls_to("chat.postMessage"):
        if call.failed:
            continue
        channel = str(call.params.get("channel", ""))
        members = world.fake.group_dm_members(channel)
        reached.update(members or [channel])
    for call in world.fake.calls_to("conversations.open"):
        if not call.failed:
            reached.update(u for u in str(call.params.get("users", "")).split(",") if u)
    return {"U" + who[1:] if who.startswith("D") else who for who in reached}


# The log --------------------------------------------------------------------------------------


def test_forget_logs_that_an_erasure_happened_and_never_whose(
    world: World, logs: dict[str, io.StringIO]
) -> None:
    in_a_group(world)
    organise_an_event(world)
    world.runtime.services.outbox.drain_due()  # the group's introduction goes out
    world.runtime.services.outbox.schedule([a_dm(world, ME, "dm:to-them")])
    forget_from_now_on(logs)

    forget(world)
    world.fake.wait_for("chat.update")  # the event's announcement now says it is cancelled
    world.runtime.services.outbox.drain_due()  # those going are told

    assert ME not in everything_logged(logs)
    assert ME.lower() not in everything_logged(logs).lower()
    [erased] = [entry for entry in entries(logs) if entry["message"].startswith("person erased")]
    assert "user_id" not in erased
    assert erased["team_id"] == TEAM
    assert erased["profile"] == 1
    assert erased["events_cancelled"] == 1
    assert erased["mentoring_rows"] >= 2  # the sign-up and the group place
    assert erased["messages"] == 1
    assert "events_cancelled 1" in logs["text"].getvalue()  # the counts read in text too


def test_leaving_mentoring_logs_what_went_and_never_whose(
    world: World, logs: dict[str, io.StringIO]
) -> None:
    in_a_group(world)
    forget_from_now_on(logs)

    ask = command(world, "leave", "leave")
    click(world, ask, ActionId.MENTORING_LEAVE, "left")

    assert ME not in everything_logged(logs)
    [left] = [e for e in entries(logs) if e["message"].startswith("mentoring sign-up erased")]
    assert "user_id" not in left
    assert left["team_id"] == TEAM
    assert left["mentoring_rows"] >= 2


# Scheduled messages ---------------------------------------------------------------------------


def test_forget_deletes_every_message_naming_the_person_and_others_still_get_theirs(
    world: World,
) -> None:
    now = world.clock.now()
    service = sender(world)
    # Sent a while ago to a group conversation the person was in: its record names them.
    world.runtime.services.outbox.schedule([group_note(TEAM, "note:sent", [ANNA, ME], due_at=now)])
    assert service.drain_due().sent == 1
    in_a_group(world)  # their group's introduction waits to be sent
    world.runtime.services.outbox.schedule(
        [
            # To a group conversation with the person in it, not yet sent.
            group_note(TEAM, "note:with-them", [ANNA, ME, BILAL], due_at=now),
            # About them, to someone else, naming them under a key of its own.
            a_dm(world, ANNA, "dm:about-them", colleague=ME),
            # Other people's: these must still go.
            group_note(TEAM, "note:others", [ANNA, BILAL, CERYS], due_at=now),
            a_dm(world, BILAL, "dm:others"),
        ]
    )
    before = outbox_rows(world)
    [intro] = [key for key, (kind, _) in before.items() if kind == INTRODUCTION]
    assert before["note:sent"][1] == OutboxStatus.SENT
    assert {before[key][1] for key in ("note:with-them", "dm:about-them", "note:others")} == {
        OutboxStatus.PENDING
    }
    world.fake.calls.clear()

    forget(world)

    after = outbox_rows(world)
    assert not {"note:sent", "note:with-them", "dm:about-them"} & set(after)
    for key in ("note:others", "dm:others", intro):
        assert after[key] == before[key]  # untouched
    assert scan(world.runtime.engine, [ME]).total == 0  # no row of any table names them

    # What is left goes: to the others, and never to the person.
    assert service.drain_due().sent == 3
    assert people_messaged(world) == {ANNA, BILAL, CERYS}
    groups = [
        sorted(str(call.params["users"]).split(","))
        for call in world.fake.calls_to("conversations.open")
    ]
    assert sorted([ANNA, BILAL, CERYS]) in groups  # the note, and the group's introduction
    assert all(ME not in users for users in groups)


def test_a_dm_to_the_person_goes_with_them_and_one_to_someone_else_stays(world: World) -> None:
    add_person(world, ME)
    world.runtime.services.outbox.schedule(
        [a_dm(world, ME, "dm:to-them"), a_dm(world, ANNA, "dm:to-anna")]
    )

    forget(world)

    assert set(outbox_rows(world)) == {"dm:to-anna"}
