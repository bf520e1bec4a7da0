"""The public front door: the council's page for anyone, and a page for each public meeting.

No sign-in and nothing private: only meetings held in public, the public part of their
published agendas, approved minutes, governors' names and constituencies, and the
governance office's contact details.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort

from governors.council.models import current_settings
from governors.meetings.models import Meeting
from governors.public import rules, services
from governors.templating import render_template
from governors.timeutil import local_today, utcnow

bp = Blueprint("public", __name__)


def _how_to_attend(meeting: Meeting, settings: Any) -> dict[str, Any]:
    """What someone needs to come to ``meeting``, or to join it online."""
    return {
        "access": rules.paragraphs(rules.access_words(meeting.access_info, settings.access_info)),
        "online": rules.joining_online(
            public_link=meeting.public_link,
            members_online=meeting.video_link is not None,
            council_words=settings.joining_online,
        ),
        "questions": rules.paragraphs(rules.question_words(settings.asking_questions)),
    }


def _contact(settings: Any) -> dict[str, Any]:
    return {
        "email": settings.contact_email,
        "phone": settings.contact_phone,
        "phone_link": rules.phone_link(settings.contact_phone),
        "address": [line for para in rules.paragraphs(settings.postal_address) for line in para],
    }


def front_page() -> str:
    """The council's public page: how to come to the next meeting, the latest agendas and
    minutes, who the governors are, and how to get in touch."""
    settings = current_settings()
    today = local_today()
    meeting = services.next_public_meeting(today)
    return render_template(
        "governors/public/front.html",
        meeting=meeting,
        attend=_how_to_attend(meeting, settings) if meeting is not None else None,
        recent=services.recent_papers(),
        groups=services.governor_groups(today),
        contact=_contact(settings),
    )


@bp.route("/public")
def front() -> str:
    return front_page()


@bp.route("/meetings/public/<governors_id:meeting_id>")
def meeting(meeting_id: int) -> str:
    """One meeting held in public. Any other meeting is simply not found."""
    found = services.public_meeting(meeting_id)
    if found is None:
        abort(404)
    settings = current_settings()
    upcoming = not found.is_cancelled and found.ends_at > utcnow()
    return render_template(
        "governors/public/meeting.html",
        meeting=found,
        upcoming=upcoming,
        attend=_how_to_attend(found, settings) if upcoming else None,
        page=services.meeting_page(found),
        contact=_contact(settings),
    )
