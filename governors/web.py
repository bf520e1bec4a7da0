"""What every page shares: template helpers, navigation, error pages and the home page."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
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


@dataclass(frozen=True)
class MenuEntry:
    """A link in the header menu.

    It is shown to whoever may open its page: the permission the page's view checks with
    ``@requires`` (a page without one is open to everyone), never a list of its own. With
    ``instead``, people who have that permission get a fuller link in its place. ``pages``
    are the endpoints (or whole blueprints) it stands for, so it is marked as the current
    entry on them too: an agenda belongs to Meetings.
    """

    label: str
    endpoint: str
    instead: Permission | None = None
    pages: tuple[str, ...] = ()

    def stands_for(self, endpoint: str) -> int:
        """How closely this entry stands for ``endpoint``: the length of the longest of
        its pages that is ``endpoint`` or a blueprint holding it; 0 when none is."""
        return max(
            (
                len(page)
                for page in (self.endpoint, *self.pages)
                if endpoint == page or endpoint.startswith(page + ".")
            ),
            default=0,
        )


_MEETINGS = (
    "governors.meetings",
    "governors.agendas",
    "governors.attendance",
    "governors.minutes",
)

# In the order people use them.
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("Home", "governors.home", pages=("governors.actions.mine", "governors.outbox")),
    # The public's list of meetings, for those who do not see the members' calendar.
    MenuEntry(
        "Meetings", "governors.meetings.public_list", Permission.MEETINGS_VIEW, pages=_MEETINGS
    ),
    MenuEntry("Meetings", "governors.meetings.calendar", pages=_MEETINGS),
    MenuEntry("Committees", "governors.bodies.index", pages=("governors.bodies",)),
    # Who stands in for members who are not available: the secretary arranges it.
    MenuEntry("Cover", "governors.cover.index", pages=("governors.cover",)),
    # The secretary reaches everyone's registers from the home page and People.
    MenuEntry(
        "Interests",
        "governors.interests.mine",
        Permission.INTERESTS_OVERSEE,
        pages=("governors.interests",),
    ),
    MenuEntry("Questions", "governors.questions.index", pages=("governors.questions",)),
    MenuEntry(
        "Questions",
        "governors.questions.mine",
        Permission.QUESTIONS_ROUTE,
        pages=("governors.questions",),
    ),
    # The secretary places requests on agendas rather than proposing them.
    MenuEntry(
        "My requests",
        "governors.requests.mine",
        Permission.MEETINGS_MANAGE,
        pages=("governors.requests",),
    ),
    MenuEntry(
        "Requests to decide",
        "governors.requests.queue",
        pages=("governors.requests.decide", "governors.requests"),
    ),
    MenuEntry("Action log", "governors.actions.log", pages=("governors.actions",)),
    MenuEntry("Risks", "governors.risks.register", pages=("governors.risks",)),
    MenuEntry("People", "governors.people.directory", pages=("governors.people",)),
    MenuEntry("Settings", "governors.council.edit", pages=("governors.council",)),
    MenuEntry("Audit log", "governors.audit.log", pages=("governors.audit",)),
)


def page_permission(endpoint: str) -> Permission:
    """The permission the page at ``endpoint`` checks before it answers (``@requires``);
    anyone may open a page that checks none."""
    view = current_app.view_functions[endpoint]
    return getattr(view, "required_permission", Permission.PUBLIC_VIEW)


def menu_entries(user: Any) -> list[MenuEntry]:
    """The menu entries ``user`` may use: each page's own check says yes."""
    return [
        entry
        for entry in MENU
        if can(user, page_permission(entry.endpoint))
        and not (entry.instead and can(user, entry.instead))
    ]


def current_entry(entries: list[MenuEntry], endpoint: str) -> MenuEntry | None:
    """The one entry the page at ``endpoint`` belongs to: the entry that stands for it most
    closely (its own page first, then the most particular of its pages), or none."""
    best = max(entries, key=lambda entry: entry.stands_for(endpoint), default=None)
    return best if best is not None and best.stands_for(endpoint) else None


def navigation() -> list[dict[str, Any]]:
    """Header links for the current user, with the current page's entry marked."""
    entries = menu_entries(current_user)
    current = current_entry(entries, request.endpoint or "")
    return [
        {"text": entry.label, "href": url_for(entry.endpoint), "current": entry is current}
        for entry in entries
    ]


def render_error(code: int) -> tuple[str, int]:
    """Our error page for ``code``; for a server error, even after a failed transaction.

    A failed query leaves the session unusable (``PendingRollbackError``) until it is rolled
    back, so a server error rolls back first. The page reads the council's name through
    ``_settings_or_defaults``, and if it still cannot be drawn a plain page says the same.
    """
    heading, advice = ERROR_PAGES.get(code, ERROR_PAGES[500])
    if code < 500:
        return _error_template(heading, advice), code
    _roll_back()
    return _server_error_page(heading, advice), code


def _error_template(heading: str, advice: str) -> str:
    return render_template(
        "governors/error.html",
        heading=heading,
        advice=advice,
        council_settings=_settings_or_defaults,
    )


def _server_error_page(heading: str, advice: str) -> str:
    """The error page after a failed transaction (rolled back already), or a plain page
    saying the same when even that cannot be drawn: it reads the database too."""
    try:
        return _error_template(heading, advice)
    except Exception:
        current_app.logger.exception("The error page could not be drawn; sent a plain one")
        _roll_back()
        return _plain_error_page(heading, advice)


