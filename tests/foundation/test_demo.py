"""The demo council: loads into an empty database only, with working demo sign-ins."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from governors import demo
from governors.council.models import CouncilSettings
from governors.extensions import db
from governors.people.models import GovernorProfile, Role, User
from governors.timeutil import local_today
from tests import factories
from tests.people.conftest import page_text

SIGN_INS = [
    "secretary@example.org",
    "chair@example.org",
    "lead.governor@example.org",
    "governor@example.org",
    "su.governor@example.org",
]


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _people() -> list[User]:
    return list(db.session.scalars(sa.select(User)))


def test_demo_loads_a_realistic_council_into_an_empty_database(app, runner, client):
    result = runner.invoke(args=["governors", "demo"])
    assert result.exit_code == 0, result.output
    assert "Loaded the demo council" in result.output

    people = _people()
    active_governors = [p for p in people if p.active and p.governor_profile is not None]
    assert 30 <= len(active_governors) <= 40
    by_constituency = {
        c: sum(1 for p in active_governors if p.governor_profile.constituency == c)
        for c in ("public", "service_user", "carer", "staff", "appointed")
    }
    assert by_constituency["service_user"] == 9
    assert all(by_constituency.values())
    assert sum(1 for p in people if Role.NED in p.roles) == 6
    assert sum(1 for p in people if Role.OFFICER in p.roles) >= 3
    assert len({p.name.split()[-1] for p in people}) > 35  # varied names

    by_email = {p.email: p for p in people}
    assert Role.CHAIR in by_email["chair@example.org"].roles
    assert by_email["lead.governor@example.org"].roles >= {Role.LEAD_GOVERNOR, Role.GOVERNOR}
    assert by_email["governor@example.org"].governor_profile.constituency == "public"
    assert by_email["su.governor@example.org"].governor_profile.constituency == "service_user"
    assert Role.SECRETARY in by_email["secretary@example.org"].roles

    soon = local_today() + timedelta(days=90)
    ending = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(GovernorProfile)
        .join(User)
        .where(User.active.is_(True), GovernorProfile.term_end.between(local_today(), soon))
    )
    assert ending >= 3

    settings = db.session.get(CouncilSettings, 1)
    assert settings.trust_name == "Northshire Community and Mental Health NHS Foundation Trust"

    for email in SIGN_INS:
        response = client.post(
            "/account/sign-in", data={"email": email, "password": "governors-demo"}
        )
        assert response.status_code == 302, email
        assert by_email[email].name in page_text(client.get("/"))
        client.post("/account/sign-out")


def test_demo_refuses_a_database_that_has_people(runner):
    factories.secretary(email="real.secretary@example.org")
    result = runner.invoke(args=["governors", "demo"])
    assert result.exit_code != 0
    assert "already has people in it" in result.output
    assert len(_people()) == 1


def test_demo_if_empty_quietly_does_nothing_when_people_exist(runner):
    factories.secretary()
    result = runner.invoke(args=["governors", "demo", "--if-empty"])
    assert result.exit_code == 0
    assert result.output == ""
    assert len(_people()) == 1


def test_demo_password_comes_from_the_environment_when_set(app, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another demo password")
    monkeypatch.setattr(demo, "AREAS", ("council", "people"))
    demo.load_demo()
    secretary = db.session.scalar(sa.select(User).where(User.email == "secretary@example.org"))
    assert secretary.check_password("another demo password")
    # One hash for everyone: hashing is slow on purpose, and it is the same password.
    assert len({p.password_hash for p in _people() if p.password_hash}) == 1


def test_areas_without_a_demo_module_are_skipped(app):
    assert demo.area_loader("audit") is None
    assert demo.area_loader("people") is not None


def test_a_demo_module_that_fails_to_import_is_not_skipped_silently(app, monkeypatch):
    import importlib

    def broken(name: str):
        raise ModuleNotFoundError("No module named 'reportlab'", name="reportlab")

    monkeypatch.setattr(importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError):
        demo.area_loader("meetings")


def test_demo_sign_ins_are_printed_with_the_password(runner, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    result = runner.invoke(args=["governors", "demo-sign-ins"])
    assert result.exit_code == 0
    for email in SIGN_INS:
        assert email in result.output
    assert "Password for all of them: governors-demo" in result.output
