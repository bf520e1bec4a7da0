"""What the public page says about coming to a meeting: pure, no Flask or database."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from governors.council.rules import phone_problem
from governors.public import rules


def test_a_meetings_own_access_words_come_first_then_the_councils_then_ours():
    assert rules.access_words("Lift to floor 2.", "Step-free entrance.") == "Lift to floor 2."
    assert rules.access_words("  ", "Step-free entrance.") == "Step-free entrance."
    assert rules.access_words(None, None) == rules.ACCESS_FALLBACK


def test_how_to_ask_a_question_always_says_something():
    assert rules.question_words("Email us.") == "Email us."
    assert rules.question_words("") == rules.QUESTIONS_FALLBACK


def test_a_public_link_is_followed_and_the_members_link_never_named():
    online = rules.joining_online(
        public_link="https://www.youtube.com/live", members_online=True, council_words="Ask us."
    )
    assert online.link == "https://www.youtube.com/live"
    assert online.text == "Watch or join this meeting online"


def test_with_only_a_members_link_the_public_are_told_how_to_ask_for_one():
    online = rules.joining_online(public_link=None, members_online=True, council_words="Email us.")
    assert online == rules.JoinOnline(text="Email us.")
    fallback = rules.joining_online(public_link="", members_online=True, council_words=None)
    assert fallback == rules.JoinOnline(text=rules.ONLINE_ON_REQUEST)


def test_a_meeting_with_no_link_at_all_is_in_person_only():
    online = rules.joining_online(public_link=None, members_online=False, council_words="Email.")
    assert online == rules.JoinOnline(text=rules.IN_PERSON_ONLY)


def test_typed_text_becomes_paragraphs_of_lines():
    text = "Governors' Office\r\nTrust HQ\r\n\r\n\r\n  Parking at the back.  \n"
    assert rules.paragraphs(text) == [["Governors' Office", "Trust HQ"], ["Parking at the back."]]
    assert rules.paragraphs(None) == []


@pytest.mark.parametrize(
    ("phone", "link"),
    [
        ("01632 960 123", "tel:01632960123"),
        ("+44 (0)1632 960-123", "tel:+4401632960123"),
        ("", None),
        (None, None),
    ],
)
def test_phone_links_keep_only_digits_and_a_leading_plus(phone, link):
    assert rules.phone_link(phone) == link


@pytest.mark.parametrize(
    ("phone", "problem"),
    [
        ("", False),
        ("01632 960 123", False),
        ("+44 1632 960123", False),
        ("(01632) 960-123", False),
        ("0800 123", True),
        ("01632 960 123 ext 4", True),
        ("01632 +960 123", True),
        ("\uff10\uff11\uff16\uff13\uff12\uff19\uff16\uff10\uff11\uff12\uff13", True),
    ],
)
def test_a_contact_phone_number_is_checked(phone, problem):
    assert (phone_problem(phone) is not None) is problem


def test_in_office_counts_both_ends_of_the_term():
    start, end = date(2025, 4, 1), date(2028, 3, 31)
    assert rules.in_office(start, end, start) and rules.in_office(start, end, end)
    assert not rules.in_office(start, end, date(2028, 4, 1))


def _person(name, constituency, area=None, person_id=1):
    profile = SimpleNamespace(constituency=constituency, area=area)
    return SimpleNamespace(id=person_id, name=name, governor_profile=profile)


def test_governors_are_grouped_in_the_constitutions_order_by_name():
    groups = rules.governors_by_constituency(
        [
            _person("Zoe Staff", "staff", "Nursing"),
            _person("bea Public", "public", "Northshire North"),
            _person("Al Public", "public", "Northshire South"),
            _person("Sam User", "service_user", "Eating disorders service"),
            _person("Ann Appointed", "appointed", "Northshire County Council"),
        ]
    )
    assert [group.heading for group in groups] == [
        "Public governors",
        "Service user governors",
        "Staff governors",
        "Appointed governors",
    ]
    assert [g.name for g in groups[0].governors] == ["Al Public", "bea Public"]
    assert groups[0].governors[0].area == "Northshire South"
    assert groups[3].governors[0].area == "Northshire County Council"


def test_only_a_public_or_appointed_governors_area_is_shown():
    """Another constituency's area could say which service someone uses."""
    groups = rules.governors_by_constituency(
        [
            _person("Sam User", "service_user", "Eating disorders service"),
            _person("C", "carer", "X"),
        ]
    )
    assert all(governor.area is None for group in groups for governor in group.governors)
