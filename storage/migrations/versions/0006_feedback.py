"""Post-session feedback: rounds (one per event or group occasion), prompts and answers, opt-outs.

A round's unique subject is the marker that its prompts went out (one replica opens it); a
prompt is unique per round and person, so each person is asked exactly once.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('feedback_opt_outs',
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id', name=op.f('pk_feedback_opt_outs'))
    )
    op.create_table('feedback_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('subject_kind', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('occasion', sa.Integer(), nullable=False),
    sa.Column('organiser_id', sa.String(length=32), nullable=True),
    sa.Column('opened_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("subject_kind IN ('event', 'mentoring_group')", name=op.f('ck_feedback_rounds_subject_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_rounds')),
    sa.UniqueConstraint('team_id', 'subject_kind', 'subject_id', 'occasion', name='uq_feedback_rounds_subject')
    )
    with op.batch_alter_table('feedback_rounds', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_rounds_closing', ['closed_at', 'closes_at'], unique=False)

    op.create_table('feedback_prompts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('asked_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('remind_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('details_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('measures', sa.JSON(), nullable=False),
    sa.Column('what_worked', sa.Text(), nullable=True),
    sa.Column('could_be_better', sa.Text(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('follow_up_due_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('follow_up_answered_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('follow_up', sa.JSON(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_feedback_prompts_rating')),
    sa.ForeignKeyConstraint(['round_id'], ['feedback_rounds.id'], name=op.f('fk_feedback_prompts_round_id_feedback_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_prompts')),
    sa.UniqueConstraint('round_id', 'user_id', name='uq_feedback_prompts_round_user')
    )
    with op.batch_alter_table('feedback_prompts', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_prompts_answered_at', ['answered_at'], unique=False)
        batch_op.create_index('ix_feedback_prompts_details_at', ['details_at'], unique=False)
        batch_op.create_index('ix_feedback_prompts_team_user', ['team_id', 'user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('feedback_prompts', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_prompts_team_user')
        batch_op.drop_index('ix_feedback_prompts_details_at')
        batch_op.drop_index('ix_feedback_prompts_answered_at')

    op.drop_table('feedback_prompts')
    with op.batch_alter_table('feedback_rounds', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_rounds_closing')

    op.drop_table('feedback_rounds')
    op.drop_table('feedback_opt_outs')
