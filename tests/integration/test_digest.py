"""The weekly regional digest end to end: channels linked with /event link, people joining
through the profile form, the weekly job, and the outbox posting into the channels."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from bot.config import Settings
from bot.domain.digest import DIGEST_KIND, digest_key
from bot.domain.growth import monday
from bot.scheduler import DIGEST_JOB_ID, build_scheduler, queue_digests
from bot.services.digest import DigestRun, DigestService
from handlers.events.blocks.digest import digest_message
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from handlers.ui.common import MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT
from handlers.ui.profile import ANNOUNCE_IN_DIGEST
from storage.db import make_session_factory
from storage.models import WeeklySearchesRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_events import ADMIN, announce
from tests.integration.test_whoswho import form_values
from tests.support.slack_client import checkboxes_value

LEEDS_CHANNEL = "C0LEEDS"  # where test_events' `announce` looks for the announcement
WALES_CHANNEL = "C0WALES"
NOT_LINKED = "C0RANDOM"
SAM, KIT, ROBIN = "U0SAM", "U0KIT", "U0ROBIN"


@pytest.fixture
def digest_world(world: World) -> World:
    world.fake.add_user(ADMIN, team_id=TEAM, is_admin=True, tz="Europe/London")
    for user in (SAM, KIT, ROBIN):
        world.fake.add_user(user, team_id=TEAM)
    for channel, where in ((LEEDS_CHANNEL, "Leeds"), (WALES_CHANNEL, "Cardiff")):
        world.slack.command("/event", f"link {where}", user_id=ADMIN, channel_id=channel)
    world.responses(count=2)
    return world


def join(world: World, user: str, place: str, *, announce_me: bool, **fields: Any) -> None:
    """The person saves their profile through the form, ticking (or not) "name me"."""
    found = world.runtime.services.directory.gazetteer.read_query(place).place
    assert found is not None
    values = form_values(found.id, **fields)
    values[BlockId.SHARING] = {
        InputId.SHARING: checkboxes_value([ANNOUNCE_IN_DIGEST] if announce_me else [])
    }
    answer = world.slack.view_submission(CallbackId.PROFILE_SUBMIT, values, user_id=user)
    assert answer.status == 200


def week_later(world: World) -> None:
    """To the next digest's time: a week on, Monday at 09:00 UTC."""
    world.clock.advance(days=7)


def queue(world: World) -> None:
    """The weekly job, as the scheduler runs it, a minute after what the test did."""
    world.clock.advance(minutes=1)
    queue_digests(world.runtime.services)


def run_week(world: World) -> None:
    """The weekly job, then the outbox's tick."""
    queue(world)
    world.runtime.services.outbox.drain_due()


def posts_to(world: World, channel: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == channel
        and not call.failed
        and "This week in" in json.dumps(call.params)
    ]


