"""the register of actions and recommendations, and HMICFRS reports

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

STATUSES = "('open', 'in_progress', 'completed', 'closed', 'superseded')"
SOURCES = "('meeting', 'recommendation', 'afi', 'cause', 'audit', 'other')"
TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        'hmicfrs_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('published_on', sa.Date(), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=True),
        sa.Column('cc_requested_at', TZ, nullable=True),
        sa.Column('cc_deadline', sa.Date(), nullable=True),
        sa.Column('cc_comments', sa.Text(), nullable=True),
        sa.Column('response_intro', sa.Text(), nullable=True),
        sa.Column('response_published_at', TZ, nullable=True),
        sa.Column('created_at', TZ, nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['office_id'], ['office.id'],
                                name=op.f('fk_hmicfrs_report_office_id_office')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_hmicfrs_report_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_hmicfrs_report_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hmicfrs_report')),
    )
    with op.batch_alter_table('hmicfrs_report') as batch_op:
        batch_op.create_index(batch_op.f('ix_hmicfrs_report_office_id'), ['office_id'])
        batch_op.create_index(batch_op.f('ix_hmicfrs_report_organisation_id'),
                              ['organisation_id'])

    op.create_table(
        'action_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('reference', sa.String(length=200), nullable=True),
        sa.Column('report_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('owner', sa.String(length=200), nullable=True),
        sa.Column('due_date', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('questionnaire_key', sa.String(length=63), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.Column('response_comment', sa.Text(), nullable=True),
        sa.Column('closed_at', TZ, nullable=True),
        sa.Column('closed_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', TZ, nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', TZ, nullable=False),
        sa.CheckConstraint(f"status IN {STATUSES}", name=op.f('ck_action_item_status')),
        sa.CheckConstraint(f"source IN {SOURCES}", name=op.f('ck_action_item_source')),
        sa.CheckConstraint("status <> 'closed' OR closed_at IS NOT NULL",
                           name=op.f('ck_action_item_closed_at')),
        sa.ForeignKeyConstraint(['office_id'], ['office.id'],
                                name=op.f('fk_action_item_office_id_office')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_action_item_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['report_id'], ['hmicfrs_report.id'],
                                name=op.f('fk_action_item_report_id_hmicfrs_report')),
        sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'],
                                name=op.f('fk_action_item_closed_by_id_user_account')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_action_item_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_action_item')),
    )
    with op.batch_alter_table('action_item') as batch_op:
        for column in ('office_id', 'organisation_id', 'report_id', 'questionnaire_key'):
            batch_op.create_index(batch_op.f(f'ix_action_item_{column}'), [column])

    op.create_table(
        'action_update',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status_before', sa.String(length=12), nullable=True),
        sa.Column('status_after', sa.String(length=12), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('at', TZ, nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=True),
        sa.Column('by_name', sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(['item_id'], ['action_item.id'],
                                name=op.f('fk_action_update_item_id_action_item')),
        sa.ForeignKeyConstraint(['by_id'], ['user_account.id'],
                                name=op.f('fk_action_update_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_action_update')),
    )
    with op.batch_alter_table('action_update') as batch_op:
        batch_op.create_index(batch_op.f('ix_action_update_item_id'), ['item_id'])

    op.create_table(
        'action_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('questionnaire_key', sa.String(length=63), nullable=True),
        sa.Column('question_id', sa.String(length=63), nullable=True),
        sa.Column('gap_id', sa.Integer(), nullable=True),
        sa.Column('round_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('question', 'gap', 'round')",
                           name=op.f('ck_action_link_kind')),
        sa.CheckConstraint("kind <> 'question' OR question_id IS NOT NULL",
                           name=op.f('ck_action_link_question')),
        sa.CheckConstraint("kind <> 'gap' OR gap_id IS NOT NULL", name=op.f('ck_action_link_gap')),
        sa.CheckConstraint("kind <> 'round' OR round_id IS NOT NULL",
                           name=op.f('ck_action_link_round')),
        sa.ForeignKeyConstraint(['item_id'], ['action_item.id'],
                                name=op.f('fk_action_link_item_id_action_item')),
        sa.ForeignKeyConstraint(['gap_id'], ['gap.id'], name=op.f('fk_action_link_gap_id_gap')),
        sa.ForeignKeyConstraint(['round_id'], ['round.id'],
                                name=op.f('fk_action_link_round_id_round')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_action_link')),
    )
    with op.batch_alter_table('action_link') as batch_op:
        for column in ('item_id', 'gap_id', 'round_id'):
            batch_op.create_index(batch_op.f(f'ix_action_link_{column}'), [column])


def downgrade():
    op.drop_table('action_link')
    op.drop_table('action_update')
    op.drop_table('action_item')
    op.drop_table('hmicfrs_report')
