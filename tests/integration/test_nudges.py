"""The yearly check on profiles, as people receive it: a DM with buttons that work, sent
through the outbox (so a process that stops before it is sent loses nothing)."""

from __future__ import annotations

from apscheduler.triggers.interval import IntervalTrigger

from bot.app import build_services
from bot.domain.outbox import OutboxStatus
from bot.scheduler import NUDGE_JOB_ID, build_scheduler, nudge_stale_profiles
from handlers.ids import ActionId
from tests.integration.conftest import ME, TEAM, World, make_settings
from tests.integration.test_whoswho import action_ids, add_person, texts


def run_tick(world: World) -> None:
    """The hourly check, then the outbox's tick that sends what it decided."""
    nudge_stale_profiles(world.runtime.services)
    world.runtime.services.outbox.drain_due()


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


def test_a_nudge_slack_holds_back_is_sent_once_after_its_wait(world: World):
    add_person(world, ME)
    world.clock.advance(days=366)
    world.fake.fail_next("chat.postMessage", status=429, retry_after=30)
    run_tick(world)
    run_tick(world)  # Slack's wait is not over: nothing is sent, nobody is asked twice
    assert [call.status for call in world.fake.calls_to("chat.postMessage")] == [429]
    world.clock.advance(seconds=31)
    run_tick(world)
    run_tick(world)
    calls = world.fake.wait_for("chat.postMessage", count=2)
    assert [call.status for call in calls] == [429, 200]
    assert calls[1].params["channel"] == ME
    assert "still right" in texts(calls[1].params).lower()


def test_a_nudge_decided_by_a_process_that_stopped_is_sent_by_another_once(
    world: World, database_url
):
    add_person(world, ME)
    world.clock.advance(days=366)
    nudge_stale_profiles(world.runtime.services)  # decided; the process stops before sending
    world.fake.assert_no_call("chat.postMessage")

    other = build_services(
        make_settings(world.fake, database_url),
        engine=world.runtime.engine,
        clock=world.clock,
        gazetteer=world.runtime.services.directory.gazetteer,
    )
    nudge_stale_profiles(other)  # the other process asks nobody again
    assert other.outbox.drain_due().sent == 1
    assert world.runtime.services.outbox.drain_due().sent == 0
    [dm] = world.fake.calls_to("chat.postMessage")
    assert dm.params["channel"] == ME
    assert {ActionId.PROFILE_CONFIRM, ActionId.PROFILE_HIDE} <= set(action_ids(dm.params))
    counts = world.runtime.services.outbox.health().counts
    assert counts.get(OutboxStatus.SENT) == 1


def test_a_nudge_answered_before_it_is_sent_is_not_sent(world: World):
    add_person(world, ME)
    world.clock.advance(days=366)
    nudge_stale_profiles(world.runtime.services)
    world.runtime.services.directory.confirm_current(TEAM, ME)
    assert world.runtime.services.outbox.drain_due().skipped == 1
    world.fake.assert_no_call("chat.postMessage")


def test_forget_erases_a_nudge_waiting_to_be_sent(world: World):
    add_person(world, ME)
    world.clock.advance(days=366)
    nudge_stale_profiles(world.runtime.services)
    assert world.runtime.services.directory.forget(TEAM, ME)
    assert world.runtime.services.outbox.drain_due().claimed == 0
    assert not world.runtime.services.outbox.health().counts
    world.fake.assert_no_call("chat.postMessage")


def test_the_scheduler_runs_the_check_hourly():
    scheduler = build_scheduler(services=None)  # type: ignore[arg-type]
    job = scheduler.get_job(NUDGE_JOB_ID)
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval.total_seconds() == 3600
