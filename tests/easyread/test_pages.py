"""The easy-read page of a meeting, and its PDF: from the latest published agenda only."""

from __future__ import annotations

import pytest

from governors.agendas import services as agendas
from governors.extensions import db
from governors.people.models import Role
from tests import factories
from tests.easyread.conftest import CANARY, pdf_pages

pytestmark = pytest.mark.clock("2027-01-10T12:00:00+00:00")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_a_governor_reads_every_item_in_order_with_what_is_asked_and_a_summary(
    client, sign_in, meeting, published
):
    sign_in(factories.governor())
    page = _page(client, f"/meetings/{meeting.id}/easy-read")
    assert "What this meeting is about" in page
    order = [
        page.index(title)
        for title in ("Quality report", "Car parking for carers", "Membership plan")
    ]
    assert order == sorted(order)
    # The cover sheet's words, not the long description, when there is a cover sheet.
    assert "Governors are asked to note what the" in page
    assert "The long description of the quality report." not in page
    assert "Carers pay to park. Should the trust stop this?" in page
    assert "There is no summary of this item yet." in page
    assert "What governors are asked to do: Read and note." in page
    assert "What governors are asked to do: Talk about it." in page
    assert "What governors are asked to do: Make a decision." in page
    # Governors attend the private part.
    assert CANARY in page
    assert "The private part" in page


def test_the_terms_used_are_explained_where_they_appear_and_in_a_list(
    client, sign_in, meeting, published
):
    sign_in(factories.governor())
    page = _page(client, f"/meetings/{meeting.id}/easy-read")
    assert '<abbr class="app-glossary-term" title="Care Quality Commission.' in page
    assert ">CQC</abbr> found" in page
    assert "What these words mean" in page
    assert '<dfn id="term-cqc">CQC</dfn>' in page
    # The private item's terms too, for those who see it.
    assert '<dfn id="term-ned">NED</dfn>' in page


def test_the_public_page_leaves_out_the_private_part_and_its_terms(client, meeting, published):
    page = _page(client, f"/meetings/{meeting.id}/easy-read/public")
    assert "Quality report" in page
    assert CANARY not in page
    assert "Staff changes" not in page
    assert "The meeting also has a private part." in page
    assert '<dfn id="term-cqc">CQC</dfn>' in page
    # NED and BAF are used by the private item only.
    assert 'id="term-ned"' not in page
    assert 'id="term-baf"' not in page


def test_signed_out_the_members_address_sends_you_to_the_public_page(client, meeting, published):
    response = client.get(f"/meetings/{meeting.id}/easy-read")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}/easy-read/public")


def test_a_meeting_not_held_in_public_has_no_public_page(client, sign_in, secretary):
    pre_meeting = factories.MeetingFactory(kind="pre_meeting")
    agendas.add_item(secretary, pre_meeting, part="public", title="Questions for the board")
    agendas.publish(secretary, pre_meeting, notify=False)
    db.session.commit()
    assert client.get(f"/meetings/{pre_meeting.id}/easy-read/public").status_code == 404
    assert client.get(f"/meetings/{pre_meeting.id}/easy-read-public.pdf").status_code == 404
    response = client.get(f"/meetings/{pre_meeting.id}/easy-read")
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_before_anything_is_published_a_friendly_page_says_so(client, sign_in, meeting):
    sign_in(factories.governor())
    page = _page(client, f"/meetings/{meeting.id}/easy-read")
    assert "The agenda for this meeting is not out yet." in page
    page = _page(client.application.test_client(), f"/meetings/{meeting.id}/easy-read/public")
    assert "The agenda for this meeting is not out yet." in page
    assert client.get(f"/meetings/{meeting.id}/easy-read-full.pdf").status_code == 404


def test_the_page_shows_the_published_version_not_later_changes(
    client, sign_in, meeting, published, secretary
):
    agendas.add_item(secretary, meeting, part="public", title="Unpublished new item")
    db.session.commit()
    sign_in(factories.governor())
    page = _page(client, f"/meetings/{meeting.id}/easy-read")
    assert "Quality report" in page
    assert "Unpublished new item" not in page


def test_an_officer_may_read_the_page_but_not_the_private_part(client, sign_in, meeting, published):
    sign_in(factories.UserFactory(roles=[Role.OFFICER]))
    page = _page(client, f"/meetings/{meeting.id}/easy-read")
    assert "Quality report" in page
    assert CANARY not in page
    assert client.get(f"/meetings/{meeting.id}/easy-read-full.pdf").status_code == 403


def test_the_public_pdf_has_the_public_items_and_a_glossary_last(client, meeting, published):
    response = client.get(f"/meetings/{meeting.id}/easy-read-public.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    text = " ".join(pages)
    assert "What this meeting is about" in text
    assert "Item 1: Quality report" in text
    assert "Read and note" in text
    assert CANARY not in text
    assert "CONFIDENTIAL" not in text
    assert pages[-1].startswith("Glossary")
    assert "CQC (Care Quality Commission)" in pages[-1]
    assert "NED" not in pages[-1]


def test_the_full_pdf_is_marked_confidential_and_has_the_private_part(
    client, sign_in, meeting, published
):
    sign_in(factories.governor())
    response = client.get(f"/meetings/{meeting.id}/easy-read-full.pdf")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    pages = pdf_pages(response.data)
    text = " ".join(pages)
    assert CANARY in text
    assert "CONFIDENTIAL" in text
    assert "Glossary" in pages[-1]
    assert "NED (Non-executive director)" in pages[-1]


def test_the_meeting_and_agenda_pages_link_to_the_easy_read_page(
    client, sign_in, meeting, published
):
    sign_in(factories.governor())
    link = f'href="/meetings/{meeting.id}/easy-read"'
    assert link in _page(client, f"/meetings/{meeting.id}")
    assert link in _page(client, f"/agendas/{meeting.id}")
