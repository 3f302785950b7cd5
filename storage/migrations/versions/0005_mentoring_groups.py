"""Mentoring groups: sign-ups, cycles, groups and their members, check-ins, the match lock.

A partial unique index allows one open cycle per workspace; members of earlier cycles are the
history the matcher reads to avoid repeating pairs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mentoring_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('started_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_cycles')),
    sa.UniqueConstraint('team_id', 'number', name='uq_mentoring_cycles_team_number')
    )
    with op.batch_alter_table('mentoring_cycles', schema=None) as batch_op:
        batch_op.create_index('ix_mentoring_cycles_one_open', ['team_id'], unique=True, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.create_table('mentoring_match_locks',
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('holder', sa.String(length=100), nullable=True),
    sa.Column('expires_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('team_id', name=op.f('pk_mentoring_match_locks'))
    )
    op.create_table('mentoring_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('size_min', sa.Integer(), nullable=False),
    sa.Column('size_max', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=16), nullable=False),
    sa.Column('hopes', sa.Text(), nullable=False),
    sa.Column('paused_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('paused_until', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('waiting_reason', sa.String(length=16), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_signups')),
    sa.UniqueConstraint('team_id', 'user_id', name='uq_mentoring_signups_person')
    )
    op.create_table('mentoring_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('shared_topics', sa.JSON(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=True),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('met_round', sa.Integer(), nullable=False),
    sa.Column('rounds', sa.Integer(), nullable=False),
    sa.Column('next_checkin_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['mentoring_cycles.id'], name=op.f('fk_mentoring_groups_cycle_id_mentoring_cycles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_groups'))
    )
    with op.batch_alter_table('mentoring_groups', schema=None) as batch_op:
        batch_op.create_index('ix_mentoring_groups_cycle', ['cycle_id'], unique=False)
        batch_op.create_index('ix_mentoring_groups_next_checkin', ['next_checkin_at'], unique=False)

    op.create_table('mentoring_checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('asked_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.String(length=16), nullable=True),
    sa.Column('answered_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['mentoring_groups.id'], name=op.f('fk_mentoring_checkins_group_id_mentoring_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_checkins')),
    sa.UniqueConstraint('group_id', 'user_id', 'round', name='uq_mentoring_checkins_ask')
    )
    with op.batch_alter_table('mentoring_checkins', schema=None) as batch_op:
        batch_op.create_index('ix_mentoring_checkins_team_user', ['team_id', 'user_id', 'asked_at'], unique=False)

    op.create_table('mentoring_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['mentoring_groups.id'], name=op.f('fk_mentoring_members_group_id_mentoring_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_members')),
    sa.UniqueConstraint('group_id', 'user_id', name='uq_mentoring_members_group_user')
    )
    with op.batch_alter_table('mentoring_members', schema=None) as batch_op:
        batch_op.create_index('ix_mentoring_members_team_user', ['team_id', 'user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mentoring_members', schema=None) as batch_op:
        batch_op.drop_index('ix_mentoring_members_team_user')

    op.drop_table('mentoring_members')
    with op.batch_alter_table('mentoring_checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_mentoring_checkins_team_user')

    op.drop_table('mentoring_checkins')
    with op.batch_alter_table('mentoring_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_mentoring_groups_next_checkin')
        batch_op.drop_index('ix_mentoring_groups_cycle')

    op.drop_table('mentoring_groups')
    op.drop_table('mentoring_signups')
    op.drop_table('mentoring_match_locks')
    with op.batch_alter_table('mentoring_cycles', schema=None) as batch_op:
        batch_op.drop_index('ix_mentoring_cycles_one_open', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.drop_table('mentoring_cycles')
