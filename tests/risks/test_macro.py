"""The risk display macros others use on agendas and in PDFs: the summary leads, then the
band and score in words and colour, the title, then the detail; for a Risk and for a dict
from a published snapshot alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governors.templating import render_template_string
from tests.people.conftest import page_text
from tests.risks.conftest import EASY, make_risk

pytestmark = pytest.mark.clock(datetime(2027, 1, 3, 12, 0, tzinfo=UTC))

USE = '{% from "governors/macros/risks.html" import risk_summary, risk_list, risk_summary_print %}'
SNAPSHOT = {
    "id": 7,
    "title": "Money for next year",
    "summary": "Because costs rise faster than income, we may end the year in debt.",
    "detail": "Savings of 4.2 million pounds are needed.\n\nSo far 2.6 million are found.",
    "likelihood": 5,
    "impact": 5,
    "score": 25,
    "band": "extreme",
    "owner": "Mark Hendry",
    "review_on": "2027-03-31",
    "status": "open",
}


class _Page:
    def __init__(self, html: str) -> None:
        self.html = html

    def get_data(self, as_text: bool = True) -> str:
        return self.html


def render(source: str, **context) -> tuple[str, str]:
    html = render_template_string(USE + source, **context)
    return html, page_text(_Page(html))


def test_a_risk_leads_with_its_summary_then_band_title_and_detail(app, world):
    risk = make_risk(world)
    with app.test_request_context():
        html, text = render("{{ risk_summary(risk, heading_level=4) }}", risk=risk)
    assert "<h4" in html and "nhsuk-tag--orange" in html and "<details" in html
    assert (
        text.index(EASY)
        < text.index("High risk, score 12")
        < text.index("Risk register title: Nurse staffing at night")
        < text.index("More about this risk")
        < text.index("Night vacancies are at 14 per cent.")
    )
    assert "Likelihood: likely. Impact: moderate." in text
    assert "Owner: Deborah Walsh" in text and "Next review: Wednesday 31 March 2027" in text


def test_a_published_snapshot_dict_shows_the_same_way(app):
    with app.test_request_context():
        html, text = render("{{ risk_list([risk]) }}", risk=SNAPSHOT)
        empty, _ = render("{{ risk_list([]) }}")
    assert "nhsuk-tag--red" in html
    assert text.index(SNAPSHOT["summary"]) < text.index("Extreme risk, score 25")
    assert "Likelihood: almost certain. Impact: catastrophic." in text
    assert "So far 2.6 million are found." in text
    assert "Owner: Mark Hendry" in text and "Next review: Wednesday 31 March 2027" in text
    assert empty.strip() == ""


def test_the_print_version_has_no_details_element_and_prints_the_detail(app, world):
    risk = make_risk(world)
    with app.test_request_context():
        html, text = render(
            "{{ risk_summary_print(risk) }}{{ risk_summary_print(d) }}", risk=risk, d=SNAPSHOT
        )
    assert "<details" not in html
    assert "High risk, score 12" in text and "Extreme risk, score 25" in text
    assert "Night vacancies are at 14 per cent." in text
    assert "Savings of 4.2 million pounds are needed." in text
