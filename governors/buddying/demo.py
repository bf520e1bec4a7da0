"""Demo buddying: pairs of both kinds, notes of their meetings, and requests.

Runs after the bodies demo. Gareth Williams, a new public governor, has Helen Carter (the
demo's public governor) as his induction buddy. Chloe Bennett, the service user governor,
asked for a non-executive director with a clinical background to help her issues land,
named Dr Nkechi Obi, and the secretary paired them. Each pair has a few notes. Priya Nair,
another new governor, has asked for a buddy, naming Aisha Begum, and is waiting for an
answer. Kwame Mensah, Kevin Doyle and Donna Price (and Zoe Marshall, who has not yet
accepted her invitation) are new and have no buddy, so the secretary sees them flagged.
Imran Qureshi's request was answered with a reason.

Written through the services and dated from ``council.today``, without emails.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from governors.buddying import services
from governors.buddying.models import BuddyRequest
from governors.buddying.rules import Purpose
from governors.demo import DemoCouncil
from governors.people.models import Role, User
from governors.timeutil import local_to_utc

NEW_GOVERNOR_PAIRED = "Gareth Williams"
GOVERNOR_BUDDY = "Helen Carter"
SERVICE_USER_GOVERNOR = "Chloe Bennett"
DIRECTOR_BUDDY = "Dr Nkechi Obi"
WAITING = ("Priya Nair", "Aisha Begum")
DECLINED = "Imran Qureshi"

INDUCTION_NOTES = (
    (
        80,
        "Went through the Council's papers for next month. Explained how the agenda is put "
        "together and how to ask the board a question.",
    ),
    (
        45,
        "Talked about the first Council meeting: what went well and what felt hard. Agreed to "
        "sit together at the next one.",
    ),
    (
        12,
        "Looked at the committees. Gareth would like to join the Membership and Engagement "
        "Committee; he will ask to join.",
    ),
)
INFLUENCE_NOTES = (
    (
        60,
        "Talked through how to raise the issue of waiting times for talking therapies at the "
        "Quality Committee, and who to speak to first.",
    ),
    (
        20,
        "Nkechi read Chloe's draft question for the board and suggested how to frame it "
        "around the patient experience data.",
    ),
)


def _at(day: date, hour: int = 10) -> object:
    return local_to_utc(day, time(hour, 0))


def _dated(asked: BuddyRequest, asked_on: date, answered_on: date | None = None) -> None:
    asked.asked_at = _at(asked_on)
    if answered_on is not None:
        asked.answered_at = _at(answered_on, 15)


def load(council: DemoCouncil) -> None:
    people = {person.name: person for person in council.people.values()}
    secretary = next((p for p in people.values() if p.has_role(Role.SECRETARY)), None)
    names = (NEW_GOVERNOR_PAIRED, GOVERNOR_BUDDY, SERVICE_USER_GOVERNOR, DIRECTOR_BUDDY)
    if secretary is None or any(name not in people for name in names):
        return
    today = council.today

    # A new governor and a long-serving one: induction.
    new = people[NEW_GOVERNOR_PAIRED]
    started = new.governor_profile.term_start if new.governor_profile else today
    induction = services.create_pair(
        secretary,
        new,
        people[GOVERNOR_BUDDY],
        purpose=Purpose.INDUCTION,
        starts_on=min(started + timedelta(days=14), today),
        notify=False,
    )
    _notes(induction, INDUCTION_NOTES, today, (new, people[GOVERNOR_BUDDY]))

    # The service user governor asked for the director she wanted: influence.
    chloe, nkechi = people[SERVICE_USER_GOVERNOR], people[DIRECTOR_BUDDY]
    asked = services.ask_for_buddy(
        chloe,
        purpose=Purpose.INFLUENCE,
        preferred=nkechi,
        message="I would like someone with a clinical background, so that the issues I "
        "raise from my own experience are heard.",
        notify=False,
    )
    services.answer_request(
        secretary,
        asked,
        accept=True,
        reason="Nkechi is glad to help. I have put you in touch.",
        starts_on=today - timedelta(days=75),
        notify=False,
    )
    _dated(asked, today - timedelta(days=82), today - timedelta(days=76))
    _notes(asked.pair, INFLUENCE_NOTES, today, (chloe, nkechi))

    # A request answered with a reason.
    if DECLINED in people:
        declined = services.ask_for_buddy(people[DECLINED], purpose=Purpose.SUPPORT, notify=False)
        services.answer_request(
            secretary,
            declined,
            accept=False,
            reason="Our governors who buddy are all paired with new governors just now. "
            "I will find you someone in the new year, and we can talk before the next "
            "Council meeting.",
            notify=False,
        )
        _dated(declined, today - timedelta(days=40), today - timedelta(days=37))

    # A new governor waiting for an answer, naming the buddy she would like.
    asker, wanted = WAITING
    if asker in people and wanted in people:
        waiting = services.ask_for_buddy(
            people[asker],
            purpose=Purpose.INDUCTION,
            preferred=people[wanted],
            message="Aisha and I met at the service user forum. I would like to learn from her.",
            notify=False,
        )
        _dated(waiting, today - timedelta(days=3))


def _notes(pair: object, notes: tuple, today: date, writers: tuple[User, User]) -> None:
    for number, (days_ago, text) in enumerate(notes):
        services.add_note(writers[number % 2], pair, today - timedelta(days=days_ago), text)
