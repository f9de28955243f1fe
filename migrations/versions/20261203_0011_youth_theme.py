"""The look a youth picks in Settings (one of a closed list of themes).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("youth", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("theme", sa.String(length=16), nullable=False, server_default="calm")
        )


def downgrade() -> None:
    with op.batch_alter_table("youth", schema=None) as batch_op:
        batch_op.drop_column("theme")
