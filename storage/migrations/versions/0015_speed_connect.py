"""Speed Connect: pairs and trios formed among an event's attendees who opted in.

- `events.speed_connect_at`: when the event's Speed Connect runs (null: it has none); chosen
  by the organiser in the event form, within the event or up to two hours after it ends.
- `events.speed_connect_ran_at`: when it ran: the claim, set by one update where it is still
  null, so that two replicas (or a tick run twice) run it once.
- `rsvps.speed_connect`: the person going opted in (false again when they stop going).
- `speed_connect_groups`, `speed_connect_members`: the groups formed and who is in each, with
  mentoring groups' members the history of who has met whom. `/whoswho forget` deletes the
  person's member rows; the groups stay, as counts, for the impact report.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(
            sa.Column("speed_connect_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column(
                "speed_connect_ran_at", storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch.create_index("ix_events_speed_connect_at", ["speed_connect_at"])
    with op.batch_alter_table("rsvps") as batch:
        batch.add_column(
            sa.Column("speed_connect", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "speed_connect_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_speed_connect_groups_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speed_connect_groups")),
        sa.UniqueConstraint("event_id", "number", name="uq_speed_connect_groups_event_number"),
    )
    op.create_index(
        "ix_speed_connect_groups_team_created",
        "speed_connect_groups",
        ["team_id", "created_at"],
    )
    op.create_table(
        "speed_connect_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["speed_connect_groups.id"],
            name=op.f("fk_speed_connect_members_group_id_speed_connect_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speed_connect_members")),
        sa.UniqueConstraint("group_id", "user_id", name="uq_speed_connect_members_group_user"),
    )
    op.create_index(
        "ix_speed_connect_members_team_user", "speed_connect_members", ["team_id", "user_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_speed_connect_members_team_user", table_name="speed_connect_members")
    op.drop_table("speed_connect_members")
    op.drop_index("ix_speed_connect_groups_team_created", table_name="speed_connect_groups")
    op.drop_table("speed_connect_groups")
    with op.batch_alter_table("rsvps") as batch:
        batch.drop_column("speed_connect")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_speed_connect_at")
        batch.drop_column("speed_connect_ran_at")
        batch.drop_column("speed_connect_at")
