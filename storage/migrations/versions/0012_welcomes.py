"""Welcomes in linked channels: one record per person per workspace, ever (a unique
constraint, written in the same transaction as the welcome's outbox row, so two replicas
never welcome anyone twice), and a per-channel switch kept with the channel's link.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "welcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("welcomed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("declined", sa.Boolean(), nullable=False),
        sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welcomes")),
        sa.UniqueConstraint("team_id", "user_id", name="uq_welcomes_team_user"),
    )
    op.create_index("ix_welcomes_team_welcomed_at", "welcomes", ["team_id", "welcomed_at"])
    with op.batch_alter_table("channel_links") as batch:
        batch.add_column(
            sa.Column("welcomes", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("channel_links") as batch:
        batch.drop_column("welcomes")
    op.drop_index("ix_welcomes_team_welcomed_at", table_name="welcomes")
    op.drop_table("welcomes")
