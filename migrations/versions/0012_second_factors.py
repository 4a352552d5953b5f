"""second factors: authenticator apps (TOTP), passkeys and recovery codes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 12:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('second_factor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('totp_last_step', sa.Integer(), nullable=True),
    sa.Column('credential_id', sa.LargeBinary(length=1024), nullable=True),
    sa.Column('public_key', sa.LargeBinary(length=2048), nullable=True),
    sa.Column('sign_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('totp', 'passkey')", name=op.f('ck_second_factor_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_second_factor_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_second_factor')),
    sa.UniqueConstraint('credential_id', name=op.f('uq_second_factor_credential_id'))
    )
    with op.batch_alter_table('second_factor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_second_factor_user_id'), ['user_id'], unique=False)
    op.create_table('recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_recovery_code_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_code'))
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_user_id'))
    op.drop_table('recovery_code')
    with op.batch_alter_table('second_factor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_second_factor_user_id'))
    op.drop_table('second_factor')
