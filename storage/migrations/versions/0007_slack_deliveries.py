"""Slack's deliveries: the event_id of each Events API delivery taken in, so that retries and
duplicates are processed once across replicas; rows older than a day are purged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('slack_deliveries',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=True),
    sa.Column('received_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_slack_deliveries'))
    )
    with op.batch_alter_table('slack_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_slack_deliveries_received_at', ['received_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('slack_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_slack_deliveries_received_at')

    op.drop_table('slack_deliveries')
