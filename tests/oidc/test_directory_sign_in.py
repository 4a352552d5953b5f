"""Signing in with the organisation's own accounts against a real OpenID provider:
first sign-in, linking by verified email, the role mapping, access requests, disabled
users, tenants, and bad responses refused with nothing signed in."""

from __future__ import annotations

from sqlalchemy import select

from models import AccessRequest, AuditEvent, User, UserIdentity, db
from tests.db import create_office, create_org, create_user
from tests.helpers import check_html
from tests.oidc.conftest import (
    TENANT,
    authorise,
    begin,
    entra,
    local,
    set_claims,
    sign_in_as,
    state_of,
    use_provider,
)

ROLE_MAP = """\
Assurance.Admin: {role: admin}
Assurance.PCC: {role: pcc}
Assurance.Respondent.WMP: {role: respondent, organisation: WMP}
11111111-group-wmp: {role: respondent, organisation: WMP}
"""


def signed_in_user(client) -> User | None:
    with client.session_transaction() as s:
        uid = s.get("_user_id")
    return db.session.get(User, int(uid.split(":")[0])) if uid else None


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def setup_map(directory, text: str = ROLE_MAP):
    office = create_office()
    org = create_org(name="West Mercia Police", code="WMP", office=office)
    directory.write_text(text)
    return org


def test_the_sign_in_page_offers_the_directory_and_the_password_form(client, directory):
    page = check_html(client.get("/sign-in").get_data(as_text=True))
    button = page.select_one("a.govuk-button--start")
    assert button.get_text(strip=True) == "Sign in with your force account"
    assert page.find("input", attrs={"name": "password"}) is not None


def test_oidc_only_hides_and_refuses_the_password_form(client, app, directory):
    app.config["OIDC_ONLY"] = True
    page = check_html(client.get("/sign-in").get_data(as_text=True))
    assert page.find("input", attrs={"name": "password"}) is None
    user = create_user(role="pcc")
    client.post("/sign-in", data={"email": user.email, "password": "correct horse battery"})
    assert signed_in_user(client) is None


def test_the_authorization_request_uses_pkce_state_and_nonce(client, directory):
    url = begin(client)
    query = url.split("?", 1)[1]
    for part in ("code_challenge=", "code_challenge_method=S256", "state=", "nonce=",
                 "scope=openid"):
        assert part in query, part


def test_first_sign_in_with_a_mapped_role_makes_the_user(client, directory):
    org = setup_map(directory)
    response = sign_in_as(client, directory_issuer(client), "sub-1",
                          entra("aaaa1111-oid", roles=["Assurance.Respondent.WMP"]))
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    user = signed_in_user(client)
    assert (user.role, user.organisation_id) == ("respondent", org.id)
    identity = db.session.scalar(select(UserIdentity))
    assert (identity.subject, identity.tenant, identity.user_id) == ("aaaa1111-oid", TENANT,
                                                                      user.id)
    [event] = events("auth.sign_in")
    assert event.detail["method"] == "oidc"


def directory_issuer(client) -> str:
    return client.application.config["OIDC_ISSUER"]


def test_each_role_is_mapped_from_app_roles_or_groups(client, directory):
    setup_map(directory)
    admin_here = create_user(role="admin", email="boss@force.example.org")
    issuer = directory_issuer(client)
    cases = [("pcc-sub", entra("pcc-oid", roles=["Assurance.PCC"]), "pcc"),
             ("grp-sub", entra("grp-oid", groups=["11111111-group-wmp"]), "respondent"),
             ("adm-sub", entra("adm-oid", email=admin_here.email, roles=["Assurance.Admin"]),
              "admin")]
    for sub, claims, role in cases:
        client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
        sign_in_as(client, issuer, sub, claims)
        assert signed_in_user(client).role == role, sub
        client.post("/sign-out")


def test_a_first_sign_in_never_makes_an_admin_by_itself(client, directory):
    setup_map(directory)
    response = sign_in_as(client, directory_issuer(client), "new-admin",
                          entra("new-admin-oid", roles=["Assurance.Admin"]))
    assert response.status_code == 403
    assert signed_in_user(client) is None
    assert db.session.scalar(select(AccessRequest)).reason == "unmapped"


def test_linking_to_an_existing_user_needs_a_verified_email(client, directory):
    setup_map(directory)
    existing = create_user(role="pcc", email="pcc@force.example.org")
    issuer = directory_issuer(client)
    sign_in_as(client, issuer, "unverified", entra("u-oid", email=existing.email,
                                                    email_verified=False))
    assert signed_in_user(client) is None  # not linked: an access request instead
    sign_in_as(client, issuer, "verified", entra("v-oid", email=existing.email))
    assert signed_in_user(client).id == existing.id
    assert db.session.scalar(select(UserIdentity.user_id).where(
        UserIdentity.subject == "v-oid")) == existing.id


def test_no_mapping_means_no_access_and_an_access_request(client, directory, admin):
    setup_map(directory)
    response = sign_in_as(client, directory_issuer(client), "nobody",
                          entra("nobody-oid", name="Pat Nobody"))
    assert response.status_code == 403
    assert "have not been given access" in response.get_data(as_text=True)
    assert signed_in_user(client) is None
    [waiting] = db.session.scalars(select(AccessRequest)).all()
    assert (waiting.name, waiting.status) == ("Pat Nobody", "waiting")


def test_group_overage_asks_for_an_app_role(client, directory):
    setup_map(directory)
    claims = entra("many-oid", _claim_names={"groups": "src1"},
                   _claim_sources={"src1": {"endpoint": "https://graph.example/x"}})
    response = sign_in_as(client, directory_issuer(client), "many", claims)
    assert response.status_code == 403
    assert "app roles" in response.get_data(as_text=True)


