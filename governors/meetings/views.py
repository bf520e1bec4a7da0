from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.route("/")
def calendar():
    return "meetings"


@bp.route("/public")
def public_list():
    return "public"