def said(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def reply(world: World, channel: str, text: str, user: str = ADMIN) -> str:
    path = f"{channel}-{text}-{user}".replace(" ", "_")
    world.slack.command(
        "/event", text, user_id=user, channel_id=channel, response_url=world.fake.response_url(path)
    )
    [answer] = world.responses(where=lambda call: call.params.get("_path") == path)
    return said(answer)


# What a digest says -------------------------------------------------------------------------


def test_a_linked_channel_hears_who_joined_with_consent_and_what_is_coming(digest_world: World):
    world = digest_world
    join(world, SAM, "Leeds", announce_me=True, job_title="Data <!here> analyst")
    join(world, KIT, "Leeds", announce_me=False)
    join(world, ROBIN, "Cardiff", announce_me=False)
    announce(world, title="Leeds data meet-up")

    run_week(world)

    [post] = posts_to(world, LEEDS_CHANNEL)
    text = said(post)
    assert f"<@{SAM}>" in text  # named: they said yes
    assert f"<@{KIT}>" not in text  # counted, never named
    assert "Leeds data meet-up" in text
    assert "2 people in Yorkshire and The Humber are in the who's who directory" in text
    assert "<!here>" not in text
    assert "<!channel>" not in text
    assert "&lt;!here&gt;" in text  # what the person typed is inert
    assert len(post["blocks"]) <= MAX_MESSAGE_BLOCKS
    buttons = [
        element["action_id"]
        for block in post["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert ActionId.EVENT_GOING in buttons
    assert ActionId.EVENT_DETAILS in buttons
    # Wales: nobody to name, nothing coming, no match soon: no post, just a quiet week.
    assert posts_to(world, WALES_CHANNEL) == []


def test_the_digest_goes_once_a_week_however_often_it_is_decided(digest_world: World):
    world = digest_world
    join(world, SAM, "Leeds", announce_me=True)
    run_week(world)
    run_week(world)  # the job again, or another replica's
    assert len(posts_to(world, LEEDS_CHANNEL)) == 1

    week_later(world)
    join(world, KIT, "Leeds", announce_me=True)
    world.clock.advance(minutes=1)
    services = world.runtime.services
    runs: list[DigestRun] = []
    threads = [
        threading.Thread(target=lambda: runs.append(services.digest.queue_due())) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    services.outbox.drain_due()
    assert sum(run.queued for run in runs) == 1
    posts = posts_to(world, LEEDS_CHANNEL)
    assert len(posts) == 2
    assert f"<@{KIT}>" in said(posts[-1])
    assert f"<@{SAM}>" not in said(posts[-1])  # last week's news is not repeated


def test_nobody_is_named_who_was_erased_or_changed_their_mind_before_it_was_sent(
    digest_world: World,
):
    world = digest_world
    join(world, SAM, "Leeds", announce_me=True)
    join(world, KIT, "Leeds", announce_me=True)
    join(world, ROBIN, "Leeds", announce_me=True)
    announce(world, title="Leeds coffee")
    queue(world)  # queued, not sent yet

    # Sam erases everything; Kit unticks the option; Robin hides their profile.
    world.slack.command(
        "/whoswho", "forget", user_id=SAM, response_url=world.fake.response_url("ask")
    )
    world.responses(where=lambda call: call.params.get("_path") == "ask")
    world.slack.block_action(
        ActionId.FORGET_CONFIRM,
        value="forget",
        user_id=SAM,
        response_url=world.fake.response_url("erased"),
    )
    world.responses(where=lambda call: call.params.get("_path") == "erased")
    join(world, KIT, "Leeds", announce_me=False)
    world.runtime.services.directory.set_visible(TEAM, ROBIN, visible=False)

    world.runtime.services.outbox.drain_due()
    [post] = posts_to(world, LEEDS_CHANNEL)
    text = said(post)
    assert "Leeds coffee" in text
    for user in (SAM, KIT, ROBIN):
        assert f"<@{user}>" not in text
    assert "1 person in Yorkshire and The Humber is in the who's who directory" in text


def test_a_digest_left_with_nothing_new_when_sent_is_not_posted(digest_world: World):
    world = digest_world
    join(world, SAM, "Leeds", announce_me=True)
    queue(world)
    join(world, SAM, "Leeds", announce_me=False)  # the only news withdrew their consent
    world.runtime.services.outbox.drain_due()
    assert posts_to(world, LEEDS_CHANNEL) == []
    with SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))() as uow:
        row = uow.outbox.get(TEAM, digest_key(LEEDS_CHANNEL, world.clock.now()))
    assert row is not None
    assert row.kind == DIGEST_KIND
    assert row.status == "skipped"
    assert "U0" not in json.dumps(dict(row.payload))  # the queued row names nobody


# Organisers switch it off and on ------------------------------------------------------------


def test_organisers_switch_a_channels_digest_off_and_on(digest_world: World):
    world = digest_world
    join(world, SAM, "Leeds", announce_me=True)
    assert "won't get the weekly digest" in reply(world, LEEDS_CHANNEL, "digest off")
    run_week(world)
    assert posts_to(world, LEEDS_CHANNEL) == []
    assert "/event digest" in reply(world, LEEDS_CHANNEL, "help")

    week_later(world)
    join(world, KIT, "Leeds", announce_me=True)
    answer = reply(world, LEEDS_CHANNEL, "digest on")
    assert "weekly digest for Yorkshire and The Humber" in answer
    run_week(world)
    [post] = posts_to(world, LEEDS_CHANNEL)
    assert f"<@{KIT}>" in said(post)


def test_the_switch_the_wrong_way_changes_nothing_and_says_why(digest_world: World):
    world = digest_world
    join(world, SAM, "Leeds", announce_me=True)
    refused = reply(world, LEEDS_CHANNEL, "digest off", user=ME)
    assert "only organisers" in refused
    assert "isn't linked to a region" in reply(world, NOT_LINKED, "digest off")
    assert "`/event digest off`" in reply(world, LEEDS_CHANNEL, "digest maybe")
    run_week(world)
    assert len(posts_to(world, LEEDS_CHANNEL)) == 1  # still on


def test_unlinking_a_channel_stops_its_digest(digest_world: World):
    world = digest_world
    join(world, SAM, "Leeds", announce_me=True)
    queue(world)
    reply(world, LEEDS_CHANNEL, "unlink")
    world.runtime.services.outbox.drain_due()
    assert posts_to(world, LEEDS_CHANNEL) == []


# Mentoring and the schedule -----------------------------------------------------------------


def test_sign_ups_are_open_when_a_scheduled_match_is_near(digest_world: World):
    world = digest_world
    services = world.runtime.services
    soon = world.clock.now() + timedelta(days=5)
    later = world.clock.now() + timedelta(days=40)
    uow = SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))
    gazetteer = services.directory.gazetteer

    def digest_with(match: datetime) -> DigestService:
        return DigestService(
            uow, gazetteer, world.clock, services.events, next_match=lambda _now: match
        )

    since = world.clock.now() - timedelta(days=7)
    quiet = digest_with(later).compose(TEAM, WALES_CHANNEL, since=since, until=world.clock.now())
    assert quiet is not None
    assert not quiet.has_news
    near = digest_with(soon).compose(TEAM, WALES_CHANNEL, since=since, until=world.clock.now())
    assert near is not None
    assert near.has_news
    assert near.signups_open
    text = said(digest_message(near))
    assert "sign-ups are open" in text
    assert f"<!date^{int(soon.timestamp())}^" in text
    assert "Nobody in Wales is in the who's who directory yet" in text


