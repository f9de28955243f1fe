"""Sign-in hardening: device cookies, throttling per action, wrong-PIN tries kept until seen.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wrong_tries_seen_at', sa.DateTime(timezone=True), nullable=True))
    # Counters are now kept per action under new keys; the old shared ones mean nothing.
    op.execute('DELETE FROM throttle_states')


def downgrade() -> None:
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.drop_column('wrong_tries_seen_at')
