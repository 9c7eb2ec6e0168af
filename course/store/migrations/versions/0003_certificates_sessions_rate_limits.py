"""Certificate signatory and verify URL; session tokens; rate-limit counts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates") as batch:
        batch.add_column(
            sa.Column(
                "signatory_name", sa.String(200), nullable=False, server_default=""
            )
        )
        batch.add_column(
            sa.Column(
                "signatory_role", sa.String(200), nullable=False, server_default=""
            )
        )
        batch.add_column(
            sa.Column("verify_url", sa.String(500), nullable=False, server_default="")
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_token", sa.String(64), nullable=False, server_default="")
        )
    # Existing accounts get a random token each, so old cookies stop working.
    bind = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token"))
    for (user_id,) in bind.execute(sa.select(users.c.id)).all():
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_hex(16))
        )
    op.create_table(
        "rate_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(20), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rate_hits_client", "rate_hits", ["client"])
    op.create_index("ix_rate_hits_at", "rate_hits", ["at"])


def downgrade() -> None:
    op.drop_index("ix_rate_hits_at", table_name="rate_hits")
    op.drop_index("ix_rate_hits_client", table_name="rate_hits")
    op.drop_table("rate_hits")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_token")
    with op.batch_alter_table("certificates") as batch:
        batch.drop_column("verify_url")
        batch.drop_column("signatory_role")
        batch.drop_column("signatory_name")
