"""Youth accounts, care teams and invite codes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('youth',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=True),
    sa.Column('preferred_name', sa.LargeBinary(), nullable=True),
    sa.Column('sign_in_name_hash', sa.String(length=64), nullable=True),
    sa.Column('secret_hash', sa.String(length=200), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('discreet_mode', sa.Boolean(), nullable=False),
    sa.Column('statistics_consent', sa.Boolean(), nullable=False),
    sa.Column('statistics_decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assent_version', sa.String(length=16), nullable=True),
    sa.Column('program_consent_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('program_consent_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_youth_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['program_consent_by'], ['staff_users.id'], name=op.f('fk_youth_program_consent_by_staff_users')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_youth_program_id_programs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth')),
    sa.UniqueConstraint('sign_in_name_hash', name=op.f('uq_youth_sign_in_name_hash'))
    )
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_youth_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_youth_program_id'), ['program_id'], unique=False)

    op.create_table('care_team_members',
    sa.Column('youth_id', sa.String(length=32), nullable=False),
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_care_team_members_staff_id_staff_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['youth_id'], ['youth.id'], name=op.f('fk_care_team_members_youth_id_youth'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('youth_id', 'staff_id', name=op.f('pk_care_team_members'))
    )
    with op.batch_alter_table('care_team_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_team_members_staff_id'), ['staff_id'], unique=False)

    op.create_table('invites',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('youth_id', sa.String(length=32), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'], name=op.f('fk_invites_created_by_staff_users')),
    sa.ForeignKeyConstraint(['youth_id'], ['youth.id'], name=op.f('fk_invites_youth_id_youth'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invites')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invites_code_hash'))
    )
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invites_youth_id'), ['youth_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invites_youth_id'))

    op.drop_table('invites')
    with op.batch_alter_table('care_team_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_team_members_staff_id'))

    op.drop_table('care_team_members')
    with op.batch_alter_table('youth', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_youth_program_id'))
        batch_op.drop_index(batch_op.f('ix_youth_organisation_id'))

    op.drop_table('youth')
