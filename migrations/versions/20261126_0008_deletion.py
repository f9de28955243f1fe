"""A youth's account deletion, asked for with a 7-day wait, is remembered until it is due.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deletion_due_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.drop_column('deletion_due_at')

