"""PIN resets that cannot hide themselves: one code per request, youth recovery codes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('recovery_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reset_session_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.add_column(sa.Column('backup_code_hash', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.drop_column('backup_code_hash')

    with op.batch_alter_table('recovery_requests', schema=None) as batch_op:
        batch_op.drop_column('voided_at')
        batch_op.drop_column('reset_session_hash')
