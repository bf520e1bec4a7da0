"""The product's one parent blueprint; each domain area nests its own under it."""

from __future__ import annotations

from functools import cached_property

import jinja2
from flask import Blueprint

from governors.resources import resource_path


class GovernorsBlueprint(Blueprint):
    """Our pages. Their templates load from our own Jinja environment only.

    ``template_loader`` finds our templates first, then the NHS.UK frontend component macros;
    ``governors.templating`` renders with it. The blueprint offers no loader to the app, so
    the host's template path (and ``app.jinja_env``) stays exactly as the host made it.
    """

    @cached_property
    def template_loader(self) -> jinja2.BaseLoader:
        return jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(str(resource_path("templates"))),
                jinja2.PackageLoader("nhsuk_frontend_jinja", "templates"),
            ]
        )

    @property
    def jinja_loader(self) -> None:  # type: ignore[override]
        return None


def build_blueprint() -> GovernorsBlueprint:
    from governors import security, web
    from governors.actions.views import bp as actions
    from governors.agendas.views import bp as agendas
    from governors.attendance.views import bp as attendance
    from governors.audit.views import bp as audit
    from governors.bodies.views import bp as bodies
    from governors.buddying.views import bp as buddying
    from governors.council.views import bp as council
    from governors.cover.arrange_views import bp as cover
    from governors.cover.views import bp as availability
    from governors.documents.views import bp as documents
    from governors.easyread.views import bp as easyread
    from governors.glossary.views import bp as glossary
    from governors.interests.views import bp as interests
    from governors.meetings.views import bp as meetings
    from governors.minutes.views import bp as minutes
    from governors.outbox.views import bp as outbox
    from governors.packs.views import bp as packs
    from governors.papers.views import bp as papers
    from governors.people.auth_views import bp as auth
    from governors.people.views import bp as people
    from governors.public.views import bp as public
    from governors.questions.views import bp as questions
    from governors.requests.views import bp as requests
    from governors.risks.views import bp as risks

    parent = GovernorsBlueprint(
        "governors",
        __name__,
        static_folder=str(resource_path("static")),
        static_url_path="/static",
    )
    security.init_blueprint(parent)
    # The meeting page and the agenda say when a seat is vacant, and who stands in.
    from governors.cover.arranging import cover_notices

    parent.context_processor(lambda: {"cover_notices": cover_notices})
    web.init_blueprint(parent)
    for child in (
        auth,
        people,
        council,
        audit,
        outbox,
        meetings,
        bodies,
        buddying,
        attendance,
        cover,
        interests,
        questions,
        minutes,
        actions,
        risks,
        requests,
        agendas,
        documents,
        papers,
        packs,
        glossary,
        easyread,
        public,
        availability,
    ):
        parent.register_blueprint(child)
    return parent
