"""The glossary macros others use: the text explained, the words used, the print page."""

from __future__ import annotations

from governors.glossary.rules import Entry
from governors.templating import render_template_string

CQC = Entry("CQC", "The body that checks care.", "Care Quality Commission")
QUORUM = Entry("Quorum", "Enough people to decide.")

MACROS = (
    '{% from "governors/macros/glossary.html" import explained, explained_paragraphs, words_used %}'
)


def _render(source: str, **context) -> str:
    return render_template_string(MACROS + source, **context)


def test_explained_marks_terms_and_escapes_the_rest(app):
    with app.test_request_context():
        html = _render(
            "{{ explained(text, entries) }}",
            text="<script>x</script> The CQC said the quorum was met.",
            entries=[CQC, QUORUM],
        )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<abbr class="app-glossary-term" title="Care Quality Commission. The body' in html
    assert ">quorum</span>" in html


def test_explained_with_no_entries_is_the_escaped_text(app):
    with app.test_request_context():
        html = _render("{{ explained(text, []) }}|{{ explained(none, none) }}", text="A <b>&")
    assert html == "A &lt;b&gt;&amp;|"


def test_explained_paragraphs_keep_blank_line_paragraphs(app):
    with app.test_request_context():
        html = _render(
            "{{ explained_paragraphs(text, entries) }}",
            text="The CQC came.\r\n\r\nThe quorum was met.",
            entries=[CQC, QUORUM],
        )
    assert html.count('<p class="nhsuk-body">') == 2


def test_words_used_lists_each_term_with_its_meaning_in_a_details(app):
    with app.test_request_context():
        html = _render("{{ words_used(entries) }}", entries=[CQC, QUORUM])
        empty = _render("{{ words_used([]) }}")
    assert "What these words mean" in html
    assert "<details" in html
    assert "<dfn>CQC</dfn> (Care Quality Commission)" in html
    assert "Enough people to decide." in html
    assert empty == ""


def test_the_print_partial_is_a_glossary_page_only_when_terms_are_given(app):
    source = '{% include "governors/pdf/_glossary.html" %}'
    with app.test_request_context():
        html = render_template_string(source, glossary_terms=[CQC])
        empty = render_template_string(source, glossary_terms=[])
    assert "break-before: page" in html
    assert ">Glossary</h2>" in html
    assert "CQC (Care Quality Commission)" in html
    assert empty.strip() == ""
