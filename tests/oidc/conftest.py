"""A real OpenID provider on loopback (oidc-provider-mock, in a thread) for the
directory sign-in tests, and the steps of a sign-in as a browser takes them."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

provider_mock = pytest.importorskip("oidc_provider_mock",
                                    reason="oidc-provider-mock is not installed")
requests = pytest.importorskip("requests", reason="requests is not installed")

CLIENT_ID = "assurance-test"
TENANT = "4f9c0d3e-0000-4000-8000-00000000e17a"


@pytest.fixture(scope="session")
def provider():
    """The provider's base address (its issuer)."""
    with provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="session")
def expired_provider():
    """A provider whose ID tokens expired ten minutes before they were issued."""
    with provider_mock.run_server_in_thread(
            access_token_max_age=timedelta(minutes=-10)) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="session")
def other_provider():
    """Another provider: its own signing keys."""
    with provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def use_provider(app, issuer: str, **settings) -> None:
    from views.oidc import init_oidc

    app.config.update(OIDC_ISSUER=issuer, OIDC_CLIENT_ID=CLIENT_ID,
                      OIDC_CLIENT_SECRET="not-checked-by-the-mock", **settings)
    init_oidc(app)


@pytest.fixture
def directory(app, provider, tmp_path):
    """The app signing in through the provider, with a role map file."""
    role_map = tmp_path / "roles.yaml"
    use_provider(app, provider, OIDC_ROLE_MAP=str(role_map))
    return role_map


def set_claims(issuer: str, sub: str, claims: dict) -> None:
    response = requests.put(f"{issuer}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204, response.text


def begin(client) -> str:
    """Press the sign-in button: the provider's authorization address."""
    response = client.get("/sign-in/directory")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def authorise(authorize_url: str, sub: str) -> str:
    """Choose the account on the provider's form: our callback address with the code."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False,
                             timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sign_in_as(client, issuer: str, sub: str, claims: dict):
    set_claims(issuer, sub, claims)
    return client.get(local(authorise(begin(client), sub)))


def state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["state"][0]


def entra(oid: str, **claims) -> dict:
    """Claims shaped as Microsoft Entra ID sends them."""
    return {"oid": oid, "tid": TENANT, "name": claims.pop("name", "Sam Example"),
            "email": claims.pop("email", f"{oid[:8]}@force.example.org"),
            "email_verified": claims.pop("email_verified", True), **claims}
