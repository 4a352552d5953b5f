"""notes_verdicts: whether a round's notes show the OPCC's verdicts

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notes_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_verdicts', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('notes_record', schema=None) as batch_op:
        batch_op.drop_column('show_verdicts')
