"""The durable scheduler over a real database (SQLite here, PostgreSQL when TEST_DATABASE_URL is
set), with a scripted dispatcher standing in for Slack and a clock moved by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.outbox import (
    Backoff,
    Failed,
    OutboxStatus,
    RetryLater,
    ScheduledMessage,
    Skipped,
)
from bot.services import outbox
from bot.services.outbox_sender import THROTTLE_ALLOWANCE, OutboxService
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.outbox import ScriptedDispatcher

TEAM = "T0001"
LEASE = timedelta(seconds=60)


@pytest.fixture
def uow_factory(engine) -> SqlAlchemyUnitOfWorkFactory:
    return SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))


@pytest.fixture
def dispatcher() -> ScriptedDispatcher:
    return ScriptedDispatcher(methods={"views.home": "views.publish"})


def make_service(uow_factory, clock, dispatcher, **options) -> OutboxService:
    options.setdefault("worker_id", "test-worker")
    options.setdefault("lease", LEASE)
    options.setdefault("batch", 10)
    options.setdefault("max_attempts", 4)
    return OutboxService(uow_factory, clock, dispatcher, **options)


@pytest.fixture
def service(uow_factory, clock, dispatcher) -> OutboxService:
    return make_service(uow_factory, clock, dispatcher)


def dm(clock, key: str, *, in_minutes: float = 0, expires_in: float | None = None, **extra):
    due = clock.now() + timedelta(minutes=in_minutes)
    return outbox.direct_message(
        TEAM,
        extra.pop("user", "U0SAM"),
        key,
        text_key="nudge.hidden",
        due_at=due,
        expires_at=None if expires_in is None else clock.now() + timedelta(minutes=expires_in),
        **extra,
    )


def add(uow_factory, clock, *messages: ScheduledMessage) -> int:
    with uow_factory() as uow:
        written = outbox.schedule_all(uow, messages, now=clock.now())
        uow.commit()
    return written


def row(uow_factory, key: str):
    with uow_factory() as uow:
        found = uow.outbox.get(TEAM, key)
    assert found is not None, key
    return found


# Scheduling ---------------------------------------------------------------------------------


def test_scheduling_the_same_key_twice_writes_one_row(uow_factory, clock, service):
    assert add(uow_factory, clock, dm(clock, "reminder:1")) == 1
    assert add(uow_factory, clock, dm(clock, "reminder:1", in_minutes=5)) == 0
    assert add(uow_factory, clock, dm(clock, "reminder:1"), dm(clock, "reminder:1")) == 0

    assert service.health().counts == {OutboxStatus.PENDING: 1}
    assert row(uow_factory, "reminder:1").due_at == clock.now()


def test_due_messages_are_sent_once_and_future_ones_wait(uow_factory, clock, service, dispatcher):
    add(
        uow_factory,
        clock,
        dm(clock, "now:1"),
        dm(clock, "now:2"),
        dm(clock, "later", in_minutes=30),
    )

    first = service.drain_due()
    again = service.drain_due()

    assert (first.sent, again.claimed) == (2, 0)
    assert sorted(m.key for m in dispatcher.attempts) == ["now:1", "now:2"]
    assert row(uow_factory, "now:1").status is OutboxStatus.SENT
    assert row(uow_factory, "now:1").sent_ref
    assert row(uow_factory, "later").status is OutboxStatus.PENDING

    clock.advance(minutes=30)
    assert service.drain_due().sent == 1
    assert dispatcher.tried("later") == 1
    assert service.drain_due().claimed == 0


def test_an_expired_message_is_skipped_and_never_sent(uow_factory, clock, service, dispatcher):
    add(uow_factory, clock, dm(clock, "reminder:24h", expires_in=60))
    clock.advance(minutes=61)  # the app was down past the point the reminder was useful

    report = service.drain_due()

    assert report.skipped == 1
    assert dispatcher.attempts == []
    found = row(uow_factory, "reminder:24h")
    assert (found.status, found.last_error) == (OutboxStatus.SKIPPED, "expired")


def test_a_renderer_with_nothing_to_send_skips_the_message(uow_factory, clock, service, dispatcher):
    add(uow_factory, clock, dm(clock, "gone"))
    dispatcher.answer("gone", Skipped("nothing to send any more"))
    assert service.drain_due().skipped == 1
    assert row(uow_factory, "gone").status is OutboxStatus.SKIPPED


# Slack's answers ------------------------------------------------------------------------------


def test_a_429_defers_that_method_for_retry_after_and_leaves_other_methods_alone(
    uow_factory, clock, service, dispatcher
):
    add(
        uow_factory,
        clock,
        dm(clock, "a"),
        dm(clock, "b"),
        dm(clock, "c"),
        ScheduledMessage(TEAM, "views.home", "home", clock.now(), {"user": "U0SAM"}),
    )
    dispatcher.answer(
        "a", RetryLater("rate limited", "chat.postMessage", after_seconds=30, throttled=True)
    )

    report = service.drain_due()

    # "a" was tried and told to wait; "b" and "c" use the same method so were not even tried.
    assert [m.key for m in dispatcher.attempts] == ["a", "home"]
    assert (report.retried, report.deferred, report.sent) == (1, 2, 1)
    for key in ("a", "b", "c"):
        waiting = row(uow_factory, key)
        assert waiting.status is OutboxStatus.PENDING
    assert row(uow_factory, "a").throttled == 1
    assert row(uow_factory, "b").attempts == 0  # deferred untried: no attempt counted

    # A message scheduled meanwhile waits for the limit too, without being claimed.
    add(uow_factory, clock, dm(clock, "d"))
    clock.advance(seconds=29)
    assert service.drain_due().claimed == 0

    clock.advance(seconds=1)
    assert service.drain_due().sent == 4
    assert sorted(m.key for m in dispatcher.attempts) == ["a", "a", "b", "c", "d", "home"]


def test_server_errors_and_broken_connections_back_off_then_succeed(uow_factory, clock, dispatcher):
    service = make_service(
        uow_factory, clock, dispatcher, backoff=Backoff(base_seconds=10, jitter=0)
    )
    add(uow_factory, clock, dm(clock, "flaky"))
    dispatcher.answer(
        "flaky",
        RetryLater("HTTP 503 (chat.postMessage)", "chat.postMessage"),
        RetryLater("connection: TimeoutError (chat.postMessage)", "chat.postMessage"),
    )

    assert service.drain_due().retried == 1
    first = row(uow_factory, "flaky")
    assert first.status is OutboxStatus.PENDING
    assert first.last_error == "HTTP 503 (chat.postMessage)"

    clock.advance(seconds=9)
    assert service.drain_due().claimed == 0  # still backing off
    clock.advance(seconds=1)
    assert service.drain_due().retried == 1

    clock.advance(seconds=19)
    assert service.drain_due().claimed == 0  # the second wait is twice as long
    clock.advance(seconds=1)
    assert service.drain_due().sent == 1
    assert row(uow_factory, "flaky").attempts == 3


def test_backoff_grows_and_is_jittered_within_bounds():
    backoff = Backoff(base_seconds=5, factor=2, cap_seconds=60, jitter=0.5)
    assert [backoff.delay(n, 0.0) for n in (1, 2, 3, 4, 5, 6)] == [5, 10, 20, 40, 60, 60]
    assert backoff.delay(3, 0.999) == pytest.approx(10.01)


def test_a_permanent_error_fails_with_its_reason_and_is_never_retried(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "gone-user"))
    dispatcher.answer("gone-user", Failed("user_disabled (chat.postMessage)"))

    assert service.drain_due().failed == 1
    clock.advance(days=1)
    assert service.drain_due().claimed == 0

    found = row(uow_factory, "gone-user")
    assert (found.status, found.last_error) == (
        OutboxStatus.FAILED,
        "user_disabled (chat.postMessage)",
    )
    assert dispatcher.tried("gone-user") == 1


def test_attempts_are_bounded_and_the_reason_is_kept(uow_factory, clock, service, dispatcher):
    add(uow_factory, clock, dm(clock, "doomed"))
    dispatcher.answer("doomed", *[RetryLater("HTTP 500", "chat.postMessage")] * 10)

    for _ in range(10):
        service.drain_due()
        clock.advance(hours=1)

    found = row(uow_factory, "doomed")
    assert found.status is OutboxStatus.FAILED
    assert found.last_error == "gave up after 4 failed attempts: HTTP 500"
    assert dispatcher.tried("doomed") == 4


def test_rate_limits_are_allowed_many_more_times_than_errors_but_not_for_ever(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "busy"))
    limit = 4 * THROTTLE_ALLOWANCE
    dispatcher.answer(
        "busy",
        *[RetryLater("rate limited", "chat.postMessage", after_seconds=1, throttled=True)] * limit,
    )

    for _ in range(limit - 1):
        service.drain_due()
        clock.advance(seconds=1)
    assert row(uow_factory, "busy").status is OutboxStatus.PENDING  # far past 4 attempts

    service.drain_due()
    found = row(uow_factory, "busy")
    assert found.status is OutboxStatus.FAILED
    assert found.last_error == f"gave up: rate limited {limit} times (rate limited)"


def test_an_unexpected_error_while_delivering_is_retried_and_bounded(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "buggy"), dm(clock, "fine"))

    def explode(message):
        if message.key == "buggy":
            raise RuntimeError("a renderer's bug")
        return original(message)

    original = dispatcher.deliver
    dispatcher.deliver = explode  # type: ignore[method-assign]

    report = service.drain_due()

    assert (report.retried, report.sent) == (1, 1)
    found = row(uow_factory, "buggy")
    assert found.last_error == "unexpected error: RuntimeError"
    assert found.in_doubt  # it may have got as far as Slack: checked before the next attempt


# Crashes, leases and restarts ------------------------------------------------------------------


def test_a_claim_takes_at_most_its_limit_oldest_first(uow_factory, clock):
    add(uow_factory, clock, *(dm(clock, f"c:{n}", in_minutes=-n) for n in range(10)))
    with uow_factory() as uow:
        claimed = uow.outbox.claim_due(
            now=clock.now(), limit=3, lease_until=clock.now() + LEASE, worker="w/1"
        )
        uow.commit()
    assert [m.key for m in claimed] == ["c:9", "c:8", "c:7"]
    assert {m.status for m in claimed} == {OutboxStatus.SENDING}


def claim_as_dead_worker(uow_factory, clock, *, begin: bool):
    """A worker claims everything due, optionally starts sending the first row, and dies."""
    with uow_factory() as uow:
        claimed = uow.outbox.claim_due(
            now=clock.now(), limit=100, lease_until=clock.now() + LEASE, worker="dead/1"
        )
        if begin:
            uow.outbox.begin_attempt(
                claimed[0].id, "dead/1", now=clock.now(), lease_until=clock.now() + LEASE
            )
        uow.commit()
    return claimed


def test_rows_claimed_by_a_worker_that_died_are_taken_over_when_the_lease_lapses(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "x"), dm(clock, "y"))
    claimed = claim_as_dead_worker(uow_factory, clock, begin=False)
    assert len(claimed) == 2

    assert service.drain_due().claimed == 0  # the lease holds
    clock.advance(seconds=61)
    report = service.drain_due()

    assert report.sent == 2
    assert [m.in_doubt for m in dispatcher.attempts] == [False, False]  # never begun: no doubt


def test_an_in_doubt_message_that_reached_slack_is_recorded_not_sent_again(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "posted-then-died"))
    [claimed] = claim_as_dead_worker(uow_factory, clock, begin=True)
    dispatcher.in_slack[claimed.id] += 1  # Slack accepted it just before the worker died

    clock.advance(seconds=61)
    report = service.drain_due()

    assert (report.already_sent, report.sent) == (1, 0)
    assert dispatcher.in_slack[claimed.id] == 1
    [attempt] = dispatcher.attempts
    assert attempt.in_doubt
    assert row(uow_factory, "posted-then-died").status is OutboxStatus.SENT


def test_an_in_doubt_message_that_never_reached_slack_is_sent(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "died-before-post"))
    [claimed] = claim_as_dead_worker(uow_factory, clock, begin=True)

    clock.advance(seconds=61)

    assert service.drain_due().sent == 1
    assert dispatcher.in_slack[claimed.id] == 1


def test_a_lost_answer_leaves_the_message_in_doubt_and_it_is_not_posted_twice(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "lost-answer"))
    dispatcher.lose_answers["lost-answer"] = 1

    service.drain_due()
    assert row(uow_factory, "lost-answer").in_doubt
    clock.advance(minutes=5)
    report = service.drain_due()

    assert report.already_sent == 1
    found = row(uow_factory, "lost-answer")
    assert (found.status, found.in_doubt) == (OutboxStatus.SENT, False)
    assert dispatcher.in_slack[found.id] == 1


def test_a_worker_whose_claim_was_taken_over_changes_nothing(uow_factory, clock, service):
    add(uow_factory, clock, dm(clock, "contested"))
    [stale] = claim_as_dead_worker(uow_factory, clock, begin=False)
    clock.advance(seconds=61)
    service.drain_due()  # takes the row over and sends it

    with uow_factory() as uow:
        assert not uow.outbox.begin_attempt(
            stale.id, "dead/1", now=clock.now(), lease_until=clock.now() + LEASE
        )
        assert not uow.outbox.mark_failed(stale.id, "dead/1", error="late", now=clock.now())
        uow.commit()
    assert row(uow_factory, "contested").status is OutboxStatus.SENT


def test_messages_killed_mid_send_too_often_are_given_up_with_the_reason(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "poison"))
    for _ in range(4):  # each worker that takes it dies mid-send
        claim_as_dead_worker(uow_factory, clock, begin=True)
        clock.advance(seconds=61)

    assert service.drain_due().failed == 1
    found = row(uow_factory, "poison")
    assert found.status is OutboxStatus.FAILED
    assert found.last_error.startswith("gave up after 4 attempts; the last was interrupted")
    assert dispatcher.attempts == []


def test_a_new_service_over_the_same_database_loses_nothing(
    uow_factory, clock, dispatcher, service
):
    add(uow_factory, clock, *(dm(clock, f"r:{n}", user=f"U{n}") for n in range(25)))
    dispatcher.answer("r:3", RetryLater("HTTP 502", "chat.postMessage"))
    first = service.drain_due(keep_running_for=None)
    claimed = claim_as_dead_worker(uow_factory, clock, begin=False)  # nothing left to claim
    assert (first.sent, claimed) == (24, [])

    restarted = make_service(uow_factory, clock, dispatcher, worker_id="after-restart")
    clock.advance(minutes=10)
    assert restarted.drain_due().sent == 1
    assert sorted(dispatcher.in_slack.values()) == [1] * 25
    assert service.health().counts == {OutboxStatus.SENT: 25}


def test_keeping_running_waits_for_what_falls_due_within_the_window(uow_factory, clock, dispatcher):
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        clock.advance(seconds=seconds)

    service = make_service(uow_factory, clock, dispatcher, sleep=nap)
    add(uow_factory, clock, dm(clock, "now"), dm(clock, "soon", in_minutes=0.05))
    add(uow_factory, clock, dm(clock, "much-later", in_minutes=10))
    dispatcher.answer("now", RetryLater("slow down", "chat.postMessage", 2, throttled=True))

    report = service.drain_due(keep_running_for=timedelta(seconds=5))

    assert report.sent == 2  # "soon" after 3 seconds, "now" after its 2 second wait
    assert sum(naps) <= 5
    assert row(uow_factory, "much-later").status is OutboxStatus.PENDING


# Cancelling with the decision ---------------------------------------------------------------------


def test_cancelling_by_prefix_happens_in_the_same_transaction_as_the_decision(
    uow_factory, clock, service, dispatcher
):
    add(
        uow_factory,
        clock,
        dm(clock, "event:7:reminder:U1:24h", in_minutes=5),
        dm(clock, "event:7:reminder:U1:1h", in_minutes=5),
        dm(clock, "event:7:reminder:U12:1h", in_minutes=5),
        dm(clock, "event:70:reminder:U1:1h", in_minutes=5),
    )

    # The decision (U1 drops out) fails after cancelling: nothing is cancelled.
    with uow_factory() as uow:
        assert outbox.cancel(uow, TEAM, key_prefix="event:7:reminder:U1:", now=clock.now()) == 2
        uow.rollback()
    assert row(uow_factory, "event:7:reminder:U1:1h").status is OutboxStatus.PENDING
    # It commits: the two reminders of U1 for event 7 go, and nothing else.
    with uow_factory() as uow:
        outbox.cancel(uow, TEAM, key_prefix="event:7:reminder:U1:", now=clock.now())
        uow.commit()

    clock.advance(minutes=5)
    service.drain_due()
    assert {m.key for m in dispatcher.attempts} == {
        "event:7:reminder:U12:1h",
        "event:70:reminder:U1:1h",
    }
    assert row(uow_factory, "event:7:reminder:U1:1h").status is OutboxStatus.CANCELLED


def test_a_prefix_with_wildcard_characters_means_only_itself(uow_factory, clock):
    add(uow_factory, clock, dm(clock, "a_b:1"), dm(clock, "axb:1"), dm(clock, "a%:1"))
    with uow_factory() as uow:
        assert outbox.cancel(uow, TEAM, key_prefix="a_b:", now=clock.now()) == 1
        assert outbox.cancel(uow, TEAM, key_prefix="a%", now=clock.now()) == 1
        uow.commit()
    assert row(uow_factory, "axb:1").status is OutboxStatus.PENDING


def test_a_cancelled_message_scheduled_again_comes_back_with_the_new_time(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "event:7:reminder:U1"))
    with uow_factory() as uow:
        assert outbox.cancel(uow, TEAM, key="event:7:reminder:U1", now=clock.now()) == 1
        uow.commit()
    # Cancelling a finished message changes nothing; RSVPing again brings the reminder back.
    assert add(uow_factory, clock, dm(clock, "event:7:reminder:U1", in_minutes=30)) == 1

    assert service.drain_due().claimed == 0
    clock.advance(minutes=30)
    assert service.drain_due().sent == 1
    with uow_factory() as uow:
        assert outbox.cancel(uow, TEAM, key="event:7:reminder:U1", now=clock.now()) == 0


def test_a_message_cancelled_while_on_its_way_is_recorded_as_sent_and_not_retried(
    uow_factory, clock, service, dispatcher
):
    add(uow_factory, clock, dm(clock, "racing"), dm(clock, "failing"))
    original = dispatcher.deliver

    def cancel_then_deliver(message):
        with uow_factory() as uow:
            outbox.cancel(uow, TEAM, key=message.key, now=clock.now())
            uow.commit()
        if message.key == "failing":
            return RetryLater("HTTP 500", "chat.postMessage")
        return original(message)

    dispatcher.deliver = cancel_then_deliver  # type: ignore[method-assign]
    service.drain_due()

    assert row(uow_factory, "racing").status is OutboxStatus.SENT  # the truth: it went
    assert row(uow_factory, "failing").status is OutboxStatus.CANCELLED  # and is not retried


# Housekeeping ------------------------------------------------------------------------------------


def test_health_counts_rows_and_finished_rows_are_purged_after_retention(
    uow_factory, clock, service
):
    add(uow_factory, clock, dm(clock, "sent"), dm(clock, "waiting", in_minutes=60))
    service.drain_due()
    health = service.health()
    assert health.counts == {OutboxStatus.SENT: 1, OutboxStatus.PENDING: 1}
    assert health.next_available_at == clock.now() + timedelta(minutes=60)

    clock.advance(days=89)
    assert service.purge_finished() == 0
    clock.advance(days=2)
    assert service.purge_finished() == 1
    assert service.health().counts == {OutboxStatus.PENDING: 1}


def test_scheduled_messages_refuse_naive_times_and_silly_keys(clock):
    with pytest.raises(ValueError, match="timezone"):
        ScheduledMessage(TEAM, "slack.dm", "k", clock.now().replace(tzinfo=None), {})
    with pytest.raises(ValueError, match="key"):
        ScheduledMessage(TEAM, "slack.dm", "", clock.now(), {})
