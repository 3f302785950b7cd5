"""Languages: the one each person reads the app in, and each linked channel's.

- `person_languages`: one row per person who chose a language ("en" or "cy"), with or without
  a directory profile; no row means English. `/whoswho forget` deletes it; the data export
  shows it.
- `channel_links.language`: what the app posts in that channel: "en", "cy" or "bilingual"
  (Welsh first). Null: bilingual when the channel is linked to Wales, else English.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_languages",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_person_languages")),
    )
    with op.batch_alter_table("channel_links") as batch:
        batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channel_links") as batch:
        batch.drop_column("language")
    op.drop_table("person_languages")
