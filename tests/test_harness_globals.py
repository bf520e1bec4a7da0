"""Each test-client request stands alone, as requests to a real server do."""

from tests import factories


def test_two_people_in_one_test_each_see_their_own_home_page(app):
    first, second = factories.governor(name="Ada First"), factories.governor(name="Ben Second")
    ada, ben = app.test_client(), app.test_client()
    for client, person in ((ada, first), (ben, second)):
        response = client.post(
            "/account/sign-in",
            data={"email": person.email, "password": factories.TEST_PASSWORD},
        )
        assert response.status_code == 302
    assert "Ada First" in ada.get("/").get_data(as_text=True)
    ben_home = ben.get("/").get_data(as_text=True)
    assert "Ben Second" in ben_home and "Ada First" not in ben_home