def test_a_role_removed_in_the_directory_is_removed_here(client, directory):
    setup_map(directory)
    issuer = directory_issuer(client)
    sign_in_as(client, issuer, "mover", entra("mover-oid", roles=["Assurance.PCC"]))
    user = signed_in_user(client)
    version = user.session_version
    client.post("/sign-out")
    response = sign_in_as(client, issuer, "mover", entra("mover-oid", roles=[]))
    assert response.status_code == 403 and signed_in_user(client) is None
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version > version  # signed out everywhere
    assert db.session.scalar(select(AccessRequest)).reason == "removed"


def test_a_user_disabled_here_stays_disabled(client, directory):
    setup_map(directory)
    issuer = directory_issuer(client)
    sign_in_as(client, issuer, "leaver", entra("leaver-oid", roles=["Assurance.PCC"]))
    user = signed_in_user(client)
    client.post("/sign-out")
    user.active = False
    db.session.commit()
    response = sign_in_as(client, issuer, "leaver", entra("leaver-oid", roles=["Assurance.PCC"]))
    assert response.status_code == 403 and signed_in_user(client) is None
    assert "disabled" in response.get_data(as_text=True)


def test_a_tenant_not_allowed_is_refused(client, app, directory):
    setup_map(directory)
    app.config["OIDC_ALLOWED_TENANTS"] = ["another-tenant"]
    response = sign_in_as(client, directory_issuer(client), "t",
                          entra("t-oid", roles=["Assurance.PCC"]))
    assert response.status_code == 403 and signed_in_user(client) is None
    assert events("auth.sign_in_refused")[-1].detail["reason"] == "tenant"


def test_an_unknown_state_is_refused(client, directory):
    setup_map(directory)
    set_claims(directory_issuer(client), "s", entra("s-oid", roles=["Assurance.PCC"]))
    callback = authorise(begin(client), "s")
    forged = callback.replace(f"state={state_of(callback)}", "state=forged-state")
    response = client.get(local(forged))
    assert response.status_code == 400 and signed_in_user(client) is None
    assert events("auth.sign_in") == []


def test_a_reused_code_is_refused(client, directory):
    setup_map(directory)
    issuer = directory_issuer(client)
    set_claims(issuer, "r", entra("r-oid", roles=["Assurance.PCC"]))
    first = authorise(begin(client), "r")
    assert client.get(local(first)).status_code == 302
    client.post("/sign-out")
    second = authorise(begin(client), "r")  # a new state in this session ...
    replay = second.replace(second.split("code=")[1].split("&")[0],
                            first.split("code=")[1].split("&")[0])  # ... with the used code
    response = client.get(local(replay))
    assert response.status_code == 400 and signed_in_user(client) is None


def test_a_wrong_nonce_is_refused(client, directory):
    setup_map(directory)
    set_claims(directory_issuer(client), "n", entra("n-oid", roles=["Assurance.PCC"]))
    callback = authorise(begin(client), "n")
    key = f"_state_directory_{state_of(callback)}"
    with client.session_transaction() as s:
        kept = s[key]
        assert kept["data"]["nonce"]
        kept["data"]["nonce"] = "not-the-nonce-sent"
        s[key] = kept
        s.modified = True
    response = client.get(local(callback))
    assert response.status_code == 400 and signed_in_user(client) is None


def test_a_token_for_another_audience_is_refused(client, directory):
    setup_map(directory)
    set_claims(directory_issuer(client), "a", entra("a-oid", roles=["Assurance.PCC"]))
    url = begin(client).replace("client_id=assurance-test", "client_id=someone-else")
    response = client.get(local(authorise(url, "a")))
    assert response.status_code == 400 and signed_in_user(client) is None


def test_an_expired_token_is_refused(client, app, expired_provider, tmp_path):
    role_map = tmp_path / "roles.yaml"
    use_provider(app, expired_provider, OIDC_ROLE_MAP=str(role_map))
    setup_map(role_map)
    response = sign_in_as(client, expired_provider, "e", entra("e-oid", roles=["Assurance.PCC"]))
    assert response.status_code == 400 and signed_in_user(client) is None


def test_a_signature_from_other_keys_is_refused(client, app, directory, other_provider):
    setup_map(directory)
    oauth_client = app.extensions["directory_oauth"].create_client("directory")
    with app.test_request_context():
        metadata = oauth_client.load_server_metadata()
    metadata["jwks_uri"] = f"{other_provider}/jwks"  # keys that did not sign the token
    metadata.pop("jwks", None)
    response = sign_in_as(client, directory_issuer(client), "sig",
                          entra("sig-oid", roles=["Assurance.PCC"]))
    assert response.status_code == 400 and signed_in_user(client) is None


def test_rotated_keys_are_fetched_again(client, app, directory, other_provider):
    setup_map(directory)
    oauth_client = app.extensions["directory_oauth"].create_client("directory")
    with app.test_request_context():
        metadata = oauth_client.load_server_metadata()
    metadata["jwks"] = requests_get_json(f"{other_provider}/jwks")  # old keys, cached
    response = sign_in_as(client, directory_issuer(client), "rot",
                          entra("rot-oid", roles=["Assurance.PCC"]))
    assert response.status_code == 302 and signed_in_user(client) is not None


def requests_get_json(url: str) -> dict:
    import requests

    return requests.get(url, timeout=5).json()


def test_sign_out_ends_the_session_at_the_provider_too(client, directory):
    setup_map(directory)
    sign_in_as(client, directory_issuer(client), "out", entra("out-oid", roles=["Assurance.PCC"]))
    response = client.post("/sign-out")
    assert response.headers["Location"].startswith(directory_issuer(client) + "/oauth2/end_session")
    assert "id_token_hint=" in response.headers["Location"]
    assert signed_in_user(client) is None
