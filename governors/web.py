"""What every page shares: template helpers, navigation, error pages and the home page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from governors.permissions import Permission, can
from governors.security import add_security_headers
from governors.templating import render_template

ERROR_PAGES = {
    400: ("There is a problem with that request", "Go back and try again."),
    403: (
        "You do not have permission to see this page",
        "If you think you should, ask the board secretary to check your roles.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. "
        "If you pasted it, check you copied the whole address.",
    ),
    405: ("There is a problem with that request", "Go back and try again."),
    413: (
        "That file is too large",
        "Go back and choose a smaller file, or ask the board secretary for help.",
    ),
    429: (
        "Too many attempts",
        "You have tried too many times. Wait a few minutes and try again.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you saved has been lost.",
    ),
}


def navigation() -> list[dict[str, Any]]:
    """Header links for the signed-in user's roles, in the order they use them."""
    if not current_user.is_authenticated:
        return [
            {"text": "Meetings", "href": url_for("governors.meetings.public_list")},
        ]
    # (label, page, who sees it, unless they have this: then a fuller link takes its place)
    links: list[tuple[str, str, Permission, Permission | None]] = [
        ("Home", "governors.home", Permission.HOME, None),
        ("Meetings", "governors.meetings.calendar", Permission.MEETINGS_VIEW, None),
        ("Committees", "governors.bodies.index", Permission.BODIES_VIEW, None),
        # The secretary reaches everyone's registers from the home page and People.
        (
            "Interests",
            "governors.interests.mine",
            Permission.INTERESTS_KEEP,
            Permission.INTERESTS_OVERSEE,
        ),
        ("Questions", "governors.questions.index", Permission.QUESTIONS_ROUTE, None),
        (
            "Questions",
            "governors.questions.mine",
            Permission.QUESTIONS_ASK,
            Permission.QUESTIONS_ROUTE,
        ),
        (
            "My requests",
            "governors.requests.mine",
            Permission.REQUESTS_PROPOSE,
            Permission.MEETINGS_MANAGE,
        ),
        ("Requests to decide", "governors.requests.queue", Permission.REQUESTS_OVERSEE, None),
        ("Action log", "governors.actions.log", Permission.ACTIONS_LOG, None),
        ("People", "governors.people.directory", Permission.PEOPLE_VIEW, None),
        ("Settings", "governors.council.edit", Permission.SETTINGS_EDIT, None),
        ("Audit log", "governors.audit.log", Permission.AUDIT_READ, None),
    ]
    current = request.endpoint or ""
    return [
        {
            "text": label,
            "href": url_for(endpoint),
            "current": current == endpoint
            or current.rsplit(".", 1)[0] == endpoint.rsplit(".", 1)[0] != "governors",
        }
        for label, endpoint, action, instead in links
        if can(current_user, action) and not (instead and can(current_user, instead))
    ]


def render_error(code: int) -> tuple[str, int]:
    """Our error page for ``code``; for a server error, even after a failed transaction.

    A failed query leaves the session unusable (``PendingRollbackError``) until it is rolled
    back, so a server error rolls back first. The page reads the council's name through
    ``_settings_or_defaults``, and if it still cannot be drawn a plain page says the same.
    """
    from flask import current_app

    heading, advice = ERROR_PAGES.get(code, ERROR_PAGES[500])
    if code >= 500:
        _roll_back()
    try:
        page = render_template(
            "governors/error.html",
            heading=heading,
            advice=advice,
            council_settings=_settings_or_defaults,
        )
    except Exception:
        if code < 500:
            raise
        current_app.logger.exception("The error page could not be drawn; sent a plain one")
        _roll_back()
        return _plain_error_page(heading, advice), code
    return page, code


def _roll_back() -> None:
    """Roll back the request's transaction, if there is one and the database answers."""
    from flask import current_app

    from governors.extensions import db

    try:
        db.session.rollback()
    except Exception:
        current_app.logger.exception("Rolling back after an error failed")


def _settings_or_defaults() -> Any:
    """The council's settings for an error page: the defaults when the database fails."""
    from sqlalchemy.exc import SQLAlchemyError

    from governors.council.models import DEFAULTS, CouncilSettings, current_settings

    try:
        return current_settings()
    except SQLAlchemyError:
        _roll_back()
        return CouncilSettings(id=1, **DEFAULTS)


def _plain_error_page(heading: str, advice: str) -> str:
    from markupsafe import escape

    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(heading)}</title></head>"
        f"<body><main><h1>{escape(heading)}</h1><p>{escape(advice)}</p></main></body></html>"
    )


# Pages whose forms keep what was typed when the session behind them has ended: endpoint ->
# a function that keeps it and answers (or returns None when it cannot).
_KEEPERS: dict[str, Callable[[], Any]] = {}


def on_expired_session(endpoint: str, keeper: Callable[[], Any]) -> None:
    """When a form posted to ``endpoint`` fails the CSRF check (its session has ended),
    call ``keeper`` before giving up on what was typed."""
    _KEEPERS[endpoint] = keeper


def _handle_http_error(error: HTTPException) -> Any:
    if isinstance(error, CSRFError):
        keeper = _KEEPERS.get(request.endpoint or "")
        kept = keeper() if keeper is not None else None
        if kept is not None:
            return kept
        return (
            render_template(
                "governors/error.html",
                heading="Your session has expired",
                advice="Go back, reload the page and try again. "
                "We do this to keep your account safe.",
            ),
            400,
        )
    if error.code == 401:
        return error
    return render_error(error.code or 500)


def init_blueprint(bp: Blueprint) -> None:
    from governors.home import home

    bp.add_url_rule("/", "home", home)
    for code in (400, 403, 404, 405, 413, 429):
        bp.register_error_handler(code, _handle_http_error)
    bp.register_error_handler(CSRFError, _handle_http_error)
    bp.register_error_handler(500, lambda error: render_error(500))


def init_standalone(app: Flask) -> None:
    """A stand-alone app owns every URL, so unmatched ones get our pages too."""

    @app.errorhandler(HTTPException)
    def _any_http_error(error: HTTPException) -> Any:
        return _handle_http_error(error)

    @app.errorhandler(500)
    def _server_error(error: Exception) -> Any:
        return render_error(500)

    @app.after_request
    def _headers(response: Response) -> Response:
        return add_security_headers(response)
