"""Each person's register of interests and yearly declaration, the secretary's overview and
the public register, through the pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from governors.audit.models import AuditEntry
from governors.extensions import db
from governors.interests.models import Interest, InterestReturn
from governors.people.models import Role
from tests import factories
from tests.meetings.helpers import page_text, path

pytestmark = pytest.mark.clock(datetime(2027, 1, 4, 10, 0, tzinfo=UTC))
# The detail of a sensitive interest: it must never be published.
CANARY_ORGANISATION = "Canary Clinic for Addiction Recovery"
CANARY_DETAIL = "Canary: my son is treated at the clinic"


def _entry(**overrides: str) -> dict[str, str]:
    """A filled-in, valid interest form: a trusteeship held since 1 April 2021."""
    data = {
        "kind": "professional",
        "organisation": "Northshire Carers",
        "description": "Unpaid trustee since 2021",
        "starts_on-day": "1",
        "starts_on-month": "4",
        "starts_on-year": "2021",
    }
    data.update(overrides)
    return data


def test_a_governor_adds_changes_and_removes_an_interest(app, client, sign_in):
    governor = factories.governor(name="Helen Carter")
    sign_in(governor)
    mine = client.get(path("governors.interests.mine"))
    assert mine.status_code == 302
    register = path("governors.interests.person", person_id=governor.id)
    assert mine.location.endswith(register)
    assert "Interests held now None listed." in page_text(client.get(register))

    form = page_text(client.get(path("governors.interests.add", person_id=governor.id)))
    assert "Add an interest" in form and "Professional" in form
    added = client.post(path("governors.interests.add", person_id=governor.id), data=_entry())
    assert added.status_code == 302 and added.location.endswith(register)
    page = page_text(client.get(register))
    assert "Interest in Northshire Carers added" in page
    assert (
        "Interests held now Organisation Interest Held Change "
        "Organisation Northshire Carers Interest Professional: Unpaid trustee since 2021 "
        "Held From Thursday 1 April 2021"
    ) in page
    entry = db.session.scalars(sa.select(Interest)).one()
    assert (entry.user_id, entry.kind, entry.sensitive) == (governor.id, "professional", False)

    # It ended at the end of last year: given an end date, it moves out of those held now.
    edit = path("governors.interests.edit", interest_id=entry.id)
    assert 'value="Northshire Carers"' in client.get(edit).get_data(as_text=True)
    changed = client.post(
        edit,
        data=_entry(
            **{"ends_on-day": "31", "ends_on-month": "12", "ends_on-year": "2026"},
        ),
    )
    assert changed.status_code == 302
    page = page_text(client.get(register))
    assert "Interest in Northshire Carers changed" in page
    assert "Interests held now None listed." in page
    assert (
        "Interests that have ended or are still to begin Organisation Interest Held Change "
        "Organisation Northshire Carers"
    ) in page
    assert "From Thursday 1 April 2021 to Thursday 31 December 2026" in page
    assert entry.ends_on == date(2026, 12, 31)

    removed = client.post(path("governors.interests.remove", interest_id=entry.id))
    assert removed.status_code == 302
    page = page_text(client.get(register))
    assert "Interest in Northshire Carers removed" in page
    assert "Interests held now None listed." in page
    assert "From Thursday 1 April 2021" not in page
    assert db.session.scalars(sa.select(Interest)).all() == []
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.action.like("interests.%"))
    ).all()
    assert sorted(actions) == ["interests.added", "interests.changed", "interests.removed"]


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"kind": ""}, "kind", "Select what kind of interest it is"),
        ({"kind": "bribery"}, "kind", "Select what kind of interest it is"),
        ({"organisation": "   "}, "organisation", "Enter the name of the organisation"),
        ({"description": ""}, "description", "Describe the interest"),
        (
            {"ends_on-day": "31", "ends_on-month": "3", "ends_on-year": "2021"},
            "ends_on-day",
            "Held until must be the same as or after Held from",
        ),
        (
            {"ends_on-month": "3", "ends_on-year": "2027"},
            "ends_on-day",
            "Held until (optional) must include a day",
        ),
        ({"starts_on-day": "40"}, "starts_on-day", "Held from must have a day from 1 to 31"),
        ({"starts_on-month": ""}, "starts_on-month", "Held from must include a month"),
        ({"starts_on-day": "31", "starts_on-month": "2"}, "starts_on-day", "must be a real date"),
        (
            {"starts_on-day": "", "starts_on-month": "", "starts_on-year": ""},
            "starts_on-day",
            "Enter the date you began to hold the interest",
        ),
    ],
)
def test_a_mistake_on_the_form_is_named_and_what_was_typed_is_kept(
    app, client, sign_in, typed, field, message
):
    governor = factories.governor()
    sign_in(governor)
    data = _entry(organisation="Friends of Ward 7", description="Chair of the Friends of Ward 7")
    data.update(typed)
    response = client.post(path("governors.interests.add", person_id=governor.id), data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert "<title>Error: Add an interest" in html
    assert "There is a problem" in text and message in text
    # The error summary links to the field that needs correcting.
    assert f'href="#{field}"' in html
    # What was typed is still there to correct.
    if "description" not in typed:
        assert "Chair of the Friends of Ward 7</textarea>" in html
    if "organisation" not in typed:
        assert f'value="{data["organisation"]}"' in html
    if field.startswith("starts_on-") and typed.get(field):
        assert f'value="{typed[field]}"' in html
    assert db.session.scalars(sa.select(Interest)).all() == []


def test_the_yearly_declaration_is_made_complete_or_nothing_to_declare(app, client, sign_in, clock):
    governor = factories.governor(name="Helen Carter")
    sign_in(governor)
    register = path("governors.interests.person", person_id=governor.id)
    declare = path("governors.interests.make_return", person_id=governor.id)
    page = page_text(client.get(register))
    # Joined today: the first declaration is due in 28 days.
    assert "Yearly declaration due by Monday 1 February 2027" in page
    assert "No declaration has been made yet. The first is due by Monday 1 February 2027." in page
    assert "Your yearly declaration of interests is due by Monday 1 February 2027" in page_text(
        client.get(path("governors.home"))
    )

    empty = client.post(declare, data={})
    assert "Select whether your register is complete, or you have none" in page_text(empty)

    done = client.post(declare, data={"answer": "nothing"})
    assert done.status_code == 302
    page = page_text(client.get(register))
    assert "Thank you. Your declaration for the year is recorded." in page
    assert (
        "Last declared on Monday 4 January 2027: nothing to declare. "
        "The next declaration is due by Tuesday 4 January 2028."
    ) in page
    assert "Yearly declaration due" not in page
    public = page_text(client.get(path("governors.interests.public")))
    assert "Helen Carter Public Nothing to declare. Last confirmed Monday 4 January 2027." in public

    # With an interest held, "nothing to declare" is refused and says why.
    clock.move_to(datetime(2027, 12, 20, 10, 0, tzinfo=UTC))
    sign_in(governor)
    client.post(path("governors.interests.add", person_id=governor.id), data=_entry())
    refused = client.post(declare, data={"answer": "nothing"})
    assert refused.status_code == 200
    text = page_text(refused)
    assert "There is a problem" in text
    assert (
        "The register lists 1 interest held today. Give each one that has ended an end date, "
        "or confirm the register as it is."
    ) in text
    assert "Northshire Carers" in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InterestReturn)) == 1

    client.post(declare, data={"answer": "complete"})
    page = page_text(client.get(register))
    assert (
        "Last declared on Monday 20 December 2027: the register complete and correct. "
        "The next declaration is due by Wednesday 20 December 2028."
    ) in page
    made = db.session.scalars(sa.select(InterestReturn).order_by(InterestReturn.id)).all()
    assert [(r.nothing_to_declare, r.made_by_id) for r in made] == [
        (True, governor.id),
        (False, governor.id),
    ]


def test_the_secretary_sees_overdue_declarations_first_and_keeps_anyones_register(
    app, client, sign_in
):
    secretary = factories.secretary(name="Rachel Turner")
    long_ago = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
    up_to_date = factories.governor(name="Aisha Ahmed", created_at=long_ago)
    overdue = factories.governor(name="Peter Lawson", created_at=long_ago)
    factories.governor(name="Zoe Young")  # joined today: due soon
    db.session.add_all(
        [
            InterestReturn(
                user_id=up_to_date.id, made_on=date(2026, 11, 1), made_by_id=up_to_date.id
            ),
            InterestReturn(user_id=overdue.id, made_on=date(2025, 12, 1), made_by_id=overdue.id),
        ]
    )
    factories.InterestFactory(user=overdue, organisation="Lawson Consulting")
    factories.UserFactory(name="Olu Officer", roles=[Role.OFFICER])
    db.session.flush()

    sign_in(secretary)
    page = page_text(client.get(path("governors.interests.index")))
    assert (
        "Peter Lawson Interests held 1 Last declaration Monday 1 December 2025 "
        "Next due Tuesday 1 December 2026 Overdue"
    ) in page
    assert page.index("Peter Lawson") < page.index("Zoe Young") < page.index("Aisha Ahmed")
    assert "Zoe Young Interests held 0 Last declaration None yet" in page
    assert "Next due Monday 1 November 2027 Up to date" in page
    # Those who sit on no body keep no register.
    table = page[page.index("Everyone's register") :]
    assert "Olu Officer" not in table and "Rachel Turner" not in table
    assert "1 yearly declaration of interests is overdue" in page_text(
        client.get(path("governors.home"))
    )

    # The secretary adds an entry and makes the declaration for a governor.
    register = path("governors.interests.person", person_id=overdue.id)
    page = page_text(client.get(register))
    assert "Register of interests: Peter Lawson" in page
    assert "It was due on Tuesday 1 December 2026." in page
    client.post(
        path("governors.interests.add", person_id=overdue.id),
        data=_entry(organisation="Northshire Rotary Club", kind="personal"),
    )
    client.post(
        path("governors.interests.make_return", person_id=overdue.id),
        data={"answer": "complete"},
    )
    page = page_text(client.get(register))
    assert "Northshire Rotary Club Interest Personal: Unpaid trustee since 2021" in page
    assert "Last declared on Monday 4 January 2027: the register complete and correct." in page
    made = db.session.scalars(
        sa.select(InterestReturn)
        .where(InterestReturn.user_id == overdue.id)
        .order_by(InterestReturn.id.desc())
    ).first()
    assert made.made_by_id == secretary.id
    audit = db.session.scalars(
        sa.select(AuditEntry.summary).where(AuditEntry.action == "interests.returned")
    ).all()
    assert audit == [
        "Peter Lawson confirmed the register complete and correct for the year "
        "(recorded by the board secretary)"
    ]
    page = page_text(client.get(path("governors.interests.index")))
    assert page.index("Zoe Young") < page.index("Aisha Ahmed") < page.index("Peter Lawson")


def test_a_governor_may_not_open_anyone_elses_register_or_entry(app, client, sign_in):
    helen = factories.governor(name="Helen Carter")
    other = factories.governor(name="David Okoro")
    entry = factories.InterestFactory(user=other, organisation="Okoro Advisory Ltd")
    sign_in(helen)
    for url in (
        path("governors.interests.person", person_id=other.id),
        path("governors.interests.add", person_id=other.id),
        path("governors.interests.edit", interest_id=entry.id),
        path("governors.interests.index"),
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        path("governors.interests.remove", interest_id=entry.id),
        path("governors.interests.make_return", person_id=other.id),
    ):
        assert client.post(url, data={"answer": "complete"}).status_code == 403, url
    assert db.session.get(Interest, entry.id) is not None
    assert db.session.scalars(sa.select(InterestReturn)).all() == []
    # Their own register still opens.
    own = client.get(path("governors.interests.person", person_id=helen.id))
    assert own.status_code == 200 and "Your register of interests" in page_text(own)


def test_the_public_register_publishes_that_a_sensitive_interest_is_held_not_its_detail(
    app, client, sign_in
):
    secretary = factories.secretary()
    open_ = factories.governor(name="David Okoro")
    private = factories.governor(name="Chloe Bennett", constituency="service_user")
    factories.InterestFactory(
        user=open_,
        kind="financial",
        organisation="Okoro Advisory Ltd",
        description="Director and shareholder",
        starts_on=date(2021, 6, 1),
    )
    # A past interest and a former governor's are not held today.
    factories.InterestFactory(
        user=open_,
        organisation="Ended Charity",
        starts_on=date(2019, 1, 1),
        ends_on=date(2020, 1, 1),
    )
    former = factories.governor(name="Former Governor")
    former.governor_profile.term_end = date(2026, 3, 31)
    factories.InterestFactory(user=former, organisation="Former's Company")
    db.session.flush()

    # Chloe adds her sensitive interest through the page.
    sign_in(private)
    client.post(
        path("governors.interests.add", person_id=private.id),
        data=_entry(
            kind="personal",
            organisation=CANARY_ORGANISATION,
            description=CANARY_DETAIL,
            sensitive="y",
        ),
    )
    entry = db.session.scalars(sa.select(Interest).filter_by(user_id=private.id)).one()
    assert entry.sensitive
    own = page_text(client.get(path("governors.interests.person", person_id=private.id)))
    assert f"{CANARY_ORGANISATION} Sensitive" in own and CANARY_DETAIL in own
    client.post(path("governors.auth.sign_out"))

    # Signed out, anyone reads the register.
    response = client.get(path("governors.interests.public"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    public = page_text(response)
    assert "Register of governors' interests" in public
    assert (
        "David Okoro Public Interests of David Okoro Kind Organisation Interest Since "
        "Kind Financial "
        "Organisation Okoro Advisory Ltd Interest Director and shareholder "
        "Since Tuesday 1 June 2021"
    ) in public
    assert (
        "Chloe Bennett Service user Interests of Chloe Bennett Kind Organisation Interest "
        "Since Kind Personal "
        "Interest An interest is held. Its detail is not published because it is sensitive."
    ) in public
    for secret in (CANARY_ORGANISATION, CANARY_DETAIL, "Canary"):
        assert secret not in html
    for not_held in ("Ended Charity", "Former Governor", "Former's Company"):
        assert not_held not in public

    # The audit log says a sensitive interest was added, and whose, without its detail.
    sign_in(secretary)
    log = client.get(path("governors.audit.log"))
    text = page_text(log)
    assert "Added a sensitive interest to Chloe Bennett's register" in text
    assert "Canary" not in log.get_data(as_text=True)
    # The secretary, who keeps every register, still reads the detail.
    kept = page_text(client.get(path("governors.interests.person", person_id=private.id)))
    assert CANARY_DETAIL in kept
