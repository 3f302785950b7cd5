"""The yearly check on profiles, as people receive it: a DM with buttons that work."""

from __future__ import annotations

from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduler import NUDGE_JOB_ID, build_scheduler, nudge_stale_profiles
from handlers.ids import ActionId
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_whoswho import action_ids, add_person, texts


def run_tick(world: World) -> None:
    nudge_stale_profiles(world.runtime.services, world.runtime.notifier)


def test_a_year_old_profile_gets_one_polite_dm_with_buttons(world: World):
    add_person(world, ME, job_title="Policy lead")
    world.clock.advance(days=366)
    run_tick(world)
    run_tick(world)  # a second tick (or a second replica) asks nobody twice
    [dm] = world.fake.wait_for("chat.postMessage")
    assert len(world.fake.calls_to("chat.postMessage")) == 1
    assert dm.params["channel"] == ME
    assert "still right" in texts(dm.params).lower()
    buttons = action_ids(dm.params)
    assert {ActionId.PROFILE_CONFIRM, ActionId.PROFILE_OPEN, ActionId.PROFILE_HIDE} <= set(buttons)


def test_confirming_from_the_dm_keeps_the_profile_listed(world: World):
    add_person(world, ME)
    world.clock.advance(days=366)
    run_tick(world)
    world.fake.wait_for("chat.postMessage")
    world.slack.block_action(
        ActionId.PROFILE_CONFIRM, value="confirm", response_url=world.fake.response_url("yes")
    )
    [reply] = world.responses(where=lambda call: call.params.get("_path") == "yes")
    assert reply["replace_original"] is True
    world.clock.advance(days=60)
    run_tick(world)
    profile = world.runtime.services.directory.profile_status(TEAM, ME).profile
    assert profile is not None
    assert profile.visible
    world.slack.command("/whoswho", "Leeds", response_url=world.fake.response_url("found"))
    [found] = world.responses(where=lambda call: call.params.get("_path") == "found")
    assert f"<@{ME}>" in texts(found)


def test_no_answer_hides_the_profile_and_says_so_and_confirming_brings_it_back(world: World):
    add_person(world, ME)
    world.clock.advance(days=366)
    run_tick(world)
    world.clock.advance(days=31)
    run_tick(world)
    [_, hidden] = world.fake.wait_for("chat.postMessage", count=2)
    assert "hidden" in texts(hidden.params)
    world.slack.command("/whoswho", "Leeds")
    [reply] = world.responses()
    assert f"<@{ME}>" not in texts(reply)
    world.slack.block_action(
        ActionId.PROFILE_CONFIRM, value="confirm", response_url=world.fake.response_url("back")
    )
    world.responses(where=lambda call: call.params.get("_path") == "back")
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile.visible


def test_a_dm_slack_refuses_is_asked_again_on_a_later_tick(world: World):
    add_person(world, ME)
    world.clock.advance(days=366)
    world.fake.fail_next("chat.postMessage", status=200, error="cannot_dm_bot")
    run_tick(world)
    run_tick(world)
    calls = world.fake.wait_for("chat.postMessage", count=2)
    assert calls[0].failed
    assert not calls[1].failed


def test_the_scheduler_runs_the_check_hourly():
    scheduler = build_scheduler(services=None, notifier=None)  # type: ignore[arg-type]
    job = scheduler.get_job(NUDGE_JOB_ID)
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval.total_seconds() == 3600
