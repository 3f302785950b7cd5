"""Alembic environment: the URL comes from the caller's config, else from DATABASE_URL."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from alembic import context

from bot.config import database_url_from_environment
from storage.db import make_engine
from storage.models import Base

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    from alembic.runtime.migration import MigrationContext, MigrationInfo
    from sqlalchemy import Connection

log = logging.getLogger("storage.migrations")
config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or database_url_from_environment()


def _applied(
    ctx: MigrationContext,  # noqa: ARG001 - Alembic passes these four by name
    step: MigrationInfo,
    heads: Collection[Any],  # noqa: ARG001
    run_args: Mapping[str, Any],  # noqa: ARG001
) -> None:
    """One line for each migration applied (Alembic's own INFO lines are kept quiet): its
    revisions and the first words of its description."""
    if not step.is_migration:
        return
    down = ", ".join(step.down_revision_ids) if step.is_upgrade else step.up_revision_id
    up = step.up_revision_id if step.is_upgrade else ", ".join(step.down_revision_ids)
    # The revision's script (its docstring is the description); none for a downgrade.
    doc = str(getattr(step.up_revision, "doc", "") or "") if step.is_upgrade else ""
    first_line = doc.strip().splitlines()[0] if doc.strip() else ""
    summary = first_line.split(": ")[0].split(". ")[0].rstrip(".")
    direction = "upgrade" if step.is_upgrade else "downgrade"
    log.info(
        "Applied %s %s -> %s%s",
        direction,
        down or "base",
        up or "base",
        f": {summary}" if summary else "",
    )


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        literal_binds=connection is None,
        on_version_apply=_applied,
    )


def run_migrations_offline() -> None:
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
