from tests import factories


def test_sign_in_then_home_greets_the_person(client, sign_in):
    user = factories.governor(name="Alex Governor")
    sign_in(user)
    response = client.get("/")
    assert response.status_code == 200
    assert "Alex Governor" in response.get_data(as_text=True)


def test_wrong_password_is_refused_with_a_field_error(client):
    user = factories.governor()
    response = client.post("/account/sign-in", data={"email": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
