"""pending input: form input posted after the session ended

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 04:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_input',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.String(length=63), nullable=False),
    sa.Column('base_revision', sa.Integer(), nullable=True),
    sa.Column('form_data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_pending_input_response_id_response')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pending_input_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_input')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_pending_input_token_hash'))
    )
    with op.batch_alter_table('pending_input', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_input_response_id'), ['response_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_input_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_input', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_input_user_id'))
        batch_op.drop_index(batch_op.f('ix_pending_input_response_id'))

    op.drop_table('pending_input')
