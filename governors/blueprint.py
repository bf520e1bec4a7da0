"""The product's one parent blueprint; each domain area nests its own under it."""

from __future__ import annotations

import jinja2
from flask import Blueprint

from governors.resources import resource_path


class GovernorsBlueprint(Blueprint):
    """Finds our templates first, then the NHS.UK frontend component macros."""

    @property
    def jinja_loader(self) -> jinja2.BaseLoader:  # type: ignore[override]
        return jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(str(resource_path("templates"))),
                jinja2.PackageLoader("nhsuk_frontend_jinja", "templates"),
            ]
        )


def build_blueprint() -> GovernorsBlueprint:
    from governors import security, web
    from governors.agendas.views import bp as agendas
    from governors.audit.views import bp as audit
    from governors.council.views import bp as council
    from governors.documents.views import bp as documents
    from governors.meetings.views import bp as meetings
    from governors.people.auth_views import bp as auth
    from governors.people.views import bp as people
    from governors.requests.views import bp as requests

    parent = GovernorsBlueprint(
        "governors",
        __name__,
        static_folder=str(resource_path("static")),
        static_url_path="/static",
    )
    security.init_blueprint(parent)
    web.init_blueprint(parent)
    for child in (auth, people, council, audit, meetings, requests, agendas, documents):
        parent.register_blueprint(child)
    return parent
