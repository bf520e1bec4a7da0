"""What every page shares: template helpers, navigation, error pages and the home page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request, url_for
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
