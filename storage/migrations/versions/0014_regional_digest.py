"""The weekly regional digest and growth in the impact report.

- `channel_links.digest`: whether the channel linked to a region gets the weekly digest (on
  by default; `/event digest off` in the channel turns it off for every region it is linked
  to). It lives with the link, so unlinking a channel forgets it.
- `weekly_searches`: how many directory searches each region saw each week, and how many of
  them found someone, counted as the searches are made (one upsert each). Counts only: no
  person, no words typed, no place finer than a region. A search whose place was not
  understood counts under no region (an empty code).
- `ix_profiles_team_created`: who joined a workspace's directory lately (the digest's
  newcomers, the report's profiles created) without reading every profile.

The digest itself needs no table: each is an outbox row keyed by its channel and ISO week,
so that two replicas (or a tick run twice) queue it once.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channel_links") as batch:
        batch.add_column(
            sa.Column("digest", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "weekly_searches",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "team_id", "week_start", "region_code", name=op.f("pk_weekly_searches")
        ),
    )
    op.create_index("ix_profiles_team_created", "profiles", ["team_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_profiles_team_created", table_name="profiles")
    op.drop_table("weekly_searches")
    with op.batch_alter_table("channel_links") as batch:
        batch.drop_column("digest")
