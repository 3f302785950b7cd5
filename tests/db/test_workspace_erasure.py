"""A workspace that uninstalled the app is erased, every row of it, once its retention has
passed; not before, not if it came back, and nothing of any other workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from benchmarks.erasure_scan import TEAM, build_world, scan
from bot.app import workspace_access
from bot.config import Settings
from bot.domain.outbox import ScheduledMessage
from bot.secrets import TokenCipher
from bot.workspaces import Installations
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory

OTHER = "T0OTHER"
RETENTION = timedelta(days=30)


def installations(engine, database_url: str) -> Installations:
    settings = Settings(
        _env_file=None,
        slack_client_id="1111.2222",
        slack_client_secret="client-secret",
        slack_token_encryption_keys=TokenCipher.generate_key(),
        slack_signing_secret="signing-secret",
        database_url=database_url,
    )
    found = workspace_access(settings, engine).installations
    assert found is not None
    return found


def another_workspace(engine) -> None:
    uow = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))()
    now = datetime.now(UTC)
    with uow:
        uow.deliveries.record("Ev0OTHER", OTHER, now=now)
        uow.outbox.add(
            ScheduledMessage(
                team_id=OTHER,
                kind="direct_message",
                key="other:1",
                due_at=now,
                payload={"user": "U0OTHER", "key": "nudge.hidden", "params": {}},
            ),
            now=now,
        )
        uow.workspaces.remember(OTHER, None, now=now)
        uow.commit()


def uninstalled(engine, team_id: str, ago: timedelta) -> None:
    uow = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))()
    with uow:
        uow.workspaces.mark_uninstalled(team_id, now=datetime.now(UTC) - ago)
        uow.commit()


def test_a_workspace_gone_past_its_retention_leaves_no_row_behind(
    engine, database_url, gazetteer
) -> None:
    built = build_world(engine, gazetteer, people=12, erase=0)
    another_workspace(engine)
    people = [who.user_id for who in built.everyone]
    assert scan(engine, [TEAM, *people]).total > 0
    uninstalled(engine, TEAM, RETENTION + timedelta(days=1))

    erased = installations(engine, database_url).erase_departed(RETENTION)

    assert erased["profiles"] == 12
    assert erased["events"] > 0
    assert erased["mentoring_groups"] > 0
    assert erased["feedback_rounds"] > 0
    left = scan(engine, [TEAM, *people])
    assert left.total == 0, left.examples
    assert scan(engine, [OTHER]).total > 0  # the other workspace's rows are all there
    assert scan(engine, ["Ev0OTHER", "U0OTHER"]).total > 0


def test_a_workspace_within_its_retention_or_back_again_is_kept(
    engine, database_url, gazetteer
) -> None:
    build_world(engine, gazetteer, people=12, erase=0)
    uninstalled(engine, TEAM, RETENTION - timedelta(days=1))
    tend = installations(engine, database_url)

    assert tend.erase_departed(RETENTION) == {}
    uninstalled(engine, TEAM, RETENTION + timedelta(days=1))
    tend.bots.remember(TEAM, None, wait=True)  # installed again before the erasure ran
    assert tend.erase_departed(RETENTION) == {}
    assert scan(engine, [TEAM]).total > 0
