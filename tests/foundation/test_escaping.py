"""What people type is shown back as text, never run as markup, in every component."""

from tests import factories

ATTACK = '"><script>alert(1)</script>'


def test_a_typed_value_echoed_into_an_nhs_input_is_escaped(client):
    response = client.post("/account/sign-in", data={"email": ATTACK, "password": ""})
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_a_name_shown_in_the_header_is_escaped(client, sign_in):
    person = factories.governor(name="<b>Bold</b> Governor")
    sign_in(person)
    html = client.get("/").get_data(as_text=True)
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; Governor" in html
