"""account tokens: invitations and password resets by email

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 11:40:00

Adds the single-use tokens of invitation and password-reset links (stored as
sha256 hashes), the throttle on asking for reset links, and a flag on each user
who was invited and has not yet chosen a password.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'account_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=10), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('end_reason', sa.String(length=20), nullable=True),
        sa.CheckConstraint("purpose IN ('invite', 'reset')",
                           name=op.f('ck_account_token_purpose')),
        sa.CheckConstraint("end_reason IS NULL OR end_reason IN "
                           "('used', 'replaced', 'password_changed')",
                           name=op.f('ck_account_token_end_reason')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE',
                                name=op.f('fk_account_token_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_account_token_token_hash')),
    )
    with op.batch_alter_table('account_token') as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_user_id'), ['user_id'])
    op.create_table(
        'request_throttle',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_request_throttle')),
    )
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.add_column(sa.Column('awaiting_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_column('awaiting_password')
    op.drop_table('request_throttle')
    with op.batch_alter_table('account_token') as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_user_id'))
    op.drop_table('account_token')
