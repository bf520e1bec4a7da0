"""The product's own Jinja environment, so our template settings never touch the host's.

Mounted in a trust's own Flask site, the product keeps its Jinja settings to itself:
``ChainableUndefined`` (the NHS.UK component macros need it), autoescaping of ``.jinja``
macro files, and our globals and filters live in one environment made for each app and
kept in ``app.extensions["governors"]``. The host's ``app.jinja_env`` is left as it was.

``render_template`` works like Flask's (same signals, the app's and blueprints' context
processors) but renders from that environment. Every page, email and PDF of the product
goes through it.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

import jinja2
from flask import Flask, current_app, g, get_flashed_messages, request, session
from flask.signals import before_render_template, template_rendered
from flask.templating import Environment
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

__all__ = [
    "GovernorsEnvironment",
    "create_environment",
    "environment",
    "render_template",
    "render_template_string",
]


class GovernorsEnvironment(Environment):
    """Flask's environment with our loader, ``ChainableUndefined``, globals and filters."""


class MacroCache:
    """Keeps what an NHS.UK component macro drew for given parameters, so the header and
    footer every page carries are drawn once for each set of parameters, not on every page.

    The component macros read nothing but their parameters, so the same parameters give the
    same HTML. The key is every parameter, with text marked safe kept apart from plain
    text (the macros print one as it is and escape the other): one person's header, which
    holds their name and their form token, is only ever the answer to that person's own
    parameters. The oldest entries go first once ``size`` are kept.
    """

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._drawn: OrderedDict[bytes, Markup] = OrderedDict()
        self._lock = Lock()

    def __call__(self, macro: Callable[[Any], Markup], params: dict[str, Any]) -> Markup:
        try:
            text = json.dumps([_macro_name(macro), _tagged(params)], sort_keys=True)
        except TypeError:  # a value that is not plain data: draw it as it comes
            return Markup(macro(params))
        key = hashlib.blake2b(text.encode(), digest_size=20).digest()
        with self._lock:
            drawn = self._drawn.get(key)
            if drawn is not None:
                self._drawn.move_to_end(key)
                return drawn
        drawn = Markup(macro(params))
        with self._lock:
            self._drawn[key] = drawn
            while len(self._drawn) > self.size:
                self._drawn.popitem(last=False)
        return drawn


def _macro_name(macro: Callable[[Any], Markup]) -> str:
    """The macro's name and the file it is in: two files may each have a ``header``."""
    code = getattr(getattr(macro, "_func", None), "__code__", None)
    return f"{getattr(macro, 'name', '')}@{getattr(code, 'co_filename', '')}"


def _tagged(value: Any) -> Any:
    """``value`` as plain data for a key, with safe text told apart from plain text."""
    if isinstance(value, Markup):
        return {"\x00safe": str(value)}
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, dict):
        return {str(name): _tagged(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_tagged(item) for item in value]
    raise TypeError(type(value).__name__)


def _autoescape(name: str | None) -> bool:
    # Flask escapes only .html-like templates; the NHS.UK macros are .jinja files and print
    # every text parameter (typed values, titles, error messages), so they must escape too.
    if name is None:
        return True
    return name.endswith((".html", ".htm", ".xml", ".xhtml", ".svg", ".jinja"))


def create_environment(app: Flask, loader: jinja2.BaseLoader) -> GovernorsEnvironment:
    """The environment our templates render in, for one app."""
    from governors import timeutil, web
    from governors.agendas.rules import Part, Purpose
    from governors.council.models import current_settings
    from governors.glossary.rules import mark_up
    from governors.permissions import Permission, can
    from governors.risks.rules import template_words
    from governors.security import csp_nonce

    auto_reload = app.config.get("TEMPLATES_AUTO_RELOAD")
    env = GovernorsEnvironment(
        app,
        loader=loader,
        # The NHS.UK component macros read optional parameters in chains (params.search.action).
        undefined=jinja2.ChainableUndefined,
        autoescape=_autoescape,
        auto_reload=app.debug if auto_reload is None else auto_reload,
    )
    env.globals.update(
        # What Flask puts in every environment.
        url_for=app.url_for,
        get_flashed_messages=get_flashed_messages,
        config=app.config,
        request=request,
        session=session,
        g=g,
        # Ours.
        csrf_token=generate_csrf,
        can=lambda permission, obj=None: can(current_user, permission, obj),
        Permission=Permission,
        Part=Part,
        Purpose=Purpose,
        csp_nonce=csp_nonce,
        navigation=web.navigation,
        # The header and footer: drawn once for each set of parameters (MacroCache).
        cached=MacroCache(),
        council_settings=current_settings,
        risk_words=template_words(),
        # The ``explained`` macro: a text with its glossary terms marked (glossary/rules.py).
        glossary_mark_up=mark_up,
    )
    env.filters.update(
        date=timeutil.format_date,
        short_date=timeutil.format_short_date,
        time=timeutil.format_time,
        datetime=timeutil.format_datetime,
    )
    env.policies["json.dumps_function"] = app.json.dumps
    return env


def environment(app: Flask | None = None) -> GovernorsEnvironment:
    """The product's environment for ``app`` (the current app if not given)."""
    if app is None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    return app.extensions["governors"].jinja_env


def _render(app: Flask, template: jinja2.Template, context: dict[str, Any]) -> str:
    app.update_template_context(context)
    before_render_template.send(
        app, _async_wrapper=app.ensure_sync, template=template, context=context
    )
    rendered = template.render(context)
    template_rendered.send(app, _async_wrapper=app.ensure_sync, template=template, context=context)
    return rendered


def render_template(
    template_name_or_list: str | jinja2.Template | list[str | jinja2.Template],
    **context: Any,
) -> str:
    """Render one of our templates by name, as Flask's ``render_template`` does."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = environment(app).get_or_select_template(template_name_or_list)
    return _render(app, template, context)


def render_template_string(source: str, **context: Any) -> str:
    """Render template source in our environment, as Flask's ``render_template_string`` does."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return _render(app, environment(app).from_string(source), context)
