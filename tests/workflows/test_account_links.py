"""Accounts by email (issue 13): invitation and reset tokens live once, die on use, on
expiry, when a newer one is issued and when the password changes; reset requests say
nothing about the address and are throttled per address and per client."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, text

from forms.format import dates
from models import AccountToken, AuditEvent, User, db, utcnow
from tests.db import PASSWORD, create_org, create_user
from tests.mail_links import latest_link, messages_to
from workflows import account_links, accounts
from workflows.account_links import LinkError

NEW = "a brand new passphrase"


@pytest.fixture(autouse=True)
def quick_resets(app):
    app.config["RESET_REQUEST_SECONDS"] = 0  # its own test below


def invited(admin, email="nia@force.example.org") -> User:
    return accounts.create_user(email=email, name="Nia Lead", role="respondent",
                                org=create_org(), by=admin)


def token_of(address: str, kind: str) -> str:
    return latest_link(address, kind).rsplit("/", 1)[1]


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def signs_in(user: User, password: str) -> bool:
    return accounts.authenticate(user.email, password).user is not None


# --- invitations ----------------------------------------------------------------------


def test_a_user_added_without_a_password_is_invited_and_cannot_sign_in_yet(app, admin):
    user = invited(admin)
    assert user.awaiting_password
    [message] = messages_to(user.email, "account.invite")
    url = latest_link(user.email, "account.invite", path_only=False)
    assert url.startswith(app.config["PUBLIC_URL"] + "/account/invitation/")
    expires = db.session.scalar(select(AccountToken.expires_at))
    assert expires - db.session.scalar(select(AccountToken.created_at)) == timedelta(hours=72)
    assert "Nia Lead" in message.body_text
    assert f"until {dates.date_and_12h_time(expires)}" in message.body_text
    assert not signs_in(user, PASSWORD) and not signs_in(user, "")
    assert "account.invite_sent" in actions()


def test_tokens_are_stored_hashed(app, admin):
    user = invited(admin)
    token = token_of(user.email, "account.invite")
    assert len(token) >= 43
    stored = db.session.execute(text("SELECT token_hash FROM account_token")).scalars().all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64


def test_an_invitation_sets_the_password_once(app, admin):
    user = invited(admin)
    token = token_of(user.email, "account.invite")
    account_links.choose_password(token, "invite", NEW)
    db.session.refresh(user)
    assert signs_in(user, NEW) and not user.awaiting_password
    with pytest.raises(LinkError) as refused:
        account_links.choose_password(token, "invite", "another new passphrase")
    assert refused.value.problem == "used"
    assert signs_in(user, NEW)
    assert "account.password_set" in actions()


def test_a_password_breaking_the_rules_is_refused_and_the_link_still_works(app, admin):
    user = invited(admin)
    token = token_of(user.email, "account.invite")
    with pytest.raises(accounts.AccountError, match="8 characters or more"):
        account_links.choose_password(token, "invite", "short")
    account_links.choose_password(token, "invite", NEW)
    assert signs_in(user, NEW)


def test_an_invitation_expires_after_72_hours(app, admin):
    user = invited(admin)
    token = token_of(user.email, "account.invite")
    issued = db.session.scalar(select(AccountToken.created_at))
    with pytest.raises(LinkError) as refused:
        account_links.choose_password(token, "invite", NEW, now=issued + timedelta(hours=72))
    assert refused.value.problem == "expired"
    account_links.choose_password(token, "invite", NEW,
                                  now=issued + timedelta(hours=71, minutes=59))
    assert signs_in(user, NEW)


def test_a_new_invitation_kills_the_old_one(app, admin):
    user = invited(admin)
    old = token_of(user.email, "account.invite")
    account_links.resend_invitation(user, by=admin)
    new = token_of(user.email, "account.invite")
    assert old != new and len(messages_to(user.email, "account.invite")) == 2
    with pytest.raises(LinkError) as refused:
        account_links.choose_password(old, "invite", NEW)
    assert refused.value.problem == "replaced"
    account_links.choose_password(new, "invite", NEW)
    assert signs_in(user, NEW)


def test_no_new_invitation_once_a_password_is_chosen_or_for_another_office(app, admin):
    from tests.db import create_office

    user = invited(admin)
    account_links.choose_password(token_of(user.email, "account.invite"), "invite", NEW)
    with pytest.raises(accounts.AccountError, match="already chosen a password"):
        account_links.resend_invitation(user, by=admin)
    stranger = create_user(role="admin", office=create_office(name="Far OPCC", code="FAR"))
    with pytest.raises(PermissionError):
        account_links.resend_invitation(invited(admin, "second@example.org"), by=stranger)


def test_the_command_line_still_sets_a_password_and_sends_no_invitation(app):
    user = accounts.create_user(email="first@example.org", name="First", role="admin",
                                password=PASSWORD)
    assert signs_in(user, PASSWORD) and not user.awaiting_password
    assert messages_to(user.email) == []


def test_a_disabled_users_link_no_longer_works(app, admin):
    user = invited(admin)
    token = token_of(user.email, "account.invite")
    accounts.disable_user(user, by=admin)
    with pytest.raises(LinkError) as refused:
        account_links.choose_password(token, "invite", NEW)
    assert refused.value.problem == "disabled"


# --- resets ---------------------------------------------------------------------------


def test_a_reset_link_changes_the_password_ends_sessions_and_tells_the_user(app, respondent):
    version = respondent.session_version
    assert account_links.request_reset(respondent.email.upper(), client="10.0.0.1") == \
        account_links.ResetRequest()
    url = latest_link(respondent.email, "account.reset", path_only=False)
    assert url.startswith(app.config["PUBLIC_URL"] + "/account/reset-password/")
    account_links.choose_password(urlsplit(url).path.rsplit("/", 1)[1], "reset", NEW)
    db.session.refresh(respondent)
    assert respondent.session_version == version + 1
    assert signs_in(respondent, NEW) and not signs_in(respondent, PASSWORD)
    [told] = messages_to(respondent.email, "account.password_changed")
    assert "signed out" in told.body_text
    assert {"account.reset_requested", "account.reset_done"} <= set(actions())


def test_a_reset_link_lasts_an_hour_and_works_once(app, respondent):
    account_links.request_reset(respondent.email, client="10.0.0.1")
    token = token_of(respondent.email, "account.reset")
    issued = db.session.scalar(select(AccountToken.created_at))
    with pytest.raises(LinkError) as refused:
        account_links.choose_password(token, "reset", NEW, now=issued + timedelta(minutes=61))
    assert refused.value.problem == "expired"
    account_links.choose_password(token, "reset", NEW, now=issued + timedelta(minutes=59))
    with pytest.raises(LinkError) as again:
        account_links.choose_password(token, "reset", "yet another passphrase")
    assert again.value.problem == "used"


def test_an_invitation_token_is_not_a_reset_token(app, admin):
    user = invited(admin)
    with pytest.raises(LinkError) as refused:
        account_links.choose_password(token_of(user.email, "account.invite"), "reset", NEW)
    assert refused.value.problem == "unknown"


def test_a_newer_reset_link_or_a_password_change_kills_the_older_link(app, respondent):
    account_links.request_reset(respondent.email, client="10.0.0.1")
    first = token_of(respondent.email, "account.reset")
    account_links.request_reset(respondent.email, client="10.0.0.1")
    second = token_of(respondent.email, "account.reset")
    with pytest.raises(LinkError, match="replaced"):
        account_links.choose_password(first, "reset", NEW)
    accounts.change_password(respondent, current=PASSWORD, new=NEW)
    with pytest.raises(LinkError, match="password_changed"):
        account_links.choose_password(second, "reset", "yet another passphrase")
    assert len(messages_to(respondent.email, "account.password_changed")) == 1


def test_an_unknown_address_gets_the_same_answer_and_no_message(app, respondent):
    known = account_links.request_reset(respondent.email, client="10.0.0.1")
    unknown = account_links.request_reset("nobody@example.org", client="10.0.0.2")
    assert known == unknown == account_links.ResetRequest()
    assert messages_to("nobody@example.org") == []
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "account.reset_requested").order_by(AuditEvent.id)).all()[-1]
    assert (event.actor, event.detail["sent"]) == ("nobody@example.org", False)


def test_known_and_unknown_addresses_take_at_least_the_same_time(app, respondent):
    app.config["RESET_REQUEST_SECONDS"] = 0.3
    for address in (respondent.email, "nobody@example.org"):
        started = time.monotonic()
        account_links.request_reset(address, client="10.0.0.1")
        assert time.monotonic() - started >= 0.3


def test_resets_are_throttled_per_address_without_saying_so(app, respondent):
    app.config["RESET_MAX_PER_ADDRESS"] = 3
    now = utcnow()
    for n in range(5):
        result = account_links.request_reset(respondent.email, client=f"10.0.0.{n}", now=now)
        assert result == account_links.ResetRequest()
    assert len(messages_to(respondent.email, "account.reset")) == 3
    later = now + timedelta(minutes=app.config["RESET_WINDOW_MINUTES"])
    account_links.request_reset(respondent.email, client="10.0.0.9", now=later)
    assert len(messages_to(respondent.email, "account.reset")) == 4


def test_resets_are_throttled_per_client(app, respondent):
    app.config["RESET_MAX_PER_CLIENT"] = 2
    now = utcnow()
    results = [account_links.request_reset(f"someone{n}@example.org", client="10.0.0.1",
                                           now=now).client_limited for n in range(3)]
    assert results == [False, False, True]
    assert not account_links.request_reset(respondent.email, client="10.0.0.2",
                                           now=now).client_limited
    assert "account.reset_refused" in actions()
    later = now + timedelta(minutes=app.config["RESET_WINDOW_MINUTES"])
    assert not account_links.request_reset("x@example.org", client="10.0.0.1",
                                           now=later).client_limited


def test_a_disabled_account_gets_no_reset_link(app, admin, respondent):
    accounts.disable_user(respondent, by=admin)
    account_links.request_reset(respondent.email, client="10.0.0.1")
    assert messages_to(respondent.email, "account.reset") == []
