"""Certificate signatory and verify URL; verify look-ups for rate limiting.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

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
    op.create_table(
        "verify_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_verify_hits_client", "verify_hits", ["client"])
    op.create_index("ix_verify_hits_at", "verify_hits", ["at"])


def downgrade() -> None:
    op.drop_index("ix_verify_hits_at", table_name="verify_hits")
    op.drop_index("ix_verify_hits_client", table_name="verify_hits")
    op.drop_table("verify_hits")
    with op.batch_alter_table("certificates") as batch:
        batch.drop_column("verify_url")
        batch.drop_column("signatory_role")
        batch.drop_column("signatory_name")
