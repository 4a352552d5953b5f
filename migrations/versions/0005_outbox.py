"""outbox: email messages, and each user's choice of messages

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 11:30:00

Adds the outbox (one row per email, written in the same transaction as the
change that causes it) and two settings per user: how reminders and routine
messages reach them (each as it happens, one daily digest, or not at all).
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

STATUSES = "('queued', 'sending', 'sent', 'failed', 'held', 'digested')"
CHOICES = "('each', 'digest', 'off')"


def upgrade():
    op.create_table(
        'outbox_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=60), nullable=False),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('to_user_id', sa.Integer(), nullable=True),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body_text', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('context_json', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_by', sa.String(length=100), nullable=True),
        sa.Column('dedupe_key', sa.String(length=200), nullable=True),
        sa.Column('digest_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(f'status IN {STATUSES}', name=op.f('ck_outbox_message_status')),
        sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_message_attempts')),
        sa.ForeignKeyConstraint(['office_id'], ['office.id'],
                                name=op.f('fk_outbox_message_office_id_office')),
        sa.ForeignKeyConstraint(['to_user_id'], ['user_account.id'], ondelete='SET NULL',
                                name=op.f('fk_outbox_message_to_user_id_user_account')),
        sa.ForeignKeyConstraint(['digest_id'], ['outbox_message.id'], ondelete='SET NULL',
                                name=op.f('fk_outbox_message_digest_id_outbox_message')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
        sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_message_dedupe_key')),
    )
    with op.batch_alter_table('outbox_message') as batch_op:
        for column in ('office_id', 'to_user_id', 'due_at', 'status', 'digest_id'):
            batch_op.create_index(batch_op.f(f'ix_outbox_message_{column}'), [column])
    with op.batch_alter_table('user_account') as batch_op:
        for column in ('mail_reminders', 'mail_routine'):
            batch_op.add_column(sa.Column(column, sa.String(length=10), nullable=False,
                                          server_default='each'))
            batch_op.create_check_constraint(op.f(f'ck_user_account_{column}'),
                                            f'{column} IN {CHOICES}')


def downgrade():
    with op.batch_alter_table('user_account') as batch_op:
        for column in ('mail_reminders', 'mail_routine'):
            batch_op.drop_constraint(op.f(f'ck_user_account_{column}'), type_='check')
            batch_op.drop_column(column)
    with op.batch_alter_table('outbox_message') as batch_op:
        for column in ('office_id', 'to_user_id', 'due_at', 'status', 'digest_id'):
            batch_op.drop_index(batch_op.f(f'ix_outbox_message_{column}'))
    op.drop_table('outbox_message')
