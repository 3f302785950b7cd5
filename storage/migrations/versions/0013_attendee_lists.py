"""Two consents on each profile: `listed_to_attendees` (shown to the others going to an event,
in "Who's going" and the DM after it; on unless the person unticks it) and
`announce_in_digest` (named in the region's weekly digest on joining; off unless ticked).
Existing profiles take the defaults.

Columns are added in place (ALTER TABLE ... ADD COLUMN), never by copying the table: on
SQLite a copy would drop the search tallies' triggers on `profiles` (migration 0011), which
fire only on changes of the columns they count, so new columns leave them as they were.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "profiles",
        sa.Column("listed_to_attendees", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.add_column(
        "profiles",
        sa.Column("announce_in_digest", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("profiles", "announce_in_digest")
    op.drop_column("profiles", "listed_to_attendees")
