"""Plain-language advice on the short texts governors read: what is found, with the figure
and what to do, on known easy and hard texts."""

from __future__ import annotations

import pytest

from governors.glossary.readability import (
    EASE,
    AdviceKind,
    acronyms,
    advise,
    reading_ease,
    sentences,
    unexplained_acronyms,
)

EASY = (
    "Because we have too few nurses at night, there is a risk that wards close to new "
    "patients. That would mean longer waits in the emergency department."
)
HARD = (
    "Notwithstanding the implementation of comprehensive organisational restructuring "
    "initiatives, considerable uncertainty persists regarding the sustainability of "
    "community-based therapeutic interventions, potentially precipitating deterioration "
    "in performance against constitutional operational standards."
)


def kinds(text: str, **kwargs) -> list[AdviceKind]:
    return [advice.kind for advice in advise(text, **kwargs)]


def test_a_plain_summary_gets_no_advice() -> None:
    assert reading_ease(EASY) >= EASE
    assert advise(EASY) == []


def test_a_dense_summary_is_hard_to_read_with_its_figure_and_what_to_do() -> None:
    advice = advise(HARD)
    hard = [item for item in advice if item.kind is AdviceKind.HARD_TO_READ]
    assert len(hard) == 1
    figure = f"{reading_ease(HARD):g}"
    assert reading_ease(HARD) < EASE
    assert f"scores {figure} for reading ease" in hard[0].message
    assert "shorter sentences and everyday words" in hard[0].message


def test_a_sentence_over_25_words_is_named_with_its_count() -> None:
    long = (
        "Because the new rota for the community teams has not yet been agreed with the "
        "staff side and the union, we may not have enough staff on the weekend shifts."
    )
    advice = [a for a in advise(long) if a.kind is AdviceKind.LONG_SENTENCE]
    assert len(advice) == 1
    assert "“Because the new rota for the…”" in advice[0].message
    assert "has 30 words" in advice[0].message
    assert "25 words or fewer" in advice[0].message


def test_an_acronym_not_in_the_glossary_and_not_spelled_out_is_named() -> None:
    text = "The ICB may cut funding. The CQC may then inspect us."
    assert unexplained_acronyms(text) == ["ICB", "CQC"]
    messages = [a.message for a in advise(text) if a.kind is AdviceKind.ACRONYM]
    assert len(messages) == 2
    assert "“ICB” is not in the glossary and is not spelled out" in messages[0]


def test_glossary_terms_and_spelled_out_acronyms_need_no_advice() -> None:
    text = "The Care Quality Commission (CQC) may visit. The ICB (integrated care board) pays."
    assert unexplained_acronyms(text) == []
    assert unexplained_acronyms("The BAF lists our risks.", known_terms=["baf"]) == []
    assert unexplained_acronyms("The BAF lists our risks.") == ["BAF"]


def test_the_nhs_is_known_to_everyone_and_plurals_count_once() -> None:
    assert unexplained_acronyms("The NHS is ours.") == []
    assert acronyms("Two NEDs met. A NED spoke.") == ["NED"]


def test_limits_of_the_place_are_applied_when_given() -> None:
    assert AdviceKind.TOO_LONG in kinds(" ".join(["Staff are tired."] * 25), max_words=60)
    assert AdviceKind.TOO_MANY_SENTENCES in kinds("One. Two. Three. Four.", max_sentences=3)
    assert AdviceKind.TOO_MANY_SENTENCES not in kinds("One. Two. Three.", max_sentences=3)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("We met. We agreed!", 2),
        ("Is it late? No.", 2),
        ("Waits fell by 2.5 per cent. Good.", 2),
        ("One line\nand another.", 2),
        ("", 0),
    ],
)
def test_sentences_are_split_where_a_reader_would_pause(text: str, count: int) -> None:
    assert len(sentences(text)) == count


def test_an_empty_text_gets_no_advice() -> None:
    assert advise("   ") == []
