"""offices: several OPCCs on one service

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:00:00

Adds the office (the tenant) and puts every organisation, admin and PCC user,
respondent, questionnaire, round and audit event into one. A database that
already holds data gets one office, made from its first OPCC organisation (or,
with none, a new office named for the OPCC); nothing is lost or renamed. An
empty database gets no office: the first one is made with `flask offices create`
or `flask demo`.

Organisation names and codes, and questionnaire keys, become unique within an
office instead of across the service. The role `service_admin` (no office) is
allowed.
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

NEW_OFFICE_NAME = "Office of the Police and Crime Commissioner"
NEW_OFFICE_CODE = "OPCC"
SCOPED = ("organisation", "questionnaire", "round", "audit_event")


def _add_columns() -> None:
    for table in SCOPED + ("user_account",):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('office_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('questionnaire') as batch_op:
        batch_op.add_column(sa.Column('library_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('adopted_from_id', sa.Integer(), nullable=True))


def _office_for_existing_data(conn) -> int | None:
    """The office every existing row goes into, or None when there is nothing to put."""
    has_data = any(conn.execute(sa.text(f"SELECT 1 FROM {t} LIMIT 1")).first()
                   for t in ("organisation", "user_account", "questionnaire", "round"))
    if not has_data:
        return None
    opcc = conn.execute(sa.text(
        "SELECT name, code FROM organisation WHERE kind = 'opcc' ORDER BY id LIMIT 1")).first()
    name, code = (opcc[0], opcc[1] or NEW_OFFICE_CODE) if opcc else (NEW_OFFICE_NAME,
                                                                     NEW_OFFICE_CODE)
    conn.execute(sa.text(
        "INSERT INTO office (name, code, benchmark_opt_in, created_at) "
        "VALUES (:name, :code, :no, CURRENT_TIMESTAMP)"), {"name": name, "code": code, "no": False})
    return conn.execute(sa.text("SELECT id FROM office WHERE code = :code"),
                        {"code": code}).scalar_one()


def _fill(conn, office_id: int) -> None:
    for table in SCOPED:
        conn.execute(sa.text(f"UPDATE {table} SET office_id = :office"), {"office": office_id})
    conn.execute(sa.text("UPDATE user_account SET office_id = :office"), {"office": office_id})


def _constrain() -> None:
    with op.batch_alter_table('organisation') as batch_op:
        batch_op.alter_column('office_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_organisation_code'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_organisation_name'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_organisation_office_id_name'), ['office_id', 'name'])
        batch_op.create_unique_constraint(
            batch_op.f('uq_organisation_office_id_code'), ['office_id', 'code'])
        batch_op.create_foreign_key(batch_op.f('fk_organisation_office_id_office'), 'office',
                                    ['office_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_organisation_office_id'), ['office_id'])
    with op.batch_alter_table('questionnaire') as batch_op:
        batch_op.alter_column('office_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_questionnaire_key'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_questionnaire_office_id_key'), ['office_id', 'key'])
        batch_op.create_foreign_key(batch_op.f('fk_questionnaire_office_id_office'), 'office',
                                    ['office_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_questionnaire_adopted_from_id_questionnaire'),
                                    'questionnaire', ['adopted_from_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_questionnaire_office_id'), ['office_id'])
    with op.batch_alter_table('round') as batch_op:
        batch_op.alter_column('office_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_round_office_id_office'), 'office',
                                    ['office_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_round_office_id'), ['office_id'])
    with op.batch_alter_table('audit_event') as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_audit_event_office_id_office'), 'office',
                                    ['office_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_audit_event_office_id'), ['office_id'])
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_account_role'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_user_account_role'),
            "role IN ('admin', 'pcc', 'respondent', 'service_admin')")
        batch_op.create_check_constraint(
            batch_op.f('ck_user_account_office'),
            "role = 'service_admin' OR office_id IS NOT NULL")
        batch_op.create_check_constraint(
            batch_op.f('ck_user_account_service_office'),
            "role <> 'service_admin' OR office_id IS NULL")
        batch_op.create_foreign_key(batch_op.f('fk_user_account_office_id_office'), 'office',
                                    ['office_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_user_account_office_id'), ['office_id'])


def upgrade():
    op.create_table('office',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('benchmark_opt_in', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office')),
    sa.UniqueConstraint('code', name=op.f('uq_office_code')),
    sa.UniqueConstraint('name', name=op.f('uq_office_name'))
    )
    _add_columns()
    conn = op.get_bind()
    office_id = _office_for_existing_data(conn)
    if office_id is not None:
        _fill(conn, office_id)
    _constrain()


def downgrade():
    # Only a one-office database can go back: names and codes were unique across the
    # service before, and the office itself has nowhere to go.
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT COUNT(*) FROM office")).scalar_one() > 1:
        raise RuntimeError("several offices: this database cannot go back before 0003")
    if conn.execute(sa.text(
            "SELECT 1 FROM user_account WHERE role = 'service_admin' LIMIT 1")).first():
        raise RuntimeError("service administrators exist: remove them before going back")
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_office_id'))
        batch_op.drop_constraint(batch_op.f('fk_user_account_office_id_office'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('ck_user_account_service_office'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_user_account_office'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_user_account_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_user_account_role'),
                                         "role IN ('admin', 'pcc', 'respondent')")
        batch_op.drop_column('office_id')
    with op.batch_alter_table('audit_event') as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_office_id'))
        batch_op.drop_constraint(batch_op.f('fk_audit_event_office_id_office'),
                                 type_='foreignkey')
        batch_op.drop_column('office_id')
    with op.batch_alter_table('round') as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_office_id'))
        batch_op.drop_constraint(batch_op.f('fk_round_office_id_office'), type_='foreignkey')
        batch_op.drop_column('office_id')
    with op.batch_alter_table('questionnaire') as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_office_id'))
        batch_op.drop_constraint(batch_op.f('fk_questionnaire_adopted_from_id_questionnaire'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_questionnaire_office_id_office'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_questionnaire_office_id_key'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_questionnaire_key'), ['key'])
        batch_op.drop_column('adopted_from_id')
        batch_op.drop_column('library_at')
        batch_op.drop_column('office_id')
    with op.batch_alter_table('organisation') as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_office_id'))
        batch_op.drop_constraint(batch_op.f('fk_organisation_office_id_office'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_organisation_office_id_code'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_organisation_office_id_name'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_organisation_name'), ['name'])
        batch_op.create_unique_constraint(batch_op.f('uq_organisation_code'), ['code'])
        batch_op.drop_column('office_id')
    op.drop_table('office')
