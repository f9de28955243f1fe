"""Account recovery requests: a forgotten PIN, approved, then a one-time code.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recovery_requests',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('youth_id', sa.String(length=32), nullable=False),
    sa.Column('requested_by', sa.String(length=32), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by', sa.String(length=32), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approval_skipped', sa.Boolean(), nullable=False),
    sa.Column('invite_id', sa.String(length=32), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_sign_ins_before', sa.Integer(), nullable=False),
    sa.Column('shown_to_youth_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['approved_by'], ['staff_users.id'], name=op.f('fk_recovery_requests_approved_by_staff_users')),
    sa.ForeignKeyConstraint(['invite_id'], ['invites.id'], name=op.f('fk_recovery_requests_invite_id_invites')),
    sa.ForeignKeyConstraint(['requested_by'], ['staff_users.id'], name=op.f('fk_recovery_requests_requested_by_staff_users')),
    sa.ForeignKeyConstraint(['youth_id'], ['youth.id'], name=op.f('fk_recovery_requests_youth_id_youth'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_requests'))
    )
    with op.batch_alter_table('recovery_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_requests_youth_id'), ['youth_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('recovery_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_requests_youth_id'))

    op.drop_table('recovery_requests')
