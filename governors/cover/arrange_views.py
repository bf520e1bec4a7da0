"""Pages for arranging cover: the secretary's list of needs, one need with who to ask, and
the page a substitute reaches from the email's link (no sign-in: the link's secret is
enough to answer, and shows nothing beyond the meeting and the names)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from governors.cover import arranging
from governors.cover.arrange_forms import AnswerForm, AskForm, VacantForm
from governors.cover.models import CoverNeed, CoverStatus
from governors.cover.rules import Ranking
from governors.errors import Refused
from governors.extensions import db
from governors.forms import refused_on_form
from governors.people.models import User
from governors.permissions import Permission, get_authorised, requires
from governors.templating import render_template
from governors.timeutil import utcnow

bp = Blueprint("cover", __name__, url_prefix="/cover")


def _actor() -> User:
    return current_user._get_current_object()


@bp.route("/")
@requires(Permission.COVER_ARRANGE)
def index() -> str:
    return render_template("governors/cover/index.html", needs=arranging.upcoming_needs())


def _ask_form(need: CoverNeed, ranking: Ranking) -> AskForm:
    form = AskForm()
    form.candidate.choices = [(str(p.user_id), p.name) for p in ranking.proposed]
    if request.method == "GET" and ranking.first is not None:
        form.candidate.data = str(ranking.first.user_id)
    return form


def _need_page(need: CoverNeed, ranking: Ranking, form: AskForm, vacant_form: VacantForm) -> str:
    now = utcnow()
    return render_template(
        "governors/cover/need.html",
        need=need,
        meeting=need.meeting,
        ranking=ranking,
        form=form,
        vacant_form=vacant_form,
        seat=arranging.seat_name(need),
        requirement=arranging.requirement_label(need),
        rule=arranging.notice_rule(need),
        deadline=arranging.notice_deadline(need),
        passed=arranging.notice_passed(need, now),
        can_ask=need.status in (CoverStatus.OPEN, CoverStatus.ASKED, CoverStatus.VACANT)
        and now < need.meeting.starts_at
        and not need.meeting.is_cancelled,
        reasons={p.user_id: p.reasons for p in ranking.proposed},
    )


@bp.route("/needs/<governors_id:need_id>", methods=["GET", "POST"])
def need(need_id: int) -> str | Response:
    need = get_authorised(CoverNeed, need_id, Permission.COVER_ARRANGE, loader=arranging.load_need)
    ranking = arranging.ranking_for(need)
    form = _ask_form(need, ranking)
    if form.validate_on_submit():
        candidate = form.candidate.data or ""
        hours = form.answer_hours.data or ""
        try:
            offer = arranging.ask(
                _actor(),
                need,
                int(candidate) if candidate.isdigit() else -1,
                answer_hours=int(hours) if hours.isdigit() else -1,
                late_agreed=bool(form.late_agreed.data),
            )
        except Refused as refused:
            db.session.rollback()
            need = arranging.load_need(need_id)
            refused_on_form(form, refused)
        else:
            db.session.commit()
            flash(f"{offer.candidate.name} has been asked by email.", "success")
            return redirect(url_for(".need", need_id=need.id))
    return _need_page(need, arranging.ranking_for(need), form, VacantForm(formdata=None))


@bp.route("/needs/<governors_id:need_id>/vacant", methods=["POST"])
def vacant(need_id: int) -> str | Response:
    need = get_authorised(CoverNeed, need_id, Permission.COVER_ARRANGE, loader=arranging.load_need)
    vacant_form = VacantForm()
    if vacant_form.validate_on_submit():
        try:
            arranging.mark_vacant(_actor(), need)
        except Refused as refused:
            db.session.rollback()
            need = arranging.load_need(need_id)
            refused_on_form(vacant_form, refused)
        else:
            db.session.commit()
            flash("The seat is marked vacant for this meeting. The chair has been told.", "success")
            return redirect(url_for(".need", need_id=need.id))
    ranking = arranging.ranking_for(need)
    form = _ask_form(need, ranking)
    return _need_page(need, ranking, form, vacant_form)


# The substitute's answer, from the email ------------------------------------------------------


@bp.route("/answer/<token>", methods=["GET", "POST"])
def answer(token: str) -> str | Response:
    offer = arranging.load_offer(token)
    if offer is None:
        abort(404)
    form = AnswerForm()
    chosen = request.args.get("answer")
    if request.method == "GET" and chosen in ("accept", "decline"):
        form.answer.data = chosen
    done = None
    if form.validate_on_submit():
        try:
            arranging.answer(offer, accept=form.answer.data == "accept")
        except Refused as refused:
            db.session.rollback()
            offer = arranging.load_offer(token)
            refused_on_form(form, refused)
        else:
            db.session.commit()
            done = form.answer.data
    return render_template(
        "governors/cover/answer.html",
        offer=offer,
        need=offer.need,
        meeting=offer.need.meeting,
        form=form,
        open=arranging.is_open(offer),
        chosen=form.answer.data if form.answer.data in ("accept", "decline") else None,
        done=done,
    )
