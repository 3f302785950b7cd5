"""Who each scheduled message names: one row per person a message is to or about, so that
erasing a person finds every message naming them (under any key of its payload, or in a list
of people for a group conversation) by an index. Filled here for the messages already held,
from their payloads, by the same rule the outbox repository applies when it schedules one.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import re
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A copy of storage.outbox_repository's rule, as it stood for this revision: a person's id is one
# word of capital letters and digits, and every string of that shape anywhere in a payload
# (values at any depth, list items, keys) is taken to name someone.
PERSON_ID = re.compile(r"[A-Z][A-Z0-9]{1,31}")
PAGE = 1000

outbox = sa.table(
    'outbox',
    sa.column('id', sa.Integer()),
    sa.column('team_id', sa.String()),
    sa.column('payload', sa.JSON()),
)
outbox_people = sa.table(
    'outbox_people',
    sa.column('outbox_id', sa.Integer()),
    sa.column('user_id', sa.String()),
    sa.column('team_id', sa.String()),
)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def people_named(payload: object) -> set[str]:
    return {text for text in _strings(payload) if PERSON_ID.fullmatch(text)}


def upgrade() -> None:
    op.create_table('outbox_people',
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'],
        name=op.f('fk_outbox_people_outbox_id_outbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outbox_id', 'user_id', name=op.f('pk_outbox_people'))
    )
    with op.batch_alter_table('outbox_people', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_people_team_user', ['team_id', 'user_id'], unique=False)

    if op.get_context().as_sql:  # an offline script cannot read the messages already held
        return
    connection = op.get_bind()
    after = 0
    while True:
        page = connection.execute(
            sa.select(outbox.c.id, outbox.c.team_id, outbox.c.payload)
            .where(outbox.c.id > after)
            .order_by(outbox.c.id)
            .limit(PAGE)
        ).all()
        if not page:
            break
        rows = [
            {'outbox_id': message_id, 'user_id': person, 'team_id': team_id}
            for message_id, team_id, payload in page
            for person in sorted(people_named(payload))
        ]
        if rows:
            connection.execute(outbox_people.insert(), rows)
        after = page[-1].id


def downgrade() -> None:
    with op.batch_alter_table('outbox_people', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_people_team_user')

    op.drop_table('outbox_people')
