"""notes record: the editable notes of a round and their published versions

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 11:30:00

Adds the notes record of a round (its settings: ratings shown, how a list of gaps
is introduced), the parts of the notes an admin has edited, and the published
versions of the notes. Rounds closed or published before this revision get their
record the first time their notes are opened; their published notes are read
from the live data until a correction is published.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notes_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('show_ratings', sa.Boolean(), nullable=False),
        sa.Column('gaps_intro', sa.String(length=40), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['round.id'],
                                name=op.f('fk_notes_record_round_id_round')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notes_record')),
        sa.UniqueConstraint('round_id', name=op.f('uq_notes_record_round_id')),
    )
    op.create_table(
        'notes_part',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['record_id'], ['notes_record.id'],
                                name=op.f('fk_notes_part_record_id_notes_record')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_notes_part_updated_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notes_part')),
        sa.UniqueConstraint('record_id', 'key', name=op.f('uq_notes_part_record_id_key')),
    )
    with op.batch_alter_table('notes_part') as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_part_record_id'), ['record_id'], unique=False)
    op.create_table(
        'notes_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['round_id'], ['round.id'],
                                name=op.f('fk_notes_version_round_id_round')),
        sa.ForeignKeyConstraint(['published_by_id'], ['user_account.id'],
                                name=op.f('fk_notes_version_published_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notes_version')),
        sa.UniqueConstraint('round_id', 'number', name=op.f('uq_notes_version_round_id_number')),
    )
    with op.batch_alter_table('notes_version') as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_version_round_id'), ['round_id'], unique=False)


def downgrade():
    with op.batch_alter_table('notes_version') as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_version_round_id'))
    op.drop_table('notes_version')
    with op.batch_alter_table('notes_part') as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_part_record_id'))
    op.drop_table('notes_part')
    op.drop_table('notes_record')
