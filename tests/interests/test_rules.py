"""When an agenda item names an organisation in someone's register, and when their yearly
return is due: hand-worked cases and properties (Hypothesis). No Flask, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from governors.interests.rules import (
    DUE_SOON_DAYS,
    FIRST_RETURN_DAYS,
    ReturnState,
    matching,
    mentions,
    one_year_after,
    return_due_on,
    return_state,
)

# Modest so the suite stays quick; no example database of past failures.
property_settings = settings(max_examples=200, deadline=None, database=None)


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Developed with Age UK Northshire.", "Age UK Northshire"),
        ("DEVELOPED WITH AGE UK NORTHSHIRE", "age uk northshire"),
        ("A report from Age-UK (Northshire), in draft", "Age UK Northshire"),
        ("St Johns Ambulance will attend", "St John's Ambulance"),
        ("St John\u2019s Ambulance will attend", "St John's Ambulance"),
        ("Age UK Northshire's falls prevention plan", "Age UK Northshire"),
        ("Contract with Marks and Spencer for the shop", "Marks & Spencer"),
        ("Contract with Marks & Spencer for the shop", "Marks and Spencer"),
        ("Okoro Advisory will review governance", "Okoro Advisory Ltd"),
        ("The review by Okoro Advisory Limited", "Okoro Advisory"),
        ("A grant from Northshire Carers plc", "The Northshire Carers"),
        ("A campaign by Friends of the Earth", "Friends of the Earth"),
        ("Mind: the mental health charity's report", "Mind"),
    ],
)
def test_an_organisation_is_found_whatever_its_case_punctuation_or_legal_form(text, organisation):
    assert mentions(text, organisation)


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        # Part of a word is not the word.
        ("A reminder about the annual declaration", "Mind"),
        ("Mindfulness sessions for staff", "Mind"),
        ("Northshire Carers Trust 12 reports", "Northshire Carers Trust 1"),
        # Its words in another order, or with another between them, are another name.
        ("Northshire Age UK", "Age UK Northshire"),
        ("Age Concern UK Northshire", "Age UK Northshire"),
        # Only some of its words.
        ("Age UK national report", "Age UK Northshire"),
    ],
)
def test_a_near_miss_is_not_a_mention(text, organisation):
    assert not mentions(text, organisation)


@pytest.mark.parametrize("organisation", ["", "   ", "UK", "A1", "The Ltd", "plc", "-- Co --"])
def test_a_name_too_short_to_tell_matches_nothing(organisation):
    text = f"UK A1 the Ltd plc and {organisation} in a long agenda item"
    assert not mentions(text, organisation)


def test_matching_lists_each_mentioning_text_with_its_organisations_in_order():
    texts = [
        (1, "Quality report: falls plan with Age UK Northshire and Healthwatch Northshire"),
        (2, "Finance report"),
        (3, "Healthwatch Northshire's Enter and View visit"),
    ]
    organisations = [
        ("healthwatch", "Healthwatch Northshire"),
        ("age-uk", "Age UK Northshire"),
        ("riverside", "Riverside Medical Practice"),
    ]
    assert matching(texts, organisations) == {
        1: ["healthwatch", "age-uk"],
        3: ["healthwatch"],
    }
    assert matching(texts, []) == {}


# Properties ------------------------------------------------------------------------------

# Words of a name as people write them: letters in any case; legal-form words among them.
name_words = st.lists(
    st.from_regex(r"[A-Za-z][a-z]{0,9}", fullmatch=True) | st.sampled_from(["the", "Ltd", "plc"]),
    min_size=1,
    max_size=5,
)
# Words that say what kind of organisation it is: left out of names and texts alike.
LEGAL_FORMS = {"ltd", "limited", "plc", "llp", "llc", "inc", "cic", "cio", "the"}
separators = st.sampled_from([" ", "  ", " - ", ", ", "/", ". ", " (", ") "])


def _letters(words: list[str]) -> int:
    return sum(len(w) for w in words if w.casefold() not in LEGAL_FORMS)


@property_settings
@given(words=name_words, before=st.text(), after=st.text(), data=st.data())
def test_a_name_among_any_other_words_is_always_found(words, before, after, data):
    assume(_letters(words) >= 3)
    organisation = " ".join(words)
    written = data.draw(separators).join(words)
    case = data.draw(st.sampled_from([str.upper, str.lower, str.title, str]))
    assert mentions(f"{before} {case(written)} {after}", organisation)


@property_settings
@given(
    words=st.lists(
        st.from_regex(r"[a-z]{3,9}", fullmatch=True).filter(lambda w: w not in LEGAL_FORMS),
        min_size=2,
        max_size=5,
        unique=True,
    ),
    data=st.data(),
)
def test_the_same_words_in_another_order_are_not_the_name(words, data):
    shuffled = data.draw(st.permutations(words))
    assume(shuffled != words)
    assert not mentions(" ".join(shuffled), " ".join(words))
    assert mentions(" ".join(words), " ".join(words))


# The yearly return ----------------------------------------------------------------------


def test_the_first_return_is_due_28_days_after_starting():
    assert FIRST_RETURN_DAYS == 28
    assert return_due_on(None, date(2027, 1, 4)) == date(2027, 2, 1)


def test_each_later_return_is_due_a_year_after_the_last():
    assert return_due_on(date(2026, 3, 15), date(2020, 1, 1)) == date(2027, 3, 15)
    # The last return counts, not the day they started.
    assert return_due_on(date(2026, 3, 15), date(2026, 3, 1)) == date(2027, 3, 15)


def test_a_return_made_on_29_february_is_due_on_28_february():
    assert one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
    assert return_due_on(date(2028, 2, 29), date(2020, 1, 1)) == date(2029, 2, 28)
    assert return_due_on(date(2027, 2, 28), date(2020, 1, 1)) == date(2028, 2, 28)


def test_a_return_is_due_soon_30_days_ahead_and_overdue_the_day_after():
    due = date(2027, 3, 15)
    assert DUE_SOON_DAYS == 30
    assert return_state(due, due - timedelta(days=31)) is ReturnState.UP_TO_DATE
    assert return_state(due, due - timedelta(days=30)) is ReturnState.DUE_SOON
    assert return_state(due, due) is ReturnState.DUE_SOON
    assert return_state(due, due + timedelta(days=1)) is ReturnState.OVERDUE
    assert [state.label for state in ReturnState] == ["Up to date", "Due soon", "Overdue"]


@property_settings
@given(
    last=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    offset=st.integers(min_value=-400, max_value=400),
)
def test_the_state_follows_the_days_left_before_the_return_is_due(last, offset):
    due = return_due_on(last, date(1999, 1, 1))
    assert 365 <= (due - last).days <= 366
    today = due + timedelta(days=offset)
    expected = (
        ReturnState.OVERDUE
        if offset > 0
        else ReturnState.DUE_SOON
        if offset >= -DUE_SOON_DAYS
        else ReturnState.UP_TO_DATE
    )
    assert return_state(due, today) is expected
