"""The home page: what each person needs first, by their roles.

Each area contributes a section: a ``context(user)`` function and a partial template
``governors/<area>/_home.html`` that renders nothing when it has nothing to say.
"""

from __future__ import annotations

from flask_login import current_user

from governors.actions import home_section as actions_section
from governors.agendas import home_section as agendas_section
from governors.bodies import home_section as bodies_section
from governors.buddying import home_section as buddying_section
from governors.cover import home_section as cover_section
from governors.interests import home_section as interests_section
from governors.meetings import home_section as meetings_section
from governors.outbox import home_section as outbox_section
from governors.people import home_section as people_section
from governors.permissions import Permission, requires
from governors.questions import home_section as questions_section
from governors.requests import home_section as requests_section
from governors.risks import home_section as risks_section
from governors.templating import render_template

SECTIONS = (
    actions_section,
    meetings_section,
    agendas_section,
    interests_section,
    questions_section,
    requests_section,
    risks_section,
    bodies_section,
    buddying_section,
    cover_section,
    people_section,
    outbox_section,
)


def home() -> str:
    """Signed in: what each person needs first. Signed out: the council's public page."""
    if not current_user.is_authenticated:
        from governors.public.views import front_page

        return front_page()
    return _members_home()


@requires(Permission.HOME)
def _members_home() -> str:
    context: dict = {}
    for section in SECTIONS:
        context.update(section.context(current_user))
    return render_template("governors/home.html", **context)
