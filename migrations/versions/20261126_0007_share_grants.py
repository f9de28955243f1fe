"""Share grants: what a youth chose to share, with whom and until when, encrypted.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('share_grants',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('youth_id', sa.String(length=32), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['youth_id'], ['youth.id'], name=op.f('fk_share_grants_youth_id_youth'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_grants'))
    )
    with op.batch_alter_table('share_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_grants_youth_id'), ['youth_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('share_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_grants_youth_id'))

    op.drop_table('share_grants')
