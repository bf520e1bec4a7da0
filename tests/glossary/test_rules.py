"""Finding glossary terms in a text and explaining them: pure, no Flask."""

from __future__ import annotations

from governors.glossary.rules import Entry, mark_up, terms_in

NED = Entry("NED", "A board member who is not on the staff.", "Non-executive director")
FT = Entry("FT", "An NHS trust that runs its own affairs.", "Foundation trust")
CQC = Entry("CQC", "The body that checks health and care services.", "Care Quality Commission")
QUORUM = Entry("Quorum", "The least number of members who must be there to decide.")
CLEAR_DAYS = Entry("Clear days", "Whole days between two dates.")
NHS_ENGLAND = Entry("NHS England", "The body that leads the NHS in England.")
NHSE = Entry("NHSE", "The body that leads the NHS in England.", "NHS England")
AE = Entry("A&E", "Where people who are badly hurt go.", "Accident and emergency")
GLOSSARY = [NED, FT, CQC, QUORUM, CLEAR_DAYS, NHS_ENGLAND, NHSE, AE]


def terms(*texts: str | None) -> list[str]:
    return [entry.term for entry in terms_in(texts, GLOSSARY)]


def test_terms_match_whole_words_only():
    assert terms("Staff LEFT early; the SOFT launch; NEDS? no: UNEDUCATED") == []
    assert terms("The FT board") == ["FT"]


def test_acronyms_match_their_capitals_only():
    assert terms("ned and cqc are written in lower case here") == []
    assert terms("Ask the NED") == ["NED"]


def test_other_terms_match_whatever_their_capitals_and_a_plural():
    assert terms("QUORUM reached") == ["Quorum"]
    assert terms("Two quorums") == ["Quorum"]
    assert terms("at least ten CLEAR DAYS before") == ["Clear days"]
    assert terms("The meeting was quorate") == []


def test_an_acronym_plural_and_one_spelled_out_still_count():
    assert terms("Three NEDs came") == ["NED"]
    assert terms("The Care Quality Commission (CQC) visited") == ["CQC"]


def test_terms_are_listed_once_a_to_z_across_every_text():
    assert terms("The NED met the CQC.", None, "", "The CQC left. A&E was busy.") == [
        "A&E",
        "CQC",
        "NED",
    ]


def test_a_longer_term_wins_where_two_start_at_the_same_place():
    assert terms("Letters from NHS England") == ["NHS England"]
    assert terms("NHSE wrote") == ["NHSE"]


def test_mark_up_explains_the_first_use_only():
    marked = str(mark_up("The NED asked another NED about the quorum.", GLOSSARY))
    assert marked.count("<abbr") == 1
    assert (
        '<abbr class="app-glossary-term" title="Non-executive director. A board member who '
        'is not on the staff.">NED</abbr> asked another NED' in marked
    )
    assert (
        '<span class="app-glossary-term" title="The least number of members who must be '
        'there to decide.">quorum</span>' in marked
    )


def test_mark_up_escapes_the_text_and_the_meanings():
    evil = Entry("BAF", 'A list "of risks" <b>bold</b>', None)
    marked = str(mark_up("<script>alert('x')</script> BAF & more", [evil]))
    assert "<script>" not in marked
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in marked
    assert 'title="A list &#34;of risks&#34; &lt;b&gt;bold&lt;/b&gt;"' in marked
    assert "&amp; more" in marked


def test_mark_up_keeps_a_text_with_no_terms_as_it_was_but_escaped():
    assert str(mark_up("Car parking <for> carers", GLOSSARY)) == "Car parking &lt;for&gt; carers"
    assert str(mark_up(None, GLOSSARY)) == ""
    assert str(mark_up("A&E is open", [])) == "A&amp;E is open"


def test_mark_up_keeps_the_words_as_written():
    marked = str(mark_up("Clear Days count", GLOSSARY))
    assert ">Clear Days</span> count" in marked