def test_the_weekly_job_runs_on_its_crontab_line():
    scheduler = build_scheduler(services=None, digest_schedule="0 9 * * mon")  # type: ignore[arg-type]
    job = scheduler.get_job(DIGEST_JOB_ID)
    assert job is not None
    assert job.trigger.get_next_fire_time(None, datetime(2026, 11, 3, tzinfo=UTC)) == datetime(
        2026, 11, 9, 9, 0, tzinfo=UTC
    )
    assert build_scheduler(services=None).get_job(DIGEST_JOB_ID) is None  # type: ignore[arg-type]


def test_a_channel_linked_to_many_regions_gets_one_message_within_slacks_limits(
    digest_world: World,
):
    world = digest_world
    for where in ("Wales", "Scotland", "London", "North West", "South West", "East Midlands"):
        world.slack.command("/event", f"link {where}", user_id=ADMIN, channel_id=LEEDS_CHANNEL)
    world.responses(count=8)
    for n in range(12):
        announce_many = world.clock.now() + timedelta(days=3 + n)
        announce(world, title=f"Meet-up {n}", start=announce_many)
    for n in range(40):
        user = f"U0NEW{n:03d}"
        world.fake.add_user(user, team_id=TEAM)
        join(world, user, "Leeds", announce_me=True, job_title="x" * 100)
    run_week(world)
    [post] = posts_to(world, LEEDS_CHANNEL)
    assert len(post["blocks"]) <= MAX_MESSAGE_BLOCKS
    for block in post["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
    text = said(post)
    assert "…and 25 more." in text
    assert "more events coming up" in text


def test_the_digest_schedule_is_a_crontab_line_and_a_wrong_one_is_explained():
    tokens = {"slack_bot_token": "xoxb-1-2-abc", "slack_signing_secret": "signing-secret"}
    assert Settings(_env_file=None, **tokens).digest_schedule == "0 9 * * mon"  # Mondays 09:00
    assert Settings(_env_file=None, digest_schedule=" ", **tokens).digest_schedule == ""  # off
    with pytest.raises(ValidationError) as raised:
        Settings(_env_file=None, digest_schedule="every monday", **tokens)
    assert "crontab line of five fields" in str(raised.value)


# Growth: searches counted for the impact report ---------------------------------------------


def test_searches_typed_in_slack_are_counted_by_region_naming_nobody(digest_world: World):
    world = digest_world
    join(world, SAM, "Leeds", announce_me=False)
    for typed in ("Leeds", "Leeds knitting", "Qxzvvy"):
        path = typed.replace(" ", "_")
        world.slack.command("/whoswho", typed, response_url=world.fake.response_url(path))
        world.responses(where=lambda call, path=path: call.params.get("_path") == path)
    with world.runtime.engine.connect() as connection:
        rows = connection.execute(
            select(
                WeeklySearchesRow.team_id,
                WeeklySearchesRow.week_start,
                WeeklySearchesRow.region_code,
                WeeklySearchesRow.searches,
                WeeklySearchesRow.found,
            ).order_by(WeeklySearchesRow.region_code)
        ).all()
    week = monday(world.clock.now())
    assert [tuple(row) for row in rows] == [(TEAM, week, "", 1, 0), (TEAM, week, "TLE", 2, 1)]
    with world.runtime.engine.connect() as connection:
        stored = json.dumps(
            [list(map(str, row)) for row in connection.execute(select(WeeklySearchesRow))]
        )
    assert ME not in stored
    assert SAM not in stored
    assert "knitting" not in stored
