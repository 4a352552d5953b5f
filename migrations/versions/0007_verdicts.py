"""verdicts: the OPCC's assurance verdicts on sections and questions of a response

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 11:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

LEVELS = ('assured', 'partly_assured', 'not_assured')
SOURCES = ('force', 'opcc', 'hmicfrs', 'internal_audit', 'other')
STATUSES = ('recorded', 'signed_off')


def upgrade():
    op.create_table('verdict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.String(length=63), nullable=False),
    sa.Column('question_id', sa.String(length=63), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('edits', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_off_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint(f"level IN {LEVELS}", name=op.f('ck_verdict_level')),
    sa.CheckConstraint(f"source IN {SOURCES}", name=op.f('ck_verdict_source')),
    sa.CheckConstraint(f"status IN {STATUSES}", name=op.f('ck_verdict_status')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_verdict_version')),
    sa.CheckConstraint("status <> 'signed_off' OR signed_off_at IS NOT NULL",
                       name=op.f('ck_verdict_signed_off_at')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_verdict_response_id_response')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_verdict_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['signed_off_by_id'], ['user_account.id'], name=op.f('fk_verdict_signed_off_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verdict')),
    sa.UniqueConstraint('response_id', 'section_id', 'question_id', 'version',
                        name=op.f('uq_verdict_response_id')),
    )
    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verdict_response_id'), ['response_id'], unique=False)


def downgrade():
    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verdict_response_id'))
    op.drop_table('verdict')
