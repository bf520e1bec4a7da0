"""CSRF, rate limits, security headers and cookie flags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from governors import config
from governors.extensions import db, limiter
from governors.people.models import User
from tests import factories
from tests.conftest import TEST_PASSWORD, make_app
from tests.people.conftest import page_text


def _csrf_token(response) -> str:
    found = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ) or re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert found, "no CSRF token on the page"
    return found.group(1)


@pytest.fixture
def csrf_app(app: Flask, database_url: str, tmp_path: Path) -> Flask:
    return make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)


def test_a_form_posted_without_its_csrf_token_is_refused(csrf_app):
    person = factories.governor()
    client = csrf_app.test_client()
    response = client.post(
        "/account/sign-in", data={"email": person.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 400
    assert "This page has timed out" in page_text(response)

    token = _csrf_token(client.get("/account/sign-in"))
    response = client.post(
        "/account/sign-in",
        data={"email": person.email, "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_the_secretarys_changes_need_the_csrf_token_too(csrf_app):
    secretary = factories.secretary()
    target = factories.governor(name="Target Person")
    client = csrf_app.test_client()
    token = _csrf_token(client.get("/account/sign-in"))
    client.post(
        "/account/sign-in",
        data={"email": secretary.email, "password": TEST_PASSWORD, "csrf_token": token},
    )
    data = {"name": "Nia Evans", "email": "nia@example.org", "roles": ["ned"]}
    assert client.post("/people/invite", data=data).status_code == 400
    assert client.post(f"/people/{target.id}/deactivate").status_code == 400
    assert client.post("/account/sign-out").status_code == 400
    assert target.active
    assert db.session.scalar(sa.select(User).where(User.email == "nia@example.org")) is None

    token = _csrf_token(client.get(f"/people/{target.id}/deactivate"))
    response = client.post(f"/people/{target.id}/deactivate", data={"csrf_token": token})
    assert response.status_code == 302


@pytest.fixture
def limited_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    # The limiter is one object shared by every app; put it back as the other tests expect.
    was_enabled = limiter.enabled
    try:
        yield make_app(
            database_url,
            tmp_path,
            RATELIMIT_ENABLED=True,
            SIGN_IN_RATE_LIMIT="3 per minute",
            PASSWORD_RESET_RATE_LIMIT="2 per minute",
        )
    finally:
        limiter.enabled = was_enabled


def test_sign_in_attempts_are_rate_limited_with_a_friendly_page(limited_app):
    person = factories.governor()
    client = limited_app.test_client()
    wrong = {"email": person.email, "password": "wrong password"}
    for _ in range(3):
        assert client.post("/account/sign-in", data=wrong).status_code == 200
    response = client.post(
        "/account/sign-in", data={"email": person.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    text = page_text(response)
    assert "Too many attempts" in text
    assert "Wait a few minutes and try again" in text
    # Reading the page is not limited: only attempts are.
    assert client.get("/account/sign-in").status_code == 200


def test_password_reset_requests_are_rate_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        response = client.post("/account/forgotten-password", data={"email": "a@example.org"})
        assert response.status_code == 302
    response = client.post("/account/forgotten-password", data={"email": "a@example.org"})
    assert response.status_code == 429
    assert "Too many attempts" in page_text(response)


def test_pages_carry_security_headers_and_a_strict_content_security_policy(client):
    response = client.get("/account/sign-in")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "style-src 'self';" in csp  # no inline styles
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/people/")
    assert response.status_code == 302
    assert response.headers["X-Frame-Options"] == "DENY"
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert "Page not found" in page_text(missing)
    assert "Content-Security-Policy" in missing.headers


def test_production_configuration_uses_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.delenv("GOVERNORS_ENV", raising=False)
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a long random production secret")
    settings = config.from_environment(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["REMEMBER_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["REMEMBER_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("GOVERNORS_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="SECRET_KEY is not set"):
        config.from_environment(tmp_path)


def test_the_session_cookie_is_secure_http_only_and_same_site(app, database_url, tmp_path):
    production = make_app(
        database_url, tmp_path, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True
    )
    person = factories.governor()
    client = production.test_client()
    response = client.post(
        "/account/sign-in", data={"email": person.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    cookie = next(
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith("governors_session=")
    )
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.fixture
def app_behind(app: Flask, database_url: str, tmp_path: Path):
    """Makes an app with ``proxies`` trusted proxies in front and a limit of 2 sign-ins."""
    was_enabled = limiter.enabled

    def make(proxies: int) -> Flask:
        return make_app(
            database_url,
            tmp_path / f"behind-{proxies}",
            RATELIMIT_ENABLED=True,
            SIGN_IN_RATE_LIMIT="2 per minute",
            TRUSTED_PROXIES=proxies,
        )

    try:
        yield make
    finally:
        limiter.enabled = was_enabled


def _sign_in_from(client, forwarded_for: str, person) -> int:
    response = client.post(
        "/account/sign-in",
        data={"email": person.email, "password": "wrong password"},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},  # the proxy
    )
    return response.status_code


def test_behind_a_trusted_proxy_each_visitor_has_their_own_sign_in_limit(app_behind):
    person = factories.governor()
    client = app_behind(1).test_client()
    assert [_sign_in_from(client, "203.0.113.1", person) for _ in range(3)] == [200, 200, 429]
    # Someone else behind the same proxy is not locked out by the first visitor.
    response = client.post(
        "/account/sign-in",
        data={"email": person.email, "password": TEST_PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.2"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert "Welcome," in page_text(client.get("/"))


def test_without_trusted_proxies_the_forwarded_address_is_ignored(app_behind):
    person = factories.governor()
    client = app_behind(0).test_client()
    # Anyone can write the header: with no proxy trusted, changing it earns no new tries.
    statuses = [_sign_in_from(client, f"203.0.113.{n}", person) for n in range(1, 4)]
    assert statuses == [200, 200, 429]
    refused = client.post(
        "/account/sign-in",
        data={"email": person.email, "password": TEST_PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.9"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert refused.status_code == 429
    assert "Too many attempts" in page_text(refused)


def test_trusted_proxies_comes_from_the_environment_and_must_be_a_count(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a long random production secret")
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    assert config.from_environment(tmp_path)["TRUSTED_PROXIES"] == 0
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert config.from_environment(tmp_path)["TRUSTED_PROXIES"] == 2
    monkeypatch.setenv("TRUSTED_PROXIES", "yes")
    with pytest.raises(config.ConfigError, match="Set it to the number of proxies"):
        config.from_environment(tmp_path)
