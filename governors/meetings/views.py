"""Meetings pages: the calendar, each meeting, scheduling, the public list and calendar feeds."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from math import ceil
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from governors.agendas.services import reported_to
from governors.attendance.services import own_record
from governors.bodies.models import Body
from governors.bodies.services import council
from governors.converters import id_arg, page_arg
from governors.council.models import current_settings
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.interests.services import items_to_check
from governors.meetings import ical, services
from governors.meetings.forms import KIND_HINTS, CancelForm, MeetingForm, form_data
from governors.meetings.kinds import MeetingKind
from governors.meetings.models import Meeting
from governors.meetings.rules import DeadlineNotice, deadline_notice
from governors.minutes.services import approved_minutes, minutes_statuses, record_of
from governors.permissions import (
    Permission,
    authorise,
    can,
    get_authorised,
    load_or_404,
    own_meetings,
    requires,
    visible_meetings,
)
from governors.requests.clear_days import ClearDaysRule, agenda_deadline
from governors.templating import render_template
from governors.timeutil import format_datetime, local_to_utc, local_today, utcnow

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

PAST_PER_PAGE = 10
# How much history calendar feeds and the public page carry.
HISTORY = timedelta(days=366)
PUBLIC_RECENT_LIMIT = 12


def optional_url(endpoint: str, **values: Any) -> str | None:
    """A link to a page another area provides, or None while that page does not exist."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def absolute_url(endpoint: str, **values: Any) -> str:
    """A full address for use outside the site: calendar apps, emails."""
    base = current_app.config["GOVERNORS_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, _external=False, **values)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"kind_hints": KIND_HINTS}


# Members' pages -------------------------------------------------------------------------


def _notice(meeting: Meeting, today: date, rule: ClearDaysRule) -> DeadlineNotice | None:
    """The agenda deadline, for meetings that take governors' requests."""
    return deadline_notice(meeting.day, today, rule) if meeting.meaning.takes_requests else None


@bp.route("/")
@requires(Permission.MEETINGS_VIEW)
def calendar() -> str:
    today = local_today()
    rule = current_settings().rule
    page = page_arg()
    # Only the meetings this member may see: no governors' pre-meetings for others, no
    # closed committee's meetings for the public side.
    visible = visible_meetings(current_user)
    upcoming = services.upcoming_meetings(today, visible=visible)
    past, past_total = services.past_meetings(
        today, visible=visible, offset=(page - 1) * PAST_PER_PAGE, limit=PAST_PER_PAGE
    )
    pages = max(ceil(past_total / PAST_PER_PAGE), 1)
    if page > pages:
        abort(404)
    return render_template(
        "governors/meetings/calendar.html",
        upcoming=[(m, _notice(m, today, rule)) for m in upcoming],
        past=[(m, _notice(m, today, rule)) for m in past],
        page=page,
        pages=pages,
        past_total=past_total,
        rule_text=rule.describe(),
    )


@bp.route("/<governors_id:meeting_id>")
def detail(meeting_id: int) -> str:
    meeting = get_authorised(Meeting, meeting_id, Permission.MEETINGS_VIEW)
    today = local_today()
    rule = current_settings().rule
    notice = _notice(meeting, today, rule)
    # Other meetings point to the deadline that matters: the next Council meeting's.
    council = None if notice else services.next_meeting(today, kinds=MeetingKind.taking_requests())
    propose_url = None
    if (
        notice is not None
        and not meeting.is_cancelled
        and meeting.starts_at > utcnow()
        and can(current_user, Permission.REQUESTS_PROPOSE)
    ):
        propose_url = optional_url("governors.requests.propose", meeting_id=meeting.id)
    return render_template(
        "governors/meetings/detail.html",
        meeting=meeting,
        notice=notice,
        council=council,
        council_notice=_notice(council, today, rule) if council else None,
        rule_text=rule.describe(),
        propose_url=propose_url,
        agenda_url=optional_url("governors.agendas.show", meeting_id=meeting.id),
        reported_to=reported_to(meeting, current_user),
        may_apologise=not meeting.is_cancelled
        and meeting.starts_at > utcnow()
        and can(current_user, Permission.ATTENDANCE_APOLOGISE, meeting),
        my_attendance=own_record(meeting, current_user),
        interest_items=_interest_items(meeting),
        minutes_record=record_of(meeting),
        may_report=not meeting.for_council and can(current_user, Permission.MEETINGS_MANAGE),
    )


def _interest_items(meeting: Meeting) -> list[Any]:
    """For a member, before the meeting: the items that mention an organisation in their
    register of interests."""
    if meeting.is_cancelled or meeting.starts_at <= utcnow():
        return []
    if not can(current_user, Permission.ATTENDANCE_APOLOGISE, meeting):
        return []
    private = can(current_user, Permission.PRIVATE_VIEW, meeting)
    return items_to_check(current_user, meeting, private=private)


def _to_meeting(meeting: Meeting, message: str, category: str = "success") -> Any:
    """Say what happened and go back to the meeting's page."""
    flash(message, category)
    return redirect(url_for(".detail", meeting_id=meeting.id))


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/new/<governors_id:body_id>", methods=["GET", "POST"])
def schedule(body_id: int | None = None) -> Any:
    """A Council meeting, or (with ``body_id``) a meeting of one of its committees."""
    body = load_or_404(Body, body_id) if body_id is not None else council()
    authorise(Permission.MEETINGS_MANAGE, body)
    form = MeetingForm(today=local_today(), for_council=body.is_council)
    if form.validate_on_submit():
        try:
            meeting = services.schedule_meeting(
                current_user._get_current_object(), form.details(), body
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_meeting(meeting, f"{meeting.kind_label} scheduled for {_when(meeting)}")
    return render_template("governors/meetings/form.html", form=form, meeting=None, body=body)


@bp.route("/<governors_id:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int) -> Any:
    meeting = get_authorised(Meeting, meeting_id, Permission.MEETINGS_MANAGE)
    if meeting.is_cancelled:
        return _to_meeting(
            meeting, "This meeting is cancelled. Reinstate it before changing it.", "info"
        )
    form = MeetingForm(
        data=form_data(meeting),
        today=local_today(),
        original_day=meeting.day,
        for_council=meeting.for_council,
    )
    if form.validate_on_submit():
        try:
            changed = services.update_meeting(
                current_user._get_current_object(), meeting, form.details()
            )
        except Refused as refused:
            db.session.rollback()
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_meeting(meeting, "Meeting changed" if changed else "Nothing was changed")
    return render_template(
        "governors/meetings/form.html",
        form=form,
        meeting=meeting,
        body=meeting.body,
        request_count=services.request_count(meeting),
    )


@bp.route("/<governors_id:meeting_id>/cancel", methods=["GET", "POST"])
def cancel(meeting_id: int) -> Any:
    meeting = get_authorised(Meeting, meeting_id, Permission.MEETINGS_MANAGE)
    if meeting.is_cancelled:
        return _to_meeting(meeting, "This meeting is already cancelled.", "info")
    if meeting.ends_at <= utcnow():
        return _to_meeting(meeting, "This meeting has ended, so you cannot cancel it.", "info")
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel_meeting(current_user._get_current_object(), meeting, form.reason.data)
        except Refused as refused:
            db.session.rollback()
            if refused.field is None:
                return _to_meeting(meeting, refused.message, "info")
            refused_on_form(form, refused)
        else:
            db.session.commit()
            return _to_meeting(
                meeting,
                f"{meeting.kind_label} on {_when(meeting)} cancelled. "
                "We have sent an email to everyone who was due to come.",
            )
    return render_template(
        "governors/meetings/cancel.html",
        meeting=meeting,
        form=form,
        request_count=services.request_count(meeting),
    )


@bp.route("/<governors_id:meeting_id>/reinstate", methods=["POST"])
def reinstate(meeting_id: int) -> Any:
    meeting = get_authorised(Meeting, meeting_id, Permission.MEETINGS_MANAGE)
    services.reinstate_meeting(current_user._get_current_object(), meeting)
    db.session.commit()
    return _to_meeting(meeting, f"{meeting.kind_label} on {_when(meeting)} reinstated")


def _when(meeting: Meeting) -> str:
    return format_datetime(meeting.starts_at)


# The public page ------------------------------------------------------------------------


@bp.route("/public")
def public_list() -> str:
    today = local_today()
    visible = visible_meetings(None, Permission.PUBLIC_VIEW)
    upcoming = services.upcoming_meetings(today, visible=visible)
    recent, _ = services.past_meetings(
        today, visible=visible, limit=PUBLIC_RECENT_LIMIT, since=today - HISTORY
    )
    agenda_urls: dict[int, str] = {}
    if "governors.agendas.public" in current_app.view_functions:
        for meeting_id in services.published_agenda_ids([*upcoming, *recent]):
            url = optional_url("governors.agendas.public", meeting_id=meeting_id)
            if url:
                agenda_urls[meeting_id] = url
    return render_template(
        "governors/meetings/public_list.html",
        upcoming=upcoming,
        recent=recent,
        agenda_urls=agenda_urls,
        approved_minutes=approved_minutes([*upcoming, *recent]),
    )


@bp.route("/archive")
def archive() -> str:
    """Past meetings by body and year, with their agendas and minutes: for anyone, those
    held in public; for members, every meeting they may see."""
    signed_in = can(current_user, Permission.MEETINGS_VIEW)
    visible = (
        visible_meetings(current_user)
        if signed_in
        else visible_meetings(None, Permission.PUBLIC_VIEW)
    )
    today = local_today()
    years = services.archive_years(visible, today)
    year = id_arg("year") or (years[0] if years else today.year)
    if years and year not in years:
        abort(404)
    body_id = id_arg("body")
    bodies = services.archive_bodies(visible, today)
    body = next((b for b in bodies if b.id == body_id), None)
    if body_id is not None and body is None:
        abort(404)
    meetings = services.archive_meetings(visible, year, today, body) if years else []
    # Whose private part (and so full minutes) the reader may see: one query for the page.
    private = (
        set(
            db.session.scalars(
                sa.select(Meeting.id).where(
                    Meeting.id.in_([meeting.id for meeting in meetings]),
                    visible_meetings(current_user, Permission.PRIVATE_VIEW),
                )
            )
        )
        if signed_in and meetings
        else set()
    )
    return render_template(
        "governors/meetings/archive.html",
        years=years,
        year=year,
        bodies=bodies,
        body=body,
        meetings=meetings,
        members=signed_in,
        published=services.published_agenda_ids(meetings),
        minutes=minutes_statuses(meetings),
        private=private,
    )


# Calendars --------------------------------------------------------------------------------


def _calendar_response(
    body: bytes, filename: str, meetings: Any, *, download: bool, members: bool
) -> Response:
    """The calendar, or a 304 with no body when the app already has these very bytes.

    Calendar apps fetch feeds every hour: the ETag (a hash of the bytes) and Last-Modified
    let them ask "has it changed?" and get a short answer when it has not.
    """
    response = Response(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.last_modified = _last_change(meetings)
    # Kept, but checked again each time; members' calendars are for their own device only.
    response.headers["Cache-Control"] = "private, no-cache" if members else "no-cache"
    return response.make_conditional(request)


def _last_change(meetings: Any) -> datetime:
    """When a calendar of ``meetings`` last changed: a meeting or the settings changed, or
    the day turned (a feed's window of meetings moves each day)."""
    settings_changed = current_settings().updated_at
    today_began = local_to_utc(local_today(), time(0))
    changes = [today_began, *(meeting.updated_at for meeting in meetings)]
    if settings_changed is not None:
        changes.append(settings_changed)
    return min(max(changes), utcnow())


def _events(meetings: Any, audience: ical.Audience) -> list[Any]:
    rule = current_settings().rule
    events = []
    for meeting in meetings:
        # The public calendar only carries meetings held in public: each has its own page.
        url = absolute_url(
            "governors.meetings.detail" if audience.members else "governors.public.meeting",
            meeting_id=meeting.id,
        )
        events.append(
            ical.meeting_event(
                meeting,
                url=url,
                deadline=agenda_deadline(meeting.day, rule)
                if meeting.meaning.takes_requests
                else None,
                audience=audience,
            )
        )
    return events


def _calendar_name(suffix: str = "") -> str:
    return f"{current_settings().council_name} meetings{suffix}"


@bp.route("/<governors_id:meeting_id>/calendar.ics")
def download(meeting_id: int) -> Response:
    """One meeting for a calendar app. The public get public details of public meetings."""
    meeting = load_or_404(Meeting, meeting_id)
    members = can(current_user, Permission.MEETINGS_VIEW, meeting)
    if not members:
        authorise(Permission.PUBLIC_VIEW, meeting)
    audience = ical.MEMBERS if members else ical.PUBLIC
    body = ical.calendar_bytes(_events([meeting], audience), name=_calendar_name(), feed=False)
    return _calendar_response(
        body, f"meeting-{meeting.day:%Y-%m-%d}.ics", [meeting], download=True, members=members
    )


@bp.route("/public/calendar.ics")
def public_feed() -> Response:
    """Meetings held in public, for anyone to subscribe to."""
    meetings = services.feed_meetings(
        local_today() - HISTORY, visible=visible_meetings(None, Permission.PUBLIC_VIEW)
    )
    body = ical.calendar_bytes(_events(meetings, ical.PUBLIC), name=_calendar_name(), feed=True)
    return _calendar_response(body, "public-meetings.ics", meetings, download=False, members=False)


@bp.route("/feed/<governors_token:token>.ics")
def personal_feed(token: str) -> Response:
    """A member's own feed at a secret address; revoked or unknown addresses are not found."""
    user = services.user_for_feed(token)
    if user is None or not can(user, Permission.MEETINGS_VIEW):
        abort(404)
    meetings = services.feed_meetings(local_today() - HISTORY, visible=own_meetings(user))
    body = ical.calendar_bytes(_events(meetings, ical.MEMBERS), name=_calendar_name(), feed=True)
    return _calendar_response(body, "meetings.ics", meetings, download=False, members=True)


def calendar_for(body: Body) -> Response:
    """A body's meetings as a calendar feed: what the signed-in member may see, or the
    public details of a body that meets in public."""
    members = can(current_user, Permission.MEETINGS_VIEW)
    if members:
        visible = visible_meetings(current_user)
    elif body.open_to_public:
        visible = visible_meetings(None, Permission.PUBLIC_VIEW)
    else:
        abort(404)
    meetings = services.feed_meetings(local_today() - HISTORY, visible=visible, bodies=[body.id])
    audience = ical.MEMBERS if members else ical.PUBLIC
    events = _events(meetings, audience)
    calendar = ical.calendar_bytes(events, name=_calendar_name(f": {body.name}"), feed=True)
    return _calendar_response(
        calendar, f"body-{body.id}.ics", meetings, download=False, members=members
    )


@bp.route("/subscription")
@requires(Permission.MEETINGS_VIEW)
def subscription() -> str:
    token = current_user.calendar_token
    feed_url = absolute_url(".personal_feed", token=token) if token else None
    webcal_url = "webcal://" + feed_url.split("://", 1)[1] if feed_url else None
    return render_template(
        "governors/meetings/subscription.html", feed_url=feed_url, webcal_url=webcal_url
    )


@bp.route("/subscription/new", methods=["POST"])
@requires(Permission.MEETINGS_VIEW)
def subscription_new() -> Any:
    user = current_user._get_current_object()
    replacing = user.calendar_token is not None
    services.new_calendar_token(user, user)
    db.session.commit()
    flash(
        "New calendar address made. The old one no longer works."
        if replacing
        else "Calendar feed turned on",
        "success",
    )
    return redirect(url_for(".subscription"))


@bp.route("/subscription/revoke", methods=["POST"])
@requires(Permission.MEETINGS_VIEW)
def subscription_revoke() -> Any:
    user = current_user._get_current_object()
    services.revoke_calendar_token(user, user)
    db.session.commit()
    flash("Calendar feed turned off. The old address no longer works.", "success")
    return redirect(url_for(".subscription"))
