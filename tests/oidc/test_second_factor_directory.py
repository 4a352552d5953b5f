"""A directory sign-in is never asked for this service's second factor (the directory
has its own), even for an admin under REQUIRE_SECOND_FACTOR=admin; the same admin
signing in with a password is."""

from __future__ import annotations

from tests.db import create_office, create_user
from tests.helpers import sign_in
from tests.oidc.conftest import entra, sign_in_as

ROLE_MAP = "Assurance.Admin: {role: admin}\n"


def test_a_directory_admin_is_not_held_on_the_set_up_page(app, client, directory):
    app.config["REQUIRE_SECOND_FACTOR"] = "admin"
    directory.write_text(ROLE_MAP)
    admin = create_user(role="admin", email="boss@force.example.org", office=create_office())
    sign_in_as(client, app.config["OIDC_ISSUER"], "boss",
               entra("boss-oid", email="boss@force.example.org", roles=["Assurance.Admin"]))
    assert client.get("/").status_code == 200
    assert "Second factor" not in client.get("/account").get_data(as_text=True)
    client.post("/sign-out")
    sign_in(client, admin)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/second-factor"
