"""Directory search index: searchable profiles by workspace and place, newest first.

Replaces ix_profiles_team_place (team_id, place_id): every query that used it asks only for
searchable (visible and active) profiles, which this partial index holds, in the order a page
of results is read, with the text topic words are matched against (so a topic search reads no
table rows).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_visible = sa.column("visible", sa.Boolean())
_active = sa.column("active", sa.Boolean())
# The same condition the repository writes, rendered by each database's dialect.
SEARCHABLE = sa.and_(_visible.is_(True), _active.is_(True))


def upgrade() -> None:
    op.create_index(
        "ix_profiles_searchable",
        "profiles",
        ["team_id", "place_id", sa.text("updated_at DESC"), "id", "search_text"],
        sqlite_where=SEARCHABLE,
        postgresql_where=SEARCHABLE,
    )
    op.drop_index("ix_profiles_team_place", table_name="profiles")


def downgrade() -> None:
    op.create_index("ix_profiles_team_place", "profiles", ["team_id", "place_id"])
    op.drop_index("ix_profiles_searchable", table_name="profiles")