def _roll_back() -> None:
    """Roll back the request's transaction, if there is one and the database answers."""
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


# When the database fails --------------------------------------------------------------

# What the page says for each kind of database fault. Nothing from the error itself is
# shown: it can name the server, the database and the data being written.
DATABASE_FAULTS = {
    "unavailable": (
        "Sorry, the service is unavailable",
        "We cannot reach the council's records at the moment. Try again in a few minutes. "
        "If you were saving something, check whether it was saved before you try again.",
    ),
    "read_only": (
        "Sorry, changes cannot be saved at the moment",
        "The council's records can be read but not changed just now, so what you were "
        "saving has not been saved. Try again later. If this goes on, tell the board "
        "secretary.",
    ),
    "full": (
        "Sorry, changes cannot be saved at the moment",
        "The server has run out of space for the council's records, so what you were "
        "saving has not been saved. Tell the board secretary, who will ask the trust's "
        "IT team to make room. Try again later.",
    ),
}
# Seconds a browser or proxy is asked to wait before trying again.
RETRY_AFTER = 30

_READ_ONLY_WORDS = ("readonly database", "read-only transaction", "read-only file system")
_FULL_WORDS = (
    "database or disk is full",
    "could not extend file",
    "no space left on device",
    "disk quota exceeded",
)
_UNAVAILABLE_WORDS = (
    "unable to open database file",
    "database is locked",
    "disk i/o error",
    "connection refused",
    "could not connect",
    "connection failed",
    "server closed the connection",
    "terminating connection",
    "the database system is",
    "connection is closed",
    "connection already closed",
    "ssl connection has been closed",
    "consuming input failed",
)
# PostgreSQL's error codes: read-only transaction; disk full; connection failures (class
# 08), and the server shutting down, crashed or starting (57P01 to 57P03).
_READ_ONLY_STATES = {"25006"}
_FULL_STATES = {"53100"}
_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03"}
_DISK_FAULTS = {errno.ENOSPC: "full", errno.EDQUOT: "full", errno.EROFS: "read_only"}
# What the handler is given: every database error, and every error of the disk (those
# not in the lists above go on to be server errors).
FAULTS = (sa_exc.DBAPIError, sa_exc.TimeoutError, OSError)


def database_fault(error: BaseException) -> str | None:
    """Which of ``DATABASE_FAULTS`` the error is, or None when it is not one of them (a
    broken rule or a mistake in a query stays a server error). A full or read-only disk
    met while writing an uploaded paper counts too."""
    if isinstance(error, OSError):
        return _DISK_FAULTS.get(error.errno or 0)
    if isinstance(error, sa_exc.TimeoutError):
        return "unavailable"  # every connection in the pool stayed busy
    if not isinstance(error, sa_exc.DBAPIError):
        return None
    original = error.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None) or ""
    words = str(original).lower()
    if state in _READ_ONLY_STATES or any(w in words for w in _READ_ONLY_WORDS):
        return "read_only"
    if state in _FULL_STATES or any(w in words for w in _FULL_WORDS):
        return "full"
    if (
        error.connection_invalidated
        or state.startswith("08")
        or state in _UNAVAILABLE_STATES
        or any(w in words for w in _UNAVAILABLE_WORDS)
    ):
        return "unavailable"
    return None


def _handle_database_error(error: Exception) -> Any:
    """The friendly page, status 503, when the database cannot be reached or written, or
    the disk is full or read-only."""
    fault = database_fault(error)
    if fault is None:
        raise error
    # The driver's own words only: the statement and its values could be private.
    cause = getattr(error, "orig", None) or error
    current_app.logger.error(
        "Database or disk fault (%s): %s: %s",
        fault.replace("_", " "),
        type(cause).__name__,
        str(cause).strip().splitlines()[0] if str(cause).strip() else "",
    )
    heading, advice = DATABASE_FAULTS[fault]
    _roll_back()
    return _server_error_page(heading, advice), 503, {"Retry-After": str(RETRY_AFTER)}


def _end_session(error: BaseException | None) -> None:
    """End the database session as the app context ends (after each request).

    A connection the database has cut (restarted, or the session ended by an
    administrator) fails even to roll back. It is then dropped rather than given back to
    the pool, and the answer already made stands; left to fail here, it would turn the
    answer into a bare server error.
    """
    from governors.extensions import db

    try:
        db.session.remove()
    except sa_exc.DBAPIError as failure:
        if database_fault(failure) is None:
            raise
        current_app.logger.warning(
            "Dropped a database connection that could not be rolled back: %s",
            type(failure.orig).__name__,
        )
        try:
            db.session().invalidate()
        finally:
            db.session.remove()


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
                heading="This page has timed out",
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
    for fault in FAULTS:
        bp.register_error_handler(fault, _handle_database_error)
    # Runs as the app context ends, just before Flask-SQLAlchemy's own removal would.
    bp.record_once(lambda state: state.app.teardown_appcontext(_end_session))


def init_standalone(app: Flask) -> None:
    """A stand-alone app owns every URL, so unmatched ones get our pages too."""

    @app.errorhandler(HTTPException)
    def _any_http_error(error: HTTPException) -> Any:
        return _handle_http_error(error)

    @app.errorhandler(500)
    def _server_error(error: Exception) -> Any:
        return render_error(500)

    for fault in FAULTS:
        app.register_error_handler(fault, _handle_database_error)

    @app.after_request
    def _headers(response: Response) -> Response:
        return add_security_headers(response)
