"""What every page shares: template helpers, navigation, error pages and the home page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from jinja2 import ChainableUndefined
from werkzeug.exceptions import HTTPException

from governors import timeutil
from governors.permissions import Action, can
from governors.security import add_security_headers, csp_nonce

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
    links: list[tuple[str, str, Action]] = [
        ("Home", "governors.home", Action.HOME),
        ("Meetings", "governors.meetings.calendar", Action.MEETINGS_VIEW),
        ("My requests", "governors.requests.mine", Action.REQUESTS_PROPOSE),
        ("Requests to decide", "governors.requests.queue", Action.REQUESTS_OVERSEE),
        ("People", "governors.people.directory", Action.PEOPLE_VIEW),
        ("Settings", "governors.council.edit", Action.SETTINGS_EDIT),
        ("Audit log", "governors.audit.log", Action.AUDIT_READ),
    ]
    current = request.endpoint or ""
    return [
        {
            "text": label,
            "href": url_for(endpoint),
            "current": current == endpoint
            or current.rsplit(".", 1)[0] == endpoint.rsplit(".", 1)[0] != "governors",
        }
        for label, endpoint, action in links
        if can(current_user, action)
    ]


def init_templates(app: Flask) -> None:
    from governors.council.models import current_settings

    # The NHS.UK component macros read optional parameters in chains (params.search.action).
    app.jinja_env.undefined = ChainableUndefined
    # Flask escapes only .html-like templates; the NHS.UK macros are .jinja files and print
    # every text parameter (typed values, titles, error messages), so they must escape too.
    flask_choice = app.jinja_env.autoescape

    def autoescape(name: str | None) -> bool:
        if name is not None and name.endswith(".jinja"):
            return True
        return flask_choice(name) if callable(flask_choice) else bool(flask_choice)

    app.jinja_env.autoescape = autoescape
    app.jinja_env.globals.update(
        can=lambda action, obj=None: can(current_user, action, obj),
        Action=Action,
        csp_nonce=csp_nonce,
        navigation=navigation,
        council_settings=current_settings,
    )
    app.jinja_env.filters.update(
        date=timeutil.format_date,
        short_date=timeutil.format_short_date,
        time=timeutil.format_time,
        datetime=timeutil.format_datetime,
    )


def render_error(code: int) -> tuple[str, int]:
    heading, advice = ERROR_PAGES.get(code, ERROR_PAGES[500])
    return render_template("governors/error.html", heading=heading, advice=advice), code


def _handle_http_error(error: HTTPException) -> Any:
    if isinstance(error, CSRFError):
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
