"""Signing in with the organisation's account in Chromium, through a real OpenID
provider's own form (oidc-provider-mock on loopback)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import check_axe, follow
from tests.db import create_office, create_org

pytestmark = pytest.mark.browser

provider_mock = pytest.importorskip("oidc_provider_mock",
                                    reason="oidc-provider-mock is not installed")


@pytest.fixture
def provider():
    with provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def test_sign_in_through_the_providers_form(page, serve, provider, tmp_path):
    import requests

    office = create_office()
    create_org(name="West Mercia Police", code="WMP", office=office)
    role_map = tmp_path / "roles.yaml"
    role_map.write_text("Assurance.Respondent.WMP: {role: respondent, organisation: WMP}\n")
    base = serve(OIDC_ISSUER=provider, OIDC_CLIENT_ID="assurance-browser",
                 OIDC_CLIENT_SECRET="x", OIDC_ROLE_MAP=str(role_map))
    requests.put(f"{provider}/users/jo", timeout=5, json={
        "oid": "jo-oid", "name": "Jo Respondent", "email": "jo@force.example.org",
        "email_verified": True, "roles": ["Assurance.Respondent.WMP"]})
    page.goto(f"{base}/sign-in")
    check_axe(page)
    follow(page, page.get_by_role("button", name="Sign in with your force account"))
    assert page.url.startswith(provider)
    page.fill("input[name=sub]", "jo")
    follow(page, page.get_by_role("button", name="Authorize"))
    page.wait_for_url(f"{base}/")
    assert "Jo Respondent" in page.locator("header").inner_text()
    check_axe(page)
