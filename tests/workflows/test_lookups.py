"""The rows the views look up (moved out of the views)."""

from __future__ import annotations

from models import Organisation, User, db
from tests.db import create_org, create_user
from workflows import lookups


def test_by_id_and_existing(app):
    beta, alpha = create_org(name="Beta"), create_org(name="Alpha")
    assert lookups.by_id(Organisation, alpha.id) is alpha
    assert lookups.by_id(Organisation, 999999) is None
    assert lookups.existing(Organisation, [beta.id, 999999, alpha.id]) == [beta, alpha]


def test_lists_in_name_order(app):
    beta, alpha = create_org(name="Beta"), create_org(name="Alpha")
    zed = create_user(role="admin", name="Zed")
    amy = create_user(role="respondent", name="Amy", org=alpha)
    assert lookups.organisations_by_name() == [alpha, beta]
    assert lookups.users_by_name() == [amy, zed]
    assert lookups.users_by_email() == sorted([amy, zed], key=lambda u: u.email)


def test_user_with_email_as_typed(app):
    user = create_user(role="admin", email="someone@example.org")
    assert lookups.user_with_email("  Someone@Example.org ") is user
    assert lookups.user_with_email("nobody@example.org") is None


def test_fresh_user_reads_the_row_as_stored(app):
    user = create_user(role="admin")
    db.session.commit()
    assert user.session_version != 7
    db.session.execute(db.update(User).where(User.id == user.id).values(session_version=7)
                       .execution_options(synchronize_session=False))
    assert user.session_version != 7  # the session's copy is stale
    assert lookups.fresh_user(user.id).session_version == 7
    assert lookups.fresh_user(999999) is None
