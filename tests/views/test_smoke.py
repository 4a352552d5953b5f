from tests.helpers import sign_in


def test_sign_in_page_renders(client_request):
    page = client_request.get("auth.sign_in")
    assert page.h1.get_text(strip=True) == "Sign in"


def test_home_redirects_anonymous_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/")


def test_each_role_sees_its_home(client, client_request, admin, pcc, respondent):
    for user, heading in ((admin, "OPCC administration"), (pcc, "Assurance overview"),
                          (respondent, "Your tasks")):
        sign_in(client, user)
        page = client_request.get("main.home")
        assert page.h1.get_text(strip=True) == heading
        assert user.name in page.get_text()
        client.post("/sign-out")
